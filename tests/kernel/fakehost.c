/*
 * The fake host: kernel/host.h implemented natively for tests. A guest memory is a malloc'd
 * arena per mem id, and every range is bounds-checked as the real host does (-EFAULT).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel.h"
#include "host.h"

#define MAX_MEMS 128

static struct { int id; uint8_t *buf; size_t size; } mems[MAX_MEMS];

static int mem_slot(int mem)
{
	for (int i = 0; i < MAX_MEMS; i++)
		if (mems[i].buf && mems[i].id == mem)
			return i;
	return -1;
}

void fakehost_mem_new(int mem, size_t size)
{
	for (int i = 0; i < MAX_MEMS; i++) {
		if (!mems[i].buf) {
			mems[i].id = mem;
			mems[i].buf = calloc(1, size);
			mems[i].size = size;
			return;
		}
	}
	abort();
}

void fakehost_mem_free(int mem)
{
	int i = mem_slot(mem);

	if (i >= 0) {
		free(mems[i].buf);
		mems[i].buf = NULL;
	}
}

static uint8_t *range(int mem, uaddr_t a, size_t len)
{
	int i = mem_slot(mem);

	if (i < 0 || a > mems[i].size || len > mems[i].size - a)
		return NULL;
	return mems[i].buf + a;
}

void *fakehost_mem_ptr(int mem, uaddr_t a)
{
	return range(mem, a, 0);
}

int host_copyin(int mem, uaddr_t src, void *dst, size_t len)
{
	uint8_t *p = range(mem, src, len);

	if (!p)
		return -EFAULT;
	memcpy(dst, p, len);
	return 0;
}

int host_copyout(int mem, const void *src, uaddr_t dst, size_t len)
{
	uint8_t *p = range(mem, dst, len);

	if (!p)
		return -EFAULT;
	memcpy(p, src, len);
	return 0;
}

long host_copyinstr(int mem, uaddr_t src, char *dst, size_t max)
{
	int i = mem_slot(mem);

	if (i < 0 || src >= mems[i].size)
		return -EFAULT;
	for (size_t n = 0; n < max; n++) {
		if (src + n >= mems[i].size)
			return -EFAULT;
		dst[n] = (char)mems[i].buf[src + n];
		if (!dst[n])
			return (long)n;
	}
	return -ENAMETOOLONG;
}

int host_zero(int mem, uaddr_t dst, size_t len)
{
	uint8_t *p = range(mem, dst, len);

	if (!p)
		return -EFAULT;
	memset(p, 0, len);
	return 0;
}

int host_uatomic(int mem, uaddr_t addr, int op, uint32_t a, uint32_t b, uint32_t *old)
{
	uint32_t *w = (uint32_t *)range(mem, addr, 4);

	if (!w || (addr & 3))
		return -EFAULT;
	switch (op) {
	case UATOMIC_LOAD: *old = __atomic_load_n(w, __ATOMIC_SEQ_CST); break;
	case UATOMIC_XCHG: *old = __atomic_exchange_n(w, a, __ATOMIC_SEQ_CST); break;
	case UATOMIC_CMPXCHG:
		*old = a;
		__atomic_compare_exchange_n(w, old, b, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		break;
	case UATOMIC_ADD: *old = __atomic_fetch_add(w, a, __ATOMIC_SEQ_CST); break;
	case UATOMIC_OR: *old = __atomic_fetch_or(w, a, __ATOMIC_SEQ_CST); break;
	case UATOMIC_ANDN: *old = __atomic_fetch_and(w, ~a, __ATOMIC_SEQ_CST); break;
	case UATOMIC_XOR: *old = __atomic_fetch_xor(w, a, __ATOMIC_SEQ_CST); break;
	default: return -EINVAL;
	}
	return 0;
}

uint32_t host_mem_pages(int mem)
{
	int i = mem_slot(mem);

	return i < 0 ? 0 : (uint32_t)(mems[i].size / 65536);
}

/* Memories grow up to this many bytes (0: never, as the file tests expect). */
size_t fakehost_mem_max;

