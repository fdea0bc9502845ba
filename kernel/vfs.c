/*
 * The VFS core: vnode references, mounts, permissions and path resolution (vfs.h).
 * The namespace operations built on them (open, mkdir, rename, ...) are in vfs_ops.c.
 */
#include "vfs.h"
#include "file.h"
#include "fd.h"
#include "proc.h"

static struct mount *mounts;     /* every mount, the root first */
static struct proc *lookup_proc; /* the process whose lookup is running (procfs's "self") */
static struct mount *root_mount;
static uint32_t next_dev = 1;

struct vnode *vnode_alloc(struct mount *m, const struct vnode_ops *ops,
			  const struct file_ops *fops, uint32_t mode)
{
	struct vnode *vn = kzalloc(sizeof(*vn));
	int64_t now = vfs_now();

	if (!vn)
		return NULL;
	vn->refs = 1;
	vn->mode = mode;
	vn->nlink = 1;
	vn->mnt = m;
	vn->ops = ops;
	vn->fops = fops;
	vn->atime = vn->mtime = vn->ctime = now;
	return vn;
}

/* refs may be 0: a filesystem's linked nodes live on with no holder. */
struct vnode *vnode_hold(struct vnode *vn)
{
	KASSERT(vn->refs >= 0);
	vn->refs++;
	return vn;
}

void vnode_drop(struct vnode *vn)
{
	if (!vn)
		return;
	KASSERT(vn->refs > 0);
	if (--vn->refs > 0)
		return;
	if (vn->ops->inactive)
		vn->ops->inactive(vn);
	else
		vnode_free(vn);
}

void vnode_free(struct vnode *vn)
{
	KASSERT(vn->refs == 0 && !vn->locks);
	if (vn->lockq.first)
		waitq_wake_all(&vn->lockq);
	kfree(vn);
}

int64_t vfs_now(void)
{
	return clock_realtime_ns();
}

int vfs_dtype(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;
}

/* Mounts */

struct mount *mount_alloc(const char *fstype, const char *source, uint32_t flags, uint32_t magic)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->source = kstrdup(source);
	if (!m->source) {
		kfree(m);
		return NULL;
	}
	m->fstype = fstype;
	m->flags = flags;
	m->magic = magic;
	m->dev = next_dev++;
	return m;
}

void mount_free(struct mount *m)
{
	if (!m)
		return;
	kfree(m->source);
	kfree(m->path);
	kfree(m->priv);
	kfree(m);
}

struct vnode *vfs_root(void)
{
	KASSERT(root_mount);
	return root_mount->root;
}

struct mount *vfs_mounts(void)
{
	return mounts;
}

static void mount_link(struct mount *m)
{
	struct mount **pp = &mounts;

	while (*pp)
		pp = &(*pp)->next;
	*pp = m;
}

int vfs_mount_root(struct mount *m)
{
	KASSERT(!root_mount);
	m->path = kstrdup("/");
	if (!m->path)
		return -ENOMEM;
	root_mount = m;
	mount_link(m);
	return 0;
}

int vfs_mount_vnode(struct mount *m, struct vnode *vn, const char *path)
{
	if (!S_ISDIR(vn->mode))
		return -ENOTDIR;
	if (vn->mounted)
		return -EBUSY;
	m->path = kstrdup(path);
	if (!m->path)
		return -ENOMEM;
	m->covered = vn;
	vn->mounted = m;
	mount_link(m);
	return 0;
}

/* Mounts m over the directory at path, as seen by a process with the system root. */
int vfs_mount(struct mount *m, const char *path)
{
	struct proc kp = { .cred = { 0 } };
	struct vnode *vn;
	int err;

	err = vfs_lookup(&kp, vfs_root(), path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vn);
	if (err)
		return err;
	err = vfs_mount_vnode(m, vn, path);
	if (err)
		vnode_drop(vn);
	return err;
}

void mount_discard(struct mount *m)
{
	if (!m)
		return;
	if (m->release)
		m->release(m);
	vnode_drop(m->root);
	mount_free(m);
}

