/*
 * AF_UNIX sockets (unix.h): SOCK_STREAM, SOCK_SEQPACKET and SOCK_DGRAM, socketpair, names
 * in the filesystem (a socket inode, made by bind and found by connect) or in the abstract
 * space (a leading NUL), autobind, listen/accept with a backlog, shutdown, SCM_RIGHTS and
 * SCM_CREDENTIALS, SO_PEERCRED.
 *
 * What a socket receives is a list of records, one per send: a stream reader takes bytes
 * across records (but not past one that carries descriptors, so they arrive with their own
 * bytes), a datagram or seqpacket reader takes one record, truncated to its buffer. A sender
 * waits while the receiver holds rcvbuf bytes. Readers, the peer's writers and acceptors all
 * park on the socket's one wait queue. A connected pair points at each other; whichever
 * closes first clears the other's pointer, so no reference counts are needed. A datagram
 * socket's connect only records the name, which each send resolves again.
 * The loopback AF_INET and AF_INET6 sockets (TCP as stream, UDP as datagram) are this
 * engine too, with inet.c's names instead of paths.
 * Not here yet: descriptors in flight inside a socket that is itself in flight are not
 * collected (Linux's unix GC); sockets cannot be bound inside a hostfs mount.
 */
#include "sock.h"
#include "fd.h"
#include "signal.h"
#include "vfs.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"

static struct usock *bound;       /* every named socket */
static uint64_t next_ino = 1;

static const struct file_ops unix_ops;

struct usock *unix_of(struct file *f)
{
	return f && f->ops == &unix_ops ? f->priv : NULL;
}

static struct sock_cred cred_of(struct thread *td)
{
	return (struct sock_cred){ td->p->pid, td->p->cred.euid, td->p->cred.egid };
}

static void rec_free(struct urec *r)
{
	for (int i = 0; i < r->nfds; i++)
		file_drop(r->fds[i]);
	kfree(r->fds);
	kfree(r);
}

static struct usock *usock_new(struct thread *td, int family, int type, int protocol)
{
	struct usock *u = kzalloc(sizeof *u);
	if (!u)
		return NULL;
	u->family = family;
	u->type = type;
	u->protocol = protocol;
	u->rx_tail = &u->rx;
	u->rcvbuf = u->sndbuf = UNIX_RCVBUF;
	u->cred = cred_of(td);
	u->ino = next_ino++;
	return u;
}

static void unbind(struct usock *u)
{
	if (u->family != AF_UNIX) {
		inet_unbind(u);
		return;
	}
	for (struct usock **pp = &bound; *pp; pp = &(*pp)->next_bound)
		if (*pp == u) {
			*pp = u->next_bound;
			break;
		}
	if (u->vn)
		vnode_drop(u->vn);
	u->vn = NULL;
}

/* The socket is going: its peer sees the end, queued connections are reset. */
static void usock_free(struct usock *u)
{
	if (u->peer) {
		u->peer->peer = NULL;
		u->peer->peer_gone = true;
		/* TCP: closing with data unread resets the connection (Linux) */
		u->peer->reset = u->family != AF_UNIX && u->type == SOCK_STREAM && u->rx;
		waitq_wake_all(&u->peer->q);
	}
	while (u->queue) {
		struct usock *c = u->queue;
		u->queue = c->next_queued;
		c->listener = NULL;
		usock_free(c); /* its client sees the connection end */
	}
	if (u->listener) {
		for (struct usock **pp = &u->listener->queue; *pp; pp = &(*pp)->next_queued)
			if (*pp == u) {
				*pp = u->next_queued;
				u->listener->nqueued--;
				break;
			}
	}
	while (u->rx) {
		struct urec *r = u->rx;
		u->rx = r->next;
		rec_free(r);
	}
	unbind(u);
	waitq_wake_all(&u->q);
	kfree(u);
}

/* ---- files ---- */

