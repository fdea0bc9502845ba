/*
 * Crashes the kernel fuzzer (tests/fuzz/) found, one test per bug, named after what broke;
 * each crashing input is kept in tests/fuzz/regress/ and replayed by make test-fuzz.
 */
#include <sys/mman.h>

#include "t.h"
#include "kernel_api.h"
#include "stream.h"

/* A buffer the kernel's 32-bit host-buffer arguments can name (as kernel memory on wasm32). */
static char *low_buffer(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	CHECK(p != MAP_FAILED);
	return p;
}

TEST(the_first_input_on_a_fresh_host_stream_is_kept)
{
	struct thread *td = t_proc(0, 0);
	struct file *f;
	char *buf = low_buffer(), got[8] = { 0 };

	kernel_stream_setup(5, 0, 0, 0);
	memcpy(buf, "abc", 3);
	kernel_stream_input(5, (uint32_t)(uintptr_t)buf, 3); /* the stream holds no buffer yet */
	CHECK_EQ(stream_open(5, O_RDONLY, &f), 0);
	CHECK_EQ(fd_alloc(td->p, 0, f, false), 0);
	CHECK_EQ(t_read(td, 0, got, sizeof(got)), 3);
	CHECK_STR(got, "abc");
	kernel_stream_setup(5, 0, 0, 0);
	munmap(buf, 4096);
}
