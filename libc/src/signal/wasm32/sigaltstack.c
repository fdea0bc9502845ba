/*
 * sigaltstack, with what only the guest can know: whether the stack pointer is on the
 * alternate stack now. The kernel keeps the stack and decides when a handler uses it; the
 * glue (wp_syscall.c) needs its bounds so that a handler interrupting one that runs there
 * goes on below it instead of starting again at the top.
 */
#include <signal.h>
#include <errno.h>
#include <stdint.h>
#include "syscall.h"

extern hidden _Thread_local uintptr_t __wp_altstack_lo, __wp_altstack_hi;
hidden int __wp_on_altstack(void);

/* The kernel checks ss (EINVAL, ENOMEM); what is left here is Linux's EPERM and SS_ONSTACK. */
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	int on = __wp_on_altstack();
	if (ss && on) {
		errno = EPERM; /* the stack in use cannot be changed */
		return -1;
	}
	int r = syscall(SYS_sigaltstack, ss, old);
	if (r < 0)
		return r;
	if (old && on)
		old->ss_flags = SS_ONSTACK;
	if (ss) {
		int off = ss->ss_flags & SS_DISABLE;
		__wp_altstack_lo = off ? 0 : (uintptr_t)ss->ss_sp;
		__wp_altstack_hi = off ? 0 : (uintptr_t)ss->ss_sp + ss->ss_size;
	}
	return 0;
}
