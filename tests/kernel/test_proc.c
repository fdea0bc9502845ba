/*
 * The process, time, memory, exec and spawn handlers: EFAULT for each pointer argument, and
 * fork, posix_spawn, execve and mmap under allocation failure (every failed run leaves the
 * parent as it was; the leak checker proves nothing was lost).
 */
#include "t.h"
#include "exec.h"
#include "mem.h"
#include "signal.h"
#include "uapi/wp_spawn.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(getresuid) SYS(getresgid) SYS(getgroups) SYS(setgroups) SYS(uname) SYS(sethostname)
SYS(getrandom) SYS(sysinfo) SYS(prlimit64) SYS(getrlimit) SYS(setrlimit) SYS(getrusage)
SYS(times) SYS(clock_gettime) SYS(clock_getres) SYS(clock_nanosleep) SYS(execve)
SYS(execveat) SYS(wp_spawn) SYS(wp_args) SYS(wp_fork) SYS(mmap2) SYS(munmap) SYS(mremap)
SYS(msync) SYS(brk) SYS(setuid) SYS(setreuid) SYS(setresuid) SYS(wp_init)
#undef SYS
void kernel_fork_done(int child_pid, int result);
void kernel_spawn_done(int child_pid, int result);
void kernel_exec_done(int pid, int result);

#define CWD ((sysarg_t)AT_FDCWD)

/* A tiny "wasm module": exec only looks at the magic. */
static const char wasm_magic[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };

static void make_prog(struct thread *td, const char *path)
{
	int fd;

	td = t_proc(0, 0); /* made by root, whoever runs it */
	fd = t_open(td, path, O_CREAT | O_WRONLY, 0755);

	CHECK(fd >= 0);
	CHECK_EQ(t_write(td, fd, wasm_magic, sizeof(wasm_magic)), sizeof(wasm_magic));
	CHECK_EQ(t_sys(td, sys_close, (sysarg_t)fd), 0);
}

/* A NULL-terminated array of guest pointers to copies of strs. */
static uaddr_t t_strv(struct thread *td, const char *const *strs, int n)
{
	uint32_t v[16] = { 0 };

	for (int i = 0; i < n; i++)
		v[i] = t_str(td, strs[i]);
	return t_bytes(td, v, 4 * (size_t)(n + 1));
}

struct pcase {
	const char *name;
	sys_fn fn;
	int ptr;
	size_t objsize;
	sysarg_t a[6];
};

#define P(fn, ptr, size, ...) { #fn, sys_##fn, ptr, size, { __VA_ARGS__ } }
#define G 0x1000 /* replaced by a good buffer */

/* (sysinfo and times read init's start time: the harness has no init; the guest tests
 * cover them) */
