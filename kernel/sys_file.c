/*
 * The file family's descriptor calls: read/write and their vector and positioned forms,
 * lseek, close, dup, fcntl, ioctl, flock, getdents64, truncate/allocate/sync on fds,
 * sendfile and copy_file_range. Handlers unpack and copy; kern_* do the work.
 */
#include "sysfile.h"
#include "fd.h"
#include "vfs.h"
#include "proc.h"
#include "uapi/dirent.h"
#include "uapi/ioctl.h"

#define SSIZE_MAX32 0x7fffffff /* a 32-bit guest's ssize_t */

static int64_t arg64(const sysarg_t *arg, int lo)
{
	return (int64_t)((uint64_t)arg[lo] | ((uint64_t)arg[lo + 1] << 32));
}

static bool readable(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool writable(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_RDONLY;
}

static long file_rw(struct thread *td, struct file *f, struct kiovec *iov, int iovcnt,
		    size_t total, int64_t offset, enum uio_rw rw)
{
	struct uio uio = { .td = td, .iov = iov, .iovcnt = iovcnt, .resid = total,
			   .offset = offset < 0 ? f->offset : offset, .rw = rw };
	long (*op)(struct file *, struct uio *);
	long n;

	if (!(rw == UIO_READ ? readable(f) : writable(f)))
		return -EBADF;
	op = f->ops ? (rw == UIO_READ ? f->ops->read : f->ops->write) : NULL;
	if (!op)
		return -EINVAL;
	if (offset >= 0 && !f->ops->seek)
		return -ESPIPE;
	n = op(f, &uio);
	if (offset < 0 && n > 0 && f->ops->seek)
		f->offset = uio.offset;
	return n;
}

long kern_rw(struct thread *td, int fd, struct kiovec *iov, int iovcnt, int64_t offset,
	     enum uio_rw rw)
{
	struct file *f;
	size_t total = 0;
	long n;

	if (iovcnt < 0 || iovcnt > WP_IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].len > SSIZE_MAX32 - total)
			return -EINVAL;
		total += iov[i].len;
	}
	f = fd_get(td->p, fd);
	if (!f)
		return -EBADF;
	n = file_rw(td, f, iov, iovcnt, total, offset, rw);
	file_drop(f);
	return n;
}

long kern_file_io(struct file *f, void *buf, size_t n, int64_t offset, enum uio_rw rw)
{
	struct kiovec iov = { (uintptr_t)buf, (uint32_t)n };
	struct uio uio = { .iov = &iov, .iovcnt = 1, .resid = n, .offset = offset, .rw = rw,
			   .kspace = true };
	long (*op)(struct file *, struct uio *) = rw == UIO_READ ? f->ops->read : f->ops->write;

	return op ? op(f, &uio) : -EINVAL;
}

/* read, write, pread64, pwrite64: one buffer */
static long rw_one(struct thread *td, const sysarg_t *arg, int64_t offset, enum uio_rw rw)
{
	int fd = (int)arg[0];
	struct kiovec iov = { .base = arg[1], .len = arg[2] };

	if (offset < -1)
		return -EINVAL;
	return kern_rw(td, fd, &iov, 1, offset, rw);
}

long sys_read(struct thread *td, const sysarg_t *arg)
{
	return rw_one(td, arg, -1, UIO_READ);
}

long sys_write(struct thread *td, const sysarg_t *arg)
{
	return rw_one(td, arg, -1, UIO_WRITE);
}

long sys_pread64(struct thread *td, const sysarg_t *arg)
{
	int64_t off = arg64(arg, 3);

	return off < 0 ? -EINVAL : rw_one(td, arg, off, UIO_READ);
}

long sys_pwrite64(struct thread *td, const sysarg_t *arg)
{
	int64_t off = arg64(arg, 3);

	return off < 0 ? -EINVAL : rw_one(td, arg, off, UIO_WRITE);
}

