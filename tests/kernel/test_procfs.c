/* procfs: self, per-process files and links, fd/, the global files. */
#include <stdlib.h>
#include "t.h"

/* A registered process named "tester" run as "prog -x". */
static struct thread *t_real_proc(void)
{
	struct thread *td = t_registered_proc(0, 0);
	struct proc *p = td->p;

	memcpy(p->comm, "tester", 7);
	p->cmdline = malloc(8);
	memcpy(p->cmdline, "prog\0-x\0", 8);
	p->cmdline_len = 8;
	return td;
}

static const char *slurp(struct thread *td, const char *path)
{
	static char buf[2048];
	int fd = t_open(td, path, O_RDONLY, 0);
	long n, total = 0;

	if (fd < 0) {
		snprintf(buf, sizeof(buf), "error %d", fd);
		return buf;
	}
	while ((n = t_read(td, fd, buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = 0;
	t_sys(td, sys_close, (sysarg_t)fd);
	return buf;
}

static const char *link_of(struct thread *td, const char *path)
{
	static char out[256];
	uaddr_t buf = t_alloc(td, 256);
	long n = t_sys(td, sys_readlinkat, (sysarg_t)AT_FDCWD, t_str(td, path), buf, 255);

	if (n < 0)
		snprintf(out, sizeof(out), "error %ld", n);
	else {
		t_get(td, buf, out, (size_t)n);
		out[n] = 0;
	}
	return out;
}

TEST(proc_self_names_the_caller_and_its_files)
{
	struct thread *td = t_real_proc();
	char want[64];

	snprintf(want, sizeof(want), "%d", td->p->pid);
	CHECK_STR(link_of(td, "/proc/self"), want);
	CHECK(strstr(slurp(td, "/proc/self/status"), "Name:\ttester\n"));
	snprintf(want, sizeof(want), "%d (tester) S ", td->p->pid);
	CHECK(!strncmp(slurp(td, "/proc/self/stat"), want, strlen(want)));
	CHECK(!memcmp(slurp(td, "/proc/self/cmdline"), "prog\0-x\0", 8));
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/tmp")), 0);
	CHECK_STR(link_of(td, "/proc/self/cwd"), "/tmp");
	CHECK_EQ(t_open(td, "/proc/self/status", O_WRONLY, 0), -EACCES);
}

TEST(proc_self_fd_lists_open_fds_as_links_to_their_paths)
{
	struct thread *td = t_real_proc();
	int fd;

	t_file(td, "/tmp/x", "data");
	fd = t_open(td, "/tmp/x", O_RDONLY, 0);
	CHECK_EQ(fd, 0);
	CHECK_STR(link_of(td, "/proc/self/fd/0"), "/tmp/x");
	CHECK_STR(link_of(td, "/dev/stdin"), "/proc/self/fd/0");
	CHECK_STR(slurp(td, "/dev/stdin"), "data");
	CHECK_STR(link_of(td, "/proc/self/fd/7"), "error -2");
}

TEST(proc_mounts_and_uptime_describe_the_system)
{
	struct thread *td = t_real_proc();
	const char *m = slurp(td, "/proc/mounts");

	CHECK(strstr(m, "rootfs / tmpfs rw 0 0\n"));
	CHECK(strstr(m, " /tmp tmpfs rw"));
	CHECK(strstr(m, " /dev devtmpfs rw"));
	CHECK(strstr(m, "proc /proc proc rw"));
	CHECK(strchr(slurp(td, "/proc/uptime"), '.'));
	CHECK(strstr(slurp(td, "/proc/meminfo"), "MemTotal:"));
	CHECK_STR(slurp(td, "/proc/999999/status"), "error -2");
}
