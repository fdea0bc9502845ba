/*
 * Crashes the kernel fuzzer (tests/fuzz/) found, one test per bug, named after what broke;
 * each crashing input is kept in tests/fuzz/regress/ and replayed by make test-fuzz.
 */
#include <sys/mman.h>

#include "t.h"
#include "kernel_api.h"
#include "stream.h"
#include "signal.h"
#include "sched.h"
#include "exec.h"
#include "uapi/wp_spawn.h"

/* A buffer the kernel's 32-bit host-buffer arguments can name (as kernel memory on wasm32). */
static char *low_buffer(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	CHECK(p != MAP_FAILED);
	return p;
}

TEST(the_first_input_on_a_fresh_host_stream_is_kept)
{
	struct thread *td = t_proc(0, 0);
	struct file *f;
	char *buf = low_buffer(), got[8] = { 0 };

	kernel_stream_setup(5, 0, 0, 0);
	memcpy(buf, "abc", 3);
	kernel_stream_input(5, (uint32_t)(uintptr_t)buf, 3); /* the stream holds no buffer yet */
	CHECK_EQ(stream_open(5, O_RDONLY, &f), 0);
	CHECK_EQ(fd_alloc(td->p, 0, f, false), 0);
	CHECK_EQ(t_read(td, 0, got, sizeof(got)), 3);
	CHECK_STR(got, "abc");
	kernel_stream_setup(5, 0, 0, 0);
	munmap(buf, 4096);
}

/* A process under init with one thread that runs guest code (no memory, no files). */
static struct proc *init_child(int pgid)
{
	struct proc *p = proc_alloc(proc_init());

	CHECK(p != NULL);
	CHECK_EQ(sigacts_init(p, NULL), 0);
	CHECK(thread_alloc(p, p->pid) != NULL);
	p->state = PROC_ALIVE;
	p->pgid = pgid ? pgid : p->pid;
	return p;
}

TEST(a_host_kill_of_a_group_goes_on_after_its_first_member_is_reaped)
{
	proc_boot();
	struct proc *a = init_child(0);
	int pgid = a->pid, pa = a->pid, slot_a = a->threads->slot;
	struct proc *b = init_child(pgid);
	int pb = b->pid, slot_b = b->threads->slot;

	/* SIGTERM kills both; init reaps each at once, so a is freed before b is reached */
	CHECK_EQ(kernel_kill(-pgid, SIGTERM), 0);
	CHECK(proc_find(pa) == NULL);
	CHECK(proc_find(pb) == NULL);
	kernel_slot_release(slot_a, pa);
	kernel_slot_release(slot_b, pb);
	proc_shutdown();
}

TEST(a_host_kill_of_the_most_negative_pid_gives_esrch)
{
	proc_boot();
	struct proc *a = init_child(0); /* a group to compare with */
	int pid = a->pid;

	CHECK_EQ(kernel_kill(INT32_MIN, SIGTERM), -ESRCH); /* -pid does not exist as an int */
	CHECK_EQ(kernel_kill(-12345, SIGTERM), -ESRCH);
	CHECK(proc_find(pid) == a);
	proc_discard(a);
	proc_shutdown();
}

TEST(utimensat_with_a_time_past_the_nanosecond_range_clamps_it)
{
	struct thread *td = t_proc(0, 0);
	struct wp_timespec ts[2] = { { 15393162894336LL, 0 }, { -15393162894336LL, 0 } };
	struct wp_kstat st;

	t_file(td, "/tmp/t", "x");
	CHECK_EQ(t_sys(td, sys_utimensat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/t"),
		       t_bytes(td, ts, sizeof(ts)), 0), 0);
	CHECK_EQ(t_stat(td, "/tmp/t", &st), 0);
	CHECK(st.st_atime_sec > 9000000000LL);  /* the latest time kept, not a wrapped one */
	CHECK(st.st_mtime_sec < -9000000000LL); /* and the earliest */
}

long sys_kill(struct thread *td, const sysarg_t *arg);

TEST(init_takes_no_signal_from_a_process)
{
	proc_boot();
	struct proc *p = init_child(0);
	struct thread *td = p->threads;
	struct proc *init = proc_find(1);

	/* init has no handlers (and no dispositions): as Linux's init, it ignores them all */
	for (int sig = 1; sig <= NSIG_MAX; sig++)
		CHECK_EQ(t_sys(td, sys_kill, 1, (sysarg_t)sig), 0);
	CHECK(init != NULL && init == proc_init());
	CHECK_EQ(init->state, PROC_ALIVE);
	CHECK(!init->stopped);
	CHECK_EQ(init->sigpending, 0);
	proc_discard(p);
	proc_shutdown();
}

long sys_setitimer(struct thread *td, const sysarg_t *arg);
void kernel_slot_release(int slot, int tid);

TEST(an_interval_timer_goes_when_its_process_exits)
{
	proc_boot();
	struct proc *p = init_child(0);
	struct thread *td = p->threads;
	int pid = p->pid, slot = td->slot;
	int32_t itv[4] = { 0, 0, 1000, 0 }; /* ITIMER_REAL, once, in 1000 s */

	fakehost_mem_new(pid, 65536);
	uaddr_t a = 4096;
	memcpy(fakehost_mem_ptr(pid, a), itv, sizeof(itv));
	CHECK_EQ(t_sys(td, sys_setitimer, 0, a, 0), 0);
	CHECK(sched_next_deadline() >= 0);
	CHECK_EQ(t_sys(td, sys_setitimer, 1, a, 0), 0); /* ITIMER_VIRTUAL: never on the heap */
	proc_exit(p, NULL, 0); /* init reaps it at once */
	CHECK(proc_find(pid) == NULL);
	CHECK_EQ(sched_next_deadline(), -1);
	fakehost_mem_free(pid);
	kernel_slot_release(slot, pid);
	proc_shutdown();
}

