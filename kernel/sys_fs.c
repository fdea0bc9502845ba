/*
 * The file family's path calls: openat, mkdirat, mknodat, unlinkat, symlinkat, linkat,
 * renameat2, readlinkat, fchmod(at), fchown(at), utimensat, truncate, faccessat(2), chdir,
 * fchdir, getcwd, umask, statfs. Each copies its path in, finds the start vnode and calls vfs.
 */
#include "sysfile.h"
#include "fd.h"
#include "vfs.h"
#include "proc.h"
#include "pipe.h"

/* A path from the guest into a fresh PATH_MAX buffer (the caller kfrees *out). */
static long path_in(struct thread *td, uaddr_t upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = copyinstr(td, upath, buf, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return n;
	}
	*out = buf;
	return 0;
}

/* A path and the start vnode its *at call resolves it from. */
struct at_path {
	char *path;
	struct vnode *start;
};

static long at_in(struct thread *td, int dirfd, uaddr_t upath, struct at_path *a)
{
	long r = path_in(td, upath, &a->path);

	if (r)
		return r;
	r = vfs_at(td->p, dirfd, a->path, &a->start);
	if (r) {
		kfree(a->path);
		a->path = NULL;
	}
	return r;
}

static void at_done(struct at_path *a)
{
	vnode_drop(a->start);
	kfree(a->path);
}

/* vfs_open from dirfd, after checking that a descriptor is free (before any waiting). */
static int open_from(struct proc *p, int dirfd, const char *path, int flags, uint32_t mode,
		     struct file **f)
{
	struct vnode *start;
	int r = fd_reserve(p);

	if (r < 0)
		return r;
	r = vfs_at(p, dirfd, path, &start);
	if (r)
		return r;
	r = vfs_open(p, start, path, flags, mode, f);
	vnode_drop(start);
	return r;
}

static int install(struct proc *p, struct file *f, int flags)
{
	int r = fd_alloc(p, 0, f, flags & O_CLOEXEC);

	if (r < 0) {
		file_drop(f);
		if (r == -EINVAL)
			r = -EMFILE;
	}
	return r;
}

int kern_openat(struct proc *p, int dirfd, const char *path, int flags, uint32_t mode)
{
	struct file *f;
	int r = open_from(p, dirfd, path, flags, mode, &f);

	return r ? r : install(p, f, flags);
}

/*
 * A FIFO's open waits for its peer (pipe.h): the description is made on the first run and
 * kept in td->opening while parked; a run after a wake-up resolves nothing again, it only
 * checks for the peer. A signal drops the description (its end closes, as if never opened)
 * and restarts the call under SA_RESTART, as Linux does.
 */
long sys_openat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	int flags = (int)arg[2];
	uint32_t mode = arg[3];
	struct file *f = td->opening;
	long r;

	td->opening = NULL;
	if (!f) {
		char *path;
		r = path_in(td, upath, &path);
		if (r)
			return r;
		r = open_from(td->p, dirfd, path, flags, mode, &f);
		kfree(path);
		if (r)
			return r;
	}
	struct waitq *wq = fifo_open_wait(f);
	if (wq) {
		r = thread_park(td, wq, 0);
		if (r == -EPARKED)
			td->opening = f;
		else
			file_drop(f);
		return r;
	}
	return install(td->p, f, flags);
}

long sys_mkdirat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	uint32_t mode = arg[2];
	struct at_path a;
	long r = at_in(td, dirfd, upath, &a);

	if (r)
		return r;
	r = vfs_mkdir(td->p, a.start, a.path, mode);
	at_done(&a);
	return r;
}

long sys_mknodat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	uint32_t mode = arg[2], dev = arg[3];
	struct at_path a;
	long r = at_in(td, dirfd, upath, &a);

	if (r)
		return r;
	r = vfs_mknod(td->p, a.start, a.path, mode, WP_MKDEV((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00)));
	at_done(&a);
	return r;
}

long sys_unlinkat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	uint32_t flags = arg[2];
	struct at_path a;
	long r;

	if (flags & ~(uint32_t)AT_REMOVEDIR)
		return -EINVAL;
	r = at_in(td, dirfd, upath, &a);
	if (r)
		return r;
	r = vfs_unlink(td->p, a.start, a.path, flags & AT_REMOVEDIR);
	at_done(&a);
	return r;
}

