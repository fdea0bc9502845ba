/*
 * Open file descriptions: what an fd points at. Shared by dup and by fork, so one offset and
 * one set of status flags serve every fd that refers to the same description (POSIX).
 * Each kind of file (memfs node, device, pipe, host stream, …) supplies a struct file_ops.
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "kernel.h"

struct file;
struct vnode;
struct epitem;
struct wp_kstat;

/* A guest buffer list and a cursor over it; uiomove is the only way a file op moves data. */
struct kiovec {
	uintptr_t base;       /* a guest address, or a kernel pointer when uio.kspace is set */
	uint32_t len;
};

enum uio_rw { UIO_READ /* kernel → guest */, UIO_WRITE /* guest → kernel */ };

struct uio {
	struct thread *td;    /* whose memory the iovecs are in */
	struct kiovec *iov;   /* advanced as bytes move */
	int iovcnt;
	size_t resid;         /* bytes still to move */
	int64_t offset;       /* file position of the transfer (for files that have one) */
	enum uio_rw rw;
	bool kspace;          /* iov bases are kernel addresses (the kernel reading a file itself) */
};

/*
 * Moves up to n bytes between kbuf and the guest buffers (direction uio->rw), advancing the
 * iovecs, resid and offset. Returns 0 or -EFAULT (then nothing past the fault moved).
 */
int uiomove(void *kbuf, size_t n, struct uio *uio);
/*
 * The walk under uiomove: up to n bytes in pieces, each moved by move(ctx, bytes moved so
 * far, the iovec's address, len, uio), which returns 0 or -EFAULT; advances as uiomove does.
 */
typedef int (*uio_piece_fn)(void *ctx, size_t done, uintptr_t base, size_t len,
			    const struct uio *uio);
int uio_each(struct uio *uio, size_t n, uio_piece_fn move, void *ctx);
/* Advances uio past n bytes already moved by an earlier run of the same request. */
void uio_skip(struct uio *uio, size_t n);
/* The guest's n iovecs at uiov, in a new array the caller frees: 0, -ENOMEM or -EFAULT.
 * The caller bounds n first (WP_IOV_MAX). */
int iovec_in(struct thread *td, uaddr_t uiov, uint32_t n, struct kiovec **out);

/* Poll event bits (Linux values). */
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#define POLLRDHUP  0x2000

/*
 * Operations of one kind of file. Any member may be NULL: read/write then fail with EINVAL
 * (EBADF when the access mode forbids it, checked before), ioctl with ENOTTY, seek with
 * ESPIPE. read and write may park the calling thread (return thread_park's result) and keep
 * partial progress in td->progress; they return bytes moved or -errno.
 */
struct file_ops {
	long (*read)(struct file *f, struct uio *uio);
	long (*write)(struct file *f, struct uio *uio);
	long (*ioctl)(struct file *f, struct thread *td, uint32_t cmd, uaddr_t arg);
	/* New offset for (off, whence), or -errno; the caller stores it in f->offset. */
	int64_t (*seek)(struct file *f, int64_t off, int whence);
	int (*stat)(struct file *f, struct wp_kstat *st);
	/* Ready events among events, now; NULL means always readable and writable. */
	int (*poll)(struct file *f, int events);
	/* The queue a poller parks on to hear of changes, or NULL. */
	struct waitq *(*pollq)(struct file *f);
	int (*truncate)(struct file *f, int64_t len);
	int (*sync)(struct file *f);
	/* Called once when the last reference is dropped. */
	void (*release)(struct file *f);
};

struct file {
	const struct file_ops *ops;
	int refs;             /* fd table entries, plus in-flight holders */
	uint32_t flags;       /* O_ACCMODE bits and status flags (O_APPEND, O_NONBLOCK, …) */
	int64_t offset;
	struct vnode *vn;     /* the node it was opened from, or NULL (pipes, host streams) */
	void *priv;           /* the kind's own state */
	struct epitem *epitems; /* epoll registrations of it (epoll.c), gone with it */
};

/* f's last reference is going: every epoll registration of it goes first (epoll.c). */
void epoll_file_gone(struct file *f);

/* A new description with one reference, or NULL when out of memory. */
struct file *file_alloc(const struct file_ops *ops, uint32_t flags, void *priv);
struct file *file_hold(struct file *f);
/* Drops one reference; the last one calls ops->release and frees f. */
void file_drop(struct file *f);

#endif
