/* The two wasm globals libc must reach that C cannot name: the stack pointer and TLS base. */
#include <stdint.h>

static inline uintptr_t __wp_get_sp(void)
{
	uintptr_t sp;
	__asm__ volatile(".globaltype __stack_pointer, i32\n\t"
			 "global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp));
	return sp;
}

static inline void __wp_set_sp(uintptr_t sp)
{
	__asm__ volatile(".globaltype __stack_pointer, i32\n\t"
			 "local.get %0\n\tglobal.set __stack_pointer" :: "r"(sp));
}

static inline void __wp_set_tls_base(uintptr_t p)
{
	__asm__ volatile(".globaltype __tls_base, i32\n\t"
			 "local.get %0\n\tglobal.set __tls_base" :: "r"(p));
}
