/* procfs: self, per-process files and links, fd/, the global files. */
#include <stdlib.h>
#include "t.h"
#include "stream.h"
#include "kernel_api.h"

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

	/* the root is not "rootfs", which df skips as Linux's hidden initial root */
	CHECK(!strncmp(m, "tmpfs / tmpfs rw 0 0\n", 21));
	CHECK_STR(slurp(td, "/proc/self/mounts"), m);
	CHECK(strstr(m, " /tmp tmpfs rw"));
	CHECK(strstr(m, " /dev devtmpfs rw"));
	CHECK(strstr(m, "proc /proc proc rw"));
	CHECK(strchr(slurp(td, "/proc/uptime"), '.'));
	CHECK(strstr(slurp(td, "/proc/meminfo"), "MemTotal:"));
	CHECK_STR(slurp(td, "/proc/999999/status"), "error -2");
}

/* The n-th (1-based) space-separated field of a /proc/<pid>/stat line, after the comm. */
static const char *stat_field(const char *stat, int n)
{
	static char out[32];
	const char *s = strrchr(stat, ')');
	int i = 3;

	if (!s)
		return "?";
	for (s++; i < n && *s; i++) {
		while (*s == ' ')
			s++;
		while (*s && *s != ' ')
			s++;
	}
	while (*s == ' ')
		s++;
	size_t len = strcspn(s, " \n");
	snprintf(out, sizeof(out), "%.*s", (int)len, s);
	return out;
}

static int count_fields(const char *stat)
{
	const char *s = strrchr(stat, ')');
	int n = 2;

	for (; s && *s && *s != '\n'; s++)
		n += *s == ' ';
	return n;
}

/* A registered process whose record lists one thread (the kernel's to free), in TD_USER. */
static struct thread *t_threaded_proc(void)
{
	struct proc *p = t_registered_proc(0, 0)->p;
	struct thread *th = kzalloc(sizeof *th);

	CHECK(th);
	*th = (struct thread){ .tid = p->pid, .slot = -1, .p = p, .state = TD_USER,
			       .park_timer.heap_index = -1 };
	th->user_since = clock_monotonic_ns();
	p->threads = th;
	p->nthreads = 1;
	return th;
}

TEST(proc_pid_stat_tells_running_parked_host_waiting_stopped_and_zombie_apart)
{
	struct thread *reader = t_real_proc(), *th = t_threaded_proc();
	struct proc *p = th->p;
	char stat[32], status[32];
	const struct { enum thread_state st; bool stopped; const char *c, *name; } cases[] = {
		{ TD_USER, false, "R", "R (running)" },
		{ TD_SYSCALL, false, "R", "R (running)" },
		{ TD_RUNNABLE, false, "R", "R (running)" },
		{ TD_PARKED, false, "S", "S (sleeping)" },
		{ TD_HOSTWAIT, false, "D", "D (disk sleep)" },
		{ TD_PARKED, true, "T", "T (stopped)" },
	};

	snprintf(stat, sizeof stat, "/proc/%d/stat", p->pid);
	snprintf(status, sizeof status, "/proc/%d/status", p->pid);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		th->state = cases[i].st;
		p->stopped = cases[i].stopped;
		CHECK_STR(stat_field(slurp(reader, stat), 3), cases[i].c);
		char want[64];
		snprintf(want, sizeof want, "State:\t%s\n", cases[i].name);
		CHECK(strstr(slurp(reader, status), want));
	}
	p->stopped = false;
	p->state = PROC_ZOMBIE;
	CHECK_STR(stat_field(slurp(reader, stat), 3), "Z");
	CHECK(strstr(slurp(reader, status), "State:\tZ (zombie)\n"));
	p->state = PROC_ALIVE;
}

