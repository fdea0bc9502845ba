/*
 * __clone for wasm32 (pthread_create): a wasm thread cannot continue from its parent's call,
 * so the new thread starts in a new instance at __wp_thread_start. libc leaves fn and arg
 * in the two words at the top of the new stack; the kernel's clone reads them for the
 * host's onClone, and the host calls __wp_thread_start(fn, arg, stack, tls) on a fresh
 * instance sharing this memory. docs/abi.md has the contract. Threads are not yet
 * supported by the kernel (clone is ENOSYS), so pthread_create fails with EAGAIN.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <sched.h>
#include "pthread_impl.h"
#include "syscall.h"
#include "wp_asm.h"

void __wasm_init_tls(void *);
hidden void *__wp_tls_block(pthread_t);

int __clone(int (*func)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	pid_t *ptid = va_arg(ap, pid_t *);
	void *tls = va_arg(ap, void *);
	pid_t *ctid = va_arg(ap, pid_t *);
	va_end(ap);
	if (!(flags & CLONE_VM))
		return -EINVAL; /* a process copy is fork's job (Asyncify), not clone's */
	uintptr_t *top = (uintptr_t *)(((uintptr_t)stack & -16) - 16);
	top[0] = (uintptr_t)func;
	top[1] = (uintptr_t)arg;
	return __syscall(SYS_clone, flags, top, ptid, tls, ctid);
}

/*
 * The thread's entry, on its own instance. It must not touch the stack before switching to
 * its own: the instance's __stack_pointer starts at the main thread's stack top.
 */
__attribute__((export_name("__wp_thread_start")))
void __wp_thread_start(uint32_t fn, uint32_t arg, uint32_t stack, uint32_t tls)
{
	__wp_set_sp(stack);
	__wasm_init_tls(__wp_tls_block((pthread_t)(uintptr_t)tls));
	__set_thread_area((void *)(uintptr_t)tls);
	int r = ((int (*)(void *))(uintptr_t)fn)((void *)(uintptr_t)arg);
	for (;;)
		__syscall(SYS_exit, r);
}
