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
#define PROC_CPUS_MAX 256  /* host CPUs the kernel tells apart (affinity masks) */

struct fdtable;
struct vnode;
struct mmap_region;
struct sigacts;
struct sigq;
struct ptimer;
struct sem_undo;
struct image;
struct file;

/* getrlimit resources (Linux values) */
#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_RSS     5
#define RLIMIT_NPROC   6
#ifndef RLIMIT_NOFILE
#define RLIMIT_NOFILE  7
#endif
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9
#define RLIMIT_SIGPENDING 11 /* realtime signals queued for a process (signal.c) */
#define RLIMIT_MSGQUEUE 12   /* bytes a user's message queues may hold (mqueue.c) */
#define RLIMIT_NICE    13 /* the lowest nice a process may set itself to: 20 - cur */
#define RLIMIT_RTPRIO  14
#define RLIM64_INFINITY (~(uint64_t)0)

struct cred {
	uint32_t uid, euid, suid;
	uint32_t gid, egid, sgid;
	uint32_t ngroups;
	uint32_t groups[PROC_GROUPS];
};

struct rlimit64 {
	uint64_t cur, max;
};

/* A deadline on the CLOCK_MONOTONIC clock; fn runs from the kernel loop once it passes. */
struct ktimer {
	int64_t when;
	void (*fn)(struct ktimer *t);
	int heap_index;           /* position in the timer heap, or -1 when not armed */
};

/* Arms t for when (replacing an earlier arming); disarming an unarmed timer does nothing. */
void ktimer_arm(struct ktimer *t, int64_t when);
void ktimer_disarm(struct ktimer *t);

/*
 * A callback run each time its queue is woken, after the queue's threads are made runnable:
 * how epoll hears of the files it watches. It must not add to or remove from that queue's
 * watches.
 */
struct wq_watch {
	struct wq_watch *next;
	void (*fn)(struct wq_watch *w);
};

/* A list of parked threads. Waking re-runs each waiter's handler, which re-checks. */
struct waitq {
	struct thread *first;
	bool polled;              /* a poll has waited on it: waking it also wakes pollers (poll.h) */
	struct wq_watch *watches;
};

/* Adds w to wq's watches, or takes it off (a watch not there is ignored). */
void waitq_watch(struct waitq *wq, struct wq_watch *w);
void waitq_unwatch(struct waitq *wq, struct wq_watch *w);

enum thread_state {
	TD_USER,    /* running guest code (or not yet started) */
	TD_SYSCALL, /* a request is being served right now */
	TD_PARKED,  /* a request waits on a waitq or a deadline */
	TD_RUNNABLE,/* woken: its handler will run again from the run queue */
	TD_HOSTWAIT,/* its request waits for the host (fork, exec): signals do not wake it */
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
	struct ktimer park_timer; /* armed while parked with a deadline */
	bool timed_out;           /* this run of the handler follows the deadline passing */
	bool resumed;             /* this run of the handler follows a wake-up, not a new request */
	int64_t wake_at;          /* for handlers: an absolute deadline kept across runs */
	struct thread *run_next;  /* run-queue link */

	/* posix_spawn resolved by the host: the answer, kept for the handler's next run */
	struct image *resolved;
	int resolve_error;

	/* openat of a FIFO waiting for its peer: the description, held across parks (freed with
	 * the thread if it never completes) */
	struct file *opening;

	/* what a parked call must remember, by the call (cleared by nothing: read only while
	 * the call is parked) */
	union {
		struct { int id; uint16_t num; bool zero; } sem; /* semop (sysv_sem.c) */
	} cont;

	/* signals */
	uint64_t sigmask;
	uint64_t sigpending;      /* thread-directed signals */
	struct sigq *sigq;        /* thread-directed realtime signals, queued in order */
	uint64_t saved_mask;      /* rt_sigsuspend's mask to restore after delivery */
	bool restore_mask;
	uaddr_t altstack_sp, altstack_size;
	uint32_t altstack_flags;
	uaddr_t clear_child_tid;

