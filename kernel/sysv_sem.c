/*
 * System V semaphores: semget, semop, semtimedop, semctl.
 *
 * A semop applies its whole array of operations or none of them: they are tried in order
 * on the set, and rolled back when one would block (a decrement below zero, or a
 * wait-for-zero on a non-zero value). A caller that must wait parks on the set's queue and
 * tries again from the top when anything in the set changes; GETNCNT and GETZCNT count the
 * parked callers by what stopped them. SEM_UNDO operations keep a per-process adjustment
 * that is applied when the process ends (sem_exit); a fork child starts with none.
 * Limits are Linux's defaults (SEMMSL, SEMOPM, SEMVMX, SEMAEM).
 */
#include "ipc.h"
#include "sched.h"

#define SEMMSL 32000   /* semaphores in one set */
#define SEMOPM 500     /* operations in one semop */
#define SEMVMX 32767   /* the largest value */
#define SEMAEM SEMVMX  /* the largest adjustment */
#define SEMMNS (IPC_MNI * 250)
#define NR_SEMOP 193
#define NR_SEMTIMEDOP 420

struct sem {
	uint16_t val;
	int32_t pid;       /* the last process to change it */
};

struct sem_set {
	struct kipc perm;  /* first */
	int nsems;
	int64_t otime;
	struct waitq q;
	struct sem sems[];
};

/* A process's adjustments to one set (SEM_UNDO). */
struct sem_undo {
	struct sem_undo *next;
	int id;
	int16_t adj[];
};

static struct ipc_space sems;
static int sems_total;

static struct sem_set *set_find(int id)
{
	return (struct sem_set *)ipc_find(&sems, id);
}

/* semget(key, nsems, semflg) */
long sys_semget(struct thread *td, const sysarg_t *arg)
{
	int32_t key = (int32_t)arg[0];
	int nsems = (int)arg[1], flg = (int)arg[2];
	struct kipc *o;
	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	int r = ipc_lookup(&sems, td, key, flg, &o);
	if (r < 0)
		return r;
	if (r == 0)
		return nsems > ((struct sem_set *)o)->nsems ? -EINVAL : o->id;
	if (nsems == 0)
		return -EINVAL;
	if (sems_total + nsems > SEMMNS)
		return -ENOSPC;
	struct sem_set *s = kzalloc(sizeof *s + (size_t)nsems * sizeof s->sems[0]);
	if (!s)
		return -ENOMEM;
	s->nsems = nsems;
	r = ipc_add(&sems, td, &s->perm, key, (uint32_t)flg);
	if (r < 0) {
		kfree(s);
		return r;
	}
	sems_total += nsems;
	return r;
}

static struct sem_undo *undo_find(struct proc *p, int id)
{
	for (struct sem_undo *u = p->semundo; u; u = u->next)
		if (u->id == id)
			return u;
	return NULL;
}

/* p's adjustments for s, made if need be: NULL when out of memory. */
static struct sem_undo *undo_get(struct proc *p, struct sem_set *s)
{
	struct sem_undo *u = undo_find(p, s->perm.id);
	if (u)
		return u;
	u = kzalloc(sizeof *u + (size_t)s->nsems * sizeof u->adj[0]);
	if (!u)
		return NULL;
	u->id = s->perm.id;
	u->next = p->semundo;
	p->semundo = u;
	return u;
}

/* Forgets every process's adjustment of set id's semaphore num (every one when num < 0). */
static void undo_clear(int id, int num, int nsems)
{
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		struct sem_undo *u = undo_find(p, id);
		if (!u)
			continue;
		for (int i = 0; i < nsems; i++)
			if (num < 0 || i == num)
				u->adj[i] = 0;
	}
}

/*
 * Tries sops on s in order: 0 when every one applied (a no-op rolls nothing), 1 when one
 * would block (everything rolled back; *stop is its index), or -ERANGE.
 */
static int sem_try(struct sem_set *s, const struct wp_sembuf *sops, int n, struct sem_undo *u,
		   int *stop)
{
	int i, r = 0;
	for (i = 0; i < n; i++) {
		struct sem *sem = &s->sems[sops[i].num];
		int v = sem->val + sops[i].op;
		if ((sops[i].op == 0 && sem->val != 0) || v < 0) {
			r = 1;
			break;
		}
		int adj = u && (sops[i].flg & SEM_UNDO) ? u->adj[sops[i].num] - sops[i].op : 0;
		if (v > SEMVMX || adj < -SEMAEM || adj > SEMAEM) {
			r = -ERANGE;
			break;
		}
		sem->val = (uint16_t)v;
	}
	*stop = i;
	if (r)
		while (--i >= 0)
			s->sems[sops[i].num].val = (uint16_t)(s->sems[sops[i].num].val - sops[i].op);
	return r;
}

