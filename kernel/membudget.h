/*
 * The system's memory budget: every guest memory, every file page and every thread's worker
 * counts against one total the embedder sets (kernel_set_memory_limit; the CLI's --memory). Past it fork, spawn
 * and exec fail with ENOMEM, brk and mmap with ENOMEM, and file writes with ENOSPC.
 */
#ifndef KERNEL_MEMBUDGET_H
#define KERNEL_MEMBUDGET_H

#include "kernel.h"

struct proc;

/* The budget when the embedder sets none: 4 GiB. */
#define MEMBUDGET_DEFAULT ((uint64_t)4 << 30)
/*
 * What a thread costs the host beyond its memory: its worker (a JS isolate, about 9 MiB
 * resident under Node 20 as measured with 450 idle processes), charged while its slot is held.
 */
#define MEMBUDGET_THREAD ((uint64_t)8 << 20)

/* Takes bytes from the budget: 0, or -ENOMEM when they do not fit (nothing is taken). */
int membudget_charge(uint64_t bytes);
void membudget_uncharge(uint64_t bytes);
uint64_t membudget_total(void);
uint64_t membudget_used(void);

/*
 * p's memory is now bytes long (spawn, fork or exec done; growth): its charge moves to that
 * size. 0, or -ENOMEM when the growth does not fit (the charge stays as it was).
 */
int membudget_proc_set(struct proc *p, uint64_t bytes);
/*
 * p is to run the wasm module of len bytes at mod (spawn, exec): its charge moves to the
 * memory the module imports. 0, -ENOEXEC for a malformed module, or -ENOMEM.
 */
int membudget_proc_image(struct proc *p, const void *mod, size_t len);
/* p's memory is as the host has it now (a failed exec keeps the old one): its charge follows. */
void membudget_proc_resync(struct proc *p);
/* p's memory is gone (exit): its charge comes back. */
void membudget_proc_release(struct proc *p);

#endif
