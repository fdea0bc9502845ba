/*
 * The program the exec and spawn tests start: it reports what it inherited, one fact per
 * line on stdout, so the caller can compare with what it expects. argv[1] picks the report:
 *   fds N...        "N open" or "N closed" for each fd, "N cloexec" if FD_CLOEXEC is set
 *   sig             "ign N", "handled N", "blocked N", "pending N" for signals 1..31
 *   ids             whether pgid and sid equal the pid and the parent's, then euid and egid
 *   cwd             the working directory
 *   write FD TEXT   writes TEXT to FD
 *   big             checks the pattern the ARG_MAX test sends and prints its totals
 *   fail            exits 99 (reaching it where exec should have failed is an error)
 * Anything else prints argv, one "argv[i]=..." per line (the #! tests use that).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* The ARG_MAX test's strings: "iN=" then a letter chosen by N repeated. */
static int pattern_ok(const char *s)
{
	char *end;
	if (s[0] != 'i')
		return 0;
	long n = strtol(s + 1, &end, 10);
	if (*end != '=')
		return 0;
	for (const char *c = end + 1; *c; c++)
		if (*c != 'a' + n % 26)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "fds")) {
		for (int i = 2; i < argc; i++) {
			int fd = atoi(argv[i]);
			int fl = fcntl(fd, F_GETFD);
			printf("%d %s\n", fd, fl < 0 ? "closed" : fl & FD_CLOEXEC ? "cloexec" : "open");
		}
	} else if (!strcmp(mode, "sig")) {
		sigset_t blocked, pending;
		sigprocmask(SIG_BLOCK, NULL, &blocked);
		sigpending(&pending);
		for (int s = 1; s < 32; s++) {
			struct sigaction sa;
			if (sigaction(s, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
				printf("ign %d\n", s);
			else if (sa.sa_handler != SIG_DFL)
				printf("handled %d\n", s);
			if (sigismember(&blocked, s))
				printf("blocked %d\n", s);
			if (sigismember(&pending, s))
				printf("pending %d\n", s);
		}
	} else if (!strcmp(mode, "ids")) {
		pid_t pid = getpid(), pp = getppid();
		printf("pgid=pid %d\n", getpgid(0) == pid);
		printf("sid=pid %d\n", getsid(0) == pid);
		printf("pgid=parent's %d\n", getpgid(0) == getpgid(pp));
		printf("sid=parent's %d\n", getsid(0) == getsid(pp));
		printf("euid %d egid %d\n", (int)geteuid(), (int)getegid());
	} else if (!strcmp(mode, "cwd")) {
		char b[4096];
		printf("%s\n", getcwd(b, sizeof b) ? b : "?");
	} else if (!strcmp(mode, "write") && argc == 4) {
		size_t n = strlen(argv[3]);
		if (write(atoi(argv[2]), argv[3], n) != (ssize_t)n)
			return 2;
	} else if (!strcmp(mode, "big")) {
		size_t argbytes = 0, envbytes = 0;
		int envc = 0;
		for (int i = 2; i < argc; i++) {
			if (!pattern_ok(argv[i]))
				return 3;
			argbytes += strlen(argv[i]) + 1;
		}
		for (char **e = environ; *e; e++)
			if (!strncmp(*e, "BIG", 3)) {
				if (!pattern_ok(*e + 3))
					return 4;
				envc++;
				envbytes += strlen(*e) + 1;
			}
		printf("argc %d argbytes %zu envc %d envbytes %zu\n", argc, argbytes, envc, envbytes);
	} else if (!strcmp(mode, "fail")) {
		return 99;
	} else {
		for (int i = 0; i < argc; i++)
			printf("argv[%d]=%s\n", i, argv[i]);
	}
	return fflush(stdout) ? 5 : 0;
}
