/*
 * MB/s through a connected TCP loopback pair: 64 MiB in 64 KiB writes from a child to its
 * parent over 127.0.0.1, median of 5.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

enum { TOTAL = 64 << 20, OP = 64 << 10, RUNS = 5 };

static double one_run(void)
{
	static char buf[OP];
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		exit(1);
	double t0 = now_us();
	pid_t p = fork();
	if (p < 0)
		exit(1);
	if (p == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof a))
			_exit(1);
		memset(buf, 't', sizeof buf);
		for (int i = 0; i < TOTAL / OP; i++)
			if (write(c, buf, OP) != OP)
				_exit(1);
		_exit(0);
	}
	int s = accept(l, NULL, NULL);
	long got = 0;
	ssize_t n;
	while ((n = read(s, buf, sizeof buf)) > 0)
		got += n;
	int st;
	if (got != TOTAL || waitpid(p, &st, 0) != p || st != 0)
		exit(1);
	double t = now_us() - t0;
	close(s);
	close(l);
	return TOTAL / t;
}

int main(void)
{
	double mbs[RUNS];
	for (int r = 0; r < RUNS; r++)
		mbs[r] = one_run();
	printf("%.0f\n", median(mbs, RUNS));
	return 0;
}
