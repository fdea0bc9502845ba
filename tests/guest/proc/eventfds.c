/* Descriptors for events: eventfd (counter and semaphore modes, limits, blocking across
 * processes), timerfd (relative, absolute, periodic expirations counted, gettime, errors),
 * signalfd (signals read as records, SIGCHLD, mask changes), each seen by poll and select. */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define MS 1000000L

static int readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

static void test_eventfd_counter_and_semaphore(void)
{
	int fd = eventfd(3, EFD_NONBLOCK);
	CHECK(fd >= 0);
	uint64_t v;
	CHECK(readable(fd, 0));
	CHECK(read(fd, &v, 8) == 8 && v == 3);
	errno = 0;
	CHECK(read(fd, &v, 8) == -1 && errno == EAGAIN);
	CHECK(!readable(fd, 0));
	v = 5;
	CHECK(write(fd, &v, 8) == 8 && write(fd, &v, 8) == 8);
	CHECK(read(fd, &v, 8) == 8 && v == 10);
	errno = 0;
	CHECK(read(fd, &v, 4) == -1 && errno == EINVAL);
	v = UINT64_MAX;
	errno = 0;
	CHECK(write(fd, &v, 8) == -1 && errno == EINVAL);
	v = UINT64_MAX - 1;
	CHECK(write(fd, &v, 8) == 8);
	v = 1;
	errno = 0;
	CHECK(write(fd, &v, 8) == -1 && errno == EAGAIN); /* it would pass 2^64 - 2 */
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	CHECK(poll(&p, 1, 0) == 0);
	CHECK(close(fd) == 0);

	int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(sem >= 0);
	CHECK(read(sem, &v, 8) == 8 && v == 1);
	CHECK(read(sem, &v, 8) == 8 && v == 1);
	errno = 0;
	CHECK(read(sem, &v, 8) == -1 && errno == EAGAIN);
	CHECK(close(sem) == 0);
	errno = 0;
	CHECK(eventfd(0, 0x100) == -1 && errno == EINVAL);
}

static void test_eventfd_wakes_a_reader_in_another_process(void)
{
	int fd = eventfd(0, 0);
	CHECK(fd >= 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		uint64_t v;
		_exit(read(fd, &v, 8) == 8 && v == 42 ? 0 : 1);
	}
	struct timespec nap = { 0, 20 * MS };
	nanosleep(&nap, NULL);
	uint64_t v = 42;
	CHECK(write(fd, &v, 8) == 8);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(close(fd) == 0);
}

static void test_timerfd_counts_expirations(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	CHECK(fd >= 0);
	struct itimerspec its = { { 0, 5 * MS }, { 0, 10 * MS } }, cur;
	CHECK(timerfd_settime(fd, 0, &its, NULL) == 0);
	CHECK(timerfd_gettime(fd, &cur) == 0 && cur.it_interval.tv_nsec == 5 * MS);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 10 * MS);
	uint64_t n;
	CHECK(read(fd, &n, 8) == 8 && n >= 1); /* blocks until the first */
	struct timespec nap = { 0, 40 * MS };
	nanosleep(&nap, NULL);
	CHECK(readable(fd, 0));
	CHECK(read(fd, &n, 8) == 8 && n >= 5);
	/* disarmed: nothing more */
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	CHECK(timerfd_settime(fd, 0, &off, &cur) == 0 && cur.it_interval.tv_nsec == 5 * MS);
	CHECK(!readable(fd, 20));
	CHECK(close(fd) == 0);
}

static void test_timerfd_absolute_and_errors(void)
{
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	CHECK(fd >= 0);
	uint64_t n;
	errno = 0;
	CHECK(read(fd, &n, 8) == -1 && errno == EAGAIN);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct itimerspec its = { { 0, 0 }, now };
	its.it_value.tv_nsec += 10 * MS;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL) == 0);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(fd, &rs);
	struct timeval tv = { 5, 0 };
	CHECK(select(fd + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(fd, &rs));
	CHECK(read(fd, &n, 8) == 8 && n == 1);
	errno = 0;
	CHECK(read(fd, &n, 4) == -1 && errno == EINVAL);
	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
	errno = 0;
	CHECK(timerfd_settime(fd, 0, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_settime(fd, 0x10, &its, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_settime(STDIN_FILENO, 0, &its, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_create(12345, 0) == -1 && errno == EINVAL);
	CHECK(close(fd) == 0);
}

static void test_signalfd_reads_blocked_signals(void)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &mask, NULL) == 0);
	int fd = signalfd(-1, &mask, SFD_NONBLOCK);
	CHECK(fd >= 0);
	struct signalfd_siginfo si[2];
	errno = 0;
	CHECK(read(fd, si, sizeof si) == -1 && errno == EAGAIN);
	CHECK(!readable(fd, 0));
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(readable(fd, 0));
	CHECK(read(fd, si, sizeof si) == sizeof si[0]);
	CHECK(si[0].ssi_signo == SIGUSR1 && si[0].ssi_code == SI_USER &&
	      si[0].ssi_pid == (uint32_t)getpid());
	CHECK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 8 }) == 0);
	CHECK(read(fd, si, sizeof si) == sizeof si[0] && si[0].ssi_int == 8 &&
	      si[0].ssi_code == SI_QUEUE);
	/* SIGCHLD of a child, read after it exits */
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0)
		_exit(3);
	CHECK(readable(fd, 5000));
	CHECK(read(fd, si, sizeof si) == sizeof si[0]);
	CHECK(si[0].ssi_signo == SIGCHLD && si[0].ssi_code == CLD_EXITED &&
	      si[0].ssi_pid == (uint32_t)c && si[0].ssi_status == 3);
	CHECK(waitpid(c, NULL, 0) == c);
	/* a new mask for the same descriptor */
	sigset_t only_chld;
	sigemptyset(&only_chld);
	sigaddset(&only_chld, SIGCHLD);
	CHECK(signalfd(fd, &only_chld, 0) == fd);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(!readable(fd, 0));
	siginfo_t info;
	CHECK(sigwaitinfo(&mask, &info) == SIGUSR1);
	errno = 0;
	CHECK(read(fd, si, 64) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(signalfd(STDIN_FILENO, &mask, 0) == -1 && errno == EINVAL);
	CHECK(close(fd) == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &mask, NULL) == 0);
}

int main(void)
{
	RUN(test_eventfd_counter_and_semaphore);
	RUN(test_eventfd_wakes_a_reader_in_another_process);
	RUN(test_timerfd_counts_expirations);
	RUN(test_timerfd_absolute_and_errors);
	RUN(test_signalfd_reads_blocked_signals);
	puts("eventfds ok");
	return 0;
}
