/* µs per getpid round trip: the median over batches of raw syscalls (musl does not cache). */
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "bench.h"

int main(void)
{
	enum { BATCHES = 31, CALLS = 5000 };
	double t[BATCHES];
	long sink = 0;
	for (int i = 0; i < 1000; i++)
		sink += syscall(SYS_getpid);
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();
		for (int i = 0; i < CALLS; i++)
			sink += syscall(SYS_getpid);
		t[b] = (now_us() - t0) / CALLS;
	}
	printf("%.3f\n", median(t, BATCHES));
	return sink == 0;
}