static int unix_poll(struct file *f, int events)
{
	struct usock *u = f->priv;
	int ready = 0;
	if (u->state == US_LISTENING)
		return (u->queue ? POLLIN | POLLRDNORM : 0) & events;
	if (u->rx || u->rd_shut || u->peer_gone || u->peer_wr_shut)
		ready |= POLLIN | POLLRDNORM;
	if (u->peer_gone || u->peer_wr_shut || u->rd_shut)
		ready |= POLLRDHUP;
	if (u->type == SOCK_DGRAM || u->type == SOCK_RAW ||
	    (u->peer && u->peer->rx_bytes < u->peer->rcvbuf && !u->wr_shut))
		ready |= POLLOUT | POLLWRNORM;
	if ((u->peer_gone && u->type != SOCK_DGRAM) || (u->rd_shut && u->wr_shut))
		ready |= POLLHUP;
	return ready & events;
}

static struct waitq *unix_pollq(struct file *f)
{
	return &((struct usock *)f->priv)->q;
}

static long unix_read(struct file *f, struct uio *uio)
{
	struct sock_msg m = { .uio = uio };
	return unix_recv(f, uio->td, &m);
}

static long unix_write(struct file *f, struct uio *uio)
{
	struct sock_msg m = { .uio = uio };
	return unix_send(f, uio->td, &m);
}

#define FIONREAD      0x541b
#define SIOCOUTQ      0x5411
#define SIOCGIFNAME   0x8910
#define SIOCGIFCONF   0x8912
#define SIOCGIFFLAGS  0x8913
#define SIOCGIFADDR   0x8915
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMTU    0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX  0x8933
#define IFF_UP        0x1
#define IFF_LOOPBACK  0x8
#define IFF_RUNNING   0x40
#define ARPHRD_LOOPBACK 772

/* struct ifreq on ILP32: a name, then a 16-byte union (sockaddr, flags, mtu, index) */
struct wp_ifreq {
	char name[16];
	union {
		uint8_t sa[16];
		int16_t flags;
		int32_t ivalue;
	} u;
};

/* The one interface: lo, 127.0.0.1/8. */
static void lo_addr(uint8_t *sa, bool mask)
{
	static const uint8_t addr[4] = { 127, 0, 0, 1 }, netmask[4] = { 255, 0, 0, 0 };
	memset(sa, 0, 16);
	sa[0] = AF_INET;
	memcpy(sa + 4, mask ? netmask : addr, 4);
}

static long ifconf(struct thread *td, uaddr_t arg)
{
	int32_t c[2]; /* ifc_len, ifc_buf */
	int r = copyin(td, arg, c, sizeof c);
	if (r)
		return r;
	struct wp_ifreq lo = { .name = "lo" };
	lo_addr(lo.u.sa, false);
	if (c[1] && c[0] >= (int32_t)sizeof lo) {
		if ((r = copyout(td, &lo, (uint32_t)c[1], sizeof lo)))
			return r;
		c[0] = sizeof lo;
	} else if (c[1]) {
		c[0] = 0;
	} else {
		c[0] = sizeof lo; /* a null buffer asks how much is needed */
	}
	return copyout(td, c, arg, sizeof c[0]);
}

/* The interface requests: only lo exists (ENODEV for any other name). */
static long ifreq(struct thread *td, uint32_t cmd, uaddr_t arg)
{
	struct wp_ifreq q;
	int r = copyin(td, arg, &q, sizeof q);
	if (r)
		return r;
	if (cmd == SIOCGIFNAME) {
		if (q.u.ivalue != 1)
			return -ENODEV;
		memset(q.name, 0, sizeof q.name);
		memcpy(q.name, "lo", 2);
		return copyout(td, &q, arg, sizeof q);
	}
	if (strncmp(q.name, "lo", sizeof q.name))
		return -ENODEV;
	memset(&q.u, 0, sizeof q.u);
	switch (cmd) {
	case SIOCGIFFLAGS:
		q.u.flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
		break;
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
		lo_addr(q.u.sa, cmd == SIOCGIFNETMASK);
		break;
	case SIOCGIFMTU:
		q.u.ivalue = 65536;
		break;
	case SIOCGIFHWADDR:
		q.u.sa[0] = ARPHRD_LOOPBACK & 0xff;
		q.u.sa[1] = ARPHRD_LOOPBACK >> 8;
		break;
	case SIOCGIFINDEX:
		q.u.ivalue = 1;
		break;
	}
	return copyout(td, &q, arg, sizeof q);
}

