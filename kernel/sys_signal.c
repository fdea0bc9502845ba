/*
 * The signal syscalls: dispositions (rt_sigaction), masks (rt_sigprocmask, rt_sigsuspend,
 * rt_sigreturn), the pending set (rt_sigpending, rt_sigtimedwait), sending (kill, tkill,
 * tgkill, rt_sigqueueinfo) and the alternate stack. Generation and delivery are signal.c's.
 *
 * Sets cross as 8 bytes (sigsetsize must be 8, as Linux's _NSIG/8); SIGKILL and SIGSTOP can
 * be neither caught, ignored nor blocked.
 */
#include "signal.h"
#include "sched.h"

#define SIGSET_SIZE 8
#define NSEC 1000000000LL

static bool sig_valid(int sig)
{
	return sig >= 1 && sig <= NSIG_MAX;
}

static int sigset_in(struct thread *td, uaddr_t a, uint64_t *set)
{
	uint32_t w[2];
	int r = copyin(td, a, w, sizeof w);
	if (!r)
		*set = (uint64_t)w[1] << 32 | w[0];
	return r;
}

static int sigset_out(struct thread *td, uaddr_t a, uint64_t set)
{
	uint32_t w[2] = { (uint32_t)set, (uint32_t)(set >> 32) };
	return copyout(td, w, a, sizeof w);
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
long sys_rt_sigaction(struct thread *td, const sysarg_t *arg)
{
	int sig = (int)arg[0];
	uaddr_t act = arg[1], oact = arg[2];
	struct proc *p = td->p;
	struct wp_k_sigaction ka;

	if (arg[3] != SIGSET_SIZE || !sig_valid(sig))
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act) {
		int r = copyin(td, act, &ka, sizeof ka);
		if (r)
			return r;
	}
	if (oact) {
		int r = copyout(td, &p->sigacts->act[sig], oact, sizeof ka);
		if (r)
			return r;
	}
	if (act) {
		uint64_t mask = ((uint64_t)ka.mask[1] << 32 | ka.mask[0]) & ~SIG_UNBLOCKABLE;
		ka.mask[0] = (uint32_t)mask;
		ka.mask[1] = (uint32_t)(mask >> 32);
		p->sigacts->act[sig] = ka;
		signal_discard_ignored(p, sig);
	}
	return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(struct thread *td, const sysarg_t *arg)
{
	int how = (int)arg[0];
	uaddr_t set = arg[1], oset = arg[2];
	uint64_t s = 0, old = td->sigmask;

	if (arg[3] != SIGSET_SIZE)
		return -EINVAL;
	if (set) {
		int r = sigset_in(td, set, &s);
		if (r)
			return r;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
			return -EINVAL;
	}
	if (oset) {
		int r = sigset_out(td, oset, old);
		if (r)
			return r;
	}
	if (!set)
		return 0;
	if (how == SIG_BLOCK)
		td->sigmask |= s;
	else if (how == SIG_UNBLOCK)
		td->sigmask &= ~s;
	else
		td->sigmask = s;
	td->sigmask &= ~SIG_UNBLOCKABLE;
	return 0;
}

/* rt_sigpending(set, sigsetsize): pending signals that are blocked */
long sys_rt_sigpending(struct thread *td, const sysarg_t *arg)
{
	if (arg[1] != SIGSET_SIZE)
		return -EINVAL;
	uint64_t pending = (td->sigpending | td->p->sigpending) & td->sigmask;
	return sigset_out(td, arg[0], pending);
}

/*
 * rt_sigsuspend(mask, sigsetsize): waits with mask in force until a signal is delivered;
 * always EINTR. The frame's old mask is the one before the call (signal.c).
 */
long sys_rt_sigsuspend(struct thread *td, const sysarg_t *arg)
{
	if (!td->progress) {
		uint64_t mask;
		if (arg[1] != SIGSET_SIZE)
			return -EINVAL;
		int r = sigset_in(td, arg[0], &mask);
		if (r)
			return r;
		td->saved_mask = td->sigmask;
		td->restore_mask = true;
		td->sigmask = mask & ~SIG_UNBLOCKABLE;
		td->progress = 1;
	}
	long r = thread_park(td, NULL, 0);
	return r == -ERESTARTSYS ? -EINTR : r;
}

/* rt_sigreturn(mask_lo, mask_hi): the end of a handler restores the mask (docs/abi.md). */
long sys_rt_sigreturn(struct thread *td, const sysarg_t *arg)
{
	td->sigmask = ((uint64_t)arg[1] << 32 | arg[0]) & ~SIG_UNBLOCKABLE;
	return 0;
}

static int siginfo_out(struct thread *td, uaddr_t a, int sig, const struct ksiginfo *ki)
{
	struct wp_siginfo si;
	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = ki->code;
	si.si_pid = ki->pid;
	si.si_uid = ki->uid;
	si.si_status = ki->status;
	return copyout(td, &si, a, sizeof si);
}

/*
 * rt_sigtimedwait(set, info, timeout, sigsetsize): takes a pending signal of set without
 * running its handler. While waiting, set is unblocked so that its signals wake the thread;
 * the mask comes back when the call completes. Never restarted.
 */
long sys_rt_sigtimedwait(struct thread *td, const sysarg_t *arg)
{
	uaddr_t uset = arg[0], uinfo = arg[1], uts = arg[2];
	struct ksiginfo ki;
	uint64_t set;

	if (arg[3] != SIGSET_SIZE)
		return -EINVAL;
	int r = sigset_in(td, uset, &set);
	if (r)
		return r;
	set &= ~SIG_UNBLOCKABLE;
	if (!td->progress) {
		td->wake_at = 0;
		if (uts) {
			int64_t ts[2];
			r = copyin(td, uts, ts, sizeof ts);
			if (r)
				return r;
			int64_t nsec = (int32_t)(uint32_t)ts[1];
			if (ts[0] < 0 || nsec < 0 || nsec >= NSEC)
				return -EINVAL;
			int64_t rel = ts[0] > INT64_MAX / NSEC - 1 ? INT64_MAX / 2 : ts[0] * NSEC + nsec;
			td->wake_at = rel ? clock_monotonic_ns() + rel : -1;
		}
	}
	int sig = signal_take(td, set, &ki);
	if (sig) {
		if (td->progress) {
			td->sigmask = td->saved_mask;
			td->restore_mask = false;
		}
		r = uinfo ? siginfo_out(td, uinfo, sig, &ki) : 0;
		return r ? r : sig;
	}
	if (td->wake_at < 0)
		return -EAGAIN;
	if (!td->progress) {
		td->saved_mask = td->sigmask;
		td->restore_mask = true;
		td->sigmask &= ~set;
		td->progress = 1;
	}
	long pr = thread_park(td, NULL, td->wake_at);
	if (pr == -ETIMEDOUT)
		return -EAGAIN;
	return pr == -ERESTARTSYS ? -EINTR : pr;
}

/* May td's process send sig to p? (POSIX: same real or effective uid, or privilege;
 * SIGCONT within the session.) */
bool signal_may_send(struct proc *from, struct proc *p, int sig)
{
	const struct cred *a = &from->cred, *b = &p->cred;
	if (a->euid == 0 || a->uid == b->uid || a->uid == b->suid || a->euid == b->uid ||
	    a->euid == b->suid)
		return true;
	return sig == SIGCONT && from->sid == p->sid;
}

/* Sends sig (0: check only) to p: 0, -EPERM. */
static int send_one(struct thread *td, struct proc *p, int sig, const struct ksiginfo *ki)
{
	if (!signal_may_send(td->p, p, sig))
		return -EPERM;
	return sig ? signal_send_proc(p, sig, ki, td) : 0;
}

/*
 * Sends to every process matching pgid (> 0), or all but init and the caller (pgid -1).
 * 0 when at least one was signalled, else -EPERM (some matched) or -ESRCH.
 */
static int send_many(struct thread *td, int pgid, int sig, const struct ksiginfo *ki)
{
	bool found = false, sent = false;
	for (struct proc *p = proc_next(0); p;) {
		int pid = p->pid;
		bool match = pgid > 0 ? p->pgid == pgid : pid != 1 && p != td->p;
		if (match && p->state != PROC_ZOMBIE) {
			found = true;
			sent |= send_one(td, p, sig, ki) == 0;
		}
		p = proc_next(pid); /* p itself may be gone */
	}
	return sent ? 0 : found ? -EPERM : -ESRCH;
}

static long kern_kill(struct thread *td, int pid, int sig, const struct ksiginfo *ki)
{
	if (sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		return p ? send_one(td, p, sig, ki) : -ESRCH;
	}
	if (pid == 0)
		return send_many(td, td->p->pgid, sig, ki);
	if (pid == -1)
		return send_many(td, -1, sig, ki);
	if (pid == INT32_MIN)
		return -ESRCH;
	return send_many(td, -pid, sig, ki);
}

/* kill(pid, sig) */
long sys_kill(struct thread *td, const sysarg_t *arg)
{
	struct ksiginfo ki = { .code = SI_USER, .pid = td->p->pid, .uid = td->p->cred.uid };
	return kern_kill(td, (int)arg[0], (int)arg[1], &ki);
}

static long send_to_thread(struct thread *td, int tgid, int tid, int sig)
{
	if (tid <= 0 || (tgid != -1 && tgid <= 0) || sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	struct thread *t = thread_find(tid);
	if (!t || (tgid != -1 && t->p->pid != tgid))
		return -ESRCH;
	if (!signal_may_send(td->p, t->p, sig))
		return -EPERM;
	struct ksiginfo ki = { .code = SI_TKILL, .pid = td->p->pid, .uid = td->p->cred.uid };
	return sig ? signal_send_thread(t, sig, &ki, td) : 0;
}

/* tkill(tid, sig) */
long sys_tkill(struct thread *td, const sysarg_t *arg)
{
	return send_to_thread(td, -1, (int)arg[0], (int)arg[1]);
}

/* tgkill(tgid, tid, sig) */
long sys_tgkill(struct thread *td, const sysarg_t *arg)
{
	return send_to_thread(td, (int)arg[0], (int)arg[1], (int)arg[2]);
}

/*
 * rt_sigqueueinfo(pid, sig, info): a signal with the caller's siginfo. Only the kernel may
 * claim a non-negative si_code for another process (Linux): EPERM.
 */
long sys_rt_sigqueueinfo(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0], sig = (int)arg[1];
	struct wp_siginfo si;
	int r = copyin(td, arg[2], &si, sizeof si);
	if (r)
		return r;
	if (pid <= 0)
		return -ESRCH;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && pid != td->p->pid)
		return -EPERM;
	struct ksiginfo ki = { .code = si.si_code, .pid = si.si_pid, .uid = si.si_uid,
			       .status = si.si_status };
	return kern_kill(td, pid, sig, &ki);
}