/* readv, writev, preadv, pwritev: a guest array of struct iovec { uint32 base, len } */
static long rw_vec(struct thread *td, const sysarg_t *arg, int64_t offset, enum uio_rw rw)
{
	int fd = (int)arg[0];
	uaddr_t uiov = arg[1];
	int iovcnt = (int)arg[2];
	struct kiovec *iov;
	long n;

	if (iovcnt < 0 || iovcnt > WP_IOV_MAX)
		return -EINVAL;
	n = iovec_in(td, uiov, (uint32_t)iovcnt, &iov);
	if (n)
		return n;
	n = kern_rw(td, fd, iov, iovcnt, offset, rw);
	kfree(iov);
	return n;
}

long sys_readv(struct thread *td, const sysarg_t *arg)
{
	return rw_vec(td, arg, -1, UIO_READ);
}

long sys_writev(struct thread *td, const sysarg_t *arg)
{
	return rw_vec(td, arg, -1, UIO_WRITE);
}

long sys_preadv(struct thread *td, const sysarg_t *arg)
{
	int64_t off = arg64(arg, 3);

	return off < 0 ? -EINVAL : rw_vec(td, arg, off, UIO_READ);
}

long sys_pwritev(struct thread *td, const sysarg_t *arg)
{
	int64_t off = arg64(arg, 3);

	return off < 0 ? -EINVAL : rw_vec(td, arg, off, UIO_WRITE);
}

int64_t kern_lseek(struct proc *p, int fd, int64_t off, int whence)
{
	struct file *f = fd_get(p, fd);
	int64_t pos;

	if (!f)
		return -EBADF;
	if (!f->ops || !f->ops->seek)
		pos = (f->flags & O_PATH) ? -EBADF : -ESPIPE;
	else
		pos = f->ops->seek(f, off, whence);
	if (pos >= 0)
		f->offset = pos;
	file_drop(f);
	return pos;
}

/* _llseek(fd, offset_high, offset_low, result_ptr, whence) */
long sys_llseek(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	int64_t off = (int64_t)(((uint64_t)arg[1] << 32) | arg[2]);
	uaddr_t result = arg[3];
	int whence = (int)arg[4];
	int64_t pos;

	if (whence < SEEK_SET || whence > SEEK_HOLE)
		return -EINVAL;
	pos = kern_lseek(td->p, fd, off, whence);
	if (pos < 0)
		return (long)pos;
	return copyout(td, &pos, result, sizeof(pos));
}

long sys_close(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];

	return fd_close(td->p, fd);
}

long sys_dup(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	struct file *f = fd_get(td->p, fd);
	int r;

	if (!f)
		return -EBADF;
	r = fd_alloc(td->p, 0, f, false);
	if (r < 0)
		file_drop(f);
	return r == -EINVAL ? -EMFILE : r;
}

