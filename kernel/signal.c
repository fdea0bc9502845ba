/*
 * Signal generation and delivery (signal.h). The syscalls are in sys_signal.c.
 */
#include "signal.h"
#include "sched.h"
#include "host.h"
#include "dispatch.h"
#include "uapi/wp_channel.h"

static const uint64_t default_ignored =
	SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH);
static const uint64_t default_stops =
	SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU);
static const uint64_t default_core =
	SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) | SIGBIT(SIGBUS) |
	SIGBIT(SIGFPE) | SIGBIT(SIGSEGV) | SIGBIT(SIGXCPU) | SIGBIT(SIGXFSZ) | SIGBIT(SIGSYS);

bool signal_default_core(int sig)
{
	return default_core & SIGBIT(sig);
}

bool signal_default_kills(int sig)
{
	return !((default_ignored | default_stops) & SIGBIT(sig));
}

int sigacts_init(struct proc *p, struct proc *parent)
{
	struct sigacts *sa = kzalloc(sizeof *sa);
	if (!sa)
		return -ENOMEM;
	if (parent && parent->sigacts)
		memcpy(sa->act, parent->sigacts->act, sizeof sa->act);
	p->sigacts = sa;
	return 0;
}

void signal_exec_reset(struct proc *p)
{
	for (int s = 1; s <= NSIG_MAX; s++) {
		struct wp_k_sigaction *a = &p->sigacts->act[s];
		if (a->handler != SIG_IGN)
			*a = (struct wp_k_sigaction){ 0 };
	}
}

static uint32_t handler_of(struct proc *p, int sig)
{
	return p->sigacts ? p->sigacts->act[sig].handler : SIG_DFL;
}

/* The signal is discarded on generation: ignored explicitly or by default. */
static bool signal_ignored(struct proc *p, int sig)
{
	uint32_t h = handler_of(p, sig);
	return h == SIG_IGN || (h == SIG_DFL && (default_ignored & SIGBIT(sig)));
}

/* Ends p by sig (its default action), from the kernel's side. */
static void signal_kill_proc(struct proc *p, int sig, struct thread *self)
{
	int core = signal_default_core(sig) ? 0x80 : 0;
	proc_exit(p, self, sig | core);
}

/* A thread of p that can take sig now, preferring a parked one; NULL if all block it. */
static struct thread *pick_thread(struct proc *p, int sig)
{
	struct thread *any = NULL;
	for (struct thread *td = p->threads; td; td = td->next_in_proc) {
		if (td->sigmask & SIGBIT(sig))
			continue;
		if (td->state == TD_PARKED)
			return td;
		if (!any)
			any = td;
	}
	return any;
}

/* rt_sigtimedwait_time64's number (syscall.tbl): its thread waits for sig to take it. */
#define NR_RT_SIGTIMEDWAIT 421

/* td is in rt_sigtimedwait for sig, which it blocked before: sig is not fatal (Linux). */
static bool awaited(struct thread *td, int sig)
{
	return td && td->state == TD_PARKED && td->nr == NR_RT_SIGTIMEDWAIT && td->restore_mask &&
	       (td->saved_mask & SIGBIT(sig));
}

/* A pending signal is ready for td: wake it if parked, end the process if fatal. */
static void signal_notify(struct proc *p, struct thread *td, int sig, struct thread *sender)
{
	if (handler_of(p, sig) == SIG_DFL && (signal_default_kills(sig) || sig == SIGKILL) &&
	    !(sig != SIGKILL && awaited(td, sig))) {
		if (p->stopped && sig != SIGKILL)
			return; /* taken when it continues */
		if (sender && sender->p == p)
			return; /* taken when sender's request completes */
		signal_kill_proc(p, sig, NULL);
		return;
	}
	if (td && td->state == TD_PARKED)
		sched_make_runnable(td);
}

/* ---- job control: stop and continue (added for the IPC work) ---- */

static const uint64_t stop_or_cont = SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) |
	SIGBIT(SIGTTOU) | SIGBIT(SIGCONT);

static void discard_pending(struct proc *p, uint64_t set)
{
	p->sigpending &= ~set;
	for (struct thread *td = p->threads; td; td = td->next_in_proc)
		td->sigpending &= ~set;
}

