/*
 * The kernel's exports: what the host calls. On wasm32 each is exported under its own name;
 * host/src/kernel-worker/ calls them. All but kernel_run are called either before kernel_run
 * or from inside host_wait (while the loop is between requests), never concurrently.
 */
#ifndef KERNEL_API_H
#define KERNEL_API_H

#include "kernel.h"
#include "uapi/wp_host.h" /* KBOOT_* */

#ifdef __wasm__
#define KERNEL_EXPORT(name) __attribute__((export_name(#name)))
#else
#define KERNEL_EXPORT(name)
/*
 * Writes len bytes at buf into a new or truncated file at path (absolute; parents must exist)
 * with permission bits mode, as root: 0 or -errno. For embedders seeding the filesystem.
 */
KERNEL_EXPORT(kernel_install_file) int kernel_install_file(uint32_t path, uint32_t buf, uint32_t len,
							 uint32_t mode);
/*
 * Mounts the host directory host_path (absolute, on the host) on guest_path through hostfs;
 * flags KMOUNT_HOST_RDONLY mounts it read-only. 0 or -errno. (hostfs.c; Node hosts only.)
 */
KERNEL_EXPORT(kernel_mount_host) int kernel_mount_host(uint32_t guest_path, uint32_t host_path, uint32_t flags);
/* Creates the directory path and its missing parents (mode 0755), as root: 0 or -errno. */
KERNEL_EXPORT(kernel_make_dirs) int kernel_make_dirs(uint32_t path);

#endif

/* Address of the struct wp_control in kernel memory. */
KERNEL_EXPORT(kernel_control) uint32_t kernel_control(void);
/* A kernel buffer of len bytes for the host to fill, and its release. */
KERNEL_EXPORT(kernel_alloc) uint32_t kernel_alloc(uint32_t len);
KERNEL_EXPORT(kernel_free) void kernel_free(uint32_t ptr);

/*
 * Boots: the root filesystem from the tar image at image (len bytes, may be 0), /tmp, /dev,
 * /proc, and pid 1. flags: KBOOT_* (uapi/wp_host.h). 0 or -errno.
 */
KERNEL_EXPORT(kernel_boot) int kernel_boot(uint32_t image, uint32_t len, uint32_t flags);
/*
 * The system's memory budget in MiB, for every guest memory and file page together
 * (membudget.h); before kernel_boot. 0 keeps the default.
 */
KERNEL_EXPORT(kernel_set_memory_limit) void kernel_set_memory_limit(uint32_t mib);

/* The loop: serves requests until control->shutdown is set. */
KERNEL_EXPORT(kernel_run) void kernel_run(void);

/*
 * Starts a program for the host (the embedding API and the CLI): req is a struct
 * kernel_spawn_req in kernel memory. Returns the new pid, or -errno (ENOENT, EACCES,
 * ENOEXEC, …). The kernel then calls host_spawn for it.
 */
KERNEL_EXPORT(kernel_host_spawn) int kernel_host_spawn(uint32_t req);

/* Replies to host_fork / host_exec / host_spawn: 0 or -errno from the host's callback. */
KERNEL_EXPORT(kernel_fork_done) void kernel_fork_done(int child_pid, int result);
KERNEL_EXPORT(kernel_exec_done) void kernel_exec_done(int pid, int result);
KERNEL_EXPORT(kernel_spawn_done) void kernel_spawn_done(int child_pid, int result);
/*
 * Reply to host_clone: result is onClone's tid (the kernel's own), or -errno when the host
 * could not start the thread, which then never runs and the clone fails with EAGAIN.
 */
KERNEL_EXPORT(kernel_clone_done) void kernel_clone_done(int parent_tid, int tid, int result);

/*
 * (Re)starts host stream id, empty and not at end of file, as a terminal (tty != 0) of
 * rows x cols or not. The host calls it whenever it hands the id out again.
 */
KERNEL_EXPORT(kernel_stream_setup) void kernel_stream_setup(int stream, int tty, int rows, int cols);
/*
 * The host's answer to host_resolve_spawn for thread tid: result 0 with the program's len bytes
 * at bytes and its argv (NUL-separated, argv_len bytes; 0 keeps the caller's), or -errno. The
 * kernel copies what it needs; the host frees its buffers.
 */
KERNEL_EXPORT(kernel_spawn_resolved) void kernel_spawn_resolved(int tid, int result, uint32_t bytes,
							   uint32_t len, uint32_t argv, uint32_t argv_len);
/*
 * The worker that ran thread tid in slot is done (unwound or terminated): the slot may be
 * reused. A release for any other thread than the one the slot waits for is ignored.
 */
KERNEL_EXPORT(kernel_slot_release) void kernel_slot_release(int slot, int tid);
/* Bytes for a host stream's readers (len 0: end of file). */
KERNEL_EXPORT(kernel_stream_input) void kernel_stream_input(int stream, uint32_t buf, uint32_t len);
/*
 * Host stream id's reader is slow: writers park until kernel_stream_resume (see
 * host_stream_write). Both may be called at any time, pause even from inside
 * host_stream_write.
 */
KERNEL_EXPORT(kernel_stream_pause) void kernel_stream_pause(int stream);
KERNEL_EXPORT(kernel_stream_resume) void kernel_stream_resume(int stream);
/* A terminal's end of file (^D) on host stream id: the next read returns 0, later ones go on. */
KERNEL_EXPORT(kernel_stream_eof_once) void kernel_stream_eof_once(int stream);
/* Sends sig to the foreground process group of terminal stream id: 0, or -ESRCH when none. */
KERNEL_EXPORT(kernel_stream_signal) int kernel_stream_signal(int stream, int sig);
/* Sends sig to pid from the host (e.g. the CLI forwarding ^C): 0 or -errno. */
KERNEL_EXPORT(kernel_kill) int kernel_kill(int pid, int sig);
/*
 * Reads the whole file at path (absolute, resolved as root) into a fresh kernel buffer:
 * returns its address and stores the length at *lenp, or returns 0 and stores -errno.
 */
KERNEL_EXPORT(kernel_read_file) uint32_t kernel_read_file(uint32_t path, uint32_t lenp);

/*
 * Writes len bytes at buf into a new or truncated file at path (absolute; parents must exist)
 * with permission bits mode, as root: 0 or -errno. For embedders seeding the filesystem.
 */
KERNEL_EXPORT(kernel_install_file) int kernel_install_file(uint32_t path, uint32_t buf, uint32_t len,
							 uint32_t mode);
/*
 * Mounts the host directory host_path (absolute, on the host) on guest_path through hostfs;
 * flags KMOUNT_HOST_RDONLY mounts it read-only. 0 or -errno. (hostfs.c; Node hosts only.)
 */
KERNEL_EXPORT(kernel_mount_host) int kernel_mount_host(uint32_t guest_path, uint32_t host_path, uint32_t flags);
/* Creates the directory path and its missing parents (mode 0755), as root: 0 or -errno. */
KERNEL_EXPORT(kernel_make_dirs) int kernel_make_dirs(uint32_t path);

#endif
