/* atexit handlers run in reverse order of registration, then stdio flushes; exit status 3. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: first registered, ran last\n"); }
static void second(void) { printf("atexit: second\n"); }
static void third(void)
{
	printf("atexit: third registered, ran first\n");
	atexit(second); /* registered during exit: runs next */
}

__attribute__((constructor)) static void ctor(void) { printf("atexit: constructor ran before main\n"); }
__attribute__((destructor)) static void dtor(void) { printf("atexit: destructor\n"); }

int main(void)
{
	atexit(first);
	atexit(third);
	printf("atexit: main returns through exit(3)");
	printf(" (buffered, flushed at exit)\n");
	exit(3);
}
