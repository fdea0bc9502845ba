/*
 * The virtual filesystem: vnodes, mounts and path resolution.
 *
 * A vnode is one file of some filesystem. Its attributes live in the vnode itself (memfs keeps
 * them there; hostfs and procfs refresh them through ops->refresh before they are read).
 * References: every pointer held across a call counts in refs (vnode_hold/vnode_drop);
 * directory entries do not: a filesystem keeps a linked node alive by its nlink, and frees it
 * in ops->inactive once both nlink and refs are 0 — so an unlinked file stays usable while open.
 *
 * Path rules kept (POSIX and Linux): "." and ".."; ".." at a mount's root continues from the
 * covered directory, and at the process root stays there; at most VFS_MAXSYMLINKS symlinks per
 * lookup (ELOOP); a trailing slash demands a directory; PATH_MAX and NAME_MAX (ENAMETOOLONG);
 * searching a directory needs its x bit.
 */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include "kernel.h"
#include "proc.h"
#include "uapi/stat.h"
#include "uapi/fcntl.h"
#include "uapi/statfs.h"

#define PATH_MAX        4096 /* bytes in a path, NUL included */
#define NAME_MAX        255  /* bytes in one component */
#define VFS_MAXSYMLINKS 40   /* symlinks followed in one lookup (Linux's limit) */

struct vnode;
struct mount;
struct file;
struct file_ops;
struct proc;
struct cred;
struct wp_kstat;

/* readdir's callback: returns 0 to continue, non-zero to stop (the buffer is full). */
typedef int (*filldir_t)(void *ctx, const char *name, size_t namelen, uint64_t ino,
			 int dtype, int64_t next_cookie);

/* Attribute changes for ops->setattr; mask says which fields count. */
#define VA_MODE  0x01
#define VA_UID   0x02
#define VA_GID   0x04
#define VA_SIZE  0x08
#define VA_ATIME 0x10
#define VA_MTIME 0x20
struct vattr {
	uint32_t mask;
	uint32_t mode;       /* permission bits only (07777) */
	uint32_t uid, gid;
	int64_t size;
	int64_t atime, mtime; /* ns since the epoch */
};

/*
 * What a filesystem does. name arguments are single components, never "." or ".." (the VFS
 * handles those itself, except lookup(dir, "..") which a filesystem answers for directories
 * that are not its root). Every returned vnode carries a reference for the caller.
 * Any member may be NULL: the operation then fails with EPERM (EROFS-like filesystems say so
 * through the mount's flags instead).
 */
struct vnode_ops {
	int (*lookup)(struct vnode *dir, const char *name, struct vnode **out);
	/* A new node of type and permission mode (S_IFREG, S_IFDIR, S_IFIFO, S_IFCHR, ...). */
	int (*create)(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
		      uint32_t uid, uint32_t gid, struct vnode **out);
	int (*symlink)(struct vnode *dir, const char *name, const char *target,
		       uint32_t uid, uint32_t gid, struct vnode **out);
	int (*link)(struct vnode *dir, const char *name, struct vnode *vn);
	/* Removes a non-directory entry (vn is what name refers to). */
	int (*unlink)(struct vnode *dir, const char *name, struct vnode *vn);
	/* Removes an empty directory: -ENOTEMPTY otherwise. */
	int (*rmdir)(struct vnode *dir, const char *name, struct vnode *vn);
	/* Moves/exchanges entries within one filesystem; the VFS checked types and loops. */
	int (*rename)(struct vnode *odir, const char *oname, struct vnode *ndir,
		      const char *nname, unsigned flags);
	/* Copies the target (no NUL) into buf; returns its full length or -errno. */
	long (*readlink)(struct vnode *vn, char *buf, size_t n);
	/* Calls fill for entries after cookie (0: from the start), "." and ".." included. */
	int (*readdir)(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx);
	int (*setattr)(struct vnode *vn, const struct vattr *va);
	/* Brings the vnode's attribute fields up to date (filesystems that do not own them). */
	int (*refresh)(struct vnode *vn);
	/* Opening: sets f->ops/f->priv when the file needs more than vn->fops. */
	int (*open)(struct vnode *vn, struct file *f);
	/* Preallocation for fallocate (mode 0 or KEEP_SIZE): 0 or -errno. */
	int (*allocate)(struct vnode *vn, int mode, int64_t off, int64_t len);
	int (*sync)(struct vnode *vn);
	/* refs reached 0. */
	void (*inactive)(struct vnode *vn);
};

