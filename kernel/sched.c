/*
 * Parking and waking threads, the run queue of woken threads, and kernel timers.
 *
 * A thread that must wait is parked: its request stays pending, it sits on one wait queue
 * (and perhaps the timer heap), and nothing runs for it. A wake-up moves it to the run queue;
 * the loop (main.c) then runs its handler again, and the handler re-checks its condition.
 */
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "poll.h"

static struct thread *runq_head, *runq_tail;

/* ---- timers: a binary min-heap of armed ktimers ---- */

#define TIMER_MAX (WP_TIMER_MAX)
static struct ktimer *heap[TIMER_MAX];
static int nheap;

static void heap_set(int i, struct ktimer *t)
{
	heap[i] = t;
	t->heap_index = i;
}

static void sift_up(int i)
{
	struct ktimer *t = heap[i];
	while (i > 0 && heap[(i - 1) / 2]->when > t->when) {
		heap_set(i, heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(i, t);
}

static void sift_down(int i)
{
	struct ktimer *t = heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && heap[c + 1]->when < heap[c]->when)
			c++;
		if (heap[c]->when >= t->when)
			break;
		heap_set(i, heap[c]);
		i = c;
	}
	heap_set(i, t);
}

void ktimer_disarm(struct ktimer *t)
{
	int i = t->heap_index;
	if (i < 0)
		return;
	t->heap_index = -1;
	struct ktimer *last = heap[--nheap];
	if (i == nheap)
		return;
	heap_set(i, last);
	sift_up(i);
	sift_down(last->heap_index);
}

void ktimer_arm(struct ktimer *t, int64_t when)
{
	ktimer_disarm(t);
	KASSERT(nheap < TIMER_MAX);
	t->when = when;
	heap_set(nheap++, t);
	sift_up(nheap - 1);
}

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *))
{
	t->fn = fn;
	t->heap_index = -1;
	t->when = 0;
}

int64_t sched_next_deadline(void)
{
	return nheap ? heap[0]->when : -1;
}

bool sched_run_timers(int64_t now)
{
	bool ran = false;
	while (nheap && heap[0]->when <= now) {
		struct ktimer *t = heap[0];
		ktimer_disarm(t);
		t->fn(t);
		ran = true;
	}
	return ran;
}

/* ---- parking ---- */

static void waitq_remove(struct thread *td)
{
	struct waitq *wq = td->wq;
	if (!wq)
		return;
	for (struct thread **pp = &wq->first; *pp; pp = &(*pp)->wq_next) {
		if (*pp == td) {
			*pp = td->wq_next;
			break;
		}
	}
	td->wq = NULL;
	td->wq_next = NULL;
}

void sched_make_runnable(struct thread *td)
{
	if (td->state != TD_PARKED)
		return;
	waitq_remove(td);
	ktimer_disarm(&td->park_timer);
	td->state = TD_RUNNABLE;
	td->run_next = NULL;
	if (runq_tail)
		runq_tail->run_next = td;
	else
		runq_head = td;
	runq_tail = td;
}

static void park_timeout(struct ktimer *t)
{
	struct thread *td = (struct thread *)((char *)t - __builtin_offsetof(struct thread, park_timer));
	td->timed_out = true;
	sched_make_runnable(td);
}

void sched_thread_init(struct thread *td)
{
	ktimer_init(&td->park_timer, park_timeout);
}

long thread_park(struct thread *td, struct waitq *wq, int64_t deadline)
{
	if (td->timed_out)
		return -ETIMEDOUT;
	if (signal_interrupts(td))
		return -ERESTARTSYS;
	td->state = TD_PARKED;
	td->wq = wq;
	if (wq) {
		/* append, so waiters wake in the order they came */
		struct thread **pp = &wq->first;
		while (*pp)
			pp = &(*pp)->wq_next;
		td->wq_next = NULL;
		*pp = td;
	}
	if (deadline > 0)
		ktimer_arm(&td->park_timer, deadline);
	return -EPARKED;
}

void waitq_move(struct thread *td, struct waitq *to)
{
	if (td->state != TD_PARKED || td->wq == to)
		return;
	waitq_remove(td);
	struct thread **pp = &to->first;
	while (*pp)
		pp = &(*pp)->wq_next;
	*pp = td;
	td->wq = to;
}

void waitq_wake_all(struct waitq *wq)
{
	while (wq->first)
		sched_make_runnable(wq->first);
	for (struct wq_watch *w = wq->watches; w; w = w->next)
		w->fn(w);
	if (wq->polled)
		poll_notify();
}

void waitq_watch(struct waitq *wq, struct wq_watch *w)
{
	w->next = wq->watches;
	wq->watches = w;
}

void waitq_unwatch(struct waitq *wq, struct wq_watch *w)
{
	for (struct wq_watch **pp = &wq->watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

void sched_cancel_park(struct thread *td)
{
	waitq_remove(td);
	ktimer_disarm(&td->park_timer);
	if (td->state == TD_RUNNABLE) {
		struct thread **pp = &runq_head, *prev = NULL;
		for (; *pp; prev = *pp, pp = &(*pp)->run_next) {
			if (*pp == td) {
				*pp = td->run_next;
				if (runq_tail == td)
					runq_tail = prev;
				break;
			}
		}
	}
}

struct thread *sched_take_runnable(void)
{
	struct thread *td = runq_head;
	if (td) {
		runq_head = td->run_next;
		if (!runq_head)
			runq_tail = NULL;
		td->run_next = NULL;
	}
	return td;
}
