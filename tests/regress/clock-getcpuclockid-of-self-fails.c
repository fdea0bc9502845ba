// native-too
/*
 * clock_getcpuclockid(getpid()) failed with EINVAL, and pthread_getcpuclockid's clock could
 * not be read, though CLOCK_PROCESS_CPUTIME_ID worked: the kernel did not know Linux's
 * encoding of another process's or thread's CPU clock (~pid << 3 | kind).
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	clockid_t c;
	struct timespec ts;
	int r = clock_getcpuclockid(getpid(), &c);
	printf("clock_getcpuclockid: %d\n", r);
	CHECK(r == 0);
	CHECK(clock_gettime(c, &ts) == 0);
	CHECK(pthread_getcpuclockid(pthread_self(), &c) == 0);
	CHECK(clock_gettime(c, &ts) == 0);
	return 0;
}
