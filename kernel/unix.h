/*
 * Sockets: the constants of the socket calls (Linux's) and AF_UNIX's interface to the
 * syscall layer (sys_socket.c). Other families will sit beside it behind the same calls.
 */
#ifndef KERNEL_UNIX_H
#define KERNEL_UNIX_H

#include "proc.h"
#include "file.h"

#define AF_UNSPEC 0
#define AF_UNIX   1
#define AF_INET   2
#define AF_INET6  10
#define AF_NETLINK 16
#define AF_PACKET 17

#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK  04000
#define SOCK_CLOEXEC   02000000

#define MSG_OOB      0x1
#define MSG_PEEK     0x2
#define MSG_CTRUNC   0x8
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR      0x80
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SOL_SOCKET   1
#define SO_REUSEADDR 2
#define SO_TYPE      3
#define SO_ERROR     4
#define SO_BROADCAST 6
#define SO_SNDBUF    7
#define SO_RCVBUF    8
#define SO_KEEPALIVE 9
#define SO_LINGER    13
#define SO_REUSEPORT 15
#define SO_PASSCRED  16
#define SO_PEERCRED  17
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL  38
#define SO_DOMAIN    39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define SCM_MAX_FD      253 /* descriptors one message may carry */
#define SCM_RIGHTS      1
#define SCM_CREDENTIALS 2

#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

/* A socket address as the guest gave it (family first); sockaddr_un is the largest. */
struct sock_name {
	uint32_t len;
	char addr[110];
};

/* struct ucred */
struct sock_cred {
	int32_t pid;
	uint32_t uid, gid;
};

/*
 * One send or receive. Sending: the data, the destination (len 0: none) and descriptors to
 * pass (held; a send that queues them takes them over). Receiving: the data, and on return
 * the source, descriptors received (held, for the caller to install or drop), credentials
 * and MSG_TRUNC in rflags.
 */
struct sock_msg {
	struct uio *uio;
	int flags;
	struct sock_name name;
	struct file **fds;
	int nfds;
	bool has_cred;
	struct sock_cred cred;
	int rflags;
};

/* The AF_UNIX socket behind f, or NULL. */
struct usock *unix_of(struct file *f);
/* f is a netlink socket; netlink_post queues a datagram from the kernel on it (netlink.c):
 * 0 or -ENOMEM. */
bool netlink_is(struct file *f);
int netlink_post(struct file *f, const void *data, uint32_t len);

/* A socket of family AF_UNIX, AF_INET or AF_INET6 (loopback only, inet.c). */
int unix_create(struct thread *td, int family, int type, int protocol, int flags,
		struct file **out);
int unix_pair(struct thread *td, int type, int protocol, int flags, struct file *out[2]);
int unix_bind(struct file *f, struct thread *td, const struct sock_name *n);
int unix_listen(struct file *f, int backlog);
int unix_connect(struct file *f, struct thread *td, const struct sock_name *n);
/* A connection taken off f's queue: *out (one reference) and the peer's name. */
int unix_accept(struct file *f, struct thread *td, int flags, struct file **out,
		struct sock_name *peer);
int unix_name(struct file *f, bool peer, struct sock_name *out);
int unix_shutdown(struct file *f, int how);
long unix_send(struct file *f, struct thread *td, struct sock_msg *m);
long unix_recv(struct file *f, struct thread *td, struct sock_msg *m);
int unix_getopt(struct file *f, int level, int name, void *val, uint32_t *len);
int unix_setopt(struct file *f, int level, int name, const void *val, uint32_t len);
void unix_set_timeout(struct file *f, bool rcv, int64_t ns);
int64_t unix_timeout(struct file *f, bool rcv);

#endif
