/*
 * FIFO opens wait for their peer (pipe.h): blocking O_RDONLY and O_WRONLY opens park in
 * openat until the other side opens, O_NONBLOCK and O_RDWR opens never park, a signal
 * interrupts a parked open (EINTR, or a restart under SA_RESTART) and a thread that ends while
 * parked leaves no end open. Re-runs after a wake-up are driven by hand, as main.c does.
 */
#include "t.h"
#include "sched.h"
#include "signal.h"
#include "pipe.h"
#include "uapi/wp_channel.h"

#define FIFO "/tmp/fifo"

static void t_mkfifo(struct thread *td)
{
	CHECK_EQ(t_sys(td, sys_mknodat, (sysarg_t)AT_FDCWD, t_str(td, FIFO), S_IFIFO | 0666, 0), 0);
}

/* The scheduler's next runnable thread must be td: it is taken off the run queue and its
 * handler may run again, as main.c's run_woken does. */
static void t_take(struct thread *td)
{
	CHECK(sched_take_runnable() == td);
	CHECK(sched_take_runnable() == NULL);
	td->state = TD_SYSCALL;
	td->resumed = true;
}

/* A re-run of a parked openat: the path given is unreadable, so resolving it again fails. */
static long t_reopen(struct thread *td, int flags)
{
	return t_sys(td, sys_openat, (sysarg_t)AT_FDCWD, T_BAD, (sysarg_t)flags, 0);
}