int32_t host_mem_grow(int mem, uint32_t delta)
{
	int i = mem_slot(mem);
	size_t old = i < 0 ? 0 : mems[i].size;
	size_t size = old + (size_t)delta * 65536;

	if (i < 0 || size > fakehost_mem_max)
		return -1;
	uint8_t *buf = realloc(mems[i].buf, size);
	if (!buf)
		return -1;
	memset(buf + old, 0, size - old);
	mems[i].buf = buf;
	mems[i].size = size;
	return (int32_t)(old / 65536);
}

/* Called for every completed request when set (the fuzzer tracks its threads with it). */
void (*fakehost_complete_hook)(int mem, uaddr_t chan, int32_t result, int32_t status);

void host_chan_complete(int mem, uaddr_t chan, int32_t result, int32_t status)
{
	if (fakehost_complete_hook)
		fakehost_complete_hook(mem, chan, result, status);
}

void host_wait(int32_t expected, int64_t timeout_ns)
{
	(void)expected; (void)timeout_ns;
}

/* A virtual clock in ns for both clocks when >= 0 (the fuzzer moves it); -1: the real ones. */
int64_t fakehost_clock_ns = -1;

double host_clock(int32_t clock)
{
	struct timespec ts;

	if (fakehost_clock_ns >= 0)
		return (double)fakehost_clock_ns + (clock == 0 ? 1.7e18 : 0);

	clock_gettime(clock == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

void fakehost_random_seed(uint64_t seed)
{
	rng_state = seed ? seed : 1;
}

void host_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++) {
		rng_state ^= rng_state << 13;
		rng_state ^= rng_state >> 7;
		rng_state ^= rng_state << 17;
		p[i] = (uint8_t)rng_state;
	}
}

void host_log(const char *msg, size_t len)
{
	fprintf(stderr, "%.*s\n", (int)len, msg);
}

long host_stream_write(int stream, const void *buf, size_t len)
{
	(void)stream; (void)buf;
	return (long)len;
}

void host_stream_consumed(int stream, size_t n)
{
	(void)stream; (void)n;
}

/* The page store: malloc'd pages by handle (1-based), so that ASan sees every page. */
#define FAKE_FPAGES (1 << 20)
static uint8_t *fpages[FAKE_FPAGES];
static uint32_t fpage_next = 1;

uint32_t host_fpage_alloc(void)
{
	for (uint32_t n = 0; n < FAKE_FPAGES - 1; n++) {
		uint32_t pg = fpage_next;
		fpage_next = fpage_next % (FAKE_FPAGES - 1) + 1;
		if (!fpages[pg]) {
			fpages[pg] = calloc(1, 4096);
			return fpages[pg] ? pg : 0;
		}
	}
	return 0;
}

void host_fpage_free(uint32_t pg)
{
	if (pg && pg < FAKE_FPAGES) {
		free(fpages[pg]);
		fpages[pg] = NULL;
	}
}

static uint8_t *fpage_range(uint32_t pg, size_t off, size_t len)
{
	if (!pg || pg >= FAKE_FPAGES || !fpages[pg] || off > 4096 || len > 4096 - off)
		abort(); /* the kernel never asks for a page it does not hold */
	return fpages[pg] + off;
}

int host_fpage_ucopy(uint32_t pg, size_t off, int mem, uaddr_t addr, size_t len, int to_page)
{
	uint8_t *page = fpage_range(pg, off, len);
	uint8_t *g = range(mem, addr, len);

	if (!g)
		return -EFAULT;
	if (to_page)
		memcpy(page, g, len);
	else
		memcpy(g, page, len);
	return 0;
}

int host_fpage_kcopy(uint32_t pg, size_t off, void *kaddr, size_t len, int to_page)
{
	uint8_t *page = fpage_range(pg, off, len);

	if (to_page)
		memcpy(page, kaddr, len);
	else
		memcpy(kaddr, page, len);
	return 0;
}

void host_fpage_zero(uint32_t pg, size_t off, size_t len)
{
	memset(fpage_range(pg, off, len), 0, len);
}
