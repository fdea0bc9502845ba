/* MB/s through a pipe: 16 MiB in 4 KiB writes from parent to child, median of 5. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "bench.h"

enum { TOTAL = 16 << 20, OP = 4096, RUNS = 5 };

int main(void)
{
	static char buf[OP];
	memset(buf, 'p', sizeof buf);
	double mbs[RUNS];
	for (int r = 0; r < RUNS; r++) {
		int fds[2];
		if (pipe(fds))
			return 1;
		double t0 = now_us();
		pid_t p = fork();
		if (p < 0)
			return 1;
		if (p == 0) {
			close(fds[1]);
			long got = 0;
			ssize_t n;
			while ((n = read(fds[0], buf, sizeof buf)) > 0)
				got += n;
			_exit(got == TOTAL ? 0 : 1);
		}
		close(fds[0]);
		for (int i = 0; i < TOTAL / OP; i++)
			if (write(fds[1], buf, OP) != OP)
				return 1;
		close(fds[1]);
		int st;
		if (waitpid(p, &st, 0) != p || st != 0)
			return 1;
		mbs[r] = TOTAL / (now_us() - t0);
	}
	printf("%.0f\n", median(mbs, RUNS));
	return 0;
}
