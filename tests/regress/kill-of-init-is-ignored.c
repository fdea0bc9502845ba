/*
 * kill(1, sig) reached the kernel's init, which has no signal dispositions: the kernel
 * stored through a null pointer, and SIGSTOP or SIGKILL stopped or ended init itself.
 * Linux's init takes only signals it has handlers for; ours has none. Afterwards the
 * system must still create, reparent and reap processes.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	int sigs[] = { SIGSTOP, SIGTERM, SIGUSR1, SIGHUP, SIGKILL, SIGCONT };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		int r = kill(1, sigs[i]);
		CHECK(r == 0 || errno == EPERM);
	}
	CHECK(kill(1, 0) == 0 || errno == EPERM); /* init is still there */
	/* an orphan goes to init, and init still reaps */
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		pid_t g = fork();
		if (g < 0)
			_exit(2);
		if (g == 0) {
			for (int i = 0; i < 1000 && getppid() != 1; i++)
				usleep(1000);
			_exit(getppid() == 1 ? 0 : 3);
		}
		_exit(0);
	}
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	pid_t d = fork();
	CHECK(d >= 0);
	if (d == 0)
		_exit(7);
	CHECK(waitpid(d, &st, 0) == d && WIFEXITED(st) && WEXITSTATUS(st) == 7);
	return 0;
}
