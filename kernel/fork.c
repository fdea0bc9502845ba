/*
 * fork: the kernel half. The guest's host glue has already unwound the forking thread with
 * Asyncify into its fork buffer; wp_fork(buf) clones the process record here (open file
 * descriptions shared, as POSIX says), and the host copies the memory and starts the child,
 * which rewinds from the same buffer and returns 0. The parent's request waits for the host's
 * kernel_fork_done, then returns the child's pid.
 */
#include "kernel_api.h"
#include "dispatch.h"
#include "fd.h"
#include "vfs.h"
#include "mem.h"
#include "host.h"
#include "signal.h"
#include "fork.h"
#include "membudget.h"
#include "uapi/wp_host.h"

static char *dup_block(const char *b, size_t n)
{
	char *d = kmalloc(n ? n : 1);
	if (d && n)
		memcpy(d, b, n);
	return d;
}

int fork_copy(struct proc *child, struct proc *parent)
{
	int r = sigacts_init(child, parent);
	if (r < 0)
		return r;
	child->fdt = fdtable_copy(child, parent->fdt);
	if (!child->fdt)
		return -ENOMEM;
	child->cwd = vnode_hold(parent->cwd);
	child->root = vnode_hold(parent->root);
	r = mem_fork(child, parent);
	if (r < 0)
		return r;
	child->exe = parent->exe ? kstrdup(parent->exe) : NULL;
	child->cmdline = dup_block(parent->cmdline, parent->cmdline_len);
	child->environ = dup_block(parent->environ, parent->environ_len);
	if ((parent->exe && !child->exe) || !child->cmdline || !child->environ)
		return -ENOMEM;
	child->cmdline_len = parent->cmdline_len;
	child->environ_len = parent->environ_len;
	return 0;
}

/* RLIMIT_NPROC: an unprivileged user may not have more processes than its soft limit. */
bool nproc_exceeded(struct proc *p)
{
	if (p->cred.uid == 0)
		return false;
	uint64_t lim = p->rlim[RLIMIT_NPROC].cur;
	return lim != RLIM64_INFINITY && (uint64_t)proc_count_for_uid(p->cred.uid) >= lim;
}

long sys_wp_fork(struct thread *td, const sysarg_t *arg)
{
	uaddr_t fork_buf = arg[0];
	struct proc *parent = td->p;
	if (nproc_exceeded(parent))
		return -EAGAIN;
	struct proc *child = proc_alloc(parent);
	if (!child)
		return -EAGAIN;
	int r = fork_copy(child, parent);
	if (!r) /* the child's memory is a copy of the parent's as it is now */
		r = membudget_proc_set(child, mem_bytes(parent));
	struct thread *ctd = r ? NULL : thread_alloc(child, child->pid);
	if (!r && !ctd)
		r = -EAGAIN;
	if (r < 0) {
		proc_discard(child);
		return r;
	}
	ctd->sigmask = td->sigmask;
	ctd->altstack_sp = td->altstack_sp;
	ctd->altstack_size = td->altstack_size;
	ctd->altstack_flags = td->altstack_flags;
	/* a copy of a pthread goes on in that thread's frames, entered at its start routine */
	ctd->start_fn = td->start_fn;
	ctd->start_arg = td->start_arg;
	child->creator_tid = td->tid;
	struct host_fork_req req = { parent->pid, child->pid, td->tid, ctd->tid, ctd->slot,
				     td->chan, fork_buf, td->start_fn, td->start_arg };
	td->state = TD_HOSTWAIT;
	host_fork(&req);
	return -EPARKED;
}

void kernel_fork_done(int child_pid, int result)
{
	proc_creation_done(child_pid, result, 1026 /* wp_fork */);
}
