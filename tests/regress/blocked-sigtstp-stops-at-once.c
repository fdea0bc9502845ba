// native-too
/*
 * A blocked SIGTSTP with the default action stopped the process when it was sent; on Linux
 * it stays pending and stops the process only when it is unblocked (delivered).
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		sigset_t s, pend;
		sigemptyset(&s);
		sigaddset(&s, SIGTSTP);
		sigprocmask(SIG_BLOCK, &s, NULL);
		kill(getpid(), SIGTSTP);
		sigpending(&pend);
		if (!sigismember(&pend, SIGTSTP))
			_exit(3);
		sigprocmask(SIG_UNBLOCK, &s, NULL); /* stops here */
		_exit(0);
	}
	int st;
	CHECK(waitpid(c, &st, WUNTRACED) == c);
	printf("stopped: %d\n", WIFSTOPPED(st));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	CHECK(kill(c, SIGCONT) == 0);
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}