/*
 * rt_tgsigqueueinfo(tgid, tid, sig, info): rt_sigqueueinfo to one thread of process tgid,
 * with the same rule for another process's si_code.
 */
long sys_rt_tgsigqueueinfo(struct thread *td, const sysarg_t *arg)
{
	int tgid = (int)arg[0], tid = (int)arg[1], sig = (int)arg[2];
	struct wp_siginfo si;
	int r = copyin(td, arg[3], &si, sizeof si);
	if (r)
		return r;
	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	struct thread *t = thread_find(tid);
	if (!t || t->p->pid != tgid)
		return -ESRCH;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && t->p != td->p)
		return -EPERM;
	if (!signal_may_send(td->p, t->p, sig))
		return -EPERM;
	struct ksiginfo ki = { .code = si.si_code, .pid = si.si_pid, .uid = si.si_uid,
			       .status = si.si_status };
	return sig ? signal_send_thread(t, sig, &ki, td) : 0;
}

/* sigaltstack(ss, oss) */
long sys_sigaltstack(struct thread *td, const sysarg_t *arg)
{
	uaddr_t ss = arg[0], oss = arg[1];
	struct wp_stack n, o = { td->altstack_sp, (int32_t)td->altstack_flags, td->altstack_size };

	if (!td->altstack_size)
		o.ss_flags = SS_DISABLE;
	if (ss) {
		int r = copyin(td, ss, &n, sizeof n);
		if (r)
			return r;
		int flags = n.ss_flags & ~SS_ONSTACK;
		if (flags != 0 && flags != SS_DISABLE)
			return -EINVAL;
		if (flags == 0 && n.ss_size < MINSIGSTKSZ)
			return -ENOMEM;
	}
	if (oss) {
		int r = copyout(td, &o, oss, sizeof o);
		if (r)
			return r;
	}
	if (ss) {
		bool off = (n.ss_flags & SS_DISABLE) != 0;
		td->altstack_sp = off ? 0 : n.ss_sp;
		td->altstack_size = off ? 0 : n.ss_size;
		td->altstack_flags = off ? SS_DISABLE : 0;
	}
	return 0;
}
