/*
 * eventfd, timerfd and signalfd through their handlers: EFAULT for every pointer (the
 * counter and the pending signals are kept), and creation under every allocation failure.
 */
#include "t.h"
#include "uapi/time.h"
#include "uapi/signal.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(eventfd2) SYS(timerfd_create) SYS(timerfd_settime) SYS(timerfd_gettime) SYS(signalfd4)
#undef SYS

TEST(every_pointer_of_the_event_descriptors_gives_efault)
{
	struct thread *td = t_proc(0, 0);
	int efd = (int)t_sys(td, sys_eventfd2, 7, 0);
	CHECK(efd >= 0);
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)efd, T_BAD, 8), -EFAULT);
	CHECK_EQ(t_sys(td, sys_write, (sysarg_t)efd, T_BAD, 8), -EFAULT);
	uaddr_t v = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)efd, v, 8), 8); /* the count was kept */
	uint64_t got;
	t_get(td, v, &got, 8);
	CHECK_EQ(got, 7);
	int tfd = (int)t_sys(td, sys_timerfd_create, CLOCK_MONOTONIC, 0);
	CHECK(tfd >= 0);
	CHECK_EQ(t_sys(td, sys_timerfd_settime, (sysarg_t)tfd, 0, T_BAD, 0), -EFAULT);
	struct wp_itimerspec its = { 0, 0, 10, 0 };
	CHECK_EQ(t_sys(td, sys_timerfd_settime, (sysarg_t)tfd, 0, t_bytes(td, &its, sizeof its),
		       T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_timerfd_gettime, (sysarg_t)tfd, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_timerfd_gettime, (sysarg_t)efd, t_alloc(td, 32)), -EINVAL);
	CHECK_EQ(t_sys(td, sys_timerfd_gettime, 999, t_alloc(td, 32)), -EBADF);
	CHECK_EQ(t_sys(td, sys_signalfd4, (sysarg_t)-1, T_BAD, 8, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_signalfd4, (sysarg_t)-1, t_alloc(td, 8), 4, 0), -EINVAL);
}

TEST(event_descriptors_survive_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t mask = t_alloc(td, 8);
	for (int kind = 0; kind < 3; kind++) {
		for (long n = 0;; n++) {
			long r;
			kalloc_fail_after = n;
			if (kind == 0)
				r = t_sys(td, sys_eventfd2, 0, 0);
			else if (kind == 1)
				r = t_sys(td, sys_timerfd_create, CLOCK_REALTIME, 0);
			else
				r = t_sys(td, sys_signalfd4, (sysarg_t)-1, mask, 8, 0);
			kalloc_fail_after = -1;
			if (r >= 0) {
				CHECK_EQ(t_sys(td, sys_close, (sysarg_t)r), 0);
				break;
			}
			CHECK_EQ(r, -ENOMEM);
			CHECK(n < 100);
		}
	}
}

long sys_pidfd_open(struct thread *td, const sysarg_t *arg);
long sys_pidfd_send_signal(struct thread *td, const sysarg_t *arg);

TEST(pidfds_give_efault_and_survive_every_allocation_failure)
{
	struct thread *td = t_registered_proc(0, 0);
	td->p->state = PROC_ALIVE;
	long fd;
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		fd = t_sys(td, sys_pidfd_open, (sysarg_t)td->p->pid, 0);
		kalloc_fail_after = -1;
		if (fd >= 0)
			break;
		CHECK_EQ(fd, -ENOMEM);
		CHECK(n < 100);
	}
	CHECK_EQ(t_sys(td, sys_pidfd_send_signal, (sysarg_t)fd, SIGUSR1, T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_pidfd_open, 31999, 0), -ESRCH);
}
