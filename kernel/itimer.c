/*
 * Interval timers: setitimer and getitimer (musl's alarm is setitimer). ITIMER_REAL counts
 * wall time on the kernel's timer heap and sends SIGALRM to the process when it expires,
 * then reloads from the interval. ITIMER_VIRTUAL and ITIMER_PROF keep their values but never
 * fire: the kernel does not account guest CPU time.
 *
 * Timers live in this file's own list, keyed by process identity (pid and start time); a
 * process's timers are freed when it exits (itimer_release), or else ITIMER_VIRTUAL and
 * ITIMER_PROF, which never expire, would outlive it forever. A fork child starts with none
 * (a new pid); exec keeps them (POSIX).
 * The ABI is musl's for a 64-bit time_t on ILP32: four 32-bit longs
 * {interval sec, usec, value sec, usec}.
 */
#include "proc.h"
#include "sched.h"
#include "signal.h"

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define USEC 1000000LL
#define NSEC_PER_USEC 1000LL

struct itimer {
	struct ktimer kt;          /* first: the expiry callback finds the record from it */
	struct proc *p;
	int pid;
	int64_t start_ns;          /* with pid, tells p from a later process at the same address */
	int which;
	int64_t interval;          /* ns; 0: one shot */
	int64_t value;             /* ns left, for the timers that never run (not REAL) */
	struct itimer *next;
};

static struct itimer *itimers;

static bool owner_alive(const struct itimer *it)
{
	struct proc *p = proc_find(it->pid);
	return p == it->p && p->start_ns == it->start_ns && p->state == PROC_ALIVE;
}

static struct itimer *itimer_find(struct proc *p, int which)
{
	for (struct itimer *it = itimers; it; it = it->next)
		if (it->p == p && it->pid == p->pid && it->start_ns == p->start_ns && it->which == which)
			return it;
	return NULL;
}

static void itimer_free(struct itimer *it)
{
	for (struct itimer **pp = &itimers; *pp; pp = &(*pp)->next) {
		if (*pp == it) {
			*pp = it->next;
			break;
		}
	}
	ktimer_disarm(&it->kt);
	kfree(it);
}

static void itimer_expired(struct ktimer *t)
{
	struct itimer *it = (struct itimer *)t;
	if (!owner_alive(it)) {
		itimer_free(it);
		return;
	}
	if (it->interval) {
		int64_t next = t->when + it->interval, now = clock_monotonic_ns();
		ktimer_arm(t, next > now ? next : now + it->interval);
	}
	struct proc *p = it->p;
	struct ksiginfo ki = { .code = SI_KERNEL };
	if (!it->interval)
		itimer_free(it);
	signal_send_proc(p, SIGALRM, &ki, NULL);
}

void itimer_release(struct proc *p)
{
	for (struct itimer *it = itimers, *next; it; it = next) {
		next = it->next;
		if (it->p == p && it->pid == p->pid && it->start_ns == p->start_ns)
			itimer_free(it);
	}
}

/* The time left on p's timer which, and its interval, in ns (0, 0 when disarmed). */
static void itimer_get(struct proc *p, int which, int64_t *value, int64_t *interval)
{
	struct itimer *it = itimer_find(p, which);
	*value = *interval = 0;
	if (!it)
		return;
	*interval = it->interval;
	if (which != ITIMER_REAL) {
		*value = it->value;
		return;
	}
	int64_t left = it->kt.when - clock_monotonic_ns();
	*value = left > 0 ? left : 1; /* an armed timer never reads as disarmed */
}

/* Arms (value > 0) or disarms p's timer which: 0 or -ENOMEM. */
static int itimer_set(struct proc *p, int which, int64_t value, int64_t interval)
{
	struct itimer *it = itimer_find(p, which);
	if (!value) {
		if (it)
			itimer_free(it);
		return 0;
	}
	if (!it) {
		it = kzalloc(sizeof *it);
		if (!it)
			return -ENOMEM;
		ktimer_init(&it->kt, itimer_expired);
		it->p = p;
		it->pid = p->pid;
		it->start_ns = p->start_ns;
		it->which = which;
		it->next = itimers;
		itimers = it;
	}
	it->interval = interval;
	it->value = value;
	if (which == ITIMER_REAL)
		ktimer_arm(&it->kt, clock_monotonic_ns() + value);
	return 0;
}

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
	itimer_get(td->p, which, &value, &interval);
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
	itimer_get(td->p, which, &ov, &oi);
	if (uold) {
		r = itimerval_out(td, uold, ov, oi);
		if (r)
			return r;
	}
	return unew ? itimer_set(td->p, which, value, interval) : 0;
}
