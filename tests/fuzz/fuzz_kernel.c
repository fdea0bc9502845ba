/*
 * libFuzzer over the native kernel: each input boots a kernel, starts a few processes and
 * decodes into a bounded sequence of operations — a syscall from one of the processes, or
 * something the host does (answer a fork, spawn or exec, release a worker's slot, start a
 * program, kill, move the clock, feed a terminal) — then kills everything, reaps it and
 * checks that the kernel is back where it started. ASan (leaks included) and UBSan watch.
 *
 * The input format (every read past the end gives 0, so any input is valid):
 *   header: 1 byte (how many processes start, their uid, which streams are terminals)
 *   ops:    1 byte each, then its operands; see run_op().
 * A syscall's argument is one kind byte (top 3 bits the kind, low 5 a parameter), see
 * arg_decode(). tests/fuzz/README.md says how to run and replay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "../../kernel/host.h"
#include "kernel_api.h"
#include "proc.h"
#include "sched.h"
#include "dispatch.h"
#include "exec.h"
#include "vfs.h"
#include "uapi/fcntl.h"
#include "uapi/signal.h"
#include "uapi/stat.h"
#include "uapi/wp_channel.h"
#include "uapi/wp_spawn.h"

void *fakehost_mem_ptr(int mem, uaddr_t a);
extern size_t fakehost_mem_max;
extern int64_t fakehost_clock_ns;
void fakehost_random_seed(uint64_t seed);

#define MAX_OPS     256
#define SCRATCH     0x1000u  /* argument buffers: [SCRATCH, HEAP_BASE) of the caller's memory */
#define HEAP_BASE   0x10000u /* what the programs' _start tells wp_init */
#define NR_FORK     1026
#define NR_SPAWN    1027
#define NR_WP_INIT  1024
#define NR_SIGRET   139
#define T_BAD       0xfffff000u

/* Every syscall number the kernel implements, from syscall.tbl. */
static const int implemented[] = {
#define SYSCALL(nr, name, handler) nr,
#define SYSCALL_ENOSYS(nr, name)
#include "syscall_table.inc"
#undef SYSCALL
#undef SYSCALL_ENOSYS
};

static const char *const paths[] = {
	"/tmp/a", "/tmp/b", "/tmp/d", "/tmp/d/f", "/tmp", "/", ".", "..",
	"", "a", "/bin/prog", "/bin/script", "/bin/loop", "/dev/null", "/dev/zero", "/dev/tty",
	"/dev/full", "/dev/urandom", "/proc/self/fd/0", "/proc/self", "/proc/self/fd",
	"/proc/self/stat", "/proc/mounts", "/tmp/fifo", "/tmp/l", "/tmp/a/x", "/dev",
	"/proc/self/cwd",
};
#define NPATHS ((int)ARRAY_SIZE(paths))

/* ---- the input ---- */

static const uint8_t *in;
static size_t in_len, in_at;

static uint8_t get8(void)
{
	return in_at < in_len ? in[in_at++] : 0;
}

static uint32_t get32(void)
{
	uint32_t v = get8();
	v |= (uint32_t)get8() << 8;
	v |= (uint32_t)get8() << 16;
	return v | (uint32_t)get8() << 24;
}

/* ---- guest memory ---- */

static uaddr_t scratch_at;

static void *guest_ptr(int pid, uaddr_t a)
{
	void *p = fakehost_mem_ptr(pid, a);
	if (!p)
		abort(); /* harness bug: the scratch area is always inside a running guest's memory */
	return p;
}

/* n bytes of the caller's scratch area, zeroed (0 when it is full). */
static uaddr_t scratch(int pid, size_t n)
{
	uaddr_t a = (scratch_at + 15) & ~15u;
	if (a + n > HEAP_BASE)
		return 0;
	scratch_at = a + (uaddr_t)n;
	memset(guest_ptr(pid, a), 0, n);
	return a;
}

