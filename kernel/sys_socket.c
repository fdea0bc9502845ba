/*
 * The socket calls: socket, socketpair, bind, listen, accept, accept4, connect,
 * getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, shutdown, getsockopt,
 * setsockopt. Unpacking, addresses, iovecs and control messages are here; the family's
 * code (unix.c; inet.c for the loopback AF_INET and AF_INET6, netlink.c for the route
 * dumps libc asks for) does the rest. Raw and packet sockets are not offered (EPERM
 * without privilege, else EAFNOSUPPORT).
 */
#include "unix.h"
#include "fd.h"
#include "sysfile.h"

#define CMSG_HDR   12u          /* struct cmsghdr on ILP32: len, level, type */
#define CMSG_ALIGN(n) (((n) + 3u) & ~3u)

/* struct msghdr on ILP32 */
struct wp_msghdr {
	uint32_t name, namelen, iov, iovlen, control, controllen;
	int32_t flags;
};

/* The socket at fd, held: NULL with *err -EBADF or -ENOTSOCK. */
static struct file *sock_get(struct thread *td, sysarg_t fd, long *err)
{
	struct file *f = fd_get(td->p, (int)fd);
	*err = f ? -ENOTSOCK : -EBADF;
	if (f && !unix_of(f)) {
		file_drop(f);
		return NULL;
	}
	return f;
}

static int install(struct thread *td, struct file *f, int flags)
{
	return fd_alloc_new(td->p, f, flags & SOCK_CLOEXEC);
}

/* socket(domain, type, protocol) */
long sys_socket(struct thread *td, const sysarg_t *arg)
{
	int domain = (int)arg[0], type = (int)arg[1], protocol = (int)arg[2];
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct file *f;
	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (type & ~0xf)
		return -EINVAL;
	if (domain == AF_PACKET || (type == SOCK_RAW && domain != AF_NETLINK))
		return td->p->cred.euid ? -EPERM : -EAFNOSUPPORT;
	if (domain != AF_UNIX && domain != AF_INET && domain != AF_INET6 && domain != AF_NETLINK)
		return -EAFNOSUPPORT;
	int r = unix_create(td, domain, type, protocol, flags, &f);
	return r ? r : install(td, f, flags);
}

/* socketpair(domain, type, protocol, sv) */
long sys_socketpair(struct thread *td, const sysarg_t *arg)
{
	int domain = (int)arg[0], type = (int)arg[1], protocol = (int)arg[2];
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct file *f[2];
	if (domain != AF_UNIX)
		return domain == AF_INET || domain == AF_INET6 ? -EOPNOTSUPP : -EAFNOSUPPORT;
	int r = unix_pair(td, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), protocol, flags, f);
	if (r)
		return r;
	int fds[2] = { fd_reserve(td->p), -1 };
	if (fds[0] >= 0)
		fds[0] = install(td, f[0], flags);
	else
		file_drop(f[0]);
	if (fds[0] < 0) {
		file_drop(f[1]);
		return fds[0];
	}
	fds[1] = install(td, f[1], flags);
	if (fds[1] < 0) {
		fd_close(td->p, fds[0]);
		return fds[1];
	}
	int32_t out[2] = { fds[0], fds[1] };
	if ((r = copyout(td, out, arg[3], sizeof out))) {
		fd_close(td->p, fds[0]);
		fd_close(td->p, fds[1]);
	}
	return r;
}

/* A sockaddr from the guest; the family checks it (unix.c, inet.c). */
static int name_in(struct thread *td, uaddr_t a, uint32_t len, struct sock_name *n)
{
	if (len < 2 || len > sizeof n->addr)
		return -EINVAL;
	int r = copyin(td, a, n->addr, len);
	if (r)
		return r;
	n->len = len;
	return 0;
}

/* Writes n to a and its length to *ulen (which says how much room a has). */
static int name_out(struct thread *td, uaddr_t a, uaddr_t ulen, const struct sock_name *n)
{
	uint32_t room;
	if (!a)
		return 0;
	int r = copyin(td, ulen, &room, sizeof room);
	if (r)
		return r;
	if ((int32_t)room < 0)
		return -EINVAL;
	if ((r = copyout(td, n->addr, a, room < n->len ? room : n->len)))
		return r;
	return copyout(td, &n->len, ulen, sizeof n->len);
}

