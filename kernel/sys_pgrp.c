/*
 * Process groups and sessions: setpgid, getpgid, setsid, getsid.
 *
 * Groups and sessions are numbers in struct proc (pgid, sid), inherited by fork; a group
 * exists while some process (zombies included, as Linux) carries its number. Controlling
 * terminals are the tty code's: setsid here only makes the new session and group.
 */
#include "proc.h"

/* Some process other than except is in group pgid (of session sid, when sid > 0). */
static bool group_exists(int pgid, int sid, const struct proc *except)
{
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid))
		if (p != except && p->pgid == pgid && (sid <= 0 || p->sid == sid))
			return true;
	return false;
}

/* The process pid names for the get calls: 0 is the caller. */
static struct proc *target(struct thread *td, int pid)
{
	return pid == 0 ? td->p : proc_find(pid);
}

/*
 * setpgid(pid, pgid): POSIX's rules. The target is the caller or one of its children in the
 * caller's session and not a session leader; the group is the target's own pid or one that
 * already exists in that session.
 */
long sys_setpgid(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0], pgid = (int)arg[1];
	struct proc *self = td->p, *p;

	if (pgid < 0)
		return -EINVAL;
	p = pid == 0 ? self : proc_find(pid);
	if (!p || (p != self && p->parent != self) || p->state == PROC_ZOMBIE)
		return -ESRCH;
	if (pgid == 0)
		pgid = p->pid;
	if (p->sid != self->sid)
		return -EPERM;
	if (p->sid == p->pid)
		return -EPERM;
	if (pgid != p->pid && !group_exists(pgid, self->sid, NULL))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

long sys_getpgid(struct thread *td, const sysarg_t *arg)
{
	struct proc *p = target(td, (int)arg[0]);
	return p ? p->pgid : -ESRCH;
}

/* setsid(): a new session and group led by the caller, which must not lead a group. */
long sys_setsid(struct thread *td, const sysarg_t *arg)
{
	struct proc *p = td->p;
	if (p->pgid == p->pid || group_exists(p->pid, 0, p))
		return -EPERM;
	p->sid = p->pgid = p->pid;
	return p->sid;
}

long sys_getsid(struct thread *td, const sysarg_t *arg)
{
	struct proc *p = target(td, (int)arg[0]);
	return p ? p->sid : -ESRCH;
}
