/*
 * fstatat64 (sys_newfstatat), fstat64 (sys_fstat) and statx: struct wp_kstat and struct statx
 * from a vnode, or from a description's own stat op (pipes, host streams).
 */
#include "sysfile.h"
#include "fd.h"
#include "vfs.h"
#include "proc.h"
#include "uapi/statx.h"

/* The stat of an open description. */
int kern_fstat(struct proc *p, int fd, struct wp_kstat *st)
{
	struct file *f = fd_get(p, fd);
	int r;

	if (!f)
		return -EBADF;
	if (f->vn)
		r = vfs_stat(f->vn, st);
	else if (f->ops && f->ops->stat)
		r = f->ops->stat(f, st);
	else {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFIFO | 0600;
		st->st_blksize = 4096;
		r = 0;
	}
	file_drop(f);
	return r;
}

/* stat of dirfd/path, honouring AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
static int stat_at(struct thread *td, int dirfd, uaddr_t upath, int flags, struct wp_kstat *st)
{
	char *path = kmalloc(PATH_MAX);
	struct vnode *start, *vn;
	long r;

	if (!path)
		return -ENOMEM;
	r = copyinstr(td, upath, path, PATH_MAX);
	if (r >= 0 && !path[0] && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		kfree(path);
		return kern_fstat(td->p, dirfd, st);
	}
	if (r >= 0)
		r = vfs_at(td->p, dirfd, path, &start);
	if (r >= 0) {
		r = vfs_lookup(td->p, start, path,
			       ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &vn);
		vnode_drop(start);
		if (!r) {
			r = vfs_stat(vn, st);
			vnode_drop(vn);
		}
	}
	kfree(path);
	return (int)r;
}

long sys_newfstatat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1], ubuf = arg[2];
	int flags = (int)arg[3];
	struct wp_kstat st;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	r = stat_at(td, dirfd, upath, flags, &st);
	return r ? r : copyout(td, &st, ubuf, sizeof(st));
}

long sys_fstat(struct thread *td, const sysarg_t *arg)
{
	int fd = (int)arg[0];
	uaddr_t ubuf = arg[1];
	struct wp_kstat st;
	int r = kern_fstat(td->p, fd, &st);

	return r ? r : copyout(td, &st, ubuf, sizeof(st));
}

static void statx_time(struct wp_statx_timestamp *t, int64_t sec, int64_t nsec)
{
	t->tv_sec = sec;
	t->tv_nsec = (uint32_t)nsec;
}

long sys_statx(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uaddr_t upath = arg[1], ubuf = arg[4];
	int flags = (int)arg[2];
	uint32_t mask = arg[3];
	struct wp_kstat st;
	struct wp_statx sx;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	r = stat_at(td, dirfd, upath, flags, &st);
	if (r)
		return r;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	statx_time(&sx.stx_atime, st.st_atime_sec, st.st_atime_nsec);
	statx_time(&sx.stx_mtime, st.st_mtime_sec, st.st_mtime_nsec);
	statx_time(&sx.stx_ctime, st.st_ctime_sec, st.st_ctime_nsec);
	sx.stx_rdev_major = WP_MAJOR(st.st_rdev);
	sx.stx_rdev_minor = WP_MINOR(st.st_rdev);
	sx.stx_dev_major = WP_MAJOR(st.st_dev);
	sx.stx_dev_minor = WP_MINOR(st.st_dev);
	return copyout(td, &sx, ubuf, sizeof(sx));
}
