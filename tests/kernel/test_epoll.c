/*
 * epoll through its handlers: EFAULT for every pointer, allocation failure without leaks,
 * and registrations that go with their files or with the epoll (the leak checker).
 */
#include "t.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(epoll_create1) SYS(epoll_ctl) SYS(epoll_pwait) SYS(eventfd2)
#undef SYS

struct ev {
	uint32_t events, pad;
	uint64_t data;
};

static long t_ctl(struct thread *td, int ep, int op, int fd, uint32_t events)
{
	struct ev e = { events, 0, 9 };
	return t_sys(td, sys_epoll_ctl, (sysarg_t)ep, (sysarg_t)op, (sysarg_t)fd,
		     t_bytes(td, &e, sizeof e));
}

/* epoll_pwait as a new request (the dispatcher clears progress; the harness does not) */
static long t_pwait(struct thread *td, int ep, uaddr_t out, uaddr_t mask)
{
	td->progress = 0;
	return t_sys(td, sys_epoll_pwait, (sysarg_t)ep, out, 1, 0, mask, 8);
}

TEST(every_pointer_of_epoll_gives_efault_and_the_event_stays)
{
	struct thread *td = t_proc(0, 0);
	int ep = (int)t_sys(td, sys_epoll_create1, 0), efd = (int)t_sys(td, sys_eventfd2, 1, 0);
	CHECK(ep >= 0 && efd >= 0);
	CHECK_EQ(t_sys(td, sys_epoll_ctl, (sysarg_t)ep, 1, (sysarg_t)efd, T_BAD), -EFAULT);
	CHECK_EQ(t_ctl(td, ep, 1, efd, 1 /* EPOLLIN */), 0);
	CHECK_EQ(t_pwait(td, ep, T_BAD, 0), -EFAULT);
	uaddr_t out = t_alloc(td, 16);
	CHECK_EQ(t_pwait(td, ep, out, 0), 1); /* still ready */
	struct ev e;
	t_get(td, out, &e, sizeof e);
	CHECK(e.events == 1 && e.data == 9);
	CHECK_EQ(t_pwait(td, ep, out, T_BAD), -EFAULT);
	/* the eventfd closed first: its registration goes with it; then the epoll */
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)efd), 0);
	CHECK_EQ(t_pwait(td, ep, out, 0), 0);
	int efd2 = (int)t_sys(td, sys_eventfd2, 1, 0);
	CHECK_EQ(t_ctl(td, ep, 1, efd2, 1), 0); /* freed with the epoll at the end */
}

TEST(epoll_survives_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	long ep;
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		ep = t_sys(td, sys_epoll_create1, 0);
		kalloc_fail_after = -1;
		if (ep >= 0)
			break;
		CHECK_EQ(ep, -ENOMEM);
		CHECK(n < 100);
	}
	int efd = (int)t_sys(td, sys_eventfd2, 0, 0);
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_ctl(td, (int)ep, 1, efd, 1);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK_EQ(t_ctl(td, (int)ep, 2, efd, 0), -ENOENT); /* nothing registered */
		CHECK(n < 100);
	}
	CHECK_EQ(t_ctl(td, (int)ep, 1, efd, 1), -EEXIST);
}
