/*
 * Kernel memory allocation. On wasm32: size classes over memory the kernel grows itself
 * (memory.grow on its own shared memory). Natively: the system allocator, so the sanitizers
 * see every allocation. Both honour kalloc_fail_after for fault-injection tests.
 */
#include "kernel.h"

long kalloc_fail_after = -1;

/* True when fault injection says this allocation fails. */
bool kalloc_should_fail(void)
{
	if (kalloc_fail_after < 0)
		return false;
	if (kalloc_fail_after == 0) {
		kalloc_fail_after = -1;
		return true;
	}
	kalloc_fail_after--;
	return false;
}

#ifdef __wasm__

/*
 * Every block starts with an 8-byte header holding its class; classes are 16 << k bytes
 * (header included) up to 1 MiB. Larger blocks are whole 64 KiB wasm pages, kept on one
 * first-fit list when freed.
 */
#define HDR 8
#define NCLASS 17 /* 16 B .. 1 MiB */
#define WASM_PAGE 65536

struct blk {
	uint32_t cls;   /* class, or NCLASS for a big block */
	uint32_t size;  /* total bytes of a big block */
	struct blk *next;
};

static struct blk *freelist[NCLASS];
static struct blk *bigfree;
static char *arena, *arena_end;

/* n bytes of fresh memory, 16-aligned, or NULL when the memory cannot grow. */
static void *morecore(size_t n)
{
	extern char __heap_base;
	if (!arena) { /* first use: the space between the static data and the memory's end */
		arena = (char *)(((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15);
		arena_end = (char *)(__builtin_wasm_memory_size(0) * WASM_PAGE);
	}
	n = (n + 15) & ~(size_t)15;
	if ((size_t)(arena_end - arena) < n) {
		size_t pages = (n + WASM_PAGE - 1) / WASM_PAGE;
		long old = __builtin_wasm_memory_grow(0, pages);
		if (old < 0)
			return NULL;
		char *base = (char *)(old * WASM_PAGE);
		if (base != arena_end) /* the first grow, or someone else grew: start afresh */
			arena = base;
		arena_end = base + pages * WASM_PAGE;
	}
	void *p = arena;
	arena += n;
	return p;
}

static int size_class(size_t total)
{
	int k = 0;
	while (((size_t)16 << k) < total)
		k++;
	return k;
}

static void *raw_alloc(size_t n)
{
	size_t total = n + HDR;
	if (total > ((size_t)16 << (NCLASS - 1))) {
		size_t size = (total + WASM_PAGE - 1) & ~(size_t)(WASM_PAGE - 1);
		for (struct blk **pp = &bigfree; *pp; pp = &(*pp)->next) {
			if ((*pp)->size >= size && (*pp)->size <= 2 * size) {
				struct blk *b = *pp;
				*pp = b->next;
				return (char *)b + HDR;
			}
		}
		struct blk *b = morecore(size);
		if (!b)
			return NULL;
		b->cls = NCLASS;
		b->size = size;
		return (char *)b + HDR;
	}
	int k = size_class(total);
	struct blk *b = freelist[k];
	if (b) {
		freelist[k] = b->next;
	} else {
		b = morecore((size_t)16 << k);
		if (!b)
			return NULL;
		b->cls = k;
	}
	return (char *)b + HDR;
}

static void raw_free(void *p)
{
	struct blk *b = (struct blk *)((char *)p - HDR);
	if (b->cls == NCLASS) {
		b->next = bigfree;
		bigfree = b;
	} else {
		b->next = freelist[b->cls];
		freelist[b->cls] = b;
	}
}

static size_t raw_usable(void *p)
{
	struct blk *b = (struct blk *)((char *)p - HDR);
	return (b->cls == NCLASS ? b->size : (size_t)16 << b->cls) - HDR;
}

#else /* native */

#include <stdlib.h>

static void *raw_alloc(size_t n) { return malloc(n ? n : 1); }
static void raw_free(void *p) { free(p); }


#endif

void *kmalloc(size_t n)
{
	if (kalloc_should_fail())
		return NULL;
	return raw_alloc(n);
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void kfree(void *p)
{
	if (p)
		raw_free(p);
}

void *krealloc(void *p, size_t n)
{
	if (!p)
		return kmalloc(n);
#ifdef __wasm__
	if (raw_usable(p) >= n)
		return p;
	void *q = kmalloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, raw_usable(p));
	raw_free(p);
	return q;
#else
	if (kalloc_should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
#endif
}

char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}
