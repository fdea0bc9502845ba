/* POSIX aio (musl runs it on threads): aio_write then aio_read with aio_suspend, aio_error
 * and aio_return, signal notification with the request's value, lio_listio waiting for a
 * batch, aio_cancel of nothing in flight, and aio_fsync. */
#include <aio.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "../check.h"

#define FILE_PATH "/tmp/wp-aio-test"

static void wait_one(struct aiocb *cb)
{
	const struct aiocb *list[1] = { cb };
	while (aio_error(cb) == EINPROGRESS)
		CHECK(aio_suspend(list, 1, NULL) == 0 || errno == EINTR);
}

static void test_write_then_read(int fd)
{
	static char out[4096], in[4096];
	for (int i = 0; i < (int)sizeof out; i++)
		out[i] = (char)(i * 7);
	struct aiocb w = { .aio_fildes = fd, .aio_buf = out, .aio_nbytes = sizeof out };
	CHECK(aio_write(&w) == 0);
	wait_one(&w);
	CHECK(aio_error(&w) == 0 && aio_return(&w) == sizeof out);
	struct aiocb r = { .aio_fildes = fd, .aio_buf = in, .aio_nbytes = sizeof in };
	CHECK(aio_read(&r) == 0);
	wait_one(&r);
	CHECK(aio_error(&r) == 0 && aio_return(&r) == sizeof in);
	CHECK(!memcmp(in, out, sizeof in));
	struct aiocb s = { .aio_fildes = fd };
	CHECK(aio_fsync(O_SYNC, &s) == 0);
	wait_one(&s);
	CHECK(aio_error(&s) == 0 && aio_return(&s) == 0);
}

static void test_signal_notification(int fd)
{
	sigset_t set;
	siginfo_t si;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	static char buf[16] = "notify";
	struct aiocb cb = { .aio_fildes = fd, .aio_buf = buf, .aio_nbytes = 6, .aio_offset = 100 };
	cb.aio_sigevent.sigev_notify = SIGEV_SIGNAL;
	cb.aio_sigevent.sigev_signo = SIGUSR1;
	cb.aio_sigevent.sigev_value.sival_int = 99;
	CHECK(aio_write(&cb) == 0);
	struct timespec limit = { 5, 0 };
	CHECK(sigtimedwait(&set, &si, &limit) == SIGUSR1);
	CHECK(si.si_code == SI_ASYNCIO && si.si_value.sival_int == 99);
	CHECK(aio_error(&cb) == 0 && aio_return(&cb) == 6);
}

static void test_lio_listio_waits_for_the_batch(int fd)
{
	static char a[8] = "aaaa", b[8] = "bbbb", got[8];
	struct aiocb wa = { .aio_fildes = fd, .aio_lio_opcode = LIO_WRITE, .aio_buf = a,
			    .aio_nbytes = 4, .aio_offset = 200 };
	struct aiocb wb = { .aio_fildes = fd, .aio_lio_opcode = LIO_WRITE, .aio_buf = b,
			    .aio_nbytes = 4, .aio_offset = 204 };
	struct aiocb *list[2] = { &wa, &wb };
	CHECK(lio_listio(LIO_WAIT, list, 2, NULL) == 0);
	CHECK(aio_return(&wa) == 4 && aio_return(&wb) == 4);
	CHECK(pread(fd, got, 8, 200) == 8 && !memcmp(got, "aaaabbbb", 8));
	CHECK(aio_cancel(fd, NULL) == AIO_ALLDONE);
}

int main(void)
{
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	test_write_then_read(fd);
	test_signal_notification(fd);
	test_lio_listio_waits_for_the_batch(fd);
	CHECK(close(fd) == 0 && unlink(FILE_PATH) == 0);
	puts("aio ok");
	return 0;
}
