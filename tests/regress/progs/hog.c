/*
 * hog malloc: allocates (and touches) 16 MiB blocks until malloc fails; prints the MiB had,
 * frees them and allocates again.
 * hog fork: forks children that each hold 32 MiB until fork fails; checks the error is ENOMEM
 * or EAGAIN, ends them, and prints how many there were. Both then show the system still works.
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define BLOCK (16 << 20)

extern char **environ;

/* A new process starts and runs (posix_spawn: a heap freed back to malloc stays in this
 * process's memory, which wasm cannot shrink, so a fork could not fit). */
static void still_works(void)
{
	pid_t pid;
	char *argv[] = { "sh", "-c", "exit 7", NULL };
	CHECK(posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) == 0);
	int st = 0;
	pid_t w = waitpid(pid, &st, 0);
	if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7)
		fprintf(stderr, "waitpid %d: %d, status %#x\n", pid, w, st);
	CHECK(w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "malloc")) {
		void *blocks[4096];
		int n = 0;
		while (n < 4096 && (blocks[n] = malloc(BLOCK))) {
			memset(blocks[n], 1, BLOCK);
			n++;
		}
		CHECK(n < 4096);
		printf("malloc: %d MiB\n", n * (BLOCK >> 20));
		while (n)
			free(blocks[--n]);
		/* what was freed is there again (a wasm memory never shrinks, so not for others) */
		void *again = malloc(BLOCK);
		CHECK(again != NULL);
		free(again);
		return 0;
	}
	pid_t kids[4096];
	int n = 0;
	for (;;) {
		CHECK(n < 4096);
		pid_t pid = fork();
		if (pid < 0) {
			CHECK(errno == ENOMEM || errno == EAGAIN);
			break;
		}
		if (pid == 0) {
			char *p = malloc(2 * BLOCK);
			if (p)
				memset(p, 1, 2 * BLOCK);
			pause();
			_exit(0);
		}
		kids[n++] = pid;
		usleep(20000); /* let the child take its memory */
	}
	for (int i = 0; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	printf("fork: %d children\n", n);

	still_works();
	return 0;
}