/* Tells p's parent of a stop or continue: a wait report, and SIGCHLD unless SA_NOCLDSTOP. */
static void report_to_parent(struct proc *p, int code, int sig)
{
	struct proc *parent = p->parent;
	p->wait_report = code == CLD_STOPPED ? 0x7f | sig << 8 : 0xffff;
	if (!parent || parent == proc_init())
		return;
	waitq_wake_all(&parent->child_wait);
	if (parent->sigacts && (parent->sigacts->act[SIGCHLD].flags & SA_NOCLDSTOP))
		return;
	struct ksiginfo ki = { .code = code, .pid = p->pid, .uid = p->cred.uid, .status = sig };
	signal_send_proc(parent, SIGCHLD, &ki, NULL);
}

/*
 * Stops p: its threads are held as their requests complete (signal_complete), and threads
 * parked in the kernel stay there. A thread running guest code stops at its next syscall.
 */
static void signal_stop(struct proc *p, int sig)
{
	if (p->stopped)
		return;
	p->stopped = true;
	report_to_parent(p, CLD_STOPPED, sig);
}

/* Continues a stopped p: held requests complete now, a pending fatal signal takes effect. */
static void signal_continue(struct proc *p)
{
	p->stopped = false;
	report_to_parent(p, CLD_CONTINUED, SIGCONT);
	int pid = p->pid;
	for (struct thread *td = p->threads, *next; td; td = next) {
		next = td->next_in_proc;
		if (!td->held)
			continue;
		td->held = false;
		syscall_complete(td, td->held_result);
		if (proc_find(pid) != p || p->state != PROC_ALIVE)
			return; /* a pending signal ended it */
	}
	struct thread *td = p->threads;
	if (td && signal_interrupts(td) && td->state == TD_PARKED)
		sched_make_runnable(td);
}

/* Stop and continue signals act when generated (POSIX): true when sig needs nothing more. */
static bool job_control(struct proc *p, int sig)
{
	if (!(stop_or_cont & SIGBIT(sig)))
		return false;
	if (sig == SIGCONT) {
		discard_pending(p, default_stops);
		if (p->stopped)
			signal_continue(p);
		return false;
	}
	discard_pending(p, SIGBIT(SIGCONT));
	if (handler_of(p, sig) != SIG_DFL)
		return false;
	signal_stop(p, sig);
	return true;
}

bool signal_hold(struct thread *td, long r)
{
	if (!td->p->stopped)
		return false;
	td->held = true;
	td->held_result = r;
	return true;
}

int signal_take(struct thread *td, uint64_t set, struct ksiginfo *info)
{
	uint64_t ready = (td->sigpending | td->p->sigpending) & set;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	if (td->sigpending & SIGBIT(sig))
		td->sigpending &= ~SIGBIT(sig);
	else
		td->p->sigpending &= ~SIGBIT(sig);
	*info = td->p->sigacts->pinfo[sig];
	return sig;
}

int signal_send_proc(struct proc *p, int sig, const struct ksiginfo *info, struct thread *sender)
{
	if (p->state != PROC_ALIVE && p->state != PROC_EMBRYO)
		return 0;
	if (p == proc_init())
		return 0; /* the kernel's init has no handlers: as Linux's init, it takes no signal */
	if (job_control(p, sig))
		return 0;
	if (sig == SIGKILL) {
		if (sender && sender->p == p)
			p->sigpending |= SIGBIT(sig);
		else
			signal_kill_proc(p, sig, NULL);
		return 0;
	}
	if (signal_ignored(p, sig))
		return 0;
	if (!(p->sigpending & SIGBIT(sig)) || sig >= SIGRTMIN)
		p->sigacts->pinfo[sig] = *info;
	p->sigpending |= SIGBIT(sig);
	struct thread *td = pick_thread(p, sig);
	if (td)
		signal_notify(p, td, sig, sender);
	return 0;
}

int signal_send_thread(struct thread *td, int sig, const struct ksiginfo *info,
		       struct thread *sender)
{
	struct proc *p = td->p;
	if (sig == SIGKILL || signal_ignored(p, sig) ||
	    ((stop_or_cont & SIGBIT(sig)) && handler_of(p, sig) == SIG_DFL))
		return signal_send_proc(p, sig, info, sender);
	/* thread-directed info shares the process slots: the signal is the same kind */
	p->sigacts->pinfo[sig] = *info;
	td->sigpending |= SIGBIT(sig);
	if (!(td->sigmask & SIGBIT(sig)))
		signal_notify(p, td, sig, sender);
	return 0;
}

