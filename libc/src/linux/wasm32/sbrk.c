#define _BSD_SOURCE
#include <unistd.h>
#include <stdint.h>
#include <errno.h>
#include "syscall.h"

hidden int __wp_brk_set(uintptr_t);

/* sbrk(inc): the old break, or (void *)-1 with ENOMEM. */
void *sbrk(intptr_t inc)
{
	uintptr_t old = (uintptr_t)__syscall(SYS_brk, 0);
	if (!inc)
		return (void *)old;
	if ((inc > 0 && old + inc < old) || (inc < 0 && old < (uintptr_t)-inc)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (__wp_brk_set(old + inc) < 0)
		return (void *)-1;
	return (void *)old;
}
