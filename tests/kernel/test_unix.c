/*
 * AF_UNIX sockets through their handlers: EFAULT for every pointer argument of every
 * socket call (data stays), creation and connection under every allocation failure, a
 * connection flood bounded by the backlog, and descriptors in flight freed with their
 * socket (the leak checker).
 */
#include "t.h"
#include "unix.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(socket) SYS(socketpair) SYS(bind) SYS(listen) SYS(accept4) SYS(connect)
SYS(getsockname) SYS(getpeername) SYS(sendto) SYS(recvfrom) SYS(sendmsg) SYS(recvmsg)
SYS(getsockopt) SYS(setsockopt) SYS(pipe2)
#undef SYS

/* An abstract AF_UNIX name in td's memory; *len is its length. */
static uaddr_t t_abstract(struct thread *td, const char *name, uint32_t *len)
{
	struct { uint16_t family; char path[108]; } a = { AF_UNIX, { 0 } };
	memcpy(a.path + 1, name, strlen(name));
	*len = 2 + 1 + (uint32_t)strlen(name);
	return t_bytes(td, &a, sizeof a);
}

static void t_pair(struct thread *td, int type, int sv[2])
{
	uaddr_t a = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_socketpair, AF_UNIX, (sysarg_t)type, 0, a), 0);
	t_get(td, a, sv, 8);
}

