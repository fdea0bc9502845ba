/*
 * POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify,
 * mq_getsetattr. A queue is a kernel object with a name in one flat namespace (musl strips
 * the leading slash); a descriptor is an fd whose description points at it, close-on-exec
 * as on Linux. Messages wait highest priority first, oldest first within a priority.
 *
 * Limits are Linux's defaults (/proc/sys/fs/mqueue): 256 queues, 10 messages of 8192
 * bytes by default and at most for an unprivileged creator; RLIMIT_MSGQUEUE bounds the bytes
 * the queues a user created may hold. SIGEV_THREAD notification is Linux's: libc's
 * helper thread reads a cookie from a netlink socket it passed in sigev_signo, its last byte
 * saying whether a message came or the registration went. Not here yet: the mqueue
 * filesystem (/dev/mqueue).
 */
#include "ipc.h"
#include "unix.h"
#include "file.h"
#include "fd.h"
#include "signal.h"
#include "vfs.h"
#include "uapi/fcntl.h"

#define MQ_QUEUES_MAX    256      /* queues in the system (queues_max): ENOSPC past it */
#define MQ_MAXMSG_DEF    10       /* msg_default, and msg_max for the unprivileged */
#define MQ_MSGSIZE_DEF   8192     /* msgsize_default, and msgsize_max for the unprivileged */
#define MQ_MAXMSG_HARD   65536    /* HARD_MSGMAX: even for root */
#define MQ_MSGSIZE_HARD  (16 << 20)
#define MQ_PRIO_MAX      32768
#define MQ_MSG_COST      48       /* bytes charged per message slot besides its data */
#define SI_MESGQ         (-3)
#define NR_MQ_TIMEDRECEIVE 419    /* mq_timedreceive_time64 (syscall.tbl) */
#define NOTIFY_COOKIE_LEN 32      /* SIGEV_THREAD: what libc's helper thread reads */
#define NOTIFY_WOKENUP    1       /* the cookie's last byte: a message came */
#define NOTIFY_REMOVED    2       /* the cookie's last byte: the registration went */

struct mq_msg {
	struct mq_msg *next;
	uint32_t prio;
	uint32_t len;
	char data[];
};

struct mqueue {
	struct mqueue *next;      /* the namespace, while it has a name */
	char name[NAME_MAX + 1];
	bool named;
	int refs;                 /* open descriptions, plus one for the name */
	uint32_t uid, gid, mode;
	int32_t maxmsg, msgsize, curmsgs;
	uint64_t charge;          /* what it counts against uid's RLIMIT_MSGQUEUE */
	struct mq_msg *msgs;
	struct waitq q;           /* senders, receivers and pollers */
	int notify_pid;           /* registered for notification, or 0 */
	struct wp_ksigevent notify;
	struct file *notify_sock; /* SIGEV_THREAD: the netlink socket the cookie goes to (held) */
	uint8_t cookie[NOTIFY_COOKIE_LEN];
};

/* mq_attr on ILP32: eight longs */
struct wp_mq_attr {
	int32_t mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs, unused[4];
};

static struct mqueue *queues;
static int nqueues;

static struct mqueue *mq_lookup(const char *name)
{
	for (struct mqueue *mq = queues; mq; mq = mq->next)
		if (!strcmp(mq->name, name))
			return mq;
	return NULL;
}

static void mq_unname(struct mqueue *mq)
{
	for (struct mqueue **pp = &queues; *pp; pp = &(*pp)->next) {
		if (*pp == mq) {
			*pp = mq->next;
			break;
		}
	}
	mq->named = false;
}

/* Ends mq's registration; a SIGEV_THREAD one tells its helper thread why (status). */
static void notify_end(struct mqueue *mq, uint8_t status)
{
	mq->notify_pid = 0;
	if (!mq->notify_sock)
		return;
	mq->cookie[NOTIFY_COOKIE_LEN - 1] = status;
	netlink_post(mq->notify_sock, mq->cookie, NOTIFY_COOKIE_LEN);
	file_drop(mq->notify_sock);
	mq->notify_sock = NULL;
}

static void mq_drop(struct mqueue *mq)
{
	if (--mq->refs)
		return;
	notify_end(mq, NOTIFY_REMOVED);
	while (mq->msgs) {
		struct mq_msg *m = mq->msgs;
		mq->msgs = m->next;
		kfree(m);
	}
	nqueues--;
	kfree(mq);
}

