// native-too
/*
 * A posix_spawn child inherited its parent's mmap regions, so a program started from one that
 * had mapped memory found its break "in the way of a mapping" and its _start failed: dash
 * exited 127 before running anything. The child's map must start empty.
 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "check.h"

extern char **environ;

int main(void)
{
	/* mappings of the parent's, where the child's break will want to grow */
	for (int i = 0; i < 8; i++) {
		char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(m != MAP_FAILED);
		memset(m, 1, 1 << 20);
	}
	char *argv[] = { "sh", "-c", "echo child ran; exit 7", NULL };
	pid_t pid;
	CHECK(posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) == 0);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st));
	printf("child exited %d\n", WEXITSTATUS(st));
	CHECK(WEXITSTATUS(st) == 7);
	return 0;
}