long sys_symlinkat(struct thread *td, const sysarg_t *arg)
{
	uaddr_t utarget = arg[0];
	int dirfd = (int)arg[1];
	uaddr_t upath = arg[2];
	struct at_path a;
	char *target;
	long r = path_in(td, utarget, &target);

	if (r)
		return r;
	r = at_in(td, dirfd, upath, &a);
	if (!r) {
		r = vfs_symlink(td->p, target, a.start, a.path);
		at_done(&a);
	}
	kfree(target);
	return r;
}

long sys_linkat(struct thread *td, const sysarg_t *arg)
{
	int odirfd = (int)arg[0], ndirfd = (int)arg[2];
	uaddr_t uold = arg[1], unew = arg[3];
	int flags = (int)arg[4];
	struct at_path o, n;
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = at_in(td, odirfd, uold, &o);
	if (r)
		return r;
	r = at_in(td, ndirfd, unew, &n);
	if (!r) {
		r = vfs_link(td->p, o.start, o.path, n.start, n.path, flags);
		at_done(&n);
	}
	at_done(&o);
	return r;
}

long sys_renameat2(struct thread *td, const sysarg_t *arg)
{
	int odirfd = (int)arg[0], ndirfd = (int)arg[2];
	uaddr_t uold = arg[1], unew = arg[3];
	uint32_t flags = arg[4];
	struct at_path o, n;
	long r = at_in(td, odirfd, uold, &o);

	if (r)
		return r;
	r = at_in(td, ndirfd, unew, &n);
	if (!r) {
		r = vfs_rename(td->p, o.start, o.path, n.start, n.path, flags);
		at_done(&n);
	}
	at_done(&o);
	return r;
}

long sys_readlinkat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1], ubuf = arg[2];
	int32_t size = (int32_t)arg[3];
	struct at_path a;
	char *buf;
	long r;

	if (size <= 0)
		return -EINVAL;
	r = at_in(td, dirfd, upath, &a);
	if (r)
		return r;
	buf = kmalloc(PATH_MAX);
	r = buf ? vfs_readlink(td->p, a.start, a.path, buf, MIN((size_t)size, PATH_MAX)) : -ENOMEM;
	if (r > 0)
		r = copyout(td, buf, ubuf, (size_t)r) ?: r;
	kfree(buf);
	at_done(&a);
	return r;
}

/* Attribute changes */

/* The vnode an attribute call names: by path, or by fd when upath is 0 (utimensat). */
static long attr_target(struct thread *td, int dirfd, uaddr_t upath, int flags, struct vnode **vn)
{
	struct at_path a;
	long r;

	if (!upath) {
		struct file *f = fd_get(td->p, dirfd);
		if (!f)
			return -EBADF;
		r = f->vn ? 0 : -EINVAL;
		if (f->vn)
			*vn = vnode_hold(f->vn);
		file_drop(f);
		return r;
	}
	r = at_in(td, dirfd, upath, &a);
	if (r)
		return r;
	r = vfs_lookup(td->p, a.start, a.path,
		       ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
		       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), vn);
	at_done(&a);
	return r;
}

static long fd_target(struct thread *td, int fd, struct vnode **vn)
{
	struct file *f = fd_get(td->p, fd);
	long r;

	if (!f)
		return -EBADF;
	r = (f->flags & O_PATH) ? -EBADF : f->vn ? 0 : -EINVAL;
	if (!r)
		*vn = vnode_hold(f->vn);
	file_drop(f);
	return r;
}

static long setattr_drop(struct thread *td, struct vnode *vn, struct vattr *va)
{
	long r = vfs_setattr(td->p, vn, va);

	vnode_drop(vn);
	return r;
}

long sys_fchmod(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	struct vattr va = { .mask = VA_MODE, .mode = arg[1] & 07777 };
	struct vnode *vn;
	long r = fd_target(td, fd, &vn);

	return r ? r : setattr_drop(td, vn, &va);
}

long sys_fchmodat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	struct vattr va = { .mask = VA_MODE, .mode = arg[2] & 07777 };
	struct vnode *vn;
	long r;

	if (!upath)
		return -EFAULT;
	r = attr_target(td, dirfd, upath, 0, &vn);
	return r ? r : setattr_drop(td, vn, &va);
}

