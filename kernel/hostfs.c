/*
 * hostfs (hostfs.h): vnodes are made per lookup and carry their path relative to the
 * mount's root; attributes come from host_fs_lstat (refresh); open files hold a host handle.
 * A rename on the host side leaves older vnodes with stale paths: they then fail (ENOENT)
 * rather than reach another file outside the mount.
 */
#include "hostfs.h"
#include "vfs.h"
#include "file.h"
#include "uapi/dirent.h"
#include "kernel_api.h"

struct hnode {
	int mnt;        /* the host's id for the mount */
	size_t len;
	char path[];    /* relative to the mount root, "" for the root */
};

#define HN(vn) ((struct hnode *)(vn)->priv)
#define HOSTFS_IO_CHUNK 65536

static const struct vnode_ops hostfs_vops;
static const struct file_ops hostfs_fops;

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

/* The path of name in dir (name NULL: dir's parent), as a fresh hnode. */
static struct hnode *hnode_child(struct vnode *dir, const char *name)
{
	struct hnode *d = HN(dir), *h;
	size_t nlen = name ? strlen(name) : 0, len;

	if (name)
		len = d->len + (d->len ? 1 : 0) + nlen;
	else {
		const char *slash = strrchr(d->path, '/');
		len = slash ? (size_t)(slash - d->path) : 0;
	}
	h = kmalloc(sizeof(*h) + len + 1);
	if (!h)
		return NULL;
	h->mnt = d->mnt;
	h->len = len;
	if (!name) {
		memcpy(h->path, d->path, len);
	} else {
		memcpy(h->path, d->path, d->len);
		if (d->len)
			h->path[d->len] = '/';
		memcpy(h->path + len - nlen, name, nlen);
	}
	h->path[len] = 0;
	return h;
}

/* A vnode for h (which it takes over) after checking the host has it. */
static int hostfs_vnode(struct mount *m, struct hnode *h, struct vnode **out)
{
	struct wp_hostfs_stat st;
	struct vnode *vn;
	int err = host_fs_lstat(h->mnt, h->path, h->len, &st);

	if (err) {
		kfree(h);
		return err;
	}
	vn = vnode_alloc(m, &hostfs_vops, NULL, st.mode);
	if (!vn) {
		kfree(h);
		return -ENOMEM;
	}
	attrs_from(vn, &st);
	vn->fops = S_ISDIR(st.mode) ? &vfs_dir_fops : &hostfs_fops;
	vn->priv = h;
	*out = vn;
	return 0;
}

static int hostfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct hnode *h = hnode_child(dir, strcmp(name, "..") ? name : NULL);

	if (!h)
		return -ENOMEM;
	if (h->len == 0) {
		/* the root is one vnode, so that ".." from it leaves the mount */
		kfree(h);
		*out = vnode_hold(dir->mnt->root);
		return 0;
	}
	return hostfs_vnode(dir->mnt, h, out);
}

static int hostfs_refresh(struct vnode *vn)
{
	struct wp_hostfs_stat st;
	int err = host_fs_lstat(HN(vn)->mnt, HN(vn)->path, HN(vn)->len, &st);

	if (!err && (st.mode & S_IFMT) != (vn->mode & S_IFMT))
		err = -ESTALE;
	if (!err)
		attrs_from(vn, &st);
	return err;
}

static int hostfs_create(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
			 uint32_t uid, uint32_t gid, struct vnode **out)
{
	struct hnode *h;
	int err;

	(void)rdev; (void)uid; (void)gid;
	if (!name || (!S_ISREG(mode) && !S_ISDIR(mode)))
		return -EPERM;
	h = hnode_child(dir, name);
	if (!h)
		return -ENOMEM;
	if (S_ISDIR(mode)) {
		err = host_fs_mkdir(h->mnt, h->path, h->len, mode & 07777);
	} else {
		err = host_fs_open(h->mnt, h->path, h->len,
				   HOSTFS_O_CREAT | HOSTFS_O_EXCL | 1 /* O_WRONLY */, mode & 07777);
		if (err >= 0)
			err = host_fs_close(err);
	}
	if (err) {
		kfree(h);
		return err;
	}
	return hostfs_vnode(dir->mnt, h, out);
}

