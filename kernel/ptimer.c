/*
 * POSIX per-process timers (ptimer.h): timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete.
 *
 * A timer keeps its next expiry on its own clock and rides the kernel's timer heap, which
 * runs on CLOCK_MONOTONIC: a wall-clock timer is armed for the monotonic instant its clock
 * reaches the expiry (and again when CLOCK_REALTIME is set); a CPU-time timer cannot know
 * when its clock will get there, so it is armed for the soonest instant it could (every
 * thread running) and, when it is not there yet, looks again no sooner than CPU_POLL_NS.
 *
 * At expiry the timer queues its signal, SI_TIMER with the timer's id and value, unless the
 * previous one is still pending: then the expiry counts as an overrun, and so do periods a
 * late expiry skipped. When the signal is taken, the count so far becomes what
 * timer_getoverrun and si_overrun report (signal.c calls ptimer_taken). musl builds
 * SIGEV_THREAD on SIGEV_THREAD_ID to a helper thread of its own.
 */
#include "ptimer.h"
#include "sched.h"
#include "signal.h"
#include "uapi/time.h"

#define NSEC 1000000000LL
#define CPU_POLL_NS 1000000LL      /* a CPU-time timer not yet due looks again after 1 ms */
#define DELAYTIMER_MAX 0x7fffffff  /* overrun counts stop here (POSIX) */

struct ptimer {
	struct ktimer kt;       /* first: the expiry callback finds the timer from it */
	struct proc *p;         /* the owner; its timers go with it (ptimer_release) */
	struct ptimer *next;    /* p's timers */
	int id;
	int clock;              /* a clock clock_read takes; CPU clocks name their pid or tid */
	bool abstime;           /* armed with TIMER_ABSTIME (re-armed when the clock is set) */
	int64_t expiry;         /* on clock, ns; 0 when disarmed */
	int64_t interval;       /* ns; 0 for a one-shot timer */
	int notify, signo, tid;
	int code;               /* the signal's si_code: SI_TIMER, or SI_KERNEL for an itimer */
	int32_t value;          /* sigev_value */
	int overrun;            /* expirations lost since the signal was queued */
	int overrun_last;       /* timer_getoverrun: the count as the last signal was taken */
	bool queued;            /* its signal is pending */
};

