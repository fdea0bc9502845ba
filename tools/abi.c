/*
 * The ABI the host shares with the kernel, as a table tools/genabi.mjs turns into
 * host/src/generated/abi.ts. Built for wasm32 (the kernel's target), so every offset and size
 * is the one the kernel itself was compiled with. Each group becomes one TypeScript object;
 * a struct's fields must cover it exactly (the generator checks), so a field added to a
 * struct in kernel/include/uapi without a line here fails the build.
 *
 *   STRUCT(G, s, unit)   G.SIZEOF = sizeof(struct s) (G.WORDS = sizeof / 4 when unit is 4)
 *   FIELD(G, s, f)       G.F = offsetof(struct s, f) / unit (F is f in capitals; after the
 *                        group's STRUCT line)
 *   ARRAY(G, s, f)       as FIELD, plus G.F_COUNT (elements) and G.F_STRIDE (bytes each)
 *   CONST(G, prefix, n)  G.n = prefix##n
 *   VALUE(G, n, expr)    G.n = expr
 *
 * The errno and signal tables (E, SIG) are every E* and SIG* name the uapi headers define:
 * the generator lists them in abi_names.inc.
 */
#include <stddef.h>
#include <stdint.h>
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/signal.h"
#include "uapi/stat.h"
#include "uapi/time.h"
#include "uapi/wp_channel.h"
#include "uapi/wp_host.h"

enum kind { K_SIZE, K_FIELD, K_CONST };

struct entry {
	const char *group, *name, *type;
	int64_t value;   /* bytes for K_SIZE and K_FIELD, else the constant */
	uint32_t size;   /* K_FIELD: the field's bytes */
	uint32_t unit;   /* K_SIZE: what the group's offsets count (1 bytes, 4 i32 words) */
	enum kind kind;
};