static int hostfs_symlink(struct vnode *dir, const char *name, const char *target,
			  uint32_t uid, uint32_t gid, struct vnode **out)
{
	struct hnode *h = hnode_child(dir, name);
	int err;

	(void)uid; (void)gid;
	if (!h)
		return -ENOMEM;
	err = host_fs_symlink(h->mnt, target, strlen(target), h->path, h->len);
	if (err) {
		kfree(h);
		return err;
	}
	return hostfs_vnode(dir->mnt, h, out);
}

/* Runs a host call on the path of name in dir. */
static int with_child(struct vnode *dir, const char *name,
		      int (*fn)(int, const char *, size_t))
{
	struct hnode *h = hnode_child(dir, name);
	int err;

	if (!h)
		return -ENOMEM;
	err = fn(h->mnt, h->path, h->len);
	kfree(h);
	return err;
}

static int hostfs_unlink(struct vnode *dir, const char *name, struct vnode *vn)
{
	(void)vn;
	return with_child(dir, name, host_fs_unlink);
}

static int hostfs_rmdir(struct vnode *dir, const char *name, struct vnode *vn)
{
	(void)vn;
	return with_child(dir, name, host_fs_rmdir);
}

static int hostfs_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct hnode *h = hnode_child(dir, name);
	int err;

	if (!h)
		return -ENOMEM;
	err = host_fs_link(h->mnt, HN(vn)->path, HN(vn)->len, h->path, h->len);
	kfree(h);
	return err;
}

static int hostfs_rename(struct vnode *odir, const char *oname, struct vnode *ndir,
			 const char *nname, unsigned flags)
{
	struct hnode *o = hnode_child(odir, oname), *n = hnode_child(ndir, nname);
	int err = (o && n) ? 0 : -ENOMEM;

	if (!err && (flags & RENAME_EXCHANGE))
		err = -EINVAL;
	if (!err)
		err = host_fs_rename(o->mnt, o->path, o->len, n->path, n->len);
	kfree(o);
	kfree(n);
	return err;
}

static long hostfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	return host_fs_readlink(HN(vn)->mnt, HN(vn)->path, HN(vn)->len, buf, n);
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
		got = host_fs_readdir(HN(dir)->mnt, HN(dir)->path, HN(dir)->len,
				      (uint32_t)(next - 2), buf, 4096);
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
	struct hnode *h = HN(vn);
	int err = 0;

	if (((va->mask & VA_UID) && va->uid != vn->uid) || ((va->mask & VA_GID) && va->gid != vn->gid))
		return -EPERM;
	if (va->mask & VA_SIZE)
		err = host_fs_truncate(h->mnt, h->path, h->len, va->size);
	if (!err && (va->mask & VA_MODE))
		err = host_fs_chmod(h->mnt, h->path, h->len, va->mode & 07777);
	if (!err && (va->mask & (VA_ATIME | VA_MTIME)))
		err = host_fs_utimes(h->mnt, h->path, h->len,
				     (va->mask & VA_ATIME) ? va->atime : vn->atime,
				     (va->mask & VA_MTIME) ? va->mtime : vn->mtime);
	return err ? err : hostfs_refresh(vn);
}

static int hostfs_open(struct vnode *vn, struct file *f)
{
	int handle;

	if (!S_ISREG(vn->mode))
		return S_ISDIR(vn->mode) ? 0 : -ENXIO;
	handle = host_fs_open(HN(vn)->mnt, HN(vn)->path, HN(vn)->len, (int)(f->flags & O_ACCMODE), 0);
	if (handle < 0)
		return handle;
	f->priv = (void *)(intptr_t)handle;
	return 0;
}

static void hostfs_inactive(struct vnode *vn)
{
	kfree(vn->priv);
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
	if (f->vn && S_ISREG(f->vn->mode))
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

int hostfs_mount(const char *guest_path, int host_id, bool ro)
{
	struct mount *m = mount_alloc("hostfs", "hostfs", ro ? MNT_RDONLY : 0, HOSTFS_MAGIC);
	struct hnode *h = kmalloc(sizeof(*h) + 1);
	int err;

	if (!m || !h) {
		kfree(h);
		mount_free(m);
		return -ENOMEM;
	}
	h->mnt = host_id;
	h->len = 0;
	h->path[0] = 0;
	err = hostfs_vnode(m, h, &m->root);
	if (!err && !S_ISDIR(m->root->mode))
		err = -ENOTDIR;
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
	int id = host_fs_register(h, strlen(h));

	return id < 0 ? id : hostfs_mount(g, id, flags & KMOUNT_HOST_RDONLY);
}
