/* Signals to self: handlers, masks, pending sets, SA_RESETHAND, sigsuspend with alarm,
 * sigtimedwait, sigaltstack, kill permission checks. */
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include "../check.h"

static volatile sig_atomic_t got, got_sig, got_code, got_pid, in_handler_mask_has_usr2;

static void on_usr1(int sig)
{
	got++;
	got_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got++;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	in_handler_mask_has_usr2 = sigismember(&cur, SIGUSR2) && sigismember(&cur, sig);
}

static void test_handler_runs_on_raise(void)
{
	got = 0;
	CHECK(signal(SIGUSR1, on_usr1) != SIG_ERR);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(got == 1 && got_sig == SIGUSR1);
}

static void test_siginfo_and_handler_mask(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	got = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got == 1 && got_code == SI_USER && got_pid == getpid());
	CHECK(in_handler_mask_has_usr2);
	/* the mask is back after the handler */
	sigset_t cur;
	CHECK(sigprocmask(SIG_BLOCK, NULL, &cur) == 0);
	CHECK(!sigismember(&cur, SIGUSR2) && !sigismember(&cur, SIGUSR1));
	struct sigaction old;
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
	CHECK(old.sa_sigaction == on_info && (old.sa_flags & SA_SIGINFO));
}

static void test_blocked_signal_stays_pending(void)
{
	sigset_t set, pend;
	got = 0;
	signal(SIGUSR1, on_usr1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(got == 0);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(got == 1);
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
}

static void test_ignored_pending_signal_is_discarded(void)
{
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	signal(SIGUSR2, on_usr1);
	raise(SIGUSR2);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR2));
	signal(SIGUSR2, SIG_IGN);
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR2));
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	signal(SIGUSR2, SIG_DFL);
}

static void test_resethand(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESETHAND;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	got = 0;
	raise(SIGUSR1);
	CHECK(got == 1);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
}

static void test_sigkill_cannot_be_caught(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	errno = 0;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
	CHECK(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL);
	CHECK(sigaction(65, &sa, NULL) == -1 && errno == EINVAL);
	sigset_t set, cur;
	sigfillset(&set);
	CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &cur) == 0);
	CHECK(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP) && sigismember(&cur, SIGINT));
	sigemptyset(&set);
	CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
}

static void on_alarm(int sig)
{
	got++;
	got_sig = sig;
}

static void test_sigsuspend_waits_for_alarm(void)
{
	sigset_t block, old, wait;
	got = 0;
	signal(SIGALRM, on_alarm);
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
	alarm(1);
	sigemptyset(&wait);
	errno = 0;
	CHECK(sigsuspend(&wait) == -1 && errno == EINTR);
	CHECK(got == 1 && got_sig == SIGALRM);
	/* the pre-suspend mask is back: SIGALRM blocked */
	sigset_t cur;
	CHECK(sigprocmask(SIG_SETMASK, &old, &cur) == 0 && sigismember(&cur, SIGALRM));
}

static void test_sigtimedwait(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 0, 0 };
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	errno = 0;
	CHECK(sigtimedwait(&set, &si, &ts) == -1 && errno == EAGAIN);
	ts.tv_nsec = 20 * 1000 * 1000;
	errno = 0;
	CHECK(sigtimedwait(&set, &si, &ts) == -1 && errno == EAGAIN);
	union sigval v = { .sival_int = 42 };
	CHECK(sigqueue(getpid(), SIGUSR2, v) == 0);
	CHECK(sigtimedwait(&set, &si, &ts) == SIGUSR2);
	CHECK(si.si_signo == SIGUSR2 && si.si_code == SI_QUEUE && si.si_value.sival_int == 42);
	/* a wait for an alarm that arrives later */
	sigaddset(&set, SIGALRM);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	alarm(1);
	int sig;
	CHECK(sigwait(&set, &sig) == 0 && sig == SIGALRM);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
}

static void test_kill_errors(void)
{
	errno = 0;
	CHECK(kill(getpid(), 0) == 0);
	CHECK(kill(getpid(), 99) == -1 && errno == EINVAL);
	CHECK(kill(30000, 0) == -1 && errno == ESRCH);
	CHECK(kill(-30000, SIGUSR1) == -1 && errno == ESRCH);
}

static void test_sigaltstack(void)
{
	static char stk[16384];
	stack_t ss = { .ss_sp = stk, .ss_size = sizeof stk, .ss_flags = 0 }, old;
	CHECK(sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE));
	CHECK(sigaltstack(&ss, NULL) == 0);
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == stk && old.ss_size == sizeof stk);
	ss.ss_size = 100;
	errno = 0;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0);
}

int main(void)
{
	RUN(test_handler_runs_on_raise);
	RUN(test_siginfo_and_handler_mask);
	RUN(test_blocked_signal_stays_pending);
	RUN(test_ignored_pending_signal_is_discarded);
	RUN(test_resethand);
	RUN(test_sigkill_cannot_be_caught);
	RUN(test_kill_errors);
	RUN(test_sigaltstack);
	RUN(test_sigtimedwait);
	RUN(test_sigsuspend_waits_for_alarm);
	puts("sig_handler: ok");
	return 0;
}
