/*
 * Pipes, signals, wait and interval timers, driven through their handlers with test
 * processes (t.h). Threads that park are taken off every scheduler list before the test ends.
 */
#include <stdlib.h>
#include "t.h"
#include "sched.h"
#include "signal.h"
#include "pipe.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(pipe2) SYS(rt_sigaction) SYS(rt_sigprocmask) SYS(rt_sigpending) SYS(kill) SYS(wait4)
SYS(waitid) SYS(setitimer) SYS(getitimer) SYS(setpgid) SYS(getpgid) SYS(setsid) SYS(getsid)
#undef SYS

/* A pipe in td's fd table: fds in fd[0], fd[1]. */
static void t_pipe(struct thread *td, int flags, int fd[2])
{
	uaddr_t a = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_pipe2, a, (sysarg_t)flags), 0);
	t_get(td, a, fd, 8);
}

/* Gives td's process dispositions (test processes have none); freed by t_no_sigacts. */
static void t_sigacts(struct thread *td)
{
	CHECK_EQ(sigacts_init(td->p, NULL), 0);
}

static void t_no_sigacts(struct thread *td)
{
	kfree(td->p->sigacts);
	td->p->sigacts = NULL;
}

/* Takes td off any wait queue, timer and the run queue, back to serving a request. */
static void t_unpark(struct thread *td)
{
	sched_cancel_park(td);
	td->state = TD_SYSCALL;
	td->progress = 0;
	td->resumed = false;
}

TEST(pipe_read_returns_eof_after_last_writer_closes)
{
	struct thread *td = t_proc(0, 0);
	int fd[2];
	char buf[8] = { 0 };

	t_pipe(td, 0, fd);
	CHECK_EQ(t_write(td, fd[1], "abc", 3), 3);
	CHECK_EQ(t_read(td, fd[0], buf, sizeof buf), 3);
	CHECK_STR(buf, "abc");
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)fd[1]), 0);
	CHECK_EQ(t_read(td, fd[0], buf, sizeof buf), 0);
}

TEST(pipe_read_parks_until_a_writer_writes)
{
	struct thread *rd = t_proc(0, 0), *wr = t_proc(0, 0);
	int fd[2];
	char buf[8] = { 0 };

	t_pipe(rd, 0, fd);
	CHECK_EQ(t_read(rd, fd[0], buf, sizeof buf), -EPARKED);
	CHECK_EQ(rd->state, TD_PARKED);
	/* another thread of the same pipe (a description shared as by fork) */
	struct file *w = fd_get(rd->p, fd[1]);
	CHECK_EQ(fd_alloc(wr->p, 0, w, false), 0);
	CHECK_EQ(t_write(wr, 0, "hi", 2), 2);
	CHECK_EQ(rd->state, TD_RUNNABLE);
	t_unpark(rd);
	CHECK_EQ(t_read(rd, fd[0], buf, sizeof buf), 2);
	CHECK_STR(buf, "hi");
}

TEST(pipe_nonblocking_read_is_eagain_and_fionread_counts)
{
	struct thread *td = t_proc(0, 0);
	int fd[2], n = -1;
	char buf[4];

	t_pipe(td, O_NONBLOCK, fd);
	CHECK_EQ(t_read(td, fd[0], buf, sizeof buf), -EAGAIN);
	CHECK_EQ(t_write(td, fd[1], "xyz", 3), 3);
	uaddr_t a = t_alloc(td, 4);
	CHECK_EQ(t_sys(td, sys_ioctl, (sysarg_t)fd[0], 0x541B /* FIONREAD */, a), 0);
	t_get(td, a, &n, 4);
	CHECK_EQ(n, 3);
}

TEST(pipe_write_without_readers_fails_with_epipe_and_sends_sigpipe)
{
	struct thread *td = t_proc(0, 0);
	int fd[2];

	t_sigacts(td);
	t_pipe(td, 0, fd);
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)fd[0]), 0);
	CHECK_EQ(t_write(td, fd[1], "x", 1), -EPIPE);
	CHECK(td->sigpending & SIGBIT(SIGPIPE));
	t_no_sigacts(td);
}

