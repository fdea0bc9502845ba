/*
 * What the kernel and its host share beyond the guest ABI: the records exchanged in kernel
 * memory (what the kernel hands the host to start a program, spawn one for the host or fork,
 * and what the host's hostfs fills in), the flags of the kernel's exports and the host-stream
 * limit. The host uses them through host/src/generated/abi.ts, which tools/genabi.mjs makes
 * from this file: change a struct here and the host follows.
 */
#ifndef WP_UAPI_HOST_H
#define WP_UAPI_HOST_H

#include <stdint.h>

/* kernel_boot flags */
#define KBOOT_DEBUG               1 /* log unimplemented syscalls */
#define KBOOT_HOST_RESOLVES_SPAWN 2 /* posix_spawn asks the host's onResolveSpawn first */
#define KBOOT_NCPUS_SHIFT        16 /* bits 16..31: the host's CPU count (0 is taken as 1) */

/* kernel_mount_host flags */
#define KMOUNT_HOST_RDONLY 1

#define STREAM_MAX 64 /* host streams at once: ids 0 .. STREAM_MAX - 1 */

/* What the host needs to start a program (host_exec, host_spawn). */
struct host_prog_req {
	uint32_t image, image_len;
	uint32_t dev_lo, dev_hi, ino_lo, ino_hi;
	int64_t mtime_ns;
	uint32_t path, path_len;
	uint32_t argv, argv_len, argc;
	uint32_t envp, envp_len, envc;
	int32_t tid, slot;
};
_Static_assert(sizeof(struct host_prog_req) == 72, "host_prog_req layout");

/* What kernel_host_spawn reads (written by the host into kernel memory). */
struct kernel_spawn_req {
	uint32_t path;                  /* NUL-terminated */
	uint32_t argv, argv_len;        /* NUL-separated */
	uint32_t envp, envp_len;        /* NUL-separated */
	uint32_t cwd;                   /* NUL-terminated, or 0 for / */
	int32_t stdio[3];               /* host stream ids for fds 0-2, or -1 for /dev/null */
	uint32_t uid, gid;
};
_Static_assert(sizeof(struct kernel_spawn_req) == 44, "kernel_spawn_req layout");

/* host_uatomic's operations on a guest word */
#define UATOMIC_LOAD    0
#define UATOMIC_XCHG    1 /* store a */
#define UATOMIC_CMPXCHG 2 /* store b if the word is a */
#define UATOMIC_ADD     3
#define UATOMIC_OR      4
#define UATOMIC_ANDN    5 /* word & ~a */
#define UATOMIC_XOR     6

/* What host_fork tells the host. */
struct host_fork_req {
	int32_t parent_pid, child_pid;
	int32_t parent_tid, child_tid;
	int32_t child_slot;
	uint32_t chan;      /* the forking thread's channel (same address in the child) */
	uint32_t fork_buf;  /* the Asyncify fork buffer (docs/abi.md) */
	uint32_t start_fn, start_arg; /* a forking pthread's start routine and argument, else 0 */
};
_Static_assert(sizeof(struct host_fork_req) == 36, "host_fork_req layout");

/* What host_clone tells the host: a new thread of pid to start (the seed's onClone). */
struct host_clone_req {
	int32_t pid, parent_tid, tid, slot;
	uint32_t fn, arg;   /* the start routine and its argument, from the top of the stack */
	uint32_t stack;     /* the new thread's stack top (fn and arg sit there) */
	uint32_t tls;       /* its struct pthread */
	uint32_t ctid;      /* CLONE_CHILD_CLEARTID's address, or 0 */
};
_Static_assert(sizeof(struct host_clone_req) == 36, "host_clone_req layout");

/*
 * What host_thread_exit tells the host: a thread of pid ended by exit (the seed's
 * onThreadExit). Its worker has already unwound by itself and its slot is free again.
 */
struct host_thread_exit_req {
	int32_t pid, tid, slot;
	uint32_t chan;      /* where its channel was (the memory may be reused by now) */
};
_Static_assert(sizeof(struct host_thread_exit_req) == 16, "host_thread_exit_req layout");

/* What host_fs_lstat reports. */
struct wp_hostfs_stat {
	uint64_t ino;
	uint32_t mode, nlink, uid, gid;
	int64_t size, blocks;
	int64_t atime_ns, mtime_ns, ctime_ns;
	uint64_t rdev;
};
_Static_assert(sizeof(struct wp_hostfs_stat) == 72, "wp_hostfs_stat layout");

/*
 * One record of host_fs_readdir, packed back to back: the header, then the name and its NUL
 * (so the next record starts at sizeof + strlen(name) + 1).
 */
struct wp_hostfs_dirent {
	uint64_t ino;
	uint8_t type;   /* DT_* */
	char name[];
} __attribute__((packed));
_Static_assert(sizeof(struct wp_hostfs_dirent) == 9, "wp_hostfs_dirent layout");

/* host_fs_open flags: the guest's O_* access mode plus these (Linux values) */
#define HOSTFS_O_CREAT 0100
#define HOSTFS_O_EXCL  0200
#define HOSTFS_O_TRUNC 01000
/* open a FIFO (only a FIFO), never blocking: reads and writes then say EAGAIN (host_fs_read) */
#define HOSTFS_O_FIFO  04000

#endif
