/*
 * devfs on /dev: null zero full random urandom tty console, the fd/ stdin stdout stderr
 * symlinks into /proc/self, and dev_open, which gives character devices (here or made with
 * mknod anywhere) their file_ops by device number. /dev/tty and /dev/console belong to the
 * terminal code: it supplies tty_open (weak here; ENXIO until it exists).
 */
#include "vfs.h"
#include "file.h"
#include "host.h"
#include "uapi/dirent.h"

int tty_open(struct vnode *vn, struct file *f) __attribute__((weak));

#define DEV_MEM 1   /* major of null, zero, full, random, urandom */
#define DEV_TTY 5   /* major of tty (0) and console (1) */

struct devnode {
	const char *name;
	uint32_t mode;
	uint32_t major, minor;
	const char *link;
};

static const struct devnode devnodes[] = {
	{ "null", S_IFCHR | 0666, DEV_MEM, 3, NULL },
	{ "zero", S_IFCHR | 0666, DEV_MEM, 5, NULL },
	{ "full", S_IFCHR | 0666, DEV_MEM, 7, NULL },
	{ "random", S_IFCHR | 0666, DEV_MEM, 8, NULL },
	{ "urandom", S_IFCHR | 0666, DEV_MEM, 9, NULL },
	{ "tty", S_IFCHR | 0666, DEV_TTY, 0, NULL },
	{ "console", S_IFCHR | 0600, DEV_TTY, 1, NULL },
	{ "fd", S_IFLNK | 0777, 0, 0, "/proc/self/fd" },
	{ "stdin", S_IFLNK | 0777, 0, 0, "/proc/self/fd/0" },
	{ "stdout", S_IFLNK | 0777, 0, 0, "/proc/self/fd/1" },
	{ "stderr", S_IFLNK | 0777, 0, 0, "/proc/self/fd/2" },
	{ "shm", S_IFDIR | 01777, 0, 0, NULL }, /* fs_boot mounts a tmpfs here */
};

#define NDEV ARRAY_SIZE(devnodes)

struct devfs {
	struct vnode *nodes[NDEV];
};

static const struct vnode_ops devfs_vops;

/* Memory devices */

static long dev_null_read(struct file *f, struct uio *uio)
{
	(void)f;
	(void)uio;
	return 0;
}

static long dev_sink_write(struct file *f, struct uio *uio)
{
	size_t n = uio->resid;

	(void)f;
	uio->resid = 0;
	uio->offset += n;
	return (long)n;
}

static long dev_full_write(struct file *f, struct uio *uio)
{
	(void)f;
	(void)uio;
	return -ENOSPC;
}

/* Fills the reader's buffers from fill() in 256-byte pieces. */
static long dev_fill_read(struct uio *uio, bool random)
{
	uint8_t chunk[256];
	size_t moved = 0;

	if (!random)
		memset(chunk, 0, sizeof(chunk));
	while (uio->resid > 0) {
		size_t n = MIN(uio->resid, sizeof(chunk)), before = uio->resid;
		int err;

		if (random)
			host_random(chunk, n);
		err = uiomove(chunk, n, uio);
		moved += before - uio->resid;
		if (err)
			return moved ? (long)moved : err;
	}
	return (long)moved;
}

static long dev_zero_read(struct file *f, struct uio *uio)
{
	(void)f;
	return dev_fill_read(uio, false);
}

static long dev_random_read(struct file *f, struct uio *uio)
{
	(void)f;
	return dev_fill_read(uio, true);
}

static int64_t dev_seek(struct file *f, int64_t off, int whence)
{
	(void)f;
	(void)off;
	(void)whence;
	return 0;
}

static const struct file_ops dev_null_fops = {
	.read = dev_null_read, .write = dev_sink_write, .seek = dev_seek,
};
static const struct file_ops dev_zero_fops = {
	.read = dev_zero_read, .write = dev_sink_write, .seek = dev_seek,
};
static const struct file_ops dev_full_fops = {
	.read = dev_zero_read, .write = dev_full_write, .seek = dev_seek,
};
static const struct file_ops dev_random_fops = {
	.read = dev_random_read, .write = dev_sink_write, .seek = dev_seek,
};

