/*
 * ppoll and pselect6 (musl's poll, select and pselect are built on them). How a poller
 * waits for many files is in poll.h.
 *
 * Each run of the handler checks every file afresh; the deadline and the temporary signal
 * mask are set up on the first run only (td->progress). Both calls fail with EINTR when a
 * signal is delivered and are never restarted. Timespecs are {int64 sec; int64 nsec}.
 */
#include "poll.h"
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "signal.h"

#define NSEC 1000000000LL
#define POLL_FDS_MAX 65536 /* pollfds in one call (Linux: RLIMIT_NOFILE) */

static struct waitq pollers;

void poll_notify(void)
{
	waitq_wake_all(&pollers);
}

/* Ready events of f among events (POLLERR and POLLHUP always count); marks f's queue. */
static int file_ready(struct file *f, int events)
{
	if (!f->ops || !f->ops->poll)
		return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
	if (f->ops->pollq) {
		struct waitq *q = f->ops->pollq(f);
		if (q)
			q->polled = true;
	}
	return f->ops->poll(f, events | POLLERR | POLLHUP) & (events | POLLERR | POLLHUP);
}

/*
 * The first run's setup: the deadline from the timespec at uts (none when 0; -1 for "do not
 * wait") and the mask in force while waiting (8 bytes at umask, when non-zero).
 */
static int poll_setup(struct thread *td, uaddr_t uts, uaddr_t umask, uint32_t masksize)
{
	td->wake_at = 0;
	if (uts) {
		int64_t ts[2];
		int r = copyin(td, uts, ts, sizeof ts);
		if (r)
			return r;
		int64_t nsec = (int32_t)(uint32_t)ts[1];
		if (ts[0] < 0 || nsec < 0 || nsec >= NSEC)
			return -EINVAL;
		int64_t rel = ts[0] > INT64_MAX / NSEC / 2 ? INT64_MAX / 2 : ts[0] * NSEC + nsec;
		td->wake_at = rel ? clock_monotonic_ns() + rel : -1;
	}
	int r = umask ? poll_sigmask(td, umask, masksize) : 0;
	if (!r)
		td->progress = 1;
	return r;
}

int poll_sigmask(struct thread *td, uint32_t umask, uint32_t masksize)
{
	uint32_t w[2];
	if (masksize != 8)
		return -EINVAL;
	int r = copyin(td, umask, w, sizeof w);
	if (r)
		return r;
	td->saved_mask = td->sigmask;
	td->restore_mask = true;
	td->sigmask = ((uint64_t)w[1] << 32 | w[0]) & ~SIG_UNBLOCKABLE;
	return 0;
}

/* Nothing is ready: park until a polled queue changes, the deadline passes or a signal. */
static long poll_wait(struct thread *td)
{
	if (td->wake_at < 0)
		return -ETIMEDOUT;
	long r = thread_park(td, &pollers, td->wake_at);
	return r == -ERESTARTSYS ? -EINTR : r;
}

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

/* Fills in revents for every entry: the number with any. */
static int poll_scan(struct proc *p, struct kpollfd *pfd, uint32_t n)
{
	int count = 0;
	for (uint32_t i = 0; i < n; i++) {
		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		struct file *f = fd_get(p, pfd[i].fd);
		if (!f) {
			pfd[i].revents = POLLNVAL;
		} else {
			pfd[i].revents = (int16_t)file_ready(f, (uint16_t)pfd[i].events);
			file_drop(f);
		}
		count += pfd[i].revents != 0;
	}
	return count;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize) */
long sys_ppoll(struct thread *td, const sysarg_t *arg)
{
	uaddr_t ufds = arg[0], uts = arg[2], umask = arg[3];
	uint32_t nfds = arg[1];
	long r;

	if (nfds > POLL_FDS_MAX || nfds > (uint32_t)fd_limit(td->p) + 16)
		return -EINVAL;
	if (!td->progress) {
		r = poll_setup(td, uts, umask, arg[4]);
		if (r)
			return r;
	}
	struct kpollfd *pfd = kmalloc(sizeof *pfd * (nfds ? nfds : 1));
	if (!pfd)
		return -ENOMEM;
	r = copyin(td, ufds, pfd, sizeof *pfd * nfds);
	if (!r) {
		int count = poll_scan(td->p, pfd, nfds);
		r = count ? 0 : poll_wait(td);
		if (r == -ETIMEDOUT || r == 0) {
			r = copyout(td, pfd, ufds, sizeof *pfd * nfds);
			if (!r)
				r = count;
		}
	}
	kfree(pfd);
	return r;
}

#define SEL_IN  (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLERR)
#define SEL_EX  POLLPRI

/* Checks the fds in the three sets (words of 32 bits), keeping only the ready ones. */
static long select_scan(struct proc *p, int nfds, uint32_t *in, uint32_t *out, uint32_t *ex)
{
	long count = 0;
	for (int fd = 0; fd < nfds; fd++) {
		uint32_t bit = 1u << (fd % 32);
		int w = fd / 32;
		bool want_in = in && (in[w] & bit), want_out = out && (out[w] & bit);
		bool want_ex = ex && (ex[w] & bit);
		if (!want_in && !want_out && !want_ex)
			continue;
		struct file *f = fd_get(p, fd);
		if (!f)
			return -EBADF;
		int ev = file_ready(f, (want_in ? SEL_IN : 0) | (want_out ? SEL_OUT : 0) |
					       (want_ex ? SEL_EX : 0));
		file_drop(f);
		if (want_in && !(ev & SEL_IN))
			in[w] &= ~bit;
		if (want_out && !(ev & SEL_OUT))
			out[w] &= ~bit;
		if (want_ex && !(ev & SEL_EX))
			ex[w] &= ~bit;
		count += (want_in && (ev & SEL_IN)) + (want_out && (ev & SEL_OUT)) +
			 (want_ex && (ev & SEL_EX));
	}
	return count;
}

/* pselect6(nfds, readfds, writefds, exceptfds, timeout, {sigmask, sigsetsize}) */
long sys_pselect6(struct thread *td, const sysarg_t *arg)
{
	int nfds = (int)arg[0];
	uaddr_t uset[3] = { arg[1], arg[2], arg[3] };
	uint32_t *set[3] = { NULL, NULL, NULL };
	long r = 0;

	if (nfds < 0 || nfds > fd_limit(td->p))
		return -EINVAL;
	if (!td->progress) {
		uint32_t sm[2] = { 0, 0 };
		if (arg[5]) {
			r = copyin(td, arg[5], sm, sizeof sm);
			if (r)
				return r;
		}
		r = poll_setup(td, arg[4], sm[0], sm[1]);
		if (r)
			return r;
	}
	size_t bytes = (size_t)(nfds + 31) / 32 * 4;
	for (int i = 0; i < 3 && !r; i++) {
		if (!uset[i])
			continue;
		set[i] = kzalloc(bytes ? bytes : 4);
		r = set[i] ? copyin(td, uset[i], set[i], bytes) : -ENOMEM;
	}
	if (!r) {
		long count = select_scan(td->p, nfds, set[0], set[1], set[2]);
		r = count ? count : poll_wait(td);
		if (r == -ETIMEDOUT || count > 0) {
			r = 0;
			for (int i = 0; i < 3 && !r; i++)
				if (set[i])
					r = copyout(td, set[i], uset[i], bytes);
			if (!r)
				r = count;
		}
	}
	for (int i = 0; i < 3; i++)
		kfree(set[i]);
	return r;
}
