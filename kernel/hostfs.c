/*
 * hostfs (hostfs.h): a vnode is made per lookup; a directory's holds the host handle of that
 * directory, anything else holds its parent directory's vnode and its name there, so every
 * host call names one component in a directory the host already holds open. A lookup thus
 * costs one host call whatever the depth. ".." is the parent vnode the directory was found
 * in (held): the walk back never asks the host, so it cannot leave the mount. Attributes come
 * from the host (refresh); open files hold a host handle.
 *
 * Host handles: one per live directory vnode (a directory keeps its ancestors alive, so a
 * cwd at depth d holds d of them) plus one per open file; closed in inactive and release.
 * A guest rename moves the live vnodes it names (hostfs_rename). A rename on the host side
 * leaves them with stale names: they then fail (ENOENT) or name another file of the same
 * host directory, never one outside it; a directory keeps its handle, and so its contents.
 */
#include "hostfs.h"
#include "vfs.h"
#include "file.h"
#include "proc.h"
#include "uapi/dirent.h"
#include "kernel_api.h"

struct hnode {
	int dir;              /* the host handle of this directory; -1 for anything else */
	int file;             /* the handle of the last file opened on it (attributes), or -1 */
	struct vnode *parent; /* the directory it was found in (held); NULL for the root */
	char *name;           /* its name in parent ("" for the root) */
	size_t len;
	struct hnode *next, **prevp; /* every live hnode, for renames (hostfs_rename) */
};

static struct hnode *live;

static void live_remove(struct hnode *h)
{
	if (!h->prevp)
		return;
	*h->prevp = h->next;
	if (h->next)
		h->next->prevp = h->prevp;
	h->prevp = NULL;
}

#define HN(vn) ((struct hnode *)(vn)->priv)
#define HOSTFS_IO_CHUNK 65536

static const struct vnode_ops hostfs_vops;
static const struct file_ops hostfs_fops;

/* Where host calls about vn itself go: (its own handle, "") for a directory, else (parent's
 * handle, its name). */
struct hplace {
	int dir;
	const char *name;
	size_t len;
};

static struct hplace place_of(struct vnode *vn)
{
	struct hnode *h = HN(vn);

	if (h->dir >= 0)
		return (struct hplace){ h->dir, "", 0 };
	return (struct hplace){ HN(h->parent)->dir, h->name, h->len };
}

static void attrs_from(struct vnode *vn, const struct wp_hostfs_stat *st)
{
	vn->ino = st->ino;
	vn->mode = st->mode;
	vn->nlink = st->nlink;
	vn->uid = st->uid;
	vn->gid = st->gid;
	vn->size = st->size;
	vn->blocks = st->blocks;
	vn->atime = st->atime_ns;
	vn->mtime = st->mtime_ns;
	vn->ctime = st->ctime_ns;
	vn->rdev = 0;
}

/*
 * A vnode for name in parent (NULL, "": the mount's root) with attributes st, holding handle
 * (a directory's, or -1), which it takes over: closed here on failure.
 */
static int hostfs_vnode(struct mount *m, struct vnode *parent, const char *name, int handle,
			const struct wp_hostfs_stat *st, struct vnode **out)
{
	struct hnode *h = kmalloc(sizeof(*h));
	char *copy = h ? kstrdup(name) : NULL;
	struct vnode *vn = copy ? vnode_alloc(m, &hostfs_vops, NULL, st->mode) : NULL;

	if (!vn) {
		kfree(copy);
		kfree(h);
		if (handle >= 0)
			host_fs_close(handle);
		return -ENOMEM;
	}
	*h = (struct hnode){ .dir = handle, .file = -1, .name = copy, .len = strlen(name),
			     .parent = parent ? vnode_hold(parent) : NULL };
	h->next = live;
	if (live)
		live->prevp = &h->next;
	h->prevp = &live;
	live = h;
	attrs_from(vn, st);
	vn->fops = S_ISDIR(st->mode) ? &vfs_dir_fops : &hostfs_fops;
	vn->priv = h;
	*out = vn;
	return 0;
}