/* The operations applied: pids, times, adjustments, and a wake for everyone waiting. */
static void sem_done(struct thread *td, struct sem_set *s, const struct wp_sembuf *sops, int n,
		     struct sem_undo *u)
{
	bool changed = false;
	for (int i = 0; i < n; i++) {
		s->sems[sops[i].num].pid = td->p->pid;
		if (u && (sops[i].flg & SEM_UNDO))
			u->adj[sops[i].num] = (int16_t)(u->adj[sops[i].num] - sops[i].op);
		changed |= sops[i].op != 0;
	}
	s->otime = clock_realtime_ns() / 1000000000;
	if (changed)
		waitq_wake_all(&s->q);
}

/* Checks sops against s and td's access: 0, -EFBIG or -EACCES; *undo says SEM_UNDO is used. */
static int sem_check(struct thread *td, struct sem_set *s, const struct wp_sembuf *sops, int n,
		     bool *undo)
{
	bool alter = false;
	*undo = false;
	for (int i = 0; i < n; i++) {
		if (sops[i].num >= s->nsems)
			return -EFBIG;
		alter |= sops[i].op != 0;
		*undo |= (sops[i].flg & SEM_UNDO) != 0;
	}
	return ipc_access(td, &s->perm, alter ? W_OK : R_OK);
}

static long sem_apply(struct thread *td, int id, const struct wp_sembuf *sops, int n)
{
	struct sem_set *s = set_find(id);
	bool undo;
	int stop;
	if (!s)
		return td->resumed ? -EIDRM : -EINVAL;
	int r = sem_check(td, s, sops, n, &undo);
	if (r)
		return r;
	struct sem_undo *u = undo ? undo_get(td->p, s) : NULL;
	if (undo && !u)
		return -ENOMEM;
	r = sem_try(s, sops, n, u, &stop);
	if (r <= 0) {
		if (!r)
			sem_done(td, s, sops, n, u);
		return r;
	}
	if (sops[stop].flg & IPC_NOWAIT)
		return -EAGAIN;
	td->cont.sem.id = id;
	td->cont.sem.num = sops[stop].num;
	td->cont.sem.zero = sops[stop].op == 0;
	long pr = thread_park(td, &s->q, td->wake_at);
	if (pr == -ETIMEDOUT)
		return -EAGAIN;
	return pr == -ERESTARTSYS ? -EINTR : pr; /* never restarted (Linux) */
}

static long kern_semop(struct thread *td, int id, uaddr_t usops, int n, uaddr_t uts)
{
	if (n < 1)
		return -EINVAL;
	if (n > SEMOPM)
		return -E2BIG;
	if (!td->resumed) {
		int r = timeout_deadline(td, uts, false, false, &td->wake_at);
		if (r)
			return r;
	}
	struct wp_sembuf *sops = kmalloc((size_t)n * sizeof *sops);
	if (!sops)
		return -ENOMEM;
	long r = copyin(td, usops, sops, (size_t)n * sizeof *sops);
	if (!r)
		r = sem_apply(td, id, sops, n);
	kfree(sops);
	return r;
}

/* semop(semid, sops, nsops) */
long sys_semop(struct thread *td, const sysarg_t *arg)
{
	return kern_semop(td, (int)arg[0], arg[1], (int)arg[2], 0);
}

/* semtimedop_time64(semid, sops, nsops, timeout): a relative timeout, EAGAIN when it ends */
long sys_semtimedop(struct thread *td, const sysarg_t *arg)
{
	return kern_semop(td, (int)arg[0], arg[1], (int)arg[2], arg[3]);
}

/* Parked semops of s stopped by semaphore num: waiting for zero, or for an increase. */
static int waiters(struct sem_set *s, int num, bool zero)
{
	int n = 0;
	for (struct thread *t = s->q.first; t; t = t->wq_next)
		if ((t->nr == NR_SEMOP || t->nr == NR_SEMTIMEDOP) && t->cont.sem.id == s->perm.id &&
		    t->cont.sem.num == num && t->cont.sem.zero == zero)
			n++;
	return n;
}

static void sem_remove(struct sem_set *s)
{
	ipc_remove(&sems, &s->perm);
	sems_total -= s->nsems;
	undo_clear(s->perm.id, -1, s->nsems);
	waitq_wake_all(&s->q); /* they find it gone: EIDRM */
	kfree(s);
}

static long sem_stat(struct thread *td, struct sem_set *s, uaddr_t ubuf)
{
	struct wp_semid_ds ds = { .otime = s->otime, .ctime = s->perm.ctime,
				  .nsems = (uint16_t)s->nsems };
	int r = ipc_access(td, &s->perm, R_OK);
	if (r)
		return r;
	ipc_perm_out(&s->perm, &ds.perm);
	return copyout(td, &ds, ubuf, sizeof ds);
}

static long sem_setall(struct thread *td, struct sem_set *s, uaddr_t uarr)
{
	size_t len = (size_t)s->nsems * sizeof(uint16_t);
	uint16_t *v = kmalloc(len);
	if (!v)
		return -ENOMEM;
	long r = copyin(td, uarr, v, len);
	for (int i = 0; !r && i < s->nsems; i++)
		if (v[i] > SEMVMX)
			r = -ERANGE;
	for (int i = 0; !r && i < s->nsems; i++) {
		s->sems[i].val = v[i];
		s->sems[i].pid = td->p->pid;
	}
	kfree(v);
	if (r)
		return r;
	undo_clear(s->perm.id, -1, s->nsems);
	s->perm.ctime = clock_realtime_ns() / 1000000000;
	waitq_wake_all(&s->q);
	return 0;
}

