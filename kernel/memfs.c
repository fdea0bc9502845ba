/*
 * memfs (memfs.h): directories as lists of entries in creation order (each entry's cookie
 * is its position for getdents64, stable across removals of others), regular files as an
 * array of file pages (fpage.h, kept outside the kernel's memory) allocated on first write,
 * symlinks as a string. Each mount has a size and an inode limit, as tmpfs has: ENOSPC past
 * them, and what unlink or truncate frees is there to use again.
 *
 * Lifetime: a node lives while it is linked (nlink > 0) or referenced (refs > 0); the last of
 * the two to go frees it (memfs_inactive, or unlink/rmdir/rename when refs is 0).
 */
#include "memfs.h"
#include "file.h"
#include "fpage.h"
#include "membudget.h"
#include "uapi/dirent.h"
#include "uapi/statfs.h"

/* A mount's limits and use. */
struct memfs_mount {
	uint64_t size;   /* bytes of file data allowed; 0: half the memory budget, as it is now */
	uint64_t inodes; /* inodes allowed; 0: one per MEMFS_BYTES_PER_INODE of size */
	uint64_t pages;  /* file pages in use */
	uint64_t nodes;  /* inodes in use */
};

/* One inode allowed for this many bytes of a mount's size (its kernel memory is the cost). */
#define MEMFS_BYTES_PER_INODE (16 << 10)

static uint64_t mount_size(const struct memfs_mount *mm)
{
	return mm->size ? mm->size : membudget_total() / 2;
}

static uint64_t mount_inodes(const struct memfs_mount *mm)
{
	return mm->inodes ? mm->inodes : mount_size(mm) / MEMFS_BYTES_PER_INODE;
}

int memfs_set_limits(struct mount *m, uint64_t size, uint64_t inodes)
{
	struct memfs_mount *mm = m->priv;
	if ((size && size < mm->pages * MEMFS_PAGE) || (inodes && inodes < mm->nodes))
		return -EINVAL; /* as tmpfs: no smaller than what is in use */
	if (size)
		mm->size = size;
	if (inodes)
		mm->inodes = inodes;
	return 0;
}

struct mdirent {
	struct mdirent *next;
	struct vnode *vn;
	int64_t cookie;
	size_t len;
	char name[];
};

struct mnode {
	/* directories */
	struct mdirent *first, *last;
	int64_t next_cookie;
	struct vnode *parent;     /* not counted; NULL once removed. For a non-directory: the
				     directory of one of its links, for getcwd-like paths
				     (/proc/<pid>/fd), or NULL when that link went */
	/* regular files */
	fpage_t *pages;
	size_t cap;               /* slots in pages[] */
	/* symlinks */
	char *target;
};

static const struct vnode_ops memfs_vops;
static const struct file_ops memfs_fops;
static uint64_t memfs_next_ino = 1;
#define MN(vn) ((struct mnode *)(vn)->priv)
#define MM(vn) ((struct memfs_mount *)(vn)->mnt->priv)

bool memfs_is(struct vnode *vn)
{
	return vn->ops == &memfs_vops;
}

static void memfs_free_pages(struct vnode *vn, size_t from)
{
	struct mnode *mn = MN(vn);

	for (size_t i = from; i < mn->cap; i++) {
		if (mn->pages[i]) {
			fpage_free(mn->pages[i]);
			mn->pages[i] = 0;
			vn->blocks -= MEMFS_PAGE / 512;
			MM(vn)->pages--;
		}
	}
}

static void memfs_free(struct vnode *vn)
{
	struct mnode *mn = MN(vn);

	KASSERT(vn->refs == 0 && vn->nlink == 0);
	KASSERT(!mn->first);
	memfs_free_pages(vn, 0);
	MM(vn)->nodes--;
	kfree(mn->pages);
	kfree(mn->target);
	kfree(mn);
	vnode_free(vn);
}

static void memfs_inactive(struct vnode *vn)
{
	if (vn->nlink == 0)
		memfs_free(vn);
}