int dev_open(struct vnode *vn, struct file *f)
{
	uint32_t major = WP_MAJOR(vn->rdev), minor = WP_MINOR(vn->rdev);

	if (major == DEV_MEM) {
		switch (minor) {
		case 3: f->ops = &dev_null_fops; return 0;
		case 5: f->ops = &dev_zero_fops; return 0;
		case 7: f->ops = &dev_full_fops; return 0;
		case 8:
		case 9: f->ops = &dev_random_fops; return 0;
		}
	}
	if (major == DEV_TTY && minor <= 1)
		return tty_open ? tty_open(vn, f) : -ENXIO;
	return -ENXIO;
}

/* The filesystem */

static int devfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct devfs *d = dir->priv;

	if (dir != dir->mnt->root)
		return -ENOENT; /* shm, when nothing is mounted on it */
	for (size_t i = 0; i < NDEV; i++) {
		if (!strcmp(devnodes[i].name, name)) {
			*out = vnode_hold(d->nodes[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static int devfs_readdir(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx)
{
	struct devfs *d = dir->priv;

	if (cookie <= 0 && fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (cookie <= 1 && fill(ctx, "..", 2, dir->ino, DT_DIR, 2))
		return 0;
	if (dir != dir->mnt->root)
		return 0;
	for (size_t i = (size_t)MAX(cookie, 2) - 2; i < NDEV; i++) {
		const char *name = devnodes[i].name;
		if (fill(ctx, name, strlen(name), d->nodes[i]->ino, vfs_dtype(devnodes[i].mode),
			 (int64_t)i + 3))
			return 0;
	}
	return 0;
}

static long devfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	const char *target = vn->priv;
	size_t len = strlen(target);

	memcpy(buf, target, MIN(len, n));
	return (long)len;
}

/* Permissions and times of device nodes may change (chmod /dev/null is legal for root). */
static int devfs_setattr(struct vnode *vn, const struct vattr *va)
{
	if (va->mask & VA_SIZE)
		return S_ISCHR(vn->mode) ? 0 : -EINVAL;
	vnode_set_attrs(vn, va);
	return 0;
}

static const struct vnode_ops devfs_vops = {
	.lookup = devfs_lookup,
	.readdir = devfs_readdir,
	.readlink = devfs_readlink,
	.setattr = devfs_setattr,
};

static void devfs_release(struct mount *m)
{
	struct devfs *d = m->root->priv;

	for (size_t i = 0; i < NDEV; i++)
		vnode_drop(d->nodes[i]);
	kfree(d);
}

struct mount *devfs_new(void)
{
	struct mount *m = mount_alloc("devtmpfs", "devtmpfs", 0, DEVFS_MAGIC);
	struct devfs *d = kzalloc(sizeof(*d));
	size_t i;

	if (!m || !d)
		goto fail;
	m->root = vnode_alloc(m, &devfs_vops, &vfs_dir_fops, S_IFDIR | 0755);
	if (!m->root)
		goto fail;
	m->root->nlink = 2;
	m->root->ino = 1;
	m->root->priv = d;
	for (i = 0; i < NDEV; i++) {
		const struct devnode *dn = &devnodes[i];
		bool dir = S_ISDIR(dn->mode);
		struct vnode *vn = vnode_alloc(m, &devfs_vops, dir ? &vfs_dir_fops : NULL, dn->mode);
		if (!vn)
			goto fail_nodes;
		if (dir)
			vn->nlink = 2;
		vn->ino = i + 2;
		vn->rdev = dn->link ? 0 : WP_MKDEV(dn->major, dn->minor);
		vn->priv = (void *)dn->link;
		vn->size = dn->link ? (int64_t)strlen(dn->link) : 0;
		d->nodes[i] = vn;
	}
	m->release = devfs_release;
	return m;
fail_nodes:
	while (i-- > 0)
		vnode_drop(d->nodes[i]);
	vnode_drop(m->root);
fail:
	kfree(d);
	mount_free(m);
	return NULL;
}
