/* FIFOs: mkfifo, a writer and a reader in two processes, EOF after the writer closes,
 * O_NONBLOCK opens (read succeeds, write without a reader fails with ENXIO), fstat. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

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

int main(void)
{
	RUN(test_fifo_between_processes);
	RUN(test_nonblocking_opens);
	puts("fifo: ok");
	return 0;
}
