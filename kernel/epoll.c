/*
 * epoll: epoll_create1, epoll_ctl, epoll_pwait.
 *
 * An epoll holds an item per registered (file, fd). Each item watches its file's poll queue
 * (struct wq_watch): when the queue is woken the item goes on the epoll's ready list and
 * the epoll's own queue is woken, so a wait looks only at items something happened to, never
 * at every registered descriptor. A wait polls each ready item once: level-triggered items
 * that are still ready stay on the list for the next wait; edge-triggered ones wait for the
 * next wake-up; EPOLLONESHOT disables an item until EPOLL_CTL_MOD. An item goes when its
 * file's last reference does (epoll_file_gone), as on Linux, not when one fd is closed.
 * An epoll can hold other epolls, up to EP_MAX_NEST deep and without cycles (ELOOP).
 * EPOLLEXCLUSIVE is accepted and wakes every waiter; EPOLLWAKEUP is ignored.
 */
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "poll.h"
#include "uapi/fcntl.h"

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLRDHUP     0x2000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET        (1u << 31)
#define EP_FLAGS       (EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)
#define EP_MAX_NEST    4
#define EP_MAX_EVENTS  (INT32_MAX / 16)

struct eventpoll;

struct epitem {
	struct wq_watch watch;   /* first: the callback finds the item from it */
	struct eventpoll *ep;
	struct file *file;       /* not held: the item goes with the file */
	int fd;
	uint32_t events;         /* asked for, with EP_FLAGS; 0 events once a oneshot fired */
	uint64_t data;
	struct waitq *wq;        /* the queue watched, or NULL */
	bool ready;              /* on ep's ready list */
	struct epitem *next;     /* ep's items */
	struct epitem *rnext;    /* ep's ready list */
	struct epitem *fnext;    /* the file's items */
};

struct eventpoll {
	struct epitem *items;
	struct epitem *ready, **ready_tail;
	struct waitq q;
};

/* struct epoll_event on wasm32: events, then 8-aligned data */
struct wp_epoll_event {
	uint32_t events;
	uint32_t pad;
	uint64_t data;
};

static const struct file_ops epoll_ops;

static void ready_push(struct epitem *it)
{
	struct eventpoll *ep = it->ep;
	if (it->ready)
		return;
	it->ready = true;
	it->rnext = NULL;
	*ep->ready_tail = it;
	ep->ready_tail = &it->rnext;
}

static void ep_wake(struct wq_watch *w)
{
	struct epitem *it = (struct epitem *)w;
	ready_push(it);
	waitq_wake_all(&it->ep->q);
}

/* What of it's events its file has now (POLLERR and POLLHUP always count). */
static int item_poll(struct epitem *it)
{
	uint32_t want = (it->events & ~EP_FLAGS) | POLLERR | POLLHUP;
	if (!(it->events & ~EP_FLAGS))
		return 0; /* a oneshot that fired */
	return it->file->ops->poll(it->file, (int)want) & (int)want;
}

static void item_remove(struct epitem *it)
{
	struct eventpoll *ep = it->ep;
	if (it->wq)
		waitq_unwatch(it->wq, &it->watch);
	for (struct epitem **pp = &ep->items; *pp; pp = &(*pp)->next)
		if (*pp == it) {
			*pp = it->next;
			break;
		}
	for (struct epitem **pp = &it->file->epitems; *pp; pp = &(*pp)->fnext)
		if (*pp == it) {
			*pp = it->fnext;
			break;
		}
	if (it->ready) {
		struct epitem **pp = &ep->ready;
		while (*pp != it)
			pp = &(*pp)->rnext;
		*pp = it->rnext;
		if (ep->ready_tail == &it->rnext)
			ep->ready_tail = pp;
	}
	kfree(it);
}

void epoll_file_gone(struct file *f)
{
	while (f->epitems)
		item_remove(f->epitems);
}

static int epoll_poll(struct file *f, int events)
{
	struct eventpoll *ep = f->priv;
	for (struct epitem *it = ep->ready; it; it = it->rnext)
		if (item_poll(it))
			return events & (POLLIN | POLLRDNORM);
	return 0;
}

static struct waitq *epoll_pollq(struct file *f)
{
	return &((struct eventpoll *)f->priv)->q;
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	while (ep->items)
		item_remove(ep->items);
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.poll = epoll_poll,
	.pollq = epoll_pollq,
	.release = epoll_release,
};

/* epoll_create1(flags) */
long sys_epoll_create1(struct thread *td, const sysarg_t *arg)
{
	uint32_t flags = arg[0];
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	struct eventpoll *ep = kzalloc(sizeof *ep);
	if (!ep)
		return -ENOMEM;
	ep->ready_tail = &ep->ready;
	struct file *f = file_alloc(&epoll_ops, O_RDONLY, ep);
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	return fd_alloc_new(td->p, f, flags & O_CLOEXEC);
}

/* ep can be reached from the epoll file f (f holds ep, or an epoll that does): depth is
 * how deep f already sits. */
static bool reaches(struct file *f, struct eventpoll *ep, int depth)
{
	if (f->ops != &epoll_ops)
		return false;
	struct eventpoll *inner = f->priv;
	if (inner == ep || depth > EP_MAX_NEST)
		return true;
	for (struct epitem *it = inner->items; it; it = it->next)
		if (reaches(it->file, ep, depth + 1))
			return true;
	return false;
}

