/* TCP and UDP on the loopback addresses: ephemeral ports and the names each end sees,
 * data both ways across fork, half-close, reset on close with unread data, EADDRINUSE and
 * SO_REUSEADDR, ECONNREFUSED, non-blocking connect, IPv6 and v4-mapped addresses,
 * IPV6_V6ONLY, TCP_NODELAY, UDP datagrams with their senders, truncation, epoll on a
 * listener. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static struct sockaddr_in v4(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	CHECK(inet_pton(AF_INET, ip, &a.sin_addr) == 1);
	return a;
}

/* A listening TCP socket on 127.0.0.1 at an ephemeral port, written to *port. */
static int listener(int *port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(s >= 0);
	struct sockaddr_in a = v4("127.0.0.1", 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
	CHECK(listen(s, 8) == 0);
	socklen_t len = sizeof a;
	CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0 && len == sizeof a);
	*port = ntohs(a.sin_port);
	CHECK(*port >= 1024);
	return s;
}

static void test_tcp_names_and_data(void)
{
	int port, l = listener(&port);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = v4("127.0.0.1", port);
		if (connect(s, (struct sockaddr *)&a, sizeof a) != 0)
			_exit(1);
		char buf[16];
		if (write(s, "request", 7) != 7 || shutdown(s, SHUT_WR) != 0)
			_exit(2);
		ssize_t n = read(s, buf, sizeof buf);
		_exit(n == 5 && !memcmp(buf, "reply", 5) && read(s, buf, 1) == 0 ? 0 : 3);
	}
	struct sockaddr_in peer, mine, seen;
	socklen_t plen = sizeof peer, mlen = sizeof mine, slen = sizeof seen;
	int s = accept(l, (struct sockaddr *)&peer, &plen);
	CHECK(s >= 0 && plen == sizeof peer && peer.sin_family == AF_INET);
	CHECK(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(peer.sin_port) != port);
	CHECK(getsockname(s, (struct sockaddr *)&mine, &mlen) == 0 && ntohs(mine.sin_port) == port);
	CHECK(getpeername(s, (struct sockaddr *)&seen, &slen) == 0 && seen.sin_port == peer.sin_port);
	char buf[16];
	CHECK(read(s, buf, sizeof buf) == 7 && !memcmp(buf, "request", 7));
	CHECK(read(s, buf, sizeof buf) == 0); /* the client's half-close */
	CHECK(write(s, "reply", 5) == 5);
	CHECK(close(s) == 0);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	int v;
	socklen_t vl = sizeof v;
	CHECK(getsockopt(l, SOL_SOCKET, SO_PROTOCOL, &v, &vl) == 0 && v == IPPROTO_TCP);
	CHECK(close(l) == 0);
}

static void test_reset_on_close_with_unread_data(void)
{
	int port, l = listener(&port);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = v4("127.0.0.1", port);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0);
	int s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK(write(c, "unread", 6) == 6);
	struct pollfd p = { .fd = s, .events = POLLIN };
	CHECK(poll(&p, 1, 5000) == 1);
	CHECK(close(s) == 0); /* with the 6 bytes unread */
	char buf[8];
	errno = 0;
	CHECK(read(c, buf, sizeof buf) == -1 && errno == ECONNRESET);
	CHECK(read(c, buf, sizeof buf) == 0);
	CHECK(close(c) == 0 && close(l) == 0);
}

static void test_addresses_in_use_and_refused(void)
{
	int port, l = listener(&port);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = v4("127.0.0.1", port);
	errno = 0;
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == -1 && errno == EADDRINUSE);
	CHECK(close(s) == 0 && close(l) == 0);
	/* the port is free again: a new socket with SO_REUSEADDR takes it */
	s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == -1 && errno == ECONNREFUSED);
	CHECK(close(c) == 0 && close(s) == 0);
	struct sockaddr_in far = v4("192.0.2.1", 80);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	errno = 0;
	CHECK(bind(s, (struct sockaddr *)&far, sizeof far) == -1 && errno == EADDRNOTAVAIL);
	CHECK(close(s) == 0);
}

static void test_nonblocking_connect_and_epoll(void)
{
	int port, l = listener(&port);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = v4("127.0.0.1", port);
	int r = connect(c, (struct sockaddr *)&a, sizeof a);
	CHECK(r == 0 || errno == EINPROGRESS);
	struct pollfd p = { .fd = c, .events = POLLOUT };
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));
	int err = -1;
	socklen_t el = sizeof err;
	CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0);
	CHECK(epoll_wait(ep, &ev, 1, 5000) == 1 && ev.data.fd == l);
	int s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	int one = 1, got = 0;
	socklen_t gl = sizeof got;
	CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
	CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &got, &gl) == 0 && got == 1);
	CHECK(close(c) == 0 && close(s) == 0 && close(ep) == 0 && close(l) == 0);
}

