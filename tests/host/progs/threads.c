/* A test program for the host's thread callbacks.
 *   threads N      N threads add to a counter under a mutex; main joins them all
 *   forkthread     a thread forks (atfork handlers run); the child exits 7 from that thread
 *   exitblocked    three threads block in read on a pipe while main exits with 3
 * Prints what it saw, one fact per line; exits 0 when everything went as it should. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static int fds[2];
static char atfork_log[8];

static void *add(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void note(char c)
{
	size_t n = strlen(atfork_log);
	if (n + 1 < sizeof atfork_log)
		atfork_log[n] = c;
}
static void prepare(void) { note('p'); }
static void parent(void) { note('P'); }
static void child(void) { note('C'); }

static void *forker(void *arg)
{
	(void)arg;
	pid_t pid = fork();
	if (pid < 0)
		return (void *)1;
	if (pid == 0) {
		printf("child atfork=%s\n", atfork_log);
		fflush(stdout);
		_exit(7);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return (void *)2;
	printf("parent atfork=%s child-status=%d\n", atfork_log, WEXITSTATUS(st));
	return NULL;
}

static void *reader(void *arg)
{
	char c;
	(void)arg;
	read(fds[0], &c, 1); /* blocks until the process ends */
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "threads";
	if (!strcmp(mode, "threads")) {
		int n = argc > 2 ? atoi(argv[2]) : 4;
		pthread_t t[64];
		if (n < 1 || n > 64)
			return 2;
		for (int i = 0; i < n; i++)
			if (pthread_create(&t[i], NULL, add, (void *)(long)(i + 1)))
				return 3;
		for (int i = 0; i < n; i++) {
			void *ret;
			if (pthread_join(t[i], &ret) || ret != (void *)(long)(i + 1))
				return 4;
		}
		printf("joined %d counter=%ld\n", n, counter);
		return counter == 1000L * n ? 0 : 5;
	}
	if (!strcmp(mode, "forkthread")) {
		pthread_t t;
		void *ret;
		if (pthread_atfork(prepare, parent, child))
			return 2;
		if (pthread_create(&t, NULL, forker, NULL) || pthread_join(t, &ret))
			return 3;
		return ret ? 4 : 0;
	}
	if (!strcmp(mode, "exitblocked")) {
		pthread_t t;
		if (pipe(fds))
			return 2;
		for (int i = 0; i < 3; i++)
			if (pthread_create(&t, NULL, reader, NULL))
				return 3;
		usleep(50000); /* let them block */
		printf("exiting\n");
		fflush(stdout);
		exit(3);
	}
	return 2;
}