TEST(proc_pid_stat_has_the_fields_ps_and_top_read_where_they_read_them)
{
	struct thread *reader = t_real_proc(), *th = t_threaded_proc();
	struct proc *p = th->p;
	char path[32], want[32];

	p->pgid = 77;
	p->sid = 66;
	p->nice = 5;
	p->utime_ns = 250000000; /* 25 ticks of ended threads */
	p->cutime_ns = 120000000;
	memcpy(p->comm, "a (b) c", 8);
	snprintf(path, sizeof path, "/proc/%d/stat", p->pid);
	const char *s = slurp(reader, path);
	CHECK_EQ(count_fields(s), 52);
	CHECK(strstr(s, "(a (b) c) R "));
	CHECK_STR(stat_field(s, 5), "77");
	CHECK_STR(stat_field(s, 6), "66");
	CHECK_STR(stat_field(s, 7), "0");   /* no controlling terminal */
	CHECK_STR(stat_field(s, 8), "-1");
	CHECK(atoi(stat_field(s, 14)) >= 25);
	CHECK_STR(stat_field(s, 16), "12");
	CHECK_STR(stat_field(s, 18), "25"); /* priority 20 + nice */
	CHECK_STR(stat_field(s, 19), "5");
	CHECK_STR(stat_field(s, 20), "1");
	snprintf(want, sizeof want, "%u", T_MEM_SIZE);
	CHECK_STR(stat_field(s, 23), want);
	snprintf(want, sizeof want, "%u", T_MEM_SIZE / 4096);
	CHECK_STR(stat_field(s, 24), want);
	snprintf(path, sizeof path, "/proc/%d/status", p->pid);
	CHECK(strstr(slurp(reader, path), "VmSize:\t    1024 kB\n"));
}

TEST(proc_pid_task_lists_each_thread_with_its_own_state)
{
	struct thread *reader = t_real_proc(), *th = t_threaded_proc();
	struct proc *p = th->p;
	char path[64], want[64];
	struct wp_kstat st;

	th->state = TD_PARKED;
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", p->pid, p->pid);
	snprintf(want, sizeof want, "%d (", p->pid);
	CHECK(!strncmp(slurp(reader, path), want, strlen(want)));
	CHECK_STR(stat_field(slurp(reader, path), 3), "S");
	snprintf(path, sizeof path, "/proc/%d/task/%d/status", p->pid, p->pid);
	CHECK(strstr(slurp(reader, path), "State:\tS (sleeping)\n"));
	snprintf(path, sizeof path, "/proc/%d/task/%d", p->pid, p->pid + 1);
	CHECK_EQ(t_stat(reader, path, &st), -ENOENT);
	/* a process without thread records (init) lists itself as its one task */
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", reader->p->pid, reader->p->pid);
	CHECK_STR(stat_field(slurp(reader, path), 3), "S");
	snprintf(path, sizeof path, "/proc/%d/task/%d/task", p->pid, p->pid);
	CHECK_EQ(t_stat(reader, path, &st), -ENOENT);
	/* the task directory lists the thread, and .. leads back */
	snprintf(path, sizeof path, "/proc/%d/task", p->pid);
	int fd = t_open(reader, path, O_RDONLY | O_DIRECTORY, 0);
	CHECK(fd >= 0);
	uaddr_t buf = t_alloc(reader, 512);
	long n = t_sys(reader, sys_getdents64, (sysarg_t)fd, buf, 512);
	char d[512];
	CHECK(n > 0);
	t_get(reader, buf, d, (size_t)n);
	snprintf(want, sizeof want, "%d", p->pid);
	bool seen = false;
	for (long off = 0; off < n;) {
		uint16_t reclen;
		memcpy(&reclen, d + off + 16, 2);
		seen |= !strcmp(d + off + 19, want);
		off += reclen;
	}
	CHECK(seen);
	CHECK_EQ(t_sys(reader, sys_getdents64, (sysarg_t)fd, buf, 512), 0);
	snprintf(path, sizeof path, "/proc/%d/task/%d/../..", p->pid, p->pid);
	struct wp_kstat pst;
	char pdir[32];
	snprintf(pdir, sizeof pdir, "/proc/%d", p->pid);
	CHECK_EQ(t_stat(reader, path, &st), 0);
	CHECK_EQ(t_stat(reader, pdir, &pst), 0);
	CHECK_EQ(st.st_ino, pst.st_ino);
}

