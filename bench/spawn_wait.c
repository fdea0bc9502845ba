/* ms per posix_spawn of a tiny program + waitpid (argv[1]: the program), median of 51. */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include "bench.h"

extern char **environ;

int main(int argc, char **argv)
{
	enum { N = 51 };
	double t[N];
	char *av[] = { argv[1], NULL };
	for (int i = 0; i < N; i++) {
		double t0 = now_us();
		pid_t p;
		if (posix_spawn(&p, argv[1], NULL, NULL, av, environ))
			return 1;
		int st;
		if (waitpid(p, &st, 0) != p)
			return 1;
		t[i] = (now_us() - t0) / 1000;
	}
	printf("%.3f\n", median(t, N));
	return 0;
}