long sys_dup3(struct thread *td, const sysarg_t *arg)
{
	int oldfd = (int)arg[0], newfd = (int)arg[1];
	uint32_t flags = arg[2];

	if (flags & ~(uint32_t)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return fd_dup3(td->p, oldfd, newfd, flags & O_CLOEXEC);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

static long fcntl_lock(struct thread *td, struct file *f, int cmd, uaddr_t uarg)
{
	struct wp_flock fl;
	int err = copyin(td, uarg, &fl, sizeof(fl));

	if (err)
		return err;
	err = lock_fcntl(td, f, cmd, &fl);
	if (!err && (cmd == F_GETLK || cmd == F_OFD_GETLK))
		err = copyout(td, &fl, uarg, sizeof(fl));
	return err;
}

long kern_fcntl(struct thread *td, int fd, int cmd, uint32_t arg)
{
	struct proc *p = td->p;
	struct file *f = fd_get(p, fd);
	long r;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r = fd_alloc(p, (int)arg, f, cmd == F_DUPFD_CLOEXEC);
		if (r >= 0)
			return r; /* the table owns our reference now */
		break;
	case F_GETFD:
		r = fd_get_cloexec(p, fd);
		break;
	case F_SETFD:
		r = fd_set_cloexec(p, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = f->flags;
		break;
	case F_SETFL:
		r = 0;
		if (!(f->flags & O_PATH))
			f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | (arg & SETFL_MASK);
		else
			r = -EBADF;
		break;
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		r = fcntl_lock(td, f, cmd, arg);
		break;
	case F_GETLK64: case F_SETLK64: case F_SETLKW64:
		r = fcntl_lock(td, f, cmd - (F_GETLK64 - F_GETLK), arg);
		break;
	case F_GETOWN: case F_SETOWN: case F_GETSIG: case F_SETSIG:
		r = 0;
		break;
	default:
		r = -EINVAL;
	}
	file_drop(f);
	return r;
}

long sys_fcntl(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0], cmd = (int)arg[1];
	uint32_t a = arg[2];

	return kern_fcntl(td, fd, cmd, a);
}

static long ioctl_generic(struct thread *td, struct file *f, int fd, uint32_t cmd, uaddr_t arg)
{
	int v;
	long r;

	switch (cmd) {
	case FIONBIO:
	case FIOASYNC:
		r = copyin(td, arg, &v, sizeof(v));
		if (!r) {
			uint32_t bit = cmd == FIONBIO ? O_NONBLOCK : O_ASYNC;
			f->flags = v ? f->flags | bit : f->flags & ~bit;
		}
		return r;
	case FIOCLEX:
	case FIONCLEX:
		return fd_set_cloexec(td->p, fd, cmd == FIOCLEX);
	}
	if (f->ops && f->ops->ioctl) {
		r = f->ops->ioctl(f, td, cmd, arg);
		if (r != -ENOTTY)
			return r;
	}
	if (cmd == FIONREAD && f->vn && S_ISREG(f->vn->mode)) {
		v = f->vn->size > f->offset ? (int)MIN(f->vn->size - f->offset, INT32_MAX) : 0;
		return copyout(td, &v, arg, sizeof(v));
	}
	return -ENOTTY;
}

long sys_ioctl(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	uint32_t cmd = arg[1];
	uaddr_t a = arg[2];
	struct file *f = fd_get(td->p, fd);
	long r;

	if (!f)
		return -EBADF;
	r = (f->flags & O_PATH) ? -EBADF : ioctl_generic(td, f, fd, cmd, a);
	file_drop(f);
	return r;
}

long sys_flock(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0], op = (int)arg[1];
	struct file *f = fd_get(td->p, fd);
	long r;

	if (!f)
		return -EBADF;
	r = lock_flock(td, f, op);
	file_drop(f);
	return r;
}

/* getdents64 */

struct dents {
	char *buf;
	size_t size, used;
	int64_t next;
	bool full;
};

static int dents_fill(void *ctx, const char *name, size_t len, uint64_t ino, int dtype,
		      int64_t next)
{
	struct dents *d = ctx;
	size_t reclen = (WP_DIRENT64_NAME_OFFSET + len + 1 + 7) & ~(size_t)7;
	struct wp_dirent64 *e;

	if (d->used + reclen > d->size) {
		d->full = true;
		return 1;
	}
	e = (struct wp_dirent64 *)(d->buf + d->used);
	memset(e, 0, reclen);
	e->d_ino = ino;
	e->d_off = next;
	e->d_reclen = (uint16_t)reclen;
	e->d_type = (uint8_t)dtype;
	memcpy(e->d_name, name, len);
	d->used += reclen;
	d->next = next;
	return 0;
}

#define DENTS_MAX 65536 /* bytes of records one getdents64 call builds */

long sys_getdents64(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	uaddr_t dirp = arg[1];
	size_t count = arg[2];
	struct file *f = fd_get(td->p, fd);
	struct dents d = { 0 };
	long r;

	if (!f)
		return -EBADF;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (!f->vn || !S_ISDIR(f->vn->mode) || !f->vn->ops->readdir)
		r = -ENOTDIR;
	else if (!(d.buf = kmalloc(MIN(count, DENTS_MAX) + 1)))
		r = -ENOMEM;
	else {
		d.size = MIN(count, DENTS_MAX);
		d.next = f->offset;
		r = f->vn->ops->readdir(f->vn, f->offset, dents_fill, &d);
		if (!r && d.used == 0 && d.full)
			r = -EINVAL; /* the next entry does not fit in count bytes */
		if (!r)
			r = copyout(td, d.buf, dirp, d.used);
		if (!r) {
			f->offset = d.next;
			r = (long)d.used;
		}
	}
	kfree(d.buf);
	file_drop(f);
	return r;
}

