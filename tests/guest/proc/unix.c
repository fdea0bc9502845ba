/* AF_UNIX sockets: stream, seqpacket and datagram pairs across fork, named servers in the
 * filesystem and the abstract space, autobind, shutdown and half-close, MSG_PEEK,
 * MSG_DONTWAIT, MSG_WAITALL, MSG_TRUNC, SCM_RIGHTS passing a pipe, SO_PEERCRED, socket
 * options and errors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

#define PATH "/tmp/wp-test.sock"

static socklen_t addr_of(struct sockaddr_un *a, const char *path, bool abstract)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	if (abstract) {
		memcpy(a->sun_path + 1, path, strlen(path));
		return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(path);
	}
	strcpy(a->sun_path, path);
	return sizeof *a;
}

static void test_stream_pair_across_fork(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		close(sv[0]);
		char buf[16];
		ssize_t n = read(sv[1], buf, sizeof buf);
		if (n != 5 || memcmp(buf, "hello", 5))
			_exit(1);
		_exit(write(sv[1], "world!", 6) == 6 ? 0 : 2);
	}
	CHECK(close(sv[1]) == 0);
	CHECK(write(sv[0], "hello", 5) == 5);
	char buf[16];
	CHECK(recv(sv[0], buf, sizeof buf, MSG_WAITALL) == 6 && !memcmp(buf, "world!", 6));
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(read(sv[0], buf, sizeof buf) == 0); /* the child's end is closed */
	struct stat s;
	CHECK(fstat(sv[0], &s) == 0 && S_ISSOCK(s.st_mode));
	CHECK(close(sv[0]) == 0);
}

static void test_peek_dontwait_and_half_close(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	char buf[8];
	errno = 0;
	CHECK(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(send(sv[1], "abc", 3, 0) == 3 && send(sv[1], "de", 2, 0) == 2);
	CHECK(recv(sv[0], buf, 2, MSG_PEEK) == 2 && !memcmp(buf, "ab", 2));
	CHECK(recv(sv[0], buf, sizeof buf, 0) == 5 && !memcmp(buf, "abcde", 5));
	CHECK(shutdown(sv[1], SHUT_WR) == 0);
	CHECK(recv(sv[0], buf, sizeof buf, 0) == 0); /* end of stream */
	CHECK(send(sv[0], "back", 4, 0) == 4); /* the other way still works */
	CHECK(recv(sv[1], buf, sizeof buf, 0) == 4);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(send(sv[1], "x", 1, 0) == -1 && errno == EPIPE);
	struct pollfd p = { .fd = sv[0], .events = POLLIN | POLLRDHUP };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN) && (p.revents & POLLRDHUP));
	CHECK(close(sv[1]) == 0);
	errno = 0;
	CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	CHECK(close(sv[0]) == 0);
	errno = 0;
	CHECK(shutdown(0x7fff, SHUT_RD) == -1 && errno == EBADF);
}

static void test_seqpacket_and_dgram_keep_boundaries(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	CHECK(send(sv[0], "one", 3, 0) == 3 && send(sv[0], "three", 5, 0) == 5);
	char buf[8];
	CHECK(recv(sv[1], buf, sizeof buf, 0) == 3);
	CHECK(recv(sv[1], buf, 2, 0) == 2); /* the rest of "three" is dropped */
	errno = 0;
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(send(sv[0], "datagram", 8, 0) == 8);
	struct msghdr mh = { 0 };
	struct iovec iov = { buf, 4 };
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK(recvmsg(sv[1], &mh, 0) == 4 && (mh.msg_flags & MSG_TRUNC));
	CHECK(send(sv[0], "datagram", 8, 0) == 8);
	CHECK(recv(sv[1], buf, 4, MSG_TRUNC) == 8); /* the real length */
	CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
}

