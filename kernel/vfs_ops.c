/*
 * Namespace operations over the VFS core: open, create, remove, link, rename, attributes.
 * Each takes kernel values (a process, a start vnode, a kernel path) so tests and other
 * kernel code call them without a guest; sys_fs.c and sys_file.c are the guest boundary.
 */
#include "vfs.h"
#include "file.h"
#include "proc.h"

static bool is_dot(const char *name)
{
	return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

/* May p delete or rename away vn from dir? (write+search on dir, and the sticky bit) */
static int may_delete(struct proc *p, struct vnode *dir, struct vnode *vn)
{
	int err = vfs_writable_mount(dir);

	if (!err)
		err = vfs_permission(&p->cred, dir, W_OK | X_OK);
	if (err)
		return err;
	if ((dir->mode & S_ISVTX) && p->cred.euid != 0 && p->cred.euid != vn->uid &&
	    p->cred.euid != dir->uid)
		return -EPERM;
	if (vn->mounted || vn == vn->mnt->root)
		return -EBUSY;
	return 0;
}

static int may_create(struct proc *p, struct vnode *dir)
{
	int err = vfs_writable_mount(dir);

	if (!err)
		err = vfs_permission(&p->cred, dir, W_OK | X_OK);
	if (!err && dir->nlink == 0)
		err = -ENOENT;
	return err;
}

/* The group a new node in dir gets: dir's when dir is set-group-ID (BSD semantics). */
static uint32_t new_gid(struct proc *p, struct vnode *dir)
{
	return (dir->mode & S_ISGID) ? dir->gid : p->cred.egid;
}

static int create_in(struct proc *p, struct vnode *dir, const char *name, uint32_t mode,
		     uint64_t rdev, struct vnode **out)
{
	int err = may_create(p, dir);

	if (err)
		return err;
	if (!dir->ops->create)
		return -EPERM;
	if (S_ISDIR(mode) && (dir->mode & S_ISGID))
		mode |= S_ISGID;
	err = dir->ops->create(dir, name, mode, rdev, p->cred.euid, new_gid(p, dir), out);
	if (!err) {
		dir->mtime = dir->ctime = vfs_now();
	}
	return err;
}

/* O_CREAT: finds or creates the last component, following symlinks to a dangling target. */
static int open_create(struct proc *p, struct vnode *start, const char *path, int flags,
		       uint32_t mode, struct vnode **out, bool *created)
{
	char name[NAME_MAX + 1], *buf = NULL;
	struct vnode *base = start ? vnode_hold(start) : NULL, *dir = NULL, *vn = NULL;
	int links = 0, err;
	bool trailing;

	for (;;) {
		err = vfs_lookup_parent(p, base, path, &links, &dir, name, &trailing);
		if (err)
			break;
		if (trailing || !name[0]) {
			err = -EISDIR;
			break;
		}
		err = vfs_step(p, dir, name, &vn);
		if (err == -ENOENT && !is_dot(name)) {
			err = create_in(p, dir, name, S_IFREG | (mode & 07777 & ~p->umask), 0, &vn);
			*created = !err;
			break;
		}
		if (err)
			break;
		if (flags & O_EXCL) {
			err = -EEXIST;
			break;
		}
		if (!S_ISLNK(vn->mode) || (flags & O_NOFOLLOW))
			break;
		/* a symlink: continue with its target, relative to the link's directory */
		err = ++links > VFS_MAXSYMLINKS ? -ELOOP : 0;
		if (!err && !buf && !(buf = kmalloc(PATH_MAX)))
			err = -ENOMEM;
		if (!err) {
			long n = vn->ops->readlink ? vn->ops->readlink(vn, buf, PATH_MAX) : -EINVAL;
			err = n < 0 ? (int)n : n >= PATH_MAX ? -ENAMETOOLONG : n == 0 ? -ENOENT : 0;
			if (!err)
				buf[n] = 0;
		}
		vnode_drop(vn);
		vn = NULL;
		if (err)
			break;
		vnode_drop(base);
		base = dir;
		dir = NULL;
		path = buf;
	}
	vnode_drop(dir);
	vnode_drop(base);
	kfree(buf);
	if (!err)
		*out = vn;
	else
		vnode_drop(vn);
	return err;
}

static const uint32_t open_keeps = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC |
				   O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME |
				   __O_SYNC | O_PATH;

static int open_access_mask(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return R_OK;
	case O_WRONLY: return W_OK;
	default: return R_OK | W_OK;
	}
}

