/*
 * MB/s through a connected AF_UNIX stream pair: 64 MiB in 64 KiB writes from parent to
 * child (tcp_loopback's shape, on the socket type that exists today), median of 5.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

enum { TOTAL = 64 << 20, OP = 64 << 10, RUNS = 5 };

int main(void)
{
	static char buf[OP];
	memset(buf, 's', sizeof buf);
	double mbs[RUNS];
	for (int r = 0; r < RUNS; r++) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			return 1;
		double t0 = now_us();
		pid_t p = fork();
		if (p < 0)
			return 1;
		if (p == 0) {
			close(sv[0]);
			long got = 0;
			ssize_t n;
			while ((n = read(sv[1], buf, sizeof buf)) > 0)
				got += n;
			_exit(got == TOTAL ? 0 : 1);
		}
		close(sv[1]);
		for (int i = 0; i < TOTAL / OP; i++)
			if (write(sv[0], buf, OP) != OP)
				return 1;
		close(sv[0]);
		int st;
		if (waitpid(p, &st, 0) != p || st != 0)
			return 1;
		mbs[r] = TOTAL / (now_us() - t0);
	}
	printf("%.0f\n", median(mbs, RUNS));
	return 0;
}