static uaddr_t put_bytes(int pid, const void *p, size_t n)
{
	uaddr_t a = scratch(pid, n);
	if (a)
		memcpy(guest_ptr(pid, a), p, n);
	return a;
}

static uaddr_t put_str(int pid, const char *s)
{
	return put_bytes(pid, s, strlen(s) + 1);
}

/* A NULL-terminated array of 0-3 paths (argv, envp). */
static uaddr_t put_strv(int pid, unsigned v)
{
	uint32_t vec[4] = { 0 };
	for (unsigned i = 0; i < v % 4; i++)
		vec[i] = put_str(pid, paths[get8() % NPATHS]);
	return put_bytes(pid, vec, sizeof vec);
}

/* A buffer of (v + 1) * 128 bytes whose head (up to 64 bytes) comes from the input. */
static uaddr_t put_buf(int pid, unsigned v)
{
	size_t n = (v + 1) * 128, head = get8() % 65;
	uaddr_t a = scratch(pid, n);
	if (!a)
		return 0;
	uint8_t *p = guest_ptr(pid, a);
	for (size_t i = 0; i < head; i++)
		p[i] = get8();
	return a;
}

/* Addresses that are wrong one way or another: EFAULT, never a crash. */
static uaddr_t bad_ptr(int pid, unsigned v)
{
	uaddr_t size = host_mem_pages(pid) * 65536;
	const uaddr_t a[] = { 0, 1, T_BAD, 0xffffffff, size - 1, size - 8, size, size - 4095,
			      FZ_CHAN, FZ_CHAN + 56, 0x7fffffff, size - 3 };
	return a[v % ARRAY_SIZE(a)];
}

/* A process reference: a known pid, a group, or something that names nothing. */
static sysarg_t pid_ref(unsigned v)
{
	int pid = nguests ? guests[v % nguests].pid : 1;
	if (v < 16)
		return (sysarg_t)pid;
	switch (v) {
	case 16: return 0;
	case 17: return (sysarg_t)-1;
	case 18: return 1;
	case 19: return 99999;
	case 20: return 0x80000000u;
	default: return (sysarg_t)-pid;
	}
}

/* One syscall argument: a kind byte, then what that kind reads. */
static sysarg_t arg_decode(int pid)
{
	uint8_t k = get8();
	unsigned v = k & 31;
	switch (k >> 5) {
	case 0: return v;
	case 1: /* sizes and modes; page-aligned addresses */
		if (v < 16)
			return v << 8 | get8();
		return ((v - 16) << 8 | get8()) << 12;
	case 2: return get32();
	case 3: return v < 24 ? v : v < 28 ? (sysarg_t)AT_FDCWD : (sysarg_t)-(int)(v - 27);
	case 4: return v < NPATHS ? put_str(pid, paths[v]) : put_strv(pid, v);
	case 5: return put_buf(pid, v);
	case 6: return bad_ptr(pid, v);
	default: return pid_ref(v);
	}
}

/* A well-formed posix_spawn request (wp_spawn.h) built from a few input bytes. */
static uaddr_t put_spawn_req(int pid, uint32_t *size)
{
	static const char *const progs[] = { "/bin/prog", "/bin/script", "/bin/loop", "/tmp/a",
					     "/none", "/tmp" };
	char blk[2048] = { 0 };
	struct wp_spawn_req *rq = (struct wp_spawn_req *)blk;
	uint32_t len = sizeof *rq;
#define PUT(p, n) (len = (len + 3) & ~3u, memcpy(blk + len, (p), (n)), len += (uint32_t)(n), len - (uint32_t)(n))
	rq->flags = get8();
	rq->pgroup = get8() % 4 == 0 ? (int32_t)pid_ref(get8() & 15) : 0;
	rq->sigmask = (uint64_t)get32() << 32 | get32();
	rq->sigdefault = get32();
	const char *prog = progs[get8() % ARRAY_SIZE(progs)];
	rq->path = PUT(prog, strlen(prog) + 1);
	uint32_t argv[3] = { rq->path, rq->path, rq->path };
	rq->argc = get8() % 4;
	rq->argv = PUT(argv, sizeof argv);
	rq->envc = 0;
	rq->envp = rq->argv;
	struct wp_spawn_action act[4];
	rq->nactions = get8() % 5;
	for (uint32_t i = 0; i < rq->nactions; i++) {
		uint8_t b = get8();
		act[i] = (struct wp_spawn_action){ .op = 1 + b % 5, .fd = get8() % 8, .srcfd = get8() % 8,
						   .oflag = get8() | (b & 0x80 ? O_CREAT : 0),
						   .mode = 0644 };
		const char *path = paths[get8() % NPATHS];
		act[i].path = PUT(path, strlen(path) + 1);
	}
	rq->actions = PUT(act, sizeof act[0] * rq->nactions);
#undef PUT
	rq->size = len;
	*size = len;
	return put_bytes(pid, blk, len);
}

