/*
 * The fake host's hostfs imports over real directories, with the rules hostfs.ts keeps:
 * relative paths only, no empty/"."/".." components, and no symlink followed anywhere
 * (here enforced by walking components with O_NOFOLLOW|O_DIRECTORY and *at calls).
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

static int roots[16];
static int nroots;

int fakehost_fs_register(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || nroots == 16)
		abort();
	roots[nroots] = fd;
	return nroots++;
}

int host_fs_register(const char *path, size_t len)
{
	char p[4096];

	if (len >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, path, len);
	p[len] = 0;
	int fd = open(p, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -errno;
	if (nroots == 16) {
		close(fd);
		return -ENOMEM;
	}
	roots[nroots] = fd;
	return nroots++;
}

void fakehost_fs_reset(void)
{
	for (int i = 0; i < nroots; i++)
		close(roots[i]);
	nroots = 0;
}

/* Opens the directory holding path's last component; *name gets that component ("." for ""). */
static int parent_of(int mnt, const char *path, size_t len, char *name)
{
	char comp[256];
	int dfd;
	size_t i = 0;

	if (mnt < 0 || mnt >= nroots)
		return -EBADF;
	if (len && path[0] == '/')
		return -EACCES;
	dfd = dup(roots[mnt]);
	if (!len) {
		strcpy(name, ".");
		return dfd;
	}
	for (;;) {
		size_t j = i;
		while (j < len && path[j] != '/')
			j++;
		if (j == i || j - i > 255) {
			close(dfd);
			return -EACCES;
		}
		memcpy(comp, path + i, j - i);
		comp[j - i] = 0;
		if (!strcmp(comp, ".") || !strcmp(comp, "..")) {
			close(dfd);
			return -EACCES;
		}
		if (j == len) {
			strcpy(name, comp);
			return dfd;
		}
		int next = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		int e = errno;
		close(dfd);
		if (next < 0)
			return e == ELOOP ? -ENOTDIR : -e;
		dfd = next;
		i = j + 1;
	}
}

#define WITH_PARENT(mnt, path, len)                     \
	char name[256];                                 \
	int dfd = parent_of(mnt, path, len, name);      \
	if (dfd < 0)                                    \
		return dfd

static int done(int dfd, int r)
{
	int e = errno;

	close(dfd);
	return r < 0 ? -e : r;
}

int host_fs_lstat(int mnt, const char *path, size_t len, struct wp_hostfs_stat *out)
{
	struct stat st;
	WITH_PARENT(mnt, path, len);
	int r = fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW);

	if (!r) {
		*out = (struct wp_hostfs_stat){
			.ino = st.st_ino, .mode = st.st_mode, .nlink = (uint32_t)st.st_nlink,
			.uid = st.st_uid, .gid = st.st_gid, .size = st.st_size, .blocks = st.st_blocks,
			.atime_ns = st.st_atim.tv_sec * 1000000000LL + st.st_atim.tv_nsec,
			.mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
			.ctime_ns = st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec,
		};
	}
	return done(dfd, r);
}

long host_fs_readdir(int mnt, const char *path, size_t len, uint32_t start, void *buf, size_t size)
{
	WITH_PARENT(mnt, path, len);
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	DIR *d;
	struct dirent *e;
	uint32_t index = 0;
	size_t used = 0;

	close(dfd);
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

int host_fs_open(int mnt, const char *path, size_t len, int flags, uint32_t mode)
{
	WITH_PARENT(mnt, path, len);
	int hflags = (flags & 3) | ((flags & HOSTFS_O_CREAT) ? O_CREAT : 0) |
		     ((flags & HOSTFS_O_EXCL) ? O_EXCL : 0) | ((flags & HOSTFS_O_TRUNC) ? O_TRUNC : 0);
	int fd = openat(dfd, name, hflags | O_NOFOLLOW | O_CLOEXEC, mode);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		close(dfd);
		return -EISDIR;
	}
	return done(dfd, fd);
}