TEST(proc_stat_has_a_line_per_host_cpu_and_the_process_counts)
{
	struct thread *reader = t_real_proc(), *th = t_threaded_proc();
	int saved = proc_ncpus;

	proc_ncpus = 3;
	th->state = TD_HOSTWAIT;
	const char *s = slurp(reader, "/proc/stat");
	CHECK(!strncmp(s, "cpu  ", 5));
	CHECK(strstr(s, "\ncpu0 ") && strstr(s, "\ncpu1 ") && strstr(s, "\ncpu2 "));
	CHECK(!strstr(s, "\ncpu3 "));
	CHECK(strstr(s, "\nbtime "));
	CHECK(strstr(s, "\nprocesses "));
	CHECK(strstr(s, "\nprocs_running 0\n"));
	CHECK(strstr(s, "\nprocs_blocked 1\n"));
	th->state = TD_USER;
	CHECK(strstr(slurp(reader, "/proc/stat"), "\nprocs_running 1\nprocs_blocked 0\n"));
	CHECK(strstr(slurp(reader, "/proc/loadavg"), " 1/1 "));
	/* uptime's second figure is the idle time of all CPUs: at most 3 x the first */
	double up = -1, idle = -1;
	CHECK(sscanf(slurp(reader, "/proc/uptime"), "%lf %lf", &up, &idle) == 2);
	CHECK(up >= 0 && idle >= 0 && idle <= 3 * up + 0.03);
	proc_ncpus = saved;
}

TEST(proc_files_open_under_every_allocation_failure_or_give_enomem)
{
	struct thread *reader = t_real_proc(), *th = t_threaded_proc();
	char task[64], status[64];
	const char *paths[] = { "/proc/stat", "/proc/loadavg", "/proc/uptime", task, status };

	snprintf(task, sizeof task, "/proc/%d/task/%d/stat", th->p->pid, th->tid);
	snprintf(status, sizeof status, "/proc/%d/status", th->p->pid);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		long n, fd = -ENOMEM;
		for (n = 0; n < 1000 && fd == -ENOMEM; n++) {
			kalloc_fail_after = n;
			fd = t_open(reader, paths[i], O_RDONLY, 0);
			kalloc_fail_after = -1;
		}
		CHECK(fd >= 0);
		CHECK(n > 1); /* some allocation was made, and failed */
		char buf[64];
		CHECK(t_read(reader, (int)fd, buf, sizeof buf) > 0);
		CHECK_EQ(t_sys(reader, sys_close, (sysarg_t)fd), 0);
	}
}

TEST(proc_pid_stat_names_the_console_as_controlling_terminal_and_its_foreground_group)
{
	struct thread *reader = t_real_proc(), *td = t_real_proc();
	struct file *f;
	char path[32];
	int32_t pg = td->p->pgid;

	snprintf(path, sizeof path, "/proc/%d/stat", td->p->pid);
	CHECK_STR(stat_field(slurp(reader, path), 7), "0");
	CHECK_STR(stat_field(slurp(reader, path), 8), "-1");
	kernel_stream_setup(9, 1, 24, 80);
	CHECK_EQ(stream_open(9, O_RDWR, &f), 0);
	CHECK_EQ(fd_alloc(td->p, 0, f, false), 0);
	td->p->sid = td->p->pid;
	CHECK_STR(stat_field(slurp(reader, path), 7), "1281"); /* (5, 1): /dev/console */
	CHECK_STR(stat_field(slurp(reader, path), 8), "-1");
	CHECK_EQ(t_sys(td, sys_ioctl, 0, 0x5410 /* TIOCSPGRP */, t_bytes(td, &pg, 4)), 0);
	char want[16];
	snprintf(want, sizeof want, "%d", pg);
	CHECK_STR(stat_field(slurp(reader, path), 8), want);
	kernel_stream_setup(9, 0, 0, 0);
}