static uint64_t deliverable(struct thread *td)
{
	return (td->sigpending | td->p->sigpending) & ~(td->sigmask & ~SIG_UNBLOCKABLE);
}

bool signal_interrupts(struct thread *td)
{
	uint64_t set = deliverable(td);
	for (int sig = 1; set; sig++, set >>= 1)
		if ((set & 1) && !signal_ignored(td->p, sig))
			return true;
	return false;
}

/* Takes the lowest deliverable signal off td's pending sets: its number, or 0. */
static int dequeue(struct thread *td, struct ksiginfo *info)
{
	uint64_t set = deliverable(td);
	if (!set)
		return 0;
	int sig = __builtin_ctzll(set) + 1;
	if (td->sigpending & SIGBIT(sig))
		td->sigpending &= ~SIGBIT(sig);
	else
		td->p->sigpending &= ~SIGBIT(sig);
	*info = td->p->sigacts->pinfo[sig];
	return sig;
}

/* Writes the frame for sig into td's channel and applies the handler's mask rules. */
static int write_frame(struct thread *td, int sig, const struct ksiginfo *ki)
{
	struct wp_k_sigaction *a = &td->p->sigacts->act[sig];
	struct wp_sigframe f;
	memset(&f, 0, sizeof f);
	f.signo = sig;
	f.handler = a->handler;
	f.flags = a->flags;
	if ((a->flags & SA_ONSTACK) && td->altstack_size && !(td->altstack_flags & SS_DISABLE))
		f.altstack_sp = td->altstack_sp + td->altstack_size;
	f.old_mask = td->restore_mask ? td->saved_mask : td->sigmask;
	td->restore_mask = false;
	struct wp_siginfo *si = (struct wp_siginfo *)f.siginfo;
	si->si_signo = sig;
	si->si_code = ki->code;
	si->si_pid = ki->pid;
	si->si_uid = ki->uid;
	si->si_status = ki->status;
	int r = copyout(td, &f, td->chan + __builtin_offsetof(struct wp_channel, sig), sizeof f);
	if (r)
		return r;
	uint64_t mask = (uint64_t)a->mask[1] << 32 | a->mask[0];
	td->sigmask |= mask;
	if (!(a->flags & SA_NODEFER))
		td->sigmask |= SIGBIT(sig);
	td->sigmask &= ~SIG_UNBLOCKABLE;
	if (a->flags & SA_RESETHAND)
		*a = (struct wp_k_sigaction){ 0 };
	return 0;
}

long signal_complete(struct thread *td, long r)
{
	struct ksiginfo ki;
	int sig;
	if (signal_hold(td, r))
		return -EGONE;
	while ((sig = dequeue(td, &ki))) {
		struct proc *p = td->p;
		uint32_t h = handler_of(p, sig);
		if (h == SIG_IGN || (h == SIG_DFL && !signal_default_kills(sig)))
			continue; /* ignored, or a stop/continue handled at generation */
		if (h == SIG_DFL) {
			signal_kill_proc(p, sig, td);
			return -EGONE;
		}
		bool restart = (p->sigacts->act[sig].flags & SA_RESTART) != 0;
		if (write_frame(td, sig, &ki) < 0) {
			/* the channel is unreachable: the guest's memory is broken */
			signal_kill_proc(p, SIGSEGV, td);
			return -EGONE;
		}
		if (r == -ERESTARTSYS && !restart)
			r = -EINTR;
		return r;
	}
	if (td->restore_mask) {
		td->sigmask = td->saved_mask;
		td->restore_mask = false;
	}
	return r;
}

/* Children of parent are reaped as they exit, never zombies: SIGCHLD ignored or SA_NOCLDWAIT. */
static bool child_autoreap(struct proc *parent)
{
	struct sigacts *sa = parent->sigacts;
	return sa && (sa->act[SIGCHLD].handler == SIG_IGN ||
		      (sa->act[SIGCHLD].flags & SA_NOCLDWAIT));
}

void signal_child_exited(struct proc *parent, struct proc *child)
{
	int st = child->exit_status;
	struct ksiginfo ki = { .pid = child->pid, .uid = child->cred.uid };
	if ((st & 0x7f) == 0) {
		ki.code = CLD_EXITED;
		ki.status = (st >> 8) & 0xff;
	} else {
		ki.code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		ki.status = st & 0x7f;
	}
	signal_send_proc(parent, SIGCHLD, &ki, NULL);
	if (child_autoreap(parent))
		proc_reap(child);
}
