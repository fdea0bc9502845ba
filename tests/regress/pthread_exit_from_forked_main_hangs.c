// native-too
/*
 * pthread_exit from the main thread of a fork child left the child's last thread waiting
 * forever: the child's main thread had no exit futex (a fork child has none, as on Linux),
 * so the thread-list lock its pthread_exit holds until the kernel clears it stayed held.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int fds[2];

static void *last(void *arg)
{
	usleep(20000);
	CHECK(write(fds[1], "late", 4) == 4);
	return 0;
}

int main(void)
{
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		close(fds[0]);
		CHECK(pthread_create(&t, 0, last, 0) == 0);
		pthread_exit(0);
	}
	close(fds[1]);
	char buf[8];
	CHECK(read(fds[0], buf, sizeof buf) == 4);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	puts("the child ended with its last thread");
	return 0;
}