static long unix_ioctl(struct file *f, struct thread *td, uint32_t cmd, uaddr_t arg)
{
	struct usock *u = f->priv;
	int32_t v;
	switch (cmd) {
	case FIONREAD: /* a datagram socket: the next datagram's size; a stream: all of it */
		if (u->state == US_LISTENING)
			return -EINVAL;
		v = (int32_t)(u->type == SOCK_STREAM ? u->rx_bytes : u->rx ? u->rx->len : 0);
		return copyout(td, &v, arg, sizeof v);
	case SIOCOUTQ: /* sent and not yet read: what the peer holds from us */
		v = (int32_t)(u->peer ? u->peer->rx_bytes : 0);
		return copyout(td, &v, arg, sizeof v);
	case SIOCGIFCONF:
		return ifconf(td, arg);
	case SIOCGIFNAME:
	case SIOCGIFFLAGS:
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
		return ifreq(td, cmd, arg);
	}
	return -ENOTTY;
}

static int unix_stat(struct file *f, struct wp_kstat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_ino = ((struct usock *)f->priv)->ino;
	st->st_dev = UNIX_DEV;
	st->st_blksize = 4096;
	return 0;
}

static void unix_release(struct file *f)
{
	usock_free(f->priv);
}

static const struct file_ops unix_ops = {
	.read = unix_read,
	.write = unix_write,
	.ioctl = unix_ioctl,
	.stat = unix_stat,
	.poll = unix_poll,
	.pollq = unix_pollq,
	.release = unix_release,
};

static int usock_file(struct usock *u, int flags, struct file **out)
{
	*out = file_alloc(&unix_ops, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0), u);
	return *out ? 0 : -ENOMEM;
}

/* The protocol a socket of family and type gets (0: the default), or -1. */
static int protocol_of(int family, int type, int protocol)
{
	if (family == AF_NETLINK)
		return protocol == 0 ? 0 : -1; /* NETLINK_ROUTE only */
	if (family == AF_UNIX)
		return protocol == 0 || protocol == AF_UNIX ? 0 : -1;
	if (type == SOCK_STREAM)
		return protocol == 0 || protocol == IPPROTO_TCP ? IPPROTO_TCP : -1;
	return protocol == 0 || protocol == IPPROTO_UDP ? IPPROTO_UDP : -1;
}

int unix_create(struct thread *td, int family, int type, int protocol, int flags,
		struct file **out)
{
	if (family == AF_NETLINK ? type != SOCK_RAW && type != SOCK_DGRAM
	    : type != SOCK_STREAM && type != SOCK_DGRAM && (type != SOCK_SEQPACKET || family != AF_UNIX))
		return -ESOCKTNOSUPPORT;
	protocol = protocol_of(family, type, protocol);
	if (protocol < 0)
		return -EPROTONOSUPPORT;
	struct usock *u = usock_new(td, family, type, protocol);
	if (!u)
		return -ENOMEM;
	int r = usock_file(u, flags, out);
	if (r)
		kfree(u);
	return r;
}

static void pair_up(struct usock *a, struct usock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = US_CONNECTED;
}

int unix_pair(struct thread *td, int type, int protocol, int flags, struct file *out[2])
{
	int r = unix_create(td, AF_UNIX, type, protocol, flags, &out[0]);
	if (r)
		return r;
	if ((r = unix_create(td, AF_UNIX, type, protocol, flags, &out[1]))) {
		file_drop(out[0]);
		return r;
	}
	struct usock *a = out[0]->priv, *b = out[1]->priv;
	if (type == SOCK_DGRAM) {
		a->peer = b; /* a pair of datagram sockets: their own link, cleared on close */
		b->peer = a;
		return 0;
	}
	pair_up(a, b);
	return 0;
}

/* ---- names ---- */

static bool abstract(const struct sock_name *n)
{
	return n->len > 2 && n->addr[2] == 0;
}

static struct usock *find_abstract(const struct sock_name *n)
{
	for (struct usock *u = bound; u; u = u->next_bound)
		if (!u->vn && u->name.len == n->len && !memcmp(u->name.addr, n->addr, n->len))
			return u;
	return NULL;
}

/* The path of a filesystem name as a C string (sun_path need not end in NUL). */
static int name_path(const struct sock_name *n, char *path)
{
	size_t len = n->len - 2;
	memcpy(path, n->addr + 2, len);
	path[len] = 0;
	return strlen(path) ? 0 : -EINVAL;
}

