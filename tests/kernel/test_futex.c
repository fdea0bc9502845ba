/*
 * Futexes and the thread calls: every futex operation's effect on waiters (order, bitsets,
 * requeue, wake-op, PI hand-over, owner death), the errors Linux gives (EAGAIN, EINVAL,
 * EFAULT, EPERM, EDEADLK, ESRCH), and clone's and the robust-list calls' argument checks.
 * Waiters are threads of one registered process, made with thread_alloc as clone makes them.
 */
#include "t.h"
#include "futex.h"
#include "sched.h"

long sys_futex_time64(struct thread *td, const sysarg_t *arg);
long sys_clone(struct thread *td, const sysarg_t *arg);
long sys_set_robust_list(struct thread *td, const sysarg_t *arg);
long sys_get_robust_list(struct thread *td, const sysarg_t *arg);

#define WAIT 0
#define WAKE 1
#define REQUEUE 3
#define CMP_REQUEUE 4
#define WAKE_OP 5
#define LOCK_PI 6
#define UNLOCK_PI 7
#define TRYLOCK_PI 8
#define WAIT_BITSET 9
#define WAKE_BITSET 10
#define PRIVATE 128
#define OP(op, oparg, cmp, cmparg) \
	((uint32_t)(op) << 28 | (uint32_t)(cmp) << 24 | (uint32_t)(oparg) << 12 | (uint32_t)(cmparg))

/* A second thread of td's process, as clone would make it (served, not running). */
static struct thread *t_sibling(struct thread *td)
{
	struct thread *t = thread_alloc(td->p, 0);
	CHECK(t);
	t->state = TD_SYSCALL;
	t->park_timer.heap_index = -1;
	return t;
}

static long futex(struct thread *td, uaddr_t addr, int op, uint32_t val, uaddr_t ts, uaddr_t addr2,
		  uint32_t val3)
{
	return t_sys(td, sys_futex_time64, addr, (sysarg_t)op, val, ts, addr2, val3);
}

/* The thread's parked request again, as the run queue reruns a woken handler. */
static long rerun(struct thread *td, uaddr_t addr, int op, uint32_t val, uaddr_t ts)
{
	CHECK_EQ(td->state, TD_RUNNABLE);
	sched_cancel_park(td); /* off the run queue, as sched_take_runnable takes it */
	td->state = TD_SYSCALL;
	td->resumed = true;
	long r = futex(td, addr, op, val, ts, 0, 0);
	td->resumed = false;
	return r;
}

static uint32_t word_at(struct thread *td, uaddr_t a)
{
	uint32_t v;
	t_get(td, a, &v, 4);
	return v;
}

static void set_word(struct thread *td, uaddr_t a, uint32_t v)
{
	memcpy(fakehost_mem_ptr(td->p->pid, a), &v, 4);
}

TEST(futex_wait_checks_the_word_and_wake_takes_waiters_oldest_first)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td);
	uaddr_t w = t_alloc(td, 4);
	set_word(td, w, 5);
	CHECK_EQ(futex(a, w, WAIT | PRIVATE, 4, 0, 0, 0), -EAGAIN);
	CHECK_EQ(a->state, TD_SYSCALL);
	CHECK_EQ(futex(a, w, WAIT | PRIVATE, 5, 0, 0, 0), -EPARKED);
	CHECK_EQ(futex(b, w, WAIT, 5, 0, 0, 0), -EPARKED);
	CHECK_EQ(a->state, TD_PARKED);
	CHECK_EQ(futex(td, w + 4 * 0 + 0, WAKE | PRIVATE, 1, 0, 0, 0), 1);
	CHECK_EQ(b->state, TD_PARKED);
	CHECK_EQ(rerun(a, w, WAIT | PRIVATE, 5, 0), 0);
	CHECK_EQ(futex(td, w, WAKE, 0x7fffffff, 0, 0, 0), 1);
	CHECK_EQ(rerun(b, w, WAIT, 5, 0), 0);
	CHECK_EQ(futex(td, w, WAKE, 10, 0, 0, 0), 0); /* nobody left */
}

