/* fd tables: lowest free, dup/dup3/F_DUPFD, close-on-exec, EMFILE, sharing by fork's copy. */
#include "t.h"

TEST(fds_are_allocated_lowest_free_first)
{
	struct thread *td = t_proc(0, 0);
	int a = t_open(td, "/", O_RDONLY, 0), b = t_open(td, "/", O_RDONLY, 0);

	CHECK_EQ(a, 0);
	CHECK_EQ(b, 1);
	CHECK_EQ(t_sys(td, sys_close, 0), 0);
	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), 0);
	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), 2);
	CHECK_EQ(t_sys(td, sys_close, 0), 0);
	CHECK_EQ(t_sys(td, sys_close, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)-1), -EBADF);
}

TEST(dup_shares_the_offset_and_status_flags)
{
	struct thread *td = t_proc(0, 0);
	char buf[8] = { 0 };
	int fd, d;

	t_file(td, "/f", "abcdef");
	fd = t_open(td, "/f", O_RDONLY, 0);
	d = (int)t_sys(td, sys_dup, (sysarg_t)fd);
	CHECK_EQ(d, fd + 1);
	CHECK_EQ(t_read(td, fd, buf, 2), 2);
	CHECK_EQ(t_read(td, d, buf, 2), 2);
	CHECK_STR(buf, "cd");
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)d, F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_GETFL, 0) & O_NONBLOCK, O_NONBLOCK);
	/* but not the close-on-exec bit */
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)d, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_GETFD, 0), 0);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)d, F_GETFD, 0), FD_CLOEXEC);
}

TEST(dup3_replaces_the_target_and_rejects_equal_fds)
{
	struct thread *td = t_proc(0, 0);
	char buf[4] = { 0 };
	int a, b;

	t_file(td, "/a", "A");
	t_file(td, "/b", "B");
	a = t_open(td, "/a", O_RDONLY, 0);
	b = t_open(td, "/b", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)a, (sysarg_t)a, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)a, (sysarg_t)b, 0x1234), -EINVAL);
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)a, (sysarg_t)b, O_CLOEXEC), b);
	CHECK_EQ(t_read(td, b, buf, 1), 1);
	CHECK_STR(buf, "A");
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)b, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(t_sys(td, sys_dup3, 77, (sysarg_t)b, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)a, 5000, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)a, 100, 0), 100);
}

TEST(f_dupfd_finds_the_lowest_fd_at_or_above_its_argument)
{
	struct thread *td = t_proc(0, 0);
	int fd = t_open(td, "/", O_RDONLY, 0);

	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_DUPFD, 10), 10);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_DUPFD, 10), 11);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_DUPFD_CLOEXEC, 5), 5);
	CHECK_EQ(t_sys(td, sys_fcntl, 5, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_DUPFD, 1024), -EINVAL);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, 9999, 0), -EINVAL);
}

TEST(a_full_table_gives_emfile_at_rlimit_nofile)
{
	struct thread *td = t_proc(0, 0);
	int fd;

	td->p->rlim[RLIMIT_NOFILE].cur = 8;
	for (int i = 0; i < 8; i++)
		CHECK_EQ(t_open(td, "/", O_RDONLY, 0), i);
	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), -EMFILE);
	CHECK_EQ(t_sys(td, sys_dup, 0), -EMFILE);
	CHECK_EQ(t_sys(td, sys_fcntl, 0, F_DUPFD, 0), -EMFILE);
	CHECK_EQ(t_sys(td, sys_dup3, 0, 8, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_close, 3), 0);
	fd = t_open(td, "/", O_RDONLY, 0);
	CHECK_EQ(fd, 3);
}

TEST(close_on_exec_closes_only_marked_fds)
{
	struct thread *td = t_proc(0, 0);

	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), 0);
	CHECK_EQ(t_open(td, "/", O_RDONLY | O_CLOEXEC, 0), 1);
	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), 2);
	fdtable_close_on_exec(td->p, td->p->fdt);
	CHECK_EQ(t_sys(td, sys_fcntl, 0, F_GETFD, 0), 0);
	CHECK_EQ(t_sys(td, sys_fcntl, 1, F_GETFD, 0), -EBADF);
	CHECK_EQ(t_sys(td, sys_fcntl, 2, F_GETFD, 0), 0);
	CHECK_EQ(t_open(td, "/", O_RDONLY, 0), 1);
}

TEST(a_copied_table_shares_descriptions_with_its_parent)
{
	struct thread *td = t_proc(0, 0), *child = t_proc(0, 0);
	char buf[4] = { 0 };
	int fd;

	t_file(td, "/f", "xyz");
	fd = t_open(td, "/f", O_RDONLY, 0);
	fdtable_drop(child->p, child->p->fdt);
	child->p->fdt = fdtable_copy(td->p, td->p->fdt);
	CHECK(child->p->fdt);
	CHECK_EQ(t_read(td, fd, buf, 1), 1);
	CHECK_EQ(t_read(child, fd, buf, 1), 1);
	CHECK_STR(buf, "y");
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)fd), 0);
	CHECK_EQ(t_read(child, fd, buf, 1), 1);
	CHECK_STR(buf, "z");
}

TEST(access_modes_are_enforced_per_description)
{
	struct thread *td = t_proc(0, 0);
	char buf[4];
	int r, w, p;

	t_file(td, "/f", "abc");
	r = t_open(td, "/f", O_RDONLY, 0);
	w = t_open(td, "/f", O_WRONLY, 0);
	p = t_open(td, "/f", O_PATH, 0);
	CHECK_EQ(t_write(td, r, "x", 1), -EBADF);
	CHECK_EQ(t_read(td, w, buf, 1), -EBADF);
	CHECK_EQ(t_read(td, p, buf, 1), -EBADF);
	CHECK_EQ(t_write(td, p, "x", 1), -EBADF);
	CHECK_EQ(t_sys(td, sys_read, 55, t_alloc(td, 4), 4), -EBADF);
	/* O_PATH fds still stat and serve as dirfds */
	CHECK_EQ(t_sys(td, sys_fstat, (sysarg_t)p, t_alloc(td, sizeof(struct wp_kstat))), 0);
}
