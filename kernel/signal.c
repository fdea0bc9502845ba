/*
 * Signal generation and delivery (signal.h). The syscalls are in sys_signal.c.
 */
#include "signal.h"
#include "sched.h"
#include "host.h"
#include "dispatch.h"
#include "uapi/wp_channel.h"
#include "ptimer.h"

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

/* sig's action is to ignore it, explicitly or by default. */
static bool signal_ignored(struct proc *p, int sig)
{
	uint32_t h = handler_of(p, sig);
	return h == SIG_IGN || (h == SIG_DFL && (default_ignored & SIGBIT(sig)));
}

/* ---- pending sets: a bit per signal, and for realtime signals a queue of their infos ---- */

/*
 * Makes sig pending in the set *set with queue *q (p's or one of its threads'): 0, or
 * -EAGAIN when a realtime signal cannot queue and was not sent by kill (signal.h).
 */
static int pend(struct proc *p, uint64_t *set, struct sigq **q, int sig,
		const struct ksiginfo *info)
{
	if (sig < SIGRTMIN) {
		if (!(*set & SIGBIT(sig)))
			p->sigacts->pinfo[sig] = *info;
		*set |= SIGBIT(sig);
		signalfd_notify();
		return 0;
	}
	struct sigq *e = NULL;
	/* a timer's signal is never lost to the limit: it queues once (ptimer.c) */
	if (info->code == SI_TIMER || (uint64_t)p->nsigq < p->rlim[RLIMIT_SIGPENDING].cur)
		e = kzalloc(sizeof *e);
	if (!e) {
		if (info->code != SI_USER)
			return -EAGAIN;
		*set |= SIGBIT(sig); /* pending, its info lost (Linux) */
		signalfd_notify();
		return 0;
	}
	e->sig = sig;
	e->info = *info;
	while (*q)
		q = &(*q)->next;
	*q = e;
	p->nsigq++;
	*set |= SIGBIT(sig);
	signalfd_notify();
	return 0;
}

/* Takes pending sig off set and q into info. A realtime signal stays pending while another
 * of its number is queued. */
static void unpend(struct proc *p, uint64_t *set, struct sigq **q, int sig, struct ksiginfo *info)
{
	if (sig < SIGRTMIN) {
		*set &= ~SIGBIT(sig);
		*info = p->sigacts->pinfo[sig];
		if (info->code == SI_TIMER)
			ptimer_taken(p, info);
		return;
	}
	struct sigq **pp = q;
	while (*pp && (*pp)->sig != sig)
		pp = &(*pp)->next;
	if (!*pp) { /* queued without its info (pend) */
		*set &= ~SIGBIT(sig);
		*info = (struct ksiginfo){ .code = SI_USER };
		return;
	}
	struct sigq *e = *pp;
	*info = e->info;
	*pp = e->next;
	kfree(e);
	p->nsigq--;
	while (*pp && (*pp)->sig != sig)
		pp = &(*pp)->next;
	if (!*pp)
		*set &= ~SIGBIT(sig);
	if (info->code == SI_TIMER)
		ptimer_taken(p, info);
}

/* Drops every pending signal of mask from set and q. */
static void unpend_all(struct proc *p, uint64_t *set, struct sigq **q, uint64_t mask)
{
	for (int sig = 1; sig < SIGRTMIN && p->sigacts; sig++) {
		struct ksiginfo *ki = &p->sigacts->pinfo[sig];
		if ((*set & mask & SIGBIT(sig)) && ki->code == SI_TIMER)
			ptimer_taken(p, ki);
	}
	*set &= ~mask;
	for (struct sigq **pp = q; *pp;) {
		struct sigq *e = *pp;
		if (!(mask & SIGBIT(e->sig))) {
			pp = &e->next;
			continue;
		}
		if (e->info.code == SI_TIMER)
			ptimer_taken(p, &e->info);
		*pp = e->next;
		kfree(e);
		p->nsigq--;
	}
}

static void discard_pending(struct proc *p, uint64_t set)
{
	unpend_all(p, &p->sigpending, &p->sigq, set);
	for (struct thread *td = p->threads; td; td = td->next_in_proc)
		unpend_all(p, &td->sigpending, &td->sigq, set);
}

void signal_discard_ignored(struct proc *p, int sig)
{
	if (signal_ignored(p, sig))
		discard_pending(p, SIGBIT(sig));
}

void signal_thread_release(struct thread *td)
{
	unpend_all(td->p, &td->sigpending, &td->sigq, ~(uint64_t)0);
}

void signal_proc_release(struct proc *p)
{
	unpend_all(p, &p->sigpending, &p->sigq, ~(uint64_t)0);
}

static bool cancel_in(struct proc *p, uint64_t *set, struct sigq **q, int id)
{
	bool found = false;
	for (struct sigq **pp = q; *pp;) {
		struct sigq *e = *pp;
		if (e->info.code != SI_TIMER || e->info.pid != id) {
			pp = &e->next;
			continue;
		}
		found = true;
		int sig = e->sig;
		*pp = e->next;
		kfree(e);
		p->nsigq--;
		bool more = false;
		for (struct sigq *o = *q; o; o = o->next)
			more |= o->sig == sig;
		if (!more)
			*set &= ~SIGBIT(sig);
	}
	return found;
}

bool signal_cancel_timer(struct proc *p, int id)
{
	bool found = cancel_in(p, &p->sigpending, &p->sigq, id);
	for (struct thread *td = p->threads; td; td = td->next_in_proc)
		found |= cancel_in(p, &td->sigpending, &td->sigq, id);
	return found;
}

