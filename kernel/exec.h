/*
 * Loading programs: resolving a path to a runnable image (wasm, or a #! script's interpreter),
 * the argv/envp a process starts with, and the startup block its _start asks for.
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "proc.h"
#include "uapi/wp_host.h" /* struct host_prog_req, kernel_spawn_req */

#define ARG_MAX_BYTES (256 * 1024) /* argv + envp strings, as sysconf(_SC_ARG_MAX) reports */
#define SHEBANG_DEPTH 5            /* scripts before the program, then ELOOP (as Linux) */

/* A NUL-separated list of strings. */
struct strblock {
	char *data;
	size_t len;
	int count;
};

/* A program ready to start: its bytes, identity, path and final argv. */
struct image {
	char *bytes;
	size_t len;
	uint64_t dev, ino;
	int64_t mtime_ns;
	char *path;          /* absolute path of the program file (the interpreter for #!) */
	struct strblock argv;
	char comm[16];       /* basename of the path exec was given, the script's for #! (Linux) */
};

/*
 * Resolves path for p (relative to start) into a runnable image: a wasm module, or a #! script
 * whose interpreter (plus its optional argument, then the script path) is prepended to argv.
 * Takes ownership of argv. Errors as execve: ENOENT, EACCES, ENOEXEC, ELOOP, ENOTDIR, E2BIG.
 */
int image_load(struct proc *p, struct vnode *start, const char *path, struct strblock *argv,
	       struct image *img);
void image_free(struct image *img);

/* Appends s (with its NUL) to b: 0, -ENOMEM or -E2BIG. */
int strblock_add(struct strblock *b, const char *s, size_t n);
void strblock_free(struct strblock *b);

/* Fills req from img and the NUL-separated environment envp, for host_spawn and host_exec. */
void image_host_req(struct thread *td, struct image *img, const char *envp, size_t envp_len,
		    struct host_prog_req *req);
/* Makes img p's program as /proc sees it and as wp_args will hand it to _start. */
int proc_set_program(struct proc *p, struct image *img, struct strblock *envp);

/* posix_spawn resolves programs through the host's onResolveSpawn (spawn.c). */
extern bool spawn_host_resolves;

/* Drops an execve still waiting for the host (the process is ending). */
void exec_cancel(struct proc *p);

#endif
