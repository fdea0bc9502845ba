/*
 * mmap whose offset + length runs past the page offsets a 32-bit kernel can hold (the page
 * after the mapping must be below 2^32) gave ENOMEM; Linux's 32-bit ABI says EOVERFLOW. (Not compared with native: on a
 * 64-bit host these offsets are valid.)
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	int fd = open("/tmp/mmap_overflow", O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 0);
	off_t last = (off_t)0xfffffffe * 4096; /* the last page offset that can be mapped */
	CHECK(mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, last) == MAP_FAILED && errno == EOVERFLOW);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, last + 4096) == MAP_FAILED &&
	      errno == EOVERFLOW);
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, last);
	CHECK(m != MAP_FAILED);
	CHECK(munmap(m, 4096) == 0);
	CHECK(unlink("/tmp/mmap_overflow") == 0);
	return 0;
}
