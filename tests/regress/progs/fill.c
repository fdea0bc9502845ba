/*
 * fill FILE: writes FILE in 1 MiB pieces until the filesystem is full, then checks that a
 * further small write fails with ENOSPC (not EIO), that fork and pipes still work, and that
 * after unlink the space is there again. Prints the MiB that fitted, twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static long fill(const char *path)
{
	static char buf[1 << 20];
	memset(buf, 'x', sizeof buf);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	long total = 0;
	for (;;) {
		ssize_t n = write(fd, buf, sizeof buf);
		if (n < 0) {
			CHECK(errno == ENOSPC);
			break;
		}
		total += n;
	}
	errno = 0;
	CHECK(write(fd, "x", 1) == -1 && errno == ENOSPC);
	CHECK(close(fd) == 0);
	return total >> 20;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/fill";
	long first = fill(path);
	printf("%ld MiB fitted\n", first);

	/* a full filesystem leaves the kernel its memory: fork, pipes and small files elsewhere */
	int p[2];
	CHECK(pipe(p) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], "ok", 2) == 2 ? 0 : 1);
	}
	char got[2];
	close(p[1]);
	CHECK(read(p[0], got, 2) == 2 && !memcmp(got, "ok", 2));
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	int fd = open("/dev/null", O_WRONLY);
	CHECK(fd >= 0 && close(fd) == 0);

	CHECK(unlink(path) == 0);
	long second = fill(path);
	printf("%ld MiB fitted after unlink\n", second);
	CHECK(second >= first - 1);
	CHECK(unlink(path) == 0);
	return 0;
}
