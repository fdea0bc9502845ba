/*
 * AF_INET and AF_INET6 inside the system (sock.h): the names of loopback TCP and UDP
 * sockets, whose data moves through the same engine as AF_UNIX's (unix.c).
 *
 * Addresses are kept as IPv6 ones, an IPv4 address as ::ffff:a.b.c.d. The system's own
 * addresses are 127.0.0.0/8 and ::1 (and the wildcards); binding another is EADDRNOTAVAIL
 * and connecting elsewhere ENETUNREACH until the host's network bridge exists (#9). A port
 * is taken per protocol; a second bind of a port is EADDRINUSE unless both sockets set
 * SO_REUSEPORT, or both SO_REUSEADDR and neither listens. A v6 wildcard also takes IPv4
 * unless IPV6_V6ONLY. Unbound sockets get an ephemeral port (32768-60999) on connect,
 * listen or a first send.
 */
#include "sock.h"

#define PORT_LOW   32768
#define PORT_HIGH  60999
#define IPPROTO_IP   0
#define IPPROTO_TCP  6
#define IPPROTO_IPV6 41
#define TCP_NODELAY  1
#define IPV6_V6ONLY  26

struct inaddr {
	uint8_t a[16];
	uint16_t port;            /* host order */
};

static struct usock *ports;
static uint16_t next_port = PORT_LOW;

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static bool is_v4(const struct inaddr *ia)
{
	return !memcmp(ia->a, v4mapped, 12);
}

static bool is_any(const struct inaddr *ia)
{
	static const uint8_t zero[16];
	return !memcmp(ia->a, zero, 16) || (is_v4(ia) && !memcmp(ia->a + 12, zero, 4));
}

static bool is_loopback(const struct inaddr *ia)
{
	static const uint8_t one[16] = { [15] = 1 };
	return (is_v4(ia) && ia->a[12] == 127) || !memcmp(ia->a, one, 16);
}

/* The address a socket sending toward t speaks from: t itself, the wildcard taken as the
 * loopback address. */
static void toward(struct inaddr *t)
{
	if (!is_any(t))
		return;
	if (is_v4(t))
		t->a[12] = 127, t->a[15] = 1;
	else
		t->a[15] = 1;
}

/* A guest sockaddr as an address of u's family: 0, -EINVAL or -EAFNOSUPPORT. */
static int parse(const struct usock *u, const struct sock_name *n, struct inaddr *ia)
{
	const uint8_t *b = (const uint8_t *)n->addr;
	uint16_t family = (uint16_t)(b[0] | b[1] << 8);
	memset(ia, 0, sizeof *ia);
	if (family == AF_INET && u->family == AF_INET) {
		if (n->len < 16)
			return -EINVAL;
		memcpy(ia->a, v4mapped, 12);
		memcpy(ia->a + 12, b + 4, 4);
	} else if (family == AF_INET6 && u->family == AF_INET6) {
		if (n->len < 24)
			return -EINVAL;
		memcpy(ia->a, b + 8, 16);
	} else {
		return -EAFNOSUPPORT;
	}
	ia->port = (uint16_t)(b[2] << 8 | b[3]);
	return 0;
}

/* ia as a sockaddr of u's family. */
static void format(const struct usock *u, const struct inaddr *ia, struct sock_name *n)
{
	uint8_t *b = (uint8_t *)n->addr;
	memset(n, 0, sizeof *n);
	b[0] = (uint8_t)u->family;
	b[2] = (uint8_t)(ia->port >> 8);
	b[3] = (uint8_t)ia->port;
	if (u->family == AF_INET) {
		memcpy(b + 4, ia->a + 12, 4);
		n->len = 16;
	} else {
		memcpy(b + 8, ia->a, 16);
		n->len = 28;
	}
}

int inet_check(const struct usock *u, const struct sock_name *n)
{
	struct inaddr ia;
	return parse(u, n, &ia);
}

static bool same_proto(const struct usock *a, const struct usock *b)
{
	return (a->type == SOCK_DGRAM) == (b->type == SOCK_DGRAM);
}

/* The addresses of a and b overlap: one is a wildcard covering the other, or they are one. */
static bool overlap(const struct usock *a, const struct inaddr *x, const struct usock *b,
		    const struct inaddr *y)
{
	if (is_any(x) || is_any(y)) {
		/* a v6-only wildcard does not cover IPv4, nor an IPv4 one IPv6 */
		const struct usock *w = is_any(x) ? a : b;
		const struct inaddr *other = is_any(x) ? y : x;
		if (w->family == AF_INET6 && w->v6only && is_v4(other))
			return false;
		if (w->family == AF_INET && !is_v4(other))
			return false;
		return true;
	}
	return !memcmp(x->a, y->a, 16);
}

static bool port_free(const struct usock *u, const struct inaddr *ia)
{
	for (struct usock *o = ports; o; o = o->next_port) {
		struct inaddr oa;
		if (o == u || !same_proto(o, u) || parse(o, &o->name, &oa) || oa.port != ia->port)
			continue;
		if (!overlap(u, ia, o, &oa))
			continue;
		if (u->reuseport && o->reuseport)
			continue;
		if (u->reuseaddr && o->reuseaddr && o->state != US_LISTENING)
			continue;
		return false;
	}
	return true;
}