TEST(every_pointer_argument_of_the_process_and_time_calls_gives_efault)
{
	struct thread *td = t_proc(0, 0);
	struct pcase cases[] = {
		P(getresuid, 0, 4, G, G, G), P(getresuid, 1, 4, G, G, G), P(getresuid, 2, 4, G, G, G),
		P(getresgid, 0, 4, G, G, G), P(getresgid, 1, 4, G, G, G), P(getresgid, 2, 4, G, G, G),
		P(getgroups, 1, 8, 4, G), P(setgroups, 1, 8, 2, G),
		P(uname, 0, 6 * 65, G), P(sethostname, 0, 10, G, 10),
		P(getrandom, 0, 16, G, 16, 0),
		P(prlimit64, 2, 16, 0, RLIMIT_NOFILE, G, 0), P(prlimit64, 3, 16, 0, RLIMIT_NOFILE, 0, G),
		P(getrlimit, 1, 8, RLIMIT_NOFILE, G), P(setrlimit, 1, 8, RLIMIT_NOFILE, G),
		P(getrusage, 1, 88, 0, G),
		P(clock_gettime, 1, 16, 1, G), P(clock_getres, 1, 16, 1, G),
		P(clock_nanosleep, 2, 16, 1, 0, G, 0),
	};
	char host[8];

	td->p->cred.ngroups = 2;
	td->p->cred.groups[0] = 10;
	td->p->cred.groups[1] = 20;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pcase *c = &cases[i];
		sysarg_t a[6];
		long r;

		for (int k = 0; k < 6; k++) {
			a[k] = c->a[k] == G ? t_alloc(td, 512) : c->a[k];
		}
		/* the good buffers hold sensible input: limits, a name, a zero sleep */
		if (c->fn == sys_setrlimit || c->fn == sys_prlimit64) {
			uint64_t lim[2] = { 1024, 4096 };
			uint32_t lim32[2] = { 1024, 4096 };
			for (int k = 1; k < 4; k++)
				if (c->a[k] == G)
					memcpy(fakehost_mem_ptr(td->p->pid, a[k]),
					       c->fn == sys_setrlimit ? (void *)lim32 : (void *)lim,
					       c->fn == sys_setrlimit ? sizeof(lim32) : sizeof(lim));
		}
		if (c->fn == sys_sethostname)
			memcpy(fakehost_mem_ptr(td->p->pid, a[0]), "wasm-posix", 10);
		r = c->fn(td, a);
		if (r < 0)
			test_fail(__FILE__, __LINE__, "%s #%d with good pointers: %ld", c->name, c->ptr, r);
		a[c->ptr] = T_BAD;
		r = c->fn(td, a);
		if (r != -EFAULT)
			test_fail(__FILE__, __LINE__, "%s #%d: %ld instead of -EFAULT", c->name, c->ptr, r);
		a[c->ptr] = t_end(td, c->objsize - 1);
		r = c->fn(td, a);
		/* getrandom returns what it stored before the fault, as Linux does */
		if (r != -EFAULT && !(c->fn == sys_getrandom && r > 0))
			test_fail(__FILE__, __LINE__, "%s #%d straddling the end: %ld", c->name, c->ptr, r);
	}
	/* a failed sethostname changed nothing */
	uaddr_t u = t_alloc(td, 6 * 65);
	CHECK_EQ(t_sys(td, sys_uname, u), 0);
	t_get(td, u + 65, host, sizeof(host));
	CHECK(memcmp(host, "wasm-posix", 8) == 0);
}

TEST(every_pointer_argument_of_execve_gives_efault_and_leaves_the_process_as_it_was)
{
	struct thread *td = t_registered_proc(0, 0);
	const char *args[] = { "prog", "x" }, *env[] = { "A=1" };
	uint32_t bad[2] = { T_BAD, 0 };

	make_prog(td, "/prog");
	uaddr_t path = t_str(td, "/prog"), argv = t_strv(td, args, 2), envp = t_strv(td, env, 1);
	uaddr_t badv = t_bytes(td, bad, sizeof(bad));
	uaddr_t endv = t_end(td, 3); /* an array whose first pointer runs off the end */

	CHECK_EQ(t_sys(td, sys_execve, T_BAD, argv, envp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, path, T_BAD, envp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, path, endv, envp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, path, badv, envp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, path, argv, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, path, argv, badv), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execveat, CWD, T_BAD, argv, envp, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execveat, CWD, path, badv, envp, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execveat, CWD, path, argv, badv, 0), -EFAULT);
	/* a string that runs off the end of memory, without its NUL */
	uaddr_t tail = t_end(td, 3);
	memcpy(fakehost_mem_ptr(td->p->pid, tail), "abc", 3);
	bad[0] = tail;
	CHECK_EQ(t_sys(td, sys_execve, path, t_bytes(td, bad, sizeof(bad)), envp), -EFAULT);
	CHECK_EQ(t_sys(td, sys_execve, tail, argv, envp), -EFAULT);
	CHECK(td->p->exec == NULL);
}

/* ---- wp_spawn requests ---- */

struct sreq {
	char blk[4096];
	uint32_t len;
	struct wp_spawn_req *rq;
};

static uint32_t sreq_put(struct sreq *s, const void *p, size_t n)
{
	uint32_t at = (s->len + 3) & ~3u;

	memcpy(s->blk + at, p, n);
	s->len = at + (uint32_t)n;
	return at;
}

static uint32_t sreq_str(struct sreq *s, const char *str)
{
	return sreq_put(s, str, strlen(str) + 1);
}

/* A request for path with argv {path} and no environment; actions added by sreq_action. */
static void sreq_init(struct sreq *s, const char *path)
{
	struct wp_spawn_req rq = { 0 };
	uint32_t argv[1];

	memset(s, 0, sizeof(*s));
	s->len = sizeof(rq);
	rq.path = sreq_str(s, path);
	argv[0] = rq.path;
	rq.argc = 1;
	rq.argv = sreq_put(s, argv, 4);
	memcpy(s->blk, &rq, sizeof(rq));
	s->rq = (struct wp_spawn_req *)s->blk;
}

