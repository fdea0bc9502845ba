/*
 * µs per futex wake round trip between two threads: each hands the turn to the other with
 * FUTEX_WAKE and waits for it back with FUTEX_WAIT. The median of 11 batches of 2000.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

#ifdef SYS_futex_time64
#define NR_FUTEX SYS_futex_time64
#else
#define NR_FUTEX SYS_futex
#endif

/* Linux's futex ABI (the SDK has no <linux/futex.h>) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | 128)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | 128)

enum { BATCHES = 11, ROUNDS = 2000 };
static int turn; /* 0: the main thread's, 1: the partner's */

static void pass_to(int who)
{
	__atomic_store_n(&turn, who, __ATOMIC_SEQ_CST);
	syscall(NR_FUTEX, &turn, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void await_turn(int me)
{
	int v;
	while ((v = __atomic_load_n(&turn, __ATOMIC_SEQ_CST)) != me)
		syscall(NR_FUTEX, &turn, FUTEX_WAIT_PRIVATE, v, 0, 0, 0);
}

static void *partner(void *arg)
{
	for (int i = 0; i < BATCHES * ROUNDS; i++) {
		await_turn(1);
		pass_to(0);
	}
	return 0;
}

int main(void)
{
	double t[BATCHES];
	pthread_t th;
	if (pthread_create(&th, 0, partner, 0))
		return 1;
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < ROUNDS; i++) {
			pass_to(1);
			await_turn(0);
		}
		t[b] = (now_us() - t0) / ROUNDS;
	}
	if (pthread_join(th, 0))
		return 1;
	printf("%.2f\n", median(t, BATCHES));
	return 0;
}
