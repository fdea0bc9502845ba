/*
 * Scheduling and resource calls: nice (getpriority, setpriority), the sched_* calls, CPU
 * affinity, the mlock family, children's CPU time in times(), and the errors fsync and mmap
 * give for files they cannot serve. Expected values are Linux's.
 */
#include "t.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(getpriority) SYS(setpriority) SYS(sched_setscheduler) SYS(sched_getscheduler)
SYS(sched_setparam) SYS(sched_getparam) SYS(sched_get_priority_max)
SYS(sched_get_priority_min) SYS(sched_rr_get_interval) SYS(sched_getaffinity) SYS(sched_setaffinity) SYS(mlock)
SYS(mlock2) SYS(munlock) SYS(mlockall) SYS(munlockall) SYS(times) SYS(wait4) SYS(pipe2)
SYS(mmap2)
#undef SYS

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
#define SCHED_OTHER 0
#define SCHED_FIFO  1
#define SCHED_RR    2
#define SCHED_IDLE  5

static long set_sched(struct thread *td, int pid, int policy, int32_t prio)
{
	return t_sys(td, sys_sched_setscheduler, (sysarg_t)pid, (sysarg_t)policy,
		     t_bytes(td, &prio, sizeof prio));
}

TEST(nice_is_clamped_only_root_lowers_it_and_getpriority_reports_twenty_minus_nice)
{
	struct thread *root = t_registered_proc(0, 0), *user = t_registered_proc(1000, 1000);
	int upid = user->p->pid;

	user->p->rlim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	CHECK_EQ(t_sys(user, sys_getpriority, PRIO_PROCESS, 0), 20);
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 0, 5), 0);
	CHECK_EQ(user->p->nice, 5);
	CHECK_EQ(t_sys(user, sys_getpriority, PRIO_PROCESS, (sysarg_t)upid), 15);
	/* raising nice is free; lowering it needs root or RLIMIT_NICE */
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 0, 3), -EACCES);
	user->p->rlim[RLIMIT_NICE] = (struct rlimit64){ 20 - 3, 20 - 3 };
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 0, 3), 0);
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 0, 2), -EACCES);
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 0, 100), 0);
	CHECK_EQ(user->p->nice, 19);
	CHECK_EQ(t_sys(root, sys_setpriority, PRIO_PROCESS, (sysarg_t)upid, (sysarg_t)-100), 0);
	CHECK_EQ(user->p->nice, -20);
	CHECK_EQ(t_sys(user, sys_getpriority, PRIO_PROCESS, 0), 40);
	/* another user's process: EPERM; none at all: ESRCH; a bad which: EINVAL */
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, (sysarg_t)root->p->pid, 10), -EPERM);
	CHECK_EQ(t_sys(user, sys_getpriority, PRIO_PROCESS, 29999), -ESRCH);
	CHECK_EQ(t_sys(user, sys_setpriority, PRIO_PROCESS, 29999, 1), -ESRCH);
	CHECK_EQ(t_sys(user, sys_getpriority, 3, 0), -EINVAL);
	/* groups and users: the highest priority among them */
	CHECK_EQ(t_sys(root, sys_getpriority, PRIO_USER, 1000), 40);
	CHECK_EQ(t_sys(root, sys_getpriority, PRIO_PGRP, (sysarg_t)user->p->pgid), 40);
	CHECK_EQ(t_sys(root, sys_setpriority, PRIO_USER, 1000, 7), 0);
	CHECK_EQ(user->p->nice, 7);
}

