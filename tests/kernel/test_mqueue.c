/*
 * POSIX message queues through their handlers: permissions, limits, EFAULT for every
 * pointer (nothing moves or is lost), and allocation failure without leaks. Each test
 * unlinks what it made: the namespace outlives a test.
 */
#include "t.h"
#include "uapi/fcntl.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(mq_open) SYS(mq_unlink) SYS(mq_timedsend) SYS(mq_timedreceive) SYS(mq_notify)
SYS(mq_getsetattr) SYS(socket)
#undef SYS

struct attr {
	int32_t flags, maxmsg, msgsize, curmsgs, unused[4];
};

static long t_mq_open(struct thread *td, const char *name, int flags, int maxmsg, int msgsize)
{
	struct attr a = { 0, maxmsg, msgsize, 0, { 0 } };
	return t_sys(td, sys_mq_open, t_str(td, name), (sysarg_t)flags, 0600,
		     maxmsg ? t_bytes(td, &a, sizeof a) : 0);
}

static long t_send(struct thread *td, long q, const char *msg, unsigned prio)
{
	return t_sys(td, sys_mq_timedsend, (sysarg_t)q, t_str(td, msg), (sysarg_t)strlen(msg),
		     (sysarg_t)prio, 0);
}

static int32_t t_curmsgs(struct thread *td, long q)
{
	uaddr_t old = t_alloc(td, sizeof(struct attr));
	struct attr a;
	CHECK_EQ(t_sys(td, sys_mq_getsetattr, (sysarg_t)q, 0, old), 0);
	t_get(td, old, &a, sizeof a);
	return a.curmsgs;
}