struct vnode {
	int refs;
	uint32_t mode;             /* S_IFMT type and permission bits */
	uint32_t nlink, uid, gid;
	uint64_t ino;
	uint64_t rdev;
	int64_t size;
	int64_t blocks;            /* 512-byte units */
	int64_t atime, mtime, ctime; /* ns since the epoch */
	struct mount *mnt;         /* the filesystem it lives in */
	struct mount *mounted;     /* a mount covering this directory, or NULL */
	const struct vnode_ops *ops;
	const struct file_ops *fops; /* what open installs by default */
	void *priv;                /* the filesystem's own state */
	struct lock *locks;        /* record and flock locks (lock.c) */
	struct waitq lockq;        /* F_SETLKW / blocking flock waiters */
};

#define MNT_RDONLY 0x1
#define MNT_OWNFIFO 0x2 /* FIFOs open through ops->open, not the pipe code (hostfs: the host's) */

/* One mounted filesystem. */
struct mount {
	struct vnode *root;        /* held */
	struct vnode *covered;     /* held; NULL for the root mount */
	struct mount *next;        /* all mounts, in mount order */
	const char *fstype;        /* "tmpfs", "devtmpfs", "proc", "hostfs" */
	char *source;
	char *path;                /* where it is mounted, as /proc/mounts shows it */
	uint32_t flags;            /* MNT_* */
	uint32_t dev;              /* st_dev of every vnode in it */
	uint32_t magic;            /* statfs f_type */
	void *priv;
	/* statfs's numbers, or NULL for defaults */
	int (*statfs)(struct mount *m, struct wp_statfs64 *st);
	void (*release)(struct mount *m);
};

/* A directory's vnode ready for a filesystem to fill in (refs 1), or NULL. */
struct vnode *vnode_alloc(struct mount *m, const struct vnode_ops *ops,
			  const struct file_ops *fops, uint32_t mode);
struct vnode *vnode_hold(struct vnode *vn);
void vnode_drop(struct vnode *vn);
/* Frees a vnode's VFS-side memory; filesystems call it from ops->inactive. */
void vnode_free(struct vnode *vn);

/* The system root, and mounting. vfs_mount_root makes root the root of the tree. */
struct vnode *vfs_root(void);
int vfs_mount_root(struct mount *m);
/* A mount record for a filesystem to fill in and give to vfs_mount*. */
struct mount *mount_alloc(const char *fstype, const char *source, uint32_t flags, uint32_t magic);
/* Frees the record, with its priv (kmalloc'd by the filesystem), after its root is gone. */
void mount_free(struct mount *m);
/* Mounts m on the directory at path (absolute, resolved as root sees it). */
int vfs_mount(struct mount *m, const char *path);
/* Mounts m over directory vn (whose reference it takes on success), shown as path: 0 or -errno. */
int vfs_mount_vnode(struct mount *m, struct vnode *vn, const char *path);
/* Frees a mount that never got mounted, root and all. */
void mount_discard(struct mount *m);
/* The first mount in the list (iteration for /proc/mounts). */
struct mount *vfs_mounts(void);
/* Unmounts everything and frees the tree (tests and shutdown). */
void vfs_shutdown(void);

/* Lookup flags */
#define LOOKUP_FOLLOW    0x1 /* follow a symlink in the last component */
#define LOOKUP_EMPTY     0x2 /* "" names the starting vnode itself (AT_EMPTY_PATH) */
#define LOOKUP_DIRECTORY 0x4 /* the result must be a directory */

/*
 * Resolves path for p from start (a directory, or anything with LOOKUP_EMPTY; NULL: p's cwd),
 * or from p's root when path is absolute. On success *out holds a reference.
 */
int vfs_lookup(struct proc *p, struct vnode *start, const char *path, int flags,
	       struct vnode **out);

/*
 * Resolves all but the last component: *dir (held) is the directory that should contain it,
 * name its last component (NAME_MAX + 1 bytes), and *trailing tells whether the path ended
 * in '/'. The last component may be "." or ".."; "/" alone gives name "" (callers say what that
 * means for them). *links counts symlinks across calls (the caller starts it at 0).
 */
