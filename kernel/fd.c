/*
 * File descriptor tables (fd.h). Slots grow by doubling up to the process's RLIMIT_NOFILE.
 */
#include "fd.h"
#include "file.h"
#include "proc.h"

#define FDT_INITIAL 16

struct fdtable *fdtable_new(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->refs = 1;
	return t;
}

static int fdtable_grow(struct fdtable *t, int want)
{
	int size = t->size ? t->size : FDT_INITIAL;
	struct file **files;
	uint8_t *cloexec;

	while (size < want)
		size *= 2;
	files = kzalloc(size * sizeof(*files));
	cloexec = kzalloc(size);
	if (!files || !cloexec) {
		kfree(files);
		kfree(cloexec);
		return -ENOMEM;
	}
	if (t->size) {
		memcpy(files, t->files, t->size * sizeof(*files));
		memcpy(cloexec, t->cloexec, t->size);
	}
	kfree(t->files);
	kfree(t->cloexec);
	t->files = files;
	t->cloexec = cloexec;
	t->size = size;
	return 0;
}

struct fdtable *fdtable_copy(struct proc *p, const struct fdtable *src)
{
	struct fdtable *t = fdtable_new();

	(void)p;
	if (!t)
		return NULL;
	if (src->size && fdtable_grow(t, src->size)) {
		kfree(t);
		return NULL;
	}
	for (int i = 0; i < src->size; i++) {
		if (src->files[i])
			t->files[i] = file_hold(src->files[i]);
		t->cloexec[i] = src->cloexec[i];
	}
	t->lowest_free = src->lowest_free;
	return t;
}

static void fd_clear(struct proc *p, struct fdtable *t, int fd)
{
	struct file *f = t->files[fd];

	t->files[fd] = NULL;
	t->cloexec[fd] = 0;
	if (fd < t->lowest_free)
		t->lowest_free = fd;
	if (f->vn)
		lock_release_posix(p, f);
	file_drop(f);
}

void fdtable_drop(struct proc *p, struct fdtable *t)
{
	if (!t || --t->refs > 0)
		return;
	for (int i = 0; i < t->size; i++)
		if (t->files[i])
			fd_clear(p, t, i);
	kfree(t->files);
	kfree(t->cloexec);
	kfree(t);
}

void fdtable_close_on_exec(struct proc *p, struct fdtable *t)
{
	for (int i = 0; i < t->size; i++)
		if (t->files[i] && t->cloexec[i])
			fd_clear(p, t, i);
}

int fd_limit(struct proc *p)
{
	uint64_t lim = p->rlim[RLIMIT_NOFILE].cur;

	return lim > FD_HARD_MAX ? FD_HARD_MAX : (int)lim;
}

static void fd_install(struct fdtable *t, int fd, struct file *f, bool cloexec)
{
	t->files[fd] = f;
	t->cloexec[fd] = cloexec;
	if (fd == t->lowest_free)
		while (t->lowest_free < t->size && t->files[t->lowest_free])
			t->lowest_free++;
}

int fd_alloc(struct proc *p, int minfd, struct file *f, bool cloexec)
{
	struct fdtable *t = p->fdt;
	int limit = fd_limit(p);
	int fd;

	if (minfd < 0)
		return -EINVAL;
	if (minfd >= limit)
		return -EINVAL;
	fd = MAX(minfd, t->lowest_free);
	while (fd < t->size && t->files[fd])
		fd++;
	if (fd >= limit)
		return -EMFILE;
	if (fd >= t->size && fdtable_grow(t, fd + 1))
		return -ENOMEM;
	fd_install(t, fd, f, cloexec);
	return fd;
}

int fd_alloc_new(struct proc *p, struct file *f, bool cloexec)
{
	int fd = fd_alloc(p, 0, f, cloexec);
	if (fd < 0)
		file_drop(f);
	return fd;
}

int fd_reserve(struct proc *p)
{
	struct fdtable *t = p->fdt;
	int fd = t->lowest_free;

	while (fd < t->size && t->files[fd])
		fd++;
	if (fd >= fd_limit(p))
		return -EMFILE;
	if (fd >= t->size && fdtable_grow(t, fd + 1))
		return -ENOMEM;
	return fd;
}

struct file *fd_get(struct proc *p, int fd)
{
	struct fdtable *t = p->fdt;

	if (fd < 0 || fd >= t->size || !t->files[fd])
		return NULL;
	return file_hold(t->files[fd]);
}

int fd_close(struct proc *p, int fd)
{
	struct fdtable *t = p->fdt;

	if (fd < 0 || fd >= t->size || !t->files[fd])
		return -EBADF;
	fd_clear(p, t, fd);
	return 0;
}

int fd_dup3(struct proc *p, int oldfd, int newfd, bool cloexec)
{
	struct fdtable *t = p->fdt;
	struct file *f = fd_get(p, oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= fd_limit(p)) {
		file_drop(f);
		return -EBADF;
	}
	if (newfd >= t->size && fdtable_grow(t, newfd + 1)) {
		file_drop(f);
		return -ENOMEM;
	}
	if (t->files[newfd])
		fd_clear(p, t, newfd);
	fd_install(t, newfd, f, cloexec);
	return newfd;
}

int fd_get_cloexec(struct proc *p, int fd)
{
	struct fdtable *t = p->fdt;

	if (fd < 0 || fd >= t->size || !t->files[fd])
		return -EBADF;
	return t->cloexec[fd];
}

int fd_set_cloexec(struct proc *p, int fd, bool on)
{
	struct fdtable *t = p->fdt;

	if (fd < 0 || fd >= t->size || !t->files[fd])
		return -EBADF;
	t->cloexec[fd] = on;
	return 0;
}

int fd_count(struct proc *p)
{
	struct fdtable *t = p->fdt;
	int n = t->size;

	while (n > 0 && !t->files[n - 1])
		n--;
	return n;
}
