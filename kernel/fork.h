/* What fork and spawn share (fork.c). */
#ifndef KERNEL_FORK_H
#define KERNEL_FORK_H

#include "proc.h"

/*
 * Copies what a child inherits from parent into child (already linked under parent):
 * dispositions, fds (sharing descriptions), cwd, root, memory map, program identity.
 * 0 or -ENOMEM; on failure proc_discard(child) frees what was copied.
 */
int fork_copy(struct proc *child, struct proc *parent);

/* RLIMIT_NPROC: whether p's user may not have another process (root never is limited). */
bool nproc_exceeded(struct proc *p);

#endif