TEST(sched_setscheduler_checks_policy_priority_and_permissions)
{
	struct thread *root = t_registered_proc(0, 0), *user = t_registered_proc(1000, 1000);
	int32_t prio = -1;
	uaddr_t up = t_alloc(user, 4);

	user->p->rlim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
	CHECK_EQ(t_sys(user, sys_sched_getscheduler, 0), SCHED_OTHER);
	CHECK_EQ(t_sys(user, sys_sched_getparam, 0, up), 0);
	t_get(user, up, &prio, 4);
	CHECK_EQ(prio, 0);
	CHECK_EQ(set_sched(user, 0, SCHED_FIFO, 10), -EPERM);
	CHECK_EQ(set_sched(user, 0, SCHED_FIFO, 0), -EINVAL);
	CHECK_EQ(set_sched(user, 0, SCHED_OTHER, 1), -EINVAL);
	CHECK_EQ(set_sched(user, 0, 4, 0), -EINVAL);
	CHECK_EQ(set_sched(user, -1, SCHED_OTHER, 0), -EINVAL);
	CHECK_EQ(set_sched(user, 29999, SCHED_OTHER, 0), -ESRCH);
	CHECK_EQ(set_sched(user, 0, SCHED_IDLE, 0), 0);
	CHECK_EQ(t_sys(user, sys_sched_getscheduler, 0), SCHED_IDLE);
	CHECK_EQ(set_sched(user, root->p->pid, SCHED_OTHER, 0), -EPERM);
	CHECK_EQ(set_sched(root, user->p->pid, SCHED_RR, 50), 0);
	CHECK_EQ(t_sys(user, sys_sched_getscheduler, 0), SCHED_RR);
	CHECK_EQ(t_sys(user, sys_sched_getparam, 0, up), 0);
	t_get(user, up, &prio, 4);
	CHECK_EQ(prio, 50);
	/* sched_setparam keeps the policy; an RR process's slice is 100 ms */
	prio = 60;
	CHECK_EQ(t_sys(root, sys_sched_setparam, (sysarg_t)user->p->pid, t_bytes(root, &prio, 4)), 0);
	CHECK_EQ(user->p->sched_policy, SCHED_RR);
	CHECK_EQ(user->p->sched_priority, 60);
	int64_t ts[2] = { -1, -1 };
	uaddr_t uts = t_alloc(user, sizeof ts);
	CHECK_EQ(t_sys(user, sys_sched_rr_get_interval, 0, uts), 0);
	t_get(user, uts, ts, sizeof ts);
	CHECK(ts[0] == 0 && ts[1] == 100000000);
	CHECK_EQ(t_sys(user, sys_sched_rr_get_interval, 0, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(user, sys_sched_getparam, 0, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(user, sys_sched_getparam, 0, 0), -EINVAL);
	CHECK_EQ(t_sys(user, sys_sched_setscheduler, 0, SCHED_OTHER, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(user, sys_sched_setscheduler, 0, SCHED_OTHER, 0), -EINVAL);
	/* a child inherits the policy, unless SCHED_RESET_ON_FORK asks otherwise */
	struct proc *c = proc_alloc(user->p);
	CHECK(c && c->sched_policy == SCHED_RR && c->sched_priority == 60);
	proc_discard(c);
	CHECK_EQ(set_sched(root, user->p->pid, SCHED_RR | 0x40000000, 5), 0);
	CHECK_EQ(t_sys(user, sys_sched_getscheduler, 0), SCHED_RR | 0x40000000);
	CHECK_EQ(t_sys(root, sys_sched_setparam, (sysarg_t)user->p->pid, t_bytes(root, &prio, 4)), 0);
	CHECK_EQ(t_sys(user, sys_sched_getscheduler, 0), SCHED_RR | 0x40000000);
	user->p->nice = -3;
	c = proc_alloc(user->p);
	CHECK(c && c->sched_policy == SCHED_OTHER && c->sched_priority == 0 && c->nice == 0);
	proc_discard(c);
	/* the priority ranges */
	CHECK_EQ(t_sys(user, sys_sched_get_priority_max, SCHED_FIFO), 99);
	CHECK_EQ(t_sys(user, sys_sched_get_priority_min, SCHED_RR), 1);
	CHECK_EQ(t_sys(user, sys_sched_get_priority_max, SCHED_OTHER), 0);
	CHECK_EQ(t_sys(user, sys_sched_get_priority_min, SCHED_IDLE), 0);
	CHECK_EQ(t_sys(user, sys_sched_get_priority_max, 4), -EINVAL);
	CHECK_EQ(t_sys(user, sys_sched_get_priority_min, (sysarg_t)-1), -EINVAL);
}

TEST(sched_getaffinity_reports_every_host_cpu)
{
	struct thread *td = t_registered_proc(0, 0);
	uint8_t mask[16];
	uaddr_t um = t_alloc(td, sizeof mask);
	int saved = proc_ncpus;

	proc_ncpus = 2;
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 0, 128, um), 4);
	t_get(td, um, mask, sizeof mask);
	CHECK(mask[0] == 3 && mask[1] == 0 && mask[4] == 0);
	proc_ncpus = 40;
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 0, 16, um), 8);
	t_get(td, um, mask, sizeof mask);
	CHECK(mask[0] == 0xff && mask[4] == 0xff && mask[5] == 0 && mask[8] == 0);
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 0, 4, um), -EINVAL); /* too small for 40 */
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 0, 10, um), -EINVAL); /* not whole longs */
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 29999, 16, um), -ESRCH);
	CHECK_EQ(t_sys(td, sys_sched_getaffinity, 0, 16, T_BAD), -EFAULT);
	proc_ncpus = saved;
}