static void sreq_actions(struct sreq *s, const struct wp_spawn_action *a, int n)
{
	s->rq->nactions = (uint32_t)n;
	s->rq->actions = sreq_put(s, a, sizeof(*a) * (size_t)n);
}

static uaddr_t sreq_guest(struct thread *td, struct sreq *s)
{
	s->rq->size = s->len;
	return t_bytes(td, s->blk, s->len);
}

static int nprocs_now(void)
{
	int n = 0;

	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid))
		n++;
	return n;
}

/* The one child of p still being created (the newest). */
static struct proc *embryo_of(struct proc *p)
{
	for (struct proc *c = p->children; c; c = c->sibling)
		if (c->state == PROC_EMBRYO)
			return c;
	return NULL;
}

TEST(a_spawn_request_outside_memory_or_with_offsets_outside_itself_is_refused)
{
	struct thread *td = t_registered_proc(0, 0);
	struct sreq s;
	int before = nprocs_now();

	make_prog(td, "/prog");
	sreq_init(&s, "/prog");
	uaddr_t g = sreq_guest(td, &s);
	CHECK_EQ(t_sys(td, sys_wp_spawn, T_BAD, s.len), -EFAULT);
	CHECK_EQ(t_sys(td, sys_wp_spawn, t_end(td, s.len - 1), s.len), -EFAULT);
	CHECK_EQ(t_sys(td, sys_wp_spawn, g, s.len - 1), -EINVAL); /* size disagrees */
	CHECK_EQ(t_sys(td, sys_wp_spawn, g, 8), -EINVAL);
	s.rq->path = s.len + 100;
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EINVAL);
	sreq_init(&s, "/prog");
	uint32_t far = 0x7fffffff;
	s.rq->argv = sreq_put(&s, &far, 4);
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EINVAL);
	sreq_init(&s, "/prog");
	s.rq->argc = 0x40000000; /* n * 4 overflows 32 bits */
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EINVAL);
	sreq_init(&s, "/prog");
	s.rq->nactions = 0x0aaaaaab; /* n * 24 overflows 32 bits */
	s.rq->actions = sizeof(struct wp_spawn_req);
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EINVAL);
	/* an unterminated path at the very end of the block */
	sreq_init(&s, "/prog");
	s.rq->path = sreq_put(&s, "xyz", 3);
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EINVAL);
	CHECK_EQ(nprocs_now(), before);
	CHECK(td->p->children == NULL);
}

TEST(the_startup_block_gives_efault_outside_memory_and_einval_when_too_small)
{
	struct thread *td = t_proc(0, 0);
	struct image img = { 0 };
	struct strblock env = { 0 };

	img.path = kstrdup("/bin/prog");
	CHECK_EQ(strblock_add(&img.argv, "prog", 4), 0);
	CHECK_EQ(strblock_add(&env, "A=1", 3), 0);
	CHECK_EQ(proc_set_program(td->p, &img, &env), 0);
	long need = t_sys(td, sys_wp_init, 65536);
	CHECK(need > 0);
	CHECK_EQ(t_sys(td, sys_wp_args, T_BAD, (sysarg_t)need), -EFAULT);
	CHECK_EQ(t_sys(td, sys_wp_args, t_end(td, (size_t)need - 1), (sysarg_t)need), -EFAULT);
	CHECK_EQ(t_sys(td, sys_wp_args, t_alloc(td, 4096), (sysarg_t)need - 1), -EINVAL);
	uaddr_t b = t_alloc(td, (size_t)need);
	CHECK_EQ(t_sys(td, sys_wp_args, b, (sysarg_t)need), 0);
	uint32_t w[3];
	char s[8];
	t_get(td, b, w, sizeof(w));
	CHECK_EQ(w[0], 1); /* argc */
	CHECK_EQ(w[2], 0); /* argv[1] */
	t_get(td, w[1], s, 5);
	CHECK_STR(s, "prog");
	image_free(&img);
	kfree(td->p->exe);
	kfree(td->p->cmdline);
	kfree(td->p->environ);
	td->p->exe = td->p->cmdline = td->p->environ = NULL;
}

/* ---- allocation failure ---- */

static bool out_of_memory(long r)
{
	return r == -ENOMEM || r == -EAGAIN || r == -ENOSPC;
}

