/*
 * Pipes and FIFOs (pipe.h), and the pipe2 syscall.
 *
 * A pipe is a ring of PIPE_SIZE bytes with counts of open read and write ends. Each open
 * end is a description whose priv is a struct pipe_end: the pipe, plus what the end has
 * seen of the other side (the FIFO rendezvous, pipe.h). Data moves with uiomove straight
 * between the guest's buffers and the ring: no bounce buffer.
 */
#include "pipe.h"
#include "file.h"
#include "fd.h"
#include "vfs.h"
#include "proc.h"
#include "signal.h"
#include "uapi/fcntl.h"
#include "uapi/ioctl.h"
#include "uapi/stat.h"

#define PIPEFS_DEV 0x12 /* st_dev of anonymous pipes */

struct pipe {
	char *buf;                /* PIPE_SIZE bytes, allocated with the pipe */
	uint32_t head, len;       /* read position and bytes stored */
	int readers, writers;     /* open ends */
	uint32_t r_opens, w_opens;/* ends ever opened: a FIFO end waits for the other's count */
	struct waitq q;           /* readers, writers and pollers (pipe.h) */
	uint64_t ino;
	struct vnode *vn;         /* a FIFO's node (held), or NULL */
	struct pipe *next_fifo;   /* the list of open FIFOs */
};

struct pipe_end {
	struct pipe *pp;
	uint32_t peer_opens;      /* the other side's open count when this end opened */
	bool deferred;            /* a blocking open whose wait for its peer is left to the
				     first read or write (no thread parked in open: pipe.h) */
};

static struct pipe *fifos;
static uint64_t next_ino = 1;

static struct pipe *pipe_alloc(void)
{
	struct pipe *pp = kzalloc(sizeof *pp);
	if (!pp)
		return NULL;
	pp->buf = kmalloc(PIPE_SIZE);
	if (!pp->buf) {
		kfree(pp);
		return NULL;
	}
	pp->ino = next_ino++;
	return pp;
}

static void pipe_free(struct pipe *pp)
{
	if (pp->vn) {
		for (struct pipe **l = &fifos; *l; l = &(*l)->next_fifo) {
			if (*l == pp) {
				*l = pp->next_fifo;
				break;
			}
		}
		vnode_drop(pp->vn);
	}
	kfree(pp->buf);
	kfree(pp);
}

