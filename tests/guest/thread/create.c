/* Thread creation and identity: sequential and concurrent create/join, return values,
 * detached threads, attributes, one pid with distinct tids, _Thread_local, keys with
 * destructors, pthread_once, and memory grown by one thread used by another. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../check.h"

static void *echo(void *arg) { return arg; }

static void test_sequential_create_join(void)
{
	for (intptr_t i = 0; i < 1000; i++) {
		pthread_t t;
		void *ret;
		CHECK(pthread_create(&t, 0, echo, (void *)i) == 0);
		CHECK(pthread_join(t, &ret) == 0);
		CHECK(ret == (void *)i);
	}
}

#define MANY 64
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int arrived, open_gate;

static void *wait_at_gate(void *arg)
{
	pthread_mutex_lock(&gate_lock);
	arrived++;
	pthread_cond_broadcast(&gate_cond);
	while (!open_gate)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return (void *)(intptr_t)gettid();
}

static void test_many_threads_at_once(void)
{
	pthread_t t[MANY];
	pid_t tids[MANY];
	for (int i = 0; i < MANY; i++)
		CHECK(pthread_create(&t[i], 0, wait_at_gate, 0) == 0);
	pthread_mutex_lock(&gate_lock);
	while (arrived < MANY)
		pthread_cond_wait(&gate_cond, &gate_lock);
	open_gate = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < MANY; i++) {
		void *ret;
		CHECK(pthread_join(t[i], &ret) == 0);
		tids[i] = (pid_t)(intptr_t)ret;
		CHECK(tids[i] > 0 && tids[i] != getpid());
		for (int j = 0; j < i; j++)
			CHECK(tids[j] != tids[i]);
	}
}

static pid_t seen_pid, seen_tid;
static pthread_t seen_self;
static void *identity(void *arg)
{
	seen_pid = getpid();
	seen_tid = gettid();
	seen_self = pthread_self();
	return 0;
}

static void test_one_pid_distinct_tids(void)
{
	pthread_t t;
	CHECK(gettid() == getpid());
	CHECK(pthread_create(&t, 0, identity, 0) == 0);
	CHECK(pthread_join(t, 0) == 0);
	CHECK(seen_pid == getpid());
	CHECK(seen_tid != getpid() && seen_tid > 0);
	CHECK(pthread_equal(seen_self, t));
	CHECK(!pthread_equal(pthread_self(), t));
}

static volatile int detached_done;
static void *detached_worker(void *arg)
{
	__atomic_add_fetch(&detached_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void test_detached_threads(void)
{
	pthread_attr_t a;
	CHECK(pthread_attr_init(&a) == 0);
	CHECK(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED) == 0);
	for (int i = 0; i < 50; i++) {
		pthread_t t;
		CHECK(pthread_create(&t, &a, detached_worker, 0) == 0);
	}
	pthread_t t;
	CHECK(pthread_create(&t, 0, detached_worker, 0) == 0);
	CHECK(pthread_detach(t) == 0);
	while (__atomic_load_n(&detached_done, __ATOMIC_SEQ_CST) < 51)
		usleep(1000);
	pthread_attr_destroy(&a);
}

static void *use_stack(void *arg)
{
	volatile char big[200 * 1024];
	for (size_t i = 0; i < sizeof big; i += 4096)
		big[i] = (char)i;
	return (void *)(intptr_t)big[4096];
}

static void test_stack_size_attribute(void)
{
	pthread_attr_t a;
	size_t sz;
	pthread_t t;
	void *ret;
	CHECK(pthread_attr_init(&a) == 0);
	CHECK(pthread_attr_setstacksize(&a, 1 << 20) == 0);
	CHECK(pthread_attr_getstacksize(&a, &sz) == 0 && sz == 1 << 20);
	CHECK(pthread_create(&t, &a, use_stack, 0) == 0);
	CHECK(pthread_join(t, &ret) == 0 && ret == (void *)(intptr_t)(char)4096);
	pthread_attr_destroy(&a);
}

static _Thread_local int tls_counter = 7;
static void *bump_tls(void *arg)
{
	CHECK(tls_counter == 7);
	tls_counter += (int)(intptr_t)arg;
	return (void *)(intptr_t)tls_counter;
}

static void test_thread_local_storage(void)
{
	pthread_t t[4];
	tls_counter = 100;
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], 0, bump_tls, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < 4; i++) {
		void *ret;
		CHECK(pthread_join(t[i], &ret) == 0 && ret == (void *)(intptr_t)(7 + i));
	}
	CHECK(tls_counter == 100);
}

static pthread_key_t key;
static int destructed;
static void destroy(void *v)
{
	__atomic_add_fetch(&destructed, (int)(intptr_t)v, __ATOMIC_SEQ_CST);
}
static void *set_key(void *arg)
{
	CHECK(pthread_getspecific(key) == 0);
	CHECK(pthread_setspecific(key, arg) == 0);
	CHECK(pthread_getspecific(key) == arg);
	if ((intptr_t)arg == 3)
		pthread_exit(0);
	return 0;
}

static void test_keys_and_destructors(void)
{
	pthread_t t[3];
	CHECK(pthread_key_create(&key, destroy) == 0);
	CHECK(pthread_setspecific(key, (void *)1000) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&t[i], 0, set_key, (void *)(intptr_t)(i + 1)) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(t[i], 0) == 0);
	CHECK(destructed == 1 + 2 + 3);
	CHECK(pthread_getspecific(key) == (void *)1000);
	CHECK(pthread_key_delete(key) == 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void run_once(void) { usleep(10000); once_runs++; }
static void *call_once(void *arg)
{
	pthread_once(&once, run_once);
	return (void *)(intptr_t)once_runs;
}

static void test_once(void)
{
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		CHECK(pthread_create(&t[i], 0, call_once, 0) == 0);
	for (int i = 0; i < 8; i++) {
		void *ret;
		CHECK(pthread_join(t[i], &ret) == 0 && ret == (void *)1);
	}
	CHECK(once_runs == 1);
}

static void *grow_memory(void *arg)
{
	char *p = malloc(64 << 20);
	CHECK(p);
	memset(p, 0x5a, 64 << 20);
	char *m = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	memset(m, 0xa5, 1 << 20);
	((char **)arg)[0] = p;
	((char **)arg)[1] = m;
	return 0;
}

static void test_memory_grown_by_a_thread(void)
{
	char *got[2];
	pthread_t t;
	CHECK(pthread_create(&t, 0, grow_memory, got) == 0);
	CHECK(pthread_join(t, 0) == 0);
	for (size_t i = 0; i < (64 << 20); i += 4093)
		CHECK(got[0][i] == 0x5a);
	for (size_t i = 0; i < (1 << 20); i += 511)
		CHECK((unsigned char)got[1][i] == 0xa5);
	free(got[0]);
	CHECK(munmap(got[1], 1 << 20) == 0);
}

int main(void)
{
	RUN(test_sequential_create_join);
	RUN(test_many_threads_at_once);
	RUN(test_one_pid_distinct_tids);
	RUN(test_detached_threads);
	RUN(test_stack_size_attribute);
	RUN(test_thread_local_storage);
	RUN(test_keys_and_destructors);
	RUN(test_once);
	RUN(test_memory_grown_by_a_thread);
	puts("create: ok");
	return 0;
}