/* ---- running requests as the kernel loop does ---- */

static int64_t now_ns(void)
{
	return fakehost_clock_ns;
}

/* Runs woken threads and due timers until nothing is left to do. */
static void settle(void)
{
	for (int rounds = 0; rounds < 100000; rounds++) {
		bool busy = false;
		struct thread *td;
		while ((td = sched_take_runnable())) {
			td->resumed = true;
			syscall_run(td);
			busy = true;
		}
		int64_t d = sched_next_deadline();
		if (d >= 0 && d <= now_ns())
			busy |= sched_run_timers(now_ns());
		if (!busy)
			return;
	}
	fprintf(stderr, "fuzz: the kernel never settles\n");
	abort();
}

/* The kernel's thread for a guest the host believes runs guest code, checked against it. */
static struct thread *running_thread(struct guest *g)
{
	struct thread *td = thread_find(g->pid);
	if (!td || td->p->pid != g->pid) {
		fprintf(stderr, "fuzz: pid %d runs on the host but has no thread in the kernel\n", g->pid);
		abort();
	}
	if (td->state != TD_USER) {
		fprintf(stderr, "fuzz: pid %d runs guest code but its thread is in state %d\n", g->pid,
			td->state);
		abort();
	}
	return td;
}

/* FUZZ_TRACE=1 in the environment prints every operation (for reading a replayed input). */
static bool trace;
#define TRACE(...) (trace ? fprintf(stderr, __VA_ARGS__) : 0)

/* g's thread makes syscall nr: the channel is written, the kernel rung. */
static void guest_syscall(struct guest *g, int nr, const sysarg_t a[6])
{
	struct thread *td = running_thread(g);
	struct wp_channel ch = { .status = WP_CH_PENDING, .nr = nr };
	for (int i = 0; i < 6; i++)
		ch.args[i] = a[i];
	memcpy(guest_ptr(g->pid, FZ_CHAN), &ch, sizeof ch);
	g->running = false;
	g->in_kernel = true;
	if (syscall_begin(td, FZ_CHAN) < 0)
		abort();
	if (nr == 93 /* exit */ || nr == 1029 /* wp_unmap_exit */) {
		/* the worker waits for no answer to exit (docs/abi.md): it is gone, its slot free */
		g->in_kernel = false;
		g->gone = true;
	}
	settle();
	TRACE("pid %d: %s(%#x, %#x, %#x, %#x, %#x, %#x) = ", g->pid, syscall_name(nr) ? syscall_name(nr) : "?",
	      a[0], a[1], a[2], a[3], a[4], a[5]);
	if (g->in_kernel)
		TRACE("(waits)\n");
	else
		TRACE(g->gone ? "(gone)\n" : "%d\n", g->result);
}

/* What the guest's libc does after a request returns: run a delivered signal's handler
 * (then rt_sigreturn), or start a new program (_start's wp_init). */
