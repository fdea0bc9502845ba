/*
 * The libc half of signal delivery (the syscall glue): handlers with and without
 * SA_SIGINFO, siginfo contents, the mask during and after a handler, a handler's change to
 * uc_sigmask taking effect at return, SA_ONSTACK on an alternate stack, and siglongjmp
 * out of a handler.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include "check.h"

static volatile int plain_sig, info_sig, info_code, info_pid, usr2_blocked_inside;
static volatile uintptr_t handler_local;
static sigjmp_buf jb;

static void plain(int s) { plain_sig = s; }

static void with_info(int s, siginfo_t *si, void *uc)
{
	sigset_t now;
	info_sig = s;
	info_code = si->si_code;
	info_pid = si->si_pid;
	sigprocmask(SIG_SETMASK, 0, &now);
	usr2_blocked_inside = sigismember(&now, SIGUSR2); /* from sa_mask */
	sigaddset(&((ucontext_t *)uc)->uc_sigmask, SIGWINCH); /* applies after return */
}

static void on_alt(int s)
{
	volatile char here;
	(void)s;
	handler_local = (uintptr_t)&here;
}

static void jump_out(int s) { siglongjmp(jb, s); }

int main(void)
{
	sigset_t none, now;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, 0);

	signal(SIGUSR1, plain);
	CHECK(raise(SIGUSR1) == 0 && plain_sig == SIGUSR1);

	struct sigaction sa = { .sa_sigaction = with_info, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, 0) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(info_sig == SIGUSR1 && info_code == SI_USER && info_pid == getpid());
	CHECK(usr2_blocked_inside);
	sigprocmask(SIG_SETMASK, 0, &now);
	CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2));
	CHECK(sigismember(&now, SIGWINCH));
	sigprocmask(SIG_SETMASK, &none, 0);

	static char alt[65536];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
	CHECK(sigaltstack(&ss, 0) == 0);
	struct sigaction sa2 = { .sa_handler = on_alt, .sa_flags = SA_ONSTACK };
	CHECK(sigaction(SIGUSR2, &sa2, 0) == 0);
	raise(SIGUSR2);
	CHECK(handler_local >= (uintptr_t)alt && handler_local < (uintptr_t)alt + sizeof alt);

	signal(SIGTERM, jump_out);
	int r = sigsetjmp(jb, 1);
	if (r == 0) {
		raise(SIGTERM);
		CHECK(!"siglongjmp did not leave the handler");
	}
	CHECK(r == SIGTERM);
	sigprocmask(SIG_SETMASK, 0, &now);
	CHECK(!sigismember(&now, SIGTERM)); /* the mask sigsetjmp saw, not the handler's */
	return check_done("sighandler");
}
