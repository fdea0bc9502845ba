/* fork from a signal handler is not supported (Asyncify cannot unwind through the host's
 * call of the handler, docs/abi.md): it must fail with ENOSYS and leave the program whole,
 * fork outside handlers still working. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile int forked = 1, err;

static void on_usr1(int sig)
{
	(void)sig;
	forked = fork();
	err = errno;
	if (forked == 0)
		_exit(0);
}

int main(void)
{
	CHECK(signal(SIGUSR1, on_usr1) != SIG_ERR);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(forked == -1 && err == ENOSYS);
	pid_t p = fork();
	if (p == 0)
		_exit(5);
	int st;
	CHECK(p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 5);
	return 0;
}