static int autobind(struct usock *u)
{
	static uint32_t next = 0;
	for (int tries = 0; tries < 0x100000; tries++) {
		struct sock_name n = { .len = 8 };
		n.addr[0] = AF_UNIX;
		snprintf(n.addr + 3, 6, "%05x", next++ & 0xfffff);
		if (!find_abstract(&n)) {
			u->name = n;
			u->next_bound = bound;
			bound = u;
			return 0;
		}
	}
	return -ENOSPC;
}

int unix_bind(struct file *f, struct thread *td, const struct sock_name *n)
{
	struct usock *u = f->priv;
	if (u->family == AF_NETLINK)
		return n->addr[0] == AF_NETLINK ? 0 : -EINVAL; /* its port is its pid */
	if (u->family != AF_UNIX)
		return inet_bind(u, td, n);
	if (n->addr[0] != AF_UNIX || n->addr[1] || u->name.len)
		return -EINVAL;
	if (n->len == 2)
		return autobind(u);
	if (abstract(n)) {
		if (find_abstract(n))
			return -EADDRINUSE;
		u->name = *n;
	} else {
		char path[sizeof n->addr];
		int r = name_path(n, path);
		if (r)
			return r;
		r = vfs_mknod(td->p, NULL, path, S_IFSOCK | 0777, 0);
		if (r)
			return r == -EEXIST ? -EADDRINUSE : r;
		if ((r = vfs_lookup(td->p, NULL, path, 0, &u->vn)))
			return r;
		u->name = *n;
		u->name.len = 2 + (uint32_t)strlen(path) + 1; /* as Linux keeps it */
	}
	u->next_bound = bound;
	bound = u;
	return 0;
}

/* The bound socket a name leads to, of type: -ECONNREFUSED, -EPROTOTYPE, -EACCES, or the
 * lookup's error. */
static int resolve(struct thread *td, const struct sock_name *n, int type, struct usock **out)
{
	struct usock *t = NULL;
	if (n->len <= 2 || n->addr[0] != AF_UNIX || n->addr[1])
		return -EINVAL;
	if (abstract(n)) {
		t = find_abstract(n);
	} else {
		char path[sizeof n->addr];
		struct vnode *vn;
		int r = name_path(n, path);
		if (!r)
			r = vfs_lookup(td->p, NULL, path, 0, &vn);
		if (r)
			return r;
		r = vfs_permission(&td->p->cred, vn, W_OK);
		for (struct usock *u = bound; !r && u && !t; u = u->next_bound)
			if (u->vn == vn)
				t = u;
		vnode_drop(vn);
		if (r)
			return r;
	}
	if (!t)
		return -ECONNREFUSED;
	if (t->type != type)
		return -EPROTOTYPE;
	*out = t;
	return 0;
}

int unix_listen(struct file *f, int backlog)
{
	struct usock *u = f->priv;
	if (u->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (u->state == US_CONNECTED)
		return -EINVAL;
	if (!u->name.len) {
		int r = u->family == AF_UNIX ? autobind(u) : inet_autobind(u);
		if (r)
			return r;
	}
	u->state = US_LISTENING;
	u->backlog = backlog < 0 ? 0 : backlog > 4096 ? 4096 : backlog;
	waitq_wake_all(&u->q); /* connectors waiting for room look again */
	return 0;
}

static int connect_dgram(struct usock *u, struct thread *td, const struct sock_name *n)
{
	struct usock *t;
	if (n->len >= 2 && n->addr[0] == AF_UNSPEC) {
		u->dgram_peer.len = 0;
		return 0;
	}
	if (u->family != AF_UNIX) { /* UDP: only the name, and a port of its own */
		int r = inet_reachable(u, n);
		if (!r)
			r = inet_autobind_toward(u, n);
		if (!r)
			u->dgram_peer = *n;
		return r;
	}
	int r = resolve(td, n, SOCK_DGRAM, &t);
	if (!r)
		u->dgram_peer = *n;
	return r;
}

int unix_connect(struct file *f, struct thread *td, const struct sock_name *n)
{
	struct usock *u = f->priv, *l;
	if (u->type == SOCK_DGRAM)
		return connect_dgram(u, td, n);
	if (u->state == US_CONNECTED)
		return -EISCONN;
	if (u->state == US_LISTENING)
		return -EINVAL;
	int r;
	if (u->family != AF_UNIX) {
		if ((r = inet_reachable(u, n)))
			return r;
		if (!(l = inet_find(u, n, true)))
			return -ECONNREFUSED;
	} else if ((r = resolve(td, n, u->type, &l))) {
		return r;
	}
	if (l->state != US_LISTENING)
		return -ECONNREFUSED;
	if (l->nqueued > l->backlog) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		long pr = thread_park(td, &l->q, 0);
		return pr == -ERESTARTSYS ? -EINTR : (int)pr;
	}
	if (u->family != AF_UNIX && (r = inet_autobind_toward(u, n)))
		return r;
	struct usock *s = usock_new(td, l->family, u->type, u->protocol);
	if (!s)
		return -ENOMEM;
	s->cred = l->cred; /* the server's end answers SO_PEERCRED with the listener's maker */
	if (u->family == AF_UNIX) {
		s->name = l->name;
	} else {
		struct sock_name to;
		inet_as(l->family, n, &to);
		inet_source(l, &to, &s->name);
	}
	pair_up(u, s);
	s->listener = l;
	struct usock **pp = &l->queue;
	while (*pp)
		pp = &(*pp)->next_queued;
	*pp = s;
	l->nqueued++;
	waitq_wake_all(&l->q);
	/* TCP: a non-blocking connect says EINPROGRESS, as Linux does on loopback */
	return u->family != AF_UNIX && (f->flags & O_NONBLOCK) ? -EINPROGRESS : 0;
}

