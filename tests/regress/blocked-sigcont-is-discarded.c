// native-too
/*
 * A blocked SIGCONT whose action was the default (ignore) was discarded when sent, so
 * sigpending did not show it and sigwait never returned it. Linux keeps every blocked
 * signal pending, ignored or not: the action may change before it is unblocked.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	sigset_t s, pend;
	int sig = 0;
	sigemptyset(&s);
	sigaddset(&s, SIGCONT);
	sigaddset(&s, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	CHECK(kill(getpid(), SIGCONT) == 0);
	CHECK(sigpending(&pend) == 0);
	printf("SIGCONT pending: %d\n", sigismember(&pend, SIGCONT));
	CHECK(sigismember(&pend, SIGCONT));
	CHECK(sigwait(&s, &sig) == 0 && sig == SIGCONT);
	return 0;
}
