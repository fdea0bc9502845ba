/*
 * AF_NETLINK, NETLINK_ROUTE, as far as libc asks it: dumps of the links (RTM_GETLINK) and
 * addresses (RTM_GETADDR) of the system's one interface, lo with 127.0.0.1/8 and ::1/128,
 * so that getifaddrs and if_nameindex work. A request sent on the socket queues its answer
 * on the socket itself as datagrams from the kernel (port 0) through the local socket
 * engine (unix.c): the messages, then NLMSG_DONE. Other requests are answered with an
 * NLMSG_ERROR of EOPNOTSUPP; groups and other netlink protocols are not there.
 */
#include "sock.h"

#define NLMSG_ERROR   2
#define NLMSG_DONE    3
#define RTM_NEWLINK   16
#define RTM_GETLINK   18
#define RTM_NEWADDR   20
#define RTM_GETADDR   22
#define NLM_F_MULTI   2
#define IFLA_ADDRESS  1
#define IFLA_BROADCAST 2
#define IFLA_IFNAME   3
#define IFLA_MTU      4
#define IFA_ADDRESS   1
#define IFA_LOCAL     2
#define IFA_LABEL     3
#define IFF_UP        0x1
#define IFF_LOOPBACK  0x8
#define IFF_RUNNING   0x40
#define IFF_LOWER_UP  0x10000
#define ARPHRD_LOOPBACK 772
#define RT_SCOPE_HOST 254
#define IFA_F_PERMANENT 0x80
#define NL_REQ_MAX    4096     /* bytes of requests one send may carry */

struct nlmsghdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};

/* An answer being built: up to 1 KiB, plenty for lo. */
struct nlbuf {
	uint8_t b[1024];
	uint32_t len;
};

static void put(struct nlbuf *o, const void *p, uint32_t n)
{
	memcpy(o->b + o->len, p, n);
	o->len = (o->len + n + 3) & ~3u;
}

static void attr(struct nlbuf *o, uint16_t type, const void *p, uint16_t n)
{
	uint16_t h[2] = { (uint16_t)(4 + n), type };
	memcpy(o->b + o->len, h, 4);
	memcpy(o->b + o->len + 4, p, n);
	o->len = (o->len + 4 + n + 3) & ~3u;
}

/* Starts a message; end() writes its length. */
static uint32_t begin(struct nlbuf *o, uint16_t type, uint16_t flags, uint32_t seq, uint32_t pid)
{
	uint32_t at = o->len;
	struct nlmsghdr h = { 0, type, flags, seq, pid };
	put(o, &h, sizeof h);
	return at;
}

static void end(struct nlbuf *o, uint32_t at)
{
	uint32_t len = o->len - at;
	memcpy(o->b + at, &len, sizeof len);
}

static void link_lo(struct nlbuf *o, uint32_t seq, uint32_t pid)
{
	uint32_t at = begin(o, RTM_NEWLINK, NLM_F_MULTI, seq, pid);
	struct { uint8_t family, pad; uint16_t type; int32_t index; uint32_t flags, change; }
		ifi = { 0, 0, ARPHRD_LOOPBACK, 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP, 0 };
	static const uint8_t hw[6];
	uint32_t mtu = 65536;
	put(o, &ifi, sizeof ifi);
	attr(o, IFLA_IFNAME, "lo", 3);
	attr(o, IFLA_ADDRESS, hw, sizeof hw);
	attr(o, IFLA_BROADCAST, hw, sizeof hw);
	attr(o, IFLA_MTU, &mtu, sizeof mtu);
	end(o, at);
}

static void addr_lo(struct nlbuf *o, int family, uint32_t seq, uint32_t pid)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 }, v6[16] = { [15] = 1 };
	uint32_t at = begin(o, RTM_NEWADDR, NLM_F_MULTI, seq, pid);
	struct { uint8_t family, prefixlen, flags, scope; uint32_t index; }
		ifa = { (uint8_t)family, family == AF_INET ? 8 : 128, IFA_F_PERMANENT, RT_SCOPE_HOST, 1 };
	put(o, &ifa, sizeof ifa);
	attr(o, IFA_ADDRESS, family == AF_INET ? v4 : v6, family == AF_INET ? 4 : 16);
	if (family == AF_INET) {
		attr(o, IFA_LOCAL, v4, 4);
		attr(o, IFA_LABEL, "lo", 3);
	}
	end(o, at);
}