static int open_check(struct proc *p, struct vnode *vn, int flags, bool created)
{
	int acc = flags & O_ACCMODE, err;
	bool writes = acc != O_RDONLY || (flags & O_TRUNC);

	if (S_ISLNK(vn->mode))
		return -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(vn->mode))
		return -ENOTDIR;
	if (S_ISDIR(vn->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if (!created) {
		int mask = open_access_mask(flags) | ((flags & O_TRUNC) ? W_OK : 0);
		err = vfs_permission(&p->cred, vn, mask);
		if (err)
			return err;
	}
	if (writes && (S_ISREG(vn->mode) || S_ISDIR(vn->mode)))
		return vfs_writable_mount(vn);
	return 0;
}

/* Makes f (fresh from file_alloc) an open description of vn. On failure f is freed. */
static int open_into(struct vnode *vn, int flags, struct file *f, struct file **out)
{
	int err;

	f->vn = vnode_hold(vn);
	if (flags & O_PATH) {
		f->ops = &vfs_path_fops;
		f->flags = (uint32_t)flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW);
		*out = f;
		return 0;
	}
	f->ops = vn->fops;
	f->flags = (uint32_t)flags & open_keeps;
	if (S_ISCHR(vn->mode))
		err = dev_open ? dev_open(vn, f) : -ENXIO;
	else if (S_ISFIFO(vn->mode) && !(vn->mnt->flags & MNT_OWNFIFO))
		err = fifo_open ? fifo_open(vn, f) : -ENXIO;
	else if (S_ISBLK(vn->mode) || S_ISSOCK(vn->mode))
		err = -ENXIO;
	else
		err = vn->ops->open ? vn->ops->open(vn, f) : 0;
	if (err) {
		f->ops = NULL; /* nothing was opened: release must not run */
		file_drop(f);
		return err;
	}
	*out = f;
	return 0;
}

int vfs_open_vnode(struct proc *p, struct vnode *vn, int flags, struct file **out)
{
	struct file *f = file_alloc(NULL, 0, NULL);

	(void)p;
	if (!f)
		return -ENOMEM;
	return open_into(vn, flags, f, out);
}