int host_fs_close(int h) { return close(h) ? -errno : 0; }
long host_fs_pread(int h, void *buf, size_t n, int64_t off) { long r = pread(h, buf, n, off); return r < 0 ? -errno : r; }
long host_fs_pwrite(int h, const void *buf, size_t n, int64_t off) { long r = pwrite(h, buf, n, off); return r < 0 ? -errno : r; }
int host_fs_ftruncate(int h, int64_t len) { return ftruncate(h, len) ? -errno : 0; }
int host_fs_fsync(int h) { return fsync(h) ? -errno : 0; }

int host_fs_mkdir(int mnt, const char *path, size_t len, uint32_t mode)
{
	WITH_PARENT(mnt, path, len);
	return done(dfd, mkdirat(dfd, name, mode));
}

int host_fs_unlink(int mnt, const char *path, size_t len)
{
	WITH_PARENT(mnt, path, len);
	return done(dfd, unlinkat(dfd, name, 0));
}

int host_fs_rmdir(int mnt, const char *path, size_t len)
{
	WITH_PARENT(mnt, path, len);
	return done(dfd, unlinkat(dfd, name, AT_REMOVEDIR));
}

int host_fs_symlink(int mnt, const char *target, size_t tlen, const char *path, size_t len)
{
	char t[4096];
	WITH_PARENT(mnt, path, len);

	if (tlen >= sizeof(t))
		return done(dfd, (errno = ENAMETOOLONG, -1));
	memcpy(t, target, tlen);
	t[tlen] = 0;
	return done(dfd, symlinkat(t, dfd, name));
}

long host_fs_readlink(int mnt, const char *path, size_t len, char *buf, size_t size)
{
	char t[4096];
	WITH_PARENT(mnt, path, len);
	long n = readlinkat(dfd, name, t, sizeof(t));

	if (n >= 0)
		memcpy(buf, t, MIN((size_t)n, size));
	return done(dfd, (int)n);
}

int host_fs_link(int mnt, const char *old, size_t olen, const char *path, size_t len)
{
	char oname[256];
	int ofd = parent_of(mnt, old, olen, oname), r;
	WITH_PARENT(mnt, path, len);

	if (ofd < 0) {
		close(dfd);
		return ofd;
	}
	r = linkat(ofd, oname, dfd, name, 0);
	close(ofd);
	return done(dfd, r);
}

int host_fs_rename(int mnt, const char *old, size_t olen, const char *path, size_t len)
{
	char oname[256];
	int ofd = parent_of(mnt, old, olen, oname), r;
	WITH_PARENT(mnt, path, len);

	if (ofd < 0) {
		close(dfd);
		return ofd;
	}
	r = renameat(ofd, oname, dfd, name);
	close(ofd);
	return done(dfd, r);
}

int host_fs_chmod(int mnt, const char *path, size_t len, uint32_t mode)
{
	struct stat st;
	WITH_PARENT(mnt, path, len);

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) || S_ISLNK(st.st_mode))
		return done(dfd, (errno = errno ? errno : ELOOP, -1));
	return done(dfd, fchmodat(dfd, name, mode, 0));
}

int host_fs_utimes(int mnt, const char *path, size_t len, int64_t atime_ns, int64_t mtime_ns)
{
	struct timespec ts[2] = { { atime_ns / 1000000000, atime_ns % 1000000000 },
				  { mtime_ns / 1000000000, mtime_ns % 1000000000 } };
	WITH_PARENT(mnt, path, len);
	return done(dfd, utimensat(dfd, name, ts, AT_SYMLINK_NOFOLLOW));
}

int host_fs_truncate(int mnt, const char *path, size_t len, int64_t size)
{
	WITH_PARENT(mnt, path, len);
	int fd = openat(dfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC), r;

	if (fd < 0)
		return done(dfd, -1);
	r = ftruncate(fd, size);
	close(fd);
	return done(dfd, r);
}