/* Queues one datagram from the kernel on u: 0 or -ENOMEM. */
static int answer(struct usock *u, const struct nlbuf *o)
{
	struct urec *r = kmalloc(sizeof *r + o->len);
	if (!r)
		return -ENOMEM;
	memset(r, 0, sizeof *r);
	memcpy(r->data, o->b, o->len);
	r->len = o->len;
	r->from.len = 12; /* sockaddr_nl of the kernel: family, pad, pid 0, groups 0 */
	r->from.addr[0] = AF_NETLINK;
	unix_rec_queue(u, r);
	return 0;
}

/* Answers one request: the dump it asks for then NLMSG_DONE, or an error. */
static int request(struct usock *u, const struct nlmsghdr *h, const uint8_t *body, uint32_t n,
		   uint32_t pid)
{
	struct nlbuf o = { .len = 0 };
	int family = n >= 1 ? body[0] : AF_UNSPEC;
	if (h->type == RTM_GETLINK) {
		link_lo(&o, h->seq, pid);
	} else if (h->type == RTM_GETADDR) {
		if (family == AF_UNSPEC || family == AF_INET)
			addr_lo(&o, AF_INET, h->seq, pid);
		if (family == AF_UNSPEC || family == AF_INET6)
			addr_lo(&o, AF_INET6, h->seq, pid);
	} else {
		uint32_t at = begin(&o, NLMSG_ERROR, 0, h->seq, pid);
		int32_t err = -EOPNOTSUPP;
		put(&o, &err, sizeof err);
		put(&o, h, sizeof *h);
		end(&o, at);
		return answer(u, &o);
	}
	int r = answer(u, &o);
	if (r)
		return r;
	o.len = 0;
	uint32_t at = begin(&o, NLMSG_DONE, NLM_F_MULTI, h->seq, pid);
	int32_t zero = 0;
	put(&o, &zero, sizeof zero);
	end(&o, at);
	return answer(u, &o);
}

bool netlink_is(struct file *f)
{
	struct usock *u = unix_of(f);
	return u && u->family == AF_NETLINK;
}

int netlink_post(struct file *f, const void *data, uint32_t len)
{
	struct nlbuf o = { .len = 0 };
	if (!netlink_is(f) || len > sizeof o.b)
		return -EINVAL;
	memcpy(o.b, data, len);
	o.len = len;
	return answer(unix_of(f), &o);
}

long netlink_send(struct usock *u, struct thread *td, struct sock_msg *m)
{
	size_t n = m->uio->resid;
	if (n > NL_REQ_MAX)
		return -EMSGSIZE;
	uint8_t *req = kmalloc(n ? n : 1);
	if (!req)
		return -ENOMEM;
	int r = uiomove(req, n, m->uio);
	uint32_t pid = (uint32_t)td->p->pid;
	for (size_t off = 0; !r && off + sizeof(struct nlmsghdr) <= n;) {
		struct nlmsghdr h;
		memcpy(&h, req + off, sizeof h);
		if (h.len < sizeof h || h.len > n - off)
			break;
		r = request(u, &h, req + off + sizeof h, h.len - (uint32_t)sizeof h, pid);
		off += (h.len + 3) & ~3u;
	}
	kfree(req);
	return r ? r : (long)n;
}

void netlink_name(const struct usock *u, struct sock_name *out)
{
	uint32_t pid = (uint32_t)u->cred.pid;
	memset(out, 0, sizeof *out);
	out->len = 12;
	out->addr[0] = AF_NETLINK;
	memcpy(out->addr + 4, &pid, sizeof pid);
}