static void guest_continue(struct guest *g)
{
	for (int n = 0; n < 4 && g->running && g->mem; n++) {
		struct wp_channel ch;
		memcpy(&ch, guest_ptr(g->pid, FZ_CHAN), sizeof ch);
		if (g->needs_init) {
			g->needs_init = false;
			guest_syscall(g, NR_WP_INIT, (sysarg_t[6]){ HEAP_BASE });
		} else if (ch.sig.signo) {
			guest_syscall(g, NR_SIGRET, (sysarg_t[6]){ (sysarg_t)ch.sig.old_mask,
								   (sysarg_t)(ch.sig.old_mask >> 32) });
		} else {
			return;
		}
	}
}

static void continue_all(void)
{
	for (int i = 0; i < nguests; i++)
		guest_continue(&guests[i]);
}

/* ---- host operations ---- */

static const char wasm_magic[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };

static int ops; /* operations of this input so far */

static struct guest *pick_running(uint8_t b)
{
	int n = 0;
	for (int i = 0; i < nguests; i++)
		n += guests[i].running && guests[i].mem;
	if (!n)
		return NULL;
	n = b % n;
	for (int i = 0; i < nguests; i++)
		if (guests[i].running && guests[i].mem && n-- == 0)
			return &guests[i];
	return NULL;
}

static void op_syscall(struct guest *g)
{
	uint8_t b = get8();
	int nr = b < 250 ? implemented[b % ARRAY_SIZE(implemented)] : (int)(get32() % 2048) - 16;
	sysarg_t a[6];
	if ((nr == NR_FORK || nr == NR_SPAWN) && nguests >= FZ_MAX_GUESTS - 4)
		return;
	scratch_at = SCRATCH;
	if (nr == NR_SPAWN && get8() < 200) {
		uint32_t size;
		a[0] = put_spawn_req(g->pid, &size);
		a[1] = size;
		for (int i = 2; i < 6; i++)
			a[i] = 0;
	} else {
		for (int i = 0; i < 6; i++)
			a[i] = arg_decode(g->pid);
	}
	guest_syscall(g, nr, a);
}

/* The host's answer to a fork or spawn. mode: fail (only before the child runs), start the
 * child before answering, or start it and answer. */
static void answer_creation(int i, uint8_t mode)
{
	struct event *ev = &events[i];
	struct guest *g = guest_of(ev->pid);
	void (*done)(int, int) = ev->kind == EV_FORK ? kernel_fork_done : kernel_spawn_done;
	if (mode % 4 == 0 && !ev->started) {
		int pid = ev->pid;
		event_remove(i);
		guest_mem_free(g);
		g->gone = true; /* never started: the kernel frees its thread itself */
		done(pid, -ENOMEM);
		return;
	}
	if (!ev->started) {
		ev->started = true;
		if (!g->gone)
			g->running = true;
	}
	if (mode % 4 == 1)
		return;
	int pid = ev->pid;
	event_remove(i);
	done(pid, 0);
}

/* True when the host owes pid an answer. */
static bool owed(int pid)
{
	for (int i = 0; i < nevents; i++)
		if (events[i].pid == pid || events[i].tid == pid)
			return true;
	return false;
}

/* onResolveSpawn's answer: not found, a program, or a program with a new argv (as for a
 * script); mode >= 250 answers and leaves the event, so the host answers twice. */
static void answer_resolve(int i, uint8_t mode)
{
	static const char argv[] = "sh\0-c\0x";
	int tid = events[i].tid;
	if (mode < 250)
		event_remove(i);
	if (mode % 3 == 0)
		kernel_spawn_resolved(tid, -ENOENT, 0, 0, 0, 0);
	else
		kernel_spawn_resolved(tid, 0, (uint32_t)(uintptr_t)wasm_magic, sizeof wasm_magic,
				      mode % 3 == 2 ? (uint32_t)(uintptr_t)argv : 0, mode % 3 == 2 ? sizeof argv : 0);
}

