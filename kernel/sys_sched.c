/*
 * Scheduling parameters: nice (getpriority, setpriority), policies and priorities (the
 * sched_* calls) and CPU affinity. The kernel keeps and checks them as Linux does, but the
 * host runs every worker alike: they change what the calls report, not who runs first.
 */
#include "proc.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
#define NICE_MIN     (-20)
#define NICE_MAX     19

#define SCHED_OTHER 0
#define SCHED_FIFO  1
#define SCHED_RR    2
#define SCHED_BATCH 3
#define SCHED_IDLE  5
#define SCHED_RESET_ON_FORK 0x40000000
#define RT_PRIO_MAX 99
#define RR_INTERVAL_NS   100000000 /* SCHED_RR's time slice, Linux's default */
#define FAIR_INTERVAL_NS   4000000 /* what a time-sharing policy reports: one tick at 250 Hz */

/* The target of a pid argument (0: the caller), or NULL. Zombies count, as on Linux. */
static struct proc *sched_target(struct thread *td, int pid)
{
	return pid == 0 ? td->p : proc_find(pid);
}

/* Linux's rule for changing another process's scheduling: same user, or root. */
static bool may_change(const struct proc *self, const struct proc *p)
{
	const struct cred *c = &self->cred;
	return c->euid == 0 || c->euid == p->cred.uid || c->euid == p->cred.euid;
}

/* Whether p may have nice lowered to nice: root, or within p's RLIMIT_NICE (20 - nice). */
static bool may_lower_nice(const struct proc *self, const struct proc *p, int nice)
{
	return self->cred.euid == 0 || (uint64_t)(20 - nice) <= p->rlim[RLIMIT_NICE].cur;
}

/* Whether which/who selects p (who 0: the caller's own process, group or real uid). */
static bool prio_selects(struct thread *td, int which, int who, const struct proc *p)
{
	switch (which) {
	case PRIO_PROCESS:
		return p->pid == (who ? who : td->p->pid);
	case PRIO_PGRP:
		return p->pgid == (who ? who : td->p->pgid);
	default:
		return p->cred.uid == (who ? (uint32_t)who : td->p->cred.uid);
	}
}

/* getpriority: 20 - the lowest nice among the selected processes (musl turns it back). */
long sys_getpriority(struct thread *td, const sysarg_t *arg)
{
	int which = (int)arg[0], who = (int)arg[1];
	long best = -ESRCH;
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (which == PRIO_PROCESS) {
		struct proc *p = sched_target(td, who);
		return p ? 20 - p->nice : -ESRCH;
	}
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid))
		if (prio_selects(td, which, who, p) && 20 - p->nice > best)
			best = 20 - p->nice;
	return best;
}

/* setpriority: every selected process gets nice (clamped to -20..19); the last refusal
 * (EPERM: not ours, EACCES: lowering past RLIMIT_NICE) is the answer, or ESRCH for none. */
long sys_setpriority(struct thread *td, const sysarg_t *arg)
{
	int which = (int)arg[0], who = (int)arg[1], nice = (int)arg[2];
	long err = -ESRCH;
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = nice < NICE_MIN ? NICE_MIN : nice > NICE_MAX ? NICE_MAX : nice;
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		if (!prio_selects(td, which, who, p))
			continue;
		if (!may_change(td->p, p)) {
			err = -EPERM;
		} else if (nice < p->nice && !may_lower_nice(td->p, p, nice)) {
			err = -EACCES;
		} else {
			if (err == -ESRCH)
				err = 0;
			p->nice = nice;
		}
	}
	return err;
}