/* Drops one link; frees the node when nothing holds it any more. */
static void memfs_unlinked(struct vnode *vn)
{
	KASSERT(vn->nlink > 0);
	if (S_ISDIR(vn->mode)) {
		vn->nlink = 0;
		MN(vn)->parent = NULL;
	} else {
		vn->nlink--;
	}
	vn->ctime = vfs_now();
	if (vn->nlink == 0 && vn->refs == 0)
		memfs_free(vn);
}

/* A new node, or NULL (ENOSPC): out of kernel memory, or past the mount's inode limit. */
static struct vnode *memfs_node(struct mount *m, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct memfs_mount *mm = m->priv;
	if (mm->nodes >= mount_inodes(mm))
		return NULL;
	const struct file_ops *fops = S_ISDIR(mode) ? &vfs_dir_fops : &memfs_fops;
	struct vnode *vn = vnode_alloc(m, &memfs_vops, fops, mode);
	struct mnode *mn = kzalloc(sizeof(*mn));

	if (!vn || !mn) {
		kfree(vn);
		kfree(mn);
		return NULL;
	}
	mm->nodes++;
	vn->priv = mn;
	vn->ino = memfs_next_ino++;
	vn->uid = uid;
	vn->gid = gid;
	mn->next_cookie = 2;
	if (S_ISDIR(mode)) {
		vn->nlink = 2;
		vn->size = 4096;
	}
	return vn;
}

static struct mdirent *dirent_new(const char *name, struct vnode *vn)
{
	size_t len = strlen(name);
	struct mdirent *e = kmalloc(sizeof(*e) + len + 1);

	if (!e)
		return NULL;
	e->next = NULL;
	e->vn = vn;
	e->len = len;
	memcpy(e->name, name, len + 1);
	return e;
}

static void dir_append(struct vnode *dir, struct mdirent *e)
{
	struct mnode *d = MN(dir);

	e->cookie = d->next_cookie++;
	if (d->last)
		d->last->next = e;
	else
		d->first = e;
	d->last = e;
}

static struct mdirent *dir_find(struct vnode *dir, const char *name, struct mdirent **prev)
{
	struct mdirent *p = NULL;

	for (struct mdirent *e = MN(dir)->first; e; p = e, e = e->next) {
		if (!strcmp(e->name, name)) {
			if (prev)
				*prev = p;
			return e;
		}
	}
	return NULL;
}

static void dir_remove(struct vnode *dir, struct mdirent *e, struct mdirent *prev)
{
	struct mnode *d = MN(dir);

	if (prev)
		prev->next = e->next;
	else
		d->first = e->next;
	if (d->last == e)
		d->last = prev;
	kfree(e);
}

static int memfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct mdirent *e;

	if (!strcmp(name, "..")) {
		struct vnode *parent = MN(dir)->parent;
		if (!parent)
			return -ENOENT;
		*out = vnode_hold(parent);
		return 0;
	}
	e = dir_find(dir, name, NULL);
	if (!e)
		return -ENOENT;
	*out = vnode_hold(e->vn);
	return 0;
}

/* Links a new node into dir under name (NULL: an O_TMPFILE node, linked nowhere). */
static int memfs_add(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct mdirent *e = NULL;

	if (name && !(e = dirent_new(name, vn))) {
		vn->refs = 0;
		vn->nlink = 0;
		memfs_free(vn);
		return -ENOSPC;
	}
	if (!name) {
		vn->nlink = 0;
		return 0;
	}
	dir_append(dir, e);
	MN(vn)->parent = dir;
	if (S_ISDIR(vn->mode))
		dir->nlink++;
	return 0;
}

static int memfs_create(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
			uint32_t uid, uint32_t gid, struct vnode **out)
{
	struct vnode *vn = memfs_node(dir->mnt, mode, uid, gid);
	int err;

	if (!vn)
		return -ENOSPC;
	vn->rdev = rdev;
	err = memfs_add(dir, name, vn);
	if (!err)
		*out = vn;
	return err;
}

