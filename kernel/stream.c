/*
 * Host streams (stream.h). Output is handed to the host as it is written, and writers park
 * while the host has paused the stream (its reader is slow); input arrives from the host into
 * a per-stream buffer, and readers park until there is some (or end of file). The host keeps
 * at most a window of input here and sends more as readers report what they took.
 * A stream the host says is a terminal answers the tty ioctls with a fixed cooked termios:
 * the host's own terminal does the line editing.
 */
#include "stream.h"
#include "kernel_api.h"
#include "host.h"
#include "proc.h"
#include "fd.h"
#include "sched.h"
#include "signal.h"
#include "uapi/fcntl.h"
#include "uapi/ioctl.h"
#include "uapi/termios.h"
#include "uapi/stat.h"

/* Input taken by readers is reported to the host when the buffer runs dry, or this often. */
#define STREAM_REPORT (64 << 10)

struct stream {
	bool used;
	bool eof;
	bool tty;
	bool paused;    /* the host can take no more output until kernel_stream_resume */
	int eof_once;   /* a terminal's ^D: that many reads return 0, then reading goes on */
	int fg_pgrp;    /* the terminal's foreground process group (TIOCSPGRP), or 0 */
	struct wp_winsize ws;
	struct wp_termios tio;
	char *in;
	size_t head, len, cap;
	size_t unreported; /* input taken by readers and not yet told to the host */
	struct waitq q;    /* readers waiting for input, writers for the host to resume */
};

static struct stream streams[STREAM_MAX];

/* A stream as new: no input, not at end of file, a cooked terminal's settings. */
static void stream_reset(struct stream *s)
{
	kfree(s->in);
	waitq_wake_all(&s->q); /* off the old queue; they use the new stream */
	*s = (struct stream){ .used = true };
	s->tio = (struct wp_termios){
		.c_iflag = ICRNL | IXON | IUTF8,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B38400 | CS8 | CREAD,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
			  [VEOF] = 4, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19,
			  [VSUSP] = 26, [VREPRINT] = 18, [VWERASE] = 23, [VLNEXT] = 22 },
	};
	s->ws = (struct wp_winsize){ 24, 80, 0, 0 };
}

static struct stream *stream_get(int id)
{
	if (id < 0 || id >= STREAM_MAX)
		return NULL;
	struct stream *s = &streams[id];
	if (!s->used)
		stream_reset(s);
	return s;
}

void kernel_stream_setup(int id, int tty, int rows, int cols)
{
	if (id < 0 || id >= STREAM_MAX)
		return;
	struct stream *s = &streams[id];
	stream_reset(s);
	s->tty = tty != 0;
	if (rows > 0 && cols > 0)
		s->ws = (struct wp_winsize){ (uint16_t)rows, (uint16_t)cols, 0, 0 };
}

void kernel_stream_input(int id, uint32_t buf, uint32_t len)
{
	struct stream *s = stream_get(id);
	if (!s)
		return;
	if (len == 0) {
		s->eof = true;
	} else {
		if (s->head && s->head + s->len + len > s->cap) { /* (no buffer yet: head is 0) */
			memmove(s->in, s->in + s->head, s->len);
			s->head = 0;
		}
		if (s->len + len > s->cap) {
			size_t cap = MAX(s->cap * 2, s->len + len);
			char *n = krealloc(s->in, cap);
			if (!n) {
				kprintf("stream %d: input dropped (out of memory)", id);
				return;
			}
			s->in = n;
			s->cap = cap;
		}
		memcpy(s->in + s->head + s->len, (const void *)(uintptr_t)buf, len);
		s->len += len;
	}
	waitq_wake_all(&s->q);
}

void kernel_stream_pause(int id)
{
	struct stream *s = stream_get(id);
	if (s)
		s->paused = true;
}

void kernel_stream_resume(int id)
{
	struct stream *s = stream_get(id);
	if (!s || !s->paused)
		return;
	s->paused = false;
	waitq_wake_all(&s->q);
}

void kernel_stream_eof_once(int id)
{
	struct stream *s = stream_get(id);
	if (!s)
		return;
	s->eof_once++;
	waitq_wake_all(&s->q);
}

int kernel_stream_signal(int id, int sig)
{
	struct stream *s = stream_get(id);
	if (!s || !s->fg_pgrp)
		return -ESRCH;
	return kernel_kill(-s->fg_pgrp, sig);
}