#define MEMBER(s, f) (((struct s *)0)->f)
#define STRUCT(g, s, u) { #g, "SIZEOF", #s, sizeof(struct s), 0, u, K_SIZE },
#define FIELD(g, s, f) { #g, #f, #s, offsetof(struct s, f), sizeof MEMBER(s, f), 0, K_FIELD },
#define ARRAY(g, s, f) FIELD(g, s, f) \
	{ #g, #f "_COUNT", 0, sizeof MEMBER(s, f) / sizeof MEMBER(s, f)[0], 0, 0, K_CONST }, \
	{ #g, #f "_STRIDE", 0, sizeof MEMBER(s, f)[0], 0, 0, K_CONST },
#define CONST(g, p, n) { #g, #n, 0, p##n, 0, 0, K_CONST },
#define VALUE(g, n, v) { #g, #n, 0, v, 0, 0, K_CONST },

static const struct entry table[] = {
	/* the syscall channel (bytes) */
	STRUCT(CH, wp_channel, 1)
	FIELD(CH, wp_channel, status)
	FIELD(CH, wp_channel, nr)
	ARRAY(CH, wp_channel, args)
	FIELD(CH, wp_channel, result)
	FIELD(CH, wp_channel, sig)

	STRUCT(SIGFRAME, wp_sigframe, 1)
	FIELD(SIGFRAME, wp_sigframe, signo)
	FIELD(SIGFRAME, wp_sigframe, handler)
	FIELD(SIGFRAME, wp_sigframe, flags)
	FIELD(SIGFRAME, wp_sigframe, altstack_sp)
	FIELD(SIGFRAME, wp_sigframe, old_mask)
	FIELD(SIGFRAME, wp_sigframe, siginfo)

	CONST(CH_STATUS, WP_CH_, IDLE)
	CONST(CH_STATUS, WP_CH_, PENDING)
	CONST(CH_STATUS, WP_CH_, SLEEPING)
	CONST(CH_STATUS, WP_CH_, DONE)
	CONST(CH_STATUS, WP_CH_, UNWIND)
	CONST(CH_STATUS, WP_CH_, EXEC)

	/* the control block (i32 indexes: it is only ever an Int32Array) */
	STRUCT(CTL, wp_control, 4)
	FIELD(CTL, wp_control, doorbell)
	FIELD(CTL, wp_control, kernel_sleeping)
	FIELD(CTL, wp_control, mail)
	FIELD(CTL, wp_control, shutdown)
	FIELD(CTL, wp_control, ready)
	FIELD(CTL, wp_control, chan)
	CONST(CTL, WP_, MAX_SLOTS)

	/* requests in kernel memory (bytes) */
	STRUCT(PROG_REQ, host_prog_req, 1)
	FIELD(PROG_REQ, host_prog_req, image)
	FIELD(PROG_REQ, host_prog_req, image_len)
	FIELD(PROG_REQ, host_prog_req, dev_lo)
	FIELD(PROG_REQ, host_prog_req, dev_hi)
	FIELD(PROG_REQ, host_prog_req, ino_lo)
	FIELD(PROG_REQ, host_prog_req, ino_hi)
	FIELD(PROG_REQ, host_prog_req, mtime_ns)
	FIELD(PROG_REQ, host_prog_req, path)
	FIELD(PROG_REQ, host_prog_req, path_len)
	FIELD(PROG_REQ, host_prog_req, argv)
	FIELD(PROG_REQ, host_prog_req, argv_len)
	FIELD(PROG_REQ, host_prog_req, argc)
	FIELD(PROG_REQ, host_prog_req, envp)
	FIELD(PROG_REQ, host_prog_req, envp_len)
	FIELD(PROG_REQ, host_prog_req, envc)
	FIELD(PROG_REQ, host_prog_req, tid)
	FIELD(PROG_REQ, host_prog_req, slot)

	STRUCT(SPAWN_REQ, kernel_spawn_req, 1)
	FIELD(SPAWN_REQ, kernel_spawn_req, path)
	FIELD(SPAWN_REQ, kernel_spawn_req, argv)
	FIELD(SPAWN_REQ, kernel_spawn_req, argv_len)
	FIELD(SPAWN_REQ, kernel_spawn_req, envp)
	FIELD(SPAWN_REQ, kernel_spawn_req, envp_len)
	FIELD(SPAWN_REQ, kernel_spawn_req, cwd)
	ARRAY(SPAWN_REQ, kernel_spawn_req, stdio)
	FIELD(SPAWN_REQ, kernel_spawn_req, uid)
	FIELD(SPAWN_REQ, kernel_spawn_req, gid)

	STRUCT(FORK_REQ, host_fork_req, 1)
	FIELD(FORK_REQ, host_fork_req, parent_pid)
	FIELD(FORK_REQ, host_fork_req, child_pid)
	FIELD(FORK_REQ, host_fork_req, parent_tid)
	FIELD(FORK_REQ, host_fork_req, child_tid)
	FIELD(FORK_REQ, host_fork_req, child_slot)
	FIELD(FORK_REQ, host_fork_req, chan)
	FIELD(FORK_REQ, host_fork_req, fork_buf)
	FIELD(FORK_REQ, host_fork_req, start_fn)
	FIELD(FORK_REQ, host_fork_req, start_arg)

	STRUCT(CLONE_REQ, host_clone_req, 1)
	FIELD(CLONE_REQ, host_clone_req, pid)
	FIELD(CLONE_REQ, host_clone_req, parent_tid)
	FIELD(CLONE_REQ, host_clone_req, tid)
	FIELD(CLONE_REQ, host_clone_req, slot)
	FIELD(CLONE_REQ, host_clone_req, fn)
	FIELD(CLONE_REQ, host_clone_req, arg)
	FIELD(CLONE_REQ, host_clone_req, stack)
	FIELD(CLONE_REQ, host_clone_req, tls)
	FIELD(CLONE_REQ, host_clone_req, ctid)

	STRUCT(THREAD_EXIT_REQ, host_thread_exit_req, 1)
	FIELD(THREAD_EXIT_REQ, host_thread_exit_req, pid)
	FIELD(THREAD_EXIT_REQ, host_thread_exit_req, tid)
	FIELD(THREAD_EXIT_REQ, host_thread_exit_req, slot)
	FIELD(THREAD_EXIT_REQ, host_thread_exit_req, chan)

	CONST(KBOOT, KBOOT_, DEBUG)
	CONST(KBOOT, KBOOT_, HOST_RESOLVES_SPAWN)
	CONST(KBOOT, KBOOT_, NCPUS_SHIFT)
	CONST(KMOUNT, KMOUNT_, HOST_RDONLY)
	CONST(STREAM, STREAM_, MAX)
	CONST(UATOMIC, UATOMIC_, LOAD)
	CONST(UATOMIC, UATOMIC_, XCHG)
	CONST(UATOMIC, UATOMIC_, CMPXCHG)
	CONST(UATOMIC, UATOMIC_, ADD)
	CONST(UATOMIC, UATOMIC_, OR)
	CONST(UATOMIC, UATOMIC_, ANDN)
	CONST(UATOMIC, UATOMIC_, XOR)

	/* hostfs: what the host fills in and reads */
	STRUCT(HOSTFS_STAT, wp_hostfs_stat, 1)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, ino)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, mode)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, nlink)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, uid)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, gid)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, size)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, blocks)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, atime_ns)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, mtime_ns)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, ctime_ns)
	FIELD(HOSTFS_STAT, wp_hostfs_stat, rdev)

	STRUCT(HOSTFS_DIRENT, wp_hostfs_dirent, 1)
	FIELD(HOSTFS_DIRENT, wp_hostfs_dirent, ino)
	FIELD(HOSTFS_DIRENT, wp_hostfs_dirent, type)

	VALUE(HOSTFS_O, ACCMODE, O_ACCMODE)
	CONST(HOSTFS_O, HOSTFS_O_, CREAT)
	CONST(HOSTFS_O, HOSTFS_O_, EXCL)
	CONST(HOSTFS_O, HOSTFS_O_, TRUNC)
	CONST(HOSTFS_O, HOSTFS_O_, FIFO)

	CONST(S, S_, IFMT)

	/* host_clock's clocks */
	CONST(CLOCK, CLOCK_, REALTIME)
	CONST(CLOCK, CLOCK_, MONOTONIC)

#include "abi_names.inc"
};

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(abi_count) uint32_t abi_count(void) { return sizeof table / sizeof table[0]; }
EXPORT(abi_group) const char *abi_group(uint32_t i) { return table[i].group; }
EXPORT(abi_name) const char *abi_name(uint32_t i) { return table[i].name; }
EXPORT(abi_type) const char *abi_type(uint32_t i) { return table[i].type; }
EXPORT(abi_value) int64_t abi_value(uint32_t i) { return table[i].value; }
EXPORT(abi_size) uint32_t abi_size(uint32_t i) { return table[i].size; }
EXPORT(abi_unit) uint32_t abi_unit(uint32_t i) { return table[i].unit; }
EXPORT(abi_kind) uint32_t abi_kind(uint32_t i) { return table[i].kind; }
