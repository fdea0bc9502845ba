// native-too
/*
 * CLOCK_PROCESS_CPUTIME_ID (and so clock()) was the wall time since the process started, so a
 * process asleep seemed to use the CPU. Across a 500 ms sleep it now moves by much less.
 */
#include <time.h>
#include "check.h"

static long long cpu_ns(clockid_t id)
{
	struct timespec ts;
	CHECK(clock_gettime(id, &ts) == 0);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	long long p0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	clock_t c0 = clock();
	struct timespec half = { 0, 500000000 };
	CHECK(nanosleep(&half, NULL) == 0);
	CHECK(cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - p0 < 250000000);
	CHECK(cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0 < 250000000);
	CHECK(clock() - c0 < CLOCKS_PER_SEC / 4);
	printf("ok\n");
	return 0;
}