static int mq_poll(struct file *f, int events)
{
	struct mqueue *mq = f->priv;
	int ready = 0;
	if (mq->curmsgs > 0)
		ready |= POLLIN | POLLRDNORM;
	if (mq->curmsgs < mq->maxmsg)
		ready |= POLLOUT | POLLWRNORM;
	return ready & events;
}

static struct waitq *mq_pollq(struct file *f)
{
	return &((struct mqueue *)f->priv)->q;
}

static void mq_release(struct file *f)
{
	mq_drop(f->priv);
}

static const struct file_ops mq_ops = {
	.poll = mq_poll,
	.pollq = mq_pollq,
	.release = mq_release,
};

/* The queue behind descriptor mqd with a held description, or NULL: EBADF. */
static struct file *mq_file(struct thread *td, sysarg_t mqd)
{
	struct file *f = fd_get(td->p, (int)mqd);
	if (f && f->ops != &mq_ops) {
		file_drop(f);
		return NULL;
	}
	return f;
}

/* What uid's queues hold against RLIMIT_MSGQUEUE. */
static uint64_t charged_to(uint32_t uid)
{
	uint64_t n = 0;
	for (struct mqueue *mq = queues; mq; mq = mq->next)
		if (mq->uid == uid)
			n += mq->charge;
	return n;
}

/* Checks a creator's attributes as Linux does: 0, -EINVAL or -EMFILE (RLIMIT_MSGQUEUE). */
static int attr_check(struct thread *td, const struct wp_mq_attr *a, uint64_t *charge)
{
	bool priv = td->p->cred.euid == 0;
	if (a->mq_maxmsg <= 0 || a->mq_msgsize <= 0 || a->mq_maxmsg > MQ_MAXMSG_HARD ||
	    a->mq_msgsize > MQ_MSGSIZE_HARD)
		return -EINVAL;
	if (!priv && (a->mq_maxmsg > MQ_MAXMSG_DEF || a->mq_msgsize > MQ_MSGSIZE_DEF))
		return -EINVAL;
	*charge = (uint64_t)a->mq_maxmsg * ((uint64_t)a->mq_msgsize + MQ_MSG_COST);
	uint64_t used = charged_to(td->p->cred.uid);
	if (used + *charge > td->p->rlim[RLIMIT_MSGQUEUE].cur)
		return -EMFILE;
	return 0;
}

static int mq_create(struct thread *td, const char *name, uint32_t mode, uaddr_t uattr,
		     struct mqueue **out)
{
	struct wp_mq_attr a = { .mq_maxmsg = MQ_MAXMSG_DEF, .mq_msgsize = MQ_MSGSIZE_DEF };
	uint64_t charge;
	int r;
	if (uattr && (r = copyin(td, uattr, &a, sizeof a)))
		return r;
	if ((r = attr_check(td, &a, &charge)))
		return r;
	if (nqueues >= MQ_QUEUES_MAX && td->p->cred.euid != 0)
		return -ENOSPC;
	struct mqueue *mq = kzalloc(sizeof *mq);
	if (!mq)
		return -ENOMEM;
	memcpy(mq->name, name, strlen(name) + 1);
	mq->named = true;
	mq->refs = 1;
	mq->uid = td->p->cred.euid;
	mq->gid = td->p->cred.egid;
	mq->mode = mode & 0777 & ~td->p->umask;
	mq->maxmsg = a.mq_maxmsg;
	mq->msgsize = a.mq_msgsize;
	mq->charge = charge;
	mq->next = queues;
	queues = mq;
	nqueues++;
	*out = mq;
	return 0;
}

/* The queue's name from the guest: -ENOENT for an empty one, -EACCES with a slash. */
static int mq_name_in(struct thread *td, uaddr_t uname, char *name)
{
	long n = copyinstr(td, uname, name, NAME_MAX + 1);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	return strchr(name, '/') ? -EACCES : 0;
}

static int access_mask(int acc)
{
	return acc == O_RDONLY ? R_OK : acc == O_WRONLY ? W_OK : R_OK | W_OK;
}

