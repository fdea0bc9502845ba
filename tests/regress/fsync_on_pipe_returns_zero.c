// native-too
/* fsync and fdatasync on a pipe returned 0; Linux says EINVAL (nothing there to sync). */
#include <fcntl.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK(fsync(p[0]) == -1 && errno == EINVAL);
	CHECK(fsync(p[1]) == -1 && errno == EINVAL);
	CHECK(fdatasync(p[1]) == -1 && errno == EINVAL);
	int null = open("/dev/null", O_WRONLY);
	CHECK(null >= 0);
	CHECK(fsync(null) == -1 && errno == EINVAL);
	int f = open("/tmp/fsync_on_pipe", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	CHECK(f >= 0);
	CHECK(write(f, "x", 1) == 1);
	CHECK(fsync(f) == 0 && fdatasync(f) == 0);
	CHECK(unlink("/tmp/fsync_on_pipe") == 0);
	CHECK(fsync(99) == -1 && errno == EBADF);
	printf("ok\n");
	return 0;
}
