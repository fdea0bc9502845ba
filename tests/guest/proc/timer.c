/* POSIX timers on the wall and CPU clocks: one-shot, periodic with overruns, absolute,
 * SIGEV_NONE, SIGEV_THREAD_ID, deletion and errors; CPU-time clocks of a process and a
 * thread; ITIMER_VIRTUAL and ITIMER_PROF fire; clock_settime's errors. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "../check.h"

#define MS 1000000L
#ifndef sigev_notify_thread_id /* glibc names the field only inside its union */
#define sigev_notify_thread_id _sigev_un._tid
#endif

static int64_t ns_of(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void block(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	CHECK(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
}

static int wait_for(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec limit = { 5, 0 };
	return sigtimedwait(&s, si, &limit);
}

static timer_t make(clockid_t clock, int notify, int sig, int value)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = notify;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = value;
	timer_t t;
	CHECK(timer_create(clock, &ev, &t) == 0);
	return t;
}

static void arm(timer_t t, int flags, int64_t value, int64_t interval)
{
	struct itimerspec its = { { interval / 1000000000, interval % 1000000000 },
				  { value / 1000000000, value % 1000000000 } };
	CHECK(timer_settime(t, flags, &its, NULL) == 0);
}

static void test_one_shot_timer_sends_its_value(void)
{
	int sig = SIGRTMIN;
	block(sig);
	timer_t t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, sig, 77);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	arm(t, 0, 20 * MS, 0);
	struct itimerspec cur;
	CHECK(timer_gettime(t, &cur) == 0);
	CHECK(ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 20 * MS);
	CHECK(ns_of(cur.it_interval) == 0);
	siginfo_t si;
	CHECK(wait_for(sig, &si) == sig);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(ns_of(b) - ns_of(a) >= 20 * MS);
	CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 77);
	CHECK(timer_gettime(t, &cur) == 0 && ns_of(cur.it_value) == 0);
	CHECK(timer_delete(t) == 0);
}

static void test_periodic_timer_counts_overruns_while_its_signal_is_pending(void)
{
	int sig = SIGRTMIN + 1;
	block(sig);
	timer_t t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, sig, 5);
	arm(t, 0, 2 * MS, 2 * MS);
	struct timespec nap = { 0, 50 * MS };
	nanosleep(&nap, NULL);
	siginfo_t si;
	CHECK(wait_for(sig, &si) == sig);
	CHECK(si.si_code == SI_TIMER && si.si_overrun >= 5);
	CHECK(timer_getoverrun(t) == si.si_overrun);
	struct itimerspec cur;
	CHECK(timer_gettime(t, &cur) == 0 && ns_of(cur.it_interval) == 2 * MS);
	/* one signal pending at a time: the next comes with the next expiry */
	CHECK(wait_for(sig, &si) == sig && si.si_code == SI_TIMER);
	CHECK(timer_delete(t) == 0);
	/* deleting it took back what it had queued */
	struct timespec zero = { 0, 0 };
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	nanosleep(&nap, NULL);
	CHECK(sigtimedwait(&s, &si, &zero) == -1 && errno == EAGAIN);
}

static void test_absolute_timer_on_the_realtime_clock(void)
{
	int sig = SIGRTMIN + 2;
	block(sig);
	timer_t t = make(CLOCK_REALTIME, SIGEV_SIGNAL, sig, 9);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	arm(t, TIMER_ABSTIME, ns_of(now) + 10 * MS, 0);
	siginfo_t si;
	CHECK(wait_for(sig, &si) == sig && si.si_value.sival_int == 9);
	struct timespec after;
	clock_gettime(CLOCK_REALTIME, &after);
	CHECK(ns_of(after) >= ns_of(now) + 10 * MS);
	/* a time already past expires at once */
	arm(t, TIMER_ABSTIME, ns_of(now), 0);
	CHECK(wait_for(sig, &si) == sig);
	CHECK(timer_delete(t) == 0);
}

static void test_sigev_none_counts_down_without_a_signal(void)
{
	timer_t t = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0);
	arm(t, 0, 1000 * MS, 0);
	struct itimerspec a, b;
	CHECK(timer_gettime(t, &a) == 0);
	struct timespec nap = { 0, 5 * MS };
	nanosleep(&nap, NULL);
	CHECK(timer_gettime(t, &b) == 0);
	CHECK(ns_of(b.it_value) < ns_of(a.it_value) && ns_of(b.it_value) > 900 * MS);
	CHECK(timer_delete(t) == 0);
	/* disarming (a SIGEV_NONE timer would do, but Linux 6.18 reads one still counting) */
	t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 0);
	arm(t, 0, 1000 * MS, 0);
	arm(t, 0, 0, 0);
	CHECK(timer_gettime(t, &b) == 0 && ns_of(b.it_value) == 0);
	CHECK(timer_delete(t) == 0);
}

