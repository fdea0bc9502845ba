/* ms per pthread_create + pthread_join of a thread that returns at once: the median of 201. */
#include <pthread.h>
#include <stdio.h>
#include "bench.h"

static void *nothing(void *arg) { return arg; }

int main(void)
{
	enum { N = 201 };
	double t[N];
	for (int i = 0; i < N; i++) {
		pthread_t th;
		double t0 = now_us();
		if (pthread_create(&th, 0, nothing, 0) || pthread_join(th, 0))
			return 1;
		t[i] = (now_us() - t0) / 1000;
	}
	printf("%.3f\n", median(t, N));
	return 0;
}
