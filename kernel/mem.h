/*
 * A process's memory map: the program break and mmap regions over the one wasm memory,
 * which only grows. Unmapped pages above the break are kept zero, so anonymous mappings
 * need no clearing.
 */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H

#include "proc.h"

#define PAGE_SIZE 4096
#define WASM_PAGE 65536

struct file;

struct mmap_region {
	uaddr_t start, len;
	uint32_t prot, flags;
	struct file *file;       /* MAP_SHARED file mappings: written back on msync/munmap */
	int64_t offset;
	struct mmap_region *next; /* sorted by start */
};

/* The size of p's memory as the host has it now, in bytes. */
uint64_t mem_bytes(struct proc *p);
/* Writes back shared mappings and frees p's map, and its memory's charge (exit). */
void mem_release(struct proc *p);
/* Writes back shared mappings, keeping the map (exec, before the memory is replaced). */
void mem_sync_all(struct proc *p);
/* Frees p's map without writing anything back (exec, once the old memory is gone). */
void mem_forget(struct proc *p);
/* A copy of parent's map for a forked child (whose memory is a copy): 0 or -ENOMEM. */
int mem_fork(struct proc *child, struct proc *parent);

#endif