int unix_accept(struct file *f, struct thread *td, int flags, struct file **out,
		struct sock_name *peer)
{
	struct usock *l = f->priv;
	if (l->state != US_LISTENING)
		return -EINVAL;
	struct usock *s = l->queue;
	if (!s) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		long pr = thread_park(td, &l->q, 0);
		return pr == -ERESTARTSYS ? -EINTR : (int)pr;
	}
	int r = usock_file(s, flags, out);
	if (r)
		return r;
	l->queue = s->next_queued;
	l->nqueued--;
	s->listener = NULL;
	peer->len = s->peer ? s->peer->name.len : 0;
	if (s->peer)
		memcpy(peer->addr, s->peer->name.addr, peer->len);
	if (s->family != AF_UNIX && s->peer)
		inet_as(s->family, &s->peer->name, peer);
	if (!peer->len) {
		peer->len = 2;
		peer->addr[0] = AF_UNIX;
		peer->addr[1] = 0;
	}
	waitq_wake_all(&l->q); /* a connector waiting for room */
	return 0;
}

int unix_name(struct file *f, bool peer, struct sock_name *out)
{
	struct usock *u = f->priv;
	const struct sock_name *n = &u->name;
	if (u->family == AF_NETLINK) {
		if (peer)
			return -ENOTCONN;
		netlink_name(u, out);
		return 0;
	}
	if (peer) {
		if (u->type == SOCK_DGRAM && u->dgram_peer.len)
			n = &u->dgram_peer;
		else if (u->peer)
			n = &u->peer->name;
		else
			return -ENOTCONN;
	}
	*out = *n;
	if (u->family != AF_UNIX && out->len)
		inet_as(u->family, n, out); /* a v4 peer of a v6 socket is v4-mapped */
	if (!out->len) { /* unbound: the family's empty name */
		memset(out, 0, sizeof *out);
		out->len = u->family == AF_UNIX ? 2 : u->family == AF_INET ? 16 : 28;
		out->addr[0] = (char)u->family;
	}
	return 0;
}

int unix_shutdown(struct file *f, int how)
{
	struct usock *u = f->priv;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (u->type != SOCK_DGRAM && u->state != US_CONNECTED)
		return -ENOTCONN;
	if (how != SHUT_WR)
		u->rd_shut = true;
	if (how != SHUT_RD) {
		u->wr_shut = true;
		if (u->peer)
			u->peer->peer_wr_shut = true;
	}
	waitq_wake_all(&u->q);
	if (u->peer)
		waitq_wake_all(&u->peer->q);
	return 0;
}

/* ---- data ---- */

static long park_for(struct thread *td, struct file *f, int flags, struct waitq *q,
		     int64_t timeo)
{
	if ((f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT) || !td)
		return -EAGAIN;
	if (!td->resumed)
		td->wake_at = timeo ? ns_add(clock_monotonic_ns(), timeo) : 0;
	long r = thread_park(td, q, td->wake_at);
	return r == -ETIMEDOUT ? -EAGAIN : r;
}