/* The filesystem's release tears down all but its root; dropping the root frees that. */
static void mount_unmount(struct mount *m)
{
	if (m->release)
		m->release(m);
	if (m->covered) {
		m->covered->mounted = NULL;
		vnode_drop(m->covered);
	}
	vnode_drop(m->root);
	mount_free(m);
}

void vfs_shutdown(void)
{
	/* newest first, so a mount's covered vnode is still there when it goes */
	while (mounts) {
		struct mount **pp = &mounts, *m;

		while ((*pp)->next)
			pp = &(*pp)->next;
		m = *pp;
		*pp = NULL;
		mount_unmount(m);
	}
	root_mount = NULL;
}

/* Permissions */

bool cred_in_group(const struct cred *cr, uint32_t egid, uint32_t gid)
{
	if (egid == gid)
		return true;
	for (uint32_t i = 0; i < cr->ngroups && i < PROC_GROUPS; i++)
		if (cr->groups[i] == gid)
			return true;
	return false;
}

static int permission_as(const struct cred *cr, uint32_t uid, uint32_t gid, struct vnode *vn,
			 int mask)
{
	uint32_t bits;

	mask &= R_OK | W_OK | X_OK;
	if (uid == 0) {
		/* root reads and writes anything; executing needs some x bit, searching none */
		if (!(mask & X_OK) || S_ISDIR(vn->mode) || (vn->mode & 0111))
			return 0;
		return -EACCES;
	}
	if (uid == vn->uid)
		bits = vn->mode >> 6;
	else if (cred_in_group(cr, gid, vn->gid))
		bits = vn->mode >> 3;
	else
		bits = vn->mode;
	return ((int)bits & mask) == mask ? 0 : -EACCES;
}

int vfs_permission(const struct cred *cr, struct vnode *vn, int mask)
{
	return permission_as(cr, cr->euid, cr->egid, vn, mask);
}

int vfs_access_real(const struct cred *cr, struct vnode *vn, int mask)
{
	return permission_as(cr, cr->uid, cr->gid, vn, mask);
}

int vfs_writable_mount(struct vnode *vn)
{
	return (vn->mnt->flags & MNT_RDONLY) ? -EROFS : 0;
}

/* Path resolution */

static struct vnode *proc_root(struct proc *p)
{
	return p->root ? p->root : vfs_root();
}

/* A NULL start means p's working directory. */
static struct vnode *start_or_cwd(struct proc *p, struct vnode *start)
{
	return start ? start : p->cwd ? p->cwd : proc_root(p);
}

/* ".." of dir: stays at p's root and at the system root, crosses up out of mounts. */
static int step_dotdot(struct proc *p, struct vnode *dir, struct vnode **out)
{
	struct vnode *vn = vnode_hold(dir);
	int err;

	for (;;) {
		if (vn == proc_root(p) || (vn == vn->mnt->root && !vn->mnt->covered)) {
			*out = vn;
			return 0;
		}
		if (vn != vn->mnt->root)
			break;
		struct vnode *c = vnode_hold(vn->mnt->covered);
		vnode_drop(vn);
		vn = c;
	}
	err = vn->ops->lookup(vn, "..", out);
	vnode_drop(vn);
	return err;
}

struct proc *vfs_current(void)
{
	return lookup_proc;
}

void vfs_set_current(struct proc *p)
{
	lookup_proc = p;
}

int vfs_step(struct proc *p, struct vnode *dir, const char *name, struct vnode **out)
{
	struct vnode *vn;
	int err;

	lookup_proc = p;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	err = vfs_permission(&p->cred, dir, X_OK);
	if (err)
		return err;
	if (!strcmp(name, ".")) {
		*out = vnode_hold(dir);
		return 0;
	}
	if (!strcmp(name, ".."))
		return step_dotdot(p, dir, out);
	if (!dir->ops->lookup)
		return -ENOENT;
	err = dir->ops->lookup(dir, name, &vn);
	if (err)
		return err;
	while (vn->mounted) {
		struct vnode *r = vnode_hold(vn->mounted->root);
		vnode_drop(vn);
		vn = r;
	}
	*out = vn;
	return 0;
}

