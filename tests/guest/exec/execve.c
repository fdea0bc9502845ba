/*
 * execve under wasm-posix and natively: the errno of each failure, #! scripts with and
 * without their optional argument, close-on-exec, signal dispositions across exec, and
 * argv/envp near ARG_MAX. Run from the directory that holds the probe (probe.c).
 */
#define _GNU_SOURCE
#include <signal.h>

#include "util.h"

static void expect_errno(const char *path, int want)
{
	int got = exec_errno(path);
	if (got != want) {
		fprintf(stderr, "exec %s: errno %d (%s), want %d (%s)\n", path, got,
			strerror(got), want, strerror(want));
		exit(1);
	}
}

static void each_failure_has_its_linux_errno(void)
{
	put_file(at("plain"), "#!/bin/sh\n", 0644);
	put_file(at("garbage"), "this is not a program\n", 0755);
	put_file(at("empty"), "", 0755);
	put_file(at("bare"), "#!\n", 0755);
	put_file(at("blank"), "#!   \t \n", 0755);
	char s[PATH_MAX + 16];
	snprintf(s, sizeof s, "#!%s\n", at("nowhere"));
	put_file(at("lost"), s, 0755);
	snprintf(s, sizeof s, "#!%s\n", scratch);
	put_file(at("dirinterp"), s, 0755);
	snprintf(s, sizeof s, "#!%s\n", at("plain"));
	put_file(at("noxinterp"), s, 0755);
	CHECK(symlink("loop2", at("loop1")) == 0);
	CHECK(symlink("loop1", at("loop2")) == 0);
	CHECK(mkdir(at("dir"), 0755) == 0);

	expect_errno(at("nowhere"), ENOENT);
	expect_errno("", ENOENT);
	expect_errno(at("nowhere/probe"), ENOENT);
	expect_errno(at("lost"), ENOENT);         /* the interpreter is missing */
	expect_errno(at("plain"), EACCES);        /* no execute permission, even for root */
	expect_errno(at("dir"), EACCES);          /* a directory */
	expect_errno(at("dirinterp"), EACCES);    /* the interpreter is a directory */
	expect_errno(at("noxinterp"), EACCES);    /* the interpreter is not executable */
	expect_errno(at("garbage"), ENOEXEC);
	expect_errno(at("empty"), ENOEXEC);
	expect_errno(at("bare"), ENOEXEC);        /* #! with no interpreter */
	expect_errno(at("blank"), ENOEXEC);
	expect_errno(at("plain/probe"), ENOTDIR);
	expect_errno(at("garbage/"), ENOTDIR);
	expect_errno(at("loop1"), ELOOP);
	expect_errno(at("loop1/probe"), ELOOP);
	printf("errnos: ok\n");
}

/* The probe's "args" report for the given strings. */
static const char *args_report(int n, const char *const v[])
{
	static char b[8192];
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += snprintf(b + len, sizeof b - len, "argv[%d]=%s\n", i, v[i]);
	return b;
}

