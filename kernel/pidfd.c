/*
 * Descriptors for processes: pidfd_open, pidfd_send_signal, and close_range (which closes
 * or marks close-on-exec a range of descriptors).
 *
 * A pidfd names a process by its pid and start time, so a later process with the same pid
 * is not it; it is readable (POLLIN, and POLLHUP) once that process has ended. Every pidfd
 * poller waits on one queue, woken as any process ends (pidfd_notify, from proc.c).
 */
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "signal.h"
#include "uapi/fcntl.h"

#define PIDFD_NONBLOCK      O_NONBLOCK
#define CLOSE_RANGE_UNSHARE (1u << 1)
#define CLOSE_RANGE_CLOEXEC (1u << 2)

struct pidfd {
	int pid;
	int64_t start_ns;
};

static struct waitq pidfd_q;
static int npidfds;

void pidfd_notify(void)
{
	if (npidfds)
		waitq_wake_all(&pidfd_q);
}

/* The live process a pidfd names, or NULL once it has ended. */
static struct proc *pidfd_proc(const struct pidfd *d)
{
	struct proc *p = proc_find(d->pid);
	return p && p->start_ns == d->start_ns && p->state == PROC_ALIVE ? p : NULL;
}

static int pidfd_poll(struct file *f, int events)
{
	return pidfd_proc(f->priv) ? 0 : (POLLIN | POLLRDNORM | POLLHUP) & (events | POLLHUP);
}

static struct waitq *pidfd_pollq(struct file *f)
{
	(void)f;
	return &pidfd_q;
}

static void pidfd_release(struct file *f)
{
	npidfds--;
	kfree(f->priv);
}

static const struct file_ops pidfd_ops = {
	.poll = pidfd_poll,
	.pollq = pidfd_pollq,
	.release = pidfd_release,
};

/* pidfd_open(pid, flags) */
long sys_pidfd_open(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	uint32_t flags = arg[1];
	if (flags & ~PIDFD_NONBLOCK)
		return -EINVAL;
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (!p || p->state != PROC_ALIVE) {
		struct thread *t = pid > 0 ? thread_find(pid) : NULL;
		return t && t->p->state == PROC_ALIVE ? -EINVAL : -ESRCH; /* a thread: not a process */
	}
	struct pidfd *d = kzalloc(sizeof *d);
	if (!d)
		return -ENOMEM;
	d->pid = pid;
	d->start_ns = p->start_ns;
	struct file *f = file_alloc(&pidfd_ops, O_RDONLY | (flags & PIDFD_NONBLOCK), d);
	if (!f) {
		kfree(d);
		return -ENOMEM;
	}
	npidfds++;
	return fd_alloc_new(td->p, f, true); /* always close-on-exec (Linux) */
}

/* pidfd_send_signal(pidfd, sig, info, flags): kill(2) through a pidfd; info as for
 * rt_sigqueueinfo, or none (SI_USER). */
long sys_pidfd_send_signal(struct thread *td, const sysarg_t *arg)
{
	int sig = (int)arg[1];
	struct ksiginfo ki = { .code = SI_USER, .pid = td->p->pid, .uid = td->p->cred.uid };
	if (arg[3] || sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	struct file *f = fd_get(td->p, (int)arg[0]);
	if (!f)
		return -EBADF;
	long r = f->ops == &pidfd_ops ? 0 : -EBADF;
	struct proc *p = r ? NULL : pidfd_proc(f->priv);
	if (!r && !p)
		r = -ESRCH;
	if (!r && arg[2]) {
		struct wp_siginfo si;
		r = copyin(td, arg[2], &si, sizeof si);
		if (!r && si.si_signo != sig)
			r = -EINVAL;
		if (!r && p != td->p && (si.si_code >= 0 || si.si_code == SI_TKILL))
			r = -EPERM;
		ki = (struct ksiginfo){ .code = si.si_code, .pid = si.si_pid, .uid = si.si_uid,
					.status = si.si_status };
	}
	if (!r && !signal_may_send(td->p, p, sig))
		r = -EPERM;
	if (!r && sig)
		r = signal_send_proc(p, sig, &ki, td);
	file_drop(f);
	return r;
}

/* close_range(first, last, flags) */
long sys_close_range(struct thread *td, const sysarg_t *arg)
{
	uint32_t first = arg[0], last = arg[1], flags = arg[2];
	struct proc *p = td->p;
	if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && p->fdt->refs > 1) {
		struct fdtable *t = fdtable_copy(p, p->fdt);
		if (!t)
			return -ENOMEM;
		fdtable_drop(p, p->fdt);
		p->fdt = t;
	}
	int n = fd_count(p);
	for (int fd = (int)first; fd < n && (uint32_t)fd <= last && fd >= 0; fd++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(p, fd, true); /* EBADF for a gap: nothing to do */
		else
			fd_close(p, fd);
	}
	return 0;
}
