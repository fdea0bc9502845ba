/* ns per lock/unlock pair of one mutex that two threads take in turn: the median of 7 runs
 * of 200,000 pairs per thread. */
#include <pthread.h>
#include <stdio.h>
#include "bench.h"

enum { RUNS = 7, PAIRS = 200000 };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *hammer(void *arg)
{
	for (int i = 0; i < PAIRS; i++) {
		pthread_mutex_lock(&m);
		counter++;
		pthread_mutex_unlock(&m);
	}
	return 0;
}

int main(void)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		pthread_t a, b;
		counter = 0;
		double t0 = now_us();
		if (pthread_create(&a, 0, hammer, 0) || pthread_create(&b, 0, hammer, 0))
			return 1;
		if (pthread_join(a, 0) || pthread_join(b, 0) || counter != 2L * PAIRS)
			return 1;
		t[r] = (now_us() - t0) * 1000 / (2.0 * PAIRS);
	}
	printf("%.1f\n", median(t, RUNS));
	return 0;
}