static void expect_run(const char *path, char *const argv[], const char *want)
{
	int st;
	const char *out = run(NULL, path, argv, NULL, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (strcmp(out, want)) {
		fprintf(stderr, "exec %s printed:\n%s-- want:\n%s--\n", path, out, want);
		exit(1);
	}
}

static void scripts_run_through_their_interpreter(void)
{
	char s[PATH_MAX + 64];
	char *argv[] = { "name-dropped", "x", "y z", NULL };

	snprintf(s, sizeof s, "#!%s\nignored\n", probe);
	put_file(at("noarg"), s, 0755);
	expect_run(at("noarg"), argv,
		   args_report(4, (const char *[]){ probe, at("noarg"), "x", "y z" }));

	snprintf(s, sizeof s, "#!%s opt\n", probe);
	put_file(at("onearg"), s, 0755);
	expect_run(at("onearg"), argv,
		   args_report(5, (const char *[]){ probe, "opt", at("onearg"), "x", "y z" }));

	/* the argument is the rest of the line, blanks inside kept and around it dropped */
	snprintf(s, sizeof s, "#! \t%s \t two  words\t \n", probe);
	put_file(at("spaced"), s, 0755);
	expect_run(at("spaced"), argv,
		   args_report(5, (const char *[]){ probe, "two  words", at("spaced"), "x", "y z" }));

	/* a script as the interpreter of a script */
	snprintf(s, sizeof s, "#!%s\n", at("onearg"));
	put_file(at("nested"), s, 0755);
	expect_run(at("nested"), argv,
		   args_report(6, (const char *[]){ probe, "opt", at("onearg"), at("nested"), "x",
						   "y z" }));

	/* no argv at all: the script path still follows the interpreter */
	char *none[] = { NULL };
	expect_run(at("noarg"), none, args_report(2, (const char *[]){ probe, at("noarg") }));

	put_file(at("shell"), "#!/bin/sh\necho \"[$#] $1|$2\"\n", 0755);
	expect_run(at("shell"), argv, "[2] x|y z\n");
	printf("scripts: ok\n");
}

/* How many scripts may stand between exec and a program; one more is ELOOP. */
static void interpreter_chains_end_in_eloop(void)
{
	char s[PATH_MAX + 16], name[32];
	int depth = 0;

	snprintf(s, sizeof s, "#!%s\n", probe);
	put_file(at("chain0"), s, 0755);
	for (int i = 1; i < 10; i++) {
		snprintf(s, sizeof s, "#!%s\n", at((snprintf(name, sizeof name, "chain%d", i - 1), name)));
		snprintf(name, sizeof name, "chain%d", i);
		put_file(at(name), s, 0755);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "chain%d", i);
		int e = exec_errno(at(name));
		if (e == 0) {
			CHECK(depth == i);
			depth = i + 1;
		} else {
			CHECK(e == ELOOP);
		}
	}
	printf("scripts before ELOOP: %d\n", depth);
}

static void set_up_fds(void)
{
	int fd = open(probe, O_RDONLY);
	if (fd < 0 || dup2(fd, 10) != 10 || close(fd))
		_exit(90);
	if (dup3(10, 11, O_CLOEXEC) != 11 || dup2(10, 12) != 12 ||
	    fcntl(12, F_SETFD, FD_CLOEXEC) || fcntl(10, F_DUPFD_CLOEXEC, 13) != 13 ||
	    fcntl(11, F_DUPFD, 14) != 14 || dup2(11, 15) != 15)
		_exit(91);
	int p[2];
	if (pipe2(p, O_CLOEXEC) || dup3(p[0], 16, O_CLOEXEC) != 16 || dup2(p[1], 17) != 17)
		_exit(92);
	close(p[0]);
	close(p[1]);
	fd = open(probe, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup3(fd, 18, O_CLOEXEC) != 18 || fcntl(18, F_SETFD, 0) || close(fd))
		_exit(93);
}

static void close_on_exec_fds_close_and_others_stay(void)
{
	char *argv[] = { "probe", "fds", "10", "11", "12", "13", "14", "15", "16", "17", "18",
			 "19", NULL };
	int st;
	const char *out = run(set_up_fds, probe, argv, NULL, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (strcmp(out, "10 open\n11 closed\n12 closed\n13 closed\n14 open\n15 open\n"
			"16 closed\n17 open\n18 open\n19 closed\n")) {
		fprintf(stderr, "fds after exec:\n%s", out);
		exit(1);
	}

	/* a failed exec closes nothing */
	int fd = open(probe, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK(execve(at("nowhere"), (char *[]){ "x", NULL }, environ) == -1 && errno == ENOENT);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(close(fd) == 0);
	printf("close-on-exec: ok\n");
}

static void on_signal(int s) { (void)s; }

static void set_up_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART | SA_NODEFER };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGQUIT);
	if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
	    sigaction(SIGALRM, &sa, NULL))
		_exit(90);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGUSR2, &sa, NULL) || signal(SIGPIPE, SIG_IGN) == SIG_ERR ||
	    signal(SIGCHLD, SIG_IGN) == SIG_ERR)
		_exit(91);
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGHUP);
	sigaddset(&m, SIGINT);
	sigaddset(&m, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &m, NULL) || raise(SIGINT) || raise(SIGTERM))
		_exit(92);
}

