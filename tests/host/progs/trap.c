/* A test program that dies by a trap: "segv" reads far out of bounds, "ill" hits
 * unreachable, "stack" overflows the stack. */
#include <string.h>
#include <stdio.h>

static int deep(volatile char *p, int n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	return n ? deep(buf, n + 1) + buf[0] : 0;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "segv";
	if (!strcmp(how, "segv"))
		return *(volatile int *)0xfffffff0u;
	if (!strcmp(how, "ill"))
		__builtin_trap();
	if (!strcmp(how, "stack"))
		return deep(0, 1);
	puts("no trap");
	return 0;
}
