/*
 * What the kernel reads of a wasm module itself: the memory it imports, so that the memory
 * budget is charged before the host makes the memory.
 */
#ifndef KERNEL_WASMHDR_H
#define KERNEL_WASMHDR_H

#include "kernel.h"

/*
 * The initial size in 64 KiB pages of the memory the module imports, 0 when it imports none,
 * or -ENOEXEC when the module is malformed before its import section ends.
 */
long wasm_import_memory_pages(const uint8_t *mod, size_t len);

#endif
