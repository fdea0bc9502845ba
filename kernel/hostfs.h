/*
 * hostfs (Node on Linux only): a host directory mounted in the guest's tree, through
 * synchronous host calls that each name one component inside one host directory.
 *
 * Confinement by construction: every host directory the guest reaches is held by the host as
 * a descriptor (a handle here), opened from its parent's descriptor with O_NOFOLLOW, and every
 * call names at most one component in such a directory — never "", ".", "..", nor anything
 * with a '/' or NUL (the host refuses those with EACCES). The last component is never
 * followed (lstat, O_NOFOLLOW, link/rename/unlink semantics). So no host path is ever
 * re-walked: a host-side rename or symlink swap can change what a name means, but not make it
 * name anything outside the directory it is looked up in. The kernel resolves "..", symlinks
 * (read with host_fs_readlink, followed in the guest's namespace) and mount crossings itself.
 *
 * Names are bytes (any byte but '/' and NUL), passed as (pointer, length) in kernel memory;
 * length 0 means the directory itself where a call says so. Each returns 0 (or a
 * count/handle) or -errno.
 */
#ifndef KERNEL_HOSTFS_H
#define KERNEL_HOSTFS_H

#include "kernel.h"
#include "host.h"
#include "uapi/wp_host.h" /* struct wp_hostfs_stat, wp_hostfs_dirent, HOSTFS_O_* */

/* Opens the host directory at host_path: the handle of the mount's root, or -errno. */
HOST_IMPORT(fs_register) int host_fs_register(const char *host_path, size_t len);
/*
 * name in directory dir, not followed: fills st; returns a new handle for it when it is a
 * directory (the caller closes it with host_fs_close), 0 when it is anything else.
 */
HOST_IMPORT(fs_lookup) int host_fs_lookup(int dir, const char *name, size_t len,
					  struct wp_hostfs_stat *st);
/* Attributes of what handle h (a directory or an open file) holds. */
HOST_IMPORT(fs_fstat) int host_fs_fstat(int h, struct wp_hostfs_stat *st);
/* Attributes of name in dir, not followed. */
HOST_IMPORT(fs_lstat) int host_fs_lstat(int dir, const char *name, size_t len,
					struct wp_hostfs_stat *st);
/*
 * Entries of directory dir from index start on: packed records {u64 ino; u8 d_type; name; NUL}
 * into buf; returns bytes used (0 at the end), never splitting a record.
 */
HOST_IMPORT(fs_readdir) long host_fs_readdir(int dir, uint32_t start, void *buf, size_t size);
/* A handle for the regular file (or FIFO, with HOSTFS_O_FIFO) name in dir, or -errno. */
HOST_IMPORT(fs_open) int host_fs_open(int dir, const char *name, size_t len, int flags,
				      uint32_t mode);
/* Closes a file or directory handle. */
HOST_IMPORT(fs_close) int host_fs_close(int handle);
/* off -1: at the descriptor's own position (FIFOs); -EAGAIN when a FIFO has nothing now. */
HOST_IMPORT(fs_pread) long host_fs_pread(int handle, void *buf, size_t n, int64_t off);
HOST_IMPORT(fs_pwrite) long host_fs_pwrite(int handle, const void *buf, size_t n, int64_t off);
HOST_IMPORT(fs_ftruncate) int host_fs_ftruncate(int handle, int64_t len);
HOST_IMPORT(fs_fsync) int host_fs_fsync(int handle);
HOST_IMPORT(fs_mkdir) int host_fs_mkdir(int dir, const char *name, size_t len, uint32_t mode);
HOST_IMPORT(fs_unlink) int host_fs_unlink(int dir, const char *name, size_t len);
HOST_IMPORT(fs_rmdir) int host_fs_rmdir(int dir, const char *name, size_t len);
HOST_IMPORT(fs_symlink) int host_fs_symlink(const char *target, size_t tlen, int dir,
					    const char *name, size_t len);
/* The target's full length (bytes beyond size are not stored). */
HOST_IMPORT(fs_readlink) long host_fs_readlink(int dir, const char *name, size_t len,
					       char *buf, size_t size);
HOST_IMPORT(fs_link) int host_fs_link(int odir, const char *oname, size_t olen, int dir,
				      const char *name, size_t len);
HOST_IMPORT(fs_rename) int host_fs_rename(int odir, const char *oname, size_t olen, int dir,
					  const char *name, size_t len);
/* These three take len 0 for dir itself. */
HOST_IMPORT(fs_chmod) int host_fs_chmod(int dir, const char *name, size_t len, uint32_t mode);
HOST_IMPORT(fs_utimes) int host_fs_utimes(int dir, const char *name, size_t len,
					  int64_t atime_ns, int64_t mtime_ns);
HOST_IMPORT(fs_truncate) int host_fs_truncate(int dir, const char *name, size_t len,
					      int64_t size);

/*
 * Mounts the host directory whose handle host_fs_register gave (root, which it takes over:
 * closed on failure or at unmount) on guest_path (an existing directory), read-only when ro.
 * 0 or -errno (ENOENT/ENOTDIR for guest_path; what host_fs_fstat of the root says).
 */
int hostfs_mount(const char *guest_path, int root, bool ro);

/*
 * Opens the host FIFO name in host directory dir for f (hostfs_fifo.c), which then reads and
 * writes it; dir must stay open as long as f (f->vn holds it). 0 or -errno.
 */
struct file;
int hostfs_fifo_open(struct file *f, int dir, const char *name, size_t len);

/*
 * The export behind the embedding API's mounts: guest and host are NUL-terminated paths in
 * kernel memory; flags bit 0 asks for read-only. 0 or -errno.
 */
int kernel_mount_host(uint32_t guest, uint32_t host, uint32_t flags);

#endif
