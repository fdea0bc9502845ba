/*
 * Interval timers: setitimer and getitimer (musl's alarm is setitimer). ITIMER_REAL counts
 * wall time and sends SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time
 * and send SIGVTALRM and SIGPROF. Each is a timer of ptimer.c's kind, with an id the
 * timer_* calls never see: a fork child starts with none, exec keeps them (POSIX), they go
 * with the process.
 * The ABI is musl's for a 64-bit time_t on ILP32: four 32-bit longs
 * {interval sec, usec, value sec, usec}.
 */
#include "proc.h"
#include "ptimer.h"

#define USEC 1000000LL
#define NSEC_PER_USEC 1000LL

static int timeval_ns(int32_t sec, int32_t usec, int64_t *ns)
{
	if (sec < 0 || usec < 0 || usec >= USEC)
		return -EINVAL;
	*ns = (int64_t)sec * USEC * NSEC_PER_USEC + (int64_t)usec * NSEC_PER_USEC;
	return 0;
}

/* ns as {sec, usec}, rounding a partial microsecond up (Linux). */
static void ns_timeval(int64_t ns, int32_t *out)
{
	int64_t us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
	out[0] = (int32_t)(us / USEC);
	out[1] = (int32_t)(us % USEC);
}

static int itimerval_out(struct thread *td, uaddr_t a, int64_t value, int64_t interval)
{
	int32_t v[4];
	ns_timeval(interval, v);
	ns_timeval(value, v + 2);
	return copyout(td, v, a, sizeof v);
}

/* getitimer(which, curr) */
long sys_getitimer(struct thread *td, const sysarg_t *arg)
{
	int which = (int)arg[0];
	int64_t value, interval;
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	ptimer_itimer_get(td->p, which, &value, &interval);
	return itimerval_out(td, arg[1], value, interval);
}

/* setitimer(which, new, old) */
long sys_setitimer(struct thread *td, const sysarg_t *arg)
{
	int which = (int)arg[0];
	uaddr_t unew = arg[1], uold = arg[2];
	int64_t value = 0, interval = 0, ov, oi;
	int32_t v[4];
	int r;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (unew) {
		r = copyin(td, unew, v, sizeof v);
		if (r)
			return r;
		r = timeval_ns(v[0], v[1], &interval);
		if (!r)
			r = timeval_ns(v[2], v[3], &value);
		if (r)
			return r;
	}
	ptimer_itimer_get(td->p, which, &ov, &oi);
	if (uold) {
		r = itimerval_out(td, uold, ov, oi);
		if (r)
			return r;
	}
	return unew ? ptimer_itimer_set(td->p, which, value, interval) : 0;
}