static void test_named_stream_server(bool abstract)
{
	struct sockaddr_un a, got;
	socklen_t len = addr_of(&a, abstract ? "wp-abstract-test" : PATH, abstract);
	if (!abstract)
		unlink(PATH);
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(srv >= 0);
	CHECK(bind(srv, (struct sockaddr *)&a, len) == 0);
	int again = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK(bind(again, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
	CHECK(close(again) == 0);
	if (!abstract) {
		struct stat s;
		CHECK(stat(PATH, &s) == 0 && S_ISSOCK(s.st_mode));
	}
	int early = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK(connect(early, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
	CHECK(close(early) == 0);
	CHECK(listen(srv, 4) == 0);
	int acc;
	socklen_t glen = sizeof acc;
	CHECK(getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &acc, &glen) == 0 && acc == 1);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&a, len) != 0)
			_exit(1);
		char buf[8];
		_exit(write(s, "ping", 4) == 4 && read(s, buf, sizeof buf) == 4 &&
				      !memcmp(buf, "pong", 4) ? 0 : 2);
	}
	int s = accept(srv, NULL, NULL);
	CHECK(s >= 0);
	struct ucred cr;
	socklen_t crlen = sizeof cr;
	CHECK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0 && crlen == sizeof cr);
	CHECK(cr.pid == c && cr.uid == getuid() && cr.gid == getgid());
	char buf[8];
	CHECK(read(s, buf, sizeof buf) == 4 && !memcmp(buf, "ping", 4));
	CHECK(write(s, "pong", 4) == 4);
	/* the accepted socket has the listener's name; a path's length is trimmed */
	socklen_t want = abstract ? len : offsetof(struct sockaddr_un, sun_path) + strlen(PATH) + 1;
	glen = sizeof got;
	CHECK(getsockname(s, (struct sockaddr *)&got, &glen) == 0 && glen == want);
	CHECK(!memcmp(&got, &a, want));
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(close(s) == 0 && close(srv) == 0);
	if (!abstract)
		CHECK(unlink(PATH) == 0);
}

static void test_named_servers(void)
{
	test_named_stream_server(false);
	test_named_stream_server(true);
}

static void test_dgram_sendto_and_autobind(void)
{
	struct sockaddr_un a, from;
	socklen_t len = addr_of(&a, "wp-dgram-test", true);
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(srv >= 0 && cli >= 0);
	CHECK(bind(srv, (struct sockaddr *)&a, len) == 0);
	/* autobind: an abstract name of 5 hex digits */
	struct sockaddr_un me = { .sun_family = AF_UNIX };
	CHECK(bind(cli, (struct sockaddr *)&me, sizeof(sa_family_t)) == 0);
	socklen_t mlen = sizeof me;
	CHECK(getsockname(cli, (struct sockaddr *)&me, &mlen) == 0);
	CHECK(mlen == offsetof(struct sockaddr_un, sun_path) + 6 && me.sun_path[0] == 0);
	CHECK(sendto(cli, "d1", 2, 0, (struct sockaddr *)&a, len) == 2);
	char buf[8];
	socklen_t flen = sizeof from;
	CHECK(recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen) == 2);
	CHECK(flen == mlen && !memcmp(&from, &me, mlen));
	/* a reply to the sender's name */
	CHECK(sendto(srv, "r1", 2, 0, (struct sockaddr *)&from, flen) == 2);
	CHECK(recv(cli, buf, sizeof buf, 0) == 2 && !memcmp(buf, "r1", 2));
	/* connect sets the default destination */
	CHECK(connect(cli, (struct sockaddr *)&a, len) == 0);
	CHECK(send(cli, "d2", 2, 0) == 2);
	CHECK(recv(srv, buf, sizeof buf, 0) == 2 && !memcmp(buf, "d2", 2));
	struct sockaddr_un nobody;
	socklen_t nlen = addr_of(&nobody, "wp-nobody", true);
	errno = 0;
	CHECK(sendto(cli, "x", 1, 0, (struct sockaddr *)&nobody, nlen) == -1 && errno == ECONNREFUSED);
	CHECK(close(srv) == 0 && close(cli) == 0);
}