TEST(futex_wake_bitset_wakes_only_waiters_whose_bits_meet)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td);
	uaddr_t w = t_alloc(td, 4);
	CHECK_EQ(futex(a, w, WAIT_BITSET, 0, 0, 0, 0x1), -EPARKED);
	CHECK_EQ(futex(b, w, WAIT_BITSET, 0, 0, 0, 0x6), -EPARKED);
	CHECK_EQ(futex(td, w, WAKE_BITSET, 10, 0, 0, 0x2), 1);
	CHECK_EQ(b->state, TD_RUNNABLE);
	CHECK_EQ(a->state, TD_PARKED);
	CHECK_EQ(futex(td, w, WAKE_BITSET, 10, 0, 0, 0), -EINVAL);
	CHECK_EQ(futex(td, w, WAIT_BITSET, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(futex(td, w, WAKE, 10, 0, 0, 0), 1); /* plain WAKE matches any bitset */
	CHECK_EQ(a->state, TD_RUNNABLE);
}

TEST(futex_cmp_requeue_checks_the_word_then_wakes_some_and_moves_the_rest)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td), *c = t_sibling(td);
	uaddr_t w1 = t_alloc(td, 4), w2 = t_alloc(td, 4);
	set_word(td, w1, 7);
	CHECK_EQ(futex(a, w1, WAIT, 7, 0, 0, 0), -EPARKED);
	CHECK_EQ(futex(b, w1, WAIT, 7, 0, 0, 0), -EPARKED);
	CHECK_EQ(futex(c, w1, WAIT, 7, 0, 0, 0), -EPARKED);
	CHECK_EQ(futex(td, w1, CMP_REQUEUE, 1, 1, w2, 8), -EAGAIN);
	CHECK_EQ(a->state, TD_PARKED);
	/* one woken, one moved to w2, one left at w1: the count is both */
	CHECK_EQ(futex(td, w1, CMP_REQUEUE, 1, 1, w2, 7), 2);
	CHECK_EQ(a->state, TD_RUNNABLE);
	CHECK_EQ(futex(td, w2, WAKE, 10, 0, 0, 0), 1);
	CHECK_EQ(b->state, TD_RUNNABLE);
	CHECK_EQ(c->state, TD_PARKED);
	/* plain REQUEUE does not look at the word */
	CHECK_EQ(futex(td, w1, REQUEUE, 0, 5, w2, 0), 1);
	CHECK_EQ(futex(td, w1, WAKE, 10, 0, 0, 0), 0);
	CHECK_EQ(futex(td, w2, WAKE, 10, 0, 0, 0), 1);
	CHECK_EQ(c->state, TD_RUNNABLE);
	CHECK_EQ(futex(td, w1, CMP_REQUEUE, (uint32_t)-1, 1, w2, 7), -EINVAL);
	CHECK_EQ(futex(td, w1, CMP_REQUEUE, 1, 1, w2 + 1, 7), -EINVAL);
}

TEST(futex_wake_op_changes_the_second_word_and_wakes_there_when_the_old_value_compares)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td);
	uaddr_t w1 = t_alloc(td, 4), w2 = t_alloc(td, 4);
	set_word(td, w2, 1);
	CHECK_EQ(futex(a, w1, WAIT, 0, 0, 0, 0), -EPARKED);
	CHECK_EQ(futex(b, w2, WAIT, 1, 0, 0, 0), -EPARKED);
	/* w2 += 1; wake w1's waiter; and w2's if its old value == 2 (it was 1: no) */
	CHECK_EQ(futex(td, w1, WAKE_OP, 1, 1, w2, OP(1, 1, 0, 2)), 1);
	CHECK_EQ(word_at(td, w2), 2);
	CHECK_EQ(b->state, TD_PARKED);
	/* w2 |= 1 << 3 (OPARG_SHIFT); old 2 > 1: w2's waiter too */
	CHECK_EQ(futex(td, w1, WAKE_OP, 1, 1, w2, OP(2 | 8, 3, 4, 1)), 1);
	CHECK_EQ(word_at(td, w2), 10);
	CHECK_EQ(b->state, TD_RUNNABLE);
	CHECK_EQ(futex(td, w1, WAKE_OP, 1, 1, w2, OP(6, 0, 0, 0)), -ENOSYS);
	CHECK_EQ(futex(td, w1, WAKE_OP, 1, 1, w2, OP(8, 40, 0, 0)), -EINVAL);
	(void)a;
}

TEST(futex_pi_lock_takes_a_free_word_queues_behind_an_owner_and_unlock_hands_it_over)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td);
	uaddr_t w = t_alloc(td, 4);
	CHECK_EQ(futex(a, w, TRYLOCK_PI, 0, 0, 0, 0), 0);
	CHECK_EQ(word_at(td, w), (uint32_t)a->tid);
	CHECK_EQ(futex(a, w, LOCK_PI, 0, 0, 0, 0), -EDEADLK);
	CHECK_EQ(futex(b, w, TRYLOCK_PI, 0, 0, 0, 0), -EAGAIN);
	CHECK_EQ(futex(b, w, UNLOCK_PI, 0, 0, 0, 0), -EPERM);
	CHECK_EQ(futex(b, w, LOCK_PI, 0, 0, 0, 0), -EPARKED);
	CHECK_EQ(word_at(td, w), (uint32_t)a->tid | FUTEX_WAITERS);
	CHECK_EQ(futex(a, w, UNLOCK_PI, 0, 0, 0, 0), 0);
	CHECK_EQ(word_at(td, w), (uint32_t)b->tid); /* no one else waits: no WAITERS bit */
	CHECK_EQ(rerun(b, w, LOCK_PI, 0, 0), 0);
	CHECK_EQ(futex(b, w, UNLOCK_PI, 0, 0, 0, 0), 0);
	CHECK_EQ(word_at(td, w), 0);
	/* an owner tid that is no thread of this process */
	set_word(td, w, 29999);
	CHECK_EQ(futex(a, w, LOCK_PI, 0, 0, 0, 0), -ESRCH);
}