static int hostfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct wp_hostfs_stat st;
	int handle;

	if (!strcmp(name, "..")) {
		/* the root is one vnode, so that ".." from it leaves the mount */
		*out = vnode_hold(HN(dir)->parent ? HN(dir)->parent : dir->mnt->root);
		return 0;
	}
	handle = host_fs_lookup(HN(dir)->dir, name, strlen(name), &st);
	if (handle < 0)
		return handle;
	if (S_ISDIR(st.mode) != (handle > 0)) {
		if (handle > 0)
			host_fs_close(handle);
		return -EIO; /* a host that breaks the contract */
	}
	return hostfs_vnode(dir->mnt, dir, name, handle > 0 ? handle : -1, &st, out);
}

static int hostfs_refresh(struct vnode *vn)
{
	struct wp_hostfs_stat st;
	struct hplace at = place_of(vn);
	int err;

	if (HN(vn)->file >= 0)
		err = host_fs_fstat(HN(vn)->file, &st); /* still right once renamed or unlinked */
	else if (at.len)
		err = host_fs_lstat(at.dir, at.name, at.len, &st);
	else
		err = host_fs_fstat(at.dir, &st);

	if (!err && (st.mode & S_IFMT) != (vn->mode & S_IFMT))
		err = -ESTALE;
	if (!err)
		attrs_from(vn, &st);
	return err;
}

static int hostfs_create(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
			 uint32_t uid, uint32_t gid, struct vnode **out)
{
	int d = HN(dir)->dir, err;

	(void)rdev; (void)uid; (void)gid;
	if (!name || (!S_ISREG(mode) && !S_ISDIR(mode)))
		return -EPERM;
	if (S_ISDIR(mode)) {
		err = host_fs_mkdir(d, name, strlen(name), mode & 07777);
	} else {
		err = host_fs_open(d, name, strlen(name),
				   HOSTFS_O_CREAT | HOSTFS_O_EXCL | 1 /* O_WRONLY */, mode & 07777);
		if (err >= 0)
			err = host_fs_close(err);
	}
	return err ? err : hostfs_lookup(dir, name, out);
}

static int hostfs_symlink(struct vnode *dir, const char *name, const char *target,
			  uint32_t uid, uint32_t gid, struct vnode **out)
{
	int err = host_fs_symlink(target, strlen(target), HN(dir)->dir, name, strlen(name));

	(void)uid; (void)gid;
	return err ? err : hostfs_lookup(dir, name, out);
}

static int hostfs_unlink(struct vnode *dir, const char *name, struct vnode *vn)
{
	(void)vn;
	return host_fs_unlink(HN(dir)->dir, name, strlen(name));
}

static int hostfs_rmdir(struct vnode *dir, const char *name, struct vnode *vn)
{
	(void)vn;
	return host_fs_rmdir(HN(dir)->dir, name, strlen(name));
}

static int hostfs_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct hplace from = place_of(vn);

	if (!from.len)
		return -EPERM; /* a directory */
	return host_fs_link(from.dir, from.name, from.len, HN(dir)->dir, name, strlen(name));
}

/* A live hnode found as name in a directory like dir (same mount and inode), or NULL. */
static struct hnode *find_named(struct vnode *dir, const char *name)
{
	for (struct hnode *h = live; h; h = h->next)
		if (h->parent && h->parent->mnt == dir->mnt && h->parent->ino == dir->ino &&
		    !strcmp(h->name, name))
			return h;
	return NULL;
}

/*
 * Live vnodes of what moved follow it (as Linux's dentries do), so that ".." from a renamed
 * directory and getcwd inside it see its new place. Renames made on the host side are not
 * seen: those vnodes keep their old parent, which is still inside the mount.
 */
static int hostfs_rename(struct vnode *odir, const char *oname, struct vnode *ndir,
			 const char *nname, unsigned flags)
{
	struct hnode *h;
	int err;

	if (flags & RENAME_EXCHANGE)
		return -EINVAL;
	err = host_fs_rename(HN(odir)->dir, oname, strlen(oname), HN(ndir)->dir, nname,
			     strlen(nname));
	if (err || (odir->ino == ndir->ino && !strcmp(oname, nname)))
		return err;
	while ((h = find_named(odir, oname))) {
		char *name = kstrdup(nname);
		struct vnode *old = h->parent;

		if (!name) {
			live_remove(h); /* stays stale, as after a host-side rename */
			continue;
		}
		kfree(h->name);
		h->name = name;
		h->len = strlen(name);
		h->parent = vnode_hold(ndir);
		vnode_drop(old);
	}
	return 0;
}