static void test_scm_rights_passes_a_pipe(void)
{
	int sv[2], p[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		close(sv[0]);
		close(p[0]);
		close(p[1]);
		char b;
		struct iovec iov = { &b, 1 };
		char ctl[CMSG_SPACE(sizeof(int))];
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
				     .msg_controllen = sizeof ctl };
		if (recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC) != 1)
			_exit(1);
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
		if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			_exit(2);
		int fd;
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
		if (fcntl(fd, F_GETFD) != FD_CLOEXEC)
			_exit(3);
		_exit(write(fd, "via", 3) == 3 ? 0 : 4);
	}
	CHECK(close(sv[1]) == 0);
	char b = 'x';
	struct iovec iov = { &b, 1 };
	char ctl[CMSG_SPACE(sizeof(int))];
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = sizeof ctl };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[1], sizeof(int));
	CHECK(sendmsg(sv[0], &mh, 0) == 1);
	CHECK(close(p[1]) == 0); /* the child's copy keeps the pipe open */
	char buf[8];
	CHECK(read(p[0], buf, sizeof buf) == 3 && !memcmp(buf, "via", 3));
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(read(p[0], buf, sizeof buf) == 0);
	CHECK(close(p[0]) == 0 && close(sv[0]) == 0);
}

static void test_sendmmsg_and_recvmmsg(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	char *words[3] = { "one", "two", "three" };
	struct mmsghdr out[3], in[4];
	struct iovec oiov[3], iiov[4];
	char bufs[4][8];
	memset(out, 0, sizeof out);
	memset(in, 0, sizeof in);
	for (int i = 0; i < 3; i++) {
		oiov[i] = (struct iovec){ words[i], strlen(words[i]) };
		out[i].msg_hdr.msg_iov = &oiov[i];
		out[i].msg_hdr.msg_iovlen = 1;
	}
	for (int i = 0; i < 4; i++) {
		iiov[i] = (struct iovec){ bufs[i], sizeof bufs[i] };
		in[i].msg_hdr.msg_iov = &iiov[i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK(sendmmsg(sv[0], out, 3, 0) == 3);
	CHECK(out[0].msg_len == 3 && out[2].msg_len == 5);
	CHECK(recvmmsg(sv[1], in, 4, MSG_WAITFORONE, NULL) == 3);
	CHECK(in[0].msg_len == 3 && in[1].msg_len == 3 && in[2].msg_len == 5);
	CHECK(!memcmp(bufs[2], "three", 5));
	CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
}

static void test_options_and_errors(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(s >= 0);
	int v;
	socklen_t len = sizeof v;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM);
	CHECK(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_UNIX);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0);
	v = 1;
	CHECK(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, sizeof v) == 0);
	struct timeval tv = { 0, 20000 }, gtv;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
	len = sizeof gtv;
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &gtv, &len) == 0);
	CHECK(gtv.tv_sec == 0 && gtv.tv_usec == 20000);
	char buf[4];
	errno = 0;
	CHECK(recv(s, buf, sizeof buf, 0) == -1 && errno == EINVAL); /* Linux's answer */
	errno = 0;
	CHECK(send(s, buf, 1, 0) == -1 && errno == ENOTCONN);
	struct sockaddr_un a;
	errno = 0;
	CHECK(getpeername(s, (struct sockaddr *)&a, &len) == -1 && errno == ENOTCONN);
	CHECK(close(s) == 0);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
	errno = 0;
	CHECK(recv(sv[0], buf, sizeof buf, 0) == -1 && errno == EAGAIN); /* the timeout */
	CHECK(close(sv[0]) == 0 && close(sv[1]) == 0);
	errno = 0;
	CHECK(socket(AF_UNIX, SOCK_STREAM, 5) == -1 && errno == EPROTONOSUPPORT);
	errno = 0;
	CHECK(socket(12345, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
	errno = 0;
	CHECK(recv(STDIN_FILENO, buf, 1, 0) == -1 && errno == ENOTSOCK);
}

int main(void)
{
	RUN(test_stream_pair_across_fork);
	RUN(test_peek_dontwait_and_half_close);
	RUN(test_seqpacket_and_dgram_keep_boundaries);
	RUN(test_named_servers);
	RUN(test_dgram_sendto_and_autobind);
	RUN(test_scm_rights_passes_a_pipe);
	RUN(test_sendmmsg_and_recvmmsg);
	RUN(test_options_and_errors);
	puts("unix ok");
	return 0;
}
