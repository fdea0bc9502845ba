/*
 * posix_spawn under wasm-posix and natively: file actions run exactly once even when
 * posix_spawnp tries failing PATH entries first, chdir actions and relative program paths,
 * the attributes (process group, session, signal mask, default signals, reset ids), the
 * exec rules applied to the child, and failures that leave no child behind.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>

#include "util.h"

#define UID 54321

/*
 * Spawns with p (posix_spawn or posix_spawnp), stdout on a pipe added as the last action;
 * returns the error, and the output and wait status of the child when there is one.
 */
static int spawn_run(int (*p)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			      const posix_spawnattr_t *, char *const[], char *const[]),
		     const char *path, posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr,
		     char *const argv[], const char **out, int *status)
{
	int pp[2];
	posix_spawn_file_actions_t own;
	CHECK(pipe2(pp, O_CLOEXEC) == 0);
	if (!fa) {
		CHECK(posix_spawn_file_actions_init(&own) == 0);
		fa = &own;
	}
	CHECK(posix_spawn_file_actions_adddup2(fa, pp[1], 1) == 0);
	pid_t pid = -1;
	int e = p(&pid, path, fa, attr, argv, environ);
	close(pp[1]);
	*out = slurp(pp[0]);
	close(pp[0]);
	if (!e)
		CHECK(waitpid(pid, status, 0) == pid);
	/* a spawn that failed left no child */
	CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
	if (fa == &own)
		posix_spawn_file_actions_destroy(&own);
	return e;
}

static void expect_output(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		fprintf(stderr, "%s printed:\n%s-- want:\n%s--\n", what, got, want);
		exit(1);
	}
}

static void file_actions_run_once_while_spawnp_walks_path(void)
{
	CHECK(mkdir(at("sub"), 0755) == 0);
	CHECK(mkdir(at("bin"), 0755) == 0);
	CHECK(mkdir(at("noexec"), 0755) == 0);
	CHECK(symlink(probe, at("bin/wpprobe")) == 0);
	put_file(at("noexec/wpprobe"), "#!/bin/sh\n", 0644); /* EACCES */
	put_file(at("afile"), "", 0644);                     /* afile/wpprobe: ENOTDIR */
	put_file(at("sub/old"), "old", 0644);
	char path[4 * PATH_MAX];
	snprintf(path, sizeof path, "PATH=%s:%s:%s:%s", at("nowhere"), at("noexec"), at("afile"),
		 at("bin"));
	char *savedpath = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	CHECK(putenv(strdup(path)) == 0);

	posix_spawn_file_actions_t fa;
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, at("sub")) == 0);
	/* relative to sub: had the chdir run twice it would look in sub/sub */
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, ".") == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 7, "once", O_WRONLY | O_CREAT | O_EXCL, 0644) ==
	      0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 8, "old", O_RDONLY, 0) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, 7, 9) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, 7) == 0);
	char *argv[] = { "wpprobe", "write", "9", "written once", NULL };
	const char *out;
	int st;
	int e = spawn_run(posix_spawnp, "wpprobe", &fa, NULL, argv, &out, &st);
	CHECK(e == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	posix_spawn_file_actions_destroy(&fa);
	int fd = open(at("sub/once"), O_RDONLY);
	CHECK(fd >= 0);
	expect_output("the once file", slurp(fd), "written once");
	close(fd);

	/* the same fd report through spawnp: 7 closed, 8 and 9 open */
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, at("sub")) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 7, "once2", O_WRONLY | O_CREAT | O_EXCL, 0644) ==
	      0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, 7, 9) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, 7) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 8, "old", O_RDONLY | O_CLOEXEC, 0) == 0);
	char *fds[] = { "wpprobe", "fds", "7", "8", "9", NULL };
	CHECK(spawn_run(posix_spawnp, "wpprobe", &fa, NULL, fds, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* O_CLOEXEC is lost as the libcs lose it: open, then dup2 onto the fd asked for */
	expect_output("fds after actions", out, "7 closed\n8 open\n9 open\n");
	posix_spawn_file_actions_destroy(&fa);

	/* no candidate runs: ENOENT or EACCES as the walk found, and no action ran */
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 7, at("never"), O_WRONLY | O_CREAT, 0644) == 0);
	e = spawn_run(posix_spawnp, "wpnothere", &fa, NULL, argv, &out, &st);
	CHECK(e == ENOENT);
	posix_spawn_file_actions_destroy(&fa);

	if (savedpath)
		CHECK(setenv("PATH", savedpath, 1) == 0);
	else
		unsetenv("PATH");
	free(savedpath);
	printf("spawnp file actions: ok\n");
}

