/*
 * The local socket engine's records, shared by AF_UNIX (unix.c) and the loopback AF_INET
 * and AF_INET6 families (inet.c); nothing else sees them.
 */
#ifndef KERNEL_SOCK_H
#define KERNEL_SOCK_H

#include "unix.h"

#define UNIX_RCVBUF   (256 * 1024)  /* bytes a socket holds before senders wait */
#define UNIX_DEV      0x13          /* st_dev of sockets */

enum { US_UNCONNECTED, US_LISTENING, US_CONNECTED };

struct urec {
	struct urec *next;
	uint32_t len, off;            /* bytes, and how many a stream reader has taken */
	struct file **fds;            /* SCM_RIGHTS: held */
	int nfds;
	struct sock_cred cred;        /* the sender */
	struct sock_name from;        /* a datagram's sender */
	char data[];
};

struct usock {
	int family, type, protocol, state;
	struct usock *peer;           /* connected (stream, seqpacket) */
	struct sock_name dgram_peer;  /* a connected datagram socket's peer, by name */
	bool peer_gone;               /* the peer closed: reads end, writes fail */
	bool rd_shut, wr_shut, peer_wr_shut;
	struct urec *rx, **rx_tail;
	uint32_t rx_bytes, rcvbuf, sndbuf;
	struct waitq q;
	struct sock_name name;        /* bound, or autobound */
	struct vnode *vn;             /* the inode of a filesystem name */
	struct usock *next_bound;
	int backlog, nqueued;
	struct usock *queue, *next_queued; /* connections not yet accepted */
	struct usock *listener;       /* while queued */
	struct sock_cred cred;        /* of whoever made it (SO_PEERCRED answers the peer's) */
	bool passcred;
	int64_t rcvtimeo, sndtimeo;   /* ns; 0: none */
	uint64_t ino;
	/* AF_INET and AF_INET6 (inet.c) */
	bool reuseaddr, reuseport, v6only, nodelay, keepalive;
	bool reset;                   /* the peer closed with data unread: ECONNRESET once */
	struct usock *next_port;      /* the port table */
};

/*
 * AF_INET and AF_INET6 names (inet.c): checks a socket address for u's family (EINVAL,
 * EAFNOSUPPORT), binds it in the port table (EADDRINUSE, EADDRNOTAVAIL, EACCES below 1024
 * without privilege), gives an unbound socket an ephemeral port, and finds the socket a
 * connect or a datagram reaches (NULL: ECONNREFUSED, or the datagram is dropped).
 */
int inet_check(const struct usock *u, const struct sock_name *n);
int inet_bind(struct usock *u, struct thread *td, const struct sock_name *n);
int inet_autobind(struct usock *u);
struct usock *inet_find(const struct usock *from, const struct sock_name *to, bool listener);
void inet_unbind(struct usock *u);
/* 0 when n is one of the system's addresses (or a wildcard), else -ENETUNREACH. */
int inet_reachable(const struct usock *u, const struct sock_name *n);
/* n (an AF_INET or AF_INET6 address) as an address of family: v4-mapped both ways. */
void inet_as(int family, const struct sock_name *n, struct sock_name *out);
/* The name u sends from toward to: its port, and its address or, bound to the wildcard,
 * the address it speaks to (a connection's local name, a datagram's source). */
void inet_source(const struct usock *u, const struct sock_name *to, struct sock_name *out);
/* An unbound u gets an ephemeral port at the address it would speak to to from. */
int inet_autobind_toward(struct usock *u, const struct sock_name *to);
int inet_getopt(struct usock *u, int level, int name, int32_t *v);
int inet_setopt(struct usock *u, int level, int name, int32_t v);

/* AF_NETLINK (netlink.c): a request sent answers itself on u; u's own name. */
long netlink_send(struct usock *u, struct thread *td, struct sock_msg *m);
void netlink_name(const struct usock *u, struct sock_name *out);
/* Queues record r on u's receive list and wakes its readers (unix.c). */
void unix_rec_queue(struct usock *u, struct urec *r);

#endif
