#define _GNU_SOURCE
/* poll, ppoll, select and pselect over pipes: readiness, timeouts, POLLHUP/POLLERR/POLLNVAL,
 * wake-up by a writer in another process, EINTR by a signal, ppoll's temporary mask. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_poll_readiness(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	struct pollfd p[3] = { { fd[0], POLLIN, 0 }, { fd[1], POLLOUT, 0 }, { 999, POLLIN, 0 } };
	CHECK(poll(p, 3, 0) == 2);
	CHECK(p[0].revents == 0 && p[1].revents == POLLOUT && p[2].revents == POLLNVAL);
	CHECK(write(fd[1], "x", 1) == 1);
	CHECK(poll(p, 2, 0) == 2 && p[0].revents == POLLIN);
	close(fd[1]);
	CHECK(poll(p, 1, 0) == 1 && (p[0].revents & POLLIN) && (p[0].revents & POLLHUP));
	char c;
	CHECK(read(fd[0], &c, 1) == 1);
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == POLLHUP);
	close(fd[0]);
	CHECK(pipe(fd) == 0);
	close(fd[0]);
	struct pollfd w = { fd[1], POLLOUT, 0 };
	CHECK(poll(&w, 1, 0) == 1 && (w.revents & POLLERR));
	close(fd[1]);
	/* negative fds are skipped */
	struct pollfd neg = { -1, POLLIN, 7 };
	CHECK(poll(&neg, 1, 0) == 0 && neg.revents == 0);
}

static void test_poll_timeout(void)
{
	int fd[2];
	struct timespec t0;
	CHECK(pipe(fd) == 0);
	struct pollfd p = { fd[0], POLLIN, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(poll(&p, 1, 50) == 0);
	CHECK(ms_since(&t0) >= 45);
	CHECK(poll(NULL, 0, 10) == 0);
	close(fd[0]);
	close(fd[1]);
}

static void test_poll_woken_by_another_process(void)
{
	int a[2], b[2];
	CHECK(pipe(a) == 0 && pipe(b) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		usleep(30000);
		write(b[1], "y", 1);
		_exit(0);
	}
	struct pollfd p[2] = { { a[0], POLLIN, 0 }, { b[0], POLLIN, 0 } };
	CHECK(poll(p, 2, 5000) == 1);
	CHECK(p[0].revents == 0 && p[1].revents == POLLIN);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

static void test_select(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd[0], &r);
	FD_SET(fd[1], &w);
	struct timeval tv = { 0, 0 };
	CHECK(select(fd[1] + 1, &r, &w, NULL, &tv) == 1);
	CHECK(!FD_ISSET(fd[0], &r) && FD_ISSET(fd[1], &w));
	write(fd[1], "z", 1);
	FD_SET(fd[0], &r);
	tv.tv_usec = 1000;
	CHECK(select(fd[0] + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(fd[0], &r));
	/* a timeout with nothing ready */
	char c;
	read(fd[0], &c, 1);
	FD_SET(fd[0], &r);
	tv.tv_sec = 0;
	tv.tv_usec = 20000;
	CHECK(select(fd[0] + 1, &r, NULL, NULL, &tv) == 0 && !FD_ISSET(fd[0], &r));
	/* a closed fd in a set */
	FD_ZERO(&r);
	FD_SET(50, &r);
	errno = 0;
	CHECK(select(51, &r, NULL, NULL, &tv) == -1 && errno == EBADF);
	close(fd[0]);
	close(fd[1]);
}

static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

static void test_signal_interrupts_poll(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sa.sa_flags = SA_RESTART; /* poll is never restarted */
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	struct pollfd p = { fd[0], POLLIN, 0 };
	errno = 0;
	CHECK(poll(&p, 1, 5000) == -1 && errno == EINTR && got == SIGALRM);
	close(fd[0]);
	close(fd[1]);
	signal(SIGALRM, SIG_DFL);
}

/* pselect/ppoll: a signal blocked outside the call is let in only during the wait. */
static void test_pselect_mask(void)
{
	sigset_t block, during;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGUSR1, on_sig);
	got = 0;
	raise(SIGUSR1);
	CHECK(got == 0);
	sigemptyset(&during);
	struct timespec ts = { 5, 0 };
	errno = 0;
	CHECK(pselect(0, NULL, NULL, NULL, &ts, &during) == -1 && errno == EINTR);
	CHECK(got == SIGUSR1);
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(sigismember(&cur, SIGUSR1));
	got = 0;
	raise(SIGUSR1);
	errno = 0;
	CHECK(ppoll(NULL, 0, &ts, &during) == -1 && errno == EINTR && got == SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGUSR1, SIG_DFL);
}

int main(void)
{
	RUN(test_poll_readiness);
	RUN(test_poll_timeout);
	RUN(test_select);
	RUN(test_signal_interrupts_poll);
	RUN(test_pselect_mask);
	RUN(test_poll_woken_by_another_process);
	puts("poll: ok");
	return 0;
}
