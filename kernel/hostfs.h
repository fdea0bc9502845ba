/*
 * hostfs (Node only): a host directory mounted in the guest's tree, through synchronous host
 * calls made one path component at a time.
 *
 * Confinement: the kernel resolves every path itself — "..", symlinks (read with
 * host_fs_readlink and resolved in the guest's namespace), mount crossings — and hands the
 * host only a relative path of components it has already looked up. The host refuses any
 * path that is absolute or has an empty, "." or ".." component, and never follows a symlink:
 * not in the last component (lstat, O_NOFOLLOW) and not in any earlier one (each must be a
 * real directory).
 *
 * Every import names the mount by the id the host gave it (hostfs_mount) and a path relative
 * to the mount's root ("" is the root itself) as (pointer, length) in kernel memory.
 * Each returns 0 (or a count/handle) or -errno.
 */
#ifndef KERNEL_HOSTFS_H
#define KERNEL_HOSTFS_H

#include "kernel.h"
#include "host.h"
#include "uapi/wp_host.h" /* struct wp_hostfs_stat, wp_hostfs_dirent, HOSTFS_O_* */

/* Registers the host directory at host_path for mounting: its mount id, or -errno. */
HOST_IMPORT(fs_register) int host_fs_register(const char *host_path, size_t len);
HOST_IMPORT(fs_lstat) int host_fs_lstat(int mnt, const char *path, size_t len,
					struct wp_hostfs_stat *st);
/*
 * Directory entries from index start on: packed records {u64 ino; u8 d_type; name; NUL}
 * into buf; returns bytes used (0 at the end), never splitting a record.
 */
HOST_IMPORT(fs_readdir) long host_fs_readdir(int mnt, const char *path, size_t len,
					     uint32_t start, void *buf, size_t size);
/* A host handle for the file (never a directory or symlink), or -errno. */
HOST_IMPORT(fs_open) int host_fs_open(int mnt, const char *path, size_t len, int flags,
				      uint32_t mode);
HOST_IMPORT(fs_close) int host_fs_close(int handle);
HOST_IMPORT(fs_pread) long host_fs_pread(int handle, void *buf, size_t n, int64_t off);
HOST_IMPORT(fs_pwrite) long host_fs_pwrite(int handle, const void *buf, size_t n, int64_t off);
HOST_IMPORT(fs_ftruncate) int host_fs_ftruncate(int handle, int64_t len);
HOST_IMPORT(fs_fsync) int host_fs_fsync(int handle);
HOST_IMPORT(fs_mkdir) int host_fs_mkdir(int mnt, const char *path, size_t len, uint32_t mode);
HOST_IMPORT(fs_unlink) int host_fs_unlink(int mnt, const char *path, size_t len);
HOST_IMPORT(fs_rmdir) int host_fs_rmdir(int mnt, const char *path, size_t len);
HOST_IMPORT(fs_symlink) int host_fs_symlink(int mnt, const char *target, size_t tlen,
					    const char *path, size_t len);
/* The target's full length (bytes beyond size are not stored). */
HOST_IMPORT(fs_readlink) long host_fs_readlink(int mnt, const char *path, size_t len,
					       char *buf, size_t size);
HOST_IMPORT(fs_link) int host_fs_link(int mnt, const char *old, size_t olen, const char *path,
				      size_t len);
HOST_IMPORT(fs_rename) int host_fs_rename(int mnt, const char *old, size_t olen,
					  const char *path, size_t len);
HOST_IMPORT(fs_chmod) int host_fs_chmod(int mnt, const char *path, size_t len, uint32_t mode);
HOST_IMPORT(fs_utimes) int host_fs_utimes(int mnt, const char *path, size_t len,
					  int64_t atime_ns, int64_t mtime_ns);
HOST_IMPORT(fs_truncate) int host_fs_truncate(int mnt, const char *path, size_t len,
					      int64_t size);

/*
 * Mounts the host directory the host registered as host_id on guest_path (an existing
 * directory), read-only when ro. 0 or -errno (ENOENT/ENOTDIR for guest_path; what
 * host_fs_lstat of the root says).
 */
int hostfs_mount(const char *guest_path, int host_id, bool ro);

/*
 * The export behind the embedding API's mounts: guest and host are NUL-terminated paths in
 * kernel memory; flags bit 0 asks for read-only. 0 or -errno.
 */
int kernel_mount_host(uint32_t guest, uint32_t host, uint32_t flags);

#endif