TEST(a_write_larger_than_the_ring_keeps_its_progress_across_parks)
{
	struct thread *td = t_proc(0, 0);
	int fd[2];
	size_t big = PIPE_SIZE + 1000;
	uaddr_t src = t_alloc(td, big), dst = t_alloc(td, big);
	char *pat = malloc(big), *got = malloc(big);

	for (size_t i = 0; i < big; i++)
		pat[i] = (char)(i * 7);
	memcpy(fakehost_mem_ptr(td->p->pid, src), pat, big);
	t_pipe(td, 0, fd);
	CHECK_EQ(t_sys(td, sys_write, (sysarg_t)fd[1], src, (sysarg_t)big), -EPARKED);
	CHECK_EQ(td->progress, PIPE_SIZE);
	uint64_t progress = td->progress;
	t_unpark(td);
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)fd[0], dst, PIPE_SIZE), PIPE_SIZE);
	/* the handler runs again from the top with its progress */
	td->progress = progress;
	CHECK_EQ(t_sys(td, sys_write, (sysarg_t)fd[1], src, (sysarg_t)big), (long)big);
	td->progress = 0;
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)fd[0], dst + PIPE_SIZE, 1000), 1000);
	memcpy(got, fakehost_mem_ptr(td->p->pid, dst), big);
	CHECK(memcmp(got, pat, big) == 0);
	free(pat);
	free(got);
}

TEST(pipe2_rejects_bad_flags_and_closes_both_ends_on_efault)
{
	struct thread *td = t_proc(0, 0);

	CHECK_EQ(t_sys(td, sys_pipe2, t_alloc(td, 8), 0x1234), -EINVAL);
	CHECK_EQ(t_sys(td, sys_pipe2, T_BAD, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_close, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_close, 1), -EBADF);
}

TEST(pipe2_under_allocation_failure_reports_enomem_and_leaks_nothing)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t a = t_alloc(td, 8);
	long r = -ENOMEM;

	for (long n = 0; r == -ENOMEM && n < 100; n++) {
		kalloc_fail_after = n;
		r = t_sys(td, sys_pipe2, a, 0);
		kalloc_fail_after = -1;
		if (r == -ENOMEM)
			CHECK_EQ(t_sys(td, sys_close, 0), -EBADF);
	}
	CHECK_EQ(r, 0);
}

TEST(sigprocmask_never_blocks_sigkill_or_sigstop_and_pending_shows_blocked)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t set = t_alloc(td, 8), old = t_alloc(td, 8);
	uint32_t all[2] = { ~0u, ~0u }, got[2];

	t_sigacts(td);
	memcpy(fakehost_mem_ptr(td->p->pid, set), all, 8);
	CHECK_EQ(t_sys(td, sys_rt_sigprocmask, SIG_SETMASK, set, 0, 8), 0);
	CHECK_EQ(t_sys(td, sys_rt_sigprocmask, SIG_BLOCK, 0, old, 8), 0);
	t_get(td, old, got, 8);
	CHECK_EQ(got[0], ~0u & ~(uint32_t)SIG_UNBLOCKABLE);
	CHECK_EQ(t_sys(td, sys_rt_sigprocmask, SIG_BLOCK, set, 0, 4), -EINVAL);
	CHECK_EQ(t_sys(td, sys_rt_sigprocmask, 7, set, 0, 8), -EINVAL);
	CHECK_EQ(t_sys(td, sys_rt_sigprocmask, SIG_BLOCK, T_BAD, 0, 8), -EFAULT);
	CHECK_EQ(t_sys(td, sys_kill, (sysarg_t)td->p->pid, SIGUSR1), -ESRCH); /* not in proc.c */
	struct ksiginfo ki = { .code = SI_USER };
	signal_send_proc(td->p, SIGUSR1, &ki, td);
	CHECK_EQ(t_sys(td, sys_rt_sigpending, old, 8), 0);
	t_get(td, old, got, 8);
	CHECK_EQ(got[0], SIGBIT(SIGUSR1));
	t_no_sigacts(td);
}

TEST(rt_sigaction_refuses_sigkill_and_keeps_the_old_action)
{
	struct thread *td = t_proc(0, 0);
	struct wp_k_sigaction sa = { .handler = 77, .flags = SA_RESTART }, o;
	uaddr_t a = t_bytes(td, &sa, sizeof sa), oa = t_alloc(td, sizeof o);

	t_sigacts(td);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, SIGKILL, a, 0, 8), -EINVAL);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, 0, a, 0, 8), -EINVAL);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, 65, a, 0, 8), -EINVAL);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, SIGUSR1, a, 0, 8), 0);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, SIGUSR1, 0, oa, 8), 0);
	t_get(td, oa, &o, sizeof o);
	CHECK_EQ(o.handler, 77);
	CHECK_EQ(o.flags, SA_RESTART);
	CHECK_EQ(t_sys(td, sys_rt_sigaction, SIGUSR1, T_BAD, 0, 8), -EFAULT);
	t_no_sigacts(td);
}

