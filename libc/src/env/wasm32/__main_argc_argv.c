#include <features.h>

/*
 * clang names a two-argument main __main_argc_argv on wasm, and a main(void) __main_void.
 * This one is linked only when the program has no two-argument main.
 */
int __main_void(void);

hidden int __wp_argc;
hidden char **__wp_argv;

int __main_argc_argv(int argc, char **argv)
{
	__wp_argc = argc;
	__wp_argv = argv;
	return __main_void();
}