/* bind(fd, addr, addrlen) */
long sys_bind(struct thread *td, const sysarg_t *arg)
{
	struct sock_name n;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = name_in(td, arg[1], arg[2], &n);
	if (!r)
		r = unix_bind(f, td, &n);
	file_drop(f);
	return r;
}

/* listen(fd, backlog) */
long sys_listen(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = unix_listen(f, (int)arg[1]);
	file_drop(f);
	return r;
}

/* accept4(fd, addr, addrlen, flags) */
long sys_accept4(struct thread *td, const sysarg_t *arg)
{
	int flags = (int)arg[3];
	struct sock_name peer;
	struct file *nf;
	long r;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = fd_reserve(td->p);
	if (r >= 0)
		r = unix_accept(f, td, flags, &nf, &peer);
	file_drop(f);
	if (r < 0)
		return r;
	int fd = install(td, nf, flags);
	if (fd >= 0 && (r = name_out(td, arg[1], arg[2], &peer))) {
		fd_close(td->p, fd);
		return r;
	}
	return fd;
}

/* accept(fd, addr, addrlen) */
long sys_accept(struct thread *td, const sysarg_t *arg)
{
	sysarg_t a[4] = { arg[0], arg[1], arg[2], 0 };
	return sys_accept4(td, a);
}

/* connect(fd, addr, addrlen) */
long sys_connect(struct thread *td, const sysarg_t *arg)
{
	struct sock_name n;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = name_in(td, arg[1], arg[2], &n);
	if (!r)
		r = unix_connect(f, td, &n);
	file_drop(f);
	return r;
}

static long sock_name_call(struct thread *td, const sysarg_t *arg, bool peer)
{
	struct sock_name n;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = unix_name(f, peer, &n);
	if (!r)
		r = name_out(td, arg[1], arg[2], &n);
	file_drop(f);
	return r;
}

/* getsockname(fd, addr, addrlen) */
long sys_getsockname(struct thread *td, const sysarg_t *arg)
{
	return sock_name_call(td, arg, false);
}

/* getpeername(fd, addr, addrlen) */
long sys_getpeername(struct thread *td, const sysarg_t *arg)
{
	return sock_name_call(td, arg, true);
}

/* ---- data ---- */

static long sock_io(struct thread *td, struct file *f, struct sock_msg *m, struct kiovec *iov,
		    int iovcnt, enum uio_rw rw)
{
	size_t total = 0;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].len > 0x7fffffffu - total)
			return -EINVAL;
		total += iov[i].len;
	}
	struct uio uio = { .td = td, .iov = iov, .iovcnt = iovcnt, .resid = total, .rw = rw };
	m->uio = &uio;
	return rw == UIO_WRITE ? unix_send(f, td, m) : unix_recv(f, td, m);
}

static void msg_drop_fds(struct sock_msg *m)
{
	for (int i = 0; i < m->nfds; i++)
		file_drop(m->fds[i]);
	kfree(m->fds);
	m->fds = NULL;
	m->nfds = 0;
}

/* sendto(fd, buf, len, flags, addr, addrlen) */
long sys_sendto(struct thread *td, const sysarg_t *arg)
{
	struct kiovec iov = { arg[1], arg[2] };
	struct sock_msg m = { .flags = (int)arg[3] };
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = arg[4] ? name_in(td, arg[4], arg[5], &m.name) : 0;
	if (!r)
		r = sock_io(td, f, &m, &iov, 1, UIO_WRITE);
	file_drop(f);
	return r;
}