long sys_wp_spawn(struct thread *td, const sysarg_t *arg);
long sys_execve(struct thread *td, const sysarg_t *arg);

TEST(a_second_answer_to_a_spawn_resolution_is_ignored)
{
	struct thread *t0 = t_registered_proc(0, 0);
	struct proc *p = t0->p;
	struct thread *td = thread_alloc(p, p->pid);
	char blk[128] = { 0 }, *prog = low_buffer();
	struct wp_spawn_req *rq = (struct wp_spawn_req *)blk;
	uint32_t argv0 = 64;

	CHECK(td != NULL);
	CHECK_EQ(sigacts_init(p, NULL), 0);
	memcpy(prog, "\0asm\1\0\0\0", 8);
	rq->size = sizeof(blk);
	rq->path = 64;
	strcpy(blk + 64, "/bin/x");
	rq->argc = 1;
	rq->argv = 80;
	memcpy(blk + 80, &argv0, 4);
	spawn_host_resolves = true;
	td->nr = 1027; /* wp_spawn, as the dispatcher records it */
	CHECK_EQ(t_sys(td, sys_wp_spawn, t_bytes(t0, blk, sizeof(blk)), sizeof(blk)), -EPARKED);
	kernel_spawn_resolved(td->tid, 0, (uint32_t)(uintptr_t)prog, 8, 0, 0);
	bool one = p->children != NULL && p->children->sibling == NULL;
	/* the host answers again while the spawn waits for kernel_spawn_done */
	kernel_spawn_resolved(td->tid, 0, (uint32_t)(uintptr_t)prog, 8, 0, 0);
	bool still_one = p->children != NULL && p->children->sibling == NULL;
	spawn_host_resolves = false; /* (before any CHECK: the other tests resolve in the VFS) */
	CHECK(one);
	CHECK(still_one);
	kernel_spawn_done(p->children->pid, -ENOENT);
	CHECK(p->children == NULL);
	munmap(prog, 4096);
}

/* (what leaks shows in the leak checker's report when kernel-tests exits) */
TEST(a_spawn_the_host_resolves_with_its_own_argv_leaks_nothing)
{
	struct thread *t0 = t_registered_proc(0, 0);
	struct proc *p = t0->p;
	struct thread *td = thread_alloc(p, p->pid);
	char blk[128] = { 0 }, *prog = low_buffer();
	struct wp_spawn_req *rq = (struct wp_spawn_req *)blk;
	uint32_t argv0 = 64;

	CHECK(td != NULL);
	CHECK_EQ(sigacts_init(p, NULL), 0);
	memcpy(prog, "\0asm\1\0\0\0", 8);
	memcpy(prog + 8, "sh\0-c\0x", 8); /* the argv the host gives, as for a script */
	rq->size = sizeof(blk);
	rq->path = 64;
	strcpy(blk + 64, "/bin/x");
	rq->argc = 1;
	rq->argv = 80;
	memcpy(blk + 80, &argv0, 4);
	spawn_host_resolves = true;
	td->nr = 1027;
	long r = t_sys(td, sys_wp_spawn, t_bytes(t0, blk, sizeof(blk)), sizeof(blk));
	kernel_spawn_resolved(td->tid, 0, (uint32_t)(uintptr_t)prog, 8, (uint32_t)(uintptr_t)prog + 8, 8);
	spawn_host_resolves = false;
	CHECK_EQ(r, -EPARKED);
	CHECK(p->children != NULL);
	CHECK_EQ(p->children->cmdline_len, 8);
	CHECK(memcmp(p->children->cmdline, "sh\0-c\0x", 8) == 0);
	kernel_spawn_done(p->children->pid, -ENOENT);
	munmap(prog, 4096);
}

TEST(exec_of_a_huge_sparse_file_gives_enomem_without_reading_it)
{
	struct thread *t0 = t_registered_proc(0, 0);
	struct thread *td = thread_alloc(t0->p, t0->p->pid);
	struct vnode *vn;
	uint32_t argv[2] = { 0, 0 };

	CHECK(td != NULL);
	t_file(t0, "/tmp/big", "\0asm");
	CHECK_EQ(t_sys(t0, sys_fchmodat, (sysarg_t)AT_FDCWD, t_str(t0, "/tmp/big"), 0755), 0);
	CHECK_EQ(vfs_lookup(t0->p, NULL, "/tmp/big", LOOKUP_FOLLOW, &vn), 0);
	CHECK_EQ(vfs_truncate(vn, 1LL << 44), 0); /* 16 TiB, all but 4 bytes of it holes */
	vnode_drop(vn);
	argv[0] = t_str(t0, "big");
	CHECK_EQ(t_sys(td, sys_execve, t_str(t0, "/tmp/big"), t_bytes(t0, argv, sizeof(argv)), 0), -ENOMEM);
	CHECK(t0->p->exec == NULL);
}