static int walk(struct proc *p, struct vnode **cur, const char *path, int flags, int *links,
		char *last, bool *trailing);

/* Replaces *cur (the directory holding link) by what link's target resolves to. */
static int follow_link(struct proc *p, struct vnode **cur, struct vnode *link, int *links)
{
	char *buf;
	long n;
	int err;

	if (++*links > VFS_MAXSYMLINKS)
		return -ELOOP;
	lookup_proc = p;
	if (!link->ops->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = link->ops->readlink(link, buf, PATH_MAX);
	if (n >= PATH_MAX)
		n = -ENAMETOOLONG;
	else if (n == 0)
		n = -ENOENT;
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	buf[n] = 0;
	err = walk(p, cur, buf, LOOKUP_FOLLOW, links, NULL, NULL);
	kfree(buf);
	return err;
}

/*
 * Resolves path from *cur, replacing *cur (held) as it goes. With last, stops before the
 * final component and copies it there.
 */
static int walk(struct proc *p, struct vnode **cur, const char *path, int flags, int *links,
		char *last, bool *trailing)
{
	char name[NAME_MAX + 1];
	bool must_dir = false;
	int err;

	if (*path == '/') {
		vnode_drop(*cur);
		*cur = vnode_hold(proc_root(p));
		while (*path == '/')
			path++;
	}
	if (last) {
		last[0] = 0;
		*trailing = false;
	}
	while (*path) {
		const char *end = path, *rest;
		struct vnode *next;
		bool is_last;
		size_t len;

		while (*end && *end != '/')
			end++;
		len = (size_t)(end - path);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, path, len);
		name[len] = 0;
		for (rest = end; *rest == '/'; rest++)
			;
		is_last = !*rest;
		if (is_last && last) {
			if (!S_ISDIR((*cur)->mode))
				return -ENOTDIR;
			memcpy(last, name, len + 1);
			*trailing = *end == '/';
			return 0;
		}
		must_dir = *end == '/';
		err = vfs_step(p, *cur, name, &next);
		if (err)
			return err;
		if (S_ISLNK(next->mode) && (!is_last || must_dir || (flags & LOOKUP_FOLLOW))) {
			err = follow_link(p, cur, next, links);
			vnode_drop(next);
			if (err)
				return err;
		} else {
			vnode_drop(*cur);
			*cur = next;
		}
		path = rest;
	}
	if (must_dir && !S_ISDIR((*cur)->mode))
		return -ENOTDIR;
	return 0;
}

int vfs_lookup(struct proc *p, struct vnode *start, const char *path, int flags,
	       struct vnode **out)
{
	struct vnode *cur;
	int links = 0, err;

	if (!*path) {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		cur = vnode_hold(start_or_cwd(p, start));
	} else {
		if (strnlen(path, PATH_MAX) >= PATH_MAX)
			return -ENAMETOOLONG;
		cur = vnode_hold(start_or_cwd(p, start));
		err = walk(p, &cur, path, flags, &links, NULL, NULL);
		if (err) {
			vnode_drop(cur);
			return err;
		}
	}
	if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur->mode)) {
		vnode_drop(cur);
		return -ENOTDIR;
	}
	*out = cur;
	return 0;
}

int vfs_lookup_parent(struct proc *p, struct vnode *start, const char *path, int *links,
		      struct vnode **dir, char *name, bool *trailing)
{
	struct vnode *cur;
	int err;

	if (!*path)
		return -ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	cur = vnode_hold(start_or_cwd(p, start));
	err = walk(p, &cur, path, 0, links, name, trailing);
	if (err) {
		vnode_drop(cur);
		return err;
	}
	*dir = cur;
	return 0;
}

int vfs_at(struct proc *p, int dirfd, const char *path, struct vnode **out)
{
	struct file *f;

	if (path[0] == '/') {
		*out = vnode_hold(proc_root(p));
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*out = vnode_hold(p->cwd ? p->cwd : vfs_root());
		return 0;
	}
	f = fd_get(p, dirfd);
	if (!f)
		return -EBADF;
	if (!f->vn || (path[0] && !S_ISDIR(f->vn->mode))) {
		file_drop(f);
		return -ENOTDIR;
	}
	*out = vnode_hold(f->vn);
	file_drop(f);
	return 0;
}

