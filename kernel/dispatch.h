/* Serving requests: from a channel to a handler and back (dispatch.c). */
#ifndef KERNEL_DISPATCH_H
#define KERNEL_DISPATCH_H

#include "proc.h"

typedef long (*syscall_fn)(struct thread *td, const sysarg_t *arg);

/* Log each unimplemented syscall once, by name. */
extern bool syscall_debug;

/* Reads td's request from its channel at chan and runs it: 0, or -EFAULT for a bad channel. */
int syscall_begin(struct thread *td, uaddr_t chan);
/* Runs td's pending request (again, after a wake-up). */
void syscall_run(struct thread *td);
/* Completes td's request with r: signal rules, then the channel. */
void syscall_complete(struct thread *td, long r);

/* Clears slot's ready bit in the control block (main.c). */
void control_clear_ready(int slot);

/* syscall.tbl's name for nr, or NULL. */
const char *syscall_name(int nr);
/* True when syscall.tbl names a handler for nr that this build did not link. */
bool syscall_named_but_missing(int nr);

#endif