int vfs_lookup_parent(struct proc *p, struct vnode *start, const char *path, int *links,
		      struct vnode **dir, char *name, bool *trailing);

/*
 * The process whose lookup or readlink is under way: procfs answers "self" with it. (The
 * kernel runs one request at a time, so this is set on each step rather than passed through
 * every filesystem operation.)
 */
struct proc *vfs_current(void);
void vfs_set_current(struct proc *p);

/* One step: name in dir (handles "." "..", mount crossing, search permission). */
int vfs_step(struct proc *p, struct vnode *dir, const char *name, struct vnode **out);

/*
 * The start vnode of an *at call: p's cwd for AT_FDCWD, else dirfd's vnode (must be a
 * directory unless the path is empty); absolute paths ignore dirfd. *out is held.
 */
int vfs_at(struct proc *p, int dirfd, const char *path, struct vnode **out);

/* Permission: mask is a combination of R_OK/W_OK/X_OK. 0 or -EACCES. */
int vfs_permission(const struct cred *cr, struct vnode *vn, int mask);
/* cr, acting with group egid, is in group gid (its own or a supplementary one). */
bool cred_in_group(const struct cred *cr, uint32_t egid, uint32_t gid);
/* As vfs_permission with the real ids (faccessat without AT_EACCESS). */
int vfs_access_real(const struct cred *cr, struct vnode *vn, int mask);
/* -EROFS when vn's mount is read-only. */
int vfs_writable_mount(struct vnode *vn);

/* Fills st from vn (refreshing first if the filesystem wants). */
int vfs_stat(struct vnode *vn, struct wp_kstat *st);
int vfs_refresh(struct vnode *vn);

/* The absolute path of vn as p sees it (for getcwd and /proc/<pid>/cwd), into buf. */
long vfs_path(struct proc *p, struct vnode *vn, char *buf, size_t n);

/* Kernel-side operations (no guest memory), each returning 0/-errno unless said. */
int vfs_open(struct proc *p, struct vnode *start, const char *path, int flags, uint32_t mode,
	     struct file **out);
int vfs_open_vnode(struct proc *p, struct vnode *vn, int flags, struct file **out);
int vfs_mknod(struct proc *p, struct vnode *start, const char *path, uint32_t mode, uint64_t rdev);
int vfs_mkdir(struct proc *p, struct vnode *start, const char *path, uint32_t mode);
int vfs_unlink(struct proc *p, struct vnode *start, const char *path, bool rmdir);
int vfs_symlink(struct proc *p, const char *target, struct vnode *start, const char *path);
int vfs_link(struct proc *p, struct vnode *ostart, const char *opath, struct vnode *nstart,
	     const char *npath, int flags);
int vfs_rename(struct proc *p, struct vnode *ostart, const char *opath, struct vnode *nstart,
	       const char *npath, unsigned flags);
long vfs_readlink(struct proc *p, struct vnode *start, const char *path, char *buf, size_t n);
int vfs_setattr(struct proc *p, struct vnode *vn, struct vattr *va);
int vfs_truncate(struct vnode *vn, int64_t len);

/*
 * Stores va's mode, owner and times in vn (not its size): for filesystems that keep their
 * attributes in the vnode itself.
 */
void vnode_set_attrs(struct vnode *vn, const struct vattr *va);

/* The current time for timestamps (CLOCK_REALTIME ns). */
int64_t vfs_now(void);
/* The d_type of a mode. */
int vfs_dtype(uint32_t mode);

/* The file_ops of a directory opened for reading (getdents64 uses vnode readdir). */
extern const struct file_ops vfs_dir_fops;
/* O_PATH descriptions: no operations. */
extern const struct file_ops vfs_path_fops;

/* Locks (lock.c): the last reference to a description releases its OFD and flock locks. */
void lock_release_file(struct file *f);

/*
 * Devices and FIFOs opened from any filesystem: devfs supplies dev_open for character
 * devices, the pipe code (issue #4) fifo_open. Both may be missing (weak): ENXIO.
 */
int dev_open(struct vnode *vn, struct file *f) __attribute__((weak));
int fifo_open(struct vnode *vn, struct file *f) __attribute__((weak));

#endif
