/*
 * Process and thread records: allocation of pids, tids and channel slots, the process tree,
 * exit, zombies and reaping, and pid 1.
 *
 * Pid 1 is the kernel's own init: it has no worker and no memory; orphans are reparented to
 * it and it reaps them as soon as they exit. Processes the host starts are its children.
 */
#include "membudget.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "ptimer.h"
#include "ipc.h"
#include "host.h"
#include "fd.h"
#include "file.h"
#include "vfs.h"
#include "mem.h"
#include "exec.h"
#include "dispatch.h"
#include "kernel_api.h"
#include "uapi/wp_channel.h"

#define PID_MAX 32768 /* pids and tids are below this, as Linux's default pid_max */

static struct proc *procs[PID_MAX];
static struct thread *tids[PID_MAX];
static struct thread *slots[WP_MAX_SLOTS];
/*
 * Marks the slot of an ended thread until the host says its worker is done with it (unwound or
 * terminated: kernel_slot_release). Reused sooner, a ring the old worker made on its way out —
 * or the new program of an exec that lost a race with a kill — would reach the next thread.
 */
static struct thread slot_quarantine;
static int quarantined_tid[WP_MAX_SLOTS]; /* whose worker the quarantine waits for */
static int last_pid; /* the first pid handed out is 1 (init) */
static int nprocs;
static struct proc *initproc;
int proc_ncpus = 1;
int64_t proc_boot_ns, proc_boot_realtime_ns;
int64_t proc_ended_cpu_ns;
uint64_t proc_created;

struct proc *proc_find(int pid)
{
	return pid > 0 && pid < PID_MAX ? procs[pid] : NULL;
}

struct thread *thread_find(int tid)
{
	return tid > 0 && tid < PID_MAX ? tids[tid] : NULL;
}

struct thread *thread_by_slot(int slot)
{
	struct thread *td = slot >= 0 && slot < WP_MAX_SLOTS ? slots[slot] : NULL;
	return td == &slot_quarantine ? NULL : td;
}

struct proc *proc_init(void)
{
	return initproc;
}

struct proc *proc_next(int after)
{
	for (int pid = after + 1; pid > 0 && pid < PID_MAX; pid++)
		if (procs[pid])
			return procs[pid];
	return NULL;
}

/* A free pid (also free as a tid), or -EAGAIN. Pids count up and wrap, as Linux's do. */
static int pid_alloc(void)
{
	for (int n = 0; n < PID_MAX; n++) {
		int pid = last_pid + 1 + n;
		pid = pid >= PID_MAX ? pid - PID_MAX + 2 : pid;
		if (!procs[pid] && !tids[pid]) {
			last_pid = pid;
			return pid;
		}
	}
	return -EAGAIN;
}

static int slot_alloc(void)
{
	for (int s = 0; s < WP_MAX_SLOTS; s++)
		if (!slots[s])
			return s;
	return -EAGAIN;
}

/* A slot is taken, and its worker's cost charged, until the worker is gone. */
static void slot_put(int slot)
{
	slots[slot] = NULL;
	membudget_uncharge(MEMBUDGET_THREAD);
}

struct thread *thread_alloc(struct proc *p, int tid)
{
	int slot = slot_alloc();
	if (slot < 0)
		return NULL;
	if (tid == 0) {
		tid = pid_alloc();
		if (tid < 0)
			return NULL;
	}
	if (membudget_charge(MEMBUDGET_THREAD) < 0)
		return NULL;
	struct thread *td = kzalloc(sizeof *td);
	if (!td) {
		membudget_uncharge(MEMBUDGET_THREAD);
		return NULL;
	}
	td->tid = tid;
	td->slot = slot;
	td->p = p;
	td->state = TD_USER;
	td->user_since = clock_monotonic_ns();
	sched_thread_init(td);
	tids[tid] = td;
	slots[slot] = td;
	td->next_in_proc = p->threads;
	p->threads = td;
	p->nthreads++;
	return td;
}

void thread_end(struct thread *td)
{
	if (td->exit_call) {
		thread_free(td); /* its worker is gone already, and rings no more */
		return;
	}
	int slot = td->slot, tid = td->tid;
	if (td->state == TD_USER)
		host_thread_terminate(td->p->pid, tid, slot);
	else
		host_chan_complete(td->p->pid, td->chan, 0, WP_CH_UNWIND);
	td->slot = -1;
	thread_free(td);
	if (slot >= 0) {
		slots[slot] = &slot_quarantine;
		quarantined_tid[slot] = tid;
	}
}

void kernel_slot_release(int slot, int tid)
{
	if (slot < 0 || slot >= WP_MAX_SLOTS || slots[slot] != &slot_quarantine ||
	    quarantined_tid[slot] != tid)
		return;
	/* the worker is gone: a ready bit it left behind must not reach the next thread */
	control_clear_ready(slot);
	slot_put(slot);
}

/* td's CPU time up to now: parked, woken but not yet rerun, or waiting on the host, a thread
 * is not running (dispatch.c stops and restarts the count). */
