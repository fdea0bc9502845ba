/*
 * procfs on /proc: self, <pid>/{stat,status,comm,cmdline,environ,cwd,exe,fd/}, meminfo, mounts,
 * uptime. Vnodes are made per lookup and name (kind, pid, fd); a file's text is generated when
 * it is opened, so one open description reads one consistent snapshot.
 * Processes come from proc.c (proc_find, proc_next); "self" is the looking-up process.
 */
#include "fpage.h"
#include "membudget.h"
#include "vfs.h"
#include "file.h"
#include "fd.h"
#include "proc.h"
#include "uapi/dirent.h"

enum pkind {
	P_ROOT, P_SELF, P_MEMINFO, P_MOUNTS, P_UPTIME,
	P_PID, P_STAT, P_STATUS, P_COMM, P_CMDLINE, P_ENVIRON, P_CWD, P_EXE, P_FDDIR, P_FD,
};

struct pnode {
	enum pkind kind;
	int pid, fd;
};

struct pentry {
	const char *name;
	enum pkind kind;
	uint32_t mode;
};

static const struct pentry root_entries[] = {
	{ "self", P_SELF, S_IFLNK | 0777 },
	{ "meminfo", P_MEMINFO, S_IFREG | 0444 },
	{ "mounts", P_MOUNTS, S_IFREG | 0444 },
	{ "uptime", P_UPTIME, S_IFREG | 0444 },
};

static const struct pentry pid_entries[] = {
	{ "stat", P_STAT, S_IFREG | 0444 },
	{ "status", P_STATUS, S_IFREG | 0444 },
	{ "comm", P_COMM, S_IFREG | 0444 },
	{ "cmdline", P_CMDLINE, S_IFREG | 0444 },
	{ "environ", P_ENVIRON, S_IFREG | 0400 },
	{ "cwd", P_CWD, S_IFLNK | 0777 },
	{ "exe", P_EXE, S_IFLNK | 0777 },
	{ "fd", P_FDDIR, S_IFDIR | 0500 },
};

static const struct vnode_ops procfs_vops;
static const struct file_ops procfs_fops;

#define PN(vn) ((struct pnode *)(vn)->priv)

static struct vnode *pvnode(struct mount *m, enum pkind kind, int pid, int fd, uint32_t mode)
{
	struct vnode *vn = vnode_alloc(m, &procfs_vops, S_ISDIR(mode) ? &vfs_dir_fops : &procfs_fops, mode);
	struct pnode *pn = kmalloc(sizeof(*pn));
	struct proc *p = pid ? proc_find(pid) : NULL;

	if (!vn || !pn) {
		kfree(vn);
		kfree(pn);
		return NULL;
	}
	*pn = (struct pnode){ kind, pid, fd };
	vn->priv = pn;
	vn->ino = ((uint64_t)pid << 16) | ((uint64_t)kind << 12) | (uint64_t)(fd & 0xfff);
	vn->nlink = S_ISDIR(mode) ? 2 : 1;
	if (p) {
		vn->uid = p->cred.euid;
		vn->gid = p->cred.egid;
	}
	return vn;
}

static int parse_int(const char *s)
{
	int v = 0;

	if (!*s || (*s == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int procfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode *d = PN(dir);
	const struct pentry *tab = d->kind == P_ROOT ? root_entries : pid_entries;
	size_t n = d->kind == P_ROOT ? ARRAY_SIZE(root_entries) : ARRAY_SIZE(pid_entries);
	struct vnode *vn = NULL;
	bool found = false;
	int num;

	if (!strcmp(name, "..")) {
		vn = d->kind == P_FDDIR ? pvnode(dir->mnt, P_PID, d->pid, 0, S_IFDIR | 0555)
					: vnode_hold(dir->mnt->root);
		return vn ? (*out = vn, 0) : -ENOMEM;
	}
	if (d->kind == P_FDDIR) {
		struct proc *p = proc_find(d->pid);
		struct file *f;
		num = parse_int(name);
		if (!p || num < 0 || !p->fdt || !(f = fd_get(p, num)))
			return -ENOENT;
		file_drop(f);
		vn = pvnode(dir->mnt, P_FD, d->pid, num, S_IFLNK | 0700);
		return vn ? (*out = vn, 0) : -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name))
			vn = pvnode(dir->mnt, tab[i].kind, d->pid, 0, tab[i].mode), found = true;
	if (!found && d->kind == P_ROOT && (num = parse_int(name)) > 0 && proc_find(num))
		vn = pvnode(dir->mnt, P_PID, num, 0, S_IFDIR | 0555), found = true;
	if (!found)
		return -ENOENT;
	if (!vn)
		return -ENOMEM;
	*out = vn;
	return 0;
}

/* Link targets */

static long copy_target(const char *s, size_t len, char *buf, size_t n)
{
	memcpy(buf, s, MIN(len, n));
	return (long)len;
}

static long procfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	struct pnode *pn = PN(vn);
	struct proc *p = pn->pid ? proc_find(pn->pid) : vfs_current();
	char tmp[32];
	long len;

	if (!p)
		return -ENOENT;
	switch (pn->kind) {
	case P_SELF:
		len = snprintf(tmp, sizeof(tmp), "%d", p->pid);
		return copy_target(tmp, (size_t)len, buf, n);
	case P_EXE:
		return p->exe ? copy_target(p->exe, strlen(p->exe), buf, n) : -ENOENT;
	case P_CWD: {
		char *path = kmalloc(PATH_MAX);
		if (!path)
			return -ENOMEM;
		len = vfs_path(p, p->cwd ? p->cwd : vfs_root(), path, PATH_MAX);
		if (len > 0)
			len = copy_target(path, (size_t)len - 1, buf, n);
		kfree(path);
		return len;
	}
	case P_FD: {
		struct file *f = p->fdt ? fd_get(p, pn->fd) : NULL;
		char *path;
		if (!f)
			return -ENOENT;
		path = kmalloc(PATH_MAX);
		if (!path) {
			file_drop(f);
			return -ENOMEM;
		}
		if (f->vn)
			len = vfs_path(p, f->vn, path, PATH_MAX) - 1;
		else
			len = snprintf(path, PATH_MAX, "anon_inode:[%p]", (void *)f);
		if (len < 0 && f->vn)
			len = snprintf(path, PATH_MAX, "(deleted)");
		len = copy_target(path, (size_t)len, buf, n);
		kfree(path);
		file_drop(f);
		return len;
	}
	default:
		return -EINVAL;
	}
}