/* A registered process with a child that exits: wait4 and waitid see its status. */
TEST(wait4_collects_an_exited_child_and_then_reports_echild)
{
	struct thread *td = t_registered_proc(0, 0);
	struct proc *c = proc_alloc(td->p);
	uaddr_t st = t_alloc(td, 4);
	int status = 0;

	CHECK(c);
	int pid = c->pid;
	c->state = PROC_ALIVE;
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, st, 1 /* WNOHANG */, 0), 0);
	proc_exit(c, NULL, 42 << 8);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, st, 0, 0), pid);
	t_get(td, st, &status, 4);
	CHECK_EQ(status, 42 << 8);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, st, 0, 0), -ECHILD);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, st, 0x100000, 0), -EINVAL);
}

TEST(waitid_with_wnowait_leaves_the_zombie)
{
	struct thread *td = t_registered_proc(0, 0);
	struct proc *c = proc_alloc(td->p);
	uaddr_t si = t_alloc(td, 128);
	int32_t info[6];
	int pid;

	CHECK(c);
	pid = c->pid;
	c->state = PROC_ALIVE;
	CHECK_EQ(t_sys(td, sys_waitid, 1 /* P_PID */, (sysarg_t)pid, si, 4 | 1, 0), 0);
	t_get(td, si, info, sizeof info);
	CHECK_EQ(info[3], 0); /* nothing yet: si_pid 0 */
	proc_exit(c, NULL, 9); /* killed by SIGKILL */
	CHECK_EQ(t_sys(td, sys_waitid, 1, (sysarg_t)pid, si, 4 | 0x01000000, 0), 0);
	t_get(td, si, info, sizeof info);
	CHECK_EQ(info[0], SIGCHLD);
	CHECK_EQ(info[2], CLD_KILLED);
	CHECK_EQ(info[3], pid);
	CHECK_EQ(info[5], 9);
	CHECK(proc_find(pid));
	CHECK_EQ(t_sys(td, sys_waitid, 0 /* P_ALL */, 0, si, 4, 0), 0);
	CHECK(!proc_find(pid));
	CHECK_EQ(t_sys(td, sys_waitid, 0, 0, si, 1, 0), -EINVAL);
}

TEST(a_parked_wait_is_woken_by_the_childs_exit)
{
	struct thread *td = t_registered_proc(0, 0);
	struct proc *c = proc_alloc(td->p);

	CHECK(c);
	int pid = c->pid;
	c->state = PROC_ALIVE;
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)pid, 0, 0, 0), -EPARKED);
	proc_exit(c, NULL, 0);
	CHECK_EQ(td->state, TD_RUNNABLE);
	t_unpark(td);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, 0, 0, 0), pid);
}

TEST(setitimer_arms_and_getitimer_reads_back)
{
	struct thread *td = t_registered_proc(0, 0);
	int32_t v[4] = { 1, 500000, 10, 0 }, got[4];
	uaddr_t nv = t_bytes(td, v, sizeof v), ov = t_alloc(td, sizeof v);

	CHECK_EQ(t_sys(td, sys_setitimer, 0, nv, 0), 0);
	CHECK_EQ(t_sys(td, sys_getitimer, 0, ov), 0);
	t_get(td, ov, got, sizeof got);
	CHECK_EQ(got[0], 1);
	CHECK_EQ(got[1], 500000);
	CHECK(got[2] == 9 || got[2] == 10);
	v[1] = 1000000;
	CHECK_EQ(t_sys(td, sys_setitimer, 0, t_bytes(td, v, sizeof v), 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_setitimer, 3, nv, 0), -EINVAL);
	/* disarming returns the old value */
	CHECK_EQ(t_sys(td, sys_setitimer, 0, t_alloc(td, 16), ov), 0);
	t_get(td, ov, got, sizeof got);
	CHECK(got[2] == 9 || got[2] == 10);
	CHECK_EQ(t_sys(td, sys_getitimer, 0, ov), 0);
	t_get(td, ov, got, sizeof got);
	CHECK_EQ(got[2] | got[3] | got[0] | got[1], 0);
}

TEST(setsid_makes_a_new_session_once)
{
	struct thread *td = t_registered_proc(0, 0);
	int pid = td->p->pid;

	td->p->pgid = td->p->sid = 1;
	CHECK_EQ(t_sys(td, sys_setsid, 0), pid);
	CHECK_EQ(t_sys(td, sys_getsid, 0), pid);
	CHECK_EQ(t_sys(td, sys_getpgid, 0), pid);
	CHECK_EQ(t_sys(td, sys_setsid, 0), -EPERM);
	CHECK_EQ(t_sys(td, sys_setpgid, 0, 0), -EPERM);
	CHECK_EQ(t_sys(td, sys_getpgid, 31999), -ESRCH);
}
