/* epoll: level- and edge-triggered readiness of pipes and eventfds, EPOLLONESHOT re-armed by
 * MOD, timeouts, errors (EEXIST, ENOENT, EPERM, EINVAL, ELOOP), nested epolls, a descriptor
 * closed while registered, a waiter woken from another process, signalfd and timerfd. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static void add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
}

static int wait1(int ep, struct epoll_event *ev, int timeout)
{
	return epoll_wait(ep, ev, 1, timeout);
}

static void test_level_triggered_pipe(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2];
	CHECK(ep >= 0 && pipe(p) == 0);
	add(ep, p[0], EPOLLIN, 7);
	struct epoll_event ev;
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(wait1(ep, &ev, 1000) == 1 && ev.events == EPOLLIN && ev.data.u64 == 7);
	CHECK(wait1(ep, &ev, 0) == 1); /* still readable: reported again */
	char b[2];
	CHECK(read(p[0], b, 2) == 2);
	CHECK(wait1(ep, &ev, 0) == 0);
	/* the writer goes: EPOLLHUP though not asked for */
	CHECK(close(p[1]) == 0);
	CHECK(wait1(ep, &ev, 0) == 1 && (ev.events & EPOLLHUP));
	CHECK(close(p[0]) == 0 && close(ep) == 0);
}

static void test_edge_triggered_and_oneshot(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, EFD_NONBLOCK);
	CHECK(ep >= 0 && efd >= 0);
	add(ep, efd, EPOLLIN | EPOLLET, 1);
	struct epoll_event ev;
	uint64_t one = 1;
	CHECK(write(efd, &one, 8) == 8);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.data.u64 == 1);
	CHECK(wait1(ep, &ev, 0) == 0); /* no new edge */
	CHECK(write(efd, &one, 8) == 8);
	CHECK(wait1(ep, &ev, 0) == 1); /* a new one */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	add(ep, efd, EPOLLIN | EPOLLONESHOT, 2);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.data.u64 == 2);
	CHECK(wait1(ep, &ev, 0) == 0); /* disabled until MOD */
	struct epoll_event mod = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = 3 };
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &mod) == 0);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.data.u64 == 3);
	CHECK(close(efd) == 0 && close(ep) == 0);
}

static void test_several_ready_and_maxevents(void)
{
	int ep = epoll_create1(0), e[3];
	CHECK(ep >= 0);
	for (int i = 0; i < 3; i++) {
		e[i] = eventfd(1, 0);
		CHECK(e[i] >= 0);
		add(ep, e[i], EPOLLIN | EPOLLOUT, (uint64_t)i);
	}
	struct epoll_event ev[4];
	CHECK(epoll_wait(ep, ev, 2, 0) == 2);
	CHECK(epoll_wait(ep, ev, 4, 0) == 3);
	unsigned seen = 0;
	for (int i = 0; i < 3; i++) {
		CHECK(ev[i].events == (EPOLLIN | EPOLLOUT));
		seen |= 1u << ev[i].data.u64;
	}
	CHECK(seen == 7);
	for (int i = 0; i < 3; i++)
		CHECK(close(e[i]) == 0);
	CHECK(epoll_wait(ep, ev, 4, 0) == 0); /* closed: gone from the set */
	CHECK(close(ep) == 0);
}

