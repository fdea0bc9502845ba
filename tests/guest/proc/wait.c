/* wait4/waitpid/waitid over forked children: exit and signal statuses, WNOHANG, ECHILD,
 * pid/-pgid/0 selection, WNOWAIT, SIGCHLD, SIG_IGN auto-reap, orphans, stop and continue. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static pid_t child_exiting(int code)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(code);
	return pid;
}

static void test_exit_status_and_echild(void)
{
	int st;
	pid_t a = child_exiting(7);
	CHECK(waitpid(a, &st, 0) == a);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	errno = 0;
	CHECK(waitpid(a, &st, 0) == -1 && errno == ECHILD);
	errno = 0;
	CHECK(wait(&st) == -1 && errno == ECHILD);
	errno = 0;
	CHECK(waitpid(-1, &st, 0x10000) == -1 && errno == EINVAL);
}

static void test_killed_child_reports_signal(void)
{
	int fd[2], st;
	CHECK(pipe(fd) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;
		close(fd[1]);
		read(fd[0], &c, 1); /* blocks until killed */
		_exit(0);
	}
	close(fd[0]);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	close(fd[1]);
}

static void test_wnohang_before_and_after_exit(void)
{
	int fd[2], st;
	CHECK(pipe(fd) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;
		close(fd[1]);
		read(fd[0], &c, 1);
		_exit(3);
	}
	close(fd[0]);
	CHECK(waitpid(pid, &st, WNOHANG) == 0);
	close(fd[1]); /* the child reads EOF and exits */
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

static void test_waitid_and_wnowait(void)
{
	siginfo_t si;
	pid_t pid = child_exiting(5);
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
	CHECK(si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_EXITED &&
	      si.si_status == 5);
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 5);
	errno = 0;
	CHECK(waitid(P_PID, pid, &si, WEXITED) == -1 && errno == ECHILD);
	errno = 0;
	CHECK(waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL);
}

static void test_wait_by_process_group(void)
{
	int st;
	pid_t a = fork();
	CHECK(a >= 0);
	if (a == 0) {
		setpgid(0, 0);
		usleep(20000);
		_exit(11);
	}
	setpgid(a, a); /* both sides, as shells do */
	pid_t b = child_exiting(12);
	CHECK(waitpid(-a, &st, 0) == a && WEXITSTATUS(st) == 11);
	CHECK(waitpid(0, &st, 0) == b && WEXITSTATUS(st) == 12);
}

static volatile sig_atomic_t chld_pid, chld_code, chld_count;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_pid = si->si_pid;
	chld_code = si->si_code;
	chld_count++;
}

static void test_sigchld_carries_the_child(void)
{
	struct sigaction sa;
	sigset_t block, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	chld_count = 0;
	pid_t pid = child_exiting(0);
	while (!chld_count)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(chld_pid == pid && chld_code == CLD_EXITED);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	signal(SIGCHLD, SIG_DFL);
}

static void test_ignored_sigchld_reaps_children(void)
{
	int st;
	signal(SIGCHLD, SIG_IGN);
	child_exiting(1);
	child_exiting(2);
	/* wait blocks until every child is gone, then fails: nothing to collect */
	errno = 0;
	CHECK(wait(&st) == -1 && errno == ECHILD);
	signal(SIGCHLD, SIG_DFL);
}

static void test_orphan_goes_to_init(void)
{
	int fd[2], st;
	CHECK(pipe(fd) == 0);
	pid_t mid = fork();
	CHECK(mid >= 0);
	if (mid == 0) {
		pid_t gc = fork();
		if (gc < 0)
			_exit(2);
		if (gc == 0) {
			close(fd[0]);
			while (getppid() != 1)
				usleep(1000);
			pid_t pp = getppid();
			write(fd[1], &pp, sizeof pp);
			_exit(0);
		}
		_exit(0);
	}
	close(fd[1]);
	CHECK(waitpid(mid, &st, 0) == mid && WIFEXITED(st));
	pid_t pp = 0;
	CHECK(read(fd[0], &pp, sizeof pp) == sizeof pp && pp == 1);
	close(fd[0]);
}

static void test_stop_and_continue(void)
{
	int st;
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		for (;;)
			usleep(1000);
	}
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK(waitpid(pid, &st, WNOHANG | WUNTRACED) == 0); /* reported once */
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	CHECK(kill(pid, SIGTSTP) == 0);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0);
	CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGTSTP);
	/* a stopped process still dies of SIGKILL */
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static void test_raise_sigstop_stops_self(void)
{
	int st;
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(9); /* runs only once continued */
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 9);
}

int main(void)
{
	RUN(test_exit_status_and_echild);
	RUN(test_killed_child_reports_signal);
	RUN(test_wnohang_before_and_after_exit);
	RUN(test_waitid_and_wnowait);
	RUN(test_wait_by_process_group);
	RUN(test_sigchld_carries_the_child);
	RUN(test_ignored_sigchld_reaps_children);
	RUN(test_orphan_goes_to_init);
	RUN(test_stop_and_continue);
	RUN(test_raise_sigstop_stops_self);
	puts("wait: ok");
	return 0;
}
