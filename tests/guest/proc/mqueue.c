/* POSIX message queues: create and open, priorities, attributes, limits and errors,
 * non-blocking and timed calls, a receiver in another process, mq_notify, unlink, poll. */
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define Q "/wp-test-mq"

static mqd_t make(int maxmsg, int msgsize)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mq_unlink(Q);
	mqd_t q = mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	CHECK(q != (mqd_t)-1);
	return q;
}

static void test_priorities_then_arrival_order(void)
{
	mqd_t q = make(4, 64);
	struct mq_attr a;
	CHECK(mq_getattr(q, &a) == 0);
	CHECK(a.mq_maxmsg == 4 && a.mq_msgsize == 64 && a.mq_curmsgs == 0 && a.mq_flags == 0);
	CHECK(mq_send(q, "low", 3, 1) == 0);
	CHECK(mq_send(q, "high-a", 6, 5) == 0);
	CHECK(mq_send(q, "high-b", 6, 5) == 0);
	CHECK(mq_getattr(q, &a) == 0 && a.mq_curmsgs == 3);
	char buf[64];
	unsigned prio;
	CHECK(mq_receive(q, buf, sizeof buf, &prio) == 6 && prio == 5 && !memcmp(buf, "high-a", 6));
	CHECK(mq_receive(q, buf, sizeof buf, &prio) == 6 && prio == 5 && !memcmp(buf, "high-b", 6));
	CHECK(mq_receive(q, buf, sizeof buf, &prio) == 3 && prio == 1 && !memcmp(buf, "low", 3));
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
}

static void test_open_errors(void)
{
	mqd_t q = make(2, 16);
	errno = 0;
	CHECK(mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, NULL) == (mqd_t)-1 && errno == EEXIST);
	mqd_t again = mq_open(Q, O_RDONLY);
	CHECK(again != (mqd_t)-1);
	CHECK(mq_close(again) == 0);
	errno = 0;
	CHECK(mq_open("/wp-no-such-queue", O_RDONLY) == (mqd_t)-1 && errno == ENOENT);
	errno = 0;
	CHECK(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL) == (mqd_t)-1 && errno == EACCES);
	struct mq_attr bad = { .mq_maxmsg = 0, .mq_msgsize = 16 };
	errno = 0;
	CHECK(mq_open("/wp-bad", O_RDWR | O_CREAT, 0600, &bad) == (mqd_t)-1 && errno == EINVAL);
	/* a descriptor is close-on-exec */
	CHECK(fcntl(q, F_GETFD) == FD_CLOEXEC);
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
	errno = 0;
	CHECK(mq_unlink(Q) == -1 && errno == ENOENT);
}

static void test_sizes_access_and_bad_descriptors(void)
{
	mqd_t q = make(2, 16);
	char buf[32];
	errno = 0;
	CHECK(mq_send(q, buf, 17, 0) == -1 && errno == EMSGSIZE);
	errno = 0;
	CHECK(mq_receive(q, buf, 15, NULL) == -1 && errno == EMSGSIZE);
	errno = 0;
	CHECK(mq_send(q, buf, 1, 32768) == -1 && errno == EINVAL);
	mqd_t ro = mq_open(Q, O_RDONLY);
	CHECK(ro != (mqd_t)-1);
	errno = 0;
	CHECK(mq_send(ro, buf, 1, 0) == -1 && errno == EBADF);
	CHECK(mq_close(ro) == 0);
	errno = 0;
	CHECK(mq_send(STDOUT_FILENO, buf, 1, 0) == -1 && errno == EBADF);
	errno = 0;
	CHECK(mq_send((mqd_t)999, buf, 1, 0) == -1 && errno == EBADF);
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
}

