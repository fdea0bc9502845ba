/* Synchronisation between threads: mutexes of every kind (normal, recursive, errorcheck,
 * robust, priority-inheritance), trylock and timedlock, rwlocks, barriers, spinlocks,
 * condition variables with timeouts on both clocks, and unnamed semaphores. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define THREADS 4
#define ROUNDS 20000

static struct timespec in_ms(clockid_t clock, long ms)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static pthread_mutex_t counted;
static long counter;
static void *count_up(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		CHECK(pthread_mutex_lock(&counted) == 0);
		counter++;
		CHECK(pthread_mutex_unlock(&counted) == 0);
	}
	return 0;
}

static void contend(int type, int protocol)
{
	pthread_mutexattr_t a;
	pthread_t t[THREADS];
	CHECK(pthread_mutexattr_init(&a) == 0);
	CHECK(pthread_mutexattr_settype(&a, type) == 0);
	CHECK(pthread_mutexattr_setprotocol(&a, protocol) == 0);
	CHECK(pthread_mutex_init(&counted, &a) == 0);
	counter = 0;
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], 0, count_up, 0) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(counter == (long)THREADS * ROUNDS);
	CHECK(pthread_mutex_destroy(&counted) == 0);
	pthread_mutexattr_destroy(&a);
}

static void test_contended_mutexes(void)
{
	contend(PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_NONE);
	contend(PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_NONE);
	contend(PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
	contend(PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_INHERIT);
}

static pthread_mutex_t held;
static void *try_held(void *arg)
{
	CHECK(pthread_mutex_trylock(&held) == EBUSY);
	struct timespec ts = in_ms(CLOCK_REALTIME, 30);
	CHECK(pthread_mutex_timedlock(&held, &ts) == ETIMEDOUT);
	CHECK(pthread_mutex_unlock(&held) == EPERM);
	return 0;
}

static void test_mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	CHECK(pthread_mutexattr_init(&a) == 0);

	CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) == 0);
	CHECK(pthread_mutex_init(&held, &a) == 0);
	CHECK(pthread_mutex_lock(&held) == 0);
	CHECK(pthread_mutex_lock(&held) == 0);
	CHECK(pthread_mutex_trylock(&held) == 0);
	CHECK(pthread_create(&t, 0, try_held, 0) == 0);
	CHECK(pthread_join(t, 0) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_mutex_unlock(&held) == 0);
	CHECK(pthread_mutex_unlock(&held) == EPERM);
	CHECK(pthread_mutex_destroy(&held) == 0);

	CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK) == 0);
	CHECK(pthread_mutex_init(&held, &a) == 0);
	CHECK(pthread_mutex_unlock(&held) == EPERM);
	CHECK(pthread_mutex_lock(&held) == 0);
	CHECK(pthread_mutex_lock(&held) == EDEADLK);
	CHECK(pthread_create(&t, 0, try_held, 0) == 0);
	CHECK(pthread_join(t, 0) == 0);
	CHECK(pthread_mutex_unlock(&held) == 0);
	CHECK(pthread_mutex_destroy(&held) == 0);

	CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK) == 0);
	CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) == 0);
	CHECK(pthread_mutex_init(&held, &a) == 0);
	CHECK(pthread_mutex_lock(&held) == 0);
	CHECK(pthread_mutex_lock(&held) == EDEADLK);
	CHECK(pthread_create(&t, 0, try_held, 0) == 0);
	CHECK(pthread_join(t, 0) == 0);
	CHECK(pthread_mutex_unlock(&held) == 0);
	CHECK(pthread_mutex_destroy(&held) == 0);
	pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t robust;
static void *lock_and_die(void *arg)
{
	CHECK(pthread_mutex_lock(&robust) == 0);
	return 0;
}

static void test_robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	for (int pi = 0; pi < 2; pi++) {
		CHECK(pthread_mutexattr_init(&a) == 0);
		CHECK(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0);
		if (pi)
			CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) == 0);
		CHECK(pthread_mutex_init(&robust, &a) == 0);
		CHECK(pthread_create(&t, 0, lock_and_die, 0) == 0);
		CHECK(pthread_join(t, 0) == 0);
		CHECK(pthread_mutex_lock(&robust) == EOWNERDEAD);
		CHECK(pthread_mutex_consistent(&robust) == 0);
		CHECK(pthread_mutex_unlock(&robust) == 0);
		CHECK(pthread_mutex_lock(&robust) == 0);
		CHECK(pthread_mutex_unlock(&robust) == 0);

		/* not made consistent: unusable afterwards */
		CHECK(pthread_create(&t, 0, lock_and_die, 0) == 0);
		CHECK(pthread_join(t, 0) == 0);
		CHECK(pthread_mutex_lock(&robust) == EOWNERDEAD);
		CHECK(pthread_mutex_unlock(&robust) == 0);
		CHECK(pthread_mutex_lock(&robust) == ENOTRECOVERABLE);
		pthread_mutex_destroy(&robust);
		pthread_mutexattr_destroy(&a);
	}
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_value;
static void *rw_reader(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		CHECK(pthread_rwlock_rdlock(&rw) == 0);
		long v = rw_value;
		CHECK(v % 2 == 0);
		CHECK(pthread_rwlock_unlock(&rw) == 0);
	}
	return 0;
}
static void *rw_writer(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		CHECK(pthread_rwlock_wrlock(&rw) == 0);
		rw_value++;
		rw_value++;
		CHECK(pthread_rwlock_unlock(&rw) == 0);
	}
	return 0;
}
static void *rw_try(void *arg)
{
	CHECK(pthread_rwlock_trywrlock(&rw) == EBUSY);
	struct timespec ts = in_ms(CLOCK_REALTIME, 20);
	CHECK(pthread_rwlock_timedwrlock(&rw, &ts) == ETIMEDOUT);
	CHECK(pthread_rwlock_tryrdlock(&rw) == 0);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	return 0;
}

