/* mq_notify with SIGEV_THREAD: the function runs in another thread with the value when a
 * message comes to the empty queue, once; a removed registration runs nothing. */
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define Q "/wp-test-mqnotify"

static sem_t ran;
static volatile int value, calls;
static pthread_t main_thread;
static volatile int other_thread;

static void notified(union sigval v)
{
	value = v.sival_int;
	other_thread = !pthread_equal(pthread_self(), main_thread);
	calls++;
	sem_post(&ran);
}

static int wait_ran(int seconds)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += seconds;
	return sem_timedwait(&ran, &dl);
}

int main(void)
{
	main_thread = pthread_self();
	CHECK(sem_init(&ran, 0, 0) == 0);
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 8 };
	mq_unlink(Q);
	mqd_t q = mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	CHECK(q != (mqd_t)-1);
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD };
	ev.sigev_notify_function = notified;
	ev.sigev_value.sival_int = 77;
	CHECK(mq_notify(q, &ev) == 0);
	CHECK(mq_send(q, "m", 1, 0) == 0);
	CHECK(wait_ran(5) == 0);
	CHECK(value == 77 && other_thread && calls == 1);
	/* registered again, then removed: nothing runs */
	char buf[8];
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1);
	CHECK(mq_notify(q, &ev) == 0);
	CHECK(mq_notify(q, NULL) == 0);
	CHECK(mq_send(q, "n", 1, 0) == 0);
	errno = 0;
	CHECK(wait_ran(1) == -1 && errno == ETIMEDOUT);
	CHECK(calls == 1);
	CHECK(mq_close(q) == 0 && mq_unlink(Q) == 0);
	puts("mqnotify ok");
	return 0;
}
