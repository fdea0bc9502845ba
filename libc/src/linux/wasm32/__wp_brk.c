/*
 * Moving the break for brk and sbrk, which musl leaves refusing: its malloc takes pages at
 * the break for its own records and remembers where the break was, so a program that moves
 * the break itself would have malloc shrink it back over the program's memory. Once the
 * program moves it, malloc is told to leave the break alone (it takes those pages from mmap).
 */
#include "../../malloc/mallocng/meta.h"

#pragma weak __malloc_context /* only if this program's malloc is musl's */

hidden int __wp_brk_set(uintptr_t end)
{
	uintptr_t got = (uintptr_t)__syscall(SYS_brk, end);
	if (&__malloc_context)
		__malloc_context.brk = -1;
	if (got != end) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