static void test_rwlock(void)
{
	pthread_t t[4];
	CHECK(pthread_create(&t[0], 0, rw_writer, 0) == 0);
	CHECK(pthread_create(&t[1], 0, rw_writer, 0) == 0);
	CHECK(pthread_create(&t[2], 0, rw_reader, 0) == 0);
	CHECK(pthread_create(&t[3], 0, rw_reader, 0) == 0);
	for (int i = 0; i < 4; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(rw_value == 8000);
	CHECK(pthread_rwlock_rdlock(&rw) == 0);
	CHECK(pthread_create(&t[0], 0, rw_try, 0) == 0);
	CHECK(pthread_join(t[0], 0) == 0);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
}

static pthread_barrier_t barrier;
static int phase[THREADS];
static int serial_count;
static void *barrier_worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int round = 0; round < 100; round++) {
		phase[me] = round;
		int r = pthread_barrier_wait(&barrier);
		CHECK(r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial_count, 1, __ATOMIC_SEQ_CST);
		for (int i = 0; i < THREADS; i++)
			CHECK(phase[i] >= round);
		r = pthread_barrier_wait(&barrier);
		CHECK(r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD);
	}
	return 0;
}

static void test_barrier(void)
{
	pthread_t t[THREADS];
	CHECK(pthread_barrier_init(&barrier, 0, THREADS) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], 0, barrier_worker, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(serial_count == 100);
	CHECK(pthread_barrier_destroy(&barrier) == 0);
}

static pthread_spinlock_t spin;
static long spun;
static void *spin_worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		CHECK(pthread_spin_lock(&spin) == 0);
		spun++;
		CHECK(pthread_spin_unlock(&spin) == 0);
	}
	return 0;
}

static void test_spinlock(void)
{
	pthread_t t[2];
	CHECK(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], 0, spin_worker, 0) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(spun == 2L * ROUNDS);
	CHECK(pthread_spin_trylock(&spin) == 0);
	CHECK(pthread_spin_trylock(&spin) == EBUSY);
	CHECK(pthread_spin_unlock(&spin) == 0);
	CHECK(pthread_spin_destroy(&spin) == 0);
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int queue_len, consumed, producing_done;
static void *consumer(void *arg)
{
	pthread_mutex_lock(&cm);
	for (;;) {
		while (!queue_len && !producing_done)
			pthread_cond_wait(&cv, &cm);
		if (!queue_len)
			break;
		queue_len--;
		consumed++;
	}
	pthread_mutex_unlock(&cm);
	return 0;
}

static void test_condition_variables(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], 0, consumer, 0) == 0);
	for (int i = 0; i < 5000; i++) {
		pthread_mutex_lock(&cm);
		queue_len++;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&cm);
	}
	pthread_mutex_lock(&cm);
	producing_done = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&cm);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(consumed == 5000 && queue_len == 0);
}

static void test_cond_timeouts(void)
{
	pthread_condattr_t ca;
	pthread_cond_t c;
	struct timespec ts, after;
	for (int mono = 0; mono < 2; mono++) {
		clockid_t clock = mono ? CLOCK_MONOTONIC : CLOCK_REALTIME;
		CHECK(pthread_condattr_init(&ca) == 0);
		CHECK(pthread_condattr_setclock(&ca, clock) == 0);
		CHECK(pthread_cond_init(&c, &ca) == 0);
		pthread_mutex_lock(&cm);
		ts = in_ms(clock, 50);
		CHECK(pthread_cond_timedwait(&c, &cm, &ts) == ETIMEDOUT);
		clock_gettime(clock, &after);
		CHECK(after.tv_sec > ts.tv_sec ||
		      (after.tv_sec == ts.tv_sec && after.tv_nsec >= ts.tv_nsec));
		/* a deadline already past */
		ts.tv_sec -= 10;
		CHECK(pthread_cond_timedwait(&c, &cm, &ts) == ETIMEDOUT);
		pthread_mutex_unlock(&cm);
		pthread_cond_destroy(&c);
		pthread_condattr_destroy(&ca);
	}
}

static sem_t sem_items;
static void *sem_poster(void *arg)
{
	for (int i = 0; i < 1000; i++)
		CHECK(sem_post(&sem_items) == 0);
	return 0;
}

static void test_unnamed_semaphores(void)
{
	pthread_t t[2];
	int v;
	CHECK(sem_init(&sem_items, 0, 0) == 0);
	CHECK(sem_trywait(&sem_items) == -1 && errno == EAGAIN);
	struct timespec ts = in_ms(CLOCK_REALTIME, 30);
	CHECK(sem_timedwait(&sem_items, &ts) == -1 && errno == ETIMEDOUT);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], 0, sem_poster, 0) == 0);
	for (int i = 0; i < 2000; i++)
		CHECK(sem_wait(&sem_items) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(sem_getvalue(&sem_items, &v) == 0 && v == 0);
	CHECK(sem_destroy(&sem_items) == 0);
}

int main(void)
{
	RUN(test_contended_mutexes);
	RUN(test_mutex_kinds);
	RUN(test_robust_mutex);
	RUN(test_rwlock);
	RUN(test_barrier);
	RUN(test_spinlock);
	RUN(test_condition_variables);
	RUN(test_cond_timeouts);
	RUN(test_unnamed_semaphores);
	puts("sync: ok");
	return 0;
}
