/*
 * Processes and threads as kernel records, and the wait queues threads park on.
 *
 * A thread runs guest code in its own worker; the kernel sees it only as a channel slot and,
 * while it is in a syscall, the request it made. A parked thread's request stays pending
 * until the handler, run again after a wake-up, finishes it.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "kernel.h"

#define PROC_MAX      4096 /* processes alive at once, zombies included */
#define NGROUPS_MAX   65536
#define PROC_GROUPS   32   /* supplementary groups kept per process */
#define RLIMIT_COUNT  16

struct fdtable;
struct vnode;
struct mmap_region;

struct cred {
	uint32_t uid, euid, suid;
	uint32_t gid, egid, sgid;
	uint32_t ngroups;
	uint32_t groups[PROC_GROUPS];
};

struct rlimit64 {
	uint64_t cur, max;
};

/* A list of parked threads. Waking re-runs each waiter's handler, which re-checks. */
struct waitq {
	struct thread *first;
};

enum thread_state {
	TD_USER,    /* running guest code (or not yet started) */
	TD_SYSCALL, /* a request is being served right now */
	TD_PARKED,  /* a request waits on a waitq or a deadline */
	TD_RUNNABLE,/* woken: its handler will run again from the run queue */
	TD_DEAD,
};

struct thread {
	int tid;
	int slot;                 /* channel slot, or -1 */
	uaddr_t chan;             /* guest address of this thread's wp_channel */
	struct proc *p;
	struct thread *next_in_proc;
	enum thread_state state;

	/* the request being served (valid in TD_SYSCALL, TD_PARKED, TD_RUNNABLE) */
	int nr;
	sysarg_t args[6];
	uint64_t progress;        /* a handler's partial progress kept across parks */

	/* parking */
	struct waitq *wq;         /* the queue this thread is parked on, or NULL */
	struct thread *wq_next;
	int64_t deadline;         /* CLOCK_MONOTONIC ns when the park ends by itself; 0: none */
	bool timed_out;           /* set when woken by its deadline */
	struct thread *run_next;  /* run-queue link */
	int heap_index;           /* position in the timer heap, or -1 */

	/* signals */
	uint64_t sigmask;
	uint64_t sigpending;
	uaddr_t clear_child_tid;
};

enum proc_state {
	PROC_EMBRYO,  /* created, its first thread not started yet */
	PROC_ALIVE,
	PROC_ZOMBIE,  /* exited, status not yet collected */
};

struct proc {
	int pid;
	enum proc_state state;
	struct proc *parent;
	struct proc *children;    /* first child */
	struct proc *sibling;     /* next child of the same parent */
	int pgid, sid;
	struct thread *threads;
	int nthreads;

	struct cred cred;
	uint32_t umask;
	struct rlimit64 rlim[RLIMIT_COUNT];
	struct fdtable *fdt;
	struct vnode *cwd, *root;

	/* memory map (sys_mem.c) */
	uaddr_t brk_start, brk;
	struct mmap_region *mmaps;

	/* what /proc shows */
	char comm[16];
	char *exe;                /* absolute path of the running program */
	char *cmdline; size_t cmdline_len; /* NUL-separated argv */
	char *environ; size_t environ_len; /* NUL-separated envp */
	int64_t start_ns;

	/* the argv/envp block the next wp_args call hands to the program's _start */
	char *startup; size_t startup_len;

	int exit_status;          /* wait status, valid in PROC_ZOMBIE */
	struct waitq child_wait;  /* parents in wait4 park here */
};

/* The process whose pid is pid, or NULL (zombies included). */
struct proc *proc_find(int pid);

/* The thread in channel slot slot, or NULL. */
struct thread *thread_by_slot(int slot);

/*
 * Parks td on wq (which may be NULL for a pure timeout) until woken or until the
 * CLOCK_MONOTONIC deadline (ns; 0 = none). Returns -EPARKED, which the handler returns as is;
 * or -ERESTARTSYS when a signal td may take is pending (the handler returns that instead);
 * or -ETIMEDOUT when this run of the handler follows the deadline passing.
 */
long thread_park(struct thread *td, struct waitq *wq, int64_t deadline);

/* Makes every thread parked on wq runnable; their handlers run again from the run queue. */
void waitq_wake_all(struct waitq *wq);

/* The clocks, in ns. */
int64_t clock_monotonic_ns(void);
int64_t clock_realtime_ns(void);

#endif