static struct ptimer *ptimer_find(struct proc *p, int id)
{
	for (struct ptimer *t = p->ptimers; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static bool cpu_clock(int clock)
{
	return clock < 0;
}

/* Now on t's clock, read as its owner: 0, or -EINVAL once the clock's thread is gone. */
static int ptimer_now(struct ptimer *t, int64_t *now)
{
	return clock_read_proc(t->p, t->clock, now);
}

/* Arms the heap for t's expiry seen from now on its clock; polled says it was not due. */
static void ptimer_arm(struct ptimer *t, int64_t now, bool polled)
{
	int64_t left = t->expiry - now;
	if (left < 0)
		left = 0;
	if (cpu_clock(t->clock)) {
		int running = (t->clock & CPUCLOCK_PERTHREAD) ? 1 : t->p->nthreads;
		left /= running > 0 ? running : 1;
		if (polled && left < CPU_POLL_NS)
			left = CPU_POLL_NS;
	}
	ktimer_arm(&t->kt, ns_add(clock_monotonic_ns(), left));
}

static void overrun_add(struct ptimer *t, int64_t n)
{
	int64_t o = (int64_t)t->overrun + n;
	t->overrun = o > DELAYTIMER_MAX ? DELAYTIMER_MAX : (int)o;
}

/*
 * Sends t's signal for n expirations. Sending may end the process (the signal's default
 * action), and t with it: the caller must not touch t after this returns false.
 */
static bool ptimer_notify(struct ptimer *t, int64_t n)
{
	if (t->notify == SIGEV_NONE)
		return true;
	if (t->queued) {
		overrun_add(t, n);
		return true;
	}
	overrun_add(t, n - 1);
	struct proc *p = t->p;
	int pid = p->pid, id = t->id;
	int64_t start = p->start_ns;
	struct ksiginfo ki = { .code = t->code, .pid = id, .status = t->value };
	t->queued = true;
	if (t->notify & SIGEV_THREAD_ID) {
		struct thread *td = thread_find(t->tid);
		if (td && td->p == p)
			signal_send_thread(td, t->signo, &ki, NULL);
	} else {
		signal_send_proc(p, t->signo, &ki, NULL);
	}
	if (proc_find(pid) != p || p->start_ns != start || p->state != PROC_ALIVE)
		return false;
	t = ptimer_find(p, id);
	if (t)
		t->queued = signal_timer_queued(p, id);
	return t != NULL;
}

int64_t timer_forward(int64_t *expiry, int64_t interval, int64_t now)
{
	if (!interval) {
		*expiry = 0;
		return 1;
	}
	int64_t n = 1 + (now - *expiry) / interval;
	*expiry = ns_add(*expiry, n > INT64_MAX / interval ? INT64_MAX : n * interval);
	return n;
}

static int ts_ns(int64_t sec, int64_t nsec, int64_t *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= NSEC)
		return -EINVAL;
	*ns = sec > INT64_MAX / NSEC - 1 ? INT64_MAX / 2 : sec * NSEC + nsec;
	return 0;
}

int itimerspec_in(const struct wp_itimerspec *in, int64_t *value, int64_t *interval)
{
	/* the low 32 bits of each nsec are the guest's long */
	int r = ts_ns(in->interval_sec, (int32_t)in->interval_nsec, interval);
	return r ? r : ts_ns(in->value_sec, (int32_t)in->value_nsec, value);
}

void itimerspec_out(int64_t left, int64_t interval, struct wp_itimerspec *out)
{
	*out = (struct wp_itimerspec){ interval / NSEC, interval % NSEC, left / NSEC, left % NSEC };
}

static void ptimer_expired(struct ktimer *kt)
{
	struct ptimer *t = (struct ptimer *)kt;
	int64_t now;
	if (!t->expiry || ptimer_now(t, &now) < 0)
		return;
	if (now < t->expiry) {
		ptimer_arm(t, now, true); /* a CPU clock not there yet, or the clock was set back */
		return;
	}
	int64_t n = timer_forward(&t->expiry, t->interval, now);
	if (ptimer_notify(t, n) && t->expiry)
		ptimer_arm(t, now, false);
}

void ptimer_taken(struct proc *p, struct ksiginfo *ki)
{
	struct ptimer *t = ptimer_find(p, ki->pid);
	if (!t)
		return;
	t->queued = false;
	t->overrun_last = t->overrun;
	t->overrun = 0;
	ki->uid = (uint32_t)t->overrun_last;
}

static void ptimer_free(struct proc *p, struct ptimer *t)
{
	for (struct ptimer **pp = &p->ptimers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	ktimer_disarm(&t->kt);
	signal_cancel_timer(p, t->id);
	kfree(t);
}

void ptimer_release(struct proc *p, bool posix_only)
{
	for (struct ptimer *t = p->ptimers, *next; t; t = next) {
		next = t->next;
		if (!posix_only || t->id >= 0)
			ptimer_free(p, t);
	}
}

void ptimer_clock_was_set(int64_t delta)
{
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		for (struct ptimer *t = p->ptimers; t; t = t->next) {
			int64_t now;
			if (!t->expiry || t->clock != CLOCK_REALTIME || ptimer_now(t, &now) < 0)
				continue;
			if (!t->abstime)
				t->expiry += delta; /* a relative timer keeps its length (Linux) */
			ptimer_arm(t, now, false);
		}
	}
}

/* ---- setitimer's timers: ids below 0, never seen by the timer_* calls ---- */

static const int itimer_signal[3] = { SIGALRM, SIGVTALRM, SIGPROF };

static int itimer_clock(struct proc *p, int which)
{
	if (which == ITIMER_REAL)
		return CLOCK_MONOTONIC;
	return CPUCLOCK_MAKE(p->pid, which == ITIMER_VIRTUAL ? CPUCLOCK_VIRT : CPUCLOCK_PROF);
}

/* What is left of t and its interval, in ns. */
static void ptimer_left(struct ptimer *t, int64_t *left, int64_t *interval);

void ptimer_itimer_get(struct proc *p, int which, int64_t *value, int64_t *interval)
{
	struct ptimer *t = ptimer_find(p, -1 - which);
	*value = *interval = 0;
	if (t)
		ptimer_left(t, value, interval);
}

int ptimer_itimer_set(struct proc *p, int which, int64_t value, int64_t interval)
{
	struct ptimer *t = ptimer_find(p, -1 - which);
	int64_t now;
	if (!t && !value)
		return 0;
	if (!t) {
		t = kzalloc(sizeof *t);
		if (!t)
			return -ENOMEM;
		ktimer_init(&t->kt, ptimer_expired);
		t->p = p;
		t->id = -1 - which;
		t->clock = itimer_clock(p, which);
		t->notify = SIGEV_SIGNAL;
		t->signo = itimer_signal[which];
		t->code = SI_KERNEL;
		t->next = p->ptimers;
		p->ptimers = t;
	}
	ktimer_disarm(&t->kt);
	t->expiry = 0;
	if (!value || ptimer_now(t, &now) < 0)
		return 0;
	t->interval = interval;
	t->expiry = ns_add(now, value);
	ptimer_arm(t, now, false);
	return 0;
}

/* ---- the syscalls ---- */

/* The lowest id no timer of p has. */
static int ptimer_id(struct proc *p)
{
	int id = 0;
	while (ptimer_find(p, id))
		id++;
	return id;
}

/* Checks the sigevent as Linux's good_sigevent does: 0 or -EINVAL. */
static int sigevent_check(struct thread *td, const struct wp_ksigevent *ev)
{
	int notify = ev->sigev_notify;
	if (notify == SIGEV_NONE)
		return 0;
	if (notify == (SIGEV_SIGNAL | SIGEV_THREAD_ID)) {
		struct thread *t = thread_find(ev->sigev_tid);
		if (!t || t->p != td->p)
			return -EINVAL;
	} else if (notify != SIGEV_SIGNAL && notify != SIGEV_THREAD) {
		return -EINVAL;
	}
	return ev->sigev_signo >= 1 && ev->sigev_signo <= NSIG_MAX ? 0 : -EINVAL;
}

/* The clock a timer keeps: the calling process's or thread's CPU clock named by its id. */
static int timer_clock(struct thread *td, int clock)
{
	if (clock == CLOCK_PROCESS_CPUTIME_ID)
		return CPUCLOCK_MAKE(td->p->pid, CPUCLOCK_SCHED);
	if (clock == CLOCK_THREAD_CPUTIME_ID)
		return CPUCLOCK_MAKE(td->tid, CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD);
	return clock;
}

/* timer_create(clock, sevp, timerid) */
long sys_timer_create(struct thread *td, const sysarg_t *arg)
{
	int clock = (int)arg[0];
	uaddr_t usev = arg[1], uid = arg[2];
	struct proc *p = td->p;
	struct wp_ksigevent ev = { .sigev_signo = SIGALRM, .sigev_notify = SIGEV_SIGNAL };
	int64_t now;

	int r = clock_read(td, clock, &now);
	if (r)
		return r;
	if (clock == CLOCK_MONOTONIC_RAW || clock == CLOCK_REALTIME_COARSE ||
	    clock == CLOCK_MONOTONIC_COARSE)
		return -ENOTSUP; /* Linux has no timers on these */
	if (usev && (r = copyin(td, usev, &ev, sizeof ev)))
		return r;
	if ((r = sigevent_check(td, &ev)))
		return r;
	int n = 0;
	for (struct ptimer *t = p->ptimers; t; t = t->next)
		n++;
	if ((uint64_t)n >= p->rlim[RLIMIT_SIGPENDING].cur)
		return -EAGAIN;
	struct ptimer *t = kzalloc(sizeof *t);
	if (!t)
		return -EAGAIN;
	ktimer_init(&t->kt, ptimer_expired);
	t->p = p;
	t->id = ptimer_id(p);
	t->clock = timer_clock(td, clock);
	t->notify = ev.sigev_notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev.sigev_notify;
	t->code = SI_TIMER;
	t->signo = ev.sigev_signo;
	t->tid = ev.sigev_tid;
	t->value = usev ? ev.sigev_value : t->id;
	int32_t id = t->id;
	if ((r = copyout(td, &id, uid, sizeof id))) {
		kfree(t);
		return r;
	}
	t->next = p->ptimers;
	p->ptimers = t;
	return 0;
}

static struct ptimer *timer_lookup(struct thread *td, sysarg_t id)
{
	return (int32_t)id < 0 ? NULL : ptimer_find(td->p, (int)id);
}

static void ptimer_left(struct ptimer *t, int64_t *left, int64_t *interval)
{
	int64_t now;
	*left = 0;
	*interval = t->expiry ? t->interval : 0;
	if (t->expiry && ptimer_now(t, &now) == 0) {
		*left = t->expiry - now;
		if (*left <= 0) /* due, the heap not yet run */
			*left = t->interval ? t->interval - (-*left % t->interval) : 1;
	}
}

/* What is left of t and its interval, as timer_gettime reports them. */
static void ptimer_get(struct ptimer *t, struct wp_itimerspec *out)
{
	int64_t left, interval;
	ptimer_left(t, &left, &interval);
	itimerspec_out(left, interval, out);
}

/* timer_settime64(id, flags, new, old) */
long sys_timer_settime(struct thread *td, const sysarg_t *arg)
{
	struct ptimer *t = timer_lookup(td, arg[0]);
	uint32_t flags = arg[1];
	struct wp_itimerspec in, old;
	int64_t value, interval, now;

	if (!t)
		return -EINVAL;
	int r = copyin(td, arg[2], &in, sizeof in);
	if (r)
		return r;
	if ((r = itimerspec_in(&in, &value, &interval)))
		return r;
	if (arg[3]) {
		ptimer_get(t, &old);
		if ((r = copyout(td, &old, arg[3], sizeof old)))
			return r;
	}
	if ((r = ptimer_now(t, &now)))
		return r;
	ktimer_disarm(&t->kt);
	t->overrun = 0;
	t->abstime = (flags & TIMER_ABSTIME) != 0;
	t->interval = value ? interval : 0;
	t->expiry = !value ? 0 : t->abstime ? value : ns_add(now, value);
	if (t->expiry)
		ptimer_arm(t, now, false);
	return 0;
}

/* timer_gettime64(id, curr) */
long sys_timer_gettime(struct thread *td, const sysarg_t *arg)
{
	struct ptimer *t = timer_lookup(td, arg[0]);
	struct wp_itimerspec cur;
	if (!t)
		return -EINVAL;
	ptimer_get(t, &cur);
	return copyout(td, &cur, arg[1], sizeof cur);
}

/* timer_getoverrun(id) */
long sys_timer_getoverrun(struct thread *td, const sysarg_t *arg)
{
	struct ptimer *t = timer_lookup(td, arg[0]);
	return t ? t->overrun_last : -EINVAL;
}

/* timer_delete(id) */
long sys_timer_delete(struct thread *td, const sysarg_t *arg)
{
	struct ptimer *t = timer_lookup(td, arg[0]);
	if (!t)
		return -EINVAL;
	ptimer_free(td->p, t);
	return 0;
}