/* mq_open(name, oflag, mode, attr) */
long sys_mq_open(struct thread *td, const sysarg_t *arg)
{
	char name[NAME_MAX + 1];
	uint32_t oflag = arg[1];
	int acc = oflag & O_ACCMODE;
	int r = mq_name_in(td, arg[0], name);
	if (r)
		return r;
	if (acc == O_ACCMODE)
		return -EINVAL;
	int fd = fd_reserve(td->p);
	if (fd < 0)
		return fd;
	struct mqueue *mq = mq_lookup(name);
	if (mq && (oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (!mq && !(oflag & O_CREAT))
		return -ENOENT;
	bool created = !mq;
	if (mq) {
		r = ipc_permission(&td->p->cred, mq->uid, mq->gid, mq->mode, access_mask(acc));
		if (r)
			return r;
	} else if ((r = mq_create(td, name, arg[2], arg[3], &mq))) {
		return r;
	}
	struct file *f = file_alloc(&mq_ops, acc | (oflag & O_NONBLOCK), mq);
	if (!f) {
		if (created) {
			mq_unname(mq);
			mq_drop(mq);
		}
		return -ENOMEM;
	}
	mq->refs++;
	return fd_alloc_new(td->p, f, true);
}

/* mq_unlink(name): the queue lives on while it is open. Only its owner or root (EACCES). */
long sys_mq_unlink(struct thread *td, const sysarg_t *arg)
{
	char name[NAME_MAX + 1];
	int r = mq_name_in(td, arg[0], name);
	if (r)
		return r;
	struct mqueue *mq = mq_lookup(name);
	if (!mq)
		return -ENOENT;
	if (td->p->cred.euid != 0 && td->p->cred.euid != mq->uid)
		return -EACCES;
	mq_unname(mq);
	mq_drop(mq);
	return 0;
}

/* The deadline for an absolute CLOCK_REALTIME timeout at uts, on first run: 0 or -errno. */
static int mq_deadline(struct thread *td, uaddr_t uts)
{
	return td->resumed ? 0 : timeout_deadline(td, uts, true, true, &td->wake_at);
}

/* A message came to an empty queue that no receiver waits on: the registered process hears
 * of it, once (POSIX). */
static void mq_notify_arrival(struct thread *td, struct mqueue *mq)
{
	for (struct thread *t = mq->q.first; t; t = t->wq_next)
		if (t->nr == NR_MQ_TIMEDRECEIVE)
			return;
	struct proc *p = proc_find(mq->notify_pid);
	int notify = mq->notify.sigev_notify;
	if (notify == SIGEV_THREAD) {
		notify_end(mq, NOTIFY_WOKENUP);
		return;
	}
	mq->notify_pid = 0;
	if (!p || p->state != PROC_ALIVE || notify == SIGEV_NONE)
		return;
	struct ksiginfo ki = { .code = SI_MESGQ, .pid = td->p->pid, .uid = td->p->cred.uid,
			       .status = mq->notify.sigev_value };
	signal_send_proc(p, mq->notify.sigev_signo, &ki, td);
}

static int mq_enqueue(struct thread *td, struct mqueue *mq, uaddr_t umsg, uint32_t len,
		      uint32_t prio)
{
	struct mq_msg *m = kmalloc(sizeof *m + len);
	if (!m)
		return -ENOMEM;
	int r = copyin(td, umsg, m->data, len);
	if (r) {
		kfree(m);
		return r;
	}
	m->prio = prio;
	m->len = len;
	struct mq_msg **pp = &mq->msgs;
	while (*pp && (*pp)->prio >= prio)
		pp = &(*pp)->next;
	m->next = *pp;
	*pp = m;
	bool was_empty = mq->curmsgs++ == 0;
	if (was_empty && mq->notify_pid)
		mq_notify_arrival(td, mq);
	waitq_wake_all(&mq->q);
	return 0;
}

static long mq_send(struct thread *td, struct file *f, const sysarg_t *arg)
{
	uint32_t len = arg[2], prio = arg[3];
	struct mqueue *mq = f->priv;
	if (prio >= MQ_PRIO_MAX)
		return -EINVAL;
	int r = mq_deadline(td, arg[4]);
	if (r)
		return r;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (len > (uint32_t)mq->msgsize)
		return -EMSGSIZE;
	if (mq->curmsgs < mq->maxmsg)
		return mq_enqueue(td, mq, arg[1], len, prio);
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	return thread_park(td, &mq->q, td->wake_at);
}

/* mq_timedsend_time64(mqd, msg, len, prio, abs_timeout) */
long sys_mq_timedsend(struct thread *td, const sysarg_t *arg)
{
	struct file *f = mq_file(td, arg[0]);
	if (!f)
		return -EBADF;
	long r = mq_send(td, f, arg);
	file_drop(f);
	return r;
}

/* Takes the first message off mq into the guest's buffer: its length, or -EFAULT with the
 * message left where it was. */
static long mq_dequeue(struct thread *td, struct mqueue *mq, uaddr_t ubuf, uaddr_t uprio)
{
	struct mq_msg *m = mq->msgs;
	int r = copyout(td, m->data, ubuf, m->len);
	if (!r && uprio)
		r = copyout(td, &m->prio, uprio, sizeof m->prio);
	if (r)
		return r;
	long len = m->len;
	mq->msgs = m->next;
	mq->curmsgs--;
	kfree(m);
	waitq_wake_all(&mq->q);
	return len;
}

static long mq_receive(struct thread *td, struct file *f, const sysarg_t *arg)
{
	uint32_t len = arg[2];
	struct mqueue *mq = f->priv;
	int r = mq_deadline(td, arg[4]);
	if (r)
		return r;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (len < (uint32_t)mq->msgsize)
		return -EMSGSIZE;
	if (mq->curmsgs > 0)
		return mq_dequeue(td, mq, arg[1], arg[3]);
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	return thread_park(td, &mq->q, td->wake_at);
}

/* mq_timedreceive_time64(mqd, msg, len, prio, abs_timeout) */
long sys_mq_timedreceive(struct thread *td, const sysarg_t *arg)
{
	struct file *f = mq_file(td, arg[0]);
	if (!f)
		return -EBADF;
	long r = mq_receive(td, f, arg);
	file_drop(f);
	return r;
}

static long mq_register(struct thread *td, struct mqueue *mq, uaddr_t usev)
{
	struct wp_ksigevent ev;
	if (!usev) {
		if (mq->notify_pid == td->p->pid)
			notify_end(mq, NOTIFY_REMOVED);
		return 0;
	}
	int r = copyin(td, usev, &ev, sizeof ev);
	if (r)
		return r;
	if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
	    ev.sigev_notify != SIGEV_THREAD)
		return -EINVAL;
	if (ev.sigev_notify == SIGEV_SIGNAL && (ev.sigev_signo < 1 || ev.sigev_signo > NSIG_MAX))
		return -EINVAL;
	if (mq->notify_pid && proc_find(mq->notify_pid))
		return -EBUSY;
	if (mq->notify_pid)
		notify_end(mq, NOTIFY_REMOVED); /* its process is gone */
	if (ev.sigev_notify == SIGEV_THREAD) {
		uint8_t cookie[NOTIFY_COOKIE_LEN];
		if ((r = copyin(td, (uint32_t)ev.sigev_value, cookie, sizeof cookie)))
			return r;
		struct file *s = fd_get(td->p, ev.sigev_signo);
		if (!s)
			return -EBADF;
		if (!netlink_is(s)) {
			file_drop(s);
			return -EINVAL;
		}
		memcpy(mq->cookie, cookie, sizeof cookie);
		mq->notify_sock = s;
	}
	mq->notify_pid = td->p->pid;
	mq->notify = ev;
	return 0;
}

/* mq_notify(mqd, sevp): registers the caller's process (EBUSY when another is), or with a
 * null sevp removes its registration. */
long sys_mq_notify(struct thread *td, const sysarg_t *arg)
{
	struct file *f = mq_file(td, arg[0]);
	if (!f)
		return -EBADF;
	long r = mq_register(td, f->priv, arg[1]);
	file_drop(f);
	return r;
}

/* mq_getsetattr(mqd, newattr, oldattr): only O_NONBLOCK can be changed. */
long sys_mq_getsetattr(struct thread *td, const sysarg_t *arg)
{
	struct file *f = mq_file(td, arg[0]);
	struct wp_mq_attr in, old;
	long r = 0;
	if (!f)
		return -EBADF;
	struct mqueue *mq = f->priv;
	old = (struct wp_mq_attr){ .mq_flags = (int32_t)(f->flags & O_NONBLOCK),
				   .mq_maxmsg = mq->maxmsg, .mq_msgsize = mq->msgsize,
				   .mq_curmsgs = mq->curmsgs };
	if (arg[1])
		r = copyin(td, arg[1], &in, sizeof in);
	if (!r && arg[2])
		r = copyout(td, &old, arg[2], sizeof old);
	if (!r && arg[1])
		f->flags = (f->flags & ~O_NONBLOCK) | ((uint32_t)in.mq_flags & O_NONBLOCK);
	file_drop(f);
	return r;
}