static void test_sigev_thread_id_targets_a_thread(void)
{
	int sig = SIGRTMIN + 3;
	block(sig);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = 3;
	ev.sigev_notify_thread_id = syscall(SYS_gettid);
	timer_t t;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	arm(t, 0, 5 * MS, 0);
	siginfo_t si;
	CHECK(wait_for(sig, &si) == sig && si.si_value.sival_int == 3);
	CHECK(timer_delete(t) == 0);
	ev.sigev_notify_thread_id = 999999;
	errno = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == -1 && errno == EINVAL);
}

static void test_timer_errors(void)
{
	timer_t t;
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 65;
	errno = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == -1 && errno == EINVAL);
	ev.sigev_signo = SIGUSR1;
	ev.sigev_notify = 99;
	errno = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timer_create(12345, NULL, &t) == -1 && errno == EINVAL);
	t = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0);
	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
	errno = 0;
	CHECK(timer_settime(t, 0, &bad, NULL) == -1 && errno == EINVAL);
	CHECK(timer_delete(t) == 0);
	errno = 0;
	CHECK(timer_settime(t, 0, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timer_getoverrun(t) == -1 && errno == EINVAL);
}

static void burn(int64_t cpu_ns)
{
	struct timespec a, b;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	do {
		for (volatile int i = 0; i < 10000; i++)
			;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	} while (ns_of(b) - ns_of(a) < cpu_ns);
}

static void test_cpu_time_timer_fires_after_cpu_time_not_sleep(void)
{
	int sig = SIGRTMIN + 4;
	block(sig);
	timer_t t = make(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, sig, 4);
	arm(t, 0, 30 * MS, 0);
	/* asleep, the CPU clock hardly moves */
	struct timespec nap = { 0, 60 * MS };
	nanosleep(&nap, NULL);
	sigset_t pend;
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, sig));
	burn(40 * MS);
	siginfo_t si;
	CHECK(wait_for(sig, &si) == sig && si.si_value.sival_int == 4);
	CHECK(timer_delete(t) == 0);
}

static volatile sig_atomic_t vt, prof;
static void on_vt(int sig)
{
	(void)sig;
	vt++;
}
static void on_prof(int sig)
{
	(void)sig;
	prof++;
}

static void test_itimer_virtual_and_prof_fire(void)
{
	CHECK(signal(SIGVTALRM, on_vt) != SIG_ERR);
	CHECK(signal(SIGPROF, on_prof) != SIG_ERR);
	struct itimerval v = { { 0, 0 }, { 0, 20000 } }, got;
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0);
	CHECK(getitimer(ITIMER_VIRTUAL, &got) == 0);
	/* Linux counts CPU timers in ticks: up to a tick more than was set */
	CHECK(got.it_value.tv_sec == 0 && got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 30000);
	for (int i = 0; i < 1000 && (!vt || !prof); i++)
		burn(1 * MS);
	CHECK(vt == 1 && prof == 1);
	CHECK(getitimer(ITIMER_VIRTUAL, &got) == 0 && got.it_value.tv_usec == 0);
}

static void test_cpu_clocks_of_a_process_and_a_thread(void)
{
	clockid_t c;
	struct timespec ts;
	CHECK(clock_getcpuclockid(getpid(), &c) == 0);
	CHECK(clock_gettime(c, &ts) == 0 && ns_of(ts) > 0);
	CHECK(clock_getcpuclockid(0, &c) == 0 && clock_gettime(c, &ts) == 0);
	CHECK(clock_getcpuclockid(999999, &c) == ESRCH);
	CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0);
}

static void test_clock_settime_errors(void)
{
	struct timespec ts = { 1, 0 };
	errno = 0;
	CHECK(clock_settime(CLOCK_MONOTONIC, &ts) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(clock_settime(12345, &ts) == -1 && errno == EINVAL);
	struct timespec bad = { 1, 1000000000 };
	errno = 0;
	CHECK(clock_settime(CLOCK_REALTIME, &bad) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(clock_settime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1 && errno == EINVAL);
}

int main(void)
{
	RUN(test_one_shot_timer_sends_its_value);
	RUN(test_periodic_timer_counts_overruns_while_its_signal_is_pending);
	RUN(test_absolute_timer_on_the_realtime_clock);
	RUN(test_sigev_none_counts_down_without_a_signal);
	RUN(test_sigev_thread_id_targets_a_thread);
	RUN(test_timer_errors);
	RUN(test_cpu_time_timer_fires_after_cpu_time_not_sleep);
	RUN(test_itimer_virtual_and_prof_fire);
	RUN(test_cpu_clocks_of_a_process_and_a_thread);
	RUN(test_clock_settime_errors);
	puts("timer ok");
	return 0;
}
