/*
 * The file family's kernel-value layer under the sys_* handlers (sys_file.c, sys_fs.c,
 * sys_stat.c, lock.c): each kern_* takes kernel values, so tests and other kernel code
 * call them without guest memory. Results are as the syscalls': >= 0 or -errno.
 */
#ifndef KERNEL_SYSFILE_H
#define KERNEL_SYSFILE_H

#include "kernel.h"
#include "file.h"

struct wp_flock;
struct wp_kstat;

#define WP_IOV_MAX 1024 /* iovecs per readv/writev (Linux's UIO_MAXIOV) */

/* Reads or writes through fd at offset (-1: the file position, which then advances). */
long kern_rw(struct thread *td, int fd, struct kiovec *iov, int iovcnt, int64_t offset,
	     enum uio_rw rw);
/* Reads/writes a kernel buffer through a description (sendfile, exec, tests). */
long kern_file_io(struct file *f, void *buf, size_t n, int64_t offset, enum uio_rw rw);
int64_t kern_lseek(struct proc *p, int fd, int64_t off, int whence);
int kern_openat(struct proc *p, int dirfd, const char *path, int flags, uint32_t mode);
int kern_fstat(struct proc *p, int fd, struct wp_kstat *st);
long kern_fcntl(struct thread *td, int fd, int cmd, uint32_t arg);

/* Locks (lock.c). cmd is F_GETLK/F_SETLK/F_SETLKW or an F_OFD_* command. */
int lock_fcntl(struct thread *td, struct file *f, int cmd, struct wp_flock *fl);
int lock_flock(struct thread *td, struct file *f, int op);

#endif