static void sigpipe(struct thread *td, int flags)
{
	if (!td || (flags & MSG_NOSIGNAL))
		return;
	struct ksiginfo ki = { .code = SI_USER, .pid = td->p->pid, .uid = td->p->cred.uid };
	signal_send_thread(td, SIGPIPE, &ki, td);
}

/* A record of n bytes from the uio, with m's descriptors (taken over) and td's name. */
static struct urec *rec_make(struct usock *from, struct thread *td, struct sock_msg *m,
			     size_t n, int *err)
{
	struct urec *r = kmalloc(sizeof *r + n);
	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(r, 0, sizeof *r);
	if ((*err = uiomove(r->data, n, m->uio))) {
		kfree(r);
		return NULL;
	}
	r->len = (uint32_t)n;
	r->cred = td ? cred_of(td) : from->cred;
	r->from = from->name;
	r->fds = m->fds;
	r->nfds = m->nfds;
	m->fds = NULL;
	m->nfds = 0;
	return r;
}

void unix_rec_queue(struct usock *to, struct urec *r)
{
	*to->rx_tail = r;
	to->rx_tail = &r->next;
	to->rx_bytes += r->len;
	waitq_wake_all(&to->q);
}

/* UDP: to the bound socket the name reaches, or nowhere (the datagram is dropped). */
static long send_udp(struct file *f, struct thread *td, struct sock_msg *m)
{
	struct usock *u = f->priv;
	const struct sock_name *to = m->name.len ? &m->name : &u->dgram_peer;
	int r;
	if (!to->len)
		return -EDESTADDRREQ;
	if ((r = inet_reachable(u, to)) || (r = inet_autobind(u)))
		return r;
	size_t n = m->uio->resid;
	if (n > 65507)
		return -EMSGSIZE;
	struct usock *t = inet_find(u, to, false);
	if (!t)
		return (long)n;
	if (t->rx_bytes + n > t->rcvbuf)
		return (long)n; /* a full receiver drops it, as UDP does */
	struct urec *rec = rec_make(u, td, m, n, &r);
	if (!rec)
		return r;
	struct sock_name src;
	inet_source(u, to, &src);
	inet_as(t->family, &src, &rec->from); /* as the receiver's family names it */
	unix_rec_queue(t, rec);
	return (long)n;
}

static long send_dgram(struct file *f, struct thread *td, struct sock_msg *m)
{
	struct usock *u = f->priv, *t = NULL;
	int r = 0;
	if (u->wr_shut) {
		sigpipe(td, m->flags);
		return -EPIPE;
	}
	if (u->family != AF_UNIX)
		return send_udp(f, td, m);
	if (m->name.len)
		r = resolve(td, &m->name, SOCK_DGRAM, &t);
	else if (u->dgram_peer.len)
		r = resolve(td, &u->dgram_peer, SOCK_DGRAM, &t);
	else if (u->peer)
		t = u->peer;
	else
		r = u->peer_gone ? -ECONNREFUSED : -ENOTCONN;
	if (r)
		return r;
	size_t n = m->uio->resid;
	if (n > t->rcvbuf)
		return -EMSGSIZE;
	if (t->rx_bytes + n > t->rcvbuf)
		return park_for(td, f, m->flags, &t->q, u->sndtimeo);
	if (!u->name.len && u->passcred && (r = autobind(u)))
		return r;
	struct urec *rec = rec_make(u, td, m, n, &r);
	if (!rec)
		return r;
	unix_rec_queue(t, rec);
	return (long)n;
}

