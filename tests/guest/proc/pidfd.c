/* pidfd_open, pidfd_send_signal and close_range: a pidfd polls readable when its process
 * ends, signals go through it, a thread's id is not a process, close_range closes or marks
 * close-on-exec. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static int pidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static void test_pidfd_readable_when_the_child_ends(void)
{
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		for (;;)
			pause();
	}
	int fd = pidfd_open(c, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 0);
	CHECK(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0) == 0);
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	errno = 0;
	CHECK(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0) == -1 && errno == ESRCH);
	CHECK(close(fd) == 0);
}

static void test_pidfd_errors(void)
{
	errno = 0;
	CHECK(pidfd_open(999999, 0) == -1 && errno == ESRCH);
	errno = 0;
	CHECK(pidfd_open(getpid(), 0x1234) == -1 && errno == EINVAL);
	int fd = pidfd_open(getpid(), 0);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0x100) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_pidfd_send_signal, STDIN_FILENO, 0, NULL, 0) == -1 && errno == EBADF);
	CHECK(syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) == 0); /* alive */
	CHECK(close(fd) == 0);
}

static void test_close_range(void)
{
	int base = dup(0);
	CHECK(base >= 0);
	for (int i = 1; i < 5; i++)
		CHECK(dup2(0, base + i) == base + i);
	CHECK(syscall(SYS_close_range, base + 1, base + 2, 4 /* CLOSE_RANGE_CLOEXEC */) == 0);
	CHECK(fcntl(base + 1, F_GETFD) == FD_CLOEXEC && fcntl(base + 2, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(base + 3, F_GETFD) == 0);
	CHECK(syscall(SYS_close_range, base, ~0u, 0) == 0);
	for (int i = 0; i < 5; i++)
		CHECK(fcntl(base + i, F_GETFD) == -1 && errno == EBADF);
	errno = 0;
	CHECK(syscall(SYS_close_range, 5, 4, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_close_range, 0, 1, 0x80) == -1 && errno == EINVAL);
}

int main(void)
{
	RUN(test_pidfd_readable_when_the_child_ends);
	RUN(test_pidfd_errors);
	RUN(test_close_range);
	puts("pidfd ok");
	return 0;
}