static long hostfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	struct hplace at = place_of(vn);

	return at.len ? host_fs_readlink(at.dir, at.name, at.len, buf, n) : -EINVAL;
}

static int hostfs_readdir(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx)
{
	char *buf;
	int64_t next = MAX(cookie, 2);
	long got;

	if (cookie <= 0 && fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (cookie <= 1 && fill(ctx, "..", 2, dir->ino, DT_DIR, 2))
		return 0;
	buf = kmalloc(4096);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		got = host_fs_readdir(HN(dir)->dir, (uint32_t)(next - 2), buf, 4096);
		if (got <= 0)
			break;
		for (long off = 0; off < got;) {
			const size_t hdr = sizeof(struct wp_hostfs_dirent);
			uint64_t ino;
			const char *name = buf + off + hdr;
			size_t len = strnlen(name, (size_t)got - (size_t)off - hdr);
			memcpy(&ino, buf + off + offsetof(struct wp_hostfs_dirent, ino), sizeof ino);
			uint8_t type = (uint8_t)buf[off + offsetof(struct wp_hostfs_dirent, type)];
			next++;
			if (fill(ctx, name, len, ino, type, next)) {
				kfree(buf);
				return 0;
			}
			off += (long)(hdr + len + 1);
		}
	}
	kfree(buf);
	return got < 0 ? (int)got : 0;
}

static int hostfs_setattr(struct vnode *vn, const struct vattr *va)
{
	struct hplace at = place_of(vn);
	int err = 0;

	if (((va->mask & VA_UID) && va->uid != vn->uid) || ((va->mask & VA_GID) && va->gid != vn->gid))
		return -EPERM;
	if (va->mask & VA_SIZE)
		err = host_fs_truncate(at.dir, at.name, at.len, va->size);
	if (!err && (va->mask & VA_MODE))
		err = host_fs_chmod(at.dir, at.name, at.len, va->mode & 07777);
	if (!err && (va->mask & (VA_ATIME | VA_MTIME)))
		err = host_fs_utimes(at.dir, at.name, at.len,
				     (va->mask & VA_ATIME) ? va->atime : vn->atime,
				     (va->mask & VA_MTIME) ? va->mtime : vn->mtime);
	return err ? err : hostfs_refresh(vn);
}

static int hostfs_open(struct vnode *vn, struct file *f)
{
	struct hplace at = place_of(vn);
	int handle;

	if (S_ISFIFO(vn->mode))
		return hostfs_fifo_open(f, at.dir, at.name, at.len);
	if (!S_ISREG(vn->mode))
		return S_ISDIR(vn->mode) ? 0 : -ENXIO;
	handle = host_fs_open(at.dir, at.name, at.len, (int)(f->flags & O_ACCMODE), 0);
	if (handle < 0)
		return handle;
	f->priv = (void *)(intptr_t)handle;
	HN(vn)->file = handle;
	return 0;
}

static void hostfs_inactive(struct vnode *vn)
{
	struct hnode *h = HN(vn);

	if (h->dir >= 0)
		host_fs_close(h->dir);
	live_remove(h);
	if (h->parent)
		vnode_drop(h->parent);
	kfree(h->name);
	kfree(h);
	vnode_free(vn);
}

static const struct vnode_ops hostfs_vops = {
	.lookup = hostfs_lookup,
	.create = hostfs_create,
	.symlink = hostfs_symlink,
	.link = hostfs_link,
	.unlink = hostfs_unlink,
	.rmdir = hostfs_rmdir,
	.rename = hostfs_rename,
	.readlink = hostfs_readlink,
	.readdir = hostfs_readdir,
	.setattr = hostfs_setattr,
	.refresh = hostfs_refresh,
	.open = hostfs_open,
	.inactive = hostfs_inactive,
};

/* Data: through a kernel bounce buffer, one host call per chunk. */

static int handle_of(struct file *f)
{
	return (int)(intptr_t)f->priv;
}