/* Stream and seqpacket sends: bytes already sent are kept in td->progress across parks. */
long unix_send(struct file *f, struct thread *td, struct sock_msg *m)
{
	struct usock *u = f->priv;
	if (u->family == AF_NETLINK)
		return td ? netlink_send(u, td, m) : -EINVAL;
	if (u->type == SOCK_DGRAM)
		return send_dgram(f, td, m);
	if (m->name.len && u->state != US_CONNECTED)
		return -EOPNOTSUPP;
	if (u->state != US_CONNECTED && !u->peer_gone)
		return -ENOTCONN;
	uint64_t *progress = td ? &td->progress : NULL;
	size_t done = progress ? (size_t)*progress : 0, total = m->uio->resid;
	uio_skip(m->uio, done);
	if (u->wr_shut || !u->peer) {
		sigpipe(td, m->flags);
		return done ? (long)done : -EPIPE;
	}
	struct usock *t = u->peer;
	if (u->type == SOCK_SEQPACKET && total > t->rcvbuf)
		return -EMSGSIZE;
	while (m->uio->resid) {
		size_t room = t->rcvbuf > t->rx_bytes ? t->rcvbuf - t->rx_bytes : 0;
		size_t n = u->type == SOCK_SEQPACKET ? (room >= total ? total : 0)
			   : m->uio->resid < room ? m->uio->resid : room;
		if (!n) {
			long r = park_for(td, f, m->flags, &t->q, u->sndtimeo);
			return r == -EPARKED || !done ? r : (long)done;
		}
		int err;
		struct urec *rec = rec_make(u, td, m, n, &err);
		if (!rec)
			return done ? (long)done : err;
		unix_rec_queue(t, rec);
		done += n;
		if (progress)
			*progress = done;
	}
	return (long)done;
}

/* Moves descriptors and the sender's credentials of r to m (the syscall layer installs
 * the descriptors, or drops them). */
static void rec_extras(struct usock *u, struct urec *r, struct sock_msg *m, bool peek)
{
	if (u->passcred) {
		m->has_cred = true;
		m->cred = r->cred;
	}
	if (peek || !r->nfds)
		return;
	m->fds = r->fds;
	m->nfds = r->nfds;
	r->fds = NULL;
	r->nfds = 0;
}

static void rec_drop(struct usock *u, struct urec *r)
{
	u->rx = r->next;
	if (!u->rx)
		u->rx_tail = &u->rx;
	u->rx_bytes -= r->len - r->off; /* what a stream reader has not taken yet */
	rec_free(r);
}

static long recv_one(struct usock *u, struct sock_msg *m)
{
	struct urec *r = u->rx;
	bool peek = m->flags & MSG_PEEK;
	size_t n = r->len < m->uio->resid ? r->len : m->uio->resid;
	int err = uiomove(r->data, n, m->uio);
	if (err)
		return err;
	if (r->len > n)
		m->rflags |= MSG_TRUNC;
	m->name = r->from;
	rec_extras(u, r, m, peek);
	long got = (m->flags & MSG_TRUNC) ? (long)r->len : (long)n;
	if (!peek) {
		rec_drop(u, r);
		waitq_wake_all(&u->q); /* senders waiting for room */
	}
	return got;
}

static long recv_stream(struct usock *u, struct sock_msg *m)
{
	bool peek = m->flags & MSG_PEEK;
	size_t done = 0;
	for (struct urec *r = u->rx; r && m->uio->resid;) {
		if (done && (r->nfds || (u->passcred && r->cred.pid != m->cred.pid)))
			break; /* descriptors and credentials come with their own bytes */
		size_t left = r->len - r->off, n = left < m->uio->resid ? left : m->uio->resid;
		int err = uiomove(r->data + r->off, n, m->uio);
		if (err)
			return done ? (long)done : err;
		if (!done)
			rec_extras(u, r, m, peek);
		done += n;
		struct urec *next = r->next;
		if (!peek) {
			r->off += (uint32_t)n;
			u->rx_bytes -= (uint32_t)n;
			if (r->off == r->len)
				rec_drop(u, r);
		}
		r = next;
		if (peek)
			break;
	}
	if (!peek && done)
		waitq_wake_all(&u->q);
	return (long)done;
}

long unix_recv(struct file *f, struct thread *td, struct sock_msg *m)
{
	struct usock *u = f->priv;
	bool connected_kind = u->type == SOCK_STREAM || u->type == SOCK_SEQPACKET;
	if (connected_kind && u->state != US_CONNECTED)
		return u->family != AF_UNIX ? -ENOTCONN : u->type == SOCK_STREAM ? -EINVAL
						       : -ENOTCONN; /* as Linux says */
	if (u->reset && !u->rx) {
		u->reset = false;
		return -ECONNRESET;
	}
	bool waitall = u->type == SOCK_STREAM && (m->flags & MSG_WAITALL) &&
		       !(m->flags & MSG_PEEK) && td;
	/* MSG_WAITALL: bytes taken are kept in td->progress across parks */
	size_t done = waitall ? (size_t)td->progress : 0;
	uio_skip(m->uio, done);
	if (u->rx) {
		if (u->type != SOCK_STREAM)
			return recv_one(u, m);
		long n = recv_stream(u, m);
		if (n < 0 || !waitall)
			return n < 0 && done ? (long)done : n;
		done += (size_t)n;
		td->progress = done;
	}
	bool ended = u->type != SOCK_DGRAM && (u->peer_gone || u->peer_wr_shut);
	if (u->rd_shut || ended || !m->uio->resid)
		return (long)done;
	long r = park_for(td, f, m->flags, &u->q, u->rcvtimeo);
	return r == -EPARKED || !done ? r : (long)done;
}

