/*
 * __unmapself for wasm32: a detached thread's exit frees the stack it runs on. Other archs
 * switch to a small static stack to call munmap and then exit; here one project call does
 * both (wp_unmap_exit), so no guest code runs on the unmapped stack.
 */
#include "pthread_impl.h"
#include "syscall.h"

void __unmapself(void *base, size_t size)
{
	for (;;)
		__syscall(SYS_wp_unmap_exit, base, size);
}
