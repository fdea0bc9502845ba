/*
 * Host FIFOs in a hostfs mount (hostfs.h): opening one in the guest opens the host's FIFO, so
 * guest and host processes share it. The kernel worker serves every process, so the host side
 * never blocks: its descriptor is O_NONBLOCK, and a guest call that would block parks and
 * tries again every HOSTFS_FIFO_POLL_NS (the host cannot wake the kernel when a host process
 * reads or writes).
 *
 * Linux's blocking rules, as far as a non-blocking host descriptor can tell them:
 * - a blocking open for writing with no reader succeeds at once and waits at its first write
 *   (the pipe code defers the same way); a non-blocking one fails with ENXIO;
 * - a blocking reader waits for a first writer: until a read has seen data or EAGAIN (both
 *   prove a writer), "no writer" is waiting, not end of file — so a writer that opens and
 *   closes without writing before the reader looks goes unseen;
 * - a blocking write parks until all of it is in; writing with no reader raises SIGPIPE and
 *   fails with EPIPE (or returns what was written before).
 * poll/select see the FIFO as always ready.
 */
#include "hostfs.h"
#include "vfs.h"
#include "file.h"
#include "proc.h"
#include "signal.h"

#define HOSTFS_FIFO_POLL_NS 10000000 /* 10 ms between looks while parked */
#define HOSTFS_FIFO_CHUNK   65536

struct hfifo {
	int handle;        /* the host descriptor's handle; -1 until a deferred writer connects */
	bool seen_writer;  /* a read has shown a writer exists */
	int dir;           /* where the FIFO is: its directory's handle (kept open by f->vn) */
	size_t len;
	char name[];
};

static const struct file_ops hostfs_fifo_fops;

static int fifo_connect(struct hfifo *hf, struct file *f)
{
	int h = host_fs_open(hf->dir, hf->name, hf->len,
			     (int)(f->flags & O_ACCMODE) | HOSTFS_O_FIFO, 0);

	if (h >= 0)
		hf->handle = h;
	return h < 0 ? h : 0;
}

int hostfs_fifo_open(struct file *f, int dir, const char *name, size_t len)
{
	struct hfifo *hf = kmalloc(sizeof(*hf) + len + 1);
	int err;

	if (!hf)
		return -ENOMEM;
	*hf = (struct hfifo){ .handle = -1, .dir = dir, .len = len };
	memcpy(hf->name, name, len + 1);
	err = fifo_connect(hf, f);
	if (err == -ENXIO && (f->flags & O_ACCMODE) == O_WRONLY && !(f->flags & O_NONBLOCK))
		err = 0;
	if (err) {
		kfree(hf);
		return err;
	}
	f->ops = &hostfs_fifo_fops;
	f->priv = hf;
	return 0;
}

/* Parks the caller for one more look, or says it would block. */
static long fifo_wait(struct file *f, struct uio *uio)
{
	if ((f->flags & O_NONBLOCK) || !uio->td)
		return -EAGAIN;
	/* each look is a new deadline: one passing is not a timeout of the call */
	uio->td->timed_out = false;
	return thread_park(uio->td, NULL, clock_monotonic_ns() + HOSTFS_FIFO_POLL_NS);
}

static long fifo_read(struct file *f, struct uio *uio)
{
	struct hfifo *hf = f->priv;
	size_t want = MIN(uio->resid, HOSTFS_FIFO_CHUNK);
	char *buf;
	long n;

	if (uio->resid == 0)
		return 0;
	buf = kmalloc(want);
	if (!buf)
		return -ENOMEM;
	n = host_fs_pread(hf->handle, buf, want, -1);
	if (n > 0) {
		hf->seen_writer = true;
		int err = uiomove(buf, (size_t)n, uio);
		kfree(buf);
		return err ? err : n;
	}
	kfree(buf);
	if (n == -EAGAIN)
		hf->seen_writer = true;
	else if (n < 0)
		return n;
	else if (hf->seen_writer || (f->flags & O_NONBLOCK))
		return 0;
	return fifo_wait(f, uio);
}

/*
 * Bytes already written by earlier runs of this call are in td->progress: the handler runs
 * again from the top after a park, and passes over them first.
 */
static long fifo_write(struct file *f, struct uio *uio)
{
	struct hfifo *hf = f->priv;
	uint64_t *progress = uio->td ? &uio->td->progress : NULL;
	size_t done = progress ? (size_t)*progress : 0, total = uio->resid;
	char *buf = kmalloc(HOSTFS_FIFO_CHUNK);
	long r = 0;

	if (!buf)
		return -ENOMEM;
	for (size_t skip = done; skip > 0 && !r;) {
		size_t k = MIN(skip, HOSTFS_FIFO_CHUNK);
		r = uiomove(buf, k, uio);
		skip -= k;
	}
	if (!r && hf->handle < 0)
		r = fifo_connect(hf, f);
	while (!r && done < total) {
		size_t want = MIN(total - done, HOSTFS_FIFO_CHUNK);
		long w;

		r = uiomove(buf, want, uio);
		w = r ? r : host_fs_pwrite(hf->handle, buf, want, -1);
		if (w < 0) {
			r = w;
			break;
		}
		done += (size_t)w;
		if (progress)
			*progress = done;
		if ((size_t)w < want)
			r = -EAGAIN; /* the rest of this chunk left uio: the next run looks again */
	}
	kfree(buf);
	if (r == -ENXIO || r == -EAGAIN) { /* no reader yet, or the host FIFO is full */
		long p = fifo_wait(f, uio);
		return (p != -EPARKED && done) ? (long)done : p;
	}
	if (r == -EPIPE && uio->td) {
		struct ksiginfo ki = { .code = SI_USER, .pid = uio->td->p->pid,
				       .uid = uio->td->p->cred.uid };
		signal_send_thread(uio->td, SIGPIPE, &ki, uio->td);
	}
	return done ? (long)done : r;
}

static void fifo_release(struct file *f)
{
	struct hfifo *hf = f->priv;

	if (hf->handle >= 0)
		host_fs_close(hf->handle);
	kfree(hf);
}

static const struct file_ops hostfs_fifo_fops = {
	.read = fifo_read,
	.write = fifo_write,
	.release = fifo_release,
};
