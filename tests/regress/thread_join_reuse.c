// native-too
/*
 * A joined thread's stack and TLS (where its channel was) are freed by pthread_join and reused
 * by the next pthread_create. The exiting thread's worker used to wait on that channel for an
 * answer to exit, and the reuse left it (and then the process) hanging after a few rounds.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "check.h"

static void *run(void *arg)
{
	return (void *)((uintptr_t)arg + 1);
}

int main(void)
{
	uintptr_t sum = 0;
	for (uintptr_t i = 0; i < 300; i++) {
		pthread_t t;
		void *r;
		CHECK(pthread_create(&t, NULL, run, (void *)i) == 0);
		CHECK(pthread_join(t, &r) == 0);
		sum += (uintptr_t)r;
	}
	printf("%lu\n", (unsigned long)sum);
	return 0;
}
