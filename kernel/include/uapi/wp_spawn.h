/*
 * The request of project call wp_spawn (1027): posix_spawn in one system call.
 *
 *   long wp_spawn(const struct wp_spawn_req *req, uint32_t size)  ->  child pid, or -errno
 *
 * The request is one block of `size` bytes (req->size says the same): this header, then the
 * file actions, then the argv and envp offset arrays, then the strings. Every "offset" is a
 * byte offset from the start of the request, so the kernel copies the block in once and
 * checks each offset and string against size. path is used as given (no PATH search:
 * posix_spawnp walks PATH in libc and calls wp_spawn once per candidate), and the file
 * actions are applied, in order, only once the program has been resolved — so exactly once.
 * docs/abi.md is the prose version of this file; tests/abi checks that the two agree.
 */
#ifndef WP_UAPI_SPAWN_H
#define WP_UAPI_SPAWN_H

#include <stdint.h>

/* attribute flags: musl's POSIX_SPAWN_* values */
#define WP_SPAWN_RESETIDS      0x01
#define WP_SPAWN_SETPGROUP     0x02
#define WP_SPAWN_SETSIGDEF     0x04
#define WP_SPAWN_SETSIGMASK    0x08
#define WP_SPAWN_SETSCHEDPARAM 0x10 /* accepted, ignored */
#define WP_SPAWN_SETSCHEDULER  0x20 /* accepted, ignored */
#define WP_SPAWN_USEVFORK      0x40 /* accepted, ignored */
#define WP_SPAWN_SETSID        0x80

/* file action ops, as musl 1.2.3 has them */
#define WP_SPAWN_OPEN   1 /* open(path, oflag, mode) onto fd */
#define WP_SPAWN_CLOSE  2 /* close(fd) */
#define WP_SPAWN_DUP2   3 /* dup2(srcfd, fd); srcfd == fd clears FD_CLOEXEC */
#define WP_SPAWN_CHDIR  4 /* chdir(path) */
#define WP_SPAWN_FCHDIR 5 /* fchdir(fd) */

struct wp_spawn_action {
	uint32_t op;    /* WP_SPAWN_OPEN .. WP_SPAWN_FCHDIR */
	int32_t fd;     /* the target descriptor (OPEN, CLOSE, DUP2, FCHDIR) */
	int32_t srcfd;  /* DUP2: the descriptor duplicated */
	uint32_t oflag; /* OPEN: open flags */
	uint32_t mode;  /* OPEN: creation mode */
	uint32_t path;  /* OPEN, CHDIR: offset of a NUL-terminated path */
};

struct wp_spawn_req {
	uint32_t size;       /* bytes in the whole request */
	uint32_t flags;      /* WP_SPAWN_* attribute flags */
	int32_t pgroup;      /* SETPGROUP: the group to join, 0 for a new one */
	uint32_t path;       /* offset of the program's NUL-terminated path */
	uint32_t argc;
	uint32_t argv;       /* offset of argc uint32_t string offsets */
	uint32_t envc;
	uint32_t envp;       /* offset of envc uint32_t string offsets */
	uint32_t nactions;
	uint32_t actions;    /* offset of nactions struct wp_spawn_action, applied in order */
	uint64_t sigmask;    /* SETSIGMASK: the child's signal mask */
	uint64_t sigdefault; /* SETSIGDEF: signals reset to SIG_DFL in the child */
};

_Static_assert(sizeof(struct wp_spawn_action) == 24, "wp_spawn_action layout");
_Static_assert(sizeof(struct wp_spawn_req) == 56, "wp_spawn_req layout");
_Static_assert(__builtin_offsetof(struct wp_spawn_req, nactions) == 32, "wp_spawn_req.nactions");
_Static_assert(__builtin_offsetof(struct wp_spawn_req, sigmask) == 40, "wp_spawn_req.sigmask");

#endif
