/* A test program for the host tests: posix_spawn(argv[1], argv+1), then report the error or
 * the child's wait status. */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	pid_t pid;
	int r = posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ);
	printf("spawn=%d\n", r);
	if (r == 0) {
		int st;
		fflush(stdout);
		if (waitpid(pid, &st, 0) != pid)
			return 3;
		printf("status=%d\n", WEXITSTATUS(st));
	}
	return 0;
}