/* recvfrom(fd, buf, len, flags, addr, addrlen) */
long sys_recvfrom(struct thread *td, const sysarg_t *arg)
{
	struct kiovec iov = { arg[1], arg[2] };
	struct sock_msg m = { .flags = (int)arg[3] };
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = sock_io(td, f, &m, &iov, 1, UIO_READ);
	msg_drop_fds(&m); /* descriptors sent to a plain recv are closed (Linux) */
	if (r >= 0 && arg[4] && m.name.len) {
		long e = name_out(td, arg[4], arg[5], &m.name);
		if (e)
			r = e;
	}
	file_drop(f);
	return r;
}

static int iov_in(struct thread *td, uaddr_t uiov, uint32_t n, struct kiovec **out)
{
	return n > WP_IOV_MAX ? -EMSGSIZE : iovec_in(td, uiov, n, out);
}

/* n descriptors at a, held onto m's list (SCM_MAX_FD at most in all): 0 or -errno. */
static int rights_in(struct thread *td, uaddr_t a, uint32_t n, struct sock_msg *m)
{
	if ((uint32_t)m->nfds + n > SCM_MAX_FD)
		return -EINVAL;
	if (!m->fds && !(m->fds = kmalloc(sizeof *m->fds * SCM_MAX_FD)))
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		int32_t fd;
		int r = copyin(td, a + 4 * i, &fd, sizeof fd);
		if (r)
			return r;
		struct file *f = fd_get(td->p, fd);
		if (!f)
			return -EBADF;
		m->fds[m->nfds++] = f;
	}
	return 0;
}

/* SCM_RIGHTS of a sendmsg's control data, held in m: 0, -EINVAL, -EBADF, -EFAULT. */
static int control_in(struct thread *td, uaddr_t c, uint32_t len, struct sock_msg *m)
{
	for (uint32_t off = 0; off + CMSG_HDR <= len; ) {
		uint32_t h[3]; /* len, level, type */
		int r = copyin(td, c + off, h, sizeof h);
		if (r)
			return r;
		if (h[0] < CMSG_HDR || h[0] > len - off)
			return -EINVAL;
		if (h[1] == SOL_SOCKET && h[2] == SCM_RIGHTS)
			r = rights_in(td, c + off + CMSG_HDR, (h[0] - CMSG_HDR) / 4, m);
		else if (h[1] == SOL_SOCKET && h[2] != SCM_CREDENTIALS)
			r = -EINVAL;
		if (r)
			return r;
		off += CMSG_ALIGN(h[0]);
	}
	return 0;
}

/* sendmsg(fd, msg, flags) */
/* One sendmsg of the msghdr at umsg on socket f. */
static long kern_sendmsg(struct thread *td, struct file *f, uaddr_t umsg, int flags)
{
	struct wp_msghdr h;
	struct sock_msg m = { .flags = flags };
	struct kiovec *iov = NULL;
	long r = copyin(td, umsg, &h, sizeof h);
	if (!r && h.name)
		r = name_in(td, h.name, h.namelen, &m.name);
	if (!r)
		r = control_in(td, h.control, h.controllen, &m);
	if (!r)
		r = iov_in(td, h.iov, h.iovlen, &iov);
	if (!r)
		r = sock_io(td, f, &m, iov, (int)h.iovlen, UIO_WRITE);
	msg_drop_fds(&m); /* whatever a send did not take over */
	kfree(iov);
	return r;
}

long sys_sendmsg(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = kern_sendmsg(td, f, arg[1], (int)arg[2]);
	file_drop(f);
	return r;
}

/* Writes the received extras into the guest's control buffer: bytes used, or -errno;
 * descriptors that do not fit are closed and MSG_CTRUNC set. */
