/*
 * The syscall channel: one record per guest thread, in the guest's own memory.
 *
 * The guest's libc writes nr and args, then asks its host glue to ring the kernel; the kernel
 * writes result (and perhaps a signal-delivery record) and flips status. docs/abi.md is the
 * prose version of this file; tests/abi checks that the two agree.
 */
#ifndef WP_UAPI_CHANNEL_H
#define WP_UAPI_CHANNEL_H

#include <stdint.h>

/* status word values */
#define WP_CH_IDLE     0 /* no request */
#define WP_CH_PENDING  1 /* request written, kernel not done yet */
#define WP_CH_SLEEPING 2 /* as PENDING, and the guest sleeps in Atomics.wait on status */
#define WP_CH_DONE     3 /* result (and sig) are valid */
#define WP_CH_UNWIND   4 /* never return into guest code: the thread is gone (exit, kill) */
#define WP_CH_EXEC     5 /* never return into guest code: a new program takes over (exec) */

/*
 * Signal delivery at syscall return. signo == 0 means nothing to deliver. The libc glue
 * runs handler(signo, &siginfo, &ucontext) (or handler(signo) without SA_SIGINFO) on the
 * stack given by altstack_sp when non-zero, then calls rt_sigreturn, which restores old_mask.
 */
struct wp_sigframe {
	int32_t signo;
	uint32_t handler;     /* function-table index of the guest's handler */
	uint32_t flags;       /* the handler's sa_flags */
	uint32_t altstack_sp; /* top of the alternate stack, or 0 for the current stack */
	uint64_t old_mask;    /* the mask before delivery, for rt_sigreturn */
	uint8_t siginfo[128]; /* a Linux siginfo_t */
};

struct wp_channel {
	int32_t status;       /* WP_CH_* ; changed only with atomic operations */
	int32_t nr;           /* syscall number */
	int64_t args[6];      /* each a guest register: 32-bit values, zero-extended */
	int64_t result;       /* a non-negative result or -errno */
	struct wp_sigframe sig;
};

#define WP_CHANNEL_SIZE 216

_Static_assert(sizeof(struct wp_sigframe) == 152, "wp_sigframe layout");
_Static_assert(sizeof(struct wp_channel) == WP_CHANNEL_SIZE, "wp_channel layout");
_Static_assert(__builtin_offsetof(struct wp_channel, args) == 8, "wp_channel.args");
_Static_assert(__builtin_offsetof(struct wp_channel, result) == 56, "wp_channel.result");
_Static_assert(__builtin_offsetof(struct wp_channel, sig) == 64, "wp_channel.sig");

/*
 * The control block, in the kernel's shared memory. Guest host glue writes chan[slot] once,
 * sets the slot's bit in ready, increments doorbell and notifies it when kernel_sleeping is 1.
 */
#define WP_MAX_SLOTS 1024 /* guest threads in the whole system */

struct wp_control {
	int32_t doorbell;       /* incremented by every ring; the kernel waits on it */
	int32_t kernel_sleeping;/* 1 while the kernel is (about to be) in host_wait */
	int32_t mail;           /* 1 when the main thread has posted messages to the kernel */
	int32_t shutdown;       /* 1 asks the kernel loop to return */
	uint32_t ready[WP_MAX_SLOTS / 32];
	uint32_t chan[WP_MAX_SLOTS]; /* guest address of each slot's wp_channel */
};

_Static_assert(sizeof(struct wp_control) == 16 + 4 * (WP_MAX_SLOTS / 32) + 4 * WP_MAX_SLOTS,
	       "wp_control layout");

#endif