/* A registered process with mappings above 512 KiB, a program identity and an open file. */
static struct thread *parent_proc(uint32_t uid)
{
	struct thread *td = t_registered_proc(uid, uid);
	struct image img = { 0 };
	struct strblock env = { 0 };

	td->p->brk_start = td->p->brk = 512 * 1024;
	CHECK_EQ(sigacts_init(td->p, NULL), 0);
	img.path = kstrdup("/bin/parent");
	CHECK_EQ(strblock_add(&img.argv, "parent", 6), 0);
	CHECK_EQ(strblock_add(&env, "HOME=/", 6), 0);
	CHECK_EQ(proc_set_program(td->p, &img, &env), 0);
	image_free(&img);
	return td;
}

static void fd_is(struct proc *p, int fd, bool open)
{
	struct file *f = fd_get(p, fd);

	if (f)
		file_drop(f);
	if ((f != NULL) != open)
		test_fail(__FILE__, __LINE__, "fd %d of %d is %s", fd, p->pid, f ? "open" : "closed");
}

static void cwd_is(struct proc *p, const char *path)
{
	char buf[64];

	CHECK(vfs_path(p, p->cwd, buf, sizeof(buf)) >= 0);
	CHECK_STR(buf, path);
}

TEST(fork_survives_every_allocation_failure_and_the_parent_is_intact)
{
	struct thread *td = parent_proc(1000);
	int fd = t_open(td, "/tmp/f", O_CREAT | O_RDWR, 0644);
	long m = t_sys(td, sys_mmap2, 0, 8192, 3, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, (sysarg_t)-1, 0);
	int before = nprocs_now(), n;
	long r;

	CHECK_EQ(fd, 0);
	CHECK(m >= 512 * 1024);
	for (n = 0;; n++) {
		kalloc_fail_after = n;
		r = t_sys(td, sys_wp_fork, 0);
		kalloc_fail_after = -1;
		if (r == -EPARKED)
			break;
		if (!out_of_memory(r))
			test_fail(__FILE__, __LINE__, "fork with allocation %d failing: %ld", n, r);
		CHECK_EQ(nprocs_now(), before);
		CHECK(td->p->children == NULL);
		CHECK_EQ(t_write(td, fd, "x", 1), 1);
		CHECK(td->p->mmaps && td->p->mmaps->start == (uaddr_t)m && !td->p->mmaps->next);
	}
	CHECK(n >= 4);
	td->state = TD_SYSCALL;
	struct proc *c = embryo_of(td->p);
	CHECK(c != NULL);
	CHECK_EQ(c->cred.uid, 1000);
	CHECK(c->mmaps && c->mmaps->start == (uaddr_t)m && c->mmaps->len == 8192);
	CHECK_STR(c->exe, "/bin/parent");
	CHECK_STR(c->cmdline, "parent");
	fd_is(c, 0, true);
	kernel_fork_done(c->pid, 0);
	CHECK_EQ(c->state, PROC_ALIVE);
	proc_discard(c);
	/* the host failing to start the child: the child is gone */
	CHECK_EQ(t_sys(td, sys_wp_fork, 0), -EPARKED);
	c = embryo_of(td->p);
	CHECK(c != NULL);
	kernel_fork_done(c->pid, -ENOMEM);
	CHECK(td->p->children == NULL);
	CHECK_EQ(nprocs_now(), before);
}

TEST(fork_and_spawn_give_eagain_at_rlimit_nproc_for_an_unprivileged_user)
{
	struct thread *td = parent_proc(1000);
	struct sreq s;
	int before = nprocs_now();

	make_prog(td, "/prog");
	td->p->rlim[RLIMIT_NPROC] = (struct rlimit64){ 1, 1 };
	CHECK_EQ(t_sys(td, sys_wp_fork, 0), -EAGAIN);
	sreq_init(&s, "/prog");
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EAGAIN);
	CHECK_EQ(nprocs_now(), before);
	/* root is not limited */
	td->p->cred.uid = td->p->cred.euid = 0;
	td->p->rlim[RLIMIT_NPROC] = (struct rlimit64){ 0, 0 };
	CHECK_EQ(t_sys(td, sys_wp_spawn, sreq_guest(td, &s), s.len), -EPARKED);
	struct proc *c = embryo_of(td->p);
	CHECK(c != NULL);
	kernel_spawn_done(c->pid, -ENOENT);
	CHECK_EQ(nprocs_now(), before);
}