/* ---- options ---- */

int unix_getopt(struct file *f, int level, int name, void *val, uint32_t *len)
{
	struct usock *u = f->priv;
	int32_t v;
	if (level != SOL_SOCKET) {
		int r = u->family == AF_UNIX ? -EOPNOTSUPP : inet_getopt(u, level, name, &v);
		if (r)
			return r;
		*len = *len < sizeof v ? *len : sizeof v;
		memcpy(val, &v, *len);
		return 0;
	}
	switch (name) {
	case SO_TYPE:
		v = u->type;
		break;
	case SO_DOMAIN:
		v = u->family;
		break;
	case SO_PROTOCOL:
		v = u->protocol;
		break;
	case SO_ERROR:
		v = 0; /* connections complete or fail at once here */
		break;
	case SO_REUSEADDR:
		v = u->reuseaddr;
		break;
	case SO_REUSEPORT:
		v = u->reuseport;
		break;
	case SO_KEEPALIVE:
		v = u->keepalive;
		break;
	case SO_ACCEPTCONN:
		v = u->state == US_LISTENING;
		break;
	case SO_PASSCRED:
		v = u->passcred;
		break;
	case SO_RCVBUF:
		v = (int32_t)u->rcvbuf;
		break;
	case SO_SNDBUF:
		v = (int32_t)u->sndbuf;
		break;
	case SO_PEERCRED: {
		/* the peer's maker: for an accepted socket the client, for a client the server */
		struct sock_cred c = u->peer ? u->peer->cred : (struct sock_cred){ 0, ~0u, ~0u };
		*len = *len < sizeof c ? *len : sizeof c;
		memcpy(val, &c, *len);
		return 0;
	}
	default:
		return -ENOPROTOOPT;
	}
	*len = *len < sizeof v ? *len : sizeof v;
	memcpy(val, &v, *len);
	return 0;
}

int unix_setopt(struct file *f, int level, int name, const void *val, uint32_t len)
{
	struct usock *u = f->priv;
	int32_t v = 0;
	if (len >= sizeof v)
		memcpy(&v, val, sizeof v);
	else if (name != SO_RCVTIMEO_NEW && name != SO_SNDTIMEO_NEW)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return u->family == AF_UNIX ? -EOPNOTSUPP : inet_setopt(u, level, name, v);
	switch (name) {
	case SO_PASSCRED:
		u->passcred = v != 0;
		return 0;
	case SO_RCVBUF:
	case SO_SNDBUF: {
		/* Linux doubles what it is given, within its limits */
		uint32_t b = v < 2304 ? 4608 : v > (1 << 24) ? (1 << 25) : (uint32_t)v * 2;
		if (name == SO_RCVBUF)
			u->rcvbuf = b;
		else
			u->sndbuf = b;
		return 0;
	}
	case SO_REUSEADDR:
		u->reuseaddr = v != 0;
		return 0;
	case SO_REUSEPORT:
		u->reuseport = v != 0;
		return 0;
	case SO_KEEPALIVE:
		u->keepalive = v != 0;
		return 0;
	case SO_BROADCAST:
	case SO_LINGER:
		return 0;
	}
	return -ENOPROTOOPT;
}

void unix_set_timeout(struct file *f, bool rcv, int64_t ns)
{
	struct usock *u = f->priv;
	if (rcv)
		u->rcvtimeo = ns;
	else
		u->sndtimeo = ns;
}

int64_t unix_timeout(struct file *f, bool rcv)
{
	struct usock *u = f->priv;
	return rcv ? u->rcvtimeo : u->sndtimeo;
}
