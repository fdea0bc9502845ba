/* Advisory locks: POSIX record locks, OFD locks, flock, and blocking waits. */
#include "t.h"

static long setlk(struct thread *td, int fd, int cmd, int type, int64_t start, int64_t len)
{
	struct wp_flock fl = { .l_type = (int16_t)type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return t_sys(td, sys_fcntl, (sysarg_t)fd, (sysarg_t)cmd, t_bytes(td, &fl, sizeof(fl)));
}

static struct wp_flock getlk(struct thread *td, int fd, int cmd, int type, int64_t start, int64_t len)
{
	struct wp_flock fl = { .l_type = (int16_t)type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	uaddr_t a = t_bytes(td, &fl, sizeof(fl));

	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, (sysarg_t)cmd, a), 0);
	t_get(td, a, &fl, sizeof(fl));
	return fl;
}

TEST(record_locks_conflict_between_processes_and_split_on_unlock)
{
	struct thread *a = t_proc(0, 0), *b = t_proc(0, 0);
	struct wp_flock fl;
	int fa, fb;

	t_file(a, "/f", "0123456789");
	fa = t_open(a, "/f", O_RDWR, 0);
	fb = t_open(b, "/f", O_RDWR, 0);
	CHECK_EQ(setlk(a, fa, F_SETLK, F_WRLCK, 0, 10), 0);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_RDLCK, 5, 1), -EAGAIN);
	fl = getlk(b, fb, F_GETLK, F_RDLCK, 5, 1);
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_pid, a->p->pid);
	CHECK_EQ(fl.l_start, 0);
	CHECK_EQ(fl.l_len, 10);
	/* unlocking the middle leaves two pieces */
	CHECK_EQ(setlk(a, fa, F_SETLK, F_UNLCK, 3, 4), 0);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_WRLCK, 3, 4), 0);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_WRLCK, 2, 1), -EAGAIN);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_WRLCK, 7, 1), -EAGAIN);
	/* the same process never conflicts with itself; closing any fd drops its locks */
	CHECK_EQ(setlk(a, fa, F_SETLK, F_RDLCK, 0, 1), 0);
	int other = t_open(a, "/f", O_RDONLY, 0);
	CHECK_EQ(t_sys(a, sys_close, (sysarg_t)other), 0);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_WRLCK, 0, 3), 0);
	/* read locks need a readable fd */
	int wo = t_open(a, "/f", O_WRONLY, 0);
	CHECK_EQ(setlk(a, wo, F_SETLK, F_RDLCK, 20, 1), -EBADF);
}

TEST(ofd_locks_belong_to_the_description)
{
	struct thread *a = t_proc(0, 0);
	int f1, f2, d;

	t_file(a, "/f", "x");
	f1 = t_open(a, "/f", O_RDWR, 0);
	f2 = t_open(a, "/f", O_RDWR, 0);
	CHECK_EQ(setlk(a, f1, F_OFD_SETLK, F_WRLCK, 0, 0), 0);
	CHECK_EQ(setlk(a, f2, F_OFD_SETLK, F_WRLCK, 0, 0), -EAGAIN);
	CHECK_EQ(getlk(a, f2, F_OFD_GETLK, F_RDLCK, 0, 1).l_pid, -1);
	d = (int)t_sys(a, sys_dup, (sysarg_t)f1);
	CHECK_EQ(t_sys(a, sys_close, (sysarg_t)f1), 0);
	CHECK_EQ(setlk(a, f2, F_OFD_SETLK, F_WRLCK, 0, 0), -EAGAIN);
	CHECK_EQ(t_sys(a, sys_close, (sysarg_t)d), 0);
	CHECK_EQ(setlk(a, f2, F_OFD_SETLK, F_WRLCK, 0, 0), 0);
}

TEST(flock_is_whole_file_and_separate_from_record_locks)
{
	struct thread *a = t_proc(0, 0), *b = t_proc(0, 0);
	int fa, fb;

	t_file(a, "/f", "x");
	fa = t_open(a, "/f", O_RDONLY, 0);
	fb = t_open(b, "/f", O_RDWR, 0);
	CHECK_EQ(t_sys(a, sys_flock, (sysarg_t)fa, LOCK_SH), 0);
	CHECK_EQ(t_sys(b, sys_flock, (sysarg_t)fb, LOCK_SH | LOCK_NB), 0);
	CHECK_EQ(t_sys(b, sys_flock, (sysarg_t)fb, LOCK_EX | LOCK_NB), -EAGAIN);
	CHECK_EQ(setlk(b, fb, F_SETLK, F_WRLCK, 0, 0), 0);
	CHECK_EQ(t_sys(a, sys_flock, (sysarg_t)fa, LOCK_UN), 0);
	CHECK_EQ(t_sys(b, sys_flock, (sysarg_t)fb, LOCK_EX | LOCK_NB), 0);
	CHECK_EQ(t_sys(a, sys_flock, (sysarg_t)fa, 77), -EINVAL);
}

TEST(a_blocking_lock_parks_until_the_holder_lets_go)
{
	struct thread *a = t_registered_proc(0, 0), *b = t_registered_proc(0, 0);
	int fa, fb;

	t_file(a, "/f", "x");
	fa = t_open(a, "/f", O_RDWR, 0);
	fb = t_open(b, "/f", O_RDWR, 0);
	CHECK_EQ(setlk(a, fa, F_SETLK, F_WRLCK, 0, 0), 0);
	b->state = TD_SYSCALL;
	CHECK_EQ(setlk(b, fb, F_SETLKW, F_WRLCK, 0, 0), -EPARKED);
	CHECK_EQ(b->state, TD_PARKED);
	CHECK_EQ(t_sys(a, sys_close, (sysarg_t)fa), 0);
	CHECK(b->state == TD_RUNNABLE);
	void sched_cancel_park(struct thread *td);
	sched_cancel_park(b);
	b->state = TD_SYSCALL;
	CHECK_EQ(setlk(b, fb, F_SETLKW, F_WRLCK, 0, 0), 0);
}