/* A non-blocking listener with backlog at name. */
static int t_listener(struct thread *td, const char *name, int backlog)
{
	uint32_t len;
	int s = (int)t_sys(td, sys_socket, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(s >= 0);
	CHECK_EQ(t_sys(td, sys_bind, (sysarg_t)s, t_abstract(td, name, &len), len), 0);
	CHECK_EQ(t_sys(td, sys_listen, (sysarg_t)s, (sysarg_t)backlog), 0);
	return s;
}

static long t_connect(struct thread *td, const char *name)
{
	uint32_t len;
	int c = (int)t_sys(td, sys_socket, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(c >= 0);
	long r = t_sys(td, sys_connect, (sysarg_t)c, t_abstract(td, name, &len), len);
	return r < 0 ? r : c;
}

TEST(every_pointer_of_every_socket_call_gives_efault)
{
	struct thread *td = t_proc(0, 0);
	int sv[2];
	uint32_t room = 110;
	uaddr_t lp = t_bytes(td, &room, 4), buf = t_alloc(td, 110);
	CHECK_EQ(t_sys(td, sys_socketpair, AF_UNIX, SOCK_STREAM, 0, T_BAD), -EFAULT);
	t_pair(td, SOCK_STREAM, sv);
	int s = (int)t_sys(td, sys_socket, AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(t_sys(td, sys_bind, (sysarg_t)s, T_BAD, 20), -EFAULT);
	CHECK_EQ(t_sys(td, sys_connect, (sysarg_t)s, T_BAD, 20), -EFAULT);
	int l = t_listener(td, "efault", 4);
	CHECK_EQ(t_sys(td, sys_getsockname, (sysarg_t)l, T_BAD, lp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_getsockname, (sysarg_t)l, buf, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_getpeername, (sysarg_t)sv[0], T_BAD, lp), -EFAULT);
	CHECK(t_connect(td, "efault") >= 0);
	CHECK_EQ(t_sys(td, sys_accept4, (sysarg_t)l, T_BAD, lp, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_sendto, (sysarg_t)sv[0], T_BAD, 4, 0, 0, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_sendto, (sysarg_t)sv[0], t_str(td, "data"), 4, 0, 0, 0), 4);
	CHECK_EQ(t_sys(td, sys_recvfrom, (sysarg_t)sv[1], T_BAD, 4, 0, 0, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_sendmsg, (sysarg_t)sv[0], T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_recvmsg, (sysarg_t)sv[1], T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_recvfrom, (sysarg_t)sv[1], buf, 8, 0, 0, 0), 4); /* still there */
	CHECK_EQ(t_sys(td, sys_getsockopt, (sysarg_t)s, SOL_SOCKET, SO_TYPE, T_BAD, lp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_getsockopt, (sysarg_t)s, SOL_SOCKET, SO_TYPE, buf, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_setsockopt, (sysarg_t)s, SOL_SOCKET, SO_PASSCRED, T_BAD, 4),
		 -EFAULT);
}

TEST(a_connection_flood_is_bounded_by_the_backlog)
{
	struct thread *td = t_proc(0, 0);
	int l = t_listener(td, "flood", 2);
	int made = 0;
	long r;
	while ((r = t_connect(td, "flood")) >= 0 && made < 100)
		made++;
	CHECK_EQ(r, -EAGAIN);
	CHECK_EQ(made, 3); /* Linux takes one more than the backlog */
	CHECK(t_sys(td, sys_accept4, (sysarg_t)l, 0, 0, 0) >= 0);
	CHECK(t_connect(td, "flood") >= 0); /* room again */
}

TEST(sockets_survive_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	int l = t_listener(td, "oom", 8);
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		uaddr_t a = t_alloc(td, 8);
		long r = t_sys(td, sys_socketpair, AF_UNIX, SOCK_STREAM, 0, a);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK(n < 100);
	}
	for (long n = 0;; n++) {
		uint32_t len;
		int c = (int)t_sys(td, sys_socket, AF_UNIX, SOCK_STREAM, 0);
		CHECK(c >= 0);
		uaddr_t name = t_abstract(td, "oom", &len);
		kalloc_fail_after = n;
		long r = t_sys(td, sys_connect, (sysarg_t)c, name, len);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK(n < 100);
	}
	CHECK(t_sys(td, sys_accept4, (sysarg_t)l, 0, 0, 0) >= 0);
}

TEST(descriptors_in_flight_go_with_their_socket)
{
	struct thread *td = t_proc(0, 0);
	int sv[2], p[2];
	t_pair(td, SOCK_DGRAM, sv);
	uaddr_t pa = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_pipe2, pa, 0), 0);
	t_get(td, pa, p, 8);
	struct { uint32_t len, level, type; int32_t fd; } cm = { 16, SOL_SOCKET, SCM_RIGHTS, p[1] };
	uint32_t iov[2] = { (uint32_t)t_str(td, "x"), 1 };
	uint32_t mh[7] = { 0, 0, (uint32_t)t_bytes(td, iov, sizeof iov), 1,
			   (uint32_t)t_bytes(td, &cm, sizeof cm), sizeof cm, 0 };
	CHECK_EQ(t_sys(td, sys_sendmsg, (sysarg_t)sv[0], t_bytes(td, mh, sizeof mh), 0), 1);
	/* never received: the pipe's end is held by the message, dropped when sv[1] closes */
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)p[1]), 0);
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)sv[1]), 0);
	uaddr_t b = t_alloc(td, 1);
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)p[0], b, 1), 0); /* the writer is gone: EOF */
}

static uaddr_t t_v4(struct thread *td, uint8_t a, uint8_t b, uint8_t c, uint8_t d, int port)
{
	uint8_t s[16] = { AF_INET, 0, (uint8_t)(port >> 8), (uint8_t)port, a, b, c, d };
	return t_bytes(td, s, sizeof s);
}

