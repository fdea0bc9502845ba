/*
 * Traps, identities, limits and sleeping: a child that traps dies by the right signal; the
 * set*id rules; RLIMIT_NPROC stops a fork bomb with EAGAIN and the system stays usable;
 * getrlimit/setrlimit/prlimit; uname; getrandom; nanosleep interrupted with the time left.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/random.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"

#define UID 54321 /* a user with no other processes */

static int child_status(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	return st;
}

static void do_unreachable(void) { __builtin_trap(); }
static void do_wild_store(void) { *(volatile int *)(uintptr_t)0xfffffff0u = 1; }
static volatile int zero;
static void do_divide(void) { zero = 7 / zero; }

static void a_child_that_traps_is_seen_signaled_by_its_parent(void)
{
	int st = child_status(do_unreachable);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL);
	st = child_status(do_wild_store);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = child_status(do_divide);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGFPE);
}

static void uname_and_getrandom_answer(void)
{
	struct utsname u;
	unsigned char a[64], b[64];
	int nz = 0;

	CHECK(uname(&u) == 0);
	CHECK(strcmp(u.sysname, "Linux") == 0);
	CHECK(u.nodename[0] && u.release[0] && u.machine[0]);
	CHECK(getrandom(a, sizeof(a), 0) == sizeof(a));
	CHECK(getrandom(b, sizeof(b), GRND_NONBLOCK) == sizeof(b));
	for (size_t i = 0; i < sizeof(a); i++)
		nz += a[i] != 0;
	CHECK(nz > 32 && memcmp(a, b, sizeof(a)) != 0);
	errno = 0;
	CHECK(getrandom(a, 8, 0x100) == -1 && errno == EINVAL);
}

static void limits_are_read_and_set_by_their_rules(void)
{
	struct rlimit r, o;

	CHECK(getrlimit(RLIMIT_NOFILE, &o) == 0);
	CHECK(o.rlim_cur <= o.rlim_max);
	r.rlim_cur = 64;
	r.rlim_max = o.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 64);
	r.rlim_cur = r.rlim_max + 1;
	errno = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == -1 && errno == EINVAL);
	CHECK(prlimit(0, RLIMIT_NOFILE, &o, &r) == 0 && r.rlim_cur == 64);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == o.rlim_cur);
	errno = 0;
	CHECK(getrlimit(9999, &r) == -1 && errno == EINVAL);
}

static void an_unprivileged_process_follows_the_setid_rules(void)
{
	uid_t r, e, s;
	struct rlimit l;

	CHECK(setgroups(0, NULL) == 0);
	CHECK(setresgid(UID, UID, UID) == 0);
	CHECK(setresuid(UID, UID, 0) == 0); /* saved root: may return to it */
	CHECK(getresuid(&r, &e, &s) == 0 && r == UID && e == UID && s == 0);
	CHECK(seteuid(0) == 0 && geteuid() == 0 && getuid() == UID);
	CHECK(setuid(UID) == 0); /* as root: all three */
	CHECK(getresuid(&r, &e, &s) == 0 && r == UID && e == UID && s == UID);
	errno = 0;
	CHECK(setuid(0) == -1 && errno == EPERM);
	CHECK(setreuid(-1, 0) == -1 && errno == EPERM);
	CHECK(setresuid(-1, 1, -1) == -1 && errno == EPERM);
	CHECK(setgid(0) == -1 && errno == EPERM);
	CHECK(setgroups(0, NULL) == -1 && errno == EPERM);
	/* raising a hard limit needs privilege */
	CHECK(getrlimit(RLIMIT_NOFILE, &l) == 0);
	l.rlim_max++;
	CHECK(setrlimit(RLIMIT_NOFILE, &l) == -1 && errno == EPERM);
}

static void setid_child(void)
{
	an_unprivileged_process_follows_the_setid_rules();
}

/* Forks children that wait on a pipe until the limit stops it; returns how many. */
static void fork_bomb(void)
{
	struct rlimit l = { 8, 8 };
	int p[2], n = 0;
	pid_t pids[64];
	char c;

	CHECK(setgroups(0, NULL) == 0 && setgid(UID) == 0 && setuid(UID) == 0);
	CHECK(setrlimit(RLIMIT_NPROC, &l) == 0);
	CHECK(pipe(p) == 0);
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			close(p[1]);
			read(p[0], &c, 1);
			_exit(0);
		}
		if (pid < 0) {
			CHECK(errno == EAGAIN);
			break;
		}
		CHECK(n < 64);
		pids[n++] = pid;
	}
	CHECK(n == 7); /* this process counts too */
	close(p[1]);
	for (int i = 0; i < n; i++) {
		int st;
		CHECK(waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st));
	}
	/* usable again: one more child comes and goes */
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(3);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3);
}

static void set_ids_and_nproc_as_a_user(void)
{
	if (geteuid() != 0)
		return; /* the native reference run needs root to become another user */
	int st = child_status(setid_child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = child_status(fork_bomb);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void on_alarm(int sig) { (void)sig; }

static void nanosleep_interrupted_gives_eintr_and_the_time_left(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 200000 } };
	struct timespec req = { 2, 0 }, rem = { 0, 0 };

	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	errno = 0;
	CHECK(nanosleep(&req, &rem) == -1 && errno == EINTR);
	CHECK(rem.tv_sec == 1 && rem.tv_nsec > 300000000);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 0, -1 }, NULL) == EINVAL);
	CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL) == EINVAL);
	/* an absolute time in the past returns at once */
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &(struct timespec){ 0, 0 }, NULL) == 0);
}

int main(void)
{
	RUN(a_child_that_traps_is_seen_signaled_by_its_parent);
	RUN(uname_and_getrandom_answer);
	RUN(limits_are_read_and_set_by_their_rules);
	RUN(set_ids_and_nproc_as_a_user);
	RUN(nanosleep_interrupted_gives_eintr_and_the_time_left);
	puts("ids: ok");
	return 0;
}
