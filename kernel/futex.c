/*
 * Futexes: a thread sleeps until another wakes it at the same word of the same memory.
 *
 * A waiter is keyed by (memory, address): every thread of a process shares the process's
 * memory, named by its pid. Waiters park on one of FUTEX_BUCKETS wait queues, chosen by a
 * hash of the key; waking walks the bucket for matching keys, oldest waiter first. The kernel
 * serves one request at a time, so a wake that follows a waiter's check of the word always
 * finds that waiter parked: nothing is lost between the check and the sleep.
 *
 * The guest's threads keep running while the kernel works, so the kernel reads and changes
 * futex words only with the host's atomic operations (host_uatomic), never by copying.
 *
 * The PI operations keep Linux's owner-tid protocol: the word holds the owner's tid, with
 * FUTEX_WAITERS set while someone waits in the kernel and FUTEX_OWNER_DIED once an owner died
 * holding it (thread.c's robust-list walk). Unlocking hands the word to the oldest waiter.
 * Priorities are not boosted: the host schedules every worker alike.
 */
#include "futex.h"
#include "host.h"
#include "sched.h"

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAKE_OP         5
#define FUTEX_LOCK_PI         6
#define FUTEX_UNLOCK_PI       7
#define FUTEX_TRYLOCK_PI      8
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_LOCK_PI2       13
#define FUTEX_PRIVATE_FLAG  128
#define FUTEX_CLOCK_REALTIME 256

#define FUTEX_OP_SET  0
#define FUTEX_OP_ADD  1
#define FUTEX_OP_OR   2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR  4
#define FUTEX_OP_OPARG_SHIFT 8

#define FUTEX_BUCKETS 256

static struct waitq buckets[FUTEX_BUCKETS];

static struct waitq *bucket(int mem, uaddr_t addr)
{
	uint32_t h = (addr >> 2) * 2654435761u ^ (uint32_t)mem * 40503u;
	return &buckets[(h >> 8) % FUTEX_BUCKETS];
}

static bool waits_at(const struct thread *w, int mem, uaddr_t addr)
{
	return w->futex_mem == mem && w->futex_addr == addr;
}

static int word(int mem, uaddr_t addr, int op, uint32_t a, uint32_t b, uint32_t *old)
{
	if (addr & 3)
		return -EINVAL;
	return host_uatomic(mem, addr, op, a, b, old);
}

int futex_wake(int mem, uaddr_t addr, int n, uint32_t bitset)
{
	struct waitq *q = bucket(mem, addr);
	int woken = 0;
	for (struct thread *w = q->first, *next; w && woken < n; w = next) {
		next = w->wq_next;
		if (!waits_at(w, mem, addr) || w->futex_pi || !(w->futex_bitset & bitset))
			continue;
		w->futex_woken = true;
		sched_make_runnable(w);
		woken++;
	}
	return woken;
}

/* Wakes one PI waiter at the word without handing it the lock: it tries again. */
static void wake_pi_retry(int mem, uaddr_t addr)
{
	for (struct thread *w = bucket(mem, addr)->first; w; w = w->wq_next) {
		if (waits_at(w, mem, addr) && w->futex_pi) {
			sched_make_runnable(w);
			return;
		}
	}
}