static void relative_programs_resolve_after_chdir_actions(void)
{
	posix_spawn_file_actions_t fa;
	const char *out;
	int st;
	char *argv[] = { "wpprobe", "cwd", NULL };
	char want[PATH_MAX + 2];
	snprintf(want, sizeof want, "%s\n", at("bin"));

	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, at("bin")) == 0);
	CHECK(spawn_run(posix_spawn, "wpprobe", &fa, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	expect_output("spawn after addchdir", out, want);
	posix_spawn_file_actions_destroy(&fa);

	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, scratch) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, "bin") == 0);
	CHECK(spawn_run(posix_spawn, "./wpprobe", &fa, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	expect_output("spawn after two addchdir", out, want);
	posix_spawn_file_actions_destroy(&fa);

	int dfd = open(at("bin"), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(dfd >= 0);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addfchdir_np(&fa, dfd) == 0);
	CHECK(spawn_run(posix_spawn, "wpprobe", &fa, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	expect_output("spawn after addfchdir", out, want);
	posix_spawn_file_actions_destroy(&fa);
	close(dfd);

	/* fchdir to a directory an earlier action opens, then a program only found there */
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 9, at("bin"), O_RDONLY | O_DIRECTORY, 0) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, 9, 10) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, 9) == 0);
	CHECK(posix_spawn_file_actions_addfchdir_np(&fa, 10) == 0);
	CHECK(spawn_run(posix_spawn, "wpprobe", &fa, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	expect_output("spawn after open and addfchdir", out, want);
	posix_spawn_file_actions_destroy(&fa);

	/* a chdir action that fails is the spawn's error */
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, at("nowhere")) == 0);
	CHECK(spawn_run(posix_spawn, probe, &fa, NULL, argv, &out, &st) == ENOENT);
	posix_spawn_file_actions_destroy(&fa);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addchdir_np(&fa, at("afile")) == 0);
	CHECK(spawn_run(posix_spawn, probe, &fa, NULL, argv, &out, &st) == ENOTDIR);
	posix_spawn_file_actions_destroy(&fa);
	printf("chdir actions: ok\n");
}

