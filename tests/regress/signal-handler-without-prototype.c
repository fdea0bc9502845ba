// native-too
/* A handler defined without a prototype, `static void h() { ... }`, killed the program with
 * SIGSEGV when its signal came: wasm checks an indirect call's exact type and void () is not
 * void (int). Every shape a C compiler accepts must run, with signal or sigaction, with or
 * without SA_SIGINFO, and siglongjmp out of one must still work. */
#include <setjmp.h>
#include <signal.h>
#include "check.h"

static volatile sig_atomic_t calls, last;
static sigjmp_buf jb;

static void noproto() { calls++; }
static void one(int sig) { calls++; last = sig; }
static int returns_int(int sig) { calls++; last = sig; return 7; }
static void three(int sig, siginfo_t *si, void *uc) { (void)uc; calls++; last = si->si_signo + sig; }
static void jumps() { siglongjmp(jb, 1); }

static void on(int sig, void *h, int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = (void (*)(int))h;
	sa.sa_flags = flags;
	CHECK(sigaction(sig, &sa, NULL) == 0);
}

int main(void)
{
	CHECK(signal(SIGUSR1, noproto) != SIG_ERR);
	CHECK(raise(SIGUSR1) == 0 && calls == 1);

	on(SIGUSR2, (void *)noproto, 0);
	CHECK(raise(SIGUSR2) == 0 && calls == 2);
	on(SIGUSR2, (void *)noproto, SA_SIGINFO);
	CHECK(raise(SIGUSR2) == 0 && calls == 3);
	on(SIGUSR2, (void *)one, SA_SIGINFO);
	CHECK(raise(SIGUSR2) == 0 && calls == 4 && last == SIGUSR2);
	on(SIGUSR1, (void *)returns_int, 0);
	CHECK(raise(SIGUSR1) == 0 && calls == 5 && last == SIGUSR1);
	on(SIGUSR1, (void *)three, SA_SIGINFO);
	CHECK(raise(SIGUSR1) == 0 && calls == 6 && last == 2 * SIGUSR1);

	CHECK(signal(SIGALRM, jumps) != SIG_ERR);
	if (sigsetjmp(jb, 1) == 0) {
		raise(SIGALRM);
		CHECK(!"siglongjmp did not leave the handler");
	}
	sigset_t cur;
	CHECK(sigprocmask(SIG_BLOCK, NULL, &cur) == 0 && !sigismember(&cur, SIGALRM));
	CHECK(raise(SIGUSR2) == 0 && calls == 7);
	puts("handlers ok");
	return 0;
}
