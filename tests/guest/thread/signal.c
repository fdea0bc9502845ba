/* Signals and threads: pthread_kill and tgkill reach one thread, a process-directed signal
 * goes to a thread that does not block it, masks are per thread and inherited by new
 * threads, and sigwait/sigtimedwait work in a thread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static volatile pid_t handled_by;
static volatile int handled;
static void on_usr1(int sig)
{
	handled_by = gettid();
	handled = sig;
}

static volatile int stop;
static volatile pid_t worker_tid;
static void *wait_for_signal(void *arg)
{
	worker_tid = gettid();
	while (!stop)
		usleep(1000);
	return 0;
}

static void block(int sig, int how)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	CHECK(pthread_sigmask(how, &s, 0) == 0);
}

static void start_worker(pthread_t *t)
{
	worker_tid = 0;
	stop = 0;
	CHECK(pthread_create(t, 0, wait_for_signal, 0) == 0);
	while (!worker_tid)
		usleep(1000);
}

static void await_handled(void)
{
	for (int i = 0; i < 5000 && !handled; i++)
		usleep(1000);
	CHECK(handled == SIGUSR1);
}

static void test_pthread_kill_reaches_the_thread(void)
{
	pthread_t t;
	signal(SIGUSR1, on_usr1);
	start_worker(&t);
	handled = 0;
	CHECK(pthread_kill(t, SIGUSR1) == 0);
	await_handled();
	CHECK(handled_by == worker_tid);
	handled = 0;
	CHECK(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1) == 0);
	await_handled();
	CHECK(handled_by == worker_tid);
	CHECK(pthread_kill(t, 0) == 0);
	stop = 1;
	CHECK(pthread_join(t, 0) == 0);
	errno = 0;
	CHECK(syscall(SYS_tgkill, getpid(), 999999, SIGUSR1) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_tgkill, getpid(), gettid(), 12345) == -1 && errno == EINVAL);
}

static void test_process_signal_goes_to_an_unblocking_thread(void)
{
	pthread_t t;
	signal(SIGUSR1, on_usr1);
	start_worker(&t); /* before the block: the worker's mask lets SIGUSR1 in */
	block(SIGUSR1, SIG_BLOCK);
	handled = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	await_handled();
	CHECK(handled_by == worker_tid);
	stop = 1;
	CHECK(pthread_join(t, 0) == 0);
	block(SIGUSR1, SIG_UNBLOCK);
}

static sigset_t inherited;
static void *read_mask(void *arg)
{
	CHECK(pthread_sigmask(SIG_BLOCK, 0, &inherited) == 0);
	return 0;
}

static void test_masks_are_per_thread_and_inherited(void)
{
	pthread_t t;
	sigset_t now;
	block(SIGUSR2, SIG_BLOCK);
	CHECK(pthread_create(&t, 0, read_mask, 0) == 0);
	CHECK(pthread_join(t, 0) == 0);
	CHECK(sigismember(&inherited, SIGUSR2) == 1);
	CHECK(sigismember(&inherited, SIGUSR1) == 0);
	block(SIGUSR2, SIG_UNBLOCK);
	CHECK(pthread_sigmask(SIG_BLOCK, 0, &now) == 0);
	CHECK(sigismember(&now, SIGUSR2) == 0);
}

static void *sigwaiter(void *arg)
{
	sigset_t s;
	int sig = 0;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	worker_tid = gettid();
	CHECK(sigwait(&s, &sig) == 0);
	CHECK(sig == SIGUSR2);
	struct timespec ts = {0, 30 * 1000000};
	errno = 0;
	CHECK(sigtimedwait(&s, 0, &ts) == -1 && errno == EAGAIN);
	siginfo_t si;
	CHECK(sigwaitinfo(&s, &si) == SIGUSR2);
	CHECK(si.si_signo == SIGUSR2 && si.si_pid == getpid());
	return (void *)1;
}

static void test_sigwait_in_a_thread(void)
{
	pthread_t t;
	void *ret;
	block(SIGUSR2, SIG_BLOCK); /* in every thread, as sigwait requires */
	worker_tid = 0;
	CHECK(pthread_create(&t, 0, sigwaiter, 0) == 0);
	while (!worker_tid)
		usleep(1000);
	usleep(20000);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	usleep(300000); /* past the sigtimedwait */
	CHECK(pthread_kill(t, SIGUSR2) == 0);
	CHECK(pthread_join(t, &ret) == 0 && ret == (void *)1);
	block(SIGUSR2, SIG_UNBLOCK);
}

int main(void)
{
	RUN(test_pthread_kill_reaches_the_thread);
	RUN(test_process_signal_goes_to_an_unblocking_thread);
	RUN(test_masks_are_per_thread_and_inherited);
	RUN(test_sigwait_in_a_thread);
	puts("signal: ok");
	return 0;
}
