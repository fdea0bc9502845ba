/*
 * signalfd: pending signals of a mask read from a descriptor as struct signalfd_siginfo
 * (128 bytes each, as many as fit), instead of being delivered. The signals must be blocked
 * for that to be useful, as on Linux. A read takes the reading thread's signals, then its
 * process's; poll reports on the process that made the descriptor (Linux asks the polling
 * one). Every signalfd reader and poller waits on one queue, woken when any signal becomes
 * pending (signalfd_notify, from signal.c).
 */
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "signal.h"
#include "uapi/fcntl.h"

#define SFD_NONBLOCK O_NONBLOCK
#define SFD_CLOEXEC  O_CLOEXEC

struct signalfd {
	uint64_t mask;
	int pid;                  /* the process poll reports on */
	int64_t start_ns;
};

/* struct signalfd_siginfo */
struct wp_signalfd_siginfo {
	uint32_t signo;
	int32_t err, code;
	uint32_t pid, uid;
	int32_t fd;
	uint32_t tid, band, overrun, trapno;
	int32_t status, int_;
	uint64_t ptr, utime, stime, addr;
	uint16_t addr_lsb;
	uint8_t pad[46];
};
_Static_assert(sizeof(struct wp_signalfd_siginfo) == 128, "signalfd_siginfo layout");

static struct waitq sigfd_q;
static int nsigfds;

void signalfd_notify(void)
{
	if (nsigfds)
		waitq_wake_all(&sigfd_q);
}

static void info_out(int sig, const struct ksiginfo *ki, struct wp_signalfd_siginfo *o)
{
	memset(o, 0, sizeof *o);
	o->signo = (uint32_t)sig;
	o->code = ki->code;
	o->pid = (uint32_t)ki->pid;
	o->uid = ki->uid;
	o->status = ki->status;
	o->int_ = ki->status;
	o->ptr = (uint32_t)ki->status;
	if (ki->code == SI_TIMER) {
		o->tid = (uint32_t)ki->pid; /* ssi_tid is the timer's id, ssi_overrun its count */
		o->overrun = ki->uid;
		o->pid = o->uid = 0;
	}
}

static long sfd_read(struct file *f, struct uio *uio)
{
	struct signalfd *s = f->priv;
	struct thread *td = uio->td;
	struct wp_signalfd_siginfo o;
	struct ksiginfo ki;
	long done = 0;
	if (uio->resid < sizeof o)
		return -EINVAL;
	if (!td)
		return -EAGAIN;
	while (uio->resid >= sizeof o) {
		int sig = signal_take(td, s->mask, &ki);
		if (!sig)
			break;
		info_out(sig, &ki, &o);
		int r = uiomove(&o, sizeof o, uio);
		if (r)
			return done ? done : r; /* that signal is lost, as on Linux */
		done += sizeof o;
	}
	if (done)
		return done;
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	return thread_park(td, &sigfd_q, 0);
}

static int sfd_poll(struct file *f, int events)
{
	struct signalfd *s = f->priv;
	struct proc *p = proc_find(s->pid);
	if (!p || p->start_ns != s->start_ns)
		return 0;
	uint64_t pending = p->sigpending;
	for (struct thread *t = p->threads; t; t = t->next_in_proc)
		pending |= t->sigpending;
	return (pending & s->mask ? POLLIN | POLLRDNORM : 0) & events;
}

static struct waitq *sfd_pollq(struct file *f)
{
	(void)f;
	return &sigfd_q;
}

static void sfd_release(struct file *f)
{
	nsigfds--;
	kfree(f->priv);
}

static const struct file_ops signalfd_ops = {
	.read = sfd_read,
	.poll = sfd_poll,
	.pollq = sfd_pollq,
	.release = sfd_release,
};

/* signalfd4(fd, mask, sizemask, flags): a new descriptor (fd -1) or a new mask for fd. */
long sys_signalfd4(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	uint32_t flags = arg[3], w[2];
	if (arg[2] != 8 || (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC)))
		return -EINVAL;
	int r = copyin(td, arg[1], w, sizeof w);
	if (r)
		return r;
	uint64_t mask = ((uint64_t)w[1] << 32 | w[0]) & ~SIG_UNBLOCKABLE;
	if (fd != -1) {
		struct file *f = fd_get(td->p, fd);
		if (!f)
			return -EBADF;
		r = f->ops == &signalfd_ops ? 0 : -EINVAL;
		if (!r)
			((struct signalfd *)f->priv)->mask = mask;
		file_drop(f);
		return r ? r : fd;
	}
	struct signalfd *s = kzalloc(sizeof *s);
	if (!s)
		return -ENOMEM;
	s->mask = mask;
	s->pid = td->p->pid;
	s->start_ns = td->p->start_ns;
	struct file *f = file_alloc(&signalfd_ops, O_RDONLY | (flags & SFD_NONBLOCK), s);
	if (!f) {
		kfree(s);
		return -ENOMEM;
	}
	nsigfds++;
	return fd_alloc_new(td->p, f, flags & SFD_CLOEXEC);
}
