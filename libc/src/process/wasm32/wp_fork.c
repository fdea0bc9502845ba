/*
 * fork's half in the guest: fill the fork buffer and call the host's wasm_posix.fork, which
 * unwinds this stack with Asyncify, has the kernel clone the process (project call wp_fork),
 * copies the memory into the child and rewinds both. The import returns the child's pid in
 * the parent, 0 in the child, or -errno. Only programs that link fork import it, and only
 * they are given Asyncify (sdk/bin/wasm-posix-cc).
 */
#include <stdint.h>
#include "syscall.h"
#include "wp_asm.h"
#include "wp_fork.h"

struct wp_channel;
hidden struct wp_channel *__wp_channel(void);

__attribute__((import_module("wasm_posix"), import_name("fork")))
int32_t __wp_host_fork(uint32_t buf, uint32_t chan);

static struct wp_fork_buf buf __attribute__((aligned(16)));

hidden long __wp_fork(void)
{
	buf.cur = (uint32_t)(uintptr_t)buf.data;
	buf.end = (uint32_t)(uintptr_t)(buf.data + sizeof buf.data);
	buf.sp = __wp_get_sp();
	buf.tls_base = (uint32_t)(uintptr_t)__builtin_wasm_tls_base();
	return __wp_host_fork((uint32_t)(uintptr_t)&buf, (uint32_t)(uintptr_t)__wp_channel());
}

/*
 * Called by the host in the child, on its fresh instance, before the rewind: the instance's
 * globals start at their initial values, and the rewound frames need the parent's.
 */
__attribute__((export_name("__wp_fork_restore")))
void __wp_fork_restore(uint32_t b)
{
	struct wp_fork_buf *f = (struct wp_fork_buf *)(uintptr_t)b;
	__wp_set_sp(f->sp);
	__wp_set_tls_base(f->tls_base);
}
