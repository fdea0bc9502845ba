/*
 * Per-process file descriptor tables over shared open file descriptions (file.h).
 *
 * A table maps small integers to held struct file references plus a close-on-exec bit.
 * fork copies a table (the copy shares every description, as POSIX says); exec closes the
 * close-on-exec ones. The size is bounded by the process's RLIMIT_NOFILE: EMFILE past it.
 */
#ifndef KERNEL_FD_H
#define KERNEL_FD_H

#include "kernel.h"

struct file;
struct proc;

#define RLIMIT_NOFILE 7
#define FD_HARD_MAX   65536 /* the most fds a table ever holds, whatever the rlimit says */

struct fdtable {
	int refs;             /* processes sharing it (threads share through their proc) */
	int size;             /* slots in files[] and cloexec[] */
	int lowest_free;      /* no free slot below this */
	struct file **files;
	uint8_t *cloexec;
};

/* An empty table, or NULL when out of memory. */
struct fdtable *fdtable_new(void);
/* A copy of src whose entries hold the same descriptions (fork), or NULL. */
struct fdtable *fdtable_copy(struct proc *p, const struct fdtable *src);
/* Drops one reference; the last closes every fd. */
void fdtable_drop(struct proc *p, struct fdtable *t);
/* Closes every fd marked close-on-exec (exec). */
void fdtable_close_on_exec(struct proc *p, struct fdtable *t);

/*
 * Installs f at the lowest free fd >= minfd. On success the table owns the caller's
 * reference to f and the fd is returned; on failure (-EMFILE, -EINVAL, -ENOMEM) the caller
 * still owns it.
 */
int fd_alloc(struct proc *p, int minfd, struct file *f, bool cloexec);
/* fd_alloc(p, 0, ...) for a description just made: the table takes the caller's reference,
 * or it is dropped on failure. The fd, or -EMFILE/-ENOMEM. */
int fd_alloc_new(struct proc *p, struct file *f, bool cloexec);
/*
 * Makes sure fd_alloc(p, 0, ...) will succeed without allocating: returns the fd it will
 * give, or -EMFILE/-ENOMEM. open calls it first, so a created file is never left behind by
 * a full table.
 */
int fd_reserve(struct proc *p);
/* The description at fd with a new reference (the caller drops it), or NULL: EBADF. */
struct file *fd_get(struct proc *p, int fd);
/* Closes fd: 0 or -EBADF. Releases the process's record locks on the file (POSIX). */
int fd_close(struct proc *p, int fd);
/* dup3 semantics: newfd now refers to oldfd's description. Returns newfd or -errno. */
int fd_dup3(struct proc *p, int oldfd, int newfd, bool cloexec);
/* The close-on-exec bit: 0/1, or -EBADF. fd_set_cloexec returns 0 or -EBADF. */
int fd_get_cloexec(struct proc *p, int fd);
int fd_set_cloexec(struct proc *p, int fd, bool on);
/* The highest open fd + 1 (for iteration by procfs and close_range). */
int fd_count(struct proc *p);
/* The process's fd limit: RLIMIT_NOFILE's soft value, capped at FD_HARD_MAX. */
int fd_limit(struct proc *p);

/*
 * Called by fd_close for every description that has a vnode: releases the process's POSIX
 * record locks on it (lock.c).
 */
void lock_release_posix(struct proc *p, struct file *f);

#endif