	/* threads (thread.c): the start routine and argument clone found for it (0 for a
	 * process's first thread), and the robust futex list set_robust_list registered */
	uaddr_t start_fn, start_arg;
	uaddr_t robust_list;
	/* its request is exit: the worker went without waiting for an answer (docs/abi.md), so
	 * its channel is never completed and its slot is free as soon as the thread is */
	bool exit_call;
	/* a clone waiting for the host's onClone: the new thread's tid */
	int cloning_tid;

	/* a futex wait (futex.c): the word waited at, the bitset, and whether a wake (or, for
	 * the PI operations, the lock's hand-over) ended the wait */
	int futex_mem;
	uaddr_t futex_addr;
	uint32_t futex_bitset;
	bool futex_pi;
	bool futex_woken;

	/* job control: a request that completed while the process was stopped is held here */
	bool held;
	long held_result;

	/* CPU time: guest code's, counted from user_since (CLOCK_MONOTONIC, ns) while the
	 * thread is not parked; a request's time in the kernel counts with it */
	int64_t user_since;
	int64_t utime_ns;
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
	uint64_t mem_charged;     /* bytes of the memory budget its memory holds (membudget.c) */

	/* what /proc shows */
	char comm[16];
	char *exe;                /* absolute path of the running program */
	char *cmdline; size_t cmdline_len; /* NUL-separated argv */
	char *environ; size_t environ_len; /* NUL-separated envp */
	int64_t start_ns;

	/* scheduling (sys_sched.c): nice -20..19; a policy and its static priority, kept and
	 * reported but not acted on — the host's scheduler runs every worker alike */
	int nice;
	int sched_policy, sched_priority;
	uint8_t cpus_excluded[PROC_CPUS_MAX / 8]; /* affinity: bit n set = not on CPU n */

	/* CPU time of ended threads, and of waited-for children and their own waited-for
	 * children (ns) */
	int64_t utime_ns;
	int64_t cutime_ns;

	struct pending_exec *exec;  /* an execve waiting for the host (exec.c) */
	int creator_tid;            /* the thread whose fork or spawn waits for the host, or 0 */
	bool reap_pending;          /* reaped while creator_tid waited: freed once it is done */

	struct sigacts *sigacts;  /* dispositions (signal.c) */
	uint64_t sigpending;      /* process-directed signals */
	struct sigq *sigq;        /* process-directed realtime signals, queued in order */
	int nsigq;                /* entries queued for p and its threads (RLIMIT_SIGPENDING) */
	struct ptimer *ptimers;   /* timer_create's timers (ptimer.c) */
	struct sem_undo *semundo; /* System V semaphore adjustments (sysv_sem.c) */

	int exit_status;          /* wait status, valid in PROC_ZOMBIE */
	struct waitq child_wait;  /* parents in wait4 park here */

	/* job control (signal.c): stopped by a stop signal; a stop or continue not yet
	 * reported to the parent's wait (a wait status: 0x7f | sig << 8, or 0xffff) */
	bool stopped;
	int wait_report;
};

/* The process whose pid is pid, or NULL (zombies included). */
struct proc *proc_find(int pid);
/* The thread whose tid is tid, or NULL. */
struct thread *thread_find(int tid);
/* The process with the lowest pid above after, or NULL: for iterating (procfs). */
struct proc *proc_next(int after);
/* Pid 1. */
struct proc *proc_init(void);

/* Creates pid 1 (after the VFS is up). */
struct proc *proc_boot(void);
/*
 * Frees pid 1 once it is the only process left and every channel slot has been released, so
 * that the next proc_boot starts over with pid 1 (the fuzzer boots many kernels in one run).
 */
void proc_shutdown(void);
/*
 * A new process record: pid allocated, in PROC_EMBRYO, linked under parent (NULL: none) and
 * inheriting its credentials, umask, limits, pgid and sid. No threads, fds or memory yet.
 * NULL when out of pids or memory.
 */
struct proc *proc_alloc(struct proc *parent);
/* Frees a process that never ran or has been reaped, and everything it still owns. */
void proc_discard(struct proc *p);
/*
 * Reaps a zombie no one will wait for (its parent is init, or ignores SIGCHLD): at once, or,
 * while the fork or spawn that created it still waits for the host, when that completes —
 * the creator is found through the record.
 */
