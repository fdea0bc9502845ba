/*
 * The syscall glue: musl's __syscall into this thread's channel (wp_channel.h), and signal
 * delivery at syscall return. docs/abi.md describes the protocol; the host side is
 * wasm_posix.syscall, which rings the kernel and returns once status is DONE (or unwinds the
 * thread when it becomes UNWIND).
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include "syscall.h"
#include "wp_channel.h"
#include "wp_asm.h"

#define ERESTARTSYS 4097 /* kernel-internal: issue the call again */

__attribute__((import_module("wasm_posix"), import_name("syscall")))
void __wp_host_syscall(uint32_t chan);

/* One channel per thread: thread-local, so the main thread's is in the static TLS block. */
static _Thread_local struct wp_channel chan __attribute__((aligned(8)));

hidden struct wp_channel *__wp_channel(void)
{
	return &chan;
}

static long call(struct wp_channel *ch, long n, long a, long b, long c, long d, long e, long f)
{
	ch->nr = n;
	ch->args[0] = (unsigned long)a;
	ch->args[1] = (unsigned long)b;
	ch->args[2] = (unsigned long)c;
	ch->args[3] = (unsigned long)d;
	ch->args[4] = (unsigned long)e;
	ch->args[5] = (unsigned long)f;
	__atomic_store_n(&ch->status, WP_CH_PENDING, __ATOMIC_SEQ_CST);
	__wp_host_syscall((uint32_t)(uintptr_t)ch);
	if (__atomic_load_n(&ch->status, __ATOMIC_ACQUIRE) != WP_CH_DONE)
		__builtin_trap(); /* the host returned early: a broken host, not a guest error */
	long r = (long)ch->result;
	__atomic_store_n(&ch->status, WP_CH_IDLE, __ATOMIC_RELEASE);
	return r;
}

/*
 * Calls the function at table index fn with (signo, info, uc), from the host: a call from
 * JS gives a wasm function of any parameter list what it takes and drops the rest, so a
 * handler defined as void h(), void h(int) or void h(int, siginfo_t *, void *) runs, as on
 * Linux; a call from wasm through a C cast to another type would trap.
 */
__attribute__((import_module("wasm_posix"), import_name("call_handler")))
void __wp_host_call_handler(uint32_t fn, int32_t signo, uint32_t info, uint32_t uc);

/* This thread's alternate stack as sigaltstack last set it (both 0 when it has none). */
hidden _Thread_local uintptr_t __wp_altstack_lo, __wp_altstack_hi;

/* True when the stack pointer is on the alternate stack (a handler runs there now). */
hidden int __wp_on_altstack(void)
{
	uintptr_t sp = __wp_get_sp();
	return sp > __wp_altstack_lo && sp <= __wp_altstack_hi;
}

/*
 * Runs handler(signo, info, uc) with the stack pointer at altstack_sp (0: this stack), unless
 * it is on the alternate stack already: a handler that interrupts one running there goes on
 * below it, as on Linux.
 */
__attribute__((noinline))
static void run_handler(const struct wp_sigframe *fr, siginfo_t *si, ucontext_t *uc)
{
	uintptr_t old = __wp_get_sp();
	if (fr->altstack_sp && !__wp_on_altstack())
		__wp_set_sp(fr->altstack_sp & -16);
	__wp_host_call_handler(fr->handler, fr->signo, (uint32_t)(uintptr_t)si,
			       (uint32_t)(uintptr_t)uc);
	__wp_set_sp(old);
}

/*
 * Delivers every frame the kernel hands over: each handler runs with the frame copied out
 * of the channel (the handler's own syscalls reuse the channel), then rt_sigreturn restores
 * the mask (the ucontext's, which a handler may change) and may bring the next frame.
 */
__attribute__((noinline))
static void deliver(struct wp_channel *ch)
{
	while (ch->sig.signo) {
		struct wp_sigframe fr = ch->sig;
		siginfo_t si;
		ucontext_t uc;
		ch->sig.signo = 0;
		memcpy(&si, fr.siginfo, sizeof si);
		memset(&uc, 0, sizeof uc);
		memcpy(&uc.uc_sigmask, &fr.old_mask, sizeof fr.old_mask);
		uc.uc_mcontext.__sp = __wp_get_sp();
		run_handler(&fr, &si, &uc);
		uint64_t mask;
		memcpy(&mask, &uc.uc_sigmask, sizeof mask);
		call(ch, SYS_rt_sigreturn, (long)(uint32_t)mask, (long)(uint32_t)(mask >> 32), 0, 0, 0, 0);
	}
}

/*
 * Called by the host after a trap, when the kernel has a handler's frame for it ready: runs
 * it (and any other frame due). The stack pointer may be past the stack's end (overflow), so
 * with SA_ONSTACK everything moves to the alternate stack before any frame is made; without,
 * the handler runs where the stack is, as Linux tries to. The host ends the process after.
 */
__attribute__((export_name("__wp_trap_handler"), noinline))
void __wp_trap_handler(void)
{
	if (chan.sig.altstack_sp && !__wp_on_altstack())
		__wp_set_sp(chan.sig.altstack_sp & -16);
	deliver(&chan);
}

hidden long __wp_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	struct wp_channel *ch = &chan;
	for (;;) {
		long r = call(ch, n, a, b, c, d, e, f);
		if (ch->sig.signo)
			deliver(ch);
		if (r != -ERESTARTSYS)
			return r;
	}
}

/*
 * A cancellation point's syscall (src/thread/wasm32/syscall_cp.c): as __wp_syscall, but it
 * is not issued, nor issued again after a signal, once *cancel is set; then *cancelled is
 * set and the result means nothing. Wasm has no program counter for musl's cancel handler
 * to inspect, so the point where the call would start is the one safe place to act.
 */
hidden long __wp_syscall_cp(volatile int *cancel, int *cancelled,
			    long n, long a, long b, long c, long d, long e, long f)
{
	struct wp_channel *ch = &chan;
	for (;;) {
		if (*cancel) {
			*cancelled = 1;
			return 0;
		}
		long r = call(ch, n, a, b, c, d, e, f);
		if (ch->sig.signo)
			deliver(ch);
		if (r != -ERESTARTSYS)
			return r;
	}
}
