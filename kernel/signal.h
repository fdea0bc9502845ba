/*
 * Signals: dispositions, masks, pending sets, generation and delivery at syscall return.
 *
 * Delivery happens only when a thread's request completes: the kernel writes a frame into the
 * thread's channel and the guest's libc runs the handler and calls rt_sigreturn (docs/abi.md).
 * A signal whose default action ends the process ends it at once, even a process running
 * guest code (its workers are terminated).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "proc.h"
#include "uapi/signal.h"

#define SIGBIT(s) ((uint64_t)1 << ((s) - 1))
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* What a pending signal carries to a handler, in siginfo's slots: for SI_TIMER, pid is the
 * timer's id and uid its overrun count (si_timerid, si_overrun share those words). */
struct ksiginfo {
	int32_t code;
	int32_t pid;
	uint32_t uid;
	int32_t status;  /* SIGCHLD's status, or a queued signal's value (si_value) */
};

/* A queued realtime signal. Standard signals do not queue: one is pending or none. */
struct sigq {
	struct sigq *next;
	int sig;
	struct ksiginfo info;
};

/* RLIMIT_SIGPENDING's default: realtime signals queued for one process. */
#define SIGQ_DEFAULT_MAX 1024

struct sigacts {
	struct wp_k_sigaction act[NSIG_MAX + 1];
	struct ksiginfo pinfo[NSIG_MAX + 1]; /* for the process-directed pending set */
};

/* Fresh default dispositions for p (NULL parent) or a copy of parent's: 0 or -ENOMEM. */
int sigacts_init(struct proc *p, struct proc *parent);
/* exec: handled signals return to their default; ignored ones stay ignored. */
void signal_exec_reset(struct proc *p);

/*
 * Sends sig to process p (any thread that does not block it takes it) or to thread td.
 * sender is the thread whose request is being served (or NULL): a signal that ends sender's
 * own process is left pending so that the request completes first. A blocked signal is never
 * discarded on generation, even an ignored one (Linux): its action may change before it is
 * unblocked. Realtime signals queue, each with its info, up to p's RLIMIT_SIGPENDING; past
 * it a signal sent with kill is still made pending without its info, and any other gives
 * -EAGAIN (Linux). Returns 0 or -EAGAIN.
 */
int signal_send_proc(struct proc *p, int sig, const struct ksiginfo *info, struct thread *sender);
int signal_send_thread(struct thread *td, int sig, const struct ksiginfo *info,
		       struct thread *sender);

/* May process from send sig to p? The same real or effective uid (against p's real or
 * saved), privilege, or SIGCONT within the session (POSIX). sys_signal.c. */
bool signal_may_send(struct proc *from, struct proc *p, int sig);

/* POSIX: setting sig's action to ignore discards it where it is pending in p. */
void signal_discard_ignored(struct proc *p, int sig);
/* Frees what td's pending set holds (its thread is being freed). */
void signal_thread_release(struct thread *td);
/* Frees what p's process-directed pending set holds (it exited or is discarded). */
void signal_proc_release(struct proc *p);
/*
 * Removes every queued SI_TIMER signal of timer id from p and its threads (timer_delete):
 * true when one was queued.
 */
bool signal_cancel_timer(struct proc *p, int id);
/* True when a signal of timer id is pending in p or one of its threads. */
bool signal_timer_queued(struct proc *p, int id);

/* A signal became pending somewhere: signalfd readers and pollers look again (signalfd.c). */
void signalfd_notify(void);

/* True when a signal td would take (handler or fatal) is pending and unblocked. */
bool signal_interrupts(struct thread *td);

/*
 * Called as td's request completes with result r. Applies restart rules to -ERESTARTSYS,
 * writes a signal frame into the channel when a handler is due, and ends the process when a
 * pending signal's default action says so. Returns the result to complete with, or
 * -EGONE when td no longer exists (its process ended).
 */
long signal_complete(struct thread *td, long r);


/*
 * Tells parent that child exited: SIGCHLD unless ignored. When parent ignores SIGCHLD or set
 * SA_NOCLDWAIT, child is reaped here (POSIX): it never becomes a zombie for wait.
 */
void signal_child_exited(struct proc *parent, struct proc *child);

/*
 * Takes the lowest signal of set pending for td (thread-directed first), without delivering
 * it: its number and info, or 0 (rt_sigtimedwait).
 */
int signal_take(struct thread *td, uint64_t set, struct ksiginfo *info);

/*
 * Job control: when td's process is stopped, keeps r as td's held result and returns true;
 * the request completes when SIGCONT continues the process. signal_complete calls it first.
 */
bool signal_hold(struct thread *td, long r);

/*
 * td trapped (a fault only the host saw) with sig, SIGSEGV, SIGILL, SIGFPE or SIGBUS. When td
 * catches sig and does not block it, sig is made pending on td, to be delivered as the
 * request completes, and 0 is returned: the host then runs the handler, after which the
 * program cannot go on (its frames are gone) and the host calls again with handled set.
 * Otherwise, as Linux does for a fault it cannot deliver, the process dies by sig: -EGONE.
 */
long signal_trap(struct thread *td, int sig, bool handled);

/* The default action of sig ends the process (terminate or core). */
bool signal_default_kills(int sig);
/* The default action of sig dumps core (wait status carries 0x80). */
bool signal_default_core(int sig);

#endif