TEST(sched_setaffinity_narrows_what_getaffinity_reports_and_children_inherit_it)
{
	struct thread *root = t_registered_proc(0, 0), *user = t_registered_proc(1000, 1000);
	uint8_t mask[8] = { 0x0a }, got[8];
	uaddr_t um = t_alloc(user, sizeof got);
	int saved = proc_ncpus;

	proc_ncpus = 4;
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, 0, 1, t_bytes(user, mask, 1)), 0);
	CHECK_EQ(t_sys(user, sys_sched_getaffinity, 0, 8, um), 4);
	t_get(user, um, got, 4);
	CHECK(got[0] == 0x0a && got[1] == 0);
	struct proc *c = proc_alloc(user->p);
	CHECK(c);
	CHECK_EQ(t_sys(user, sys_sched_getaffinity, (sysarg_t)c->pid, 8, um), 4);
	t_get(user, um, got, 4);
	CHECK_EQ(got[0], 0x0a);
	proc_discard(c);
	/* no host CPU in the mask: EINVAL; another user's process: EPERM */
	mask[0] = 0xf0;
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, 0, 1, t_bytes(user, mask, 1)), -EINVAL);
	mask[0] = 1;
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, (sysarg_t)root->p->pid, 1, t_bytes(user, mask, 1)),
		 -EPERM);
	CHECK_EQ(t_sys(root, sys_sched_setaffinity, (sysarg_t)user->p->pid, 1, t_bytes(root, mask, 1)), 0);
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, 29999, 1, t_bytes(user, mask, 1)), -ESRCH);
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, 0, 8, T_BAD), -EFAULT);
	memset(mask, 0xff, sizeof mask);
	CHECK_EQ(t_sys(user, sys_sched_setaffinity, 0, 8, t_bytes(user, mask, 8)), 0);
	CHECK_EQ(t_sys(user, sys_sched_getaffinity, 0, 8, um), 4);
	t_get(user, um, got, 4);
	CHECK(got[0] == 0x0f && got[1] == 0);
	proc_ncpus = saved;
}

TEST(mlock_checks_ranges_flags_and_rlimit_memlock)
{
	struct thread *root = t_registered_proc(0, 0), *user = t_registered_proc(1000, 1000);

	user->p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 65536, 65536 };
	CHECK_EQ(t_sys(user, sys_mlock, 4096, 8192), 0);
	CHECK_EQ(t_sys(user, sys_mlock, 4097, 100), 0);
	CHECK_EQ(t_sys(user, sys_munlock, 4096, 8192), 0);
	CHECK_EQ(t_sys(user, sys_mlock, 0, 65536 + 4096), -ENOMEM);
	CHECK_EQ(t_sys(root, sys_mlock, 0, 65536 + 4096), 0);
	CHECK_EQ(t_sys(user, sys_mlock, T_MEM_SIZE, 4096), -ENOMEM); /* past the memory */
	CHECK_EQ(t_sys(user, sys_munlock, T_MEM_SIZE, 4096), -ENOMEM);
	CHECK_EQ(t_sys(user, sys_mlock2, 4096, 4096, 1), 0);
	CHECK_EQ(t_sys(user, sys_mlock2, 4096, 4096, 2), -EINVAL);
	CHECK_EQ(t_sys(user, sys_mlockall, 0), -EINVAL);
	CHECK_EQ(t_sys(user, sys_mlockall, 4), -EINVAL);
	CHECK_EQ(t_sys(user, sys_mlockall, 8), -EINVAL);
	CHECK_EQ(t_sys(user, sys_mlockall, 2), 0);
	CHECK_EQ(t_sys(user, sys_mlockall, 1), -ENOMEM); /* 1 MiB of memory, 64 KiB allowed */
	CHECK_EQ(t_sys(root, sys_mlockall, 3), 0);
	CHECK_EQ(t_sys(user, sys_munlockall, 0), 0);
	user->p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 0, 0 };
	CHECK_EQ(t_sys(user, sys_mlock, 4096, 4096), -EPERM);
	CHECK_EQ(t_sys(user, sys_mlockall, 2), -EPERM);
}