static void chown_va(struct vattr *va, uint32_t uid, uint32_t gid)
{
	va->mask = (uid != (uint32_t)-1 ? VA_UID : 0) | (gid != (uint32_t)-1 ? VA_GID : 0);
	va->uid = uid;
	va->gid = gid;
}

long sys_fchown(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	struct vattr va;
	struct vnode *vn;
	long r;

	chown_va(&va, arg[1], arg[2]);
	r = fd_target(td, fd, &vn);
	return r ? r : setattr_drop(td, vn, &va);
}

long sys_fchownat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1];
	int flags = (int)arg[4];
	struct vattr va;
	struct vnode *vn;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!upath)
		return -EFAULT;
	chown_va(&va, arg[2], arg[3]);
	r = attr_target(td, dirfd, upath, flags, &vn);
	return r ? r : setattr_drop(td, vn, &va);
}

/* One utimensat time: VA bit to set (0 for UTIME_OMIT), *ns, *now when UTIME_NOW. */
static int utime_one(const struct wp_timespec *ts, int64_t *ns, bool *now)
{
	int64_t nsec = (int32_t)(uint32_t)ts->tv_nsec;

	if (nsec == UTIME_OMIT)
		return 0;
	if (nsec == UTIME_NOW) {
		*ns = vfs_now();
		*now = true;
		return 1;
	}
	if (nsec < 0 || nsec > 999999999)
		return -EINVAL;
	/* times are kept in ns in an int64_t: clamped to that range, as Linux clamps a time to
	 * what the filesystem can store */
	int64_t sec = MAX(MIN(ts->tv_sec, INT64_MAX / 1000000000 - 1), INT64_MIN / 1000000000 + 1);
	*ns = sec * 1000000000 + nsec;
	return 1;
}

long sys_utimensat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1], utimes = arg[2];
	int flags = (int)arg[3];
	struct wp_timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct vattr va = { 0 };
	bool now_a = false, now_m = false;
	struct vnode *vn;
	int a, m;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes && (r = copyin(td, utimes, ts, sizeof(ts))))
		return r;
	a = utime_one(&ts[0], &va.atime, &now_a);
	m = utime_one(&ts[1], &va.mtime, &now_m);
	if (a < 0 || m < 0)
		return -EINVAL;
	va.mask = (a ? VA_ATIME : 0) | (m ? VA_MTIME : 0);
	r = attr_target(td, dirfd, upath, flags, &vn);
	if (r)
		return r;
	/* times other than "now" need ownership; "now" needs ownership or write permission */
	if (va.mask && td->p->cred.euid != 0 && td->p->cred.euid != vn->uid) {
		if ((a && !now_a) || (m && !now_m))
			r = -EPERM;
		else
			r = vfs_permission(&td->p->cred, vn, W_OK);
	}
	if (!r && !va.mask) {
		vnode_drop(vn);
		return 0;
	}
	if (!r && td->p->cred.euid != 0 && td->p->cred.euid != vn->uid) {
		/* permitted by write access: set directly, setattr's owner rule is for chmod */
		r = vfs_writable_mount(vn);
		if (!r) {
			r = vn->ops->setattr ? vn->ops->setattr(vn, &va) : -EPERM;
			if (!r)
				vn->ctime = vfs_now();
		}
		vnode_drop(vn);
		return r;
	}
	if (r) {
		vnode_drop(vn);
		return r;
	}
	return setattr_drop(td, vn, &va);
}

long sys_truncate(struct thread *td, const sysarg_t *arg)
{
	uaddr_t upath = arg[0];
	int64_t len = (int64_t)((uint64_t)arg[1] | ((uint64_t)arg[2] << 32));
	struct vnode *vn;
	long r;

	if (len < 0)
		return -EINVAL;
	if (!upath)
		return -EFAULT;
	r = attr_target(td, AT_FDCWD, upath, 0, &vn);
	if (r)
		return r;
	if (S_ISDIR(vn->mode))
		r = -EISDIR;
	else
		r = vfs_permission(&td->p->cred, vn, W_OK) ?: vfs_writable_mount(vn) ?:
		    vfs_truncate(vn, len);
	vnode_drop(vn);
	return r;
}