/* Directories */

static int procfs_readdir(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx)
{
	struct pnode *d = PN(dir);
	char name[16];
	int64_t pos = 2;

	if (cookie <= 0 && fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (cookie <= 1 && fill(ctx, "..", 2, dir->ino, DT_DIR, 2))
		return 0;
	if (d->kind == P_FDDIR) {
		struct proc *p = proc_find(d->pid);
		int count = p && p->fdt ? fd_count(p) : 0;
		for (int fd = 0; fd < count; fd++, pos++) {
			struct file *f = fd_get(p, fd);
			if (!f)
				continue;
			file_drop(f);
			if (pos < cookie)
				continue;
			size_t len = (size_t)snprintf(name, sizeof(name), "%d", fd);
			if (fill(ctx, name, len, (uint64_t)fd + 1, DT_LNK, pos + 1))
				return 0;
		}
		return 0;
	}
	const struct pentry *tab = d->kind == P_ROOT ? root_entries : pid_entries;
	size_t n = d->kind == P_ROOT ? ARRAY_SIZE(root_entries) : ARRAY_SIZE(pid_entries);
	for (size_t i = 0; i < n; i++, pos++)
		if (pos >= cookie && fill(ctx, tab[i].name, strlen(tab[i].name), 100 + i,
					  vfs_dtype(tab[i].mode), pos + 1))
			return 0;
	if (d->kind != P_ROOT)
		return 0;
	/* processes: the cookie past the fixed entries is 1000 + pid */
	for (struct proc *p = proc_next(cookie > 1000 ? (int)(cookie - 1000) - 1 : 0); p;
	     p = proc_next(p->pid)) {
		size_t len = (size_t)snprintf(name, sizeof(name), "%d", p->pid);
		if (fill(ctx, name, len, (uint64_t)p->pid << 16, DT_DIR, 1000 + p->pid + 1))
			return 0;
	}
	return 0;
}

/* File contents */

struct pbuf {
	char *s;
	size_t len, cap;
};

static void pb_put(struct pbuf *b, const void *p, size_t n)
{
	if (!b->s && b->cap)
		return; /* an earlier allocation failed */
	if (b->len + n + 1 > b->cap) {
		size_t cap = MAX(b->cap * 2, b->len + n + 256);
		char *s = krealloc(b->s, cap);
		if (!s) {
			kfree(b->s);
			b->s = NULL;
			b->cap = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

__attribute__((format(printf, 2, 3))) static void pb_printf(struct pbuf *b, const char *fmt, ...)
{
	char line[256];
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	__builtin_va_end(ap);
	if (n > 0)
		pb_put(b, line, MIN((size_t)n, sizeof(line) - 1));
}

static char state_char(struct proc *p)
{
	return p->state == PROC_ZOMBIE ? 'Z' : 'S';
}

static void gen_pid(struct pbuf *b, enum pkind kind, struct proc *p)
{
	int ppid = p->parent ? p->parent->pid : 0;

	switch (kind) {
	case P_STAT:
		pb_printf(b, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 %d 0 %lld 0 0 ",
			  p->pid, p->comm, state_char(p), ppid, p->pgid, p->sid, p->nthreads,
			  (long long)(p->start_ns / 10000000));
		pb_printf(b, "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
		break;
	case P_STATUS:
		pb_printf(b, "Name:\t%s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", p->comm,
			  state_char(p), p->state == PROC_ZOMBIE ? "zombie" : "sleeping", p->pid,
			  p->pid, ppid);
		pb_printf(b, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", p->cred.uid,
			  p->cred.euid, p->cred.suid, p->cred.euid, p->cred.gid, p->cred.egid,
			  p->cred.sgid, p->cred.egid);
		pb_printf(b, "Umask:\t%04o\nThreads:\t%d\n", p->umask, p->nthreads);
		break;
	case P_COMM:
		pb_printf(b, "%s\n", p->comm);
		break;
	case P_CMDLINE:
		pb_put(b, p->cmdline ? p->cmdline : "", p->cmdline ? p->cmdline_len : 0);
		break;
	case P_ENVIRON:
		pb_put(b, p->environ ? p->environ : "", p->environ ? p->environ_len : 0);
		break;
	default:
		break;
	}
}

static void gen_global(struct pbuf *b, enum pkind kind)
{
	int64_t up = clock_monotonic_ns();

	switch (kind) {
	case P_MEMINFO:
	{
		/* the memory budget (membudget.h); file data is tmpfs's, so Cached and Shmem */
		unsigned long long total = membudget_total() >> 10, used = membudget_used() >> 10;
		unsigned long long files = fpage_bytes() >> 10;
		pb_printf(b, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n",
			  total, total - used, total - used);
		pb_printf(b, "Buffers:        %8u kB\nCached:         %8llu kB\nSwapCached:     %8u kB\n",
			  0u, files, 0u);
		pb_printf(b, "Shmem:          %8llu kB\nSwapTotal:      %8u kB\nSwapFree:       %8u kB\n",
			  files, 0u, 0u);
	}
		break;
	case P_MOUNTS:
		for (struct mount *m = vfs_mounts(); m; m = m->next)
			pb_printf(b, "%s %s %s %s 0 0\n", m->source, m->path ? m->path : "?", m->fstype,
				  (m->flags & MNT_RDONLY) ? "ro" : "rw");
		break;
	case P_UPTIME:
		pb_printf(b, "%lld.%02lld %lld.%02lld\n", (long long)(up / 1000000000),
			  (long long)(up / 10000000 % 100), (long long)(up / 1000000000),
			  (long long)(up / 10000000 % 100));
		break;
	default:
		break;
	}
}

static int procfs_open(struct vnode *vn, struct file *f)
{
	struct pnode *pn = PN(vn);
	struct pbuf *b;

	if (!S_ISREG(vn->mode))
		return 0;
	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	b = kzalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (pn->pid) {
		struct proc *p = proc_find(pn->pid);
		if (!p) {
			kfree(b);
			return -ESRCH;
		}
		gen_pid(b, pn->kind, p);
	} else {
		gen_global(b, pn->kind);
	}
	if (!b->s && b->cap) {
		kfree(b);
		return -ENOMEM;
	}
	f->priv = b;
	return 0;
}

static long procfs_read(struct file *f, struct uio *uio)
{
	struct pbuf *b = f->priv;
	size_t before = uio->resid, n;
	int err;

	if (uio->offset < 0 || (size_t)uio->offset >= b->len)
		return 0;
	n = MIN(uio->resid, b->len - (size_t)uio->offset);
	err = uiomove(b->s + uio->offset, n, uio);
	return before != uio->resid ? (long)(before - uio->resid) : err;
}

static int64_t procfs_seek(struct file *f, int64_t off, int whence)
{
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->offset : -1;

	if (base < 0 || base + off < 0)
		return -EINVAL;
	return base + off;
}

static void procfs_release(struct file *f)
{
	struct pbuf *b = f->priv;

	if (b) {
		kfree(b->s);
		kfree(b);
	}
}

static void procfs_inactive(struct vnode *vn)
{
	kfree(vn->priv);
	vnode_free(vn);
}

static const struct vnode_ops procfs_vops = {
	.lookup = procfs_lookup,
	.readlink = procfs_readlink,
	.readdir = procfs_readdir,
	.open = procfs_open,
	.inactive = procfs_inactive,
};

static const struct file_ops procfs_fops = {
	.read = procfs_read,
	.seek = procfs_seek,
	.release = procfs_release,
};

struct mount *procfs_new(void)
{
	struct mount *m = mount_alloc("proc", "proc", 0, PROC_SUPER_MAGIC);

	if (!m)
		return NULL;
	m->root = pvnode(m, P_ROOT, 0, 0, S_IFDIR | 0555);
	if (!m->root) {
		mount_free(m);
		return NULL;
	}
	m->root->ino = 1;
	return m;
}