static void handled_signals_reset_and_ignored_stay_ignored(void)
{
	char *argv[] = { "probe", "sig", NULL };
	int st;
	const char *out = run(set_up_signals, probe, argv, NULL, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* the mask and the pending set survive too (SIGTERM was pending while handled) */
	if (strcmp(out, "blocked 1\nblocked 2\npending 2\nign 12\nign 13\nblocked 15\n"
			"pending 15\nign 17\n")) {
		fprintf(stderr, "signals after exec:\n%s", out);
		exit(1);
	}

	/* a failed exec keeps the handler */
	struct sigaction sa = { .sa_handler = on_signal }, old;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(execve(at("garbage"), (char *[]){ "x", NULL }, environ) == -1 && errno == ENOEXEC);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_signal);
	signal(SIGUSR1, SIG_DFL);
	printf("signals: ok\n");
}

/* n strings "iK=" + letter, K from first, each len bytes with its NUL, prefixed by pre. */
static char **pattern(int first, int n, size_t len, const char *pre, size_t *bytes)
{
	char **v = calloc(n + 1, sizeof *v);
	CHECK(v);
	for (int i = 0; i < n; i++) {
		CHECK((v[i] = malloc(len)));
		int k = first + i;
		int h = snprintf(v[i], len, "%si%d=", pre, k);
		memset(v[i] + h, 'a' + k % 26, len - 1 - h);
		v[i][len - 1] = 0;
		*bytes += len;
	}
	return v;
}

static void argv_and_envp_near_arg_max_pass_intact(void)
{
	long max = sysconf(_SC_ARG_MAX);
	CHECK(max >= 4096);
	size_t have = 0;
	int envc = 0;
	for (char **e = environ; *e; e++, envc++)
		have += strlen(*e) + 1 + sizeof(char *);
	/* 16 argv and 16 envp strings filling all but 8 KiB, pointers counted */
	size_t len = (max - 8192 - have) / 32 - sizeof(char *), argbytes = 0, envbytes = 0;
	char **big = pattern(0, 16, len, "", &argbytes);
	char **benv = pattern(16, 16, len, "BIG", &envbytes);
	char **argv = calloc(19, sizeof *argv), **envp = calloc(envc + 17, sizeof *envp);
	CHECK(argv && envp);
	argv[0] = "probe";
	argv[1] = "big";
	memcpy(argv + 2, big, 16 * sizeof *argv);
	memcpy(envp, environ, envc * sizeof *envp);
	memcpy(envp + envc, benv, 16 * sizeof *envp);
	int st;
	const char *out = run(NULL, probe, argv, envp, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char want[128];
	snprintf(want, sizeof want, "argc 18 argbytes %zu envc 16 envbytes %zu\n", argbytes,
		 envbytes);
	if (strcmp(out, want)) {
		fprintf(stderr, "big exec printed %s want %s", out, want);
		exit(1);
	}

	/* four times ARG_MAX, in one string or in many, is E2BIG and the caller goes on */
	size_t b = 0;
	char **one = pattern(0, 1, 4 * max, "", &b);
	CHECK(execve(probe, (char *[]){ "probe", "fail", one[0], NULL }, environ) == -1);
	CHECK(errno == E2BIG);
	CHECK(execve(probe, (char *[]){ "probe", "fail", NULL }, one) == -1 && errno == E2BIG);
	char **many = pattern(0, 64, max / 16, "", &b);
	CHECK(execve(probe, many, environ) == -1 && errno == E2BIG);
	for (int i = 0; i < 16; i++) {
		free(big[i]);
		free(benv[i]);
	}
	for (int i = 0; i < 64; i++)
		free(many[i]);
	free(one[0]);
	free(one);
	free(many);
	free(big);
	free(benv);
	free(argv);
	free(envp);
	printf("ARG_MAX: ok\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setup_scratch();
	RUN(each_failure_has_its_linux_errno);
	RUN(scripts_run_through_their_interpreter);
	RUN(interpreter_chains_end_in_eloop);
	RUN(close_on_exec_fds_close_and_others_stay);
	RUN(handled_signals_reset_and_ignored_stay_ignored);
	RUN(argv_and_envp_near_arg_max_pass_intact);
	remove_tree(scratch);
	return 0;
}
