/*
 * eventfd: a 64-bit counter behind a descriptor. write adds to it, blocking (or EAGAIN)
 * while the sum would pass 2^64 - 2; read takes the whole count, or 1 with EFD_SEMAPHORE,
 * blocking (or EAGAIN) while it is 0. Readable while the count is not 0, writable while
 * 1 can still be added; poll, select and their wake-ups see it like any file.
 */
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "uapi/fcntl.h"

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK  O_NONBLOCK
#define EFD_CLOEXEC   O_CLOEXEC
#define EVENTFD_MAX   UINT64_C(0xfffffffffffffffe)

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitq q;
};

static long eventfd_wait(struct file *f, struct uio *uio)
{
	if ((f->flags & O_NONBLOCK) || !uio->td)
		return -EAGAIN;
	return thread_park(uio->td, &((struct eventfd *)f->priv)->q, 0);
}

static long eventfd_read(struct file *f, struct uio *uio)
{
	struct eventfd *e = f->priv;
	if (uio->resid < sizeof e->count)
		return -EINVAL;
	if (!e->count)
		return eventfd_wait(f, uio);
	uint64_t v = e->semaphore ? 1 : e->count;
	int r = uiomove(&v, sizeof v, uio);
	if (r)
		return r;
	e->count -= v;
	waitq_wake_all(&e->q);
	return sizeof v;
}

static long eventfd_write(struct file *f, struct uio *uio)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	if (uio->resid < sizeof v)
		return -EINVAL;
	/* a run that parks moved nothing: the next run reads the value again */
	int r = uiomove(&v, sizeof v, uio);
	if (r)
		return r;
	if (v == UINT64_MAX)
		return -EINVAL;
	if (v > EVENTFD_MAX - e->count)
		return eventfd_wait(f, uio);
	e->count += v;
	if (v)
		waitq_wake_all(&e->q);
	return sizeof v;
}

static int eventfd_poll(struct file *f, int events)
{
	struct eventfd *e = f->priv;
	int ready = 0;
	if (e->count)
		ready |= POLLIN | POLLRDNORM;
	if (e->count < EVENTFD_MAX)
		ready |= POLLOUT | POLLWRNORM;
	return ready & events;
}

static struct waitq *eventfd_pollq(struct file *f)
{
	return &((struct eventfd *)f->priv)->q;
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_ops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.pollq = eventfd_pollq,
	.release = eventfd_release,
};

/* eventfd2(initval, flags) */
long sys_eventfd2(struct thread *td, const sysarg_t *arg)
{
	uint32_t init = arg[0], flags = arg[1];
	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	struct eventfd *e = kzalloc(sizeof *e);
	if (!e)
		return -ENOMEM;
	e->count = init;
	e->semaphore = flags & EFD_SEMAPHORE;
	struct file *f = file_alloc(&eventfd_ops, O_RDWR | (flags & EFD_NONBLOCK), e);
	if (!f) {
		kfree(e);
		return -ENOMEM;
	}
	return fd_alloc_new(td->p, f, flags & EFD_CLOEXEC);
}