static bool timer_in(struct proc *p, uint64_t set, const struct sigq *q, int id)
{
	for (; q; q = q->next)
		if (q->info.code == SI_TIMER && q->info.pid == id)
			return true;
	for (int sig = 1; sig < SIGRTMIN; sig++) {
		const struct ksiginfo *ki = &p->sigacts->pinfo[sig];
		if ((set & SIGBIT(sig)) && ki->code == SI_TIMER && ki->pid == id)
			return true;
	}
	return false;
}

bool signal_timer_queued(struct proc *p, int id)
{
	if (timer_in(p, p->sigpending, p->sigq, id))
		return true;
	for (struct thread *td = p->threads; td; td = td->next_in_proc)
		if (timer_in(p, td->sigpending, td->sigq, id))
			return true;
	return false;
}

/*
 * Takes the signal of ready to deliver next: td's own lowest first, then its process's
 * (Linux's order). Its number and info, or 0.
 */
static int take_lowest(struct thread *td, uint64_t ready, struct ksiginfo *info)
{
	struct proc *p = td->p;
	uint64_t own = td->sigpending & ready, shared = p->sigpending & ready;
	if (own) {
		int sig = __builtin_ctzll(own) + 1;
		unpend(p, &td->sigpending, &td->sigq, sig, info);
		return sig;
	}
	if (!shared)
		return 0;
	int sig = __builtin_ctzll(shared) + 1;
	unpend(p, &p->sigpending, &p->sigq, sig, info);
	return sig;
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

/* The thread whose mask decides for a process-directed signal: the leader, as on Linux. */
static struct thread *main_thread(struct proc *p)
{
	struct thread *td = thread_find(p->pid);
	return td && td->p == p ? td : p->threads;
}

/*
 * sig is discarded on generation for td (or p's main thread): ignored and not blocked.
 * Blocked signals are kept, for the action may change before they are unblocked (Linux).
 */
static bool discarded(struct proc *p, struct thread *td, int sig)
{
	if (!td)
		td = main_thread(p);
	/* sigtimedwait unblocks what it waits for: it stays blocked here (Linux's real_blocked) */
	uint64_t blocked = !td ? 0 : td->sigmask | (awaited(td, sig) ? td->saved_mask : 0);
	if (blocked & SIGBIT(sig))
		return false;
	return signal_ignored(p, sig);
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
	if (handler_of(p, sig) != SIG_DFL || !pick_thread(p, sig))
		return false; /* a blocked stop signal stops when it is delivered */
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
	return take_lowest(td, set, info);
}

int signal_send_proc(struct proc *p, int sig, const struct ksiginfo *info, struct thread *sender)
{
	if (p->state != PROC_ALIVE && p->state != PROC_EMBRYO)
		return 0;
	/* init takes only what it has a handler for; Linux drops the rest, SIGKILL included */
	if (p->pid == 1 && (handler_of(p, sig) == SIG_DFL || sig == SIGKILL || sig == SIGSTOP))
		return 0;
	if (job_control(p, sig))
		return 0;
	if (sig == SIGKILL) {
		if (sender && sender->p == p)
			p->sigpending |= SIGBIT(sig);
		else
			signal_kill_proc(p, sig, NULL);
		return 0;
	}
	if (discarded(p, NULL, sig))
		return 0;
	int r = pend(p, &p->sigpending, &p->sigq, sig, info);
	if (r)
		return r;
	struct thread *td = pick_thread(p, sig);
	if (td)
		signal_notify(p, td, sig, sender);
	return 0;
}

int signal_send_thread(struct thread *td, int sig, const struct ksiginfo *info,
		       struct thread *sender)
{
	struct proc *p = td->p;
	if (sig == SIGKILL || ((stop_or_cont & SIGBIT(sig)) && handler_of(p, sig) == SIG_DFL))
		return signal_send_proc(p, sig, info, sender);
	if (discarded(p, td, sig))
		return 0;
	/* a standard signal's info shares the process's slot: the signal is the same kind */
	int r = pend(p, &td->sigpending, &td->sigq, sig, info);
	if (r)
		return r;
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

/* Takes the next deliverable signal off td's pending sets: its number, or 0. */
static int dequeue(struct thread *td, struct ksiginfo *info)
{
	return take_lowest(td, deliverable(td), info);
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
		if (h == SIG_DFL && (default_stops & SIGBIT(sig))) {
			signal_stop(p, sig); /* it was blocked when generated */
			if (signal_hold(td, r))
				return -EGONE;
			continue;
		}
		if (h == SIG_IGN || (h == SIG_DFL && !signal_default_kills(sig)))
			continue; /* ignored, or a continue handled at generation */
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

long signal_trap(struct thread *td, int sig, bool handled)
{
	struct proc *p = td->p;
	uint32_t h = handler_of(p, sig);
	if (!handled && h != SIG_DFL && h != SIG_IGN && !(td->sigmask & SIGBIT(sig))) {
		/* SEGV_MAPERR, ILL_ILLOPC, FPE_INTDIV, BUS_ADRALN: each kind's first code */
		struct ksiginfo ki = { .code = 1 };
		signal_send_thread(td, sig, &ki, td);
		return 0;
	}
	proc_exit(p, td, sig | (signal_default_core(sig) ? 0x80 : 0));
	return -EGONE;
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