static bool end_reads(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool end_writes(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

/* A FIFO end opened before the other side has had any end opened since (poll reports no
 * hang-up for it, as Linux). */
static bool awaiting_peer(const struct pipe_end *e, bool reader)
{
	struct pipe *pp = e->pp;
	if (!pp->vn)
		return false;
	return reader ? !pp->writers && pp->w_opens == e->peer_opens
		      : !pp->readers && pp->r_opens == e->peer_opens;
}

/* Parks the caller of a pipe operation, or says it would block: -EAGAIN for non-blocking
 * ends and for kernel-side transfers (no thread to park). */
static long pipe_wait(struct file *f, struct uio *uio)
{
	if ((f->flags & O_NONBLOCK) || !uio->td)
		return -EAGAIN;
	return thread_park(uio->td, &((struct pipe_end *)f->priv)->pp->q, 0);
}

static long pipe_read(struct file *f, struct uio *uio)
{
	struct pipe_end *e = f->priv;
	struct pipe *pp = e->pp;

	if (uio->resid == 0)
		return 0;
	if (pp->len == 0) {
		if (!pp->writers && !(e->deferred && awaiting_peer(e, true)))
			return 0;
		return pipe_wait(f, uio);
	}
	size_t n = MIN((size_t)pp->len, uio->resid), done = 0;
	while (done < n) {
		size_t chunk = MIN(n - done, (size_t)(PIPE_SIZE - pp->head));
		int r = uiomove(pp->buf + pp->head, chunk, uio);
		if (r < 0) {
			if (!done)
				return r;
			break;
		}
		pp->head = (pp->head + chunk) % PIPE_SIZE;
		pp->len -= chunk;
		done += chunk;
	}
	if (!pp->len)
		pp->head = 0;
	waitq_wake_all(&pp->q);
	return (long)done;
}


/* Copies up to n bytes from the guest into the ring's free space: bytes moved or -EFAULT. */
static long ring_fill(struct pipe *pp, struct uio *uio, size_t n)
{
	size_t done = 0;
	while (done < n) {
		uint32_t tail = (pp->head + pp->len) % PIPE_SIZE;
		size_t chunk = MIN(n - done, (size_t)(PIPE_SIZE - tail));
		int r = uiomove(pp->buf + tail, chunk, uio);
		if (r < 0)
			return done ? (long)done : r;
		pp->len += chunk;
		done += chunk;
	}
	return (long)done;
}

/*
 * Writes keep the bytes already written in td->progress across parks: the handler runs
 * again from the top, and the uio is advanced past them.
 */
static long pipe_write(struct file *f, struct uio *uio)
{
	struct pipe_end *e = f->priv;
	struct pipe *pp = e->pp;
	uint64_t *progress = uio->td ? &uio->td->progress : NULL;
	size_t done = progress ? (size_t)*progress : 0;
	size_t total = uio->resid;

	uio_skip(uio, done);
	if (!pp->readers) {
		if (e->deferred && awaiting_peer(e, false))
			return pipe_wait(f, uio);
		if (uio->td) {
			struct ksiginfo ki = { .code = SI_USER, .pid = uio->td->p->pid,
					       .uid = uio->td->p->cred.uid };
			signal_send_thread(uio->td, SIGPIPE, &ki, uio->td);
		}
		return done ? (long)done : -EPIPE;
	}
	size_t room = PIPE_SIZE - pp->len;
	size_t want = uio->resid;
	if (want && (total <= PIPE_BUF ? room >= want : room > 0)) {
		long n = ring_fill(pp, uio, MIN(want, room));
		waitq_wake_all(&pp->q);
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
		if (progress)
			*progress = done;
	}
	if (done == total)
		return (long)done;
	long r = pipe_wait(f, uio);
	if (r == -EPARKED)
		return r;
	return done ? (long)done : r;
}

static long pipe_ioctl(struct file *f, struct thread *td, uint32_t cmd, uaddr_t arg)
{
	struct pipe *pp = ((struct pipe_end *)f->priv)->pp;
	if (cmd == FIONREAD) {
		int32_t n = (int32_t)pp->len;
		return copyout(td, &n, arg, sizeof n);
	}
	return -ENOTTY;
}

static int pipe_poll(struct file *f, int events)
{
	struct pipe_end *e = f->priv;
	struct pipe *pp = e->pp;
	int r = 0;
	if (end_reads(f)) {
		if (pp->len)
			r |= POLLIN | POLLRDNORM;
		if (!pp->writers && !awaiting_peer(e, true))
			r |= POLLHUP;
	}
	if (end_writes(f)) {
		if (!pp->readers && !awaiting_peer(e, false))
			r |= POLLERR;
		else if (PIPE_SIZE - pp->len >= PIPE_BUF && pp->readers)
			r |= POLLOUT | POLLWRNORM;
	}
	return r & (events | POLLHUP | POLLERR);
}

static struct waitq *pipe_pollq(struct file *f)
{
	return &((struct pipe_end *)f->priv)->pp->q;
}

static int pipe_stat(struct file *f, struct wp_kstat *st)
{
	struct pipe *pp = ((struct pipe_end *)f->priv)->pp;
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_ino = pp->ino;
	st->st_dev = PIPEFS_DEV;
	st->st_blksize = PIPE_BUF;
	if (f->vn) {
		/* a FIFO: the node's own identity and attributes */
		st->st_dev = f->vn->mnt ? f->vn->mnt->dev : 0;
		st->st_ino = f->vn->ino;
		st->st_mode = f->vn->mode;
		st->st_nlink = f->vn->nlink;
		st->st_uid = f->vn->uid;
		st->st_gid = f->vn->gid;
		st->st_mtime_sec = f->vn->mtime / 1000000000;
		st->st_mtime_nsec = f->vn->mtime % 1000000000;
		st->st_ctime_sec = f->vn->ctime / 1000000000;
		st->st_ctime_nsec = f->vn->ctime % 1000000000;
		st->st_atime_sec = f->vn->atime / 1000000000;
		st->st_atime_nsec = f->vn->atime % 1000000000;
	}
	return 0;
}

static void pipe_release(struct file *f)
{
	struct pipe_end *e = f->priv;
	struct pipe *pp = e->pp;
	if (end_reads(f))
		pp->readers--;
	if (end_writes(f))
		pp->writers--;
	kfree(e);
	waitq_wake_all(&pp->q); /* empties q: woken threads find their fd gone or the pipe changed */
	if (!pp->readers && !pp->writers)
		pipe_free(pp);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.pollq = pipe_pollq,
	.stat = pipe_stat,
	.release = pipe_release,
};

/* Opens an end of pp into f (the access mode is in f->flags): 0 or -ENOMEM. */
static int pipe_attach(struct pipe *pp, struct file *f)
{
	struct pipe_end *e = kzalloc(sizeof *e);
	if (!e)
		return -ENOMEM;
	e->pp = pp;
	bool r = end_reads(f), w = end_writes(f);
	e->peer_opens = r && !w ? pp->w_opens : w && !r ? pp->r_opens : 0;
	if (r) {
		pp->readers++;
		pp->r_opens++;
	}
	if (w) {
		pp->writers++;
		pp->w_opens++;
	}
	f->ops = &pipe_ops;
	f->priv = e;
	waitq_wake_all(&pp->q);
	return 0;
}

int pipe_create(uint32_t flags, struct file **rd, struct file **wr)
{
	uint32_t nb = flags & O_NONBLOCK;
	struct pipe *pp = pipe_alloc();
	if (!pp)
		return -ENOMEM;
	struct file *r = file_alloc(NULL, O_RDONLY | nb, NULL);
	struct file *w = file_alloc(NULL, O_WRONLY | nb, NULL);
	if (!r || !w || pipe_attach(pp, r) < 0)
		goto fail_unattached;
	if (pipe_attach(pp, w) < 0) {
		file_drop(r); /* releases the read end, the last: pp goes with it */
		file_drop(w);
		return -ENOMEM;
	}
	*rd = r;
	*wr = w;
	return 0;
fail_unattached:
	file_drop(r);
	file_drop(w);
	pipe_free(pp);
	return -ENOMEM;
}

static struct pipe *fifo_find(struct vnode *vn)
{
	for (struct pipe *pp = fifos; pp; pp = pp->next_fifo)
		if (pp->vn == vn)
			return pp;
	return NULL;
}

/* vfs.h's hook: f (access mode and O_NONBLOCK in f->flags) becomes an end of vn's pipe. */
int fifo_open(struct vnode *vn, struct file *f)
{
	struct pipe *pp = fifo_find(vn);
	bool made = false;
	if (!pp) {
		pp = pipe_alloc();
		if (!pp)
			return -ENOMEM;
		pp->vn = vnode_hold(vn);
		pp->next_fifo = fifos;
		fifos = pp;
		made = true;
	}
	if ((f->flags & O_ACCMODE) == O_WRONLY && (f->flags & O_NONBLOCK) && !pp->readers) {
		if (made)
			pipe_free(pp);
		return -ENXIO;
	}
	int r = pipe_attach(pp, f);
	if (r < 0 && made)
		pipe_free(pp);
	if (!r && !(f->flags & O_NONBLOCK) && (f->flags & O_ACCMODE) != O_RDWR)
		((struct pipe_end *)f->priv)->deferred = true;
	return r;
}

struct waitq *fifo_open_wait(struct file *f)
{
	if (f->ops != &pipe_ops || !f->vn)
		return NULL;
	struct pipe_end *e = f->priv;
	if (!e->deferred)
		return NULL;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	if (awaiting_peer(e, reader))
		return &e->pp->q;
	e->deferred = false; /* the peer came: nothing is left to wait for */
	return NULL;
}

/* pipe2(fds, flags) */
long sys_pipe2(struct thread *td, const sysarg_t *arg)
{
	uaddr_t ufds = arg[0];
	uint32_t flags = arg[1];
	struct file *rd, *wr;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	int r = pipe_create(flags, &rd, &wr);
	if (r)
		return r;
	bool cloexec = (flags & O_CLOEXEC) != 0;
	int fds[2];
	fds[0] = fd_alloc(td->p, 0, rd, cloexec);
	if (fds[0] < 0) {
		file_drop(rd);
		file_drop(wr);
		return fds[0];
	}
	fds[1] = fd_alloc(td->p, 0, wr, cloexec);
	if (fds[1] < 0) {
		fd_close(td->p, fds[0]);
		file_drop(wr);
		return fds[1];
	}
	r = copyout(td, fds, ufds, sizeof fds);
	if (r) {
		fd_close(td->p, fds[0]);
		fd_close(td->p, fds[1]);
	}
	return r;
}