static int memfs_symlink(struct vnode *dir, const char *name, const char *target,
			 uint32_t uid, uint32_t gid, struct vnode **out)
{
	struct vnode *vn = memfs_node(dir->mnt, S_IFLNK | 0777, uid, gid);

	if (!vn)
		return -ENOSPC;
	MN(vn)->target = kstrdup(target);
	if (!MN(vn)->target) {
		vn->refs = 0;
		vn->nlink = 0;
		memfs_free(vn);
		return -ENOSPC;
	}
	vn->size = (int64_t)strlen(target);
	return memfs_add(dir, name, vn) ?: (*out = vn, 0);
}

static int memfs_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct mdirent *e = dirent_new(name, vn);

	if (!e)
		return -ENOSPC;
	dir_append(dir, e);
	vn->nlink++;
	if (!MN(vn)->parent)
		MN(vn)->parent = dir;
	return 0;
}

static int memfs_unlink(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct mdirent *prev, *e = dir_find(dir, name, &prev);

	if (!e || e->vn != vn)
		return -ENOENT;
	dir_remove(dir, e, prev);
	if (MN(vn)->parent == dir)
		MN(vn)->parent = NULL;
	memfs_unlinked(vn);
	return 0;
}

static int memfs_rmdir(struct vnode *dir, const char *name, struct vnode *vn)
{
	struct mdirent *prev, *e = dir_find(dir, name, &prev);

	if (!e || e->vn != vn)
		return -ENOENT;
	if (MN(vn)->first)
		return -ENOTEMPTY;
	dir_remove(dir, e, prev);
	dir->nlink--;
	memfs_unlinked(vn);
	return 0;
}

/* A directory changes parent: fix ".." and the parents' link counts. */
static void reparent(struct vnode *vn, struct vnode *from, struct vnode *to)
{
	if (from == to)
		return;
	if (!S_ISDIR(vn->mode)) {
		if (MN(vn)->parent == from)
			MN(vn)->parent = to;
		return;
	}
	MN(vn)->parent = to;
	from->nlink--;
	to->nlink++;
}

static int memfs_rename(struct vnode *odir, const char *oname, struct vnode *ndir,
			const char *nname, unsigned flags)
{
	struct mdirent *oprev, *oe = dir_find(odir, oname, &oprev);
	struct mdirent *ne = dir_find(ndir, nname, NULL);
	struct vnode *vn, *victim;

	if (!oe)
		return -ENOENT;
	vn = oe->vn;
	if (flags & RENAME_EXCHANGE) {
		oe->vn = ne->vn;
		ne->vn = vn;
		reparent(vn, odir, ndir);
		reparent(oe->vn, ndir, odir);
		return 0;
	}
	if (ne) {
		victim = ne->vn;
		if (S_ISDIR(victim->mode) && MN(victim)->first)
			return -ENOTEMPTY;
		ne->vn = vn;
		if (S_ISDIR(victim->mode))
			ndir->nlink--;
		else if (MN(victim)->parent == ndir)
			MN(victim)->parent = NULL;
		memfs_unlinked(victim);
	} else {
		ne = dirent_new(nname, vn);
		if (!ne)
			return -ENOSPC;
		dir_append(ndir, ne);
	}
	/* appending to odir may have changed oe's neighbours' links: find it again */
	oe = dir_find(odir, oname, &oprev);
	dir_remove(odir, oe, oprev);
	reparent(vn, odir, ndir);
	return 0;
}

static long memfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	size_t len = strlen(MN(vn)->target);

	memcpy(buf, MN(vn)->target, MIN(len, n));
	return (long)len;
}

