/*
 * Threads: clone as musl's pthread_create issues it, a thread's exit with its duties
 * (the robust list, CLONE_CHILD_CLEARTID), set_tid_address and the robust-list calls.
 *
 * A thread is a struct thread of its process with its own channel slot; the host runs it in a
 * worker of its own on the process's memory (onClone). clone waits for the host's answer, so
 * a thread the host cannot start makes pthread_create fail instead of never running.
 */
#include "futex.h"
#include "host.h"
#include "membudget.h"
#include "dispatch.h"
#include "fork.h"
#include "kernel_api.h"
#include "uapi/wp_host.h"

long sys_exit_group(struct thread *td, const sysarg_t *arg);
long sys_munmap(struct thread *td, const sysarg_t *arg);

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_PIDFD          0x00001000
#define CLONE_PTRACE         0x00002000
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_CHILD_SETTID   0x01000000

/* What a thread shares with its process here: everything. */
#define CLONE_THREAD_SET (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define CLONE_SUPPORTED  (CLONE_THREAD_SET | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			  CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)
#define CSIGNAL 0xff

#define ROBUST_LIST_LIMIT 2048 /* entries walked at most, as Linux */

/* struct robust_list_head as wasm32 lays it out */
struct robust_head {
	uint32_t next;
	int32_t futex_offset;
	uint32_t pending;
};

/* clone(flags, stack, ptid, tls, ctid): a new thread of the caller's process. */
long sys_clone(struct thread *td, const sysarg_t *arg)
{
	uint32_t flags = arg[0];
	uaddr_t stack = arg[1], ptid = arg[2], tls = arg[3], ctid = arg[4];
	struct proc *p = td->p;
	/* a copy of the process is fork's (Asyncify); a shared memory without a shared
	 * process, or any namespace, is not supported */
	if ((flags & ~(CLONE_SUPPORTED | CSIGNAL)) || (flags & CLONE_THREAD_SET) != CLONE_THREAD_SET)
		return -EINVAL;
	if (!stack)
		return -EINVAL;
	uint32_t start[2];
	int r = copyin(td, stack, start, sizeof start);
	if (r < 0)
		return r;
	if (nproc_exceeded(p))
		return -EAGAIN;
	struct thread *nt = thread_alloc(p, 0);
	if (!nt)
		return -EAGAIN;
	int tid = nt->tid;
	if ((flags & CLONE_PARENT_SETTID) && copyout(td, &tid, ptid, sizeof tid) < 0) {
		thread_free(nt);
		return -EFAULT;
	}
	if ((flags & CLONE_CHILD_SETTID) && copyout(td, &tid, ctid, sizeof tid) < 0) {
		thread_free(nt);
		return -EFAULT;
	}
	nt->sigmask = td->sigmask;
	nt->clear_child_tid = flags & CLONE_CHILD_CLEARTID ? ctid : 0;
	nt->start_fn = start[0];
	nt->start_arg = start[1];
	td->cloning_tid = tid;
	td->state = TD_HOSTWAIT;
	struct host_clone_req req = { p->pid, td->tid, tid, nt->slot, start[0], start[1], stack,
				      flags & CLONE_SETTLS ? tls : 0, nt->clear_child_tid };
	host_clone(&req);
	return -EPARKED;
}

void kernel_clone_done(int parent_tid, int tid, int result)
{
	struct thread *td = thread_find(parent_tid);
	if (!td || td->state != TD_HOSTWAIT || td->cloning_tid != tid)
		return;
	td->cloning_tid = 0;
	if (result < 0) {
		/* the host started nothing: the thread never ran */
		struct thread *nt = thread_find(tid);
		if (nt && nt->p == td->p)
			thread_free(nt);
		syscall_complete(td, -EAGAIN);
		return;
	}
	syscall_complete(td, tid);
}

/* The robust-list walk for a dying thread (Linux's exit_robust_list). */
static void robust_list_exit(struct thread *td)
{
	int mem = td->p->pid;
	struct robust_head head;
	if (!td->robust_list || host_copyin(mem, td->robust_list, &head, sizeof head) < 0)
		return;
	uaddr_t entry = head.next;
	for (int n = 0; entry != td->robust_list && n < ROBUST_LIST_LIMIT; n++) {
		uint32_t next;
		if (host_copyin(mem, entry & ~1u, &next, sizeof next) < 0)
			return;
		/* a lock being taken or released right now is the pending one, done last */
		if (entry != head.pending)
			futex_owner_died(mem, (entry & ~1u) + (uaddr_t)head.futex_offset, td->tid, entry & 1);
		entry = next;
	}
	if (head.pending)
		futex_owner_died(mem, (head.pending & ~1u) + (uaddr_t)head.futex_offset, td->tid,
				 head.pending & 1);
}

/*
 * What a thread leaves behind when it ends by exit while others go on: its robust locks
 * marked, then 0 at its CLONE_CHILD_CLEARTID word and a wake there (pthread_join waits on it).
 */
static void thread_exit_duties(struct thread *td)
{
	robust_list_exit(td);
	if (td->clear_child_tid) {
		uint32_t old;
		if (host_uatomic(td->p->pid, td->clear_child_tid, UATOMIC_XCHG, 0, 0, &old) == 0)
			futex_wake(td->p->pid, td->clear_child_tid, 1, FUTEX_BITSET_MATCH_ANY);
	}
}

/* exit(code): the thread ends; the last thread's exit ends the process. */
long sys_exit(struct thread *td, const sysarg_t *arg)
{
	/*
	 * The worker does not wait for an answer to exit: once the thread's memory may be
	 * freed (the CLONE_CHILD_CLEARTID wake lets pthread_join unmap its stack and TLS, where
	 * its channel is), no one may read or write that channel again.
	 */
	td->exit_call = true;
	if (td->p->nthreads == 1)
		return sys_exit_group(td, arg);
	thread_exit_duties(td);
	struct host_thread_exit_req req = { td->p->pid, td->tid, td->slot, td->chan };
	host_thread_exit(&req);
	thread_free(td);
	return -EGONE;
}

/* wp_unmap_exit(addr, len): musl's __unmapself — the thread's stack goes, then the thread. */
long sys_wp_unmap_exit(struct thread *td, const sysarg_t *arg)
{
	sysarg_t munmap_args[6] = { arg[0], arg[1] };
	sys_munmap(td, munmap_args);
	sysarg_t exit_args[6] = { 0 };
	return sys_exit(td, exit_args);
}

long sys_set_tid_address(struct thread *td, const sysarg_t *arg)
{
	td->clear_child_tid = arg[0];
	return td->tid;
}

/* set_robust_list(head, len) */
long sys_set_robust_list(struct thread *td, const sysarg_t *arg)
{
	if (arg[1] != sizeof(struct robust_head))
		return -EINVAL;
	td->robust_list = arg[0];
	return 0;
}

/* get_robust_list(tid, &head, &len): tid 0 is the caller */
long sys_get_robust_list(struct thread *td, const sysarg_t *arg)
{
	int tid = (int)arg[0];
	struct thread *t = tid ? thread_find(tid) : td;
	if (!t)
		return -ESRCH;
	const struct cred *c = &td->p->cred, *tc = &t->p->cred;
	if (c->euid != 0 && c->euid != tc->uid && c->euid != tc->suid && c->uid != tc->uid)
		return -EPERM;
	uint32_t head = t->robust_list, len = sizeof(struct robust_head);
	int r = copyout(td, &head, arg[1], sizeof head);
	return r ? r : copyout(td, &len, arg[2], sizeof len);
}
