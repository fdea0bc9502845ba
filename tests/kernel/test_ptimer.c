/*
 * Queued realtime signals and POSIX timers, driven through their handlers on the fake host's
 * clock: queue order and limits, overruns, deletion taking back a queued signal, CPU-time
 * timers, EFAULT for every pointer, and allocation failure without leaks.
 */
#include "t.h"
#include "sched.h"
#include "signal.h"
#include "ptimer.h"
#include "host.h"
#include "uapi/time.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(rt_sigqueueinfo) SYS(rt_sigprocmask) SYS(timer_create) SYS(timer_settime)
SYS(timer_gettime) SYS(timer_getoverrun) SYS(timer_delete) SYS(clock_settime)
SYS(clock_gettime) SYS(setitimer) SYS(getitimer)
#undef SYS

extern int64_t fakehost_clock_ns;
#define MS 1000000LL

/* A registered process whose one thread is td, blocking every signal, on a stopped clock. */
static struct thread *t_timer_proc(void)
{
	fakehost_clock_ns = 1000 * MS;
	struct thread *td = t_registered_proc(0, 0);
	CHECK_EQ(sigacts_init(td->p, NULL), 0);
	td->p->threads = td;
	td->p->nthreads = 1;
	td->sigmask = ~(uint64_t)0;
	return td;
}

/* Unlinks td again: the harness frees it, and proc_discard frees the rest. */
static void t_timer_done(struct thread *td)
{
	td->p->threads = NULL;
	td->p->nthreads = 0;
	fakehost_clock_ns = -1;
}

static void t_advance(int64_t ns)
{
	fakehost_clock_ns += ns;
	sched_run_timers(fakehost_clock_ns);
}

static long t_sigqueue(struct thread *td, int sig, int value)
{
	struct wp_siginfo si = { .si_signo = sig, .si_code = SI_QUEUE, .si_pid = td->p->pid,
				 .si_status = value };
	return t_sys(td, sys_rt_sigqueueinfo, (sysarg_t)td->p->pid, (sysarg_t)sig,
		     t_bytes(td, &si, sizeof si));
}

static int t_timer(struct thread *td, int notify, int sig, int value)
{
	struct wp_ksigevent ev = { value, sig, notify, 0 };
	uaddr_t id = t_alloc(td, 4);
	CHECK_EQ(t_sys(td, sys_timer_create, CLOCK_MONOTONIC, t_bytes(td, &ev, sizeof ev), id), 0);
	int32_t v;
	t_get(td, id, &v, 4);
	return v;
}

static long t_arm(struct thread *td, int id, int flags, int64_t value, int64_t interval)
{
	struct wp_itimerspec its = { interval / 1000000000, interval % 1000000000,
				     value / 1000000000, value % 1000000000 };
	return t_sys(td, sys_timer_settime, (sysarg_t)id, (sysarg_t)flags,
		     t_bytes(td, &its, sizeof its), 0);
}

TEST(realtime_signals_queue_in_order_and_standard_ones_merge)
{
	struct thread *td = t_timer_proc();
	struct ksiginfo ki;
	for (int i = 0; i < 3; i++)
		CHECK_EQ(t_sigqueue(td, SIGRTMIN + 1, 10 + i), 0);
	CHECK_EQ(t_sigqueue(td, SIGRTMIN, 5), 0);
	CHECK_EQ(t_sigqueue(td, SIGUSR1, 1), 0);
	CHECK_EQ(t_sigqueue(td, SIGUSR1, 2), 0);
	CHECK_EQ(td->p->nsigq, 4);
	CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), SIGUSR1);
	CHECK_EQ(ki.status, 1); /* the first one's info */
	CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), SIGRTMIN);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), SIGRTMIN + 1);
		CHECK_EQ(ki.status, 10 + i);
		CHECK_EQ(ki.code, SI_QUEUE);
	}
	CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), 0);
	CHECK_EQ(td->p->nsigq, 0);
	/* what is still queued when the process goes is freed with it (the leak checker) */
	CHECK_EQ(t_sigqueue(td, SIGRTMIN + 2, 1), 0);
	t_timer_done(td);
}

TEST(rlimit_sigpending_refuses_sigqueue_but_kill_still_sets_the_signal)
{
	struct thread *td = t_timer_proc();
	struct ksiginfo ki;
	td->p->rlim[RLIMIT_SIGPENDING].cur = 2;
	CHECK_EQ(t_sigqueue(td, SIGRTMIN, 1), 0);
	CHECK_EQ(t_sigqueue(td, SIGRTMIN, 2), 0);
	CHECK_EQ(t_sigqueue(td, SIGRTMIN, 3), -EAGAIN);
	struct ksiginfo user = { .code = SI_USER, .pid = 1 };
	CHECK_EQ(signal_send_proc(td->p, SIGRTMIN + 1, &user, NULL), 0);
	CHECK(td->p->sigpending & SIGBIT(SIGRTMIN + 1));
	CHECK_EQ(signal_take(td, SIGBIT(SIGRTMIN + 1), &ki), SIGRTMIN + 1);
	CHECK_EQ(ki.code, SI_USER);
	t_timer_done(td);
}