static int64_t now_ns(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void test_nonblocking_and_timed(void)
{
	mqd_t q = make(1, 8);
	char buf[8];
	struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
	CHECK(mq_setattr(q, &nb, &old) == 0 && old.mq_flags == 0);
	errno = 0;
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == -1 && errno == EAGAIN);
	CHECK(mq_send(q, "x", 1, 0) == 0);
	errno = 0;
	CHECK(mq_send(q, "y", 1, 0) == -1 && errno == EAGAIN);
	struct mq_attr blocking = { .mq_flags = 0 };
	CHECK(mq_setattr(q, &blocking, &old) == 0 && old.mq_flags == O_NONBLOCK);
	/* full, blocking: a timed send gives up at its absolute time */
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	at.tv_nsec += 20000000;
	if (at.tv_nsec >= 1000000000) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000;
	}
	errno = 0;
	CHECK(mq_timedsend(q, "y", 1, 0, &at) == -1 && errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 15000000);
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1);
	/* empty: a time already past times out at once; a bad one is EINVAL */
	errno = 0;
	CHECK(mq_timedreceive(q, buf, sizeof buf, NULL, &(struct timespec){ 0, 0 }) == -1 &&
	      errno == ETIMEDOUT);
	errno = 0;
	CHECK(mq_timedreceive(q, buf, sizeof buf, NULL, &(struct timespec){ 0, 1000000000 }) ==
		      -1 &&
	      errno == EINVAL);
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
}

static void test_a_receiver_in_another_process_waits_for_the_sender(void)
{
	mqd_t q = make(2, 32);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		char buf[32];
		unsigned prio;
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
		_exit(n == 5 && prio == 9 && !memcmp(buf, "hello", 5) ? 0 : 1);
	}
	struct timespec nap = { 0, 20000000 };
	nanosleep(&nap, NULL);
	CHECK(mq_send(q, "hello", 5, 9) == 0);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
}

static volatile sig_atomic_t notified, notified_code, notified_value;
static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	notified++;
	notified_code = si->si_code;
	notified_value = si->si_value.sival_int;
}

static void test_notify_signals_once_on_arrival_to_an_empty_queue(void)
{
	mqd_t q = make(4, 8);
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	ev.sigev_value.sival_int = 31;
	CHECK(mq_notify(q, &ev) == 0);
	errno = 0;
	CHECK(mq_notify(q, &ev) == -1 && errno == EBUSY);
	notified = 0;
	CHECK(mq_send(q, "a", 1, 0) == 0);
	CHECK(notified == 1 && notified_code == SI_MESGQ && notified_value == 31);
	CHECK(mq_send(q, "b", 1, 0) == 0); /* the registration is gone */
	CHECK(notified == 1);
	char buf[8];
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && mq_receive(q, buf, sizeof buf, NULL) == 1);
	/* registered again, then removed: nothing */
	CHECK(mq_notify(q, &ev) == 0);
	CHECK(mq_notify(q, NULL) == 0);
	CHECK(mq_send(q, "c", 1, 0) == 0);
	CHECK(notified == 1);
	CHECK(signal(SIGUSR1, SIG_DFL) != SIG_ERR);
	CHECK(mq_close(q) == 0);
	CHECK(mq_unlink(Q) == 0);
}

static void test_unlinked_queue_lives_while_open_and_polls(void)
{
	mqd_t q = make(2, 8);
	CHECK(mq_unlink(Q) == 0);
	errno = 0;
	CHECK(mq_open(Q, O_RDONLY) == (mqd_t)-1 && errno == ENOENT);
	struct pollfd pfd = { .fd = q, .events = POLLIN | POLLOUT };
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT);
	CHECK(mq_send(q, "z", 1, 0) == 0);
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == (POLLIN | POLLOUT));
	char buf[8];
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && buf[0] == 'z');
	CHECK(mq_close(q) == 0);
}

int main(void)
{
	RUN(test_priorities_then_arrival_order);
	RUN(test_open_errors);
	RUN(test_sizes_access_and_bad_descriptors);
	RUN(test_nonblocking_and_timed);
	RUN(test_a_receiver_in_another_process_waits_for_the_sender);
	RUN(test_notify_signals_once_on_arrival_to_an_empty_queue);
	RUN(test_unlinked_queue_lives_while_open_and_polls);
	puts("mqueue ok");
	return 0;
}
