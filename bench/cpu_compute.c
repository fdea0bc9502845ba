/* ms for CPU-bound work with no system calls: sorting 1M pseudo-random integers with our own
 * quicksort (not the libc's: musl's qsort is smoothsort, glibc's a merge sort) and a 64-bit
 * hash over them, the median of 5. Compares the generated code, not the kernel or the libc. */
#include <stdint.h>
#include <stdio.h>
#include "bench.h"

enum { N = 1 << 20, RUNS = 5 };

static void sort_u32(uint32_t *v, long lo, long hi)
{
	while (hi - lo > 16) {
		uint32_t p = v[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				uint32_t t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			sort_u32(v, lo, j);
			lo = i;
		} else {
			sort_u32(v, i, hi);
			hi = j;
		}
	}
	for (long i = lo + 1; i <= hi; i++) {
		uint32_t x = v[i];
		long j = i - 1;
		for (; j >= lo && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

int main(void)
{
	static uint32_t v[N];
	double t[RUNS];
	uint64_t h = 0;
	for (int r = 0; r < RUNS; r++) {
		uint64_t s = 0x9e3779b97f4a7c15ull + r;
		for (int i = 0; i < N; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			v[i] = (uint32_t)s;
		}
		double t0 = now_us();
		sort_u32(v, 0, N - 1);
		for (int i = 0; i < N; i++)
			h = (h ^ v[i]) * 0x100000001b3ull;
		t[r] = (now_us() - t0) / 1000;
	}
	printf("%.1f\n", median(t, RUNS));
	return h == 42; /* keeps the hash alive */
}