TEST(sigqueue_survives_every_allocation_failure)
{
	struct thread *td = t_timer_proc();
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_sigqueue(td, SIGRTMIN, 7);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -EAGAIN);
		CHECK_EQ(td->p->sigpending, 0);
		CHECK_EQ(td->p->nsigq, 0);
		CHECK(n < 100);
	}
	CHECK_EQ(td->p->nsigq, 1);
	t_timer_done(td);
}

TEST(a_periodic_timer_queues_once_and_counts_overruns_until_taken)
{
	struct thread *td = t_timer_proc();
	struct ksiginfo ki;
	int id = t_timer(td, SIGEV_SIGNAL, SIGRTMIN, 42);
	CHECK_EQ(t_arm(td, id, 0, 10 * MS, 10 * MS), 0);
	t_advance(5 * MS);
	CHECK_EQ(td->p->sigpending, 0);
	t_advance(5 * MS);
	CHECK(td->p->sigpending & SIGBIT(SIGRTMIN));
	t_advance(10 * MS);
	t_advance(10 * MS);
	CHECK_EQ(td->p->nsigq, 1);
	t_advance(35 * MS); /* a late expiry counts the periods it skipped: 3 more */
	CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), SIGRTMIN);
	CHECK_EQ(ki.code, SI_TIMER);
	CHECK_EQ(ki.pid, id);
	CHECK_EQ(ki.status, 42);
	CHECK_EQ(ki.uid, 5);
	CHECK_EQ(t_sys(td, sys_timer_getoverrun, (sysarg_t)id), 5);
	t_advance(10 * MS);
	CHECK_EQ(signal_take(td, ~(uint64_t)0, &ki), SIGRTMIN);
	CHECK_EQ(ki.uid, 0);
	/* gettime: what is left and the interval */
	uaddr_t cur = t_alloc(td, 32);
	struct wp_itimerspec its;
	CHECK_EQ(t_sys(td, sys_timer_gettime, (sysarg_t)id, cur), 0);
	t_get(td, cur, &its, sizeof its);
	CHECK_EQ(its.interval_nsec, 10 * MS);
	CHECK(its.value_nsec > 0 && its.value_nsec <= 10 * MS);
	/* deleting takes back a queued signal */
	t_advance(10 * MS);
	CHECK(td->p->sigpending & SIGBIT(SIGRTMIN));
	CHECK_EQ(t_sys(td, sys_timer_delete, (sysarg_t)id), 0);
	CHECK_EQ(td->p->sigpending, 0);
	CHECK_EQ(td->p->nsigq, 0);
	CHECK_EQ(t_sys(td, sys_timer_delete, (sysarg_t)id), -EINVAL);
	t_timer_done(td);
}

TEST(an_absolute_realtime_timer_follows_clock_settime)
{
	struct thread *td = t_timer_proc();
	struct wp_ksigevent ev = { 0, SIGRTMIN, SIGEV_SIGNAL, 0 };
	uaddr_t idp = t_alloc(td, 4), now = t_alloc(td, 16);
	int32_t id;
	CHECK_EQ(t_sys(td, sys_timer_create, CLOCK_REALTIME, t_bytes(td, &ev, sizeof ev), idp), 0);
	t_get(td, idp, &id, 4);
	CHECK_EQ(t_sys(td, sys_clock_gettime, CLOCK_REALTIME, now), 0);
	int64_t ts[2];
	t_get(td, now, ts, sizeof ts);
	int64_t at = ts[0] * 1000000000 + ts[1] + 100 * MS;
	CHECK_EQ(t_arm(td, id, TIMER_ABSTIME, at, 0), 0);
	t_advance(50 * MS);
	CHECK_EQ(td->p->sigpending, 0);
	/* the clock set to 10 ms past its absolute time: the timer goes off */
	int64_t set[2] = { (at + 10 * MS) / 1000000000, (at + 10 * MS) % 1000000000 };
	CHECK_EQ(t_sys(td, sys_clock_settime, CLOCK_REALTIME, t_bytes(td, set, sizeof set)), 0);
	t_advance(0);
	CHECK(td->p->sigpending & SIGBIT(SIGRTMIN));
	clock_realtime_set((int64_t)host_clock(CLOCK_REALTIME)); /* back to the host's time */
	t_timer_done(td);
}

TEST(clock_settime_needs_privilege_and_a_settable_clock)
{
	struct thread *td = t_registered_proc(1000, 1000);
	int64_t ts[2] = { 1, 0 }, bad[2] = { 1, 1000000000 };
	uaddr_t a = t_bytes(td, ts, sizeof ts);
	CHECK_EQ(t_sys(td, sys_clock_settime, CLOCK_REALTIME, a), -EPERM);
	CHECK_EQ(t_sys(td, sys_clock_settime, CLOCK_MONOTONIC, a), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clock_settime, 12345, a), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clock_settime, CLOCK_REALTIME, t_bytes(td, bad, sizeof bad)),
		 -EINVAL);
	CHECK_EQ(t_sys(td, sys_clock_settime, CLOCK_REALTIME, T_BAD), -EFAULT);
	/* so far on that the clock would overflow while running (found by the fuzzer) */
	struct thread *root = t_registered_proc(0, 0);
	int64_t far[2] = { INT64_MAX / 1000000000 - 1, 0 };
	CHECK_EQ(t_sys(root, sys_clock_settime, CLOCK_REALTIME, t_bytes(root, far, sizeof far)),
		 -EINVAL);
}