/* Sizes and data on fds */

static long ftruncate_fd(struct thread *td, int fd, int64_t len)
{
	struct file *f = fd_get(td->p, fd);
	long r;

	if (!f)
		return -EBADF;
	if (len < 0)
		r = -EINVAL;
	else if (!writable(f))
		r = (f->flags & O_PATH) ? -EBADF : -EINVAL;
	else if (f->vn && S_ISREG(f->vn->mode))
		r = vfs_writable_mount(f->vn) ?: vfs_truncate(f->vn, len);
	else if (f->ops->truncate)
		r = f->ops->truncate(f, len);
	else
		r = -EINVAL;
	file_drop(f);
	return r;
}

long sys_ftruncate(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	int64_t len = arg64(arg, 1);

	return ftruncate_fd(td, fd, len);
}

/* fallocate(fd, mode, offset lo/hi, len lo/hi) */
long sys_fallocate(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0], mode = (int)arg[1];
	int64_t off = arg64(arg, 2), len = arg64(arg, 4);
	struct file *f;
	long r;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	f = fd_get(td->p, fd);
	if (!f)
		return -EBADF;
	if (!writable(f))
		r = -EBADF;
	else if (!f->vn)
		r = -ESPIPE;
	else if (S_ISDIR(f->vn->mode))
		r = -EISDIR;
	else if (!S_ISREG(f->vn->mode))
		r = -ENODEV;
	else if (off > INT64_MAX - len)
		r = -EFBIG;
	else
		r = vfs_writable_mount(f->vn) ?:
		    (f->vn->ops->allocate ? f->vn->ops->allocate(f->vn, mode, off, len) : -EOPNOTSUPP);
	file_drop(f);
	return r;
}

/* The file type of an open description: its node's, or what its kind's stat says. */
static uint32_t file_type(struct file *f)
{
	struct wp_kstat st;
	if (f->vn)
		return f->vn->mode & S_IFMT;
	if (f->ops && f->ops->stat && f->ops->stat(f, &st) == 0)
		return st.st_mode & S_IFMT;
	return 0;
}

/* fsync and fdatasync: pipes, sockets and character devices have nothing to sync (EINVAL). */
static long sync_fd(struct thread *td, int fd)
{
	struct file *f = fd_get(td->p, fd);
	long r = 0;
	uint32_t type;

	if (!f)
		return -EBADF;
	type = file_type(f);
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (type == S_IFIFO || type == S_IFSOCK || type == S_IFCHR)
		r = -EINVAL;
	else if (f->ops && f->ops->sync)
		r = f->ops->sync(f);
	else if (f->vn && f->vn->ops->sync)
		r = f->vn->ops->sync(f->vn);
	file_drop(f);
	return r;
}

long sys_fsync(struct thread *td, const sysarg_t *arg)
{
	return sync_fd(td, (int)arg[0]);
}

long sys_fdatasync(struct thread *td, const sysarg_t *arg)
{
	return sync_fd(td, (int)arg[0]);
}

long sys_syncfs(struct thread *td, const sysarg_t *arg)
{
	struct file *f = fd_get(td->p, (int)arg[0]);

	if (!f)
		return -EBADF;
	file_drop(f);
	return 0;
}

long sys_sync(struct thread *td, const sysarg_t *arg)
{
	(void)td;
	(void)arg;
	return 0;
}

/* fadvise64_64(fd, offset lo/hi, len lo/hi, advice): advice only, checked and ignored */
long sys_fadvise64_64(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0], advice = (int)arg[5];
	struct file *f = fd_get(td->p, fd);
	long r = 0;

	if (!f)
		return -EBADF;
	if (!f->vn || S_ISFIFO(f->vn->mode))
		r = -ESPIPE;
	else if (advice < 0 || advice > 5 || arg64(arg, 3) < 0)
		r = -EINVAL;
	file_drop(f);
	return r;
}

/* Copies between descriptions through a kernel buffer. */
#define COPY_CHUNK 65536

