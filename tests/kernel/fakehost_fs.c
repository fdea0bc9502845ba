/*
 * The fake host's hostfs imports over real directories, with the rules hostfs.ts keeps:
 * handles are host descriptors (a directory's opened O_NOFOLLOW from its parent's), every
 * call names one component in a held directory (never "", ".", "..", nor a '/' or NUL), and
 * nothing is followed. Handles are counted so tests can check none leak.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"
#include "hostfs.h"

static int live;    /* handles given out and not yet closed */
static long calls;  /* host calls that name a component */

int fakehost_fs_live(void) { return live; }
long fakehost_fs_calls(void) { return calls; }

static int given(int fd)
{
	if (fd < 0)
		return -errno;
	live++;
	return fd;
}

int fakehost_fs_register(const char *dir)
{
	int fd = given(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));

	if (fd < 0)
		abort();
	return fd;
}

int host_fs_register(const char *path, size_t len)
{
	char p[4096];

	if (len >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, len);
	p[len] = 0;
	return given(open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

/* name as a C string in out, or -EACCES for what may not name one entry (len 0: empty_ok). */
static int one_name(const char *name, size_t len, char *out, bool empty_ok)
{
	if (len == 0 && empty_ok) {
		strcpy(out, "");
		return 0;
	}
	if (len == 0 || len > 255 || memchr(name, '/', len) || memchr(name, 0, len))
		return -EACCES;
	memcpy(out, name, len);
	out[len] = 0;
	return strcmp(out, ".") && strcmp(out, "..") ? 0 : -EACCES;
}

#define NAME(var, name, len, empty_ok)                          \
	char var[256];                                          \
	calls++;                                                \
	do {                                                    \
		int e_ = one_name(name, len, var, empty_ok);    \
		if (e_)                                         \
			return e_;                              \
	} while (0)

static int res(int r) { return r < 0 ? -errno : r; }

static void to_wp(const struct stat *st, struct wp_hostfs_stat *out)
{
	*out = (struct wp_hostfs_stat){
		.ino = st->st_ino, .mode = st->st_mode, .nlink = (uint32_t)st->st_nlink,
		.uid = st->st_uid, .gid = st->st_gid, .size = st->st_size, .blocks = st->st_blocks,
		.atime_ns = st->st_atim.tv_sec * 1000000000LL + st->st_atim.tv_nsec,
		.mtime_ns = st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
		.ctime_ns = st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec,
	};
}

int host_fs_lookup(int dir, const char *name, size_t len, struct wp_hostfs_stat *out)
{
	struct stat st;
	NAME(n, name, len, false);
	int fd = openat(dir, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0) {
		fstat(fd, &st);
		to_wp(&st, out);
		return given(fd);
	}
	if (errno != ENOTDIR && errno != ELOOP)
		return -errno;
	if (fstatat(dir, n, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EAGAIN; /* swapped meanwhile: hostfs.ts retries, the fake need not */
	to_wp(&st, out);
	return 0;
}

int host_fs_fstat(int h, struct wp_hostfs_stat *out)
{
	struct stat st;

	if (fstat(h, &st))
		return -errno;
	to_wp(&st, out);
	return 0;
}

int host_fs_lstat(int dir, const char *name, size_t len, struct wp_hostfs_stat *out)
{
	struct stat st;
	NAME(n, name, len, false);

	if (fstatat(dir, n, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	to_wp(&st, out);
	return 0;
}

long host_fs_readdir(int dir, uint32_t start, void *buf, size_t size)
{
	int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	uint32_t index = 0;
	size_t used = 0;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	while ((e = readdir(d))) {
		size_t nlen = strlen(e->d_name);
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (index++ < start)
			continue;
		const size_t hdr = sizeof(struct wp_hostfs_dirent);
		if (used + hdr + nlen + 1 > size)
			break;
		uint64_t ino = e->d_ino;
		memcpy((char *)buf + used + offsetof(struct wp_hostfs_dirent, ino), &ino, sizeof ino);
		((char *)buf)[used + offsetof(struct wp_hostfs_dirent, type)] = (char)e->d_type;
		memcpy((char *)buf + used + hdr, e->d_name, nlen + 1);
		used += hdr + nlen + 1;
	}
	closedir(d);
	return (long)used;
}

int host_fs_open(int dir, const char *name, size_t len, int flags, uint32_t mode)
{
	NAME(n, name, len, false);
	int hflags = (flags & 3) | ((flags & HOSTFS_O_CREAT) ? O_CREAT : 0) |
		     ((flags & HOSTFS_O_EXCL) ? O_EXCL : 0) | ((flags & HOSTFS_O_TRUNC) ? O_TRUNC : 0) |
		     ((flags & HOSTFS_O_FIFO) ? O_NONBLOCK : 0);
	int fd = openat(dir, n, hflags | O_NOFOLLOW | O_CLOEXEC, mode);
	struct stat st;
	bool fifo = flags & HOSTFS_O_FIFO;

	if (fd >= 0 && (fstat(fd, &st) || !(fifo ? S_ISFIFO(st.st_mode) : S_ISREG(st.st_mode)))) {
		close(fd);
		return -EISDIR;
	}
	return given(fd);
}

int host_fs_close(int h)
{
	live--;
	return close(h) ? -errno : 0;
}

long host_fs_pread(int h, void *buf, size_t n, int64_t off)
{
	return off < 0 ? res((int)read(h, buf, n)) : res((int)pread(h, buf, n, off));
}

long host_fs_pwrite(int h, const void *buf, size_t n, int64_t off)
{
	return off < 0 ? res((int)write(h, buf, n)) : res((int)pwrite(h, buf, n, off));
}

int host_fs_ftruncate(int h, int64_t len) { return res(ftruncate(h, len)); }
int host_fs_fsync(int h) { return res(fsync(h)); }

int host_fs_mkdir(int dir, const char *name, size_t len, uint32_t mode)
{
	NAME(n, name, len, false);
	return res(mkdirat(dir, n, mode));
}

int host_fs_unlink(int dir, const char *name, size_t len)
{
	NAME(n, name, len, false);
	return res(unlinkat(dir, n, 0));
}

int host_fs_rmdir(int dir, const char *name, size_t len)
{
	NAME(n, name, len, false);
	return res(unlinkat(dir, n, AT_REMOVEDIR));
}

int host_fs_symlink(const char *target, size_t tlen, int dir, const char *name, size_t len)
{
	char t[4096];
	NAME(n, name, len, false);

	if (tlen >= sizeof(t))
		return -ENAMETOOLONG;
	memcpy(t, target, tlen);
	t[tlen] = 0;
	return res(symlinkat(t, dir, n));
}

long host_fs_readlink(int dir, const char *name, size_t len, char *buf, size_t size)
{
	char t[4096];
	NAME(n, name, len, false);
	long r = readlinkat(dir, n, t, sizeof(t));

	if (r >= 0)
		memcpy(buf, t, MIN((size_t)r, size));
	return r < 0 ? -errno : r;
}

int host_fs_link(int odir, const char *oname, size_t olen, int dir, const char *name, size_t len)
{
	NAME(o, oname, olen, false);
	NAME(n, name, len, false);
	return res(linkat(odir, o, dir, n, 0));
}

int host_fs_rename(int odir, const char *oname, size_t olen, int dir, const char *name, size_t len)
{
	NAME(o, oname, olen, false);
	NAME(n, name, len, false);
	return res(renameat(odir, o, dir, n));
}

/* A descriptor for name in dir not followed (dir itself for ""), refusing symlinks. */
static int pin(int dir, const char *n)
{
	struct stat st;
	int fd = openat(dir, *n ? n : ".", O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || S_ISLNK(st.st_mode)) {
		close(fd);
		return -ELOOP;
	}
	return fd;
}

int host_fs_chmod(int dir, const char *name, size_t len, uint32_t mode)
{
	char proc[64];
	NAME(n, name, len, true);
	int fd = pin(dir, n), r;

	if (fd < 0)
		return fd;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	r = res(chmod(proc, mode));
	close(fd);
	return r;
}

int host_fs_utimes(int dir, const char *name, size_t len, int64_t atime_ns, int64_t mtime_ns)
{
	struct timespec ts[2] = { { atime_ns / 1000000000, atime_ns % 1000000000 },
				  { mtime_ns / 1000000000, mtime_ns % 1000000000 } };
	NAME(n, name, len, true);

	return res(utimensat(dir, *n ? n : ".", ts, AT_SYMLINK_NOFOLLOW));
}

int host_fs_truncate(int dir, const char *name, size_t len, int64_t size)
{
	NAME(n, name, len, false);
	int fd = openat(dir, n, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), r;
	struct stat st;

	if (fd < 0)
		return -errno;
	r = fstat(fd, &st) ? -errno : S_ISREG(st.st_mode) ? res(ftruncate(fd, size)) : -EINVAL;
	close(fd);
	return r;
}