static long access_at(struct thread *td, int dirfd, uaddr_t upath, int mode, int flags)
{
	struct vnode *vn;
	long r;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!upath)
		return -EFAULT;
	r = attr_target(td, dirfd, upath, flags, &vn);
	if (r)
		return r;
	r = vfs_refresh(vn);
	if (!r && mode) {
		r = (flags & AT_EACCESS) ? vfs_permission(&td->p->cred, vn, mode)
					 : vfs_access_real(&td->p->cred, vn, mode);
		if (!r && (mode & W_OK) && (S_ISREG(vn->mode) || S_ISDIR(vn->mode)))
			r = vfs_writable_mount(vn);
	}
	vnode_drop(vn);
	return r;
}

long sys_faccessat(struct thread *td, const sysarg_t *arg)
{
	return access_at(td, (int)arg[0], arg[1], (int)arg[2], 0);
}

long sys_faccessat2(struct thread *td, const sysarg_t *arg)
{
	return access_at(td, (int)arg[0], arg[1], (int)arg[2], (int)arg[3]);
}

/* Working directory */

static long set_cwd(struct proc *p, struct vnode *vn)
{
	long r = S_ISDIR(vn->mode) ? vfs_permission(&p->cred, vn, X_OK) : -ENOTDIR;

	if (r) {
		vnode_drop(vn);
		return r;
	}
	vnode_drop(p->cwd);
	p->cwd = vn;
	return 0;
}

long sys_chdir(struct thread *td, const sysarg_t *arg)
{
	uaddr_t upath = arg[0];
	struct vnode *vn;
	long r;

	if (!upath)
		return -EFAULT;
	r = attr_target(td, AT_FDCWD, upath, 0, &vn);
	return r ? r : set_cwd(td->p, vn);
}

long sys_fchdir(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	struct file *f = fd_get(td->p, fd);
	struct vnode *vn;

	if (!f)
		return -EBADF;
	vn = f->vn ? vnode_hold(f->vn) : NULL;
	file_drop(f);
	return vn ? set_cwd(td->p, vn) : -ENOTDIR;
}

long sys_getcwd(struct thread *td, const sysarg_t *arg)
{
	uaddr_t ubuf = arg[0];
	size_t size = arg[1];
	struct proc *p = td->p;
	char *buf;
	long n;

	if (size == 0)
		return -EINVAL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = vfs_path(p, p->cwd ? p->cwd : vfs_root(), buf, PATH_MAX);
	if (n > 0 && (size_t)n > size)
		n = -ERANGE;
	if (n > 0)
		n = copyout(td, buf, ubuf, (size_t)n) ?: n;
	kfree(buf);
	return n;
}

long sys_umask(struct thread *td, const sysarg_t *arg)
{
	uint32_t old = td->p->umask;

	td->p->umask = arg[0] & 0777;
	return old;
}

/* statfs */

static void statfs_fill(struct vnode *vn, struct wp_statfs64 *st)
{
	struct mount *m = vn->mnt;

	memset(st, 0, sizeof(*st));
	st->f_type = m->magic;
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	st->f_fsid[0] = (int32_t)m->dev;
	st->f_flags = (m->flags & MNT_RDONLY) ? ST_RDONLY : 0;
	if (m->statfs)
		m->statfs(m, st);
}

static long statfs_out(struct thread *td, struct vnode *vn, uint32_t size, uaddr_t ubuf)
{
	struct wp_statfs64 st;

	(void)size;
	statfs_fill(vn, &st);
	vnode_drop(vn);
	return copyout(td, &st, ubuf, sizeof(st));
}

long sys_statfs(struct thread *td, const sysarg_t *arg)
{
	uaddr_t upath = arg[0], ubuf = arg[2];
	uint32_t size = arg[1];
	struct vnode *vn;
	long r;

	if (size != sizeof(struct wp_statfs64))
		return -EINVAL;
	if (!upath)
		return -EFAULT;
	r = attr_target(td, AT_FDCWD, upath, 0, &vn);
	return r ? r : statfs_out(td, vn, size, ubuf);
}

long sys_fstatfs(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	uint32_t size = arg[1];
	uaddr_t ubuf = arg[2];
	struct file *f;
	struct vnode *vn;

	if (size != sizeof(struct wp_statfs64))
		return -EINVAL;
	f = fd_get(td->p, fd);
	if (!f)
		return -EBADF;
	vn = f->vn ? vnode_hold(f->vn) : NULL;
	file_drop(f);
	if (!vn)
		return -ENOSYS;
	return statfs_out(td, vn, size, ubuf);
}
