/*
 * wait4 and waitid: collecting children's exits, stops and continues.
 *
 * A zombie child's status is taken and the child reaped (unless WNOWAIT); a stop or continue
 * is reported once (signal.c leaves it in the child's wait_report). With nothing to collect
 * the caller parks on its own child_wait, which proc_exit and the job-control code wake.
 * A reaped child's CPU time joins the parent's children's time (times, getrusage); wait4's
 * rusage carries it as ru_utime (the rest is zero).
 */
#include "proc.h"
#include "signal.h"

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002 /* = WSTOPPED for waitid */
#define WEXITED    0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT    0x01000000
#define WNOTHREAD  0x20000000
#define WALL       0x40000000
#define WCLONE     0x80000000

#define P_ALL  0
#define P_PID  1
#define P_PGID 2

#define RUSAGE32_SIZE 72 /* struct rusage with 32-bit longs, as musl's wait4 passes it */

/* Which children a wait selects: pid > 0 one child, pgid > 0 a group, else all. */
struct wait_sel {
	int pid, pgid;
	int options;
};

/* What a wait found: the child's pid and wait status, and whether it is a stop/continue. */
struct wait_found {
	int pid;
	int status;
	uint32_t uid;
	int64_t cpu_ns;           /* the child's CPU time and its waited-for children's */
};

static bool selects(const struct wait_sel *w, const struct proc *c)
{
	if (w->pid > 0)
		return c->pid == w->pid;
	if (w->pgid > 0)
		return c->pgid == w->pgid;
	return true;
}

/*
 * Looks through p's children: 1 with *out filled (reaping a zombie unless WNOWAIT),
 * 0 when some selected child may report later, -ECHILD when none is selected.
 */
static int wait_scan(struct proc *p, const struct wait_sel *w, struct wait_found *out)
{
	bool any = false;
	for (struct proc *c = p->children; c; c = c->sibling) {
		if (!selects(w, c))
			continue;
		any = true;
		out->pid = c->pid;
		out->uid = c->cred.uid;
		out->cpu_ns = proc_cpu_ns(c) + c->cutime_ns;
		if (c->state == PROC_ZOMBIE && (w->options & WEXITED)) {
			out->status = c->exit_status;
			if (!(w->options & WNOWAIT)) {
				proc_add_child_times(p, c);
				proc_discard(c);
			}
			return 1;
		}
		int rep = c->wait_report;
		bool stop = rep && (rep & 0xff) == 0x7f;
		if (rep && c->state != PROC_ZOMBIE &&
		    ((stop && (w->options & WUNTRACED)) || (!stop && (w->options & WCONTINUED)))) {
			out->status = rep;
			if (!(w->options & WNOWAIT))
				c->wait_report = 0;
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

/* Collects per w, parking when nothing is ready: 1 (found), 0 (WNOHANG), or -errno/park. */
static long wait_common(struct thread *td, const struct wait_sel *w, struct wait_found *out)
{
	int r = wait_scan(td->p, w, out);
	if (r != 0)
		return r;
	if (w->options & WNOHANG)
		return 0;
	return thread_park(td, &td->p->child_wait, 0);
}

/* wait4(pid, wstatus, options, rusage) */
long sys_wait4(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0], options = (int)arg[2];
	uaddr_t ustatus = arg[1], urusage = arg[3];
	struct wait_sel w = { .options = (options & ~WNOWAIT) | WEXITED };
	struct wait_found f;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | (int)WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	if (pid > 0)
		w.pid = pid;
	else if (pid == 0)
		w.pgid = td->p->pgid;
	else if (pid < -1)
		w.pgid = -pid;
	long r = wait_common(td, &w, &f);
	if (r <= 0)
		return r;
	if (ustatus) {
		int st = f.status;
		r = copyout(td, &st, ustatus, sizeof st);
		if (r)
			return r;
	}
	if (urusage) {
		int32_t ru[RUSAGE32_SIZE / 4] = { (int32_t)(f.cpu_ns / 1000000000),
						   (int32_t)(f.cpu_ns % 1000000000 / 1000) };
		r = copyout(td, ru, urusage, sizeof ru);
		if (r)
			return r;
	}
	return f.pid;
}

/* The siginfo waitid fills in for a found child (Linux's CLD_* codes). */
static void waitid_info(const struct wait_found *f, struct wp_siginfo *si)
{
	int st = f->status;
	si->si_signo = SIGCHLD;
	si->si_pid = f->pid;
	si->si_uid = f->uid;
	if ((st & 0xff) == 0x7f) {
		si->si_code = CLD_STOPPED;
		si->si_status = (st >> 8) & 0xff;
	} else if (st == 0xffff) {
		si->si_code = CLD_CONTINUED;
		si->si_status = SIGCONT;
	} else if ((st & 0x7f) == 0) {
		si->si_code = CLD_EXITED;
		si->si_status = (st >> 8) & 0xff;
	} else {
		si->si_code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		si->si_status = st & 0x7f;
	}
}

/* waitid(idtype, id, infop, options, rusage) */
long sys_waitid(struct thread *td, const sysarg_t *arg)
{
	int type = (int)arg[0], id = (int)arg[1], options = (int)arg[3];
	uaddr_t uinfo = arg[2], urusage = arg[4];
	struct wait_sel w = { .options = options };
	struct wait_found f;

	if (options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL |
			(int)WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	switch (type) {
	case P_ALL:
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		w.pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		w.pgid = id ? id : td->p->pgid;
		break;
	default:
		return -EINVAL;
	}
	long r = wait_common(td, &w, &f);
	if (r < 0)
		return r;
	struct wp_siginfo si;
	memset(&si, 0, sizeof si);
	if (r > 0)
		waitid_info(&f, &si);
	if (uinfo) {
		int e = copyout(td, &si, uinfo, sizeof si);
		if (e)
			return e;
	}
	if (urusage) {
		uint8_t zero[RUSAGE32_SIZE] = { 0 };
		int e = copyout(td, zero, urusage, sizeof zero);
		if (e)
			return e;
	}
	return 0;
}
