/* Pipes within one process and across fork: data, EOF, EPIPE/SIGPIPE, O_NONBLOCK, FIONREAD,
 * PIPE_BUF atomicity, large writes that block, and fstat. */
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static volatile sig_atomic_t got_pipe;
static void on_pipe(int sig) { got_pipe = sig; }

static void test_data_flows_and_eof_after_last_writer(void)
{
	int fd[2];
	char buf[16];
	CHECK(pipe(fd) == 0);
	CHECK(write(fd[1], "hello", 5) == 5);
	int n = 0;
	CHECK(ioctl(fd[0], FIONREAD, &n) == 0 && n == 5);
	CHECK(read(fd[0], buf, 3) == 3 && memcmp(buf, "hel", 3) == 0);
	CHECK(read(fd[0], buf, sizeof buf) == 2 && memcmp(buf, "lo", 2) == 0);
	CHECK(close(fd[1]) == 0);
	CHECK(read(fd[0], buf, sizeof buf) == 0);
	CHECK(close(fd[0]) == 0);
}

static void test_epipe_and_sigpipe_without_readers(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	CHECK(close(fd[0]) == 0);
	signal(SIGPIPE, on_pipe);
	errno = 0;
	CHECK(write(fd[1], "x", 1) == -1 && errno == EPIPE);
	CHECK(got_pipe == SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(write(fd[1], "x", 1) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(fd[1]);
}

static void test_nonblocking_ends(void)
{
	int fd[2];
	char buf[4096];
	CHECK(pipe2(fd, O_NONBLOCK | O_CLOEXEC) == 0);
	CHECK(fcntl(fd[0], F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(fd[1], F_GETFD) & FD_CLOEXEC);
	errno = 0;
	CHECK(read(fd[0], buf, 1) == -1 && errno == EAGAIN);
	memset(buf, 'a', sizeof buf);
	long total = 0;
	for (;;) {
		ssize_t n = write(fd[1], buf, sizeof buf);
		if (n < 0) {
			CHECK(errno == EAGAIN);
			break;
		}
		total += n;
	}
	CHECK(total == 65536);
	/* a write larger than PIPE_BUF takes what fits */
	CHECK(read(fd[0], buf, 4096) == 4096);
	CHECK(read(fd[0], buf, 4096) == 4096);
	static char big[10000];
	ssize_t n = write(fd[1], big, sizeof big);
	CHECK(n > 0 && n <= 8192);
	errno = 0;
	CHECK(write(fd[1], big, 1) == -1 && errno == EAGAIN);
	close(fd[0]);
	close(fd[1]);
	errno = 0;
	CHECK(pipe2(fd, 0x1234) == -1 && errno == EINVAL);
}

static void test_fstat_says_fifo(void)
{
	int fd[2];
	struct stat st;
	CHECK(pipe(fd) == 0);
	CHECK(fstat(fd[0], &st) == 0 && S_ISFIFO(st.st_mode));
	errno = 0;
	CHECK(lseek(fd[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
	close(fd[0]);
	close(fd[1]);
}

/* A child writes 1 MiB in 4 KiB pieces; the parent reads it all and checks every byte. */
static void test_pipe_across_fork(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		char buf[4096];
		for (int i = 0; i < 256; i++) {
			memset(buf, 'a' + i % 26, sizeof buf);
			if (write(fd[1], buf, sizeof buf) != sizeof buf)
				_exit(2);
		}
		_exit(0);
	}
	close(fd[1]);
	static char buf[8192];
	long total = 0;
	ssize_t n;
	while ((n = read(fd[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			CHECK(buf[i] == 'a' + (int)((total + i) / 4096) % 26);
		total += n;
	}
	CHECK(n == 0 && total == 256 * 4096);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fd[0]);
}

/* Writes of PIPE_BUF bytes from two children never interleave. */
static void test_small_writes_are_atomic(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		CHECK(kids[k] >= 0);
		if (kids[k] == 0) {
			close(fd[0]);
			char buf[4096];
			memset(buf, k ? 'B' : 'A', sizeof buf);
			for (int i = 0; i < 64; i++)
				if (write(fd[1], buf, sizeof buf) != sizeof buf)
					_exit(2);
			_exit(0);
		}
	}
	close(fd[1]);
	char buf[4096];
	int blocks = 0;
	for (;;) {
		size_t got = 0;
		while (got < sizeof buf) {
			ssize_t n = read(fd[0], buf + got, sizeof buf - got);
			CHECK(n >= 0);
			if (n == 0)
				break;
			got += (size_t)n;
		}
		if (got == 0)
			break;
		CHECK(got == sizeof buf);
		for (size_t i = 1; i < got; i++)
			CHECK(buf[i] == buf[0]);
		blocks++;
	}
	CHECK(blocks == 128);
	for (int k = 0; k < 2; k++) {
		int st;
		CHECK(waitpid(kids[k], &st, 0) == kids[k] && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	close(fd[0]);
}

/* A child killed by SIGPIPE: its parent sees WIFSIGNALED with SIGPIPE. */
static void test_writer_dies_of_sigpipe(void)
{
	int fd[2];
	CHECK(pipe(fd) == 0);
	close(fd[0]);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		write(fd[1], "x", 1);
		_exit(0);
	}
	close(fd[1]);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
}

static int alarm_fd = -1;
static void on_alarm_write(int sig)
{
	(void)sig;
	write(alarm_fd, "!", 1);
}

/* A blocked read interrupted by a handler: EINTR, or restarted under SA_RESTART. */
static void test_read_restarts_only_under_sa_restart(void)
{
	int fd[2];
	char c = 0;
	CHECK(pipe(fd) == 0);
	alarm_fd = fd[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm_write;
	sa.sa_flags = SA_RESTART;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	ualarm(20000, 0);
	CHECK(read(fd[0], &c, 1) == 1 && c == '!');
	sa.sa_flags = 0;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	ualarm(20000, 0);
	errno = 0;
	CHECK(read(fd[0], &c, 1) == -1 && errno == EINTR);
	CHECK(read(fd[0], &c, 1) == 1 && c == '!'); /* the handler's byte is there */
	signal(SIGALRM, SIG_DFL);
	close(fd[0]);
	close(fd[1]);
}

int main(void)
{
	RUN(test_read_restarts_only_under_sa_restart);
	RUN(test_data_flows_and_eof_after_last_writer);
	RUN(test_epipe_and_sigpipe_without_readers);
	RUN(test_nonblocking_ends);
	RUN(test_fstat_says_fifo);
	RUN(test_pipe_across_fork);
	RUN(test_small_writes_are_atomic);
	RUN(test_writer_dies_of_sigpipe);
	puts("pipe: ok");
	return 0;
}