static long hostfs_rw(struct file *f, struct uio *uio)
{
	char *buf = kmalloc(MIN(uio->resid, HOSTFS_IO_CHUNK) + 1);
	size_t moved = 0;
	long err = 0;

	if (!buf)
		return -ENOMEM;
	if (uio->rw == UIO_WRITE && (f->flags & O_APPEND) && !(err = hostfs_refresh(f->vn)))
		uio->offset = f->vn->size;
	while (!err && uio->resid > 0) {
		size_t want = MIN(uio->resid, HOSTFS_IO_CHUNK), before = uio->resid;
		long n;

		if (uio->rw == UIO_READ) {
			n = host_fs_pread(handle_of(f), buf, want, uio->offset);
			if (n <= 0) {
				err = n;
				break;
			}
			err = uiomove(buf, (size_t)n, uio);
		} else {
			int64_t at = uio->offset;
			err = uiomove(buf, want, uio);
			n = (long)(before - uio->resid);
			if (n > 0) {
				long w = host_fs_pwrite(handle_of(f), buf, (size_t)n, at);
				if (w < n) {
					uio->offset = at + (w > 0 ? w : 0);
					uio->resid = before - (size_t)(w > 0 ? w : 0);
					err = w < 0 ? w : err;
				}
			}
		}
		moved += before - uio->resid;
		if (uio->rw == UIO_READ && (size_t)n < want)
			break;
	}
	kfree(buf);
	return moved ? (long)moved : err;
}

static int64_t hostfs_seek(struct file *f, int64_t off, int whence)
{
	int64_t base = 0;
	int err;

	switch (whence) {
	case SEEK_SET: break;
	case SEEK_CUR: base = f->offset; break;
	case SEEK_END:
		err = hostfs_refresh(f->vn);
		if (err)
			return err;
		base = f->vn->size;
		break;
	default: return -EINVAL;
	}
	if (base + off < 0)
		return -EINVAL;
	return base + off;
}

static int hostfs_ftruncate(struct file *f, int64_t len)
{
	return host_fs_ftruncate(handle_of(f), len);
}

static int hostfs_fsync(struct file *f)
{
	return host_fs_fsync(handle_of(f));
}

static void hostfs_release(struct file *f)
{
	if (!f->vn || !S_ISREG(f->vn->mode))
		return;
	if (HN(f->vn)->file == handle_of(f))
		HN(f->vn)->file = -1;
	host_fs_close(handle_of(f));
}

static const struct file_ops hostfs_fops = {
	.read = hostfs_rw,
	.write = hostfs_rw,
	.seek = hostfs_seek,
	.truncate = hostfs_ftruncate,
	.sync = hostfs_fsync,
	.release = hostfs_release,
};

/* Whether path names the root of the tree: a mount there would never be reached. */
static bool names_the_root(const char *path)
{
	struct proc kp = { .cred = { 0 } };
	struct vnode *vn;
	bool root;

	if (vfs_lookup(&kp, vfs_root(), path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vn))
		return false; /* vfs_mount reports it */
	root = vn == vfs_root();
	vnode_drop(vn);
	return root;
}

int hostfs_mount(const char *guest_path, int root, bool ro)
{
	struct mount *m;
	struct wp_hostfs_stat st;
	int err = host_fs_fstat(root, &st);

	if (!err && !S_ISDIR(st.mode))
		err = -ENOTDIR;
	if (!err && names_the_root(guest_path))
		err = -EBUSY;
	if (err) {
		host_fs_close(root);
		return err;
	}
	m = mount_alloc("hostfs", "hostfs", (ro ? MNT_RDONLY : 0) | MNT_OWNFIFO, HOSTFS_MAGIC);
	if (!m) {
		host_fs_close(root);
		return -ENOMEM;
	}
	err = hostfs_vnode(m, NULL, "", root, &st, &m->root);
	if (!err)
		err = vfs_mount(m, guest_path);
	if (err) {
		if (m->root)
			vnode_drop(m->root);
		mount_free(m);
	}
	return err;
}

KERNEL_EXPORT(kernel_mount_host) int kernel_mount_host(uint32_t guest, uint32_t host, uint32_t flags)
{
	const char *g = (const char *)(uintptr_t)guest, *h = (const char *)(uintptr_t)host;
	int root = host_fs_register(h, strlen(h));

	return root < 0 ? root : hostfs_mount(g, root, flags & KMOUNT_HOST_RDONLY);
}