static void test_ipv6_and_v4_mapped(void)
{
	int s6 = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(s6 >= 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	CHECK(bind(s6, (struct sockaddr *)&a6, sizeof a6) == 0);
	CHECK(listen(s6, 4) == 0);
	socklen_t len = sizeof a6;
	CHECK(getsockname(s6, (struct sockaddr *)&a6, &len) == 0 && len == sizeof a6);
	int port = ntohs(a6.sin6_port);
	/* an IPv4 client reaches the v6 wildcard listener, seen as ::ffff:127.0.0.1 */
	int c4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a4 = v4("127.0.0.1", port);
	CHECK(connect(c4, (struct sockaddr *)&a4, sizeof a4) == 0);
	struct sockaddr_in6 peer;
	socklen_t pl = sizeof peer;
	int s = accept(s6, (struct sockaddr *)&peer, &pl);
	CHECK(s >= 0 && pl == sizeof peer && IN6_IS_ADDR_V4MAPPED(&peer.sin6_addr));
	CHECK(close(s) == 0 && close(c4) == 0);
	/* and an IPv6 client on ::1 */
	int c6 = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port),
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	CHECK(connect(c6, (struct sockaddr *)&to, sizeof to) == 0);
	s = accept(s6, (struct sockaddr *)&peer, &pl);
	CHECK(s >= 0 && IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr));
	CHECK(close(s) == 0 && close(c6) == 0 && close(s6) == 0);
	/* IPV6_V6ONLY: IPv4 does not reach it */
	s6 = socket(AF_INET6, SOCK_STREAM, 0);
	int one = 1;
	CHECK(setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) == 0);
	a6 = (struct sockaddr_in6){ .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	CHECK(bind(s6, (struct sockaddr *)&a6, sizeof a6) == 0 && listen(s6, 1) == 0);
	len = sizeof a6;
	CHECK(getsockname(s6, (struct sockaddr *)&a6, &len) == 0);
	c4 = socket(AF_INET, SOCK_STREAM, 0);
	a4 = v4("127.0.0.1", ntohs(a6.sin6_port));
	errno = 0;
	CHECK(connect(c4, (struct sockaddr *)&a4, sizeof a4) == -1 && errno == ECONNREFUSED);
	CHECK(close(c4) == 0 && close(s6) == 0);
}

static void test_udp_datagrams(void)
{
	int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(r >= 0 && w >= 0);
	struct sockaddr_in a = v4("127.0.0.1", 0);
	CHECK(bind(r, (struct sockaddr *)&a, sizeof a) == 0);
	socklen_t len = sizeof a;
	CHECK(getsockname(r, (struct sockaddr *)&a, &len) == 0);
	CHECK(sendto(w, "first", 5, 0, (struct sockaddr *)&a, sizeof a) == 5);
	CHECK(sendto(w, "second", 6, 0, (struct sockaddr *)&a, sizeof a) == 6);
	struct sockaddr_in from, wname;
	socklen_t fl = sizeof from, wl = sizeof wname;
	char buf[8];
	CHECK(recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 5);
	CHECK(getsockname(w, (struct sockaddr *)&wname, &wl) == 0);
	CHECK(fl == sizeof from && from.sin_port == wname.sin_port && wname.sin_port != 0);
	CHECK(recv(r, buf, 3, 0) == 3); /* truncated: the rest of it is gone */
	errno = 0;
	CHECK(recv(r, buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	/* to a port nobody has: sent, and lost */
	struct sockaddr_in nobody = v4("127.0.0.1", ntohs(a.sin_port) == 65535 ? 65534 : 65535);
	CHECK(sendto(w, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody) == 1);
	int v;
	socklen_t vl = sizeof v;
	CHECK(getsockopt(r, SOL_SOCKET, SO_TYPE, &v, &vl) == 0 && v == SOCK_DGRAM);
	CHECK(getsockopt(r, SOL_SOCKET, SO_PROTOCOL, &v, &vl) == 0 && v == IPPROTO_UDP);
	CHECK(close(r) == 0 && close(w) == 0);
}

static void test_the_loopback_interface_and_fionread(void)
{
	CHECK(if_nametoindex("lo") == 1);
	char name[IF_NAMESIZE];
	CHECK(if_indextoname(1, name) && !strcmp(name, "lo"));
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq q;
	memset(&q, 0, sizeof q);
	strcpy(q.ifr_name, "lo");
	CHECK(ioctl(s, SIOCGIFFLAGS, &q) == 0);
	CHECK((q.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)) == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	CHECK(ioctl(s, SIOCGIFADDR, &q) == 0);
	CHECK(((struct sockaddr_in *)&q.ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	strcpy(q.ifr_name, "nosuch0");
	errno = 0;
	CHECK(ioctl(s, SIOCGIFFLAGS, &q) == -1 && errno == ENODEV);
	CHECK(close(s) == 0);
	int sv[2], n = -1;
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], "12345", 5) == 5 && write(sv[0], "678", 3) == 3);
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 8);
	CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
}

static void test_getifaddrs_and_if_nameindex_show_lo(void)
{
	struct ifaddrs *all;
	CHECK(getifaddrs(&all) == 0);
	bool v4 = false, v6 = false;
	for (struct ifaddrs *a = all; a; a = a->ifa_next) {
		if (strcmp(a->ifa_name, "lo") || !a->ifa_addr)
			continue;
		CHECK(a->ifa_flags & IFF_UP && a->ifa_flags & IFF_LOOPBACK);
		if (a->ifa_addr->sa_family == AF_INET)
			v4 |= ((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
		if (a->ifa_addr->sa_family == AF_INET6)
			v6 |= IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr);
	}
	freeifaddrs(all);
	CHECK(v4 && v6);
	struct if_nameindex *ni = if_nameindex();
	CHECK(ni != NULL);
	bool lo = false;
	for (struct if_nameindex *i = ni; i->if_index; i++)
		lo |= i->if_index == 1 && !strcmp(i->if_name, "lo");
	if_freenameindex(ni);
	CHECK(lo);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_tcp_names_and_data);
	RUN(test_reset_on_close_with_unread_data);
	RUN(test_addresses_in_use_and_refused);
	RUN(test_nonblocking_connect_and_epoll);
	RUN(test_ipv6_and_v4_mapped);
	RUN(test_udp_datagrams);
	RUN(test_the_loopback_interface_and_fionread);
	RUN(test_getifaddrs_and_if_nameindex_show_lo);
	puts("inet ok");
	return 0;
}
