/*
 * File pages: the 4 KiB pages that hold memfs file data. They live with the host, outside the
 * kernel's own memory, so files can grow to what the system's memory budget allows without
 * starving the kernel's allocations (one wasm32 memory is no place for gigabytes of files),
 * and bytes move between a page and a guest's memory in one copy.
 */
#ifndef KERNEL_FPAGE_H
#define KERNEL_FPAGE_H

#include "kernel.h"
#include "file.h"

#define FPAGE_SIZE 4096

/* A file page's handle; 0 is none. */
typedef uint32_t fpage_t;

/* A zeroed page charged to the memory budget, or 0 when the budget or the host has no room. */
fpage_t fpage_alloc(void);
/* Gives the page back (0 does nothing). */
void fpage_free(fpage_t pg);
/* Moves n bytes between page pg at off and uio, in uio's direction: 0 or -EFAULT. */
int fpage_uiomove(fpage_t pg, size_t off, size_t n, struct uio *uio);
/* Zeroes n bytes of page pg from off. */
void fpage_zero(fpage_t pg, size_t off, size_t n);
/* Bytes of file pages in use. */
uint64_t fpage_bytes(void);

#endif
