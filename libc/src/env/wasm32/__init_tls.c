/*
 * Thread pointer and TLS for wasm32. wasm-ld lays out the TLS image and gives every thread
 * its block through __wasm_init_tls; the main thread's block is the static one wasm-ld
 * initialises at start-up. So there is no PT_TLS to walk: the main thread's struct pthread
 * is a static, and a new thread's area is [struct pthread][TLS block] (see __copy_tls),
 * whose TLS block the thread entry initialises with __wasm_init_tls (docs/abi.md).
 */
#include <stddef.h>
#include <string.h>
#include "pthread_impl.h"
#include "libc.h"
#include "syscall.h"

volatile int __thread_list_lock;

static struct pthread main_thread;

int __init_tp(void *p)
{
	pthread_t td = p;
	td->self = td;
	if (__set_thread_area(TP_ADJ(p)) < 0)
		return -1;
	libc.can_do_threads = 1;
	td->detach_state = DT_JOINABLE;
	td->tid = __syscall(SYS_set_tid_address, &__thread_list_lock);
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->sysinfo = __sysinfo;
	td->next = td->prev = td;
	return 0;
}

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & -a;
}

/* Where a thread's wasm TLS block sits in the area that starts with its struct pthread. */
hidden void *__wp_tls_block(pthread_t td)
{
	return (void *)align_up((uintptr_t)(td + 1), __builtin_wasm_tls_align());
}

void *__copy_tls(unsigned char *mem)
{
	pthread_t td = (void *)align_up((uintptr_t)mem, libc.tls_align);
	memset(td, 0, sizeof *td);
	return td;
}

void __init_tls(size_t *aux)
{
	size_t align = __builtin_wasm_tls_align();
	if (align < _Alignof(struct pthread))
		align = _Alignof(struct pthread);
	libc.tls_align = align;
	libc.tls_size = align_up(2 * align + sizeof(struct pthread) + __builtin_wasm_tls_size(), align);
	if (__init_tp(&main_thread) < 0)
		a_crash();
}