static int memfs_readdir(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx)
{
	struct vnode *parent = MN(dir)->parent ? MN(dir)->parent : dir;

	if (cookie <= 0 && fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (cookie <= 1 && fill(ctx, "..", 2, parent->ino, DT_DIR, 2))
		return 0;
	for (struct mdirent *e = MN(dir)->first; e; e = e->next) {
		if (e->cookie < cookie)
			continue;
		if (fill(ctx, e->name, e->len, e->vn->ino, vfs_dtype(e->vn->mode), e->cookie + 1))
			return 0;
	}
	return 0;
}

/* Data */

static int memfs_truncate_vn(struct vnode *vn, int64_t len)
{
	struct mnode *mn = MN(vn);
	size_t keep = (size_t)((len + MEMFS_PAGE - 1) / MEMFS_PAGE);

	if (len < vn->size) {
		memfs_free_pages(vn, keep);
		if ((len % MEMFS_PAGE) && keep - 1 < mn->cap && mn->pages[keep - 1])
			fpage_zero(mn->pages[keep - 1], len % MEMFS_PAGE,
				   MEMFS_PAGE - (size_t)(len % MEMFS_PAGE));
	}
	vn->size = len;
	vn->mtime = vn->ctime = vfs_now();
	return 0;
}

static int memfs_setattr(struct vnode *vn, const struct vattr *va)
{
	if (va->mask & VA_SIZE) {
		int err = memfs_truncate_vn(vn, va->size);
		if (err)
			return err;
	}
	vnode_set_attrs(vn, va);
	return 0;
}

/* The page at index idx, allocated if need be; 0 when the mount or the budget is full. */
static fpage_t memfs_page(struct vnode *vn, size_t idx)
{
	struct mnode *mn = MN(vn);
	struct memfs_mount *mm = MM(vn);

	if (idx >= mn->cap) {
		size_t cap = mn->cap ? mn->cap : 4;
		fpage_t *pages;

		while (cap <= idx)
			cap *= 2;
		pages = krealloc(mn->pages, cap * sizeof(*pages));
		if (!pages)
			return 0;
		memset(pages + mn->cap, 0, (cap - mn->cap) * sizeof(*pages));
		mn->pages = pages;
		mn->cap = cap;
	}
	if (!mn->pages[idx] && (mm->pages + 1) * MEMFS_PAGE <= mount_size(mm)) {
		mn->pages[idx] = fpage_alloc();
		if (mn->pages[idx]) {
			vn->blocks += MEMFS_PAGE / 512;
			mm->pages++;
		}
	}
	return mn->pages[idx];
}

/* Moves n bytes of zeros (a hole) to a reader. */
static int zeros_out(size_t n, struct uio *uio)
{
	static const uint8_t zero[MEMFS_PAGE];
	return uiomove((void *)zero, n, uio);
}

static long memfs_read(struct file *f, struct uio *uio)
{
	struct vnode *vn = f->vn;
	struct mnode *mn = MN(vn);
	size_t moved = 0;

	if (uio->offset < 0)
		return -EINVAL;
	while (uio->resid > 0 && uio->offset < vn->size) {
		size_t idx = (size_t)(uio->offset / MEMFS_PAGE);
		size_t in = (size_t)(uio->offset % MEMFS_PAGE);
		size_t n = MIN(MIN((size_t)MEMFS_PAGE - in, uio->resid), (size_t)(vn->size - uio->offset));
		fpage_t page = idx < mn->cap ? mn->pages[idx] : 0;
		size_t before = uio->resid;
		int err = page ? fpage_uiomove(page, in, n, uio) : zeros_out(n, uio);

		moved += before - uio->resid;
		if (err)
			return moved ? (long)moved : err;
	}
	return (long)moved;
}

#define MEMFS_MAX_SIZE ((int64_t)1 << 40)

static long memfs_write(struct file *f, struct uio *uio)
{
	struct vnode *vn = f->vn;
	size_t moved = 0;
	long err = 0;

	if (f->flags & O_APPEND)
		uio->offset = vn->size;
	if (uio->offset < 0)
		return -EINVAL;
	while (uio->resid > 0) {
		size_t idx = (size_t)(uio->offset / MEMFS_PAGE);
		size_t in = (size_t)(uio->offset % MEMFS_PAGE);
		size_t n = MIN((size_t)MEMFS_PAGE - in, uio->resid);
		fpage_t page;

		if (uio->offset >= MEMFS_MAX_SIZE) {
			err = -EFBIG;
			break;
		}
		page = memfs_page(vn, idx);
		if (!page) {
			err = -ENOSPC;
			break;
		}
		size_t before = uio->resid;
		err = fpage_uiomove(page, in, n, uio);
		moved += before - uio->resid;
		if (uio->offset > vn->size)
			vn->size = uio->offset;
		if (err)
			break;
	}
	if (moved) {
		vn->mtime = vn->ctime = vfs_now();
		return (long)moved;
	}
	return err;
}

static int64_t memfs_seek(struct file *f, int64_t off, int whence)
{
	struct vnode *vn = f->vn;
	int64_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->offset; break;
	case SEEK_END: base = vn->size; break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (off < 0 || off >= vn->size)
			return -ENXIO;
		return whence == SEEK_DATA ? off : vn->size;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	return base + off;
}

static int memfs_ftruncate(struct file *f, int64_t len)
{
	return memfs_truncate_vn(f->vn, len);
}

static int memfs_allocate(struct vnode *vn, int mode, int64_t off, int64_t len)
{
	if (off + len > MEMFS_MAX_SIZE)
		return -EFBIG;
	for (int64_t o = off & ~(int64_t)(MEMFS_PAGE - 1); o < off + len; o += MEMFS_PAGE)
		if (!memfs_page(vn, (size_t)(o / MEMFS_PAGE)))
			return -ENOSPC;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && off + len > vn->size)
		vn->size = off + len;
	return 0;
}