TEST(inet_sockets_stay_inside_the_system_and_guard_low_ports)
{
	struct thread *user = t_proc(1000, 1000), *root = t_proc(0, 0);
	int s = (int)t_sys(user, sys_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(s >= 0);
	CHECK_EQ(t_sys(user, sys_bind, (sysarg_t)s, t_v4(user, 127, 0, 0, 1, 80), 16), -EACCES);
	CHECK_EQ(t_sys(user, sys_bind, (sysarg_t)s, t_v4(user, 10, 1, 2, 3, 8080), 16),
		 -EADDRNOTAVAIL);
	CHECK_EQ(t_sys(user, sys_connect, (sysarg_t)s, t_v4(user, 10, 1, 2, 3, 80), 16),
		 -ENETUNREACH);
	CHECK_EQ(t_sys(user, sys_bind, (sysarg_t)s, t_v4(user, 127, 0, 0, 1, 8080), 15), -EINVAL);
	int r = (int)t_sys(root, sys_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_EQ(t_sys(root, sys_bind, (sysarg_t)r, t_v4(root, 127, 0, 0, 1, 80), 16), 0);
	CHECK_EQ(t_sys(root, sys_socket, AF_INET, SOCK_SEQPACKET, 0), -ESOCKTNOSUPPORT);
	CHECK_EQ(t_sys(root, sys_socket, AF_INET, SOCK_STREAM, IPPROTO_UDP), -EPROTONOSUPPORT);
	CHECK_EQ(t_sys(user, sys_socket, AF_INET, SOCK_RAW, 1), -EPERM);
	CHECK_EQ(t_sys(user, sys_socketpair, AF_INET, SOCK_STREAM, 0, t_alloc(user, 8)),
		 -EOPNOTSUPP);
}

TEST(netlink_answers_link_and_address_dumps_and_refuses_the_rest)
{
	struct thread *td = t_proc(0, 0);
	int s = (int)t_sys(td, sys_socket, AF_NETLINK, SOCK_RAW, 0);
	CHECK(s >= 0);
	CHECK_EQ(t_sys(td, sys_socket, AF_NETLINK, SOCK_RAW, 9), -EPROTONOSUPPORT);
	CHECK_EQ(t_sys(td, sys_sendto, (sysarg_t)s, T_BAD, 20, 0, 0, 0), -EFAULT);
	/* RTM_GETADDR for AF_INET: one address, then NLMSG_DONE */
	struct { uint32_t len; uint16_t type, flags; uint32_t seq, pid; uint8_t family, pad[3]; }
		req = { 20, 22, 0x301, 7, 0, { 2 }, { 0 } };
	CHECK_EQ(t_sys(td, sys_sendto, (sysarg_t)s, t_bytes(td, &req, sizeof req), 20, 0, 0, 0), 20);
	uaddr_t buf = t_alloc(td, 1024);
	long n = t_sys(td, sys_recvfrom, (sysarg_t)s, buf, 1024, MSG_DONTWAIT, 0, 0);
	CHECK(n > 16);
	uint8_t got[1024];
	t_get(td, buf, got, (size_t)n);
	uint16_t type;
	uint32_t seq;
	memcpy(&type, got + 4, 2);
	memcpy(&seq, got + 8, 4);
	CHECK(type == 20 && seq == 7 && got[16] == 2 /* AF_INET */);
	n = t_sys(td, sys_recvfrom, (sysarg_t)s, buf, 1024, MSG_DONTWAIT, 0, 0);
	t_get(td, buf, got, 16);
	memcpy(&type, got + 4, 2);
	CHECK(n >= 16 && type == 3 /* NLMSG_DONE */);
	/* anything else: NLMSG_ERROR with EOPNOTSUPP */
	req.type = 24; /* RTM_NEWROUTE */
	CHECK_EQ(t_sys(td, sys_sendto, (sysarg_t)s, t_bytes(td, &req, sizeof req), 20, 0, 0, 0), 20);
	n = t_sys(td, sys_recvfrom, (sysarg_t)s, buf, 1024, MSG_DONTWAIT, 0, 0);
	t_get(td, buf, got, 20);
	int32_t err;
	memcpy(&type, got + 4, 2);
	memcpy(&err, got + 16, 4);
	CHECK(type == 2 && err == -EOPNOTSUPP);
	CHECK_EQ(t_sys(td, sys_recvfrom, (sysarg_t)s, buf, 1024, MSG_DONTWAIT, 0, 0), -EAGAIN);
}