void proc_reap(struct proc *p);
/*
 * Ends process p with wait status wstatus: its threads stop (self's request is completed with
 * WP_CH_UNWIND), fds close, children go to init, and p becomes a zombie for its parent
 * (or is reaped at once when its parent is init). The host hears of it first.
 */
void proc_exit(struct proc *p, struct thread *self, int wstatus);
/* p's CPU time so far in ns (frozen once it has exited): its threads' time in guest code. */
int64_t proc_cpu_ns(const struct proc *p);
/* One thread's share of it. */
int64_t thread_cpu_time(const struct thread *td);
/* CPU time of the processes already freed, and how many processes were ever made. */
extern int64_t proc_ended_cpu_ns;
extern uint64_t proc_created;
/* Adds reaped child c's CPU time, and its children's, to parent's cumulative child time. */
void proc_add_child_times(struct proc *parent, const struct proc *c);
/* Host CPUs, as the host told kernel_boot (1..PROC_CPUS_MAX): sched_getaffinity, /proc/stat. */
extern int proc_ncpus;
/* When the kernel booted (pid 1 was made), on CLOCK_MONOTONIC and CLOCK_REALTIME, in ns. */
extern int64_t proc_boot_ns, proc_boot_realtime_ns;

/* Processes alive or zombie owned by real uid (RLIMIT_NPROC). */
int proc_count_for_uid(uint32_t uid);

/*
 * The host answered the fork or spawn (syscall nr) that created pid: result 0 makes the child
 * alive (it may already have run, even exited) and completes the creating thread's request with
 * the pid; -errno discards the child and completes the request with the error.
 */
void proc_creation_done(int pid, int result, int nr);

/* A new thread of p in a free channel slot; tid 0 allocates one. NULL when out of slots. */
struct thread *thread_alloc(struct proc *p, int tid);
void thread_free(struct thread *td);
void thread_become_leader(struct thread *td);
/*
 * Ends td whatever it is doing: a request in the kernel completes with WP_CH_UNWIND; a thread
 * running guest code has its worker terminated by the host. Then frees it; its slot waits for
 * the host's kernel_slot_release. (thread_free alone is for threads that never had a worker.)
 */
void thread_end(struct thread *td);

/* The thread in channel slot slot, or NULL. */
struct thread *thread_by_slot(int slot);

/*
 * Parks td on wq (which may be NULL for a pure timeout) until woken or until the
 * CLOCK_MONOTONIC deadline (ns; 0 = none). Returns -EPARKED, which the handler returns as is;
 * or -ERESTARTSYS when a signal td may take is pending (the handler returns that instead);
 * or -ETIMEDOUT when this run of the handler follows the deadline passing.
 */
long thread_park(struct thread *td, struct waitq *wq, int64_t deadline);

/* Moves parked td, with its deadline, to the end of wait queue to (futex requeue). */
void waitq_move(struct thread *td, struct waitq *to);

/* Makes every thread parked on wq runnable; their handlers run again from the run queue. */
void waitq_wake_all(struct waitq *wq);

/* A guest timespec at a as ns: 0, -EFAULT, or -EINVAL when out of range (sys_time.c). */
int timespec_in(struct thread *td, uaddr_t a, int64_t *ns);
/*
 * The CLOCK_MONOTONIC deadline (ns, what thread_park takes) of the timeout at ts: relative,
 * or absolute on CLOCK_REALTIME or CLOCK_MONOTONIC; 0 when ts is 0 (no timeout), and a
 * deadline already passed is 1, so that it still times out. 0 or timespec_in's error.
 */
int timeout_deadline(struct thread *td, uaddr_t ts, bool absolute, bool realtime,
		     int64_t *deadline);

/* The clocks, in ns. */
int64_t clock_monotonic_ns(void);
int64_t clock_realtime_ns(void);
/* a + b in ns for deadlines, held at INT64_MAX (or INT64_MIN) instead of overflowing */
static inline int64_t ns_add(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? (b > 0 ? INT64_MAX : INT64_MIN) : r;
}
/* A process ended: pidfd pollers look again (pidfd.c). */
void pidfd_notify(void);
/* Sets CLOCK_REALTIME to ns (clock_settime); the host's clock is not touched. */
void clock_realtime_set(int64_t ns);

#endif