static int64_t thread_cpu_ns(const struct thread *td, int64_t now)
{
	bool running = td->state == TD_USER || td->state == TD_SYSCALL;
	return td->utime_ns + (running && now > td->user_since ? now - td->user_since : 0);
}

int64_t thread_cpu_time(const struct thread *td)
{
	return thread_cpu_ns(td, clock_monotonic_ns());
}

int64_t proc_cpu_ns(const struct proc *p)
{
	int64_t now = clock_monotonic_ns(), ns = p->utime_ns;
	for (const struct thread *td = p->threads; td; td = td->next_in_proc)
		ns += thread_cpu_ns(td, now);
	return ns;
}

void proc_add_child_times(struct proc *parent, const struct proc *c)
{
	parent->cutime_ns += proc_cpu_ns(c) + c->cutime_ns;
}

void thread_free(struct thread *td)
{
	struct proc *p = td->p;
	p->utime_ns += thread_cpu_ns(td, clock_monotonic_ns());
	sched_cancel_park(td);
	signal_thread_release(td);
	if (td->opening)
		file_drop(td->opening);
	if (td->resolved) {
		image_free(td->resolved);
		kfree(td->resolved);
	}
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->next_in_proc) {
		if (*pp == td) {
			*pp = td->next_in_proc;
			break;
		}
	}
	p->nthreads--;
	if (td->slot >= 0)
		slot_put(td->slot);
	tids[td->tid] = NULL;
	kfree(td);
}

/*
 * td, the last thread of its process, takes the process's pid as its tid (an exec from a
 * thread other than the leader: Linux's de_thread). The leader is gone, so the number is free.
 */
void thread_become_leader(struct thread *td)
{
	int pid = td->p->pid;
	if (td->tid == pid)
		return;
	KASSERT(td->p->nthreads == 1 && !tids[pid]);
	tids[td->tid] = NULL;
	td->tid = pid;
	tids[pid] = td;
}

static void child_link(struct proc *parent, struct proc *p)
{
	p->parent = parent;
	p->sibling = parent->children;
	parent->children = p;
}

static void child_unlink(struct proc *p)
{
	for (struct proc **pp = &p->parent->children; *pp; pp = &(*pp)->sibling) {
		if (*pp == p) {
			*pp = p->sibling;
			break;
		}
	}
	p->parent = NULL;
	p->sibling = NULL;
}

#define SCHED_RESET_ON_FORK 0x40000000

/* A child's scheduling (and CPU affinity): its parent's, unless the parent asked SCHED_RESET_ON_FORK, which gives
 * a real-time parent's child SCHED_OTHER and a negative nice 0 (and is not inherited). */
static void sched_inherit(struct proc *p, const struct proc *parent)
{
	int policy = parent->sched_policy & ~SCHED_RESET_ON_FORK;
	p->nice = parent->nice;
	p->sched_policy = parent->sched_policy;
	p->sched_priority = parent->sched_priority;
	memcpy(p->cpus_excluded, parent->cpus_excluded, sizeof p->cpus_excluded);
	if (!(parent->sched_policy & SCHED_RESET_ON_FORK))
		return;
	p->sched_policy = policy == 1 || policy == 2 ? 0 : policy;
	p->sched_priority = policy == 1 || policy == 2 ? 0 : parent->sched_priority;
	p->nice = parent->nice < 0 ? 0 : parent->nice;
}

static void default_rlimits(struct proc *p)
{
	for (int i = 0; i < RLIMIT_COUNT; i++)
		p->rlim[i] = (struct rlimit64){ RLIM64_INFINITY, RLIM64_INFINITY };
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	p->rlim[RLIMIT_STACK] = (struct rlimit64){ 8 << 20, RLIM64_INFINITY };
	p->rlim[RLIMIT_NPROC] = (struct rlimit64){ PROC_MAX / 2, PROC_MAX / 2 };
	p->rlim[RLIMIT_CORE] = (struct rlimit64){ 0, RLIM64_INFINITY };
	p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8 << 20, 8 << 20 }; /* Linux's default */
	p->rlim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	p->rlim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
	p->rlim[RLIMIT_SIGPENDING] = (struct rlimit64){ SIGQ_DEFAULT_MAX, SIGQ_DEFAULT_MAX };
	p->rlim[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 }; /* Linux's default */
}

struct proc *proc_alloc(struct proc *parent)
{
	if (nprocs >= PROC_MAX)
		return NULL;
	int pid = pid_alloc();
	if (pid < 0)
		return NULL;
	struct proc *p = kzalloc(sizeof *p);
	if (!p)
		return NULL;
	p->pid = pid;
	p->state = PROC_EMBRYO;
	p->start_ns = clock_monotonic_ns();
	if (parent) {
		p->pgid = parent->pgid;
		p->sid = parent->sid;
		p->cred = parent->cred;
		p->umask = parent->umask;
		memcpy(p->rlim, parent->rlim, sizeof p->rlim);
		memcpy(p->comm, parent->comm, sizeof p->comm);
		sched_inherit(p, parent);
		child_link(parent, p);
	} else {
		p->pgid = p->sid = pid;
		p->umask = 022;
		default_rlimits(p);
	}
	procs[pid] = p;
	nprocs++;
	proc_created++;
	return p;
}

