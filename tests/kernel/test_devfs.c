/* devfs: the memory devices, the /proc/self symlinks, mknod'ed device nodes, ioctls. */
#include "t.h"
#include "uapi/ioctl.h"

TEST(dev_null_swallows_writes_and_reads_as_empty)
{
	struct thread *td = t_proc(1000, 1000);
	char buf[8];
	int fd = t_open(td, "/dev/null", O_RDWR, 0);

	CHECK(fd >= 0);
	CHECK_EQ(t_write(td, fd, "abc", 3), 3);
	CHECK_EQ(t_read(td, fd, buf, 8), 0);
	CHECK_EQ(t_sys(td, sys_ioctl, (sysarg_t)fd, TCGETS, t_alloc(td, 64)), -ENOTTY);
}

TEST(dev_zero_reads_zeros_and_dev_full_refuses_writes)
{
	struct thread *td = t_proc(0, 0);
	static char buf[1000];
	int z = t_open(td, "/dev/zero", O_RDONLY, 0), f = t_open(td, "/dev/full", O_RDWR, 0);

	memset(buf, 1, sizeof(buf));
	CHECK_EQ(t_read(td, z, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(t_write(td, f, "x", 1), -ENOSPC);
	CHECK_EQ(t_read(td, f, buf, 10), 10);
}

TEST(dev_urandom_gives_varied_bytes)
{
	struct thread *td = t_proc(0, 0);
	unsigned char a[64], b[64];
	int fd = t_open(td, "/dev/urandom", O_RDONLY, 0);

	CHECK_EQ(t_read(td, fd, a, 64), 64);
	CHECK_EQ(t_read(td, fd, b, 64), 64);
	CHECK(memcmp(a, b, 64) != 0);
}

TEST(dev_lists_its_nodes_with_device_numbers)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	uaddr_t buf = t_alloc(td, 64);
	char out[64] = { 0 };

	CHECK_EQ(t_stat(td, "/dev/null", &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0666);
	CHECK_EQ(st.st_rdev, WP_MKDEV(1, 3));
	CHECK_EQ(t_lstat(td, "/dev/stdin", &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(t_sys(td, sys_readlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/dev/fd"), buf, 64), 13);
	t_get(td, buf, out, 13);
	CHECK_STR(out, "/proc/self/fd");
	CHECK_EQ(t_open(td, "/dev/nothing", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(t_open(td, "/dev/newfile", O_RDWR | O_CREAT, 0644), -EPERM);
}

TEST(a_device_node_made_with_mknod_opens_its_device)
{
	struct thread *td = t_proc(0, 0), *user = t_proc(1000, 1000);
	char buf[4] = { 1, 1, 1, 1 };
	int fd;

	CHECK_EQ(t_sys(td, sys_mknodat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/z"), S_IFCHR | 0666, (1 << 8) | 5), 0);
	CHECK_EQ(t_sys(user, sys_mknodat, (sysarg_t)AT_FDCWD, t_str(user, "/tmp/z2"), S_IFCHR | 0666, (1 << 8) | 5), -EPERM);
	fd = t_open(td, "/tmp/z", O_RDONLY, 0);
	CHECK(fd >= 0);
	CHECK_EQ(t_read(td, fd, buf, 4), 4);
	CHECK_EQ(buf[0] | buf[1] | buf[2] | buf[3], 0);
	CHECK_EQ(t_sys(td, sys_mknodat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/bad"), S_IFCHR | 0666, (99 << 8) | 1), 0);
	CHECK_EQ(t_open(td, "/tmp/bad", O_RDONLY, 0), -ENXIO);
	CHECK_EQ(t_sys(td, sys_mknodat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/fifo"), S_IFIFO | 0666, 0), 0);
	struct wp_kstat st;
	CHECK_EQ(t_stat(td, "/tmp/fifo", &st), 0);
	CHECK_EQ(st.st_mode, S_IFIFO | 0644);
}

TEST(fionread_and_fionbio_work_on_regular_files)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t v = t_alloc(td, 4);
	int n = 1, fd;

	t_file(td, "/f", "abcdef");
	fd = t_open(td, "/f", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_ioctl, (sysarg_t)fd, FIONREAD, v), 0);
	t_get(td, v, &n, 4);
	CHECK_EQ(n, 6);
	n = 1;
	CHECK_EQ(t_sys(td, sys_ioctl, (sysarg_t)fd, FIONBIO, t_bytes(td, &n, 4)), 0);
	CHECK_EQ(t_sys(td, sys_fcntl, (sysarg_t)fd, F_GETFL, 0) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(t_sys(td, sys_ioctl, (sysarg_t)fd, TIOCGWINSZ, v), -ENOTTY);
}