static void take(struct usock *u, const struct inaddr *ia)
{
	format(u, ia, &u->name);
	u->next_port = ports;
	ports = u;
}

/* Binds u to the first free ephemeral port at ia's address: 0 or -EADDRINUSE. */
static int autobind_at(struct usock *u, struct inaddr *ia)
{
	for (int tries = 0; tries <= PORT_HIGH - PORT_LOW; tries++) {
		ia->port = next_port;
		next_port = next_port == PORT_HIGH ? PORT_LOW : next_port + 1;
		if (port_free(u, ia)) {
			take(u, ia);
			return 0;
		}
	}
	return -EADDRINUSE;
}

int inet_bind(struct usock *u, struct thread *td, const struct sock_name *n)
{
	struct inaddr ia;
	int r = parse(u, n, &ia);
	if (r)
		return r;
	if (u->name.len)
		return -EINVAL;
	if (!is_any(&ia) && !is_loopback(&ia))
		return -EADDRNOTAVAIL;
	if (ia.port && ia.port < 1024 && td->p->cred.euid != 0)
		return -EACCES;
	if (!ia.port)
		return autobind_at(u, &ia);
	if (!port_free(u, &ia))
		return -EADDRINUSE;
	take(u, &ia);
	return 0;
}

int inet_autobind(struct usock *u)
{
	struct inaddr ia = { { 0 }, 0 };
	if (u->family == AF_INET)
		memcpy(ia.a, v4mapped, 12);
	return u->name.len ? 0 : autobind_at(u, &ia);
}

void inet_unbind(struct usock *u)
{
	for (struct usock **pp = &ports; *pp; pp = &(*pp)->next_port)
		if (*pp == u) {
			*pp = u->next_port;
			return;
		}
}

/* Whether a socket bound at b (of family bu) takes what is sent to t. */
static bool reaches(const struct usock *bu, const struct inaddr *b, const struct inaddr *t)
{
	if (b->port != t->port)
		return false;
	if (is_any(b)) {
		if (bu->family == AF_INET)
			return is_v4(t);
		return !(bu->v6only && is_v4(t));
	}
	return !memcmp(b->a, t->a, 16);
}

struct usock *inet_find(const struct usock *from, const struct sock_name *to, bool listener)
{
	struct inaddr t;
	struct usock *best = NULL;
	if (parse(from, to, &t))
		return NULL;
	toward(&t); /* connecting to the wildcard reaches the loopback address */
	for (struct usock *o = ports; o; o = o->next_port) {
		struct inaddr oa;
		if (!same_proto(o, from) || parse(o, &o->name, &oa) || !reaches(o, &oa, &t))
			continue;
		if (listener && o->state != US_LISTENING)
			continue;
		if (!best || !is_any(&oa))
			best = o; /* an exact address wins over a wildcard */
	}
	return best;
}

/* Whether connect can go to n at all: 0, or -ENETUNREACH for an address not the system's. */
int inet_reachable(const struct usock *u, const struct sock_name *n)
{
	struct inaddr t;
	int r = parse(u, n, &t);
	if (r)
		return r;
	return is_any(&t) || is_loopback(&t) ? 0 : -ENETUNREACH;
}

/* n's address by its own family field, whatever u's family: 0 or -EAFNOSUPPORT. */
static int parse_any(const struct sock_name *n, struct inaddr *ia)
{
	struct usock as = { .family = (uint8_t)n->addr[0] };
	if (as.family != AF_INET && as.family != AF_INET6)
		return -EAFNOSUPPORT;
	return parse(&as, n, ia);
}

void inet_as(int family, const struct sock_name *n, struct sock_name *out)
{
	struct inaddr ia;
	struct usock as = { .family = family };
	if (parse_any(n, &ia)) {
		*out = *n;
		return;
	}
	format(&as, &ia, out);
}

void inet_source(const struct usock *u, const struct sock_name *to, struct sock_name *out)
{
	struct inaddr me, t;
	if (parse(u, &u->name, &me) || parse_any(to, &t)) {
		*out = u->name;
		return;
	}
	if (is_any(&me)) {
		toward(&t);
		memcpy(me.a, t.a, 16);
	}
	format(u, &me, out);
}

int inet_autobind_toward(struct usock *u, const struct sock_name *to)
{
	struct inaddr t;
	if (u->name.len)
		return 0;
	int r = parse(u, to, &t);
	if (r)
		return r;
	toward(&t);
	return autobind_at(u, &t);
}

int inet_getopt(struct usock *u, int level, int name, int32_t *v)
{
	if (level == IPPROTO_TCP && name == TCP_NODELAY && u->type == SOCK_STREAM)
		*v = u->nodelay;
	else if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY && u->family == AF_INET6)
		*v = u->v6only;
	else
		return -ENOPROTOOPT;
	return 0;
}

int inet_setopt(struct usock *u, int level, int name, int32_t v)
{
	if (level == IPPROTO_TCP && name == TCP_NODELAY && u->type == SOCK_STREAM)
		u->nodelay = v != 0; /* data moves at once anyway */
	else if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY && u->family == AF_INET6)
		u->v6only = v != 0;
	else
		return -ENOPROTOOPT;
	return 0;
}
