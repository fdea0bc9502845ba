/*
 * Program entry: _start, exported, called once by the host on a fresh instance.
 *
 * 1. wp_init(&__heap_base): the kernel puts the break at __heap_base rounded up to a page
 *    and returns the size of the start-up block (argc, argv, envp, auxv and their strings).
 * 2. brk grows the break by that size; the block is the memory just gained.
 * 3. wp_args(block, size): the kernel writes the Linux initial-stack layout there, pointers
 *    already relative to the block.
 * 4. __libc_start_main, which never returns.
 */
#include <features.h>
#include "syscall.h"

extern unsigned char __heap_base;

int __libc_start_main(int (*)(int, char **, char **), int, char **,
	void (*)(void), void (*)(void), void (*)(void));

/* The user's main as clang names it on wasm; libc supplies it for main(void) and main/3. */
int __main_argc_argv(int, char **);

void __wasm_call_ctors(void);

/* musl calls _init after it has set up libc and before main: constructors run there. */
void _init(void)
{
	__wasm_call_ctors();
}

static int start_main(int argc, char **argv, char **envp)
{
	(void)envp;
	return __main_argc_argv(argc, argv);
}

static _Noreturn void fail(void)
{
	for (;;)
		__syscall(SYS_exit_group, 127);
}

void _start(void)
{
	long size = __syscall(SYS_wp_init, &__heap_base);
	if (size <= 0)
		fail();
	long block = __syscall(SYS_brk, 0);
	if (__syscall(SYS_brk, block + size) != block + size)
		fail();
	if (__syscall(SYS_wp_args, block, size) != 0)
		fail();
	long *p = (long *)block;
	__libc_start_main(start_main, p[0], (char **)(p + 1), _init, 0, 0);
	fail();
}