static const struct vnode_ops memfs_vops = {
	.lookup = memfs_lookup,
	.create = memfs_create,
	.symlink = memfs_symlink,
	.link = memfs_link,
	.unlink = memfs_unlink,
	.rmdir = memfs_rmdir,
	.rename = memfs_rename,
	.readlink = memfs_readlink,
	.readdir = memfs_readdir,
	.setattr = memfs_setattr,
	.allocate = memfs_allocate,
	.inactive = memfs_inactive,
};

static const struct file_ops memfs_fops = {
	.read = memfs_read,
	.write = memfs_write,
	.seek = memfs_seek,
	.truncate = memfs_ftruncate,
};

/* Unmount: unlink everything below dir, depth first. */
static void memfs_clear(struct vnode *dir)
{
	struct mdirent *e;

	while ((e = MN(dir)->first)) {
		struct vnode *vn = e->vn;

		if (S_ISDIR(vn->mode)) {
			memfs_clear(vn);
			dir->nlink--;
		}
		dir_remove(dir, e, NULL);
		MN(vn)->parent = NULL;
		memfs_unlinked(vn);
	}
}

static void memfs_release(struct mount *m)
{
	memfs_clear(m->root);
	m->root->nlink = 0;
}

/* statfs: the mount's size and inodes, and no more free than the memory budget has. */
static int memfs_statfs(struct mount *m, struct wp_statfs64 *st)
{
	struct memfs_mount *mm = m->priv;
	uint64_t blocks = mount_size(mm) / MEMFS_PAGE;
	uint64_t free_blocks = blocks - MIN(blocks, mm->pages);
	uint64_t budget_free = (membudget_total() - membudget_used()) / MEMFS_PAGE;
	st->f_blocks = blocks;
	st->f_bfree = st->f_bavail = MIN(free_blocks, budget_free);
	st->f_files = mount_inodes(mm);
	st->f_ffree = st->f_files - MIN(st->f_files, mm->nodes);
	return 0;
}

struct mount *memfs_new(const char *source, uint32_t root_mode, uint64_t size)
{
	struct mount *m = mount_alloc("tmpfs", source, 0, TMPFS_MAGIC);
	struct memfs_mount *mm = kzalloc(sizeof *mm);
	struct vnode *root;

	if (!m || !mm)
		goto fail;
	mm->size = size;
	m->priv = mm;
	root = memfs_node(m, S_IFDIR | (root_mode & 07777), 0, 0);
	if (!root)
		goto fail;
	m->root = root;
	m->release = memfs_release;
	m->statfs = memfs_statfs;
	return m;
fail:
	if (m)
		mount_free(m); /* and mm, as its priv */
	else
		kfree(mm);
	return NULL;
}
