/* POSIX timers that notify a thread: SIGEV_THREAD runs its function in a thread with the
 * timer's value, periodically, and survives a pthread_exit from the function; a timer on a
 * thread's CPU clock counts only that thread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define MS 1000000L

static sem_t ran;
static volatile int seen_value, calls;
static volatile pthread_t main_thread, ran_in;

static void notify(union sigval v)
{
	seen_value = v.sival_int;
	ran_in = pthread_self();
	calls++;
	sem_post(&ran);
}

static void notify_and_exit(union sigval v)
{
	calls++;
	sem_post(&ran);
	pthread_exit(0);
}

static int wait_ran(void)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 5;
	return sem_timedwait(&ran, &dl);
}

static timer_t make(void (*fn)(union sigval), int value)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = fn;
	ev.sigev_value.sival_int = value;
	timer_t t;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	return t;
}

static void test_sigev_thread_runs_the_function_in_another_thread(void)
{
	timer_t t = make(notify, 1234);
	struct itimerspec its = { { 0, 0 }, { 0, 10 * MS } };
	calls = 0;
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	CHECK(wait_ran() == 0);
	CHECK(seen_value == 1234 && calls == 1);
	CHECK(!pthread_equal(ran_in, main_thread));
	CHECK(timer_delete(t) == 0);
}

static void test_sigev_thread_periodic(void)
{
	timer_t t = make(notify, 7);
	struct itimerspec its = { { 0, 5 * MS }, { 0, 5 * MS } };
	calls = 0;
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(wait_ran() == 0);
	CHECK(timer_delete(t) == 0);
	CHECK(calls >= 3);
}

static void test_sigev_thread_survives_pthread_exit_in_the_function(void)
{
	timer_t t = make(notify_and_exit, 0);
	struct itimerspec its = { { 0, 5 * MS }, { 0, 5 * MS } };
	calls = 0;
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	CHECK(wait_ran() == 0);
	CHECK(wait_ran() == 0); /* a second call: the helper thread went on */
	CHECK(timer_delete(t) == 0);
}

static volatile int spin;
static void *idle(void *arg)
{
	(void)arg;
	struct timespec nap = { 0, 200 * MS };
	nanosleep(&nap, NULL);
	return 0;
}

static void test_thread_cpu_clock_counts_one_thread(void)
{
	pthread_t th;
	clockid_t c;
	struct timespec a, b;
	CHECK(pthread_create(&th, NULL, idle, NULL) == 0);
	CHECK(pthread_getcpuclockid(th, &c) == 0);
	CHECK(clock_gettime(c, &a) == 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	} while ((t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec < 50 * MS);
	CHECK(clock_gettime(c, &b) == 0);
	/* the sleeping thread used well under the 50 ms this one did */
	CHECK((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec < 25 * MS);
	CHECK(pthread_join(th, NULL) == 0);
}

int main(void)
{
	main_thread = pthread_self();
	CHECK(sem_init(&ran, 0, 0) == 0);
	RUN(test_sigev_thread_runs_the_function_in_another_thread);
	RUN(test_sigev_thread_periodic);
	RUN(test_sigev_thread_survives_pthread_exit_in_the_function);
	RUN(test_thread_cpu_clock_counts_one_thread);
	puts("timer ok");
	return 0;
}
