// native-too
/* sbrk(8192) on a fresh process returned -1 with ENOMEM: musl refuses every move of the
 * break. It must grow (and shrink) it, and malloc must not take the program's pages back. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char *a = sbrk(0);
	char *b = sbrk(8192);
	CHECK(b != (void *)-1 && b == a);
	CHECK(sbrk(0) == a + 8192);
	memset(b, 0x5a, 8192);

	char *c = sbrk(1 << 20);
	CHECK(c != (void *)-1);
	c[(1 << 20) - 1] = 1;
	CHECK(sbrk(-(1 << 20)) == c + (1 << 20));
	CHECK(sbrk(0) == c);
	CHECK(brk(c + 4096) == 0 && sbrk(0) == c + 4096);
	CHECK(brk(c) == 0);
	errno = 0;
	CHECK(sbrk(INTPTR_MAX) == (void *)-1 && errno == ENOMEM);
	CHECK(sbrk(0) == c);

	/* malloc's own records must come from elsewhere than the program's break */
	void *m[64];
	for (int i = 0; i < 64; i++)
		CHECK((m[i] = malloc(100 + i * 300)) != NULL);
	for (int i = 0; i < 8192; i++)
		CHECK(b[i] == 0x5a);
	for (int i = 0; i < 64; i++)
		free(m[i]);
	puts("sbrk ok");
	return 0;
}