static long control_out(struct thread *td, const struct wp_msghdr *h, struct sock_msg *m,
			int flags)
{
	uint32_t off = 0, room = h->control ? h->controllen : 0;
	int r;
	if (m->has_cred) {
		if (room - off < CMSG_HDR + sizeof m->cred) {
			m->rflags |= MSG_CTRUNC;
		} else {
			uint32_t hd[3] = { CMSG_HDR + sizeof m->cred, SOL_SOCKET, SCM_CREDENTIALS };
			if ((r = copyout(td, hd, h->control + off, sizeof hd)) ||
			    (r = copyout(td, &m->cred, h->control + off + CMSG_HDR, sizeof m->cred)))
				return r;
			off += CMSG_ALIGN(CMSG_HDR + sizeof m->cred);
		}
	}
	if (m->nfds) {
		uint32_t fit = room - off < CMSG_HDR ? 0 : (room - off - CMSG_HDR) / 4;
		uint32_t n = fit < (uint32_t)m->nfds ? fit : (uint32_t)m->nfds;
		if (n < (uint32_t)m->nfds)
			m->rflags |= MSG_CTRUNC;
		for (uint32_t i = 0; i < n; i++) {
			int fd = fd_alloc(td->p, 0, m->fds[i], flags & MSG_CMSG_CLOEXEC);
			if (fd < 0) {
				m->rflags |= MSG_CTRUNC;
				n = i;
				break;
			}
			m->fds[i] = NULL;
			if ((r = copyout(td, &fd, h->control + off + CMSG_HDR + 4 * i, 4)))
				return r;
		}
		if (n) {
			uint32_t hd[3] = { CMSG_HDR + 4 * n, SOL_SOCKET, SCM_RIGHTS };
			if ((r = copyout(td, hd, h->control + off, sizeof hd)))
				return r;
			off += CMSG_ALIGN(CMSG_HDR + 4 * n);
		}
		for (int i = 0; i < m->nfds; i++)
			file_drop(m->fds[i]); /* those installed are NULL */
		kfree(m->fds);
		m->fds = NULL;
		m->nfds = 0;
	}
	return off;
}

static long recvmsg_out(struct thread *td, uaddr_t uh, struct wp_msghdr *h, struct sock_msg *m,
			int flags)
{
	long c = control_out(td, h, m, flags);
	if (c < 0)
		return c;
	if (h->name) {
		uint32_t n = m->name.len < h->namelen ? m->name.len : h->namelen;
		int r = copyout(td, m->name.addr, h->name, n);
		if (r)
			return r;
		h->namelen = m->name.len;
	}
	h->controllen = (uint32_t)c;
	h->flags = m->rflags;
	return copyout(td, h, uh, sizeof *h);
}

/* recvmsg(fd, msg, flags) */
/* One recvmsg into the msghdr at umsg from socket f. */
static long kern_recvmsg(struct thread *td, struct file *f, uaddr_t umsg, int flags)
{
	struct wp_msghdr h;
	struct sock_msg m = { .flags = flags };
	struct kiovec *iov = NULL;
	long r = copyin(td, umsg, &h, sizeof h);
	if (!r)
		r = iov_in(td, h.iov, h.iovlen, &iov);
	if (!r)
		r = sock_io(td, f, &m, iov, (int)h.iovlen, UIO_READ);
	if (r >= 0) {
		long e = recvmsg_out(td, umsg, &h, &m, flags);
		if (e < 0)
			r = e;
	}
	msg_drop_fds(&m);
	kfree(iov);
	return r;
}

long sys_recvmsg(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = kern_recvmsg(td, f, arg[1], (int)arg[2]);
	file_drop(f);
	return r;
}

#define MMSG_SIZE 32u       /* struct mmsghdr on ILP32: a msghdr, then msg_len */
#define MSG_WAITFORONE 0x10000

/*
 * sendmmsg and recvmmsg: only the first message may wait; the rest go as MSG_DONTWAIT,
 * and the call returns how many went once one cannot (or the first's error). Each
 * message's length is written to its msg_len.
 */
static long kern_mmsg(struct thread *td, const sysarg_t *arg, bool send)
{
	uint32_t vlen = arg[2] > 1024 ? 1024 : arg[2];
	int flags = (int)arg[3] & ~MSG_WAITFORONE;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	uint32_t done = 0;
	for (; done < vlen; done++) {
		uaddr_t um = arg[1] + done * MMSG_SIZE;
		int fl = done ? flags | MSG_DONTWAIT : flags;
		if (done)
			td->progress = 0; /* the first message's partial progress is not theirs */
		r = send ? kern_sendmsg(td, f, um, fl) : kern_recvmsg(td, f, um, fl);
		if (r < 0)
			break;
		uint32_t len = (uint32_t)r;
		if ((r = copyout(td, &len, um + 28, sizeof len)))
			break;
	}
	file_drop(f);
	if (done)
		return done;
	return vlen ? r : 0;
}