/* Frees everything a process record owns, then the record. Its threads must be gone. */
static void proc_free(struct proc *p)
{
	KASSERT(!p->threads);
	if (p->parent)
		child_unlink(p);
	procs[p->pid] = NULL;
	nprocs--;
	proc_ended_cpu_ns += p->utime_ns;
	kfree(p->exe);
	kfree(p->cmdline);
	kfree(p->environ);
	signal_proc_release(p);
	kfree(p->sigacts);
	kfree(p);
}

void proc_discard(struct proc *p)
{
	exec_cancel(p);
	ptimer_release(p, false);
	sem_exit(p);
	while (p->threads)
		thread_free(p->threads);
	if (p->fdt)
		fdtable_drop(p, p->fdt);
	if (p->cwd)
		vnode_drop(p->cwd);
	if (p->root)
		vnode_drop(p->root);
	mem_release(p);
	proc_free(p);
}

int proc_count_for_uid(uint32_t uid)
{
	int n = 0;
	for (int pid = 1; pid < PID_MAX; pid++)
		if (procs[pid] && procs[pid]->cred.uid == uid)
			n += MAX(procs[pid]->nthreads, 1); /* Linux counts threads, and zombies */
	return n;
}

/*
 * Ends every thread of p but keep (whose request the caller completes). Threads in the kernel
 * get their channel completed with WP_CH_UNWIND; threads running guest code are ended by the
 * host (their workers are terminated).
 */
static void proc_end_threads(struct proc *p, struct thread *keep)
{
	for (struct thread *td = p->threads, *next; td; td = next) {
		next = td->next_in_proc;
		if (td != keep)
			thread_end(td);
	}
}

/* Gives p's children to init; zombies among them are reaped there at once. */
static void proc_reparent_children(struct proc *p)
{
	while (p->children) {
		struct proc *c = p->children;
		child_unlink(c);
		child_link(initproc, c);
		if (c->state == PROC_ZOMBIE)
			proc_reap(c);
	}
}

void proc_reap(struct proc *p)
{
	if (p->creator_tid)
		p->reap_pending = true; /* proc_creation_done reaps it */
	else
		proc_discard(p);
}

void proc_exit(struct proc *p, struct thread *self, int wstatus)
{
	if (p->state == PROC_ZOMBIE)
		return;
	exec_cancel(p);
	ptimer_release(p, false);
	sem_exit(p);
	proc_end_threads(p, self);
	if (self) {
		thread_end(self);
	}
	if (p->fdt) {
		fdtable_drop(p, p->fdt);
		p->fdt = NULL;
	}
	mem_release(p);
	proc_reparent_children(p);
	p->state = PROC_ZOMBIE;
	p->exit_status = wstatus;
	pidfd_notify();
	host_proc_exit(p->pid, wstatus);
	struct proc *parent = p->parent;
	if (parent == initproc) {
		proc_reap(p);
		return;
	}
	signal_child_exited(parent, p);
	waitq_wake_all(&parent->child_wait);
}

struct proc *proc_boot(void)
{
	last_pid = 0; /* pid 1 even after an earlier kernel of the same run (native tests) */
	initproc = proc_alloc(NULL);
	KASSERT(initproc && initproc->pid == 1);
	proc_boot_ns = initproc->start_ns;
	proc_boot_realtime_ns = clock_realtime_ns();
	initproc->state = PROC_ALIVE;
	memcpy(initproc->comm, "init", 5);
	initproc->root = vnode_hold(vfs_root());
	initproc->cwd = vnode_hold(vfs_root());
	return initproc;
}

void proc_shutdown(void)
{
	KASSERT(initproc && nprocs == 1);
	for (int s = 0; s < WP_MAX_SLOTS; s++)
		KASSERT(!slots[s]); /* every worker the kernel ended was released by the host */
	proc_discard(initproc);
	initproc = NULL;
}

void proc_creation_done(int pid, int result, int nr)
{
	struct proc *c = proc_find(pid);
	if (!c || !c->creator_tid)
		return;
	struct thread *td = thread_find(c->creator_tid);
	c->creator_tid = 0;
	/* the child may have run, exited and even been reaped before the host's answer came */
	bool reap = result < 0 || c->reap_pending;
	if (c->state == PROC_EMBRYO) {
		c->state = PROC_ALIVE;
		/* the host's work to start it was not the child's */
		for (struct thread *t = c->threads; t; t = t->next_in_proc)
			if (t->state == TD_USER)
				t->user_since = clock_monotonic_ns();
	}
	if (reap)
		proc_discard(c);
	if (td && td->state == TD_HOSTWAIT && td->nr == nr)
		syscall_complete(td, result < 0 ? result : pid);
}
