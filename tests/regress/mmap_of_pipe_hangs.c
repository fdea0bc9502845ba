// native-too
/* mmap of a pipe hung (the mapping was filled by reading the pipe); Linux says ENODEV. */
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p[0], 0) == MAP_FAILED && errno == ENODEV);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, p[0], 0) == MAP_FAILED && errno == ENODEV);
	/* a write-only end fails the access check first */
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p[1], 0) == MAP_FAILED && errno == EACCES);
	printf("ok\n");
	return 0;
}
