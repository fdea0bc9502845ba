/*
 * soak MODE N: N cycles of MODE (fork: fork + _exit + wait; spawn: posix_spawn /bin/true +
 * wait; exec: the process execs itself N times), printing "warm" after the first 100 and
 * "done" at the end, then waiting for end of file on stdin so that the caller can measure.
 * Every 1000 forks it prints the mean time of one.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define WARM 100

static double ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void say(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

static void finish(void)
{
	char c;
	say("done");
	while (read(0, &c, 1) > 0)
		;
	exit(0);
}

static void cycle(const char *mode)
{
	pid_t pid;
	if (!strcmp(mode, "fork")) {
		pid = fork();
		if (pid == 0)
			_exit(0);
	} else {
		char *argv[] = { "true", NULL };
		int e = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
		if (e) {
			fprintf(stderr, "posix_spawn: %s\n", strerror(e));
			exit(1);
		}
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		perror("fork/wait");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int n = atoi(argv[2]);
	if (!strcmp(argv[1], "exec")) {
		int i = argc > 3 ? atoi(argv[3]) : 0;
		if (i == WARM)
			say("warm");
		if (i >= n)
			finish();
		char next[16];
		snprintf(next, sizeof next, "%d", i + 1);
		char self[256];
		ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
		if (len < 0) {
			perror("readlink /proc/self/exe");
			return 1;
		}
		self[len] = 0;
		execl(self, argv[0], "exec", argv[2], next, (char *)NULL);
		perror("exec");
		return 1;
	}
	double t0 = ms();
	for (int i = 1; i <= n; i++) {
		cycle(argv[1]);
		if (i == WARM)
			say("warm");
		if (i % 1000 == 0) {
			double t = ms();
			printf("%d %.3f ms/cycle\n", i, (t - t0) / 1000);
			fflush(stdout);
			t0 = t;
		}
	}
	finish();
}
