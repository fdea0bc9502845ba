/*
 * timerfd: a timer whose expirations are read from a descriptor (8 bytes: how many since
 * the last read), on CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME (and their _ALARM
 * forms, for root). It rides the kernel's timer heap as ptimer.c's timers do; an absolute
 * CLOCK_REALTIME timer set with TFD_TIMER_CANCEL_ON_SET reads ECANCELED once the clock is
 * set (timerfd_clock_was_set).
 */
#include "file.h"
#include "fd.h"
#include "ptimer.h"
#include "sched.h"
#include "uapi/fcntl.h"
#include "uapi/time.h"

#define TFD_TIMER_ABSTIME        1
#define TFD_TIMER_CANCEL_ON_SET  2
#define TFD_NONBLOCK             O_NONBLOCK
#define TFD_CLOEXEC              O_CLOEXEC
#define CLOCK_REALTIME_ALARM     8
#define CLOCK_BOOTTIME_ALARM     9

struct timerfd {
	struct ktimer kt;         /* first: the expiry callback finds the timer from it */
	int clock;
	int64_t expiry;           /* on clock, ns; 0 when disarmed */
	int64_t interval;
	uint64_t ticks;           /* expirations not yet read */
	bool cancel_on_set, canceled;
	struct waitq q;
	struct timerfd *next;     /* every timerfd (for clock_settime) */
};

static struct timerfd *timerfds;

static int tfd_now(const struct timerfd *t, int64_t *now)
{
	int c = t->clock == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME
		: t->clock == CLOCK_BOOTTIME_ALARM ? CLOCK_BOOTTIME : t->clock;
	return clock_read_proc(NULL, c, now);
}

static bool realtime(const struct timerfd *t)
{
	return t->clock == CLOCK_REALTIME || t->clock == CLOCK_REALTIME_ALARM;
}

static void tfd_arm(struct timerfd *t, int64_t now)
{
	int64_t left = t->expiry - now;
	ktimer_arm(&t->kt, ns_add(clock_monotonic_ns(), left > 0 ? left : 0));
}

static void tfd_expired(struct ktimer *kt)
{
	struct timerfd *t = (struct timerfd *)kt;
	int64_t now;
	if (!t->expiry || tfd_now(t, &now) < 0)
		return;
	if (now < t->expiry) { /* the clock was set back */
		tfd_arm(t, now);
		return;
	}
	t->ticks += (uint64_t)timer_forward(&t->expiry, t->interval, now);
	if (t->expiry)
		tfd_arm(t, now);
	waitq_wake_all(&t->q);
}

void timerfd_clock_was_set(void)
{
	for (struct timerfd *t = timerfds; t; t = t->next) {
		int64_t now;
		if (!t->expiry || !realtime(t) || tfd_now(t, &now) < 0)
			continue;
		if (t->cancel_on_set) {
			t->canceled = true;
			waitq_wake_all(&t->q);
		}
		tfd_arm(t, now);
	}
}

static long tfd_read(struct file *f, struct uio *uio)
{
	struct timerfd *t = f->priv;
	if (uio->resid < sizeof t->ticks)
		return -EINVAL;
	if (t->canceled) {
		t->canceled = false;
		return -ECANCELED;
	}
	if (!t->ticks) {
		if ((f->flags & O_NONBLOCK) || !uio->td)
			return -EAGAIN;
		return thread_park(uio->td, &t->q, 0);
	}
	int r = uiomove(&t->ticks, sizeof t->ticks, uio);
	if (r)
		return r;
	t->ticks = 0;
	return sizeof t->ticks;
}

static int tfd_poll(struct file *f, int events)
{
	struct timerfd *t = f->priv;
	return (t->ticks || t->canceled ? POLLIN | POLLRDNORM : 0) & events;
}

static struct waitq *tfd_pollq(struct file *f)
{
	return &((struct timerfd *)f->priv)->q;
}

static void tfd_release(struct file *f)
{
	struct timerfd *t = f->priv;
	for (struct timerfd **pp = &timerfds; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	ktimer_disarm(&t->kt);
	kfree(t);
}

static const struct file_ops timerfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.pollq = tfd_pollq,
	.release = tfd_release,
};

/* timerfd_create(clockid, flags) */
long sys_timerfd_create(struct thread *td, const sysarg_t *arg)
{
	int clock = (int)arg[0];
	uint32_t flags = arg[1];
	if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME &&
	    clock != CLOCK_REALTIME_ALARM && clock != CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	if ((clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM) &&
	    td->p->cred.euid != 0)
		return -EPERM; /* CAP_WAKE_ALARM */
	struct timerfd *t = kzalloc(sizeof *t);
	if (!t)
		return -ENOMEM;
	ktimer_init(&t->kt, tfd_expired);
	t->clock = clock;
	struct file *f = file_alloc(&timerfd_ops, O_RDONLY | (flags & TFD_NONBLOCK), t);
	if (!f) {
		kfree(t);
		return -ENOMEM;
	}
	t->next = timerfds;
	timerfds = t;
	return fd_alloc_new(td->p, f, flags & TFD_CLOEXEC);
}

/* The timerfd behind fd, held: NULL with *err -EBADF (no fd) or -EINVAL (another kind). */
static struct file *tfd_file(struct thread *td, sysarg_t fd, long *err)
{
	struct file *f = fd_get(td->p, (int)fd);
	*err = f ? -EINVAL : -EBADF;
	if (f && f->ops != &timerfd_ops) {
		file_drop(f);
		return NULL;
	}
	return f;
}

static void tfd_get(struct timerfd *t, struct wp_itimerspec *out)
{
	int64_t now, left = 0;
	if (t->expiry && tfd_now(t, &now) == 0) {
		left = t->expiry - now;
		if (left <= 0)
			left = 1;
	}
	itimerspec_out(left, t->interval, out);
}

static long tfd_set(struct thread *td, struct timerfd *t, uint32_t flags, uaddr_t unew,
		    uaddr_t uold)
{
	struct wp_itimerspec in, old;
	int64_t now;
	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	int r = copyin(td, unew, &in, sizeof in);
	if (r)
		return r;
	int64_t value, interval;
	if ((r = itimerspec_in(&in, &value, &interval)))
		return r;
	if (uold) {
		tfd_get(t, &old);
		if ((r = copyout(td, &old, uold, sizeof old)))
			return r;
	}
	if ((r = tfd_now(t, &now)))
		return r;
	ktimer_disarm(&t->kt);
	t->ticks = 0;
	t->canceled = false;
	t->cancel_on_set = (flags & TFD_TIMER_CANCEL_ON_SET) && (flags & TFD_TIMER_ABSTIME) &&
			   realtime(t);
	t->interval = value ? interval : 0;
	t->expiry = !value ? 0 : (flags & TFD_TIMER_ABSTIME) ? value : ns_add(now, value);
	if (t->expiry)
		tfd_arm(t, now);
	return 0;
}

/* timerfd_settime64(fd, flags, new, old) */
long sys_timerfd_settime(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = tfd_file(td, arg[0], &r);
	if (!f)
		return r;
	r = tfd_set(td, f->priv, arg[1], arg[2], arg[3]);
	file_drop(f);
	return r;
}

/* timerfd_gettime64(fd, curr) */
long sys_timerfd_gettime(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = tfd_file(td, arg[0], &r);
	if (!f)
		return r;
	struct wp_itimerspec cur;
	tfd_get(f->priv, &cur);
	r = copyout(td, &cur, arg[1], sizeof cur);
	file_drop(f);
	return r;
}
