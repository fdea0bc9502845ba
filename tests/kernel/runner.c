/*
 * The runner and the helpers of t.h. Usage: kernel-tests [--seed N] [--list] [NAME...]
 * Prints one line per test and closes with "N passed, N failed".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "t.h"
#include "boot.h"

struct test {
	const char *name;
	test_fn fn;
	bool boot;
};

static struct test tests[1024];
static int ntests;
static jmp_buf fail_jmp;
static char fail_msg[1024];
unsigned test_seed;

void fakehost_random_seed(uint64_t seed);

void test_register(const char *name, test_fn fn, bool boot)
{
	if (ntests == (int)ARRAY_SIZE(tests))
		abort();
	tests[ntests++] = (struct test){ name, fn, boot };
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(fail_msg, sizeof(fail_msg), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(fail_msg + n, sizeof(fail_msg) - (size_t)n, fmt, ap);
	va_end(ap);
	longjmp(fail_jmp, 1);
}

/* Test processes */

struct tproc {
	struct proc p;
	struct thread td;
	uaddr_t brk;
	struct proc *registered; /* a proc.c process td belongs to instead of p */
};

struct proc *proc_alloc(struct proc *parent);
void proc_discard(struct proc *p);

static struct tproc *tprocs[64];
static int ntprocs;

struct thread *t_proc(uint32_t uid, uint32_t gid)
{
	struct tproc *tp = calloc(1, sizeof(*tp));

	if (ntprocs == (int)ARRAY_SIZE(tprocs))
		abort();
	tprocs[ntprocs++] = tp;
	tp->p.pid = 30000 + ntprocs;
	tp->p.state = PROC_ALIVE;
	tp->p.cred = (struct cred){ .uid = uid, .euid = uid, .suid = uid,
				    .gid = gid, .egid = gid, .sgid = gid };
	tp->p.umask = 022;
	for (int i = 0; i < RLIMIT_COUNT; i++)
		tp->p.rlim[i] = (struct rlimit64){ RLIM64_INFINITY, RLIM64_INFINITY };
	tp->p.rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	tp->p.fdt = fdtable_new();
	tp->p.cwd = vnode_hold(vfs_root());
	tp->p.root = vnode_hold(vfs_root());
	tp->p.threads = &tp->td;
	tp->p.nthreads = 1;
	tp->td.tid = tp->p.pid;
	tp->td.slot = -1;
	tp->td.p = &tp->p;
	tp->td.state = TD_SYSCALL;
	tp->td.park_timer.heap_index = -1;
	tp->brk = 4096; /* keep address 0 unused */
	fakehost_mem_new(tp->p.pid, T_MEM_SIZE);
	return &tp->td;
}

struct thread *t_registered_proc(uint32_t uid, uint32_t gid)
{
	struct thread *td = t_proc(uid, gid);
	struct tproc *tp = tprocs[ntprocs - 1];
	struct proc *p = proc_alloc(NULL);

	if (!p)
		test_fail(__FILE__, __LINE__, "proc_alloc failed");
	fakehost_mem_free(tp->p.pid);
	p->state = PROC_ALIVE;
	p->cred = tp->p.cred;
	p->umask = tp->p.umask;
	memcpy(p->rlim, tp->p.rlim, sizeof(p->rlim));
	p->fdt = tp->p.fdt;
	p->cwd = tp->p.cwd;
	p->root = tp->p.root;
	tp->p.fdt = NULL;
	tp->p.cwd = tp->p.root = NULL;
	tp->registered = p;
	td->p = p;
	td->tid = p->pid;
	fakehost_mem_new(p->pid, T_MEM_SIZE);
	return td;
}

static void t_procs_free(void)
{
	for (int i = 0; i < ntprocs; i++) {
		struct tproc *tp = tprocs[i];
		if (tp->registered) {
			/* a test may have made its thread the process's: the harness frees it */
			if (tp->registered->threads == &tp->td) {
				tp->registered->threads = NULL;
				tp->registered->nthreads = 0;
			}
			fakehost_mem_free(tp->registered->pid);
			proc_discard(tp->registered);
			free(tp);
			continue;
		}
		fdtable_drop(&tp->p, tp->p.fdt);
		vnode_drop(tp->p.cwd);
		vnode_drop(tp->p.root);
		fakehost_mem_free(tp->p.pid);
		free(tp);
	}
	ntprocs = 0;
}

static struct tproc *tproc_of(struct thread *td)
{
	return (struct tproc *)((char *)td - offsetof(struct tproc, td));
}