TEST(a_cpu_time_timer_waits_for_cpu_time_not_wall_time)
{
	struct thread *td = t_timer_proc();
	struct wp_ksigevent ev = { 0, SIGRTMIN, SIGEV_SIGNAL, 0 };
	uaddr_t idp = t_alloc(td, 4);
	int32_t id;
	CHECK_EQ(t_sys(td, sys_timer_create, CLOCK_PROCESS_CPUTIME_ID,
		       t_bytes(td, &ev, sizeof ev), idp), 0);
	t_get(td, idp, &id, 4);
	td->state = TD_PARKED; /* not running: the CPU clock stands still */
	int64_t used = thread_cpu_time(td);
	CHECK_EQ(t_arm(td, id, 0, 20 * MS, 0), 0);
	for (int i = 0; i < 10; i++)
		t_advance(20 * MS);
	CHECK_EQ(td->p->sigpending, 0);
	td->utime_ns = used + 20 * MS; /* as if it had run 20 ms; the timer looks again when it
					* could first have been due: 20 ms after it last looked */
	t_advance(20 * MS);
	CHECK(td->p->sigpending & SIGBIT(SIGRTMIN));
	td->state = TD_SYSCALL;
	t_timer_done(td);
}

TEST(itimer_virtual_fires_on_cpu_time_and_survives_exec_while_posix_timers_do_not)
{
	struct thread *td = t_timer_proc();
	int32_t v[4] = { 0, 0, 0, 10000 }; /* 10 ms, once */
	td->state = TD_PARKED;
	CHECK_EQ(t_sys(td, sys_setitimer, 1, t_bytes(td, v, sizeof v), 0), 0);
	int id = t_timer(td, SIGEV_NONE, 0, 0);
	t_advance(30 * MS);
	CHECK_EQ(td->p->sigpending, 0);
	td->utime_ns += 10 * MS;
	t_advance(10 * MS);
	CHECK(td->p->sigpending & SIGBIT(SIGVTALRM));
	CHECK_EQ(t_sys(td, sys_setitimer, 2, t_bytes(td, v, sizeof v), 0), 0);
	ptimer_release(td->p, true); /* exec */
	CHECK_EQ(t_sys(td, sys_timer_delete, (sysarg_t)id), -EINVAL);
	uaddr_t got = t_alloc(td, 16);
	CHECK_EQ(t_sys(td, sys_getitimer, 2, got), 0);
	int32_t g[4];
	t_get(td, got, g, sizeof g);
	CHECK(g[3] > 0);
	td->state = TD_SYSCALL;
	t_timer_done(td);
}

TEST(timer_calls_give_efault_for_every_bad_pointer)
{
	struct thread *td = t_timer_proc();
	struct wp_ksigevent ev = { 0, SIGRTMIN, SIGEV_SIGNAL, 0 };
	uaddr_t evp = t_bytes(td, &ev, sizeof ev), idp = t_alloc(td, 4);
	CHECK_EQ(t_sys(td, sys_timer_create, CLOCK_MONOTONIC, T_BAD, idp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_timer_create, CLOCK_MONOTONIC, evp, T_BAD), -EFAULT);
	CHECK(td->p->ptimers == NULL); /* nothing was left behind */
	int id = t_timer(td, SIGEV_SIGNAL, SIGRTMIN, 0);
	CHECK_EQ(t_sys(td, sys_timer_settime, (sysarg_t)id, 0, T_BAD, 0), -EFAULT);
	struct wp_itimerspec its = { 0, 0, 1, 0 };
	CHECK_EQ(t_sys(td, sys_timer_settime, (sysarg_t)id, 0, t_bytes(td, &its, sizeof its),
		       T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_timer_gettime, (sysarg_t)id, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_rt_sigqueueinfo, (sysarg_t)td->p->pid, SIGRTMIN, T_BAD), -EFAULT);
	t_timer_done(td);
}

TEST(timer_create_survives_every_allocation_failure)
{
	struct thread *td = t_timer_proc();
	struct wp_ksigevent ev = { 0, SIGRTMIN, SIGEV_SIGNAL, 0 };
	uaddr_t evp = t_bytes(td, &ev, sizeof ev), idp = t_alloc(td, 4);
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_sys(td, sys_timer_create, CLOCK_MONOTONIC, evp, idp);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -EAGAIN);
		CHECK(td->p->ptimers == NULL);
		CHECK(n < 100);
	}
	CHECK(td->p->ptimers != NULL); /* freed with the process (the leak checker) */
	t_timer_done(td);
}