TEST(an_owner_dying_marks_its_lock_and_wakes_a_waiter)
{
	struct thread *td = t_registered_proc(0, 0);
	struct thread *a = t_sibling(td), *b = t_sibling(td);
	uaddr_t w = t_alloc(td, 4), pi = t_alloc(td, 4);
	set_word(td, w, (uint32_t)a->tid | FUTEX_WAITERS);
	CHECK_EQ(futex(b, w, WAIT, (uint32_t)a->tid | FUTEX_WAITERS, 0, 0, 0), -EPARKED);
	futex_owner_died(td->p->pid, w, b->tid, false); /* not b's lock: nothing */
	CHECK_EQ(b->state, TD_PARKED);
	futex_owner_died(td->p->pid, w, a->tid, false);
	CHECK_EQ(word_at(td, w), FUTEX_WAITERS | FUTEX_OWNER_DIED);
	CHECK_EQ(b->state, TD_RUNNABLE);

	CHECK_EQ(futex(a, pi, LOCK_PI, 0, 0, 0, 0), 0);
	CHECK_EQ(futex(b, pi, LOCK_PI, 0, 0, 0, 0), -EPARKED);
	futex_owner_died(td->p->pid, pi, a->tid, true);
	CHECK_EQ(b->state, TD_RUNNABLE);
	/* the waiter tries again and takes it, OWNER_DIED kept for it to see */
	CHECK_EQ(rerun(b, pi, LOCK_PI, 0, 0), 0);
	CHECK_EQ(word_at(td, pi), (uint32_t)b->tid | FUTEX_OWNER_DIED);
}

TEST(futex_arguments_are_checked_as_linux_does)
{
	struct thread *td = t_registered_proc(0, 0);
	uaddr_t w = t_alloc(td, 4);
	struct { int64_t sec; int32_t nsec, pad; } bad_ns = { 0, 1000000000, 0 };
	uaddr_t ts = t_bytes(td, &bad_ns, sizeof bad_ns);
	CHECK_EQ(futex(td, w + 1, WAIT, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(futex(td, w, WAIT, 0, ts, 0, 0), -EINVAL);
	CHECK_EQ(futex(td, T_BAD, WAIT, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(futex(td, w, WAIT, 0, T_BAD, 0, 0), -EFAULT);
	CHECK_EQ(futex(td, T_BAD, LOCK_PI, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(futex(td, T_BAD, UNLOCK_PI, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ(futex(td, T_BAD, CMP_REQUEUE, 1, 1, w, 0), -EFAULT);
	CHECK_EQ(futex(td, w, WAKE_OP, 1, 1, T_BAD, OP(0, 1, 0, 0)), -EFAULT);
	CHECK_EQ(futex(td, w, 99, 0, 0, 0, 0), -ENOSYS);
	CHECK_EQ(futex(td, w, WAKE | 256, 1, 0, 0, 0), -ENOSYS); /* CLOCK_REALTIME only on waits */
	/* a deadline already past times out without sleeping */
	struct { int64_t sec; int32_t nsec, pad; } past = { 1, 0, 0 };
	ts = t_bytes(td, &past, sizeof past);
	CHECK_EQ(futex(td, w, WAIT_BITSET | 256, 0, ts, 0, 0xffffffff), -EPARKED);
	CHECK(td->wake_at > 0 && td->wake_at <= clock_monotonic_ns());
	sched_cancel_park(td);
	td->state = TD_SYSCALL;
}

TEST(clone_refuses_what_is_not_a_thread_and_bad_pointers)
{
	struct thread *td = t_registered_proc(0, 0);
	const uint32_t threadish = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x80000 | 0x100000 | 0x200000;
	uaddr_t stack = t_alloc(td, 64) + 32;
	CHECK_EQ(t_sys(td, sys_clone, 0x11 /* fork: SIGCHLD */, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clone, threadish & ~0x100u, stack, 0, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clone, threadish | 0x4000 /* VFORK */, stack, 0, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clone, threadish, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_clone, threadish, T_BAD, 0, 0, 0), -EFAULT);
	int before = td->p->nthreads;
	CHECK_EQ(t_sys(td, sys_clone, threadish, stack, T_BAD, 0, t_alloc(td, 4)), -EFAULT);
	CHECK_EQ(td->p->nthreads, before); /* the thread made for it is gone again */
}

TEST(robust_list_calls_check_their_length_and_pointers)
{
	struct thread *td = t_registered_proc(0, 0);
	uaddr_t head = t_alloc(td, 12), out = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_set_robust_list, head, 11), -EINVAL);
	CHECK_EQ(t_sys(td, sys_set_robust_list, head, 12), 0);
	CHECK_EQ(t_sys(td, sys_get_robust_list, 0, out, out + 4), 0);
	CHECK_EQ(word_at(td, out), head);
	CHECK_EQ(word_at(td, out + 4), 12);
	CHECK_EQ(t_sys(td, sys_get_robust_list, 0, T_BAD, out + 4), -EFAULT);
	CHECK_EQ(t_sys(td, sys_get_robust_list, 0, out, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_get_robust_list, 999999, out, out + 4), -ESRCH);
}