static const char *probe_with(posix_spawnattr_t *attr, const char *mode)
{
	char *argv[] = { "probe", (char *)mode, NULL };
	const char *out;
	int st;
	int e = spawn_run(posix_spawn, probe, NULL, attr, argv, &out, &st);
	if (e) {
		fprintf(stderr, "spawn %s: %s\n", mode, strerror(e));
		exit(1);
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return out;
}

static void on_signal(int s) { (void)s; }

static void attributes_shape_the_child(void)
{
	posix_spawnattr_t at_;
	CHECK(posix_spawnattr_init(&at_) == 0);
	expect_output("plain ids", probe_with(&at_, "ids"),
		      "pgid=pid 0\nsid=pid 0\npgid=parent's 1\nsid=parent's 1\neuid 0 egid 0\n");

	CHECK(posix_spawnattr_setflags(&at_, POSIX_SPAWN_SETPGROUP) == 0);
	CHECK(posix_spawnattr_setpgroup(&at_, 0) == 0);
	expect_output("setpgroup 0", probe_with(&at_, "ids"),
		      "pgid=pid 1\nsid=pid 0\npgid=parent's 0\nsid=parent's 1\neuid 0 egid 0\n");
	CHECK(posix_spawnattr_setpgroup(&at_, getpgrp()) == 0);
	expect_output("setpgroup own", probe_with(&at_, "ids"),
		      "pgid=pid 0\nsid=pid 0\npgid=parent's 1\nsid=parent's 1\neuid 0 egid 0\n");

	CHECK(posix_spawnattr_setflags(&at_, POSIX_SPAWN_SETSID) == 0);
	expect_output("setsid", probe_with(&at_, "ids"),
		      "pgid=pid 1\nsid=pid 1\npgid=parent's 0\nsid=parent's 0\neuid 0 egid 0\n");

	/* signals: handled ones reset, ignored ones stay unless in the default set */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	sigset_t m, old;
	sigemptyset(&m);
	sigaddset(&m, SIGHUP);
	CHECK(sigprocmask(SIG_BLOCK, &m, &old) == 0);
	CHECK(posix_spawnattr_setflags(&at_, 0) == 0);
	expect_output("inherited signals", probe_with(&at_, "sig"), "blocked 1\nign 12\nign 13\n");

	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGTERM);
	sigaddset(&m, SIGKILL); /* cannot be blocked: dropped */
	CHECK(posix_spawnattr_setsigmask(&at_, &m) == 0);
	sigemptyset(&m);
	sigaddset(&m, SIGPIPE);
	CHECK(posix_spawnattr_setsigdefault(&at_, &m) == 0);
	CHECK(posix_spawnattr_setflags(&at_, POSIX_SPAWN_SETSIGMASK) == 0);
	expect_output("setsigmask", probe_with(&at_, "sig"),
		      "blocked 10\nign 12\nign 13\nblocked 15\n");
	CHECK(posix_spawnattr_setflags(&at_, POSIX_SPAWN_SETSIGDEF) == 0);
	expect_output("setsigdef", probe_with(&at_, "sig"), "blocked 1\nign 12\n");
	CHECK(posix_spawnattr_setflags(&at_, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) == 0);
	expect_output("setsigdef and mask", probe_with(&at_, "sig"),
		      "blocked 10\nign 12\nblocked 15\n");
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	CHECK(posix_spawnattr_destroy(&at_) == 0);
	printf("attributes: ok\n");
}

/* In a child (this process keeps its ids): effective ids differ from the real ones. */
static void reset_ids_restores_the_real_ids(void)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		CHECK(setegid(UID) == 0 && seteuid(UID) == 0);
		posix_spawnattr_t a;
		CHECK(posix_spawnattr_init(&a) == 0);
		expect_output("kept ids", probe_with(&a, "ids"),
			      "pgid=pid 0\nsid=pid 0\npgid=parent's 1\nsid=parent's 1\n"
			      "euid 54321 egid 54321\n");
		CHECK(posix_spawnattr_setflags(&a, POSIX_SPAWN_RESETIDS) == 0);
		expect_output("reset ids", probe_with(&a, "ids"),
			      "pgid=pid 0\nsid=pid 0\npgid=parent's 1\nsid=parent's 1\n"
			      "euid 0 egid 0\n");
		_exit(0);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	printf("resetids: ok\n");
}

