#define _BSD_SOURCE
#include <unistd.h>
#include <stdint.h>

hidden int __wp_brk_set(uintptr_t);

/* brk(end): 0, or -1 with ENOMEM when a mapping or the memory's limit is in the way. */
int brk(void *end)
{
	return __wp_brk_set((uintptr_t)end);
}