TEST(posix_spawn_survives_every_allocation_failure_and_leaves_no_child)
{
	struct thread *td = parent_proc(0);
	struct sreq s;
	struct wp_kstat st;
	int before = nprocs_now(), n;
	long r;

	make_prog(td, "/prog");
	CHECK_EQ(t_open(td, "/tmp", O_RDONLY, 0), 0);
	sreq_init(&s, "/prog");
	struct wp_spawn_action a[4] = {
		{ .op = WP_SPAWN_OPEN, .fd = 5, .oflag = O_CREAT | O_EXCL | O_WRONLY, .mode = 0600,
		  .path = sreq_str(&s, "/tmp/once") },
		{ .op = WP_SPAWN_DUP2, .srcfd = 5, .fd = 6 },
		{ .op = WP_SPAWN_CLOSE, .fd = 5 },
		{ .op = WP_SPAWN_FCHDIR, .fd = 0 },
	};
	sreq_actions(&s, a, 4);
	uaddr_t g = sreq_guest(td, &s);
	for (n = 0;; n++) {
		kalloc_fail_after = n;
		r = t_sys(td, sys_wp_spawn, g, s.len);
		kalloc_fail_after = -1;
		if (r == -EPARKED)
			break;
		if (!out_of_memory(r))
			test_fail(__FILE__, __LINE__, "spawn with allocation %d failing: %ld", n, r);
		CHECK_EQ(nprocs_now(), before);
		CHECK(td->p->children == NULL);
		fd_is(td->p, 0, true);
		fd_is(td->p, 5, false);
		cwd_is(td->p, "/");
		/* the open may have run before the failure (as a failed exec after it would) */
		t_sys(td, sys_unlinkat, CWD, t_str(td, "/tmp/once"), 0);
	}
	CHECK(n >= 4);
	td->state = TD_SYSCALL;
	struct proc *c = embryo_of(td->p);
	CHECK(c != NULL);
	fd_is(c, 5, false);
	fd_is(c, 6, true);
	cwd_is(c, "/tmp");
	CHECK_STR(c->exe, "/prog");
	CHECK_EQ(t_stat(td, "/tmp/once", &st), 0);
	fd_is(td->p, 6, false);
	kernel_spawn_done(c->pid, 0);
	CHECK_EQ(c->state, PROC_ALIVE);
	proc_discard(c);
	CHECK_EQ(nprocs_now(), before);
}

TEST(execve_survives_every_allocation_failure_then_commits_with_close_on_exec)
{
	struct thread *t0 = parent_proc(0);
	struct proc *p = t0->p;
	struct thread *td = thread_alloc(p, p->pid);
	const char *args[] = { "prog", "x" }, *env[] = { "A=1" };
	int n;
	long r;

	CHECK(td != NULL);
	make_prog(t0, "/prog");
	CHECK_EQ(t_open(t0, "/tmp/keep", O_CREAT | O_RDWR, 0644), 0);
	CHECK_EQ(t_open(t0, "/tmp/gone", O_CREAT | O_RDWR | O_CLOEXEC, 0644), 1);
	uaddr_t path = t_str(t0, "/prog"), argv = t_strv(t0, args, 2), envp = t_strv(t0, env, 1);
	for (n = 0;; n++) {
		td->state = TD_SYSCALL;
		kalloc_fail_after = n;
		r = t_sys(td, sys_execve, path, argv, envp);
		kalloc_fail_after = -1;
		if (r == -EPARKED)
			break;
		if (!out_of_memory(r))
			test_fail(__FILE__, __LINE__, "execve with allocation %d failing: %ld", n, r);
		CHECK(p->exec == NULL);
		CHECK_STR(p->exe, "/bin/parent");
		fd_is(p, 1, true);
	}
	CHECK(n >= 3);
	/* the host could not start it: the old program goes on */
	kernel_exec_done(p->pid, -ENOMEM);
	CHECK(p->exec == NULL);
	CHECK_STR(p->exe, "/bin/parent");
	fd_is(p, 1, true);
	/* and now it could */
	td->state = TD_SYSCALL;
	CHECK_EQ(t_sys(td, sys_execve, path, argv, envp), -EPARKED);
	kernel_exec_done(p->pid, 0);
	CHECK(p->exec == NULL);
	CHECK_STR(p->exe, "/prog");
	CHECK_EQ(p->cmdline_len, 7);
	CHECK(memcmp(p->cmdline, "prog\0x", 7) == 0);
	CHECK_EQ(p->environ_len, 4);
	fd_is(p, 0, true);
	fd_is(p, 1, false);
}

