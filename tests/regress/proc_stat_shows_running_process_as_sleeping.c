// native-too
/*
 * /proc/PID/stat said S for every live process, so a parent waiting for its child to go to
 * sleep (or to stop) returned at once. The state letter is now R for a process that runs,
 * S for one blocked in a read, T stopped, Z exited and not yet waited for; status agrees.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char state_of(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n > 0);
	close(fd);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	CHECK(p && p[1] == ' ');
	return p[2];
}

static char status_state(pid_t pid)
{
	char path[64], line[256], c = '?';
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	CHECK(f);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "State:\t", 7))
			c = line[7];
	fclose(f);
	return c;
}

/* Reads pid's state until it is want (the child gets there on its own; no clock involved). */
static void await_state(pid_t pid, char want)
{
	for (long i = 0; i < 1000000 && state_of(pid) != want; i++)
		usleep(100);
	CHECK(state_of(pid) == want);
	CHECK(status_state(pid) == want);
	printf("%c", want);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	pid_t spinner = fork();
	CHECK(spinner >= 0);
	if (spinner == 0)
		for (volatile unsigned long i = 0;; i++)
			;
	await_state(spinner, 'R');
	CHECK(kill(spinner, SIGSTOP) == 0);
	await_state(spinner, 'T');
	CHECK(kill(spinner, SIGKILL) == 0);
	CHECK(waitpid(spinner, NULL, 0) == spinner);

	pid_t reader = fork();
	CHECK(reader >= 0);
	if (reader == 0) {
		char c;
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	await_state(reader, 'S');
	CHECK(write(p[1], "x", 1) == 1);
	await_state(reader, 'Z');
	int st;
	CHECK(waitpid(reader, &st, 0) == reader && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(state_of(getpid()) == 'R');
	printf("R\n");
	return 0;
}