static long sem_getall(struct thread *td, struct sem_set *s, uaddr_t uarr)
{
	size_t len = (size_t)s->nsems * sizeof(uint16_t);
	uint16_t *v = kmalloc(len);
	if (!v)
		return -ENOMEM;
	for (int i = 0; i < s->nsems; i++)
		v[i] = s->sems[i].val;
	long r = copyout(td, v, uarr, len);
	kfree(v);
	return r;
}

static long sem_setval(struct thread *td, struct sem_set *s, int num, int val)
{
	if (val < 0 || val > SEMVMX)
		return -ERANGE;
	s->sems[num].val = (uint16_t)val;
	s->sems[num].pid = td->p->pid;
	undo_clear(s->perm.id, num, s->nsems);
	s->perm.ctime = clock_realtime_ns() / 1000000000;
	waitq_wake_all(&s->q);
	return 0;
}

static long sem_info(struct thread *td, int cmd, uaddr_t ubuf)
{
	struct wp_seminfo si = { .semmap = SEMMNS, .semmni = IPC_MNI, .semmns = SEMMNS,
				 .semmnu = SEMMNS, .semmsl = SEMMSL, .semopm = SEMOPM,
				 .semume = SEMOPM, .semusz = 20, .semvmx = SEMVMX,
				 .semaem = SEMAEM };
	if (cmd == SEM_INFO) {
		si.semusz = sems.used;
		si.semaem = sems_total;
	}
	int r = copyout(td, &si, ubuf, sizeof si);
	return r ? r : ipc_highest(&sems) < 0 ? 0 : ipc_highest(&sems);
}

/* The commands on one semaphore: GETVAL, GETPID, GETNCNT, GETZCNT, SETVAL. */
static long sem_one(struct thread *td, struct sem_set *s, int num, int cmd, sysarg_t a)
{
	if (num < 0 || num >= s->nsems)
		return -EINVAL;
	int r = ipc_access(td, &s->perm, cmd == SETVAL ? W_OK : R_OK);
	if (r)
		return r;
	switch (cmd) {
	case GETVAL:
		return s->sems[num].val;
	case GETPID:
		return s->sems[num].pid;
	case GETNCNT:
		return waiters(s, num, false);
	case GETZCNT:
		return waiters(s, num, true);
	}
	return sem_setval(td, s, num, (int)a);
}

/* semctl(semid, semnum, cmd | IPC_64, arg) */
long sys_semctl(struct thread *td, const sysarg_t *arg)
{
	int id = (int)arg[0], num = (int)arg[1], cmd = (int)arg[2] & ~IPC_64;
	struct wp_semid_ds in;
	if (cmd == IPC_INFO || cmd == SEM_INFO)
		return sem_info(td, cmd, arg[3]);
	if (cmd == SEM_STAT) {
		struct sem_set *s = (struct sem_set *)ipc_at(&sems, id);
		if (!s)
			return -EINVAL;
		long r = sem_stat(td, s, arg[3]);
		return r ? r : s->perm.id;
	}
	struct sem_set *s = set_find(id);
	if (!s)
		return -EINVAL;
	switch (cmd) {
	case IPC_STAT:
		return sem_stat(td, s, arg[3]);
	case IPC_SET: {
		int r = copyin(td, arg[3], &in, sizeof in);
		if (!r)
			r = ipc_owner(td, &s->perm);
		if (!r)
			ipc_perm_set(&s->perm, &in.perm);
		return r;
	}
	case IPC_RMID: {
		int r = ipc_owner(td, &s->perm);
		if (!r)
			sem_remove(s);
		return r;
	}
	case GETALL:
	case SETALL: {
		int r = ipc_access(td, &s->perm, cmd == SETALL ? W_OK : R_OK);
		if (r)
			return r;
		return cmd == SETALL ? sem_setall(td, s, arg[3]) : sem_getall(td, s, arg[3]);
	}
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETVAL:
		return sem_one(td, s, num, cmd, arg[3]);
	}
	return -EINVAL;
}

void sem_exit(struct proc *p)
{
	while (p->semundo) {
		struct sem_undo *u = p->semundo;
		struct sem_set *s = set_find(u->id);
		p->semundo = u->next;
		for (int i = 0; s && i < s->nsems; i++) {
			int v = s->sems[i].val + u->adj[i];
			if (!u->adj[i])
				continue;
			s->sems[i].val = (uint16_t)(v < 0 ? 0 : v > SEMVMX ? SEMVMX : v);
			s->sems[i].pid = p->pid;
		}
		if (s)
			waitq_wake_all(&s->q);
		kfree(u);
	}
}