static void answer_event(int i, uint8_t mode)
{
	struct event ev = events[i];
	TRACE("host: answers %s of pid %d (mode %d)\n",
	      (const char *[]){ "fork", "spawn", "exec", "slot", "resolve", "clone" }[ev.kind], ev.pid, mode);
	if (ev.kind == EV_RESOLVE) {
		answer_resolve(i, mode);
		settle();
		return;
	}
	if (mode >= 250) { /* answers about a process that waits for none: ignored */
		int pid = ev.pid + 1;
		while (owed(pid))
			pid++;
		kernel_fork_done(pid, 0);
		kernel_spawn_done(pid, -ENOMEM);
		kernel_exec_done(pid, 0);
		kernel_slot_release(ev.slot, pid);
		kernel_clone_done(pid, pid, 0);
		return;
	}
	switch (ev.kind) {
	case EV_FORK:
	case EV_SPAWN:
		answer_creation(i, mode);
		break;
	case EV_EXEC: {
		event_remove(i);
		struct guest *g = guest_of(ev.pid);
		kernel_exec_done(ev.pid, mode % 3 ? 0 : -ENOMEM);
		if (g && g->needs_init && g->mem) { /* the new program has a new memory */
			guest_mem_free(g);
			guest_mem_new(g);
		}
		break;
	}
	case EV_SLOT:
		event_remove(i);
		kernel_slot_release(ev.slot, ev.tid);
		break;
	case EV_CLONE:
		event_remove(i);
		kernel_clone_done(ev.pid, ev.tid, -EAGAIN);
		break;
	case EV_RESOLVE: /* (answered above) */
		break;
	}
	settle();
}

static void host_spawn_op(uint8_t b, uint8_t c)
{
	static const char *const progs[] = { "/bin/prog", "/bin/script", "/bin/loop", "/tmp/a",
					     "/none", "prog" };
	static const char argv[] = "prog\0-a";
	static const char envp[] = "HOME=/\0PATH=/bin";
	static struct kernel_spawn_req rq;
	if (nguests >= FZ_MAX_GUESTS - 4)
		return;
	rq = (struct kernel_spawn_req){
		.path = (uint32_t)(uintptr_t)progs[b % ARRAY_SIZE(progs)],
		.argv = (uint32_t)(uintptr_t)argv, .argv_len = sizeof argv,
		.envp = (uint32_t)(uintptr_t)envp, .envp_len = sizeof envp,
		.cwd = c & 1 ? (uint32_t)(uintptr_t)"/tmp" : 0,
		.stdio = { c & 2 ? 0 : -1, c & 4 ? 1 : -1, c & 8 ? 2 : -1 },
		.uid = c & 16 ? 1000 : 0, .gid = c & 16 ? 1000 : 0,
	};
	int pid = kernel_host_spawn((uint32_t)(uintptr_t)&rq);
	TRACE("host: spawn %s = %d\n", (const char *)(uintptr_t)rq.path, pid);
}

static void stream_op(uint8_t b)
{
	static char buf[64];
	int id = b % 3;
	switch ((b >> 2) % 4) {
	case 0: {
		uint32_t n = get8() % sizeof buf;
		for (uint32_t i = 0; i < n; i++)
			buf[i] = (char)get8();
		kernel_stream_input(id, (uint32_t)(uintptr_t)buf, n);
		break;
	}
	case 1: kernel_stream_input(id, 0, 0); break;
	case 2: kernel_stream_eof_once(id); break;
	default: kernel_stream_signal(id, get8() % 66); break;
	}
}

static void run_op(void)
{
	if (++ops > MAX_OPS)
		return;
	uint8_t op = get8();
	struct guest *g;
	switch (op % 16) {
	default: /* 0-9: a syscall */
		if ((g = pick_running(get8())))
			op_syscall(g);
		break;
	case 10: /* the next operation, with one of its first allocations failing */
		kalloc_fail_after = get8() % 32;
		TRACE("host: allocation %ld from now fails\n", kalloc_fail_after);
		if (in_at < in_len)
			run_op();
		kalloc_fail_after = -1;
		break;
	case 11:
		if (nevents)
			answer_event(get8() % nevents, get8());
		break;
	case 12:
		fakehost_clock_ns += (int64_t)1 << (get8() % 36);
		TRACE("host: clock at %lld ns\n", (long long)fakehost_clock_ns);
		break;
	case 13: {
		int pid = (int)pid_ref(get8() & 31), sig = get8() % 66;
		TRACE("host: kill(%d, %d) = %d\n", pid, sig, kernel_kill(pid, sig));
		break;
	}
	case 14:
		host_spawn_op(get8(), get8());
		break;
	case 15:
		stream_op(get8());
		break;
	}
	settle();
	continue_all();
}

