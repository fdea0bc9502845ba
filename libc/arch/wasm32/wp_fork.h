/*
 * The fork buffer (docs/abi.md, "fork"): what fork hands the host's wasm_posix.fork import.
 * At offset 0 is binaryen's Asyncify data header {cur, end}: libc sets cur = data and end at
 * each fork; unwinding pushes frames at cur, rewinding pops them back, so the host leaves
 * the header alone between unwind and rewind (the child's copy included).
 */
#include <stdint.h>

#define WP_FORK_DATA_SIZE (64 * 1024) /* Asyncify's saved locals for the deepest fork */

struct wp_fork_buf {
	uint32_t cur;      /* Asyncify: next free byte of data */
	uint32_t end;      /* Asyncify: end of data */
	uint32_t sp;       /* __stack_pointer at the fork call */
	uint32_t tls_base; /* __tls_base of the forking thread */
	unsigned char data[WP_FORK_DATA_SIZE];
};

_Static_assert(__builtin_offsetof(struct wp_fork_buf, sp) == 8, "wp_fork_buf.sp");
_Static_assert(__builtin_offsetof(struct wp_fork_buf, tls_base) == 12, "wp_fork_buf.tls_base");
_Static_assert(__builtin_offsetof(struct wp_fork_buf, data) == 16, "wp_fork_buf.data");
