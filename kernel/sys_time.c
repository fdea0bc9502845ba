/*
 * Clocks and sleeping: clock_gettime, clock_getres, clock_settime, clock_nanosleep. (musl's
 * nanosleep, gettimeofday and time are built on these.) Timespecs are {int64 sec; int64
 * nsec}, of which only the low 32 bits of nsec count on input.
 */
#include "proc.h"
#include "ptimer.h"
#include "uapi/time.h"

#define NSEC 1000000000LL
/* The latest time clock_settime takes: Linux's TIME_SETTOD_SEC_MAX, 30 years short of the
 * end of a 64-bit ns clock, so that the clock can run on without overflowing. */
#define SETTOD_NS_MAX ((INT64_MAX / NSEC - 30LL * 365 * 86400) * NSEC)

struct ktimespec {
	int64_t sec, nsec;
};

/*
 * A CPU-time clock (uapi/time.h) read by process p, in ns: 0 or -EINVAL. Pid 0 is td, or
 * td's process; without td it names nothing.
 */
static int cpu_clock_read(struct proc *p, struct thread *td, int id, int64_t *ns)
{
	int pid = ~(id >> 3);
	if ((id & 3) > CPUCLOCK_SCHED || (!pid && !td))
		return -EINVAL;
	if (id & CPUCLOCK_PERTHREAD) {
		struct thread *t = pid ? thread_find(pid) : td;
		if (!t || t->p != p)
			return -EINVAL; /* only a thread of one's own process (Linux) */
		*ns = thread_cpu_time(t);
		return 0;
	}
	struct proc *q = pid ? proc_find(pid) : p;
	if (!q || q->state == PROC_ZOMBIE)
		return -EINVAL;
	*ns = proc_cpu_ns(q);
	return 0;
}

int clock_read_proc(struct proc *p, int id, int64_t *ns)
{
	if (id < 0)
		return cpu_clock_read(p, NULL, id, ns);
	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	return clock_read(NULL, id, ns);
}

int clock_read(struct thread *td, int id, int64_t *ns)
{
	if (id < 0)
		return cpu_clock_read(td->p, td, id, ns);
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = clock_monotonic_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = proc_cpu_ns(td->p);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cpu_time(td);
		return 0;
	}
	return -EINVAL;
}

int timespec_in(struct thread *td, uaddr_t a, int64_t *ns)
{
	struct ktimespec ts;
	int r = copyin(td, a, &ts, sizeof ts);
	if (r)
		return r;
	int64_t nsec = (int32_t)(uint32_t)ts.nsec;
	if (ts.sec < 0 || nsec < 0 || nsec >= NSEC)
		return -EINVAL;
	*ns = ts.sec > INT64_MAX / NSEC - 1 ? INT64_MAX : ts.sec * NSEC + nsec;
	return 0;
}

int timeout_deadline(struct thread *td, uaddr_t ts, bool absolute, bool realtime,
		     int64_t *deadline)
{
	int64_t ns, now = clock_monotonic_ns();
	*deadline = 0;
	if (!ts)
		return 0;
	int r = timespec_in(td, ts, &ns);
	if (r < 0)
		return r;
	if (absolute && realtime)
		ns = ns_add(ns - clock_realtime_ns(), now);
	else if (!absolute)
		ns = ns_add(now, ns);
	*deadline = ns > 0 ? ns : 1;
	return 0;
}

static int timespec_out(struct thread *td, uaddr_t a, int64_t ns)
{
	struct ktimespec ts = { ns / NSEC, ns % NSEC };
	if (ns < 0 && ts.nsec) {
		ts.sec--;
		ts.nsec += NSEC;
	}
	return copyout(td, &ts, a, sizeof ts);
}

long sys_clock_gettime(struct thread *td, const sysarg_t *arg)
{
	int64_t ns;
	int r = clock_read(td, (int)arg[0], &ns);
	return r ? r : timespec_out(td, arg[1], ns);
}

/*
 * clock_settime64(clock, tp): only CLOCK_REALTIME can be set, and only with privilege
 * (EPERM). The kernel keeps the difference from the host's clock; the host's own time is
 * not touched. Timers on the clock follow (ptimer_clock_was_set).
 */
long sys_clock_settime(struct thread *td, const sysarg_t *arg)
{
	int id = (int)arg[0];
	int64_t now, t;
	int r = clock_read(td, id, &now);
	if (r)
		return r;
	if ((r = timespec_in(td, arg[1], &t)))
		return r;
	if (id != CLOCK_REALTIME || t >= SETTOD_NS_MAX)
		return -EINVAL;
	if (td->p->cred.euid != 0)
		return -EPERM;
	clock_realtime_set(t);
	ptimer_clock_was_set(t - now);
	timerfd_clock_was_set();
	return 0;
}

long sys_clock_getres(struct thread *td, const sysarg_t *arg)
{
	int64_t ns;
	int r = clock_read(td, (int)arg[0], &ns);
	if (r)
		return r;
	return arg[1] ? timespec_out(td, arg[1], 1000) : 0;
}

/*
 * clock_nanosleep(clock, flags, req, rem): parks until the deadline. Interrupted by a handled
 * signal it fails with EINTR (never restarted) and, for relative sleeps, stores what was left.
 */
long sys_clock_nanosleep(struct thread *td, const sysarg_t *arg)
{
	int id = (int)arg[0];
	uint32_t flags = arg[1];
	uaddr_t req = arg[2], rem = arg[3];
	int64_t now;
	if (id == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	int r = clock_read(td, id, &now);
	if (r)
		return r;
	if (!td->resumed) {
		int64_t t;
		r = timespec_in(td, req, &t);
		if (r)
			return r;
		/* the deadline on the monotonic clock the timer heap uses */
		int64_t rel = (flags & TIMER_ABSTIME) ? t - now : t;
		if (rel <= 0)
			return 0;
		int64_t mono = clock_monotonic_ns();
		td->wake_at = rel > INT64_MAX - mono ? INT64_MAX : mono + rel;
	}
	long pr = thread_park(td, NULL, td->wake_at);
	if (pr == -ETIMEDOUT)
		return 0;
	if (pr == -ERESTARTSYS) {
		if (rem && !(flags & TIMER_ABSTIME)) {
			int64_t left = td->wake_at - clock_monotonic_ns();
			timespec_out(td, rem, left > 0 ? left : 0);
		}
		return -EINTR;
	}
	return pr;
}