static void test_errors(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0);
	CHECK(ep >= 0 && efd >= 0);
	struct epoll_event ev = { .events = EPOLLIN };
	add(ep, efd, EPOLLIN, 0);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == -1 && errno == EEXIST);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, 0x7fff, &ev) == -1 && errno == EBADF);
	int other = eventfd(0, 0);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, other, NULL) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(epoll_ctl(efd, EPOLL_CTL_ADD, other, &ev) == -1 && errno == EINVAL);
	int file = open("/tmp/wp-epoll-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(file >= 0);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev) == -1 && errno == EPERM);
	CHECK(close(file) == 0 && unlink("/tmp/wp-epoll-file") == 0);
	errno = 0;
	CHECK(epoll_ctl(ep, 99, efd, &ev) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(epoll_wait(ep, &ev, 0, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(epoll_create1(0x1234) == -1 && errno == EINVAL);
	/* a cycle of epolls */
	int ep2 = epoll_create1(0);
	CHECK(ep2 >= 0);
	add(ep2, ep, EPOLLIN, 0);
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev) == -1 && errno == ELOOP);
	CHECK(close(ep2) == 0 && close(other) == 0 && close(efd) == 0 && close(ep) == 0);
}

static void test_nested_epoll_and_dup(void)
{
	int inner = epoll_create1(0), outer = epoll_create1(0), efd = eventfd(0, 0);
	CHECK(inner >= 0 && outer >= 0 && efd >= 0);
	add(inner, efd, EPOLLIN, 1);
	add(outer, inner, EPOLLIN, 2);
	struct epoll_event ev;
	CHECK(wait1(outer, &ev, 0) == 0);
	uint64_t one = 1;
	CHECK(write(efd, &one, 8) == 8);
	CHECK(wait1(outer, &ev, 1000) == 1 && ev.data.u64 == 2 && ev.events == EPOLLIN);
	CHECK(wait1(inner, &ev, 0) == 1 && ev.data.u64 == 1);
	/* closing one fd of a dup'd description keeps the registration */
	int d = dup(efd);
	CHECK(d >= 0 && close(efd) == 0);
	CHECK(wait1(inner, &ev, 0) == 1);
	CHECK(close(d) == 0);
	CHECK(wait1(inner, &ev, 0) == 0);
	CHECK(close(outer) == 0 && close(inner) == 0);
}

static void test_a_waiter_woken_by_another_process(void)
{
	int ep = epoll_create1(0), p[2];
	CHECK(ep >= 0 && pipe(p) == 0);
	add(ep, p[0], EPOLLIN, 5);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		struct timespec nap = { 0, 20000000 };
		nanosleep(&nap, NULL);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	struct epoll_event ev;
	CHECK(wait1(ep, &ev, 5000) == 1 && ev.data.u64 == 5);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* a timeout with nothing ready */
	char b;
	CHECK(read(p[0], &b, 1) == 1);
	struct timespec a, z;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(wait1(ep, &ev, 30) == 0);
	clock_gettime(CLOCK_MONOTONIC, &z);
	CHECK((z.tv_sec - a.tv_sec) * 1000 + (z.tv_nsec - a.tv_nsec) / 1000000 >= 25);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(ep) == 0);
}

static void test_signalfd_and_timerfd_in_epoll(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &m, NULL) == 0);
	int ep = epoll_create1(0), sfd = signalfd(-1, &m, 0), tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	CHECK(ep >= 0 && sfd >= 0 && tfd >= 0);
	add(ep, sfd, EPOLLIN, 10);
	add(ep, tfd, EPOLLIN, 20);
	struct itimerspec its = { { 0, 0 }, { 0, 10000000 } };
	CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0);
	struct epoll_event ev;
	CHECK(wait1(ep, &ev, 5000) == 1 && ev.data.u64 == 20);
	uint64_t n;
	CHECK(read(tfd, &n, 8) == 8 && n == 1);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(wait1(ep, &ev, 5000) == 1 && ev.data.u64 == 10);
	struct signalfd_siginfo si;
	CHECK(read(sfd, &si, sizeof si) == sizeof si && si.ssi_signo == SIGUSR2);
	CHECK(close(sfd) == 0 && close(tfd) == 0 && close(ep) == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &m, NULL) == 0);
}

int main(void)
{
	RUN(test_level_triggered_pipe);
	RUN(test_edge_triggered_and_oneshot);
	RUN(test_several_ready_and_maxevents);
	RUN(test_errors);
	RUN(test_nested_epoll_and_dup);
	RUN(test_a_waiter_woken_by_another_process);
	RUN(test_signalfd_and_timerfd_in_epoll);
	puts("epoll ok");
	return 0;
}
