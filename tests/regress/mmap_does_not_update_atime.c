// native-too
/* Reading a file through a mapping did not update its st_atime; mapping it is an access. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *path = "/tmp/mmap_atime";
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "mapped", 6) == 6);
	struct timespec old[2] = { { 86400, 0 }, { 86400, 0 } }; /* a day after the epoch */
	CHECK(futimens(fd, old) == 0);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_atime == 86400);
	char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(m[0] == 'm' && m[5] == 'd');
	CHECK(fstat(fd, &st) == 0);
	CHECK(st.st_atime > 86400);
	CHECK(st.st_mtime == 86400);
	CHECK(munmap(m, 4096) == 0);
	CHECK(unlink(path) == 0);
	printf("ok\n");
	return 0;
}
