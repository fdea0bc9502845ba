// native-too
/*
 * utimensat multiplied tv_sec by 10^9 in 64 bits: a time 20 million years ahead wrapped
 * into the 21st century. Linux clamps a time to what the filesystem can store; ours keeps
 * nanoseconds in 64 bits, so the latest time is in 2262, and any filesystem keeps at
 * least that much of a far-future time.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	const char *path = "/tmp/utimensat-far-future";
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(fd >= 0);
	struct timespec ts[2] = { { 20000000000000LL, 0 }, { 20000000000000LL, 0 } };
	CHECK(futimens(fd, ts) == 0);
	struct stat st;
	CHECK(fstat(fd, &st) == 0);
	CHECK(st.st_mtim.tv_sec >= 9000000000LL); /* not wrapped to an earlier time */
	CHECK(st.st_atim.tv_sec >= 9000000000LL);
	close(fd);
	unlink(path);
	return 0;
}
