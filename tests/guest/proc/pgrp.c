/* Process groups and sessions: setpgid/getpgid/setsid/getsid rules, kill of a whole group. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static void test_child_group_and_session(void)
{
	int fd[2], st;
	CHECK(pipe(fd) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		pid_t me = getpid();
		int ok = 1;
		/* a new session: leader of its own session and group */
		ok &= setsid() == me;
		ok &= getsid(0) == me && getpgid(0) == me && getpgrp() == me;
		/* a session leader cannot move groups, nor start another session */
		ok &= setpgid(0, 0) == -1 && errno == EPERM;
		ok &= setsid() == -1 && errno == EPERM;
		write(fd[1], &ok, sizeof ok);
		_exit(0);
	}
	close(fd[1]);
	int ok = 0;
	CHECK(read(fd[0], &ok, sizeof ok) == sizeof ok && ok == 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	close(fd[0]);
}

static void test_setpgid_rules(void)
{
	int st;
	errno = 0;
	CHECK(setpgid(0, -1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(setpgid(1, 0) == -1 && errno == ESRCH); /* not a child */
	errno = 0;
	CHECK(getpgid(30000) == -1 && errno == ESRCH);
	CHECK(getsid(0) == getsid(getpid()));
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* a group that does not exist in the session */
	errno = 0;
	CHECK(setpgid(pid, 29999) == -1 && errno == EPERM);
	CHECK(setpgid(pid, pid) == 0 && getpgid(pid) == pid);
	CHECK(getpgid(pid) != getpgrp());
	/* back into the parent's group, which exists in the session */
	CHECK(setpgid(pid, getpgrp()) == 0 && getpgid(pid) == getpgrp());
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st));
}

/* kill(-pgid) reaches every member and no one else. */
static void test_kill_group(void)
{
	pid_t kids[3];
	int st;
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		CHECK(kids[i] >= 0);
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
		CHECK(setpgid(kids[i], kids[0]) == 0);
	}
	CHECK(kill(-kids[0], SIGUSR1) == 0);
	for (int i = 0; i < 3; i++) {
		CHECK(waitpid(kids[i], &st, 0) == kids[i]);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1);
	}
	errno = 0;
	CHECK(kill(-kids[0], SIGUSR1) == -1 && errno == ESRCH);
}

int main(void)
{
	RUN(test_child_group_and_session);
	RUN(test_setpgid_rules);
	RUN(test_kill_group);
	puts("pgrp: ok");
	return 0;
}