static long stream_read(struct file *f, struct uio *uio)
{
	struct stream *s = f->priv;
	if (s->len == 0) {
		if (s->eof || uio->resid == 0)
			return 0;
		if (s->eof_once) {
			s->eof_once--;
			return 0;
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		return thread_park(uio->td, &s->q, 0);
	}
	size_t n = MIN(s->len, uio->resid);
	int r = uiomove(s->in + s->head, n, uio);
	if (r < 0)
		return r;
	s->head += n;
	s->len -= n;
	if (!s->len)
		s->head = 0;
	s->unreported += n;
	if (!s->len || s->unreported >= STREAM_REPORT) {
		host_stream_consumed((int)(s - streams), s->unreported);
		s->unreported = 0;
	}
	return (long)n;
}

/*
 * Writes keep the bytes already written in td->progress across parks, as pipe writes do. A
 * write to a paused stream parks (or is EAGAIN with O_NONBLOCK); one to a stream nobody
 * reads any more raises SIGPIPE and fails with EPIPE.
 */
static long stream_write(struct file *f, struct uio *uio)
{
	static char chunk[65536];
	struct stream *s = f->priv;
	uint64_t *progress = uio->td ? &uio->td->progress : NULL;
	size_t done = progress ? (size_t)*progress : 0;

	uio_skip(uio, done);
	while (uio->resid) {
		if (s->paused) {
			if ((f->flags & O_NONBLOCK) || !uio->td)
				return done ? (long)done : -EAGAIN;
			long r = thread_park(uio->td, &s->q, 0);
			return r == -EPARKED || !done ? r : (long)done;
		}
		size_t n = MIN(uio->resid, sizeof chunk);
		int r = uiomove(chunk, n, uio);
		if (r < 0)
			return done ? (long)done : r;
		long w = host_stream_write((int)(s - streams), chunk, n);
		if (w == -EPIPE && uio->td) {
			struct ksiginfo ki = { .code = SI_USER, .pid = uio->td->p->pid,
					       .uid = uio->td->p->cred.uid };
			signal_send_thread(uio->td, SIGPIPE, &ki, uio->td);
		}
		if (w < 0)
			return done ? (long)done : w;
		done += n;
		if (progress)
			*progress = done;
	}
	return (long)done;
}

static long stream_ioctl(struct file *f, struct thread *td, uint32_t cmd, uaddr_t arg)
{
	struct stream *s = f->priv;
	if (cmd == FIONREAD) {
		int32_t n = (int32_t)s->len;
		return copyout(td, &n, arg, sizeof n);
	}
	if (!s->tty)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		return copyout(td, &s->tio, arg, sizeof s->tio);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copyin(td, arg, &s->tio, sizeof s->tio);
	case TIOCGWINSZ:
		return copyout(td, &s->ws, arg, sizeof s->ws);
	case TIOCSWINSZ:
		return copyin(td, arg, &s->ws, sizeof s->ws);
	case TIOCGPGRP: {
		int32_t pg = s->fg_pgrp ? s->fg_pgrp : td->p->pgid;
		return copyout(td, &pg, arg, sizeof pg);
	}
	case TIOCSPGRP: {
		int32_t pg;
		int r = copyin(td, arg, &pg, sizeof pg);
		if (r)
			return r;
		if (pg <= 0)
			return -EINVAL;
		s->fg_pgrp = pg;
		return 0;
	}
	}
	return -ENOTTY;
}

static int stream_poll(struct file *f, int events)
{
	struct stream *s = f->priv;
	int r = s->paused ? 0 : events & (POLLOUT | POLLWRNORM);
	if (s->len || s->eof)
		r |= events & (POLLIN | POLLRDNORM);
	return r;
}

static struct waitq *stream_pollq(struct file *f)
{
	return &((struct stream *)f->priv)->q;
}

static int stream_stat(struct file *f, struct wp_kstat *st)
{
	struct stream *s = f->priv;
	memset(st, 0, sizeof *st);
	st->st_mode = (s->tty ? S_IFCHR : S_IFIFO) | 0620;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = (uint64_t)(s - streams) + 1;
	st->st_dev = 0x10;
	return 0;
}

static const struct file_ops stream_ops = {
	.read = stream_read,
	.write = stream_write,
	.ioctl = stream_ioctl,
	.poll = stream_poll,
	.pollq = stream_pollq,
	.stat = stream_stat,
};

int stream_open(int id, uint32_t flags, struct file **out)
{
	struct stream *s = stream_get(id);
	if (!s)
		return -EINVAL;
	struct file *f = file_alloc(&stream_ops, flags, s);
	if (!f)
		return -ENOMEM;
	*out = f;
	return 0;
}

/* The terminal stream behind p's fd, or NULL. */
static struct stream *fd_tty(struct proc *p, int fd)
{
	struct file *f = p && p->fdt ? fd_get(p, fd) : NULL;
	struct stream *s = NULL;
	if (f && f->ops == &stream_ops && ((struct stream *)f->priv)->tty)
		s = f->priv;
	if (f)
		file_drop(f);
	return s;
}

static int attach(struct file *f, struct stream *s)
{
	if (!s)
		return -ENXIO;
	f->ops = &stream_ops;
	f->priv = s;
	return 0;
}

/* p's controlling terminal (see stream.h), or NULL. */
static struct stream *ctty_of(struct proc *p)
{
	struct proc *leader = proc_find(p->sid);
	struct stream *s = NULL;
	for (int fd = 0; fd < 3 && !s; fd++)
		s = fd_tty(leader, fd);
	for (int fd = 0; fd < 3 && !s; fd++)
		s = fd_tty(p, fd);
	return s;
}

int stream_open_ctty(struct proc *p, struct file *f)
{
	return attach(f, ctty_of(p));
}

/* The console: the first host stream that is a terminal, or NULL. */
static struct stream *console(void)
{
	for (int id = 0; id < STREAM_MAX; id++)
		if (streams[id].used && streams[id].tty)
			return &streams[id];
	return NULL;
}

int stream_open_console(struct file *f)
{
	return attach(f, console());
}

int stream_ctty_info(struct proc *p, uint64_t *dev, int *fg_pgrp)
{
	struct stream *s = ctty_of(p);
	if (!s)
		return -ENXIO;
	*dev = s == console() ? WP_MKDEV(5, 1) : 0;
	*fg_pgrp = s->fg_pgrp;
	return 0;
}
