/* FIFOs: mkfifo, a writer and a reader in two processes, EOF after the writer closes,
 * O_NONBLOCK opens (read succeeds, write without a reader fails with ENXIO), fstat; blocking
 * opens wait for their peer, and a signal interrupts them (EINTR, or a restart under
 * SA_RESTART). Every wait is bounded: children exit on their own within a second. */
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static const char *path = "/tmp/proc_fifo_test";

static void test_fifo_between_processes(void)
{
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open(path, O_WRONLY);
		if (fd < 0)
			_exit(2);
		for (int i = 0; i < 100; i++)
			if (write(fd, "0123456789", 10) != 10)
				_exit(3);
		_exit(0);
	}
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode));
	char buf[256];
	long total = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += n;
	CHECK(n == 0 && total == 1000);
	int ws;
	CHECK(waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	close(fd);
}

static void test_nonblocking_opens(void)
{
	errno = 0;
	CHECK(open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
	int r = open(path, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	int w = open(path, O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0);
	CHECK(write(w, "abc", 3) == 3);
	char buf[8];
	CHECK(read(r, buf, sizeof buf) == 3 && memcmp(buf, "abc", 3) == 0);
	errno = 0;
	CHECK(read(r, buf, sizeof buf) == -1 && errno == EAGAIN);
	close(w);
	CHECK(read(r, buf, sizeof buf) == 0);
	close(r);
	/* read-write opens never wait */
	int rw = open(path, O_RDWR);
	CHECK(rw >= 0);
	CHECK(write(rw, "z", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'z');
	close(rw);
	CHECK(unlink(path) == 0);
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * The parent opens the FIFO with mode; the child, after a nap, writes a mark into an
 * ordinary pipe and only then opens the other side. The parent's open returning with the
 * mark already there shows it waited for the child's open.
 */
static void test_blocking_open_waits_for_peer(int mode)
{
	int mark[2];
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	CHECK(pipe(mark) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(mark[0]);
		nap_ms(100);
		if (write(mark[1], "m", 1) != 1)
			_exit(2);
		int fd = open(path, mode == O_RDONLY ? O_WRONLY : O_RDONLY);
		if (fd < 0)
			_exit(3);
		char c = 0;
		if (mode == O_RDONLY ? write(fd, "d", 1) != 1 : read(fd, &c, 1) != 1 || c != 'd')
			_exit(4);
		_exit(0);
	}
	close(mark[1]);
	int fd = open(path, mode);
	CHECK(fd >= 0);
	CHECK(fcntl(mark[0], F_SETFL, O_NONBLOCK) == 0);
	char c = 0;
	CHECK(read(mark[0], &c, 1) == 1 && c == 'm');
	if (mode == O_RDONLY)
		CHECK(read(fd, &c, 1) == 1 && c == 'd');
	else
		CHECK(write(fd, "d", 1) == 1);
	int ws;
	CHECK(waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	close(fd);
	close(mark[0]);
	CHECK(unlink(path) == 0);
}

static void test_blocking_reader_open(void) { test_blocking_open_waits_for_peer(O_RDONLY); }
static void test_blocking_writer_open(void) { test_blocking_open_waits_for_peer(O_WRONLY); }

static void test_nonblocking_reader_without_writer_reads_eof(void)
{
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	int r = open(path, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	char c;
	CHECK(read(r, &c, 1) == 0);
	close(r);
	CHECK(unlink(path) == 0);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void arm_alarm_ms(long ms, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
}

/* Without SA_RESTART a signal ends the wait with EINTR, and no end stays open. */
static void test_signal_interrupts_open(void)
{
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	alarms = 0;
	arm_alarm_ms(50, 0);
	errno = 0;
	CHECK(open(path, O_RDONLY) == -1 && errno == EINTR);
	CHECK(alarms == 1);
	errno = 0;
	CHECK(open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
	CHECK(unlink(path) == 0);
}

/* Under SA_RESTART the open goes on waiting after the handler, until the peer comes. */
static void test_signal_restarts_open(void)
{
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		nap_ms(300);
		int fd = open(path, O_WRONLY);
		_exit(fd >= 0 && write(fd, "r", 1) == 1 ? 0 : 2);
	}
	alarms = 0;
	arm_alarm_ms(50, SA_RESTART);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(alarms == 1);
	char c = 0;
	CHECK(read(fd, &c, 1) == 1 && c == 'r');
	int ws;
	CHECK(waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	close(fd);
	signal(SIGALRM, SIG_DFL);
	CHECK(unlink(path) == 0);
}

int main(void)
{
	RUN(test_fifo_between_processes);
	RUN(test_nonblocking_opens);
	RUN(test_blocking_reader_open);
	RUN(test_blocking_writer_open);
	RUN(test_nonblocking_reader_without_writer_reads_eof);
	RUN(test_signal_interrupts_open);
	RUN(test_signal_restarts_open);
	puts("fifo: ok");
	return 0;
}
