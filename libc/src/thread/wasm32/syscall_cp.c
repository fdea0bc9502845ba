/*
 * The cancellable syscall for musl's pthread_cancel.c. Other archs mark the instructions
 * of the syscall with __cp_begin/__cp_end and let the cancel signal's handler move the
 * program counter to __cp_cancel; wasm has no program counter to move, so the range is
 * empty and the check happens in the glue instead: a cancellation request seen before the
 * call is issued, or before it is restarted after a signal, cancels the thread.
 */
#include "pthread_impl.h"
#include "syscall.h"

hidden long __cancel(void);
hidden long __wp_syscall_cp(volatile int *, int *, long, long, long, long, long, long, long);

hidden const char __cp_begin[1], __cp_end[1], __cp_cancel[1];

hidden long __syscall_cp_asm(volatile void *cancel, syscall_arg_t nr,
			     syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,
			     syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	int cancelled = 0;
	long r = __wp_syscall_cp(cancel, &cancelled, nr, u, v, w, x, y, z);
	return cancelled ? __cancel() : r;
}