/* sendmmsg(fd, msgvec, vlen, flags) */
long sys_sendmmsg(struct thread *td, const sysarg_t *arg)
{
	return kern_mmsg(td, arg, true);
}

/* recvmmsg_time64(fd, msgvec, vlen, flags, timeout): the timeout is checked, not waited on
 * (Linux's own is only looked at between messages). */
long sys_recvmmsg(struct thread *td, const sysarg_t *arg)
{
	if (arg[4]) {
		int64_t ns;
		int r = timespec_in(td, arg[4], &ns);
		if (r)
			return r;
	}
	return kern_mmsg(td, arg, false);
}

/* shutdown(fd, how) */
long sys_shutdown(struct thread *td, const sysarg_t *arg)
{
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = unix_shutdown(f, (int)arg[1]);
	file_drop(f);
	return r;
}

/* ---- options ---- */

static bool timeout_opt(int name, bool *rcv, bool *wide)
{
	*rcv = name == SO_RCVTIMEO_NEW || name == SO_RCVTIMEO_OLD;
	*wide = name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW;
	return name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW || name == SO_RCVTIMEO_OLD ||
	       name == SO_SNDTIMEO_OLD;
}

/* getsockopt(fd, level, name, value, len) */
long sys_getsockopt(struct thread *td, const sysarg_t *arg)
{
	int level = (int)arg[1], name = (int)arg[2];
	uint32_t len;
	uint8_t val[16];
	bool rcv, wide;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	r = copyin(td, arg[4], &len, sizeof len);
	if (!r && (int32_t)len < 0)
		r = -EINVAL;
	if (!r && level == SOL_SOCKET && timeout_opt(name, &rcv, &wide)) {
		int64_t ns = unix_timeout(f, rcv);
		int64_t tv[2] = { ns / 1000000000, ns % 1000000000 / 1000 };
		int32_t tv32[2] = { (int32_t)tv[0], (int32_t)tv[1] };
		uint32_t n = wide ? sizeof tv : sizeof tv32;
		len = len < n ? len : n;
		memcpy(val, wide ? (void *)tv : (void *)tv32, len);
	} else if (!r) {
		if (len > sizeof val)
			len = sizeof val;
		r = unix_getopt(f, level, name, val, &len);
	}
	if (!r)
		r = copyout(td, val, arg[3], len);
	if (!r)
		r = copyout(td, &len, arg[4], sizeof len);
	file_drop(f);
	return r;
}

/* setsockopt(fd, level, name, value, len) */
long sys_setsockopt(struct thread *td, const sysarg_t *arg)
{
	int level = (int)arg[1], name = (int)arg[2];
	uint32_t len = arg[4];
	uint8_t val[16];
	bool rcv, wide;
	long r;
	struct file *f = sock_get(td, arg[0], &r);
	if (!f)
		return r;
	if ((int32_t)len < 0)
		r = -EINVAL;
	else
		r = copyin(td, arg[3], val, len < sizeof val ? len : sizeof val);
	if (!r && level == SOL_SOCKET && timeout_opt(name, &rcv, &wide)) {
		int64_t sec, usec;
		if (len < (wide ? 16u : 8u)) {
			r = -EINVAL;
		} else {
			int64_t w[2];
			int32_t n[2];
			memcpy(wide ? (void *)w : (void *)n, val, wide ? sizeof w : sizeof n);
			sec = wide ? w[0] : n[0];
			usec = wide ? w[1] : n[1];
			int64_t ns = sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX
				     : sec * 1000000000 + usec * 1000;
			if (usec < 0 || usec >= 1000000)
				r = -EDOM;
			else
				unix_set_timeout(f, rcv, sec < 0 ? 0 : ns); /* Linux: < 0 waits forever */
		}
	} else if (!r) {
		r = unix_setopt(f, level, name, val, len);
	}
	file_drop(f);
	return r;
}
