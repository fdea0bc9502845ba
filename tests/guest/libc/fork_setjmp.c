/*
 * fork from under an active setjmp, as dash does: the child longjmps back to it and exits
 * with a status the parent checks; the parent's own setjmp still works after the fork.
 */
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "check.h"

static jmp_buf top;

static pid_t fork_deep(int n)
{
	char frame[32];
	memset(frame, n, sizeof frame);
	if (n == 0) {
		pid_t pid = fork();
		if (pid == 0)
			longjmp(top, 42); /* child: back to main's setjmp */
		return pid;
	}
	pid_t pid = fork_deep(n - 1);
	CHECK(frame[0] == (char)n); /* the parent's frames survived the unwind and rewind */
	return pid;
}

int main(void)
{
	volatile int stage = 0;
	int r = setjmp(top);
	if (r == 42) {
		/* the child, landed after the fork: its copy of stage says what happened before */
		_exit(stage == 1 ? 7 : 99);
	}
	stage = 1;
	pid_t pid = fork_deep(50);
	CHECK(pid > 0);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	r = setjmp(top);
	if (r == 0)
		longjmp(top, 5);
	CHECK(r == 5);
	return check_done("fork_setjmp");
}
