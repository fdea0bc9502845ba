/* Deferred cancellation: at cancellation points, including threads parked in the kernel
 * (read on an empty pipe, nanosleep, a condition wait, sem_wait, a futex-backed join),
 * cleanup handlers in reverse order, disabled cancellation, and pthread_testcancel. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static int cleanup_log[8], cleanups;
static void note_cleanup(void *v) { cleanup_log[cleanups++] = (int)(intptr_t)v; }

static int pipefd[2];
static volatile int started;

static void *block_in_read(void *arg)
{
	char c;
	pthread_cleanup_push(note_cleanup, (void *)1);
	pthread_cleanup_push(note_cleanup, (void *)2);
	started = 1;
	read(pipefd[0], &c, 1);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return (void *)99;
}

static void *block_in_sleep(void *arg)
{
	pthread_cleanup_push(note_cleanup, (void *)3);
	started = 1;
	sleep(100);
	pthread_cleanup_pop(0);
	return (void *)99;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static void unlock_m(void *arg) { note_cleanup(arg); pthread_mutex_unlock(&m); }
static void *block_in_cond(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_cleanup_push(unlock_m, (void *)4);
	started = 1;
	for (;;)
		pthread_cond_wait(&c, &m);
	pthread_cleanup_pop(0);
	return (void *)99;
}

static sem_t never;
static void *block_in_sem(void *arg)
{
	pthread_cleanup_push(note_cleanup, (void *)5);
	started = 1;
	sem_wait(&never);
	pthread_cleanup_pop(0);
	return (void *)99;
}

static void cancel_parked(void *(*fn)(void *))
{
	pthread_t t;
	void *ret;
	started = 0;
	CHECK(pthread_create(&t, 0, fn, 0) == 0);
	while (!started)
		usleep(1000);
	usleep(20000); /* let it park in the kernel */
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	CHECK(ret == PTHREAD_CANCELED);
}

static void test_cancel_threads_parked_in_the_kernel(void)
{
	CHECK(pipe(pipefd) == 0);
	cleanups = 0;
	cancel_parked(block_in_read);
	CHECK(cleanups == 2 && cleanup_log[0] == 2 && cleanup_log[1] == 1);
	cleanups = 0;
	cancel_parked(block_in_sleep);
	CHECK(cleanups == 1 && cleanup_log[0] == 3);
	cleanups = 0;
	cancel_parked(block_in_cond);
	CHECK(cleanups == 1 && cleanup_log[0] == 4);
	CHECK(pthread_mutex_trylock(&m) == 0); /* the cleanup released it */
	CHECK(pthread_mutex_unlock(&m) == 0);
	cleanups = 0;
	CHECK(sem_init(&never, 0, 0) == 0);
	cancel_parked(block_in_sem);
	CHECK(cleanups == 1 && cleanup_log[0] == 5);
	close(pipefd[0]);
	close(pipefd[1]);
}

static volatile int may_go;
static void *disabled_then_enabled(void *arg)
{
	int old;
	CHECK(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old) == 0);
	CHECK(old == PTHREAD_CANCEL_ENABLE);
	started = 1;
	while (!may_go)
		usleep(1000); /* a cancellation point, but cancellation is off */
	CHECK(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old) == 0);
	CHECK(old == PTHREAD_CANCEL_DISABLE);
	pthread_testcancel();
	return (void *)99;
}

static void test_disabled_cancellation_waits(void)
{
	pthread_t t;
	void *ret;
	started = may_go = 0;
	CHECK(pthread_create(&t, 0, disabled_then_enabled, 0) == 0);
	while (!started)
		usleep(1000);
	CHECK(pthread_cancel(t) == 0);
	usleep(30000);
	may_go = 1;
	CHECK(pthread_join(t, &ret) == 0);
	CHECK(ret == PTHREAD_CANCELED);
}

static volatile int spin_stop;
static void *compute(void *arg)
{
	started = 1;
	while (!spin_stop)
		;
	pthread_testcancel();
	return (void *)99;
}

static void test_testcancel_in_a_computing_thread(void)
{
	pthread_t t;
	void *ret;
	started = 0;
	CHECK(pthread_create(&t, 0, compute, 0) == 0);
	while (!started)
		usleep(1000);
	CHECK(pthread_cancel(t) == 0);
	spin_stop = 1;
	CHECK(pthread_join(t, &ret) == 0);
	CHECK(ret == PTHREAD_CANCELED);
}

static void *finishes(void *arg) { return (void *)7; }

static void test_cancel_of_an_ended_thread(void)
{
	pthread_t t;
	void *ret;
	CHECK(pthread_create(&t, 0, finishes, 0) == 0);
	usleep(20000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &ret) == 0 && ret == (void *)7);
}

int main(void)
{
	RUN(test_cancel_threads_parked_in_the_kernel);
	RUN(test_disabled_cancellation_waits);
	RUN(test_testcancel_in_a_computing_thread);
	RUN(test_cancel_of_an_ended_thread);
	puts("cancel: ok");
	return 0;
}