static void failed_spawns_leave_no_child(void)
{
	char *argv[] = { "probe", "fail", NULL };
	const char *out;
	int st;
	put_file(at("garbage"), "not a program\n", 0755);
	CHECK(spawn_run(posix_spawn, at("nowhere"), NULL, NULL, argv, &out, &st) == ENOENT);
	CHECK(spawn_run(posix_spawn, at("noexec/wpprobe"), NULL, NULL, argv, &out, &st) == EACCES);
	CHECK(spawn_run(posix_spawn, at("garbage"), NULL, NULL, argv, &out, &st) == ENOEXEC);
	CHECK(spawn_run(posix_spawn, at("afile/x"), NULL, NULL, argv, &out, &st) == ENOTDIR);
	CHECK(spawn_run(posix_spawnp, "wpnothere", NULL, NULL, argv, &out, &st) == ENOENT);

	posix_spawn_file_actions_t fa;
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 5, at("nowhere"), O_RDONLY, 0) == 0);
	CHECK(spawn_run(posix_spawn, probe, &fa, NULL, argv, &out, &st) == ENOENT);
	posix_spawn_file_actions_destroy(&fa);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, 1000, 5) == 0);
	CHECK(spawn_run(posix_spawn, probe, &fa, NULL, argv, &out, &st) == EBADF);
	posix_spawn_file_actions_destroy(&fa);

	posix_spawnattr_t a;
	CHECK(posix_spawnattr_init(&a) == 0);
	CHECK(posix_spawnattr_setflags(&a, POSIX_SPAWN_SETPGROUP) == 0);
	CHECK(posix_spawnattr_setpgroup(&a, 999999) == 0); /* no such group */
	CHECK(spawn_run(posix_spawn, probe, NULL, &a, argv, &out, &st) == EPERM);
	/* setsid comes first, and a session leader cannot change its group */
	CHECK(posix_spawnattr_setflags(&a, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETPGROUP) == 0);
	CHECK(posix_spawnattr_setpgroup(&a, 0) == 0);
	CHECK(spawn_run(posix_spawn, probe, NULL, &a, argv, &out, &st) == EPERM);
	CHECK(posix_spawnattr_destroy(&a) == 0);
	printf("failed spawns: ok\n");
}

static void spawned_children_follow_exec_rules(void)
{
	int keep = open(probe, O_RDONLY);
	int gone = open(probe, O_RDONLY | O_CLOEXEC);
	CHECK(keep >= 0 && gone >= 0);
	char k[16], g[16];
	snprintf(k, sizeof k, "%d", keep);
	snprintf(g, sizeof g, "%d", gone);
	char *argv[] = { "probe", "fds", k, g, NULL };
	const char *out;
	int st;
	CHECK(spawn_run(posix_spawn, probe, NULL, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char want[64];
	snprintf(want, sizeof want, "%d open\n%d closed\n", keep, gone);
	expect_output("spawn fds", out, want);

	/* dup2 of an fd onto itself clears its close-on-exec flag */
	posix_spawn_file_actions_t fa;
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, gone, gone) == 0);
	CHECK(spawn_run(posix_spawn, probe, &fa, NULL, argv, &out, &st) == 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(want, sizeof want, "%d open\n%d open\n", keep, gone);
	expect_output("spawn fds after dup2 onto itself", out, want);
	posix_spawn_file_actions_destroy(&fa);
	close(keep);
	close(gone);

	/* a script through posix_spawn, its optional argument included */
	char s[PATH_MAX + 16];
	snprintf(s, sizeof s, "#!%s opt\n", probe);
	put_file(at("script"), s, 0755);
	char *sargv[] = { "dropped", "x", NULL };
	CHECK(spawn_run(posix_spawn, at("script"), NULL, NULL, sargv, &out, &st) == 0);
	snprintf(s, sizeof s, "argv[0]=%s\nargv[1]=opt\nargv[2]=%s\nargv[3]=x\n", probe,
		 at("script"));
	expect_output("spawned script", out, s);
	printf("spawn exec rules: ok\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setup_scratch();
	CHECK(getuid() == 0); /* resetids needs a real uid that differs from UID */
	RUN(file_actions_run_once_while_spawnp_walks_path);
	RUN(relative_programs_resolve_after_chdir_actions);
	RUN(attributes_shape_the_child);
	RUN(reset_ids_restores_the_real_ids);
	RUN(failed_spawns_leave_no_child);
	RUN(spawned_children_follow_exec_rules);
	remove_tree(scratch);
	return 0;
}