static long copy_between(struct file *in, int64_t *inoff, struct file *out, int64_t *outoff,
			 size_t count)
{
	char *buf = kmalloc(MIN(count, COPY_CHUNK) ? MIN(count, COPY_CHUNK) : 1);
	size_t done = 0;
	long r = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t want = MIN(count - done, COPY_CHUNK);
		int64_t ipos = inoff ? *inoff : in->offset;
		int64_t opos = outoff ? *outoff : out->offset;
		long got = kern_file_io(in, buf, want, ipos, UIO_READ), put;

		if (got <= 0) {
			r = got;
			break;
		}
		put = kern_file_io(out, buf, (size_t)got, opos, UIO_WRITE);
		if (put <= 0) {
			r = put;
			break;
		}
		/* what was read but not written is given back to the input position */
		if (inoff)
			*inoff += put;
		else
			in->offset += put;
		if (outoff)
			*outoff += put;
		else if (out->ops->seek)
			out->offset = (out->flags & O_APPEND) && out->vn ? out->vn->size : opos + put;
		done += (size_t)put;
		if (put < got)
			break;
	}
	kfree(buf);
	return done ? (long)done : r;
}

/* sendfile64(out_fd, in_fd, int64_t *offset, count) */
long sys_sendfile(struct thread *td, const sysarg_t *arg)
{
	int out_fd = (int)arg[0], in_fd = (int)arg[1];
	uaddr_t uoff = arg[2];
	size_t count = MIN(arg[3], (sysarg_t)SSIZE_MAX32);
	struct file *in = fd_get(td->p, in_fd), *out = fd_get(td->p, out_fd);
	int64_t off;
	long r = 0;

	if (!in || !out || !readable(in) || !writable(out))
		r = -EBADF;
	else if (out->flags & O_APPEND)
		r = -EINVAL;
	else if (uoff && (r = copyin(td, uoff, &off, sizeof(off))) == 0 && off < 0)
		r = -EINVAL;
	else if (!in->ops->seek)
		r = -ESPIPE;
	if (!r)
		r = copy_between(in, uoff ? &off : NULL, out, NULL, count);
	if (r >= 0 && uoff) {
		long e = copyout(td, &off, uoff, sizeof(off));
		r = e ? e : r;
	}
	file_drop(in);
	file_drop(out);
	return r;
}

/* copy_file_range(fd_in, int64 *off_in, fd_out, int64 *off_out, len, flags) */
long sys_copy_file_range(struct thread *td, const sysarg_t *arg)
{
	int in_fd = (int)arg[0], out_fd = (int)arg[2];
	uaddr_t uin = arg[1], uout = arg[3];
	size_t len = MIN(arg[4], (sysarg_t)SSIZE_MAX32);
	uint32_t flags = arg[5];
	struct file *in = fd_get(td->p, in_fd), *out = fd_get(td->p, out_fd);
	int64_t ioff = 0, ooff = 0;
	long r = 0;

	if (flags)
		r = -EINVAL;
	else if (!in || !out || !readable(in) || !writable(out) || (out->flags & O_APPEND))
		r = -EBADF;
	else if (!in->vn || !out->vn)
		r = -EINVAL;
	else if (S_ISDIR(in->vn->mode) || S_ISDIR(out->vn->mode))
		r = -EISDIR;
	else if (!S_ISREG(in->vn->mode) || !S_ISREG(out->vn->mode))
		r = -EINVAL;
	if (!r && uin)
		r = copyin(td, uin, &ioff, sizeof(ioff));
	if (!r && uout)
		r = copyin(td, uout, &ooff, sizeof(ooff));
	if (!r && (ioff < 0 || ooff < 0))
		r = -EINVAL;
	if (!r)
		r = copy_between(in, uin ? &ioff : NULL, out, uout ? &ooff : NULL, len);
	if (r > 0 && uin)
		r = copyout(td, &ioff, uin, sizeof(ioff)) ?: r;
	if (r > 0 && uout)
		r = copyout(td, &ooff, uout, sizeof(ooff)) ?: r;
	file_drop(in);
	file_drop(out);
	return r;
}