/* ---- one kernel per input ---- */

static void install(const char *path, const void *data, size_t len, uint32_t mode)
{
	if (kernel_install_file((uint32_t)(uintptr_t)path, (uint32_t)(uintptr_t)data, (uint32_t)len, mode))
		abort();
}

static void boot(uint8_t h)
{
	fakehost_clock_ns = 1000000000;
	fakehost_random_seed(1);
	fuzzhost_reset();
	if (kernel_boot(0, 0, h & 0x40 ? KBOOT_HOST_RESOLVES_SPAWN : 0))
		abort();
	struct proc *init = proc_init();
	kernel_make_dirs((uint32_t)(uintptr_t)"/bin");
	kernel_make_dirs((uint32_t)(uintptr_t)"/tmp/d");
	install("/bin/prog", wasm_magic, sizeof wasm_magic, 0755);
	install("/bin/script", "#!/bin/prog -x\n", 15, 0755);
	install("/bin/loop", "#!/bin/loop\n", 12, 0755);
	install("/tmp/a", "hello, world\n", 13, 0666);
	if (vfs_mknod(init, NULL, "/tmp/fifo", S_IFIFO | 0666, 0) ||
	    vfs_symlink(init, "/tmp/a", NULL, "/tmp/l"))
		abort();
	for (int id = 0; id < 3; id++)
		kernel_stream_setup(id, (h >> (2 + id)) & 1, 24, 80);
	/* the first processes, started and answered */
	for (int n = 0; n < 1 + h % 3; n++) {
		host_spawn_op(0, (h & 0x20) && n ? 16 | 14 : 14);
		while (nevents)
			answer_creation(0, 2);
	}
	settle();
	continue_all();
}

/* Kills and reaps everything, answering whatever the host still owes; then the kernel must
 * hold nothing: no process but init, no timer, no runnable thread, every slot released. */
static void teardown(void)
{
	for (int round = 0;; round++) {
		if (round == 64) {
			fprintf(stderr, "fuzz: processes survive SIGKILL\n");
			abort();
		}
		int pids[FZ_MAX_GUESTS * 2], n = 0;
		for (struct proc *p = proc_next(1); p && n < (int)ARRAY_SIZE(pids); p = proc_next(p->pid))
			pids[n++] = p->pid;
		if (!n && !nevents)
			break;
		for (int i = 0; i < n; i++)
			kernel_kill(pids[i], SIGKILL);
		settle();
		while (nevents) {
			struct event *ev = &events[0];
			if (ev->kind == EV_FORK || ev->kind == EV_SPAWN)
				answer_creation(0, ev->started ? 2 : 0);
			else
				answer_event(0, 0);
			settle();
		}
	}
	if (sched_next_deadline() >= 0 || sched_take_runnable()) {
		fprintf(stderr, "fuzz: a timer or a runnable thread outlives every process\n");
		abort();
	}
	for (int id = 0; id < 3; id++)
		kernel_stream_setup(id, 0, 0, 0);
	proc_shutdown();
	vfs_shutdown();
	fuzzhost_reset();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char probe;
	if ((uintptr_t)&probe >> 32) {
		fprintf(stderr, "fuzz: the harness must be linked -no-pie (kernel exports take 32-bit pointers)\n");
		abort();
	}
	fakehost_mem_max = FZ_MEM_MAX;
	trace = getenv("FUZZ_TRACE") != NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_len = size;
	in_at = 0;
	boot(get8());
	ops = 0;
	while (ops < MAX_OPS && in_at < in_len)
		run_op();
	teardown();
	return 0;
}
