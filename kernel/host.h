/*
 * Everything the kernel asks of its host. On wasm32 these are imports from the module "host"
 * (host/src/kernel-worker/imports.ts implements them); natively, tests/kernel/fakehost.c does.
 *
 * A "mem" is a guest memory id: the pid of the process that owns the memory.
 */
#ifndef KERNEL_HOST_H
#define KERNEL_HOST_H

#include "kernel.h"
#include "uapi/wp_host.h"

#ifdef __wasm__
#define HOST_IMPORT(name) __attribute__((import_module("host"), import_name(#name)))
#else
#define HOST_IMPORT(name)
#endif

/* Guest memory: 0 or -EFAULT. */
HOST_IMPORT(copyin) int host_copyin(int mem, uaddr_t src, void *dst, size_t len);
HOST_IMPORT(copyout) int host_copyout(int mem, const void *src, uaddr_t dst, size_t len);
/* Length without the NUL, -EFAULT, or -ENAMETOOLONG when no NUL within max bytes. */
HOST_IMPORT(copyinstr) long host_copyinstr(int mem, uaddr_t src, char *dst, size_t max);
/* Stores 0 over len bytes: 0 or -EFAULT. */
HOST_IMPORT(zero) int host_zero(int mem, uaddr_t dst, size_t len);
/*
 * One atomic operation on the aligned 32-bit word at addr, as the guest's own atomics see it
 * (threads run while the kernel works): *old gets the word's value before the operation.
 * 0, or -EFAULT outside the memory (or misaligned). UATOMIC_CMPXCHG stores b if the word
 * is a; the others store op(word, a). The ops are UATOMIC_* (uapi/wp_host.h).
 */
HOST_IMPORT(uatomic) int host_uatomic(int mem, uaddr_t addr, int op, uint32_t a, uint32_t b,
				      uint32_t *old);
/* Current size in 64 KiB pages. */
HOST_IMPORT(mem_pages) uint32_t host_mem_pages(int mem);
/* Grows by delta pages: the old size in pages, or -1 when past the declared maximum. */
HOST_IMPORT(mem_grow) int32_t host_mem_grow(int mem, uint32_t delta);

/*
 * Completes the request on the channel at chan: stores result, then status (WP_CH_DONE or
 * WP_CH_UNWIND) atomically, and wakes the guest if it sleeps. The kernel has already written
 * any signal frame with copyout.
 */
HOST_IMPORT(chan_complete) void host_chan_complete(int mem, uaddr_t chan, int32_t result, int32_t status);

/*
 * Sleeps until control->doorbell differs from expected, or timeout_ns passes (-1: forever).
 * Before it returns, it drains the main thread's messages when control->mail is set, by calling
 * the kernel_* exports (kernel/kernel_api.h).
 */
HOST_IMPORT(wait) void host_wait(int32_t expected, int64_t timeout_ns);

/* Time in ns as a double (exact for monotonic; ~0.25 us steps for realtime): clock is
 * CLOCK_REALTIME or CLOCK_MONOTONIC (uapi/time.h). A double spares the host a BigInt per call. */
HOST_IMPORT(clock) double host_clock(int32_t clock);
HOST_IMPORT(random) void host_random(void *buf, size_t len);
HOST_IMPORT(log) void host_log(const char *msg, size_t len);

/*
 * A host stream (the stdio a host-started process was given). The host takes all len bytes
 * (returning len) or fails with -errno (-EPIPE: nobody reads any more). A host whose reader
 * is slow calls kernel_stream_pause, even from inside this call, and kernel_stream_resume
 * once it can take more: output is never dropped.
 */
HOST_IMPORT(stream_write) long host_stream_write(int stream, const void *buf, size_t len);
/*
 * Readers took n bytes of host stream id's input: the host, which keeps at most a window of
 * input in the kernel, may send more. Told when the input runs dry or every
 * STREAM_REPORT bytes, not for every read.
 */
HOST_IMPORT(stream_consumed) void host_stream_consumed(int stream, size_t n);

/*
 * The page store behind file pages (fpage.h): 4 KiB pages kept by the host outside the
 * kernel's memory. alloc returns a zeroed page's handle, or 0 when the host has no room;
 * ucopy moves len bytes between page pg at off and guest memory mem at addr (into the page
 * when to_page), kcopy the same with kernel memory; both return 0 or -EFAULT.
 */
HOST_IMPORT(fpage_alloc) uint32_t host_fpage_alloc(void);
HOST_IMPORT(fpage_free) void host_fpage_free(uint32_t pg);
HOST_IMPORT(fpage_ucopy) int host_fpage_ucopy(uint32_t pg, size_t off, int mem, uaddr_t addr,
					      size_t len, int to_page);
HOST_IMPORT(fpage_kcopy) int host_fpage_kcopy(uint32_t pg, size_t off, void *kaddr, size_t len,
					      int to_page);
HOST_IMPORT(fpage_zero) void host_fpage_zero(uint32_t pg, size_t off, size_t len);

/*
 * Process life, told to the main thread, which runs the CentralizedKernelCallbacks.
 * Replies come back as kernel_* calls (kernel_api.h).
 */
HOST_IMPORT(proc_exit) void host_proc_exit(int pid, int32_t wstatus);
/* Ends the worker running thread tid of pid; the host answers kernel_slot_release(slot). */
HOST_IMPORT(thread_terminate) void host_thread_terminate(int pid, int tid, int slot);
/*
 * A new thread to start (req: struct host_clone_req); the host answers kernel_clone_done.
 * A thread ended by exit (req: struct host_thread_exit_req), told after the
 * CLONE_CHILD_CLEARTID wake: nothing to answer (its worker went by itself).
 */
HOST_IMPORT(clone) void host_clone(const void *req);
HOST_IMPORT(thread_exit) void host_thread_exit(const void *req);
/* req points at a struct host_fork_req (uapi/wp_host.h). */
HOST_IMPORT(fork) void host_fork(const void *req);
/*
 * exec and spawn: req points at a struct host_prog_req (uapi/wp_host.h) naming the program
 * (path, file identity), argv and envp.
 */
HOST_IMPORT(exec) void host_exec(int pid, const void *req);
HOST_IMPORT(spawn) void host_spawn(int child_pid, const void *req);
/*
 * posix_spawn's resolution by the host's onResolveSpawn (when the host asked for it at boot):
 * path (NUL-terminated) and argv (NUL-separated, argv_len bytes) for thread tid. The answer comes
 * as kernel_spawn_resolved.
 */
HOST_IMPORT(resolve_spawn) void host_resolve_spawn(int tid, const char *path, const char *argv,
						  size_t argv_len);

#endif