/* The argv an exec of path commits (NUL-separated, in buf), or -errno. */
static long exec_argv(struct thread *t0, struct thread *td, const char *path, char *buf, size_t n)
{
	const char *args[] = { "arg0", "one" };
	long r;

	td->state = TD_SYSCALL;
	r = t_sys(td, sys_execve, t_str(t0, path), t_strv(t0, args, 2), 0);
	if (r != -EPARKED)
		return r;
	kernel_exec_done(t0->p->pid, 0);
	CHECK(t0->p->cmdline_len <= n);
	memcpy(buf, t0->p->cmdline, t0->p->cmdline_len);
	for (size_t i = 0; i + 1 < t0->p->cmdline_len; i++)
		if (!buf[i])
			buf[i] = ' ';
	return (long)t0->p->cmdline_len;
}

TEST(execve_gives_linux_errors_and_runs_scripts_through_their_interpreter)
{
	struct thread *t0 = parent_proc(1000);
	struct proc *p = t0->p;
	struct thread *td = thread_alloc(p, p->pid);
	struct thread *root = t_proc(0, 0);
	char buf[256];

	make_prog(root, "/prog");
	t_file(root, "/tmp/s1", "#!/prog\necho\n");
	t_file(root, "/tmp/s2", "#!  /prog   -a b  \t\nrest\n");
	t_file(root, "/tmp/s3", "#!/tmp/s1 -n\n");
	t_file(root, "/tmp/loop", "#!/tmp/loop\n");
	t_file(root, "/tmp/text", "hello\n");
	t_file(root, "/tmp/empty", "");
	t_file(root, "/tmp/noexec", "#!/prog\n");
	t_file(root, "/tmp/nointerp", "#!/tmp/missing\n");
	t_file(root, "/tmp/blank", "#!   \n");
	for (const char *const *f = (const char *const[]){ "/tmp/s1", "/tmp/s2", "/tmp/s3", "/tmp/loop",
	     "/tmp/text", "/tmp/empty", "/tmp/nointerp", "/tmp/blank", NULL }; *f; f++)
		CHECK_EQ(t_sys(root, sys_fchmodat, CWD, t_str(root, *f), 0755), 0);
	CHECK_EQ(t_mkdir(root, "/tmp/dir", 0755), 0);

	CHECK_EQ(exec_argv(t0, td, "/tmp/missing", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(exec_argv(t0, td, "", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(exec_argv(t0, td, "/tmp/noexec", buf, sizeof(buf)), -EACCES);
	CHECK_EQ(exec_argv(t0, td, "/tmp/dir", buf, sizeof(buf)), -EACCES);
	CHECK_EQ(exec_argv(t0, td, "/tmp/text", buf, sizeof(buf)), -ENOEXEC);
	CHECK_EQ(exec_argv(t0, td, "/tmp/empty", buf, sizeof(buf)), -ENOEXEC);
	CHECK_EQ(exec_argv(t0, td, "/tmp/s1/x", buf, sizeof(buf)), -ENOTDIR);
	CHECK_EQ(exec_argv(t0, td, "/tmp/loop", buf, sizeof(buf)), -ELOOP);
	CHECK_EQ(exec_argv(t0, td, "/tmp/nointerp", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(exec_argv(t0, td, "/tmp/blank", buf, sizeof(buf)), -ENOEXEC);
	CHECK(p->exec == NULL);
	CHECK_STR(p->exe, "/bin/parent");

	CHECK(exec_argv(t0, td, "/tmp/s1", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "/prog /tmp/s1 one");
	CHECK_STR(p->exe, "/prog");
	CHECK(exec_argv(t0, td, "/tmp/s2", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "/prog -a b /tmp/s2 one");
	CHECK(exec_argv(t0, td, "/tmp/s3", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "/prog /tmp/s1 -n /tmp/s3 one");
	/* a relative path is passed as given */
	CHECK_EQ(t_sys(t0, sys_chdir, t_str(t0, "/tmp")), 0);
	CHECK(exec_argv(t0, td, "s1", buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "/prog s1 one");
}

TEST(argv_and_envp_past_arg_max_give_e2big)
{
	struct thread *t0 = parent_proc(0);
	struct thread *td = thread_alloc(t0->p, t0->p->pid);
	static char big[ARG_MAX_BYTES / 2 + 1];
	uint32_t v[3];

	make_prog(t0, "/prog");
	memset(big, 'a', sizeof(big) - 1);
	v[0] = t_str(t0, big);
	v[1] = v[0];
	v[2] = 0;
	uaddr_t two = t_bytes(t0, v, sizeof(v));
	v[1] = 0;
	uaddr_t one = t_bytes(t0, v, sizeof(v));
	uaddr_t path = t_str(t0, "/prog");
	CHECK_EQ(t_sys(td, sys_execve, path, two, 0), -E2BIG);
	CHECK_EQ(t_sys(td, sys_execve, path, one, two), -E2BIG);
	CHECK_EQ(t_sys(td, sys_execve, path, one, one), -E2BIG);
	CHECK(t0->p->exec == NULL);
	CHECK_EQ(t_sys(td, sys_execve, path, one, 0), -EPARKED);
	kernel_exec_done(t0->p->pid, 0);
	CHECK_EQ(t0->p->cmdline_len, sizeof(big));
}

/* ---- memory ---- */

#define MAP_ANON_PRIV 0x22
#define MAP_SHARED_ 0x01
#define MAP_FIXED_ 0x10

TEST(a_shared_file_mapping_writes_back_without_growing_the_file)
{
	struct thread *td = parent_proc(0);
	struct wp_kstat st;
	char buf[16] = { 0 };

	t_file(td, "/tmp/m", "0123456789");
	int fd = t_open(td, "/tmp/m", O_RDWR, 0);
	long a = t_sys(td, sys_mmap2, 0, 4096, 3, MAP_SHARED_, (sysarg_t)fd, 0);
	CHECK(a >= 512 * 1024);
	char *m = fakehost_mem_ptr(td->p->pid, (uaddr_t)a);
	CHECK(memcmp(m, "0123456789\0\0", 12) == 0);
	m[0] = 'X';
	CHECK_EQ(t_sys(td, sys_msync, (sysarg_t)a, 4096, 4 /* MS_SYNC */), 0);
	CHECK_EQ(t_stat(td, "/tmp/m", &st), 0);
	CHECK_EQ(st.st_size, 10);
	m[9] = 'Y';
	CHECK_EQ(t_sys(td, sys_munmap, (sysarg_t)a, 4096), 0);
	CHECK_EQ(t_stat(td, "/tmp/m", &st), 0);
	CHECK_EQ(st.st_size, 10);
	CHECK_EQ(t_sys(td, sys_pread64, (sysarg_t)fd, t_alloc(td, 16), 16, 0, 0), 10);
	CHECK_EQ(t_read(td, fd, buf, 16), 10);
	CHECK_STR(buf, "X12345678Y");
	/* unmapped memory reads back as zero */
	CHECK(m[0] == 0 && m[9] == 0);
}

TEST(mapping_calls_check_their_ranges)
{
	struct thread *td = parent_proc(0);

	long a = t_sys(td, sys_mmap2, 0, 8192, 3, MAP_ANON_PRIV, (sysarg_t)-1, 0);
	CHECK(a > 0);
	CHECK_EQ(t_sys(td, sys_msync, (sysarg_t)a + 65536, 4096, 4), -ENOMEM);
	CHECK_EQ(t_sys(td, sys_msync, (sysarg_t)a + 1, 4096, 4), -EINVAL);
	CHECK_EQ(t_sys(td, sys_msync, (sysarg_t)a, 4096, 5), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mremap, (sysarg_t)a + 65536, 4096, 8192, 1), -EFAULT);
	CHECK_EQ(t_sys(td, sys_mremap, (sysarg_t)a + 1, 4096, 8192, 1), -EINVAL);
	CHECK_EQ(t_sys(td, sys_munmap, (sysarg_t)a + 1, 4096), -EINVAL);
	CHECK_EQ(t_sys(td, sys_munmap, (sysarg_t)a, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, (sysarg_t)a + 1, 4096, 3, MAP_ANON_PRIV | MAP_FIXED_, (sysarg_t)-1, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 0, 3, MAP_ANON_PRIV, (sysarg_t)-1, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 4096, 3, 0x20, (sysarg_t)-1, 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_mmap2, 0, 4096, 3, 0x02, 77, 0), -EBADF);
	/* a mremap that moves keeps the bytes and frees (zeroes) the old place */
	char *m = fakehost_mem_ptr(td->p->pid, (uaddr_t)a);
	memset(m, 'q', 8192);
	long b = t_sys(td, sys_mmap2, 0, 4096, 3, MAP_ANON_PRIV, (sysarg_t)-1, 0);
	CHECK_EQ(b, a + 8192);
	CHECK_EQ(t_sys(td, sys_mremap, (sysarg_t)a, 8192, 16384, 0), -ENOMEM);
	long c = t_sys(td, sys_mremap, (sysarg_t)a, 8192, 16384, 1);
	CHECK(c > b);
	char *n = fakehost_mem_ptr(td->p->pid, (uaddr_t)c);
	CHECK(n[0] == 'q' && n[8191] == 'q' && n[8192] == 0 && n[16383] == 0);
	CHECK(m[0] == 0 && m[8191] == 0);
}

TEST(a_fixed_mapping_that_runs_out_of_memory_leaves_the_old_one_intact)
{
	struct thread *td = parent_proc(0);
	long a = t_sys(td, sys_mmap2, 0, 3 * 4096, 3, MAP_ANON_PRIV, (sysarg_t)-1, 0);
	char *m = fakehost_mem_ptr(td->p->pid, (uaddr_t)a);
	int n;
	long r;

	CHECK(a > 0);
	memset(m, 'A', 3 * 4096);
	for (n = 0;; n++) {
		kalloc_fail_after = n;
		r = t_sys(td, sys_mmap2, (sysarg_t)a + 4096, 4096, 3, MAP_ANON_PRIV | MAP_FIXED_, (sysarg_t)-1, 0);
		kalloc_fail_after = -1;
		if (r >= 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK(td->p->mmaps && td->p->mmaps->len == 3 * 4096 && !td->p->mmaps->next);
		for (int i = 0; i < 3 * 4096; i++)
			if (m[i] != 'A')
				test_fail(__FILE__, __LINE__, "byte %d lost after allocation %d failed", i, n);
	}
	CHECK_EQ(r, a + 4096);
	CHECK(m[0] == 'A' && m[4096] == 0 && m[8191] == 0 && m[8192] == 'A');
	/* munmap in the middle under failure, too */
	for (n = 0;; n++) {
		kalloc_fail_after = n;
		r = t_sys(td, sys_munmap, (sysarg_t)a + 4096, 4096);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
	}
	int regions = 0;
	for (struct mmap_region *g = td->p->mmaps; g; g = g->next)
		regions++;
	CHECK_EQ(regions, 2);
}

TEST(an_unprivileged_user_may_not_change_another_users_limits)
{
	struct thread *root = t_registered_proc(0, 0);
	struct thread *user = t_registered_proc(1000, 1000);
	struct thread *same = t_registered_proc(1000, 1000);
	struct rlimit64 nl = { 10, 10 }, ol;

	uaddr_t np = t_bytes(user, &nl, sizeof(nl)), op = t_alloc(user, sizeof(ol));
	CHECK_EQ(t_sys(user, sys_prlimit64, (sysarg_t)root->p->pid, RLIMIT_NOFILE, np, 0), -EPERM);
	CHECK(root->p->rlim[RLIMIT_NOFILE].cur != 10);
	CHECK_EQ(t_sys(user, sys_prlimit64, (sysarg_t)same->p->pid, RLIMIT_NOFILE, np, op), 0);
	CHECK_EQ(same->p->rlim[RLIMIT_NOFILE].cur, 10);
	/* root may; raising a hard limit needs privilege */
	uaddr_t rp = t_bytes(root, &nl, sizeof(nl));
	CHECK_EQ(t_sys(root, sys_prlimit64, (sysarg_t)user->p->pid, RLIMIT_NOFILE, rp, 0), 0);
	nl.max = 20;
	np = t_bytes(user, &nl, sizeof(nl));
	CHECK_EQ(t_sys(user, sys_prlimit64, 0, RLIMIT_NOFILE, np, 0), -EPERM);
	CHECK_EQ(t_sys(user, sys_prlimit64, 99999, RLIMIT_NOFILE, 0, op), -ESRCH);
}
