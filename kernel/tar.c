/*
 * tar images (tar.h): 512-byte headers, each followed by its data rounded up to 512 bytes;
 * the image ends at two zero blocks or at its end. Checksums are verified.
 */
#include "tar.h"
#include "vfs.h"
#include "file.h"
#include "proc.h"
#include "sysfile.h"

#define TAR_BLOCK 512

struct tar_entry {
	char *path;          /* owned */
	char *link;          /* owned */
	uint32_t mode, uid, gid;
	int64_t size, mtime; /* mtime in seconds */
	uint32_t devmajor, devminor;
	char type;
};

static uint64_t octal(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n && ((unsigned char)s[0] & 0x80)) { /* GNU base-256 */
		v = (unsigned char)s[0] & 0x7f;
		for (i = 1; i < n; i++)
			v = (v << 8) | (unsigned char)s[i];
		return v;
	}
	while (i < n && s[i] == ' ')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '7'; i++)
		v = v * 8 + (uint64_t)(s[i] - '0');
	return v;
}

static bool header_ok(const unsigned char *h)
{
	uint64_t sum = 0;

	for (int i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == octal((const char *)h + 148, 8);
}

static bool zero_block(const unsigned char *h)
{
	for (int i = 0; i < TAR_BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

static char *strndup_k(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = kmalloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = 0;
	}
	return d;
}

/* Applies one pax record block to e (path, linkpath, size, uid, gid, mtime). */
static int pax_apply(struct tar_entry *e, const char *p, size_t len)
{
	const char *end = p + len;

	while (p < end) {
		size_t reclen = 0;
		const char *q = p, *key, *eq, *val, *rend;

		while (q < end && *q >= '0' && *q <= '9')
			reclen = reclen * 10 + (size_t)(*q++ - '0');
		if (q >= end || *q != ' ' || reclen == 0 || reclen > (size_t)(end - p))
			return -EINVAL;
		key = q + 1;
		rend = p + reclen - 1; /* the '\n' */
		for (eq = key; eq < rend && *eq != '='; eq++)
			;
		if (eq >= rend)
			return -EINVAL;
		val = eq + 1;
		size_t klen = (size_t)(eq - key), vlen = (size_t)(rend - val);
		char **slot = NULL;
		if (klen == 4 && !memcmp(key, "path", 4))
			slot = &e->path;
		else if (klen == 8 && !memcmp(key, "linkpath", 8))
			slot = &e->link;
		if (slot) {
			kfree(*slot);
			*slot = strndup_k(val, vlen);
			if (!*slot)
				return -ENOMEM;
		} else {
			int64_t v = 0;
			for (const char *c = val; c < rend && *c >= '0' && *c <= '9'; c++)
				v = v * 10 + (*c - '0');
			if (klen == 4 && !memcmp(key, "size", 4))
				e->size = v;
			else if (klen == 3 && !memcmp(key, "uid", 3))
				e->uid = (uint32_t)v;
			else if (klen == 3 && !memcmp(key, "gid", 3))
				e->gid = (uint32_t)v;
			else if (klen == 5 && !memcmp(key, "mtime", 5))
				e->mtime = v;
		}
		p += reclen;
	}
	return 0;
}

static void entry_clear(struct tar_entry *e)
{
	kfree(e->path);
	kfree(e->link);
	memset(e, 0, sizeof(*e));
}

/* Fills e from a ustar header, keeping what pax or GNU records set before it. */
static int entry_from_header(struct tar_entry *e, const unsigned char *h, bool have_size)
{
	const char *c = (const char *)h;

	if (!e->path) {
		char buf[256];
		size_t plen = strnlen(c + 345, 155), nlen = strnlen(c, 100), n = 0;
		if (!memcmp(c + 257, "ustar", 5) && plen) {
			memcpy(buf, c + 345, plen);
			buf[plen] = '/';
			n = plen + 1;
		}
		memcpy(buf + n, c, nlen);
		e->path = strndup_k(buf, n + nlen);
		if (!e->path)
			return -ENOMEM;
	}
	if (!e->link && !(e->link = strndup_k(c + 157, 100)))
		return -ENOMEM;
	e->mode = (uint32_t)octal(c + 100, 8) & 07777;
	if (!e->uid)
		e->uid = (uint32_t)octal(c + 108, 8);
	if (!e->gid)
		e->gid = (uint32_t)octal(c + 116, 8);
	if (!have_size)
		e->size = (int64_t)octal(c + 124, 12);
	if (!e->mtime)
		e->mtime = (int64_t)octal(c + 136, 12);
	e->type = c[156] ? c[156] : '0';
	e->devmajor = (uint32_t)octal(c + 329, 8);
	e->devminor = (uint32_t)octal(c + 337, 8);
	return 0;
}

/* The image's path as a VFS path relative to the unpack directory ("" for the top). */
static const char *rel_path(const char *p)
{
	for (;;) {
		while (*p == '/')
			p++;
		if (p[0] == '.' && (p[1] == '/' || !p[1]))
			p++;
		else
			return p;
	}
}

/* mkdir -p of path's parent directories. */
static int make_parents(struct proc *kp, struct vnode *dir, char *path)
{
	for (char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		int err;
		*s = 0;
		err = path[0] ? vfs_mkdir(kp, dir, path, 0755) : 0;
		*s = '/';
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

static int entry_attrs(struct proc *kp, struct vnode *dir, const struct tar_entry *e,
		       const char *path)
{
	struct vattr va = { .mask = VA_UID | VA_GID | VA_MTIME | VA_ATIME, .uid = e->uid,
			    .gid = e->gid, .mtime = e->mtime * 1000000000,
			    .atime = e->mtime * 1000000000 };
	struct vnode *vn;
	int err = vfs_lookup(kp, dir, path, 0, &vn);

	if (err)
		return err;
	if (!S_ISLNK(vn->mode)) {
		va.mask |= VA_MODE;
		va.mode = e->mode;
	}
	err = vn->ops->setattr ? vn->ops->setattr(vn, &va) : 0;
	vnode_drop(vn);
	return err;
}

static int write_file(struct proc *kp, struct vnode *dir, const char *path,
		      const unsigned char *data, int64_t size)
{
	struct file *f;
	int err = vfs_open(kp, dir, path, O_WRONLY | O_CREAT | O_TRUNC, 0600, &f);
	int64_t done = 0;

	if (err)
		return err;
	while (done < size) {
		long n = kern_file_io(f, (void *)(data + done), (size_t)MIN(size - done, 1 << 20),
				      done, UIO_WRITE);
		if (n <= 0) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
		done += n;
	}
	file_drop(f);
	return err;
}

static int entry_make(struct proc *kp, struct vnode *dir, struct tar_entry *e,
		      const unsigned char *data)
{
	char *path = (char *)rel_path(e->path);
	size_t len = strlen(path);
	int err;

	while (len && path[len - 1] == '/')
		path[--len] = 0;
	if (!len)
		return e->type == '5' ? 0 : -EINVAL;
	err = make_parents(kp, dir, path);
	if (err)
		return err;
	switch (e->type) {
	case '0': case '7':
		err = write_file(kp, dir, path, data, e->size);
		break;
	case '5':
		err = vfs_mkdir(kp, dir, path, e->mode);
		if (err == -EEXIST)
			err = 0;
		break;
	case '2':
		err = vfs_symlink(kp, e->link, dir, path);
		break;
	case '1':
		return vfs_link(kp, dir, rel_path(e->link), dir, path, 0);
	case '3': case '4': case '6':
		err = vfs_mknod(kp, dir, path, (e->type == '3' ? S_IFCHR : e->type == '4' ? S_IFBLK : S_IFIFO) | e->mode,
				WP_MKDEV(e->devmajor, e->devminor));
		break;
	default:
		return 0; /* unknown kinds are skipped, as tar does with a warning */
	}
	return err ? err : entry_attrs(kp, dir, e, path);
}

int tar_unpack(struct vnode *dir, const void *image, size_t len)
{
	const unsigned char *img = image;
	struct proc kp = { .pid = 0 };
	struct tar_entry e = { 0 };
	bool have_size = false;
	size_t off = 0;
	int err = 0;

	while (!err && off + TAR_BLOCK <= len) {
		const unsigned char *h = img + off;
		int64_t size;

		if (zero_block(h))
			break;
		if (!header_ok(h)) {
			err = -EINVAL;
			break;
		}
		size = have_size ? e.size : (int64_t)octal((const char *)h + 124, 12);
		if (size < 0 || (uint64_t)size > len - off - TAR_BLOCK) {
			err = -EINVAL;
			break;
		}
		switch (h[156]) {
		case 'x':
			err = pax_apply(&e, (const char *)h + TAR_BLOCK, (size_t)size);
			have_size = have_size || e.size;
			break;
		case 'g':
			break;
		case 'L':
		case 'K': {
			char **slot = h[156] == 'L' ? &e.path : &e.link;
			kfree(*slot);
			*slot = strndup_k((const char *)h + TAR_BLOCK, (size_t)size);
			err = *slot ? 0 : -ENOMEM;
			break;
		}
		default:
			err = entry_from_header(&e, h, have_size);
			if (!err)
				err = entry_make(&kp, dir, &e, h + TAR_BLOCK);
			if (e.type == '1' || e.type == '2' || e.type == '3' || e.type == '4' ||
			    e.type == '5' || e.type == '6')
				size = 0;
			entry_clear(&e);
			have_size = false;
		}
		off += TAR_BLOCK + (((size_t)size + TAR_BLOCK - 1) & ~(size_t)(TAR_BLOCK - 1));
	}
	entry_clear(&e);
	return err;
}