TEST(mq_permissions_follow_the_owner_and_mode)
{
	struct thread *owner = t_proc(1000, 1000), *other = t_proc(2000, 2000);
	long q = t_mq_open(owner, "perm", O_RDWR | O_CREAT | O_EXCL, 2, 16);
	CHECK(q >= 0);
	CHECK_EQ(t_mq_open(other, "perm", O_RDONLY, 0, 0), -EACCES);
	CHECK_EQ(t_sys(other, sys_mq_unlink, t_str(other, "perm")), -EACCES);
	CHECK_EQ(t_mq_open(owner, "perm", O_RDWR | O_CREAT | O_EXCL, 2, 16), -EEXIST);
	CHECK_EQ(t_mq_open(owner, "perm", O_ACCMODE, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(owner, sys_mq_unlink, t_str(owner, "perm")), 0);
	CHECK_EQ(t_mq_open(owner, "", O_RDONLY, 0, 0), -ENOENT);
	CHECK_EQ(t_mq_open(owner, "a/b", O_RDWR | O_CREAT, 2, 16), -EACCES);
}

TEST(mq_limits_give_einval_emfile_and_enospc)
{
	struct thread *td = t_proc(1000, 1000);
	CHECK_EQ(t_mq_open(td, "big", O_RDWR | O_CREAT, 11, 16), -EINVAL); /* past msg_max */
	CHECK_EQ(t_mq_open(td, "big", O_RDWR | O_CREAT, 2, 8193), -EINVAL);
	CHECK_EQ(t_mq_open(td, "big", O_RDWR | O_CREAT, -1, 16), -EINVAL);
	td->p->rlim[RLIMIT_MSGQUEUE].cur = 100;
	CHECK_EQ(t_mq_open(td, "big", O_RDWR | O_CREAT, 2, 64), -EMFILE);
	td->p->rlim[RLIMIT_MSGQUEUE].cur = RLIM64_INFINITY;
	char name[16];
	int made = 0;
	long r = 0;
	for (; made < 300; made++) {
		snprintf(name, sizeof name, "q%d", made);
		r = t_mq_open(td, name, O_RDWR | O_CREAT, 1, 1);
		if (r < 0)
			break;
		t_sys(td, sys_close, (sysarg_t)r);
	}
	CHECK_EQ(r, -ENOSPC);
	CHECK_EQ(made, 256);
	for (int i = 0; i < made; i++) {
		snprintf(name, sizeof name, "q%d", i);
		CHECK_EQ(t_sys(td, sys_mq_unlink, t_str(td, name)), 0);
	}
}

TEST(every_pointer_of_the_mq_calls_gives_efault_and_loses_nothing)
{
	struct thread *td = t_proc(0, 0);
	CHECK_EQ(t_sys(td, sys_mq_open, T_BAD, O_RDWR | O_CREAT, 0600, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_open, t_str(td, "f"), O_RDWR | O_CREAT, 0600, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_unlink, T_BAD), -EFAULT);
	long q = t_mq_open(td, "f", O_RDWR | O_CREAT, 2, 8);
	CHECK(q >= 0);
	CHECK_EQ(t_sys(td, sys_mq_timedsend, (sysarg_t)q, T_BAD, 4, 0, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_timedsend, (sysarg_t)q, t_str(td, "m"), 1, 0, T_BAD), -EFAULT);
	CHECK_EQ(t_curmsgs(td, q), 0);
	CHECK_EQ(t_send(td, q, "kept", 3), 0);
	uaddr_t buf = t_alloc(td, 8), prio = t_alloc(td, 4);
	CHECK_EQ(t_sys(td, sys_mq_timedreceive, (sysarg_t)q, T_BAD, 8, prio, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_timedreceive, (sysarg_t)q, buf, 8, T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_timedreceive, (sysarg_t)q, buf, 8, prio, T_BAD), -EFAULT);
	CHECK_EQ(t_curmsgs(td, q), 1); /* the message is still there */
	CHECK_EQ(t_sys(td, sys_mq_timedreceive, (sysarg_t)q, buf, 8, prio, 0), 4);
	char got[4];
	uint32_t p;
	t_get(td, buf, got, 4);
	t_get(td, prio, &p, 4);
	CHECK(!memcmp(got, "kept", 4) && p == 3);
	CHECK_EQ(t_sys(td, sys_mq_notify, (sysarg_t)q, T_BAD), -EFAULT);
	/* SIGEV_THREAD: the cookie pointer, and the socket must be a netlink one */
	int nl = (int)t_sys(td, sys_socket, 16 /* AF_NETLINK */, 3 /* SOCK_RAW */, 0);
	CHECK(nl >= 0);
	int32_t ev[4] = { (int32_t)T_BAD, nl, 2 /* SIGEV_THREAD */, 0 };
	CHECK_EQ(t_sys(td, sys_mq_notify, (sysarg_t)q, t_bytes(td, ev, sizeof ev)), -EFAULT);
	ev[0] = (int32_t)t_alloc(td, 32);
	ev[1] = (int)q;
	CHECK_EQ(t_sys(td, sys_mq_notify, (sysarg_t)q, t_bytes(td, ev, sizeof ev)), -EINVAL);
	ev[1] = nl;
	CHECK_EQ(t_sys(td, sys_mq_notify, (sysarg_t)q, t_bytes(td, ev, sizeof ev)), 0);
	/* the registration holds the socket; unlinking the queue below frees both */
	CHECK_EQ(t_sys(td, sys_mq_getsetattr, (sysarg_t)q, T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mq_getsetattr, (sysarg_t)q, 0, T_BAD), -EFAULT);
	CHECK_EQ(t_send(td, q, "left", 0), 0); /* freed with the queue (the leak checker) */
	CHECK_EQ(t_sys(td, sys_mq_unlink, t_str(td, "f")), 0);
}

TEST(mq_open_and_send_survive_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	long q;
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		q = t_mq_open(td, "oom", O_RDWR | O_CREAT, 2, 8);
		kalloc_fail_after = -1;
		if (q >= 0)
			break;
		CHECK_EQ(q, -ENOMEM);
		CHECK_EQ(t_mq_open(td, "oom", O_RDONLY, 0, 0), -ENOENT); /* nothing left behind */
		CHECK(n < 100);
	}
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_send(td, q, "m", 0);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK_EQ(t_curmsgs(td, q), 0);
		CHECK(n < 100);
	}
	CHECK_EQ(t_curmsgs(td, q), 1);
	CHECK_EQ(t_sys(td, sys_mq_unlink, t_str(td, "oom")), 0);
}