TEST(a_blocking_fifo_reader_open_parks_until_a_writer_opens)
{
	struct thread *rd = t_proc(0, 0), *wr = t_proc(0, 0);
	char buf[8] = { 0 };

	t_mkfifo(rd);
	CHECK_EQ(t_open(rd, FIFO, O_RDONLY | O_CLOEXEC, 0), -EPARKED);
	CHECK_EQ(rd->state, TD_PARKED);
	CHECK(rd->opening != NULL);
	CHECK(fd_get(rd->p, 0) == NULL); /* no descriptor until the open completes */
	/* the parked reader counts: a writer's open does not wait, nor fail when non-blocking */
	CHECK_EQ(t_open(wr, FIFO, O_WRONLY | O_NONBLOCK, 0), 0);
	CHECK_EQ(rd->state, TD_RUNNABLE);
	t_take(rd);
	CHECK_EQ(t_reopen(rd, O_RDONLY | O_CLOEXEC), 0);
	CHECK(rd->opening == NULL);
	CHECK_EQ(t_sys(rd, sys_fcntl, 0, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(t_write(wr, 0, "hi", 2), 2);
	CHECK_EQ(t_read(rd, 0, buf, sizeof buf), 2);
	CHECK_STR(buf, "hi");
	CHECK_EQ(t_sys(wr, sys_close, 0), 0);
	CHECK_EQ(t_read(rd, 0, buf, sizeof buf), 0); /* the writer came and went: end of file */
}

TEST(a_blocking_fifo_writer_open_parks_until_a_reader_opens)
{
	struct thread *wr = t_proc(0, 0), *rd = t_proc(0, 0);
	char buf[8] = { 0 };

	t_mkfifo(wr);
	CHECK_EQ(t_open(wr, FIFO, O_WRONLY, 0), -EPARKED);
	CHECK_EQ(wr->state, TD_PARKED);
	/* a non-blocking reader is a peer too */
	CHECK_EQ(t_open(rd, FIFO, O_RDONLY | O_NONBLOCK, 0), 0);
	CHECK_EQ(wr->state, TD_RUNNABLE);
	t_take(wr);
	CHECK_EQ(t_reopen(wr, O_WRONLY), 0);
	CHECK_EQ(t_sys(wr, sys_fcntl, 0, F_GETFD, 0), 0);
	CHECK_EQ(t_write(wr, 0, "ok", 2), 2);
	CHECK_EQ(t_read(rd, 0, buf, sizeof buf), 2);
	CHECK_STR(buf, "ok");
}

TEST(a_fifo_opener_woken_without_its_peer_parks_again)
{
	struct thread *a = t_proc(0, 0), *b = t_proc(0, 0), *wr = t_proc(0, 0);

	t_mkfifo(a);
	CHECK_EQ(t_open(a, FIFO, O_RDONLY, 0), -EPARKED);
	/* a second reader wakes the queue but is no writer: both wait */
	CHECK_EQ(t_open(b, FIFO, O_RDONLY, 0), -EPARKED);
	CHECK_EQ(a->state, TD_RUNNABLE);
	t_take(a);
	CHECK_EQ(t_reopen(a, O_RDONLY), -EPARKED);
	CHECK_EQ(a->state, TD_PARKED);
	CHECK(a->opening != NULL);
	/* the writer's open completes both */
	CHECK_EQ(t_open(wr, FIFO, O_WRONLY, 0), 0);
	struct thread *x = sched_take_runnable(), *y = sched_take_runnable();
	CHECK((x == a && y == b) || (x == b && y == a));
	CHECK(sched_take_runnable() == NULL);
	a->state = b->state = TD_SYSCALL;
	a->resumed = b->resumed = true;
	CHECK_EQ(t_reopen(a, O_RDONLY), 0);
	CHECK_EQ(t_reopen(b, O_RDONLY), 0);
}

TEST(non_blocking_and_read_write_fifo_opens_never_park)
{
	struct thread *td = t_proc(0, 0);
	char buf[4];

	t_mkfifo(td);
	CHECK_EQ(t_open(td, FIFO, O_WRONLY | O_NONBLOCK, 0), -ENXIO);
	CHECK_EQ(t_open(td, FIFO, O_RDONLY | O_NONBLOCK, 0), 0);
	CHECK_EQ(td->state, TD_SYSCALL);
	/* no writer has opened: end of file, as Linux (not EAGAIN) */
	CHECK_EQ(t_read(td, 0, buf, sizeof buf), 0);
	CHECK_EQ(t_sys(td, sys_close, 0), 0);
	/* O_RDWR is its own peer, and once it is open a writer need not wait */
	CHECK_EQ(t_open(td, FIFO, O_RDWR, 0), 0);
	CHECK_EQ(t_open(td, FIFO, O_WRONLY, 0), 1);
	CHECK_EQ(t_open(td, FIFO, O_RDONLY, 0), 2);
	CHECK_EQ(td->state, TD_SYSCALL);
	CHECK_EQ(t_write(td, 1, "z", 1), 1);
	CHECK_EQ(t_read(td, 2, buf, 1), 1);
	CHECK_EQ(buf[0], 'z');
}

/* A parked open with a handled signal arriving: the open is dropped (the other side sees
 * no end left), and the dispatcher makes it EINTR, or a restart under SA_RESTART. */
static void signal_interrupts_open(uint32_t sa_flags, long want)
{
	struct thread *rd = t_proc(0, 0), *other = t_proc(0, 0);

	CHECK_EQ(sigacts_init(rd->p, NULL), 0);
	rd->p->sigacts->act[SIGUSR1].handler = 0x1234;
	rd->p->sigacts->act[SIGUSR1].flags = sa_flags;
	rd->chan = t_alloc(rd, sizeof(struct wp_channel));
	t_mkfifo(rd);
	CHECK_EQ(t_open(rd, FIFO, O_RDONLY, 0), -EPARKED);
	struct ksiginfo ki = { .code = SI_USER };
	CHECK_EQ(signal_send_thread(rd, SIGUSR1, &ki, NULL), 0);
	CHECK_EQ(rd->state, TD_RUNNABLE);
	t_take(rd);
	CHECK_EQ(t_reopen(rd, O_RDONLY), -ERESTARTSYS);
	CHECK(rd->opening == NULL);
	CHECK(fd_get(rd->p, 0) == NULL);
	/* the reader's end is gone */
	CHECK_EQ(t_open(other, FIFO, O_WRONLY | O_NONBLOCK, 0), -ENXIO);
	CHECK_EQ(signal_complete(rd, -ERESTARTSYS), want);
	kfree(rd->p->sigacts);
	rd->p->sigacts = NULL;
}

TEST(a_signal_interrupts_a_parked_fifo_open_with_eintr)
{
	signal_interrupts_open(0, -EINTR);
}

TEST(a_signal_restarts_a_parked_fifo_open_under_sa_restart)
{
	signal_interrupts_open(SA_RESTART, -ERESTARTSYS);
}

TEST(a_pending_signal_fails_a_fifo_open_before_it_parks)
{
	struct thread *rd = t_proc(0, 0), *other = t_proc(0, 0);

	CHECK_EQ(sigacts_init(rd->p, NULL), 0);
	rd->p->sigacts->act[SIGUSR1].handler = 0x1234;
	t_mkfifo(rd);
	struct ksiginfo ki = { .code = SI_USER };
	CHECK_EQ(signal_send_thread(rd, SIGUSR1, &ki, NULL), 0);
	CHECK_EQ(t_open(rd, FIFO, O_RDONLY, 0), -ERESTARTSYS);
	CHECK(rd->opening == NULL);
	CHECK_EQ(t_open(other, FIFO, O_WRONLY | O_NONBLOCK, 0), -ENXIO);
	rd->sigpending = 0;
	kfree(rd->p->sigacts);
	rd->p->sigacts = NULL;
}

/* A thread that ends while parked in open (its process killed, exit_group, execve from another
 * thread all end threads through thread_end, which frees them with thread_free; this one had
 * no worker, so thread_free alone): its held description goes with it. */
TEST(a_thread_ended_while_parked_in_a_fifo_open_leaves_no_end_open)
{
	struct thread *t0 = t_registered_proc(0, 0), *other = t_proc(0, 0);
	struct proc *p = t0->p;
	struct thread *td = thread_alloc(p, p->pid);

	CHECK(td != NULL);
	t_mkfifo(t0);
	td->state = TD_SYSCALL;
	/* td shares t0's memory (one process), where the test helpers allocate */
	CHECK_EQ(t_sys(td, sys_openat, (sysarg_t)AT_FDCWD, t_str(t0, FIFO), O_RDONLY, 0), -EPARKED);
	CHECK(td->opening != NULL);
	CHECK_EQ(t_open(other, FIFO, O_WRONLY | O_NONBLOCK, 0), 0); /* the parked end counts */
	CHECK_EQ(t_sys(other, sys_close, 0), 0);
	thread_free(td);
	/* the reader's end closed with its thread (and LeakSanitizer sees nothing held) */
	CHECK_EQ(t_open(other, FIFO, O_WRONLY | O_NONBLOCK, 0), -ENXIO);
}
