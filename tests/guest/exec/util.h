/*
 * Shared by the exec and spawn tests: a scratch directory under /tmp, files in it, and a way
 * to run the probe (probe.c, next to the test program) and read what it printed.
 */
#ifndef EXEC_UTIL_H
#define EXEC_UTIL_H

#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"

extern char **environ;

static char probe[PATH_MAX]; /* absolute path of the probe */
static char scratch[64];     /* the scratch directory */

/* scratch/name in a static buffer (four in turn, so a call may take several). */
static const char *at(const char *name)
{
	static char b[4][PATH_MAX];
	static int i;
	i = (i + 1) % 4;
	snprintf(b[i], sizeof b[i], "%s/%s", scratch, name);
	return b[i];
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CHECK(close(fd) == 0);
	CHECK(chmod(path, mode) == 0);
}

static void setup_scratch(void)
{
	CHECK(getcwd(probe, sizeof probe - 8));
	strcat(probe, "/probe");
	CHECK(access(probe, X_OK) == 0);
	strcpy(scratch, "/tmp/wpexec.XXXXXX");
	CHECK(mkdtemp(scratch));
	CHECK(chmod(scratch, 0755) == 0);
}

static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[PATH_MAX];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		if (d)
			closedir(d);
		CHECK(rmdir(path) == 0);
	} else {
		CHECK(unlink(path) == 0);
	}
}

/* Reads fd to its end into a static buffer. */
static const char *slurp(int fd)
{
	static char out[65536];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof out - 1 && (r = read(fd, out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	return out;
}

/*
 * Forks; the child runs setup (if any), points stdout at a pipe and execs path. Returns what
 * it printed; *status is its wait status, and an exec that fails exits 100 + errno.
 */
static const char *run(void (*setup)(void), const char *path, char *const argv[],
		       char *const envp[], int *status)
{
	int p[2];
	CHECK(pipe(p) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		if (setup)
			setup();
		execve(path, argv, envp ? envp : environ);
		_exit(100 + errno);
	}
	close(p[1]);
	const char *out = slurp(p[0]);
	close(p[0]);
	CHECK(waitpid(pid, status, 0) == pid);
	return out;
}

/* The errno an exec of path fails with (0 if the probe ran and exited 0). */
static int exec_errno(const char *path)
{
	char *argv[] = { "probe", "fail", NULL };
	int st;
	run(NULL, path, argv, NULL, &st);
	CHECK(WIFEXITED(st));
	CHECK(WEXITSTATUS(st) != 99); /* the probe ran: the exec should have failed */
	return WEXITSTATUS(st) ? WEXITSTATUS(st) - 100 : 0;
}

#endif
