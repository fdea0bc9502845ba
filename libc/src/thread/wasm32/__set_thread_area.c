#include "pthread_impl.h"

/* The thread pointer (arch/wasm32/pthread_arch.h): a word in each thread's own TLS block. */
hidden _Thread_local uintptr_t __wp_tp;

int __set_thread_area(void *p)
{
	__wp_tp = (uintptr_t)p;
	return 0;
}
