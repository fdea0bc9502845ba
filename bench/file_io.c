/* MB/s writing then reading 8 MiB in 4 KiB operations under /tmp: argv[1] is "write" or
 * "read"; the median of several runs. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

enum { TOTAL = 8 << 20, OP = 4096, RUNS = 7 };

static double write_file(const char *path, char *buf)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	double t0 = now_us();
	for (int i = 0; i < TOTAL / OP; i++)
		if (write(fd, buf, OP) != OP)
			return -1;
	double t = now_us() - t0;
	close(fd);
	return t;
}

static double read_file(const char *path, char *buf)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	double t0 = now_us();
	for (int i = 0; i < TOTAL / OP; i++)
		if (read(fd, buf, OP) != OP)
			return -1;
	double t = now_us() - t0;
	close(fd);
	return t;
}

int main(int argc, char **argv)
{
	static char buf[OP];
	memset(buf, 'x', sizeof buf);
	int reading = argc > 1 && !strcmp(argv[1], "read");
	char path[64];
	snprintf(path, sizeof path, "/tmp/bench-io-%d", (int)getpid());
	double mbs[RUNS];
	for (int r = 0; r < RUNS; r++) {
		double t = write_file(path, buf);
		if (reading)
			t = read_file(path, buf);
		if (t <= 0)
			return 1;
		mbs[r] = TOTAL / t; /* bytes per µs = MB/s */
		unlink(path);
	}
	printf("%.0f\n", median(mbs, RUNS));
	return 0;
}