static int open_tmpfile(struct proc *p, struct vnode *start, const char *path, int flags,
			uint32_t mode, struct vnode **out)
{
	struct vnode *dir;
	int err;

	if ((flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	err = vfs_lookup(p, start, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	if (err)
		return err;
	err = create_in(p, dir, NULL, S_IFREG | (mode & 07777 & ~p->umask), 0, out);
	vnode_drop(dir);
	return err;
}

int vfs_open(struct proc *p, struct vnode *start, const char *path, int flags, uint32_t mode,
	     struct file **out)
{
	/* allocated first, so that running out of memory never leaves a created file behind */
	struct file *f = file_alloc(NULL, 0, NULL);
	struct vnode *vn;
	bool created = false;
	int err;

	if (!f)
		return -ENOMEM;
	if (flags & __O_TMPFILE) {
		err = open_tmpfile(p, start, path, flags, mode, &vn);
		created = true;
		flags &= ~(O_DIRECTORY | O_CREAT);
	} else if ((flags & O_CREAT) && !(flags & O_PATH)) {
		err = open_create(p, start, path, flags, mode, &vn, &created);
	} else {
		int lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
		err = vfs_lookup(p, start, path, lf | ((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0), &vn);
	}
	if (err) {
		file_drop(f);
		return err;
	}
	if (!(flags & O_PATH))
		err = open_check(p, vn, flags, created);
	if (!err && (flags & O_TRUNC) && !(flags & O_PATH) && S_ISREG(vn->mode) && !created)
		err = vfs_truncate(vn, 0);
	if (!err)
		err = open_into(vn, flags, f, out);
	else
		file_drop(f);
	vnode_drop(vn);
	return err;
}

/* Creation of named nodes */

typedef int (*make_fn)(struct proc *p, struct vnode *dir, const char *name, void *arg);

/* Runs make for a new last component of path; EEXIST when it is there already. */
static int make_at(struct proc *p, struct vnode *start, const char *path, bool dir_ok_slash,
		   make_fn make, void *arg)
{
	char name[NAME_MAX + 1];
	struct vnode *dir, *vn;
	int links = 0, err;
	bool trailing;

	err = vfs_lookup_parent(p, start, path, &links, &dir, name, &trailing);
	if (err)
		return err;
	if (!name[0] || is_dot(name)) {
		err = -EEXIST;
	} else {
		err = vfs_step(p, dir, name, &vn);
		if (!err) {
			vnode_drop(vn);
			err = -EEXIST;
		} else if (err == -ENOENT) {
			err = (trailing && !dir_ok_slash) ? -ENOENT : make(p, dir, name, arg);
		}
	}
	vnode_drop(dir);
	return err;
}

struct mknod_arg {
	uint32_t mode;
	uint64_t rdev;
};

static int make_node(struct proc *p, struct vnode *dir, const char *name, void *arg)
{
	struct mknod_arg *a = arg;
	struct vnode *vn;
	int err = create_in(p, dir, name, a->mode, a->rdev, &vn);

	if (!err)
		vnode_drop(vn);
	return err;
}

int vfs_mknod(struct proc *p, struct vnode *start, const char *path, uint32_t mode, uint64_t rdev)
{
	struct mknod_arg a = { .mode = (mode & S_IFMT) | (mode & 07777 & ~p->umask), .rdev = rdev };

	switch (mode & S_IFMT) {
	case 0:
		a.mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (p->cred.euid != 0)
			return -EPERM;
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	return make_at(p, start, path, false, make_node, &a);
}

int vfs_mkdir(struct proc *p, struct vnode *start, const char *path, uint32_t mode)
{
	struct mknod_arg a = { .mode = S_IFDIR | (mode & 07777 & ~p->umask) };

	return make_at(p, start, path, true, make_node, &a);
}

static int make_symlink(struct proc *p, struct vnode *dir, const char *name, void *arg)
{
	struct vnode *vn;
	int err = may_create(p, dir);

	if (err)
		return err;
	if (!dir->ops->symlink)
		return -EPERM;
	err = dir->ops->symlink(dir, name, arg, p->cred.euid, new_gid(p, dir), &vn);
	if (!err) {
		dir->mtime = dir->ctime = vfs_now();
		vnode_drop(vn);
	}
	return err;
}

int vfs_symlink(struct proc *p, const char *target, struct vnode *start, const char *path)
{
	if (!target[0])
		return -ENOENT;
	if (strnlen(target, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	return make_at(p, start, path, false, make_symlink, (void *)target);
}

struct link_arg {
	struct vnode *vn;
};

static int make_link(struct proc *p, struct vnode *dir, const char *name, void *arg)
{
	struct vnode *vn = ((struct link_arg *)arg)->vn;
	int err;

	if (dir->mnt != vn->mnt)
		return -EXDEV;
	err = may_create(p, dir);
	if (err)
		return err;
	if (vn->nlink == 0)
		return -ENOENT;
	if (!dir->ops->link)
		return -EPERM;
	err = dir->ops->link(dir, name, vn);
	if (!err) {
		dir->mtime = dir->ctime = vn->ctime = vfs_now();
	}
	return err;
}

int vfs_link(struct proc *p, struct vnode *ostart, const char *opath, struct vnode *nstart,
	     const char *npath, int flags)
{
	struct link_arg a;
	int lf = (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0;
	int err;

	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	err = vfs_lookup(p, ostart, opath, lf, &a.vn);
	if (err)
		return err;
	err = S_ISDIR(a.vn->mode) ? -EPERM : make_at(p, nstart, npath, false, make_link, &a);
	vnode_drop(a.vn);
	return err;
}

/* Removal */

int vfs_unlink(struct proc *p, struct vnode *start, const char *path, bool rmdir)
{
	char name[NAME_MAX + 1];
	struct vnode *dir, *vn;
	int links = 0, err;
	bool trailing;

	err = vfs_lookup_parent(p, start, path, &links, &dir, name, &trailing);
	if (err)
		return err;
	if (!name[0])
		err = -EBUSY;
	else if (is_dot(name))
		err = !rmdir ? -EISDIR : name[1] ? -ENOTEMPTY : -EINVAL;
	if (err) {
		vnode_drop(dir);
		return err;
	}
	err = vfs_step(p, dir, name, &vn);
	if (err) {
		vnode_drop(dir);
		return err;
	}
	if (rmdir && !S_ISDIR(vn->mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(vn->mode))
		err = -EISDIR;
	else if (!rmdir && trailing)
		err = -ENOTDIR;
	else
		err = may_delete(p, dir, vn);
	if (!err) {
		if (rmdir)
			err = dir->ops->rmdir ? dir->ops->rmdir(dir, name, vn) : -EPERM;
		else
			err = dir->ops->unlink ? dir->ops->unlink(dir, name, vn) : -EPERM;
	}
	if (!err) {
		dir->mtime = dir->ctime = vn->ctime = vfs_now();
	}
	vnode_drop(vn);
	vnode_drop(dir);
	return err;
}

/* Rename */

/* Is vn an ancestor of (or equal to) dir? Walks dir's ".." chain within the filesystem. */
static int is_ancestor(struct proc *p, struct vnode *vn, struct vnode *dir, bool *yes)
{
	struct vnode *cur = vnode_hold(dir), *up;
	struct proc kp = { .cred = { 0 } };
	int err = 0;

	(void)p;
	*yes = false;
	while (!err) {
		if (cur == vn) {
			*yes = true;
			break;
		}
		if (cur == cur->mnt->root)
			break;
		err = vfs_step(&kp, cur, "..", &up);
		if (!err) {
			vnode_drop(cur);
			cur = up;
		}
	}
	vnode_drop(cur);
	return err;
}

struct rename_ends {
	struct vnode *dir;
	char name[NAME_MAX + 1];
	bool trailing;
	struct vnode *vn; /* NULL when absent */
};

static int rename_end(struct proc *p, struct vnode *start, const char *path, struct rename_ends *e)
{
	int links = 0, err;

	err = vfs_lookup_parent(p, start, path, &links, &e->dir, e->name, &e->trailing);
	if (err)
		return err;
	if (!e->name[0] || is_dot(e->name))
		return -EBUSY;
	err = vfs_step(p, e->dir, e->name, &e->vn);
	if (err == -ENOENT)
		e->vn = NULL;
	return err == -ENOENT ? 0 : err;
}

static int rename_check(struct proc *p, struct rename_ends *o, struct rename_ends *n,
			unsigned flags)
{
	bool loop;
	int err;

	if (!o->vn)
		return -ENOENT;
	if (o->dir->mnt != n->dir->mnt)
		return -EXDEV;
	if ((o->trailing || n->trailing) && !S_ISDIR(o->vn->mode))
		return -ENOTDIR;
	if ((flags & RENAME_NOREPLACE) && n->vn)
		return -EEXIST;
	if ((flags & RENAME_EXCHANGE) && !n->vn)
		return -ENOENT;
	if (n->vn && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(o->vn->mode) && !S_ISDIR(n->vn->mode))
			return -ENOTDIR;
		if (!S_ISDIR(o->vn->mode) && S_ISDIR(n->vn->mode))
			return -EISDIR;
	}
	err = may_delete(p, o->dir, o->vn);
	if (!err && n->vn)
		err = may_delete(p, n->dir, n->vn);
	else if (!err)
		err = may_create(p, n->dir);
	if (err)
		return err;
	/* a directory may not move below itself */
	if (S_ISDIR(o->vn->mode) && o->dir != n->dir) {
		err = is_ancestor(p, o->vn, n->dir, &loop);
		if (!err && loop)
			err = -EINVAL;
		if (!err && p->cred.euid != 0)
			err = vfs_permission(&p->cred, o->vn, W_OK);
	}
	if (!err && n->vn && S_ISDIR(n->vn->mode) && (flags & RENAME_EXCHANGE) && o->dir != n->dir) {
		err = is_ancestor(p, n->vn, o->dir, &loop);
		if (!err && loop)
			err = -EINVAL;
	}
	return err;
}

int vfs_rename(struct proc *p, struct vnode *ostart, const char *opath, struct vnode *nstart,
	       const char *npath, unsigned flags)
{
	struct rename_ends o = { 0 }, n = { 0 };
	int err;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;
	err = rename_end(p, ostart, opath, &o);
	if (!err)
		err = rename_end(p, nstart, npath, &n);
	if (!err)
		err = rename_check(p, &o, &n, flags);
	if (!err && o.vn != n.vn) {
		err = o.dir->ops->rename ? o.dir->ops->rename(o.dir, o.name, n.dir, n.name, flags) : -EPERM;
		if (!err) {
			int64_t now = vfs_now();
			o.dir->mtime = o.dir->ctime = n.dir->mtime = n.dir->ctime = now;
			o.vn->ctime = now;
		}
	}
	vnode_drop(o.vn);
	vnode_drop(o.dir);
	vnode_drop(n.vn);
	vnode_drop(n.dir);
	return err;
}

long vfs_readlink(struct proc *p, struct vnode *start, const char *path, char *buf, size_t n)
{
	struct vnode *vn;
	long len;
	int err = vfs_lookup(p, start, path, LOOKUP_EMPTY, &vn);

	if (err)
		return err;
	vfs_set_current(p);
	if (!S_ISLNK(vn->mode) || !vn->ops->readlink)
		len = -EINVAL;
	else
		len = vn->ops->readlink(vn, buf, n);
	if (len > (long)n)
		len = (long)n;
	vnode_drop(vn);
	return len;
}

/* Attributes */

static bool in_groups(struct proc *p, uint32_t gid)
{
	if (p->cred.egid == gid)
		return true;
	for (uint32_t i = 0; i < p->cred.ngroups && i < PROC_GROUPS; i++)
		if (p->cred.groups[i] == gid)
			return true;
	return false;
}

static int setattr_check(struct proc *p, struct vnode *vn, struct vattr *va)
{
	bool owner = p->cred.euid == 0 || p->cred.euid == vn->uid;

	if ((va->mask & VA_MODE) && !owner)
		return -EPERM;
	if ((va->mask & VA_MODE) && p->cred.euid != 0 && !S_ISDIR(vn->mode) && !in_groups(p, vn->gid))
		va->mode &= ~(uint32_t)S_ISGID;
	if ((va->mask & VA_UID) && va->uid != vn->uid && p->cred.euid != 0)
		return -EPERM;
	if ((va->mask & VA_GID) && va->gid != vn->gid &&
	    (p->cred.euid != 0 && (p->cred.euid != vn->uid || !in_groups(p, va->gid))))
		return -EPERM;
	if ((va->mask & (VA_UID | VA_GID)) && S_ISREG(vn->mode) && !(va->mask & VA_MODE)) {
		va->mask |= VA_MODE;
		va->mode = vn->mode & 07777 & ~(uint32_t)S_ISUID;
		if (vn->mode & S_IXGRP)
			va->mode &= ~(uint32_t)S_ISGID;
	}
	return 0;
}

int vfs_setattr(struct proc *p, struct vnode *vn, struct vattr *va)
{
	int err = vfs_writable_mount(vn);

	if (!err)
		err = setattr_check(p, vn, va);
	if (err)
		return err;
	if (!vn->ops->setattr)
		return -EPERM;
	err = vn->ops->setattr(vn, va);
	if (!err)
		vn->ctime = vfs_now();
	return err;
}

int vfs_truncate(struct vnode *vn, int64_t len)
{
	struct vattr va = { .mask = VA_SIZE, .size = len };

	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!S_ISREG(vn->mode))
		return -EINVAL;
	if (!vn->ops->setattr)
		return -EPERM;
	return vn->ops->setattr(vn, &va);
}

/* Directories and O_PATH descriptions */

static long dir_read(struct file *f, struct uio *uio)
{
	(void)f;
	(void)uio;
	return -EISDIR;
}

static int64_t dir_seek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->offset;
	else if (whence != SEEK_SET)
		return -EINVAL;
	return off < 0 ? -EINVAL : off;
}

const struct file_ops vfs_dir_fops = {
	.read = dir_read,
	.write = dir_read,
	.seek = dir_seek,
};

const struct file_ops vfs_path_fops = { 0 };
