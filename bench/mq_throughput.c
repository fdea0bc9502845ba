/*
 * Messages per second through a POSIX message queue from one process to another: a child
 * sends 20000 messages of 64 bytes, the parent receives them. The median of 5 runs.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

enum { RUNS = 5, MSGS = 20000, SIZE = 64 };

static double one_run(void)
{
	struct mq_attr a = { .mq_maxmsg = 10, .mq_msgsize = SIZE };
	char buf[SIZE] = { 0 };
	mq_unlink("/bench-mq");
	mqd_t q = mq_open("/bench-mq", O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	if (q == (mqd_t)-1)
		exit(1);
	double t0 = now_us();
	pid_t c = fork();
	if (c < 0)
		exit(1);
	if (c == 0) {
		for (int i = 0; i < MSGS; i++)
			if (mq_send(q, buf, SIZE, 0) < 0)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < MSGS; i++)
		if (mq_receive(q, buf, SIZE, NULL) != SIZE)
			exit(1);
	double t = now_us() - t0;
	int st;
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st))
		exit(1);
	mq_close(q);
	mq_unlink("/bench-mq");
	return MSGS / (t / 1e6);
}

int main(void)
{
	double r[RUNS];
	for (int i = 0; i < RUNS; i++)
		r[i] = one_run();
	printf("%.0f\n", median(r, RUNS));
	return 0;
}