static struct epitem *item_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *it = ep->items; it; it = it->next)
		if (it->file == f && it->fd == fd)
			return it;
	return NULL;
}

static int item_add(struct eventpoll *ep, struct file *f, int fd, const struct wp_epoll_event *ev)
{
	if (reaches(f, ep, 1))
		return -ELOOP;
	struct epitem *it = kzalloc(sizeof *it);
	if (!it)
		return -ENOMEM;
	it->watch.fn = ep_wake;
	it->ep = ep;
	it->file = f;
	it->fd = fd;
	it->events = ev->events;
	it->data = ev->data;
	it->next = ep->items;
	ep->items = it;
	it->fnext = f->epitems;
	f->epitems = it;
	it->wq = f->ops->pollq ? f->ops->pollq(f) : NULL;
	if (it->wq)
		waitq_watch(it->wq, &it->watch);
	if (item_poll(it))
		ep_wake(&it->watch);
	return 0;
}

static int ep_ctl(struct eventpoll *ep, struct file *f, int fd, int op,
		  const struct wp_epoll_event *ev)
{
	struct epitem *it = item_find(ep, f, fd);
	if (op == EPOLL_CTL_ADD)
		return it ? -EEXIST : item_add(ep, f, fd, ev);
	if (!it)
		return -ENOENT;
	if (op == EPOLL_CTL_DEL) {
		item_remove(it);
		return 0;
	}
	if ((ev->events & EPOLLEXCLUSIVE) || (it->events & EPOLLEXCLUSIVE))
		return -EINVAL;
	it->events = ev->events;
	it->data = ev->data;
	if (item_poll(it))
		ep_wake(&it->watch);
	return 0;
}

/* epoll_ctl(epfd, op, fd, event) */
long sys_epoll_ctl(struct thread *td, const sysarg_t *arg)
{
	int epfd = (int)arg[0], op = (int)arg[1], fd = (int)arg[2];
	struct wp_epoll_event ev = { 0 };
	long r = 0;
	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_DEL && op != EPOLL_CTL_MOD)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (r = copyin(td, arg[3], &ev, sizeof ev)))
		return r;
	struct file *e = fd_get(td->p, epfd), *f = fd_get(td->p, fd);
	if (!e || !f)
		r = -EBADF;
	else if (e->ops != &epoll_ops || e == f)
		r = -EINVAL;
	else if (!f->ops || !f->ops->poll)
		r = -EPERM; /* regular files and directories are always ready: Linux refuses them */
	else if ((ev.events & EPOLLEXCLUSIVE) && (f->ops == &epoll_ops || (ev.events & EPOLLONESHOT)))
		r = -EINVAL;
	else
		r = ep_ctl(e->priv, f, fd, op, &ev);
	file_drop(e);
	file_drop(f);
	return r;
}

/*
 * Polls the ready list once into out (at most max): level-triggered items still ready are
 * kept for the next wait. The number of events.
 */
static int ep_collect(struct eventpoll *ep, struct wp_epoll_event *out, int max)
{
	struct epitem *list = ep->ready;
	int n = 0;
	ep->ready = NULL;
	ep->ready_tail = &ep->ready;
	for (struct epitem *it = list, *next; it; it = next) {
		next = it->rnext;
		it->ready = false;
		if (n == max) {
			ready_push(it);
			continue;
		}
		int rev = item_poll(it);
		if (!rev)
			continue;
		out[n++] = (struct wp_epoll_event){ .events = (uint32_t)rev, .data = it->data };
		if (it->events & EPOLLONESHOT)
			it->events &= EP_FLAGS;
		else if (!(it->events & EPOLLET))
			ready_push(it);
	}
	return n;
}

static long ep_wait(struct thread *td, struct eventpoll *ep, uaddr_t uev, int max)
{
	int cap = max < 64 ? max : 64; /* at most 64 a call: the rest stay ready for the next */
	struct wp_epoll_event out[64];
	int n = ep_collect(ep, out, cap);
	if (n) {
		int r = copyout(td, out, uev, (size_t)n * sizeof out[0]);
		return r ? r : n;
	}
	if (td->wake_at < 0)
		return 0;
	long r = thread_park(td, &ep->q, td->wake_at);
	if (r == -ETIMEDOUT)
		return 0;
	return r == -ERESTARTSYS ? -EINTR : r;
}

/* epoll_pwait(epfd, events, maxevents, timeout ms, sigmask, sigsetsize) */
long sys_epoll_pwait(struct thread *td, const sysarg_t *arg)
{
	int epfd = (int)arg[0], max = (int)arg[2], timeout = (int)arg[3];
	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	struct file *e = fd_get(td->p, epfd);
	if (!e)
		return -EBADF;
	long r = e->ops == &epoll_ops ? 0 : -EINVAL;
	if (!r && !td->progress) {
		td->wake_at = timeout < 0 ? 0 : timeout == 0 ? -1
			: ns_add(clock_monotonic_ns(), (int64_t)timeout * 1000000);
		r = arg[4] ? poll_sigmask(td, arg[4], arg[5]) : 0;
		td->progress = 1;
	}
	if (!r)
		r = ep_wait(td, e->priv, arg[1], max);
	file_drop(e);
	return r;
}