/* Attributes */

int vfs_refresh(struct vnode *vn)
{
	return vn->ops->refresh ? vn->ops->refresh(vn) : 0;
}

int vfs_stat(struct vnode *vn, struct wp_kstat *st)
{
	int err = vfs_refresh(vn);

	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	st->st_dev = WP_MKDEV(0, vn->mnt->dev);
	st->st_ino = vn->ino;
	st->st_mode = vn->mode;
	st->st_nlink = vn->nlink;
	st->st_uid = vn->uid;
	st->st_gid = vn->gid;
	st->st_rdev = vn->rdev;
	st->st_size = vn->size;
	st->st_blksize = 4096;
	st->st_blocks = vn->blocks;
	st->st_atime_sec = vn->atime / 1000000000;
	st->st_atime_nsec = vn->atime % 1000000000;
	st->st_mtime_sec = vn->mtime / 1000000000;
	st->st_mtime_nsec = vn->mtime % 1000000000;
	st->st_ctime_sec = vn->ctime / 1000000000;
	st->st_ctime_nsec = vn->ctime % 1000000000;
	return 0;
}

/* getcwd */

struct find_ino {
	uint64_t ino;
	char *name;
	bool found;
};

static int find_ino_fill(void *ctx, const char *name, size_t len, uint64_t ino, int dtype,
			 int64_t next)
{
	struct find_ino *fi = ctx;

	(void)dtype;
	(void)next;
	if (ino != fi->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	memcpy(fi->name, name, len);
	fi->name[len] = 0;
	fi->found = true;
	return 1;
}

/* Prepends "/name" to the path being built backwards at buf[*pos]. */
static int prepend(char *buf, size_t *pos, const char *name)
{
	size_t len = strlen(name);

	if (len + 1 > *pos)
		return -ENAMETOOLONG;
	*pos -= len;
	memcpy(buf + *pos, name, len);
	buf[--*pos] = '/';
	return 0;
}

long vfs_path(struct proc *p, struct vnode *vn, char *buf, size_t n)
{
	char name[NAME_MAX + 1];
	struct vnode *cur = vnode_hold(vn), *parent;
	size_t pos = n;
	int err = 0;

	if (n < 2)
		return -ERANGE;
	buf[--pos] = 0;
	while (cur != proc_root(p) && !(cur == cur->mnt->root && !cur->mnt->covered)) {
		struct vnode *in_parent = cur;
		struct find_ino fi = { .name = name };

		while (in_parent == in_parent->mnt->root && in_parent->mnt->covered)
			in_parent = in_parent->mnt->covered;
		if (in_parent->nlink == 0) {
			err = -ENOENT;
			break;
		}
		err = step_dotdot(p, cur, &parent);
		if (err)
			break;
		fi.ino = in_parent->ino;
		err = parent->ops->readdir ? parent->ops->readdir(parent, 0, find_ino_fill, &fi) : 0;
		if (!err && !fi.found)
			err = -ENOENT;
		if (!err)
			err = prepend(buf, &pos, name);
		vnode_drop(cur);
		cur = parent;
		if (err)
			break;
	}
	vnode_drop(cur);
	if (err)
		return err == -ENAMETOOLONG ? -ERANGE : err;
	if (pos == n - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, n - pos);
	return (long)(n - pos);
}

void vnode_set_attrs(struct vnode *vn, const struct vattr *va)
{
	if (va->mask & VA_MODE)
		vn->mode = (vn->mode & S_IFMT) | (va->mode & 07777);
	if (va->mask & VA_UID)
		vn->uid = va->uid;
	if (va->mask & VA_GID)
		vn->gid = va->gid;
	if (va->mask & VA_ATIME)
		vn->atime = va->atime;
	if (va->mask & VA_MTIME)
		vn->mtime = va->mtime;
}