uaddr_t t_alloc(struct thread *td, size_t n)
{
	struct tproc *tp = tproc_of(td);
	uaddr_t a = (tp->brk + 15) & ~15u;

	if (a + n > T_MEM_SIZE)
		test_fail(__FILE__, __LINE__, "test guest memory exhausted");
	tp->brk = a + (uaddr_t)n;
	memset(fakehost_mem_ptr(td->p->pid, a), 0, n);
	return a;
}

uaddr_t t_bytes(struct thread *td, const void *p, size_t n)
{
	uaddr_t a = t_alloc(td, n);

	memcpy(fakehost_mem_ptr(td->p->pid, a), p, n);
	return a;
}

uaddr_t t_str(struct thread *td, const char *s)
{
	return t_bytes(td, s, strlen(s) + 1);
}

void t_get(struct thread *td, uaddr_t a, void *p, size_t n)
{
	memcpy(p, fakehost_mem_ptr(td->p->pid, a), n);
}

uaddr_t t_end(struct thread *td, size_t n)
{
	(void)td;
	return T_MEM_SIZE - (uaddr_t)n;
}

long t_call(struct thread *td, sys_fn fn, int n, ...)
{
	sysarg_t args[6] = { 0 };
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n && i < 6; i++)
		args[i] = va_arg(ap, sysarg_t);
	va_end(ap);
	memcpy(td->args, args, sizeof(args));
	return fn(td, args);
}

int t_open(struct thread *td, const char *path, int flags, uint32_t mode)
{
	return (int)t_sys(td, sys_openat, (sysarg_t)AT_FDCWD, t_str(td, path), (sysarg_t)flags, mode);
}

long t_write(struct thread *td, int fd, const void *buf, size_t n)
{
	return t_sys(td, sys_write, (sysarg_t)fd, t_bytes(td, buf, n), (sysarg_t)n);
}

long t_read(struct thread *td, int fd, void *buf, size_t n)
{
	uaddr_t a = t_alloc(td, n);
	long r = t_sys(td, sys_read, (sysarg_t)fd, a, (sysarg_t)n);

	if (r > 0)
		t_get(td, a, buf, (size_t)r);
	return r;
}

int t_mkdir(struct thread *td, const char *path, uint32_t mode)
{
	return (int)t_sys(td, sys_mkdirat, (sysarg_t)AT_FDCWD, t_str(td, path), mode);
}

void t_file(struct thread *td, const char *path, const char *contents)
{
	int fd = t_open(td, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		test_fail(__FILE__, __LINE__, "t_file(%s): open: %d", path, fd);
	if (t_write(td, fd, contents, strlen(contents)) != (long)strlen(contents))
		test_fail(__FILE__, __LINE__, "t_file(%s): write", path);
	t_sys(td, sys_close, (sysarg_t)fd);
}

static int stat_as(struct thread *td, const char *path, struct wp_kstat *st, int flags)
{
	uaddr_t buf = t_alloc(td, sizeof(*st));
	int r = (int)t_sys(td, sys_newfstatat, (sysarg_t)AT_FDCWD, t_str(td, path), buf, (sysarg_t)flags);

	if (!r)
		t_get(td, buf, st, sizeof(*st));
	return r;
}

int t_stat(struct thread *td, const char *path, struct wp_kstat *st)
{
	return stat_as(td, path, st, 0);
}

int t_lstat(struct thread *td, const char *path, struct wp_kstat *st)
{
	return stat_as(td, path, st, AT_SYMLINK_NOFOLLOW);
}

/* Running */

static bool run_one(const struct test *t)
{
	bool ok;

	kalloc_fail_after = -1;
	if (t->boot && fs_boot(NULL, 0)) {
		printf("FAIL %s: fs_boot failed\n", t->name);
		return false;
	}
	if (!setjmp(fail_jmp)) {
		t->fn();
		ok = true;
	} else {
		ok = false;
	}
	kalloc_fail_after = -1;
	t_procs_free();
	if (t->boot || vfs_mounts())
		vfs_shutdown();
	if (ok)
		printf("ok   %s\n", t->name);
	else
		printf("FAIL %s\n     %s\n", t->name, fail_msg);
	fflush(stdout);
	return ok;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, first = 1;

	test_seed = (unsigned)time(NULL);
	if (argc > 2 && !strcmp(argv[1], "--seed")) {
		test_seed = (unsigned)strtoul(argv[2], NULL, 0);
		first = 3;
	}
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (int i = 0; i < ntests; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	printf("kernel tests: seed %u\n", test_seed);
	srand(test_seed);
	fakehost_random_seed(test_seed);
	for (int i = 0; i < ntests; i++) {
		bool wanted = first >= argc;
		for (int j = first; j < argc && !wanted; j++)
			wanted = !strcmp(argv[j], tests[i].name);
		if (!wanted)
			continue;
		if (run_one(&tests[i]))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