TEST(times_counts_the_cpu_time_of_waited_for_children_only)
{
	struct thread *td = t_registered_proc(0, 0);
	struct proc *c = proc_alloc(td->p);
	int32_t t[4];
	uaddr_t ut = t_alloc(td, sizeof t);

	CHECK(c);
	int pid = c->pid;
	c->state = PROC_ALIVE;
	c->utime_ns = 300000000;   /* 30 ticks of its own, ended threads' */
	c->cutime_ns = 200000000;  /* 20 of its waited-for children */
	CHECK(t_sys(td, sys_times, ut) >= 0);
	t_get(td, ut, t, sizeof t);
	CHECK_EQ(t[2], 0);
	proc_exit(c, NULL, 0);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)-1, 0, 0, 0), pid);
	CHECK(t_sys(td, sys_times, ut) >= 0);
	t_get(td, ut, t, sizeof t);
	CHECK_EQ(t[2], 50);
	CHECK_EQ(t[3], 0);
	CHECK_EQ(t_sys(td, sys_times, T_BAD), -EFAULT);
	/* wait4's rusage (32-bit longs) carries the child's time as ru_utime */
	c = proc_alloc(td->p);
	CHECK(c);
	pid = c->pid;
	c->state = PROC_ALIVE;
	c->utime_ns = 1500000000;
	proc_exit(c, NULL, 0);
	int32_t ru[18];
	uaddr_t uru = t_alloc(td, sizeof ru);
	CHECK_EQ(t_sys(td, sys_wait4, (sysarg_t)pid, 0, 0, uru), pid);
	t_get(td, uru, ru, sizeof ru);
	CHECK(ru[0] == 1 && ru[1] == 500000 && ru[2] == 0 && ru[3] == 0);
}

TEST(fsync_on_a_pipe_is_einval_and_mmap_of_one_is_enodev)
{
	struct thread *td = t_registered_proc(0, 0);
	uaddr_t a = t_alloc(td, 8);
	int fds[2];

	CHECK_EQ(t_sys(td, sys_pipe2, a, 0), 0);
	t_get(td, a, fds, sizeof fds);
	CHECK_EQ(t_sys(td, sys_fsync, (sysarg_t)fds[0]), -EINVAL);
	CHECK_EQ(t_sys(td, sys_fdatasync, (sysarg_t)fds[1]), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 4096, 1, 0x02, (sysarg_t)fds[0], 0), -ENODEV);
	int null = t_open(td, "/dev/null", O_RDWR, 0);
	CHECK(null >= 0);
	CHECK_EQ(t_sys(td, sys_fsync, (sysarg_t)null), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 4096, 1, 0x02, (sysarg_t)null, 0), -ENODEV);
	t_file(td, "/tmp/f", "data");
	int f = t_open(td, "/tmp/f", O_RDWR, 0);
	CHECK_EQ(t_sys(td, sys_fsync, (sysarg_t)f), 0);
	CHECK_EQ(t_sys(td, sys_fdatasync, (sysarg_t)f), 0);
	CHECK_EQ(t_sys(td, sys_fsync, 99), -EBADF);
}

TEST(mmap_whose_offset_and_length_overflow_is_eoverflow_and_a_mapping_reads_the_file)
{
	struct thread *td = t_registered_proc(0, 0);
	struct wp_kstat st;

	td->p->brk_start = td->p->brk = 512 * 1024;
	t_file(td, "/tmp/m", "mapped");
	int fd = t_open(td, "/tmp/m", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 8192, 1, 0x02, (sysarg_t)fd, 0xffffffffu), -EOVERFLOW);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 4096, 1, 0x22, (sysarg_t)-1, 0xffffffffu), -EOVERFLOW);
	/* the mapping reads the file: its atime moves (from a day after the epoch) */
	int64_t old[4] = { 86400, 0, 86400, 0 };
	CHECK_EQ(t_sys(td, sys_utimensat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/m"),
		       t_bytes(td, old, sizeof old), 0), 0);
	long m = t_sys(td, sys_mmap2, 0, 4096, 1, 0x02, (sysarg_t)fd, 0);
	CHECK(m > 0);
	CHECK(memcmp(fakehost_mem_ptr(td->p->pid, (uaddr_t)m), "mapped", 6) == 0);
	CHECK_EQ(t_stat(td, "/tmp/m", &st), 0);
	CHECK(st.st_atime_sec > 86400);
	CHECK_EQ(st.st_mtime_sec, 86400);
}