void futex_owner_died(int mem, uaddr_t addr, int tid, bool pi)
{
	for (int tries = 0; tries < 16; tries++) {
		uint32_t cur, seen;
		if (word(mem, addr, UATOMIC_LOAD, 0, 0, &cur) < 0 || (cur & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
		uint32_t next = (cur & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (word(mem, addr, UATOMIC_CMPXCHG, cur, next, &seen) < 0)
			return;
		if (seen != cur)
			continue; /* the word changed under us: look again */
		if (cur & FUTEX_WAITERS) {
			if (pi)
				wake_pi_retry(mem, addr);
			else
				futex_wake(mem, addr, 1, FUTEX_BITSET_MATCH_ANY);
		}
		return;
	}
}


static long futex_wait(struct thread *td, uaddr_t addr, uint32_t val, uaddr_t ts, bool absolute,
		       bool realtime, uint32_t bitset)
{
	int mem = td->p->pid;
	if (td->resumed) {
		if (td->futex_woken)
			return 0;
		/* a signal or the deadline, which thread_park reports; else sleep on */
	} else {
		if (!bitset)
			return -EINVAL;
		int64_t deadline;
		int r = timeout_deadline(td, ts, absolute, realtime, &deadline);
		if (r < 0)
			return r;
		uint32_t cur;
		r = word(mem, addr, UATOMIC_LOAD, 0, 0, &cur);
		if (r < 0)
			return r;
		if (cur != val)
			return -EAGAIN;
		td->futex_mem = mem;
		td->futex_addr = addr;
		td->futex_bitset = bitset;
		td->futex_pi = false;
		td->futex_woken = false;
		td->wake_at = deadline;
	}
	return thread_park(td, bucket(mem, td->futex_addr), td->wake_at);
}

static long futex_requeue(struct thread *td, uaddr_t addr, int nwake, int nmove, uaddr_t addr2,
			  bool cmp, uint32_t val3)
{
	int mem = td->p->pid;
	if (nwake < 0 || nmove < 0 || (addr2 & 3))
		return -EINVAL;
	if (cmp) {
		uint32_t cur;
		int r = word(mem, addr, UATOMIC_LOAD, 0, 0, &cur);
		if (r < 0)
			return r;
		if (cur != val3)
			return -EAGAIN;
	}
	int done = futex_wake(mem, addr, nwake, FUTEX_BITSET_MATCH_ANY);
	struct waitq *q = bucket(mem, addr), *to = bucket(mem, addr2);
	int moved = 0;
	for (struct thread *w = q->first, *next; w && moved < nmove; w = next) {
		next = w->wq_next;
		if (!waits_at(w, mem, addr) || w->futex_pi)
			continue;
		w->futex_addr = addr2;
		waitq_move(w, to);
		moved++;
	}
	return done + moved;
}

static long futex_wake_op(struct thread *td, uaddr_t addr, int n, int n2, uaddr_t addr2, uint32_t val3)
{
	int mem = td->p->pid;
	int op = (val3 >> 28) & 15, cmp = (val3 >> 24) & 15;
	int32_t oparg = (int32_t)(val3 << 8) >> 20, cmparg = (int32_t)(val3 << 20) >> 20;
	if (op & FUTEX_OP_OPARG_SHIFT) {
		if (oparg < 0 || oparg > 31)
			return -EINVAL;
		oparg = (int32_t)(1u << oparg);
		op &= ~FUTEX_OP_OPARG_SHIFT;
	}
	static const int ops[] = {
		[FUTEX_OP_SET] = UATOMIC_XCHG, [FUTEX_OP_ADD] = UATOMIC_ADD, [FUTEX_OP_OR] = UATOMIC_OR,
		[FUTEX_OP_ANDN] = UATOMIC_ANDN, [FUTEX_OP_XOR] = UATOMIC_XOR,
	};
	if (op > FUTEX_OP_XOR || cmp > 5)
		return -ENOSYS;
	uint32_t old;
	int r = word(mem, addr2, ops[op], (uint32_t)oparg, 0, &old);
	if (r < 0)
		return r;
	int woken = futex_wake(mem, addr, n, FUTEX_BITSET_MATCH_ANY);
	int32_t o = (int32_t)old;
	bool hit;
	switch (cmp) {
	case 0: hit = o == cmparg; break;
	case 1: hit = o != cmparg; break;
	case 2: hit = o < cmparg; break;
	case 3: hit = o <= cmparg; break;
	case 4: hit = o > cmparg; break;
	default: hit = o >= cmparg; break;
	}
	if (hit)
		woken += futex_wake(mem, addr2, n2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* True when a thread other than self waits for the PI word. */
static bool pi_waiters(int mem, uaddr_t addr, const struct thread *self)
{
	for (struct thread *w = bucket(mem, addr)->first; w; w = w->wq_next)
		if (w != self && waits_at(w, mem, addr) && w->futex_pi)
			return true;
	return false;
}

static long futex_lock_pi(struct thread *td, uaddr_t addr, uaddr_t ts, bool realtime, bool try)
{
	int mem = td->p->pid;
	if (td->resumed && td->futex_woken)
		return 0; /* the unlocker handed the word over */
	if (!td->resumed) {
		int64_t deadline;
		int r = timeout_deadline(td, ts, true, realtime, &deadline);
		if (r < 0)
			return r;
		td->wake_at = deadline;
		td->futex_woken = false;
	}
	for (int tries = 0; tries < 64; tries++) {
		uint32_t cur, seen;
		int r = word(mem, addr, UATOMIC_LOAD, 0, 0, &cur);
		if (r < 0)
			return r;
		uint32_t owner = cur & FUTEX_TID_MASK;
		if (owner == (uint32_t)td->tid)
			return -EDEADLK;
		if (!owner) {
			/* free, or its owner died holding it: take it, keeping OWNER_DIED for the
			 * caller to see */
			uint32_t mine = (uint32_t)td->tid | (cur & FUTEX_OWNER_DIED) |
					(pi_waiters(mem, addr, td) ? FUTEX_WAITERS : 0);
			r = word(mem, addr, UATOMIC_CMPXCHG, cur, mine, &seen);
			if (r < 0)
				return r;
			if (seen == cur)
				return 0;
			continue;
		}
		if (try)
			return -EAGAIN;
		const struct thread *o = thread_find((int)owner);
		if (!o || o->p->pid != mem)
			return -ESRCH; /* no such owner: the word is corrupt */
		if (!(cur & FUTEX_WAITERS)) {
			r = word(mem, addr, UATOMIC_CMPXCHG, cur, cur | FUTEX_WAITERS, &seen);
			if (r < 0)
				return r;
			if (seen != cur)
				continue;
		}
		td->futex_mem = mem;
		td->futex_addr = addr;
		td->futex_bitset = FUTEX_BITSET_MATCH_ANY;
		td->futex_pi = true;
		return thread_park(td, bucket(mem, addr), td->wake_at);
	}
	return -EAGAIN;
}

static long futex_unlock_pi(struct thread *td, uaddr_t addr)
{
	int mem = td->p->pid;
	for (int tries = 0; tries < 64; tries++) {
		uint32_t cur, seen;
		int r = word(mem, addr, UATOMIC_LOAD, 0, 0, &cur);
		if (r < 0)
			return r;
		if ((cur & FUTEX_TID_MASK) != (uint32_t)td->tid)
			return -EPERM;
		struct thread *next = NULL;
		for (struct thread *w = bucket(mem, addr)->first; w && !next; w = w->wq_next)
			if (waits_at(w, mem, addr) && w->futex_pi)
				next = w;
		uint32_t handed = next ? (uint32_t)next->tid | (pi_waiters(mem, addr, next) ? FUTEX_WAITERS : 0) : 0;
		r = word(mem, addr, UATOMIC_CMPXCHG, cur, handed, &seen);
		if (r < 0)
			return r;
		if (seen != cur)
			continue;
		if (next) {
			next->futex_woken = true;
			sched_make_runnable(next);
		}
		return 0;
	}
	return -EAGAIN;
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3), with 64-bit timespecs */
long sys_futex_time64(struct thread *td, const sysarg_t *arg)
{
	uaddr_t addr = arg[0], ts = arg[3], addr2 = arg[4];
	int op = (int)arg[1], cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint32_t val = arg[2], val2 = arg[3], val3 = arg[5];
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	if (!td->resumed && (addr & 3))
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(td, addr, val, ts, false, realtime, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(td, addr, val, ts, true, realtime, val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAKE_BITSET && !val3)
			return -EINVAL;
		return futex_wake(td->p->pid, addr, (int)MIN(val, (uint32_t)INT32_MAX),
				  cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(td, addr, (int)val, (int)val2, addr2, cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(td, addr, (int)MIN(val, (uint32_t)INT32_MAX),
				     (int)MIN(val2, (uint32_t)INT32_MAX), addr2, val3);
	case FUTEX_LOCK_PI:
		return futex_lock_pi(td, addr, ts, true, false);
	case FUTEX_LOCK_PI2:
		return futex_lock_pi(td, addr, ts, realtime, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(td, addr, 0, false, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(td, addr);
	}
	return -ENOSYS;
}
