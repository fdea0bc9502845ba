/* malloc/realloc/free under stress: tens of MB, many sizes, contents kept across realloc. */
#include <string.h>
#include <stdint.h>
#include "check.h"

#define SLOTS 4096

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1664525 + 1013904223; return rng >> 8; }

static void fill(unsigned char *p, size_t n, unsigned tag) { for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(tag + i); }
static int intact(const unsigned char *p, size_t n, unsigned tag)
{
	for (size_t i = 0; i < n; i++) if (p[i] != (unsigned char)(tag + i)) return 0;
	return 1;
}

int main(void)
{
	static unsigned char *slot[SLOTS];
	static size_t size[SLOTS];
	size_t peak = 0, live = 0;
	for (int round = 0; round < 60000; round++) {
		int k = next() % SLOTS;
		size_t n = next() % 4 == 0 ? next() % (256 << 10) : next() % 512;
		if (slot[k] && !intact(slot[k], size[k], k)) { CHECK(!"block corrupted"); break; }
		if (slot[k] && next() % 2) {
			unsigned char *p = realloc(slot[k], n + 1);
			CHECK(p);
			size_t keep = size[k] < n + 1 ? size[k] : n + 1;
			CHECK(intact(p, keep, k));
			live += n + 1 - size[k];
			slot[k] = p; size[k] = n + 1;
			fill(p, n + 1, k);
		} else {
			if (slot[k]) live -= size[k];
			free(slot[k]);
			slot[k] = malloc(n + 1); size[k] = n + 1;
			CHECK(slot[k]);
			fill(slot[k], n + 1, k);
			live += n + 1;
		}
		if (live > peak) peak = live;
	}
	for (int k = 0; k < SLOTS; k++) {
		if (slot[k]) CHECK(intact(slot[k], size[k], k));
		free(slot[k]);
	}
	CHECK(peak > 20u << 20); /* tens of MB were live at once */

	/* one big block, then calloc's zeroing */
	unsigned char *big = malloc(64u << 20);
	CHECK(big);
	if (big) { memset(big, 1, 64u << 20); CHECK(big[(64u << 20) - 1] == 1); free(big); }
	unsigned *z = calloc(1 << 20, sizeof *z);
	CHECK(z);
	for (int i = 0; z && i < 1 << 20; i++) if (z[i]) { CHECK(!"calloc not zero"); break; }
	free(z);
	/* too big: NULL, not a trap (volatile, or the compiler may elide the call and the test) */
	void *volatile huge = malloc((size_t)-1 / 2);
	CHECK(huge == 0);
	free(huge);
	void *al = aligned_alloc(4096, 8192);
	CHECK(al && ((uintptr_t)al & 4095) == 0);
	free(al);
	return check_done("malloc");
}