static bool policy_valid(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR ||
	       policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static bool policy_rt(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/*
 * Sets p's policy (-1: keep it) and priority as sched_setscheduler: real-time policies take
 * 1..99, the others 0; an unprivileged caller may not go past its RLIMIT_RTPRIO.
 */
static long sched_set(struct thread *td, int pid, int policy, uaddr_t uparam)
{
	int32_t prio;
	if (pid < 0 || !uparam)
		return -EINVAL;
	int r = copyin(td, uparam, &prio, sizeof prio);
	if (r)
		return r;
	struct proc *p = sched_target(td, pid);
	if (!p)
		return -ESRCH;
	if (policy < 0) /* sched_setparam: the policy and its reset-on-fork flag stay */
		policy = p->sched_policy;
	bool reset = policy & SCHED_RESET_ON_FORK;
	policy &= ~SCHED_RESET_ON_FORK;
	if (!policy_valid(policy))
		return -EINVAL;
	if (policy_rt(policy) ? prio < 1 || prio > RT_PRIO_MAX : prio != 0)
		return -EINVAL;
	if (td->p->cred.euid != 0) {
		if (policy_rt(policy) && (uint64_t)prio > p->rlim[RLIMIT_RTPRIO].cur &&
		    prio > p->sched_priority)
			return -EPERM;
		if (!may_change(td->p, p))
			return -EPERM;
	}
	p->sched_policy = policy | (reset ? SCHED_RESET_ON_FORK : 0);
	p->sched_priority = prio;
	return 0;
}

long sys_sched_setscheduler(struct thread *td, const sysarg_t *arg)
{
	int policy = (int)arg[1];
	if (policy < 0)
		return -EINVAL;
	return sched_set(td, (int)arg[0], policy, arg[2]);
}

long sys_sched_setparam(struct thread *td, const sysarg_t *arg)
{
	return sched_set(td, (int)arg[0], -1, arg[1]);
}

long sys_sched_getscheduler(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	if (pid < 0)
		return -EINVAL;
	struct proc *p = sched_target(td, pid);
	return p ? p->sched_policy : -ESRCH;
}

long sys_sched_getparam(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	uaddr_t uparam = arg[1];
	if (pid < 0 || !uparam)
		return -EINVAL;
	struct proc *p = sched_target(td, pid);
	if (!p)
		return -ESRCH;
	int32_t prio = p->sched_priority;
	return copyout(td, &prio, uparam, sizeof prio);
}

long sys_sched_get_priority_max(struct thread *td, const sysarg_t *arg)
{
	int policy = (int)arg[0];
	return !policy_valid(policy) ? -EINVAL : policy_rt(policy) ? RT_PRIO_MAX : 0;
}

long sys_sched_get_priority_min(struct thread *td, const sysarg_t *arg)
{
	int policy = (int)arg[0];
	return !policy_valid(policy) ? -EINVAL : policy_rt(policy) ? 1 : 0;
}

/* The time slice of pid's policy, as a struct timespec with 64-bit fields. */
long sys_sched_rr_get_interval(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	if (pid < 0)
		return -EINVAL;
	struct proc *p = sched_target(td, pid);
	if (!p)
		return -ESRCH;
	int policy = p->sched_policy & ~SCHED_RESET_ON_FORK;
	int64_t ns = policy == SCHED_FIFO ? 0 : policy == SCHED_RR ? RR_INTERVAL_NS : FAIR_INTERVAL_NS;
	int64_t ts[2] = { ns / 1000000000, ns % 1000000000 };
	return copyout(td, ts, arg[1], sizeof ts);
}

/* The CPU mask's size in bytes: whole 32-bit longs for the host's CPUs, as Linux sizes it
 * by the CPUs that can exist. */
static uint32_t cpumask_bytes(void)
{
	return (uint32_t)(proc_ncpus + 31) / 32 * 4;
}

/* Whether the mask may be this long: whole longs, room for every host CPU (Linux's rule). */
static bool mask_len_ok(uint32_t len)
{
	return (uint64_t)len * 8 >= (uint64_t)proc_ncpus && !(len & 3);
}

/* sched_getaffinity: the host CPUs pid may run on; returns the bytes written. */
long sys_sched_getaffinity(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	uint32_t len = arg[1];
	uaddr_t umask = arg[2];
	uint8_t mask[PROC_CPUS_MAX / 8] = { 0 };
	if (!mask_len_ok(len))
		return -EINVAL;
	struct proc *p = pid < 0 ? NULL : sched_target(td, pid);
	if (!p)
		return -ESRCH;
	for (int cpu = 0; cpu < proc_ncpus; cpu++)
		if (!(p->cpus_excluded[cpu / 8] & (1u << (cpu % 8))))
			mask[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
	uint32_t n = MIN(len, cpumask_bytes());
	int r = copyout(td, mask, umask, n);
	return r ? r : (long)n;
}

/* sched_setaffinity: pid may run on the mask's CPUs (bits past what is passed are clear);
 * EINVAL when none of them is a host CPU. It changes what getaffinity reports, as the host
 * runs workers where it likes. */
long sys_sched_setaffinity(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	uint32_t len = MIN((uint32_t)arg[1], (uint32_t)(PROC_CPUS_MAX / 8));
	uint8_t mask[PROC_CPUS_MAX / 8] = { 0 };
	int r = copyin(td, arg[2], mask, len);
	if (r)
		return r;
	struct proc *p = pid < 0 ? NULL : sched_target(td, pid);
	if (!p)
		return -ESRCH;
	if (!may_change(td->p, p))
		return -EPERM;
	bool any = false;
	for (int cpu = 0; cpu < proc_ncpus; cpu++)
		any |= (mask[cpu / 8] >> (cpu % 8)) & 1;
	if (!any)
		return -EINVAL;
	for (size_t i = 0; i < sizeof mask; i++)
		p->cpus_excluded[i] = (uint8_t)~mask[i];
	return 0;
}
