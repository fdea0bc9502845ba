/*
 * procfs on /proc: self, <pid>/{stat,status,comm,cmdline,environ,cwd,exe,fd/,mounts,task/},
 * <pid>/task/<tid>/ (the same files, the thread's own state), meminfo, mounts, stat, loadavg,
 * uptime.
 * Vnodes are made per lookup and name (kind, pid, tid, fd); a file's text is generated when
 * it is opened, so one open description reads one consistent snapshot.
 * Processes come from proc.c (proc_find, proc_next); "self" is the looking-up process.
 */
#include "fpage.h"
#include "membudget.h"
#include "mem.h"
#include "vfs.h"
#include "file.h"
#include "fd.h"
#include "proc.h"
#include "host.h"
#include "stream.h"
#include "uapi/dirent.h"

enum pkind {
	P_ROOT, P_SELF, P_MEMINFO, P_MOUNTS, P_UPTIME, P_SYSSTAT, P_LOADAVG,
	P_PID, P_STAT, P_STATUS, P_COMM, P_CMDLINE, P_ENVIRON, P_CWD, P_EXE, P_FDDIR, P_FD,
	P_TASKDIR, P_TASK,
};

/* A node: pid's (0 for the global files); tid names a thread under task/ (0: the process). */
struct pnode {
	enum pkind kind;
	int pid, fd, tid;
};

struct pentry {
	const char *name;
	enum pkind kind;
	uint32_t mode;
};

static const struct pentry root_entries[] = {
	{ "self", P_SELF, S_IFLNK | 0777 },
	{ "meminfo", P_MEMINFO, S_IFREG | 0444 },
	{ "mounts", P_MOUNTS, S_IFREG | 0444 },
	{ "uptime", P_UPTIME, S_IFREG | 0444 },
	{ "stat", P_SYSSTAT, S_IFREG | 0444 },
	{ "loadavg", P_LOADAVG, S_IFREG | 0444 },
};

static const struct pentry pid_entries[] = {
	{ "stat", P_STAT, S_IFREG | 0444 },
	{ "status", P_STATUS, S_IFREG | 0444 },
	{ "comm", P_COMM, S_IFREG | 0444 },
	{ "cmdline", P_CMDLINE, S_IFREG | 0444 },
	{ "environ", P_ENVIRON, S_IFREG | 0400 },
	{ "cwd", P_CWD, S_IFLNK | 0777 },
	{ "exe", P_EXE, S_IFLNK | 0777 },
	{ "fd", P_FDDIR, S_IFDIR | 0500 },
	{ "mounts", P_MOUNTS, S_IFREG | 0444 },
	{ "task", P_TASKDIR, S_IFDIR | 0555 },
};

static const struct vnode_ops procfs_vops;
static const struct file_ops procfs_fops;

#define PN(vn) ((struct pnode *)(vn)->priv)

static struct vnode *pvnode_tid(struct mount *m, enum pkind kind, int pid, int tid, int fd,
				uint32_t mode)
{
	struct vnode *vn = vnode_alloc(m, &procfs_vops, S_ISDIR(mode) ? &vfs_dir_fops : &procfs_fops, mode);
	struct pnode *pn = kmalloc(sizeof(*pn));
	struct proc *p = pid ? proc_find(pid) : NULL;

	if (!vn || !pn) {
		kfree(vn);
		kfree(pn);
		return NULL;
	}
	*pn = (struct pnode){ kind, pid, fd, tid };
	vn->priv = pn;
	/* pids and tids are below 2^15, fds below 2^16: each keeps its own bits */
	vn->ino = ((uint64_t)tid << 37) | ((uint64_t)kind << 32) | ((uint64_t)pid << 16) |
		  (uint64_t)(fd & 0xffff);
	vn->nlink = S_ISDIR(mode) ? 2 : 1;
	if (p) {
		vn->uid = p->cred.euid;
		vn->gid = p->cred.egid;
	}
	return vn;
}

static struct vnode *pvnode(struct mount *m, enum pkind kind, int pid, int fd, uint32_t mode)
{
	return pvnode_tid(m, kind, pid, 0, fd, mode);
}

static int parse_int(const char *s)
{
	int v = 0;

	if (!*s || (*s == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* The fixed entries of directory d: the root's, a process's, or a thread's (no task/). */
static const struct pentry *dir_entries(const struct pnode *d, size_t *n)
{
	if (d->kind == P_ROOT) {
		*n = ARRAY_SIZE(root_entries);
		return root_entries;
	}
	*n = ARRAY_SIZE(pid_entries) - (d->kind == P_TASK ? 1 : 0);
	return pid_entries;
}

/* The thread tid of process pid, or NULL. */
static struct thread *task_of(int pid, int tid)
{
	struct proc *p = proc_find(pid);
	for (struct thread *td = p ? p->threads : NULL; td; td = td->next_in_proc)
		if (td->tid == tid)
			return td;
	return NULL;
}

/* Whether task/<tid> exists: a thread of pid's, or pid itself for a process without thread
 * records (init, a zombie), which Linux lists with its one (main) thread. */
static bool has_task(int pid, int tid)
{
	struct proc *p = proc_find(pid);
	return p && (task_of(pid, tid) || (!p->threads && tid == pid));
}

static struct vnode *parent_of(struct vnode *dir)
{
	struct pnode *d = PN(dir);
	switch (d->kind) {
	case P_FDDIR:
		return d->tid ? pvnode_tid(dir->mnt, P_TASK, d->pid, d->tid, 0, S_IFDIR | 0555)
			      : pvnode(dir->mnt, P_PID, d->pid, 0, S_IFDIR | 0555);
	case P_TASKDIR:
		return pvnode(dir->mnt, P_PID, d->pid, 0, S_IFDIR | 0555);
	case P_TASK:
		return pvnode(dir->mnt, P_TASKDIR, d->pid, 0, S_IFDIR | 0555);
	default:
		return vnode_hold(dir->mnt->root);
	}
}

static int procfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode *d = PN(dir);
	size_t n;
	const struct pentry *tab = dir_entries(d, &n);
	struct vnode *vn = NULL;
	bool found = false;
	int num;

	if (!strcmp(name, "..")) {
		vn = parent_of(dir);
		return vn ? (*out = vn, 0) : -ENOMEM;
	}
	if (d->kind == P_FDDIR) {
		struct proc *p = proc_find(d->pid);
		struct file *f;
		num = parse_int(name);
		if (!p || num < 0 || !p->fdt || !(f = fd_get(p, num)))
			return -ENOENT;
		file_drop(f);
		vn = pvnode_tid(dir->mnt, P_FD, d->pid, d->tid, num, S_IFLNK | 0700);
		return vn ? (*out = vn, 0) : -ENOMEM;
	}
	if (d->kind == P_TASKDIR) {
		num = parse_int(name);
		if (num <= 0 || !has_task(d->pid, num))
			return -ENOENT;
		vn = pvnode_tid(dir->mnt, P_TASK, d->pid, num, 0, S_IFDIR | 0555);
		return vn ? (*out = vn, 0) : -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name))
			vn = pvnode_tid(dir->mnt, tab[i].kind, d->pid, d->tid, 0, tab[i].mode),
			found = true;
	if (!found && d->kind == P_ROOT && (num = parse_int(name)) > 0 && proc_find(num))
		vn = pvnode(dir->mnt, P_PID, num, 0, S_IFDIR | 0555), found = true;
	if (!found)
		return -ENOENT;
	if (!vn)
		return -ENOMEM;
	*out = vn;
	return 0;
}

/* Link targets */

static long copy_target(const char *s, size_t len, char *buf, size_t n)
{
	memcpy(buf, s, MIN(len, n));
	return (long)len;
}

static long procfs_readlink(struct vnode *vn, char *buf, size_t n)
{
	struct pnode *pn = PN(vn);
	struct proc *p = pn->pid ? proc_find(pn->pid) : vfs_current();
	char tmp[32];
	long len;

	if (!p)
		return -ENOENT;
	switch (pn->kind) {
	case P_SELF:
		len = snprintf(tmp, sizeof(tmp), "%d", p->pid);
		return copy_target(tmp, (size_t)len, buf, n);
	case P_EXE:
		return p->exe ? copy_target(p->exe, strlen(p->exe), buf, n) : -ENOENT;
	case P_CWD: {
		char *path = kmalloc(PATH_MAX);
		if (!path)
			return -ENOMEM;
		len = vfs_path(p, p->cwd ? p->cwd : vfs_root(), path, PATH_MAX);
		if (len > 0)
			len = copy_target(path, (size_t)len - 1, buf, n);
		kfree(path);
		return len;
	}
	case P_FD: {
		struct file *f = p->fdt ? fd_get(p, pn->fd) : NULL;
		char *path;
		if (!f)
			return -ENOENT;
		path = kmalloc(PATH_MAX);
		if (!path) {
			file_drop(f);
			return -ENOMEM;
		}
		if (f->vn)
			len = vfs_path(p, f->vn, path, PATH_MAX) - 1;
		else
			len = snprintf(path, PATH_MAX, "anon_inode:[%p]", (void *)f);
		if (len < 0 && f->vn)
			len = snprintf(path, PATH_MAX, "(deleted)");
		len = copy_target(path, (size_t)len, buf, n);
		kfree(path);
		file_drop(f);
		return len;
	}
	default:
		return -EINVAL;
	}
}

/* Directories */

static int procfs_readdir(struct vnode *dir, int64_t cookie, filldir_t fill, void *ctx)
{
	struct pnode *d = PN(dir);
	char name[16];
	int64_t pos = 2;

	if (cookie <= 0 && fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
		return 0;
	if (cookie <= 1 && fill(ctx, "..", 2, dir->ino, DT_DIR, 2))
		return 0;
	if (d->kind == P_FDDIR) {
		struct proc *p = proc_find(d->pid);
		int count = p && p->fdt ? fd_count(p) : 0;
		for (int fd = 0; fd < count; fd++, pos++) {
			struct file *f = fd_get(p, fd);
			if (!f)
				continue;
			file_drop(f);
			if (pos < cookie)
				continue;
			size_t len = (size_t)snprintf(name, sizeof(name), "%d", fd);
			if (fill(ctx, name, len, (uint64_t)fd + 1, DT_LNK, pos + 1))
				return 0;
		}
		return 0;
	}
	if (d->kind == P_TASKDIR) {
		/* threads in tid order: the cookie is 2 + the last tid listed */
		struct proc *p = proc_find(d->pid);
		if (p && !p->threads) {
			size_t len = (size_t)snprintf(name, sizeof(name), "%d", p->pid);
			if (cookie <= p->pid + 2)
				fill(ctx, name, len, (uint64_t)p->pid << 37, DT_DIR, p->pid + 3);
			return 0;
		}
		for (;;) {
			struct thread *next = NULL;
			for (struct thread *td = p ? p->threads : NULL; td; td = td->next_in_proc)
				if (td->tid + 2 >= cookie && (!next || td->tid < next->tid))
					next = td;
			if (!next)
				return 0;
			size_t len = (size_t)snprintf(name, sizeof(name), "%d", next->tid);
			if (fill(ctx, name, len, (uint64_t)next->tid << 37, DT_DIR, next->tid + 3))
				return 0;
			cookie = next->tid + 3;
		}
	}
	size_t n;
	const struct pentry *tab = dir_entries(d, &n);
	for (size_t i = 0; i < n; i++, pos++)
		if (pos >= cookie && fill(ctx, tab[i].name, strlen(tab[i].name), 100 + i,
					  vfs_dtype(tab[i].mode), pos + 1))
			return 0;
	if (d->kind != P_ROOT)
		return 0;
	/* processes: the cookie past the fixed entries is 1000 + pid */
	for (struct proc *p = proc_next(cookie > 1000 ? (int)(cookie - 1000) - 1 : 0); p;
	     p = proc_next(p->pid)) {
		size_t len = (size_t)snprintf(name, sizeof(name), "%d", p->pid);
		if (fill(ctx, name, len, (uint64_t)p->pid << 16, DT_DIR, 1000 + p->pid + 1))
			return 0;
	}
	return 0;
}

/* File contents */

struct pbuf {
	char *s;
	size_t len, cap;
};

static void pb_put(struct pbuf *b, const void *p, size_t n)
{
	if (!b->s && b->cap)
		return; /* an earlier allocation failed */
	if (b->len + n + 1 > b->cap) {
		size_t cap = MAX(b->cap * 2, b->len + n + 256);
		char *s = krealloc(b->s, cap);
		if (!s) {
			kfree(b->s);
			b->s = NULL;
			b->cap = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

__attribute__((format(printf, 2, 3))) static void pb_printf(struct pbuf *b, const char *fmt, ...)
{
	char line[256];
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	__builtin_va_end(ap);
	if (n > 0)
		pb_put(b, line, MIN((size_t)n, sizeof(line) - 1));
}

#define NS_PER_TICK 10000000 /* clock ticks in /proc are USER_HZ = 100 a second */

static long long ticks(int64_t ns)
{
	return (long long)(ns / NS_PER_TICK);
}

/* A thread's state letter: R running or ready (a request being served counts), S parked
 * (interruptibly: signals wake it), D waiting for the host (they do not). */
static char thread_state(const struct thread *td)
{
	switch (td->state) {
	case TD_PARKED:
		return 'S';
	case TD_HOSTWAIT:
		return 'D';
	default:
		return 'R';
	}
}

/* The thread /proc/<pid> describes: the one whose tid is the pid, else any (NULL: none). */
static struct thread *leader_of(struct proc *p)
{
	for (struct thread *td = p->threads; td; td = td->next_in_proc)
		if (td->tid == p->pid)
			return td;
	return p->threads;
}

/* The state letter of p, or of its thread td: Z zombie, T stopped, else the thread's. */
static char state_char(struct proc *p, struct thread *td)
{
	if (p->state == PROC_ZOMBIE)
		return 'Z';
	if (p->stopped)
		return 'T';
	td = td ? td : leader_of(p);
	return td ? thread_state(td) : 'S'; /* init: no thread, always waiting */
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "running";
	case 'D': return "disk sleep";
	case 'T': return "stopped";
	case 'Z': return "zombie";
	default: return "sleeping";
	}
}

/* Bytes of p's memory (its whole wasm memory: mapped and resident alike), 0 for a zombie. */
static uint64_t vm_bytes(struct proc *p)
{
	return p->state == PROC_ZOMBIE ? 0 : mem_bytes(p);
}

/* The kernel's priority column: 20 + nice for time-sharing, -1 - priority for real time. */
static int prio_of(struct proc *p)
{
	int policy = p->sched_policy & 0xff;
	return policy == 1 || policy == 2 ? -1 - p->sched_priority : 20 + p->nice;
}

/* p's controlling terminal as proc(5) encodes it (0: none) and its foreground group (-1). */
static void tty_of(struct proc *p, uint32_t *tty_nr, int *tpgid)
{
	uint64_t dev = 0;
	int fg = 0;
	*tty_nr = 0;
	*tpgid = -1;
	if (p->state == PROC_ZOMBIE || stream_ctty_info(p, &dev, &fg) < 0)
		return;
	uint32_t major = WP_MAJOR(dev), minor = WP_MINOR(dev);
	*tty_nr = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
	*tpgid = fg > 0 ? fg : -1;
}

/* <pid>/stat or task/<tid>/stat (proc(5)'s 52 fields). */
static void gen_stat(struct pbuf *b, struct proc *p, struct thread *td)
{
	int ppid = p->parent ? p->parent->pid : 0, tpgid;
	uint32_t tty_nr;
	uint64_t vm = vm_bytes(p);
	int64_t cpu = td ? thread_cpu_time(td) : proc_cpu_ns(p);
	int exit_code = p->state == PROC_ZOMBIE ? p->exit_status : 0;

	tty_of(p, &tty_nr, &tpgid);
	pb_printf(b, "%d (%s) %c %d %d %d %u %d 4194304 0 0 0 0 %lld 0 %lld 0 %d %d %d 0 %lld ",
		  td ? td->tid : p->pid, p->comm, state_char(p, td), ppid, p->pgid, p->sid,
		  tty_nr, tpgid, ticks(cpu), ticks(p->cutime_ns), prio_of(p), p->nice, p->nthreads,
		  ticks(p->start_ns - proc_boot_ns));
	pb_printf(b, "%llu %llu 4294967295 0 0 0 0 0 0 0 0 0 0 0 0 17 0 %d %d 0 0 0 0 0 0 0 0 0 0 %d\n",
		  (unsigned long long)vm, (unsigned long long)(vm / 4096),
		  (p->sched_policy & 0xff) == 1 || (p->sched_policy & 0xff) == 2 ? p->sched_priority : 0,
		  p->sched_policy & 0xff, exit_code);
}

static void gen_status(struct pbuf *b, struct proc *p, struct thread *td)
{
	int ppid = p->parent ? p->parent->pid : 0;
	char st = state_char(p, td);
	const struct cred *c = &p->cred;

	pb_printf(b, "Name:\t%s\nUmask:\t%04o\nState:\t%c (%s)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n",
		  p->comm, p->umask, st, state_name(st), p->pid, td ? td->tid : p->pid);
	pb_printf(b, "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		  ppid, c->uid, c->euid, c->suid, c->euid, c->gid, c->egid, c->sgid, c->egid);
	pb_printf(b, "FDSize:\t%d\nGroups:\t", p->fdt ? fd_count(p) : 0);
	for (uint32_t i = 0; i < c->ngroups; i++)
		pb_printf(b, "%u ", c->groups[i]);
	if (p->state != PROC_ZOMBIE) {
		unsigned long long kb = (unsigned long long)(vm_bytes(p) / 1024);
		pb_printf(b, "\nVmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB",
			  kb, kb, kb, kb);
	}
	pb_printf(b, "\nThreads:\t%d\n", p->nthreads);
}

static void gen_mounts(struct pbuf *b)
{
	for (struct mount *m = vfs_mounts(); m; m = m->next)
		pb_printf(b, "%s %s %s %s 0 0\n", m->source, m->path ? m->path : "?", m->fstype,
			  (m->flags & MNT_RDONLY) ? "ro" : "rw");
}

static void gen_pid(struct pbuf *b, enum pkind kind, struct proc *p, struct thread *td)
{
	switch (kind) {
	case P_STAT:
		gen_stat(b, p, td);
		break;
	case P_STATUS:
		gen_status(b, p, td);
		break;
	case P_COMM:
		pb_printf(b, "%s\n", p->comm);
		break;
	case P_CMDLINE:
		pb_put(b, p->cmdline ? p->cmdline : "", p->cmdline ? p->cmdline_len : 0);
		break;
	case P_ENVIRON:
		pb_put(b, p->environ ? p->environ : "", p->environ ? p->environ_len : 0);
		break;
	case P_MOUNTS:
		gen_mounts(b);
		break;
	default:
		break;
	}
}

/*
 * /proc/stat. CPU time is guest time (proc.h), all of it "user" ("nice" for processes with a
 * positive nice), shared evenly among the host's CPUs; the rest of each CPU's time since boot
 * is idle. procs_running counts threads in R, procs_blocked those in D.
 */
/* CPU time since boot (ns): *user and *nice (processes with a positive nice); returns the
 * idle time left of every host CPU's time since boot. */
static int64_t cpu_totals(int64_t *user, int64_t *nice)
{
	int64_t idle = (clock_monotonic_ns() - proc_boot_ns) * proc_ncpus;

	*user = proc_ended_cpu_ns;
	*nice = 0;
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid))
		*(p->nice > 0 ? nice : user) += proc_cpu_ns(p);
	idle -= *user + *nice;
	return idle < 0 ? 0 : idle;
}

static void gen_sysstat(struct pbuf *b)
{
	int64_t user, nice, running = 0, blocked = 0;
	int64_t idle = cpu_totals(&user, &nice);
	int n = proc_ncpus;

	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		for (struct thread *td = p->threads; td && p->state == PROC_ALIVE && !p->stopped;
		     td = td->next_in_proc) {
			running += thread_state(td) == 'R';
			blocked += thread_state(td) == 'D';
		}
	}
	long long tu = ticks(user), tn = ticks(nice), tidle = ticks(idle);
	pb_printf(b, "cpu  %lld %lld 0 %lld 0 0 0 0 0 0\n", tu, tn, tidle);
	for (int cpu = 0; cpu < n; cpu++)
		pb_printf(b, "cpu%d %lld %lld 0 %lld 0 0 0 0 0 0\n", cpu,
			  tu / n + (cpu ? 0 : tu % n), tn / n + (cpu ? 0 : tn % n),
			  tidle / n + (cpu ? 0 : tidle % n));
	pb_printf(b, "intr 0\nctxt 0\nbtime %lld\nprocesses %llu\n",
		  (long long)(proc_boot_realtime_ns / 1000000000), (unsigned long long)proc_created);
	pb_printf(b, "procs_running %lld\nprocs_blocked %lld\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		  (long long)running, (long long)blocked);
}

/* /proc/loadavg: the load is not sampled (zeros); then running/total threads, the last pid. */
static void gen_loadavg(struct pbuf *b)
{
	int running = 0, total = 0, last = 0;
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		for (struct thread *td = p->threads; td; td = td->next_in_proc) {
			total++;
			running += p->state == PROC_ALIVE && !p->stopped && thread_state(td) == 'R';
		}
		last = MAX(last, p->pid);
	}
	pb_printf(b, "0.00 0.00 0.00 %d/%d %d\n", running, total, last);
}

static void gen_global(struct pbuf *b, enum pkind kind)
{
	int64_t up = clock_monotonic_ns() - proc_boot_ns;

	switch (kind) {
	case P_MEMINFO:
	{
		/* the memory budget (membudget.h); file data is tmpfs's, so Cached and Shmem */
		unsigned long long total = membudget_total() >> 10, used = membudget_used() >> 10;
		unsigned long long files = fpage_bytes() >> 10;
		pb_printf(b, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n",
			  total, total - used, total - used);
		pb_printf(b, "Buffers:        %8u kB\nCached:         %8llu kB\nSwapCached:     %8u kB\n",
			  0u, files, 0u);
		pb_printf(b, "Shmem:          %8llu kB\nSwapTotal:      %8u kB\nSwapFree:       %8u kB\n",
			  files, 0u, 0u);
	}
		break;
	case P_MOUNTS:
		gen_mounts(b);
		break;
	case P_UPTIME: {
		/* seconds since boot, then the idle seconds of all CPUs together */
		int64_t user, nice, idle = cpu_totals(&user, &nice);
		pb_printf(b, "%lld.%02lld %lld.%02lld\n", (long long)(up / 1000000000),
			  (long long)(up / 10000000 % 100), (long long)(idle / 1000000000),
			  (long long)(idle / 10000000 % 100));
		break;
	}
	case P_SYSSTAT:
		gen_sysstat(b);
		break;
	case P_LOADAVG:
		gen_loadavg(b);
		break;
	default:
		break;
	}
}

static int procfs_open(struct vnode *vn, struct file *f)
{
	struct pnode *pn = PN(vn);
	struct pbuf *b;

	if (!S_ISREG(vn->mode))
		return 0;
	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	b = kzalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (pn->pid) {
		struct proc *p = proc_find(pn->pid);
		if (!p) {
			kfree(b);
			return -ESRCH;
		}
		struct thread *td = pn->tid ? task_of(pn->pid, pn->tid) : NULL;
		if (pn->tid && !has_task(pn->pid, pn->tid)) {
			kfree(b);
			return -ESRCH;
		}
		gen_pid(b, pn->kind, p, td);
	} else {
		gen_global(b, pn->kind);
	}
	if (!b->s && b->cap) {
		kfree(b);
		return -ENOMEM;
	}
	f->priv = b;
	return 0;
}

static long procfs_read(struct file *f, struct uio *uio)
{
	struct pbuf *b = f->priv;
	size_t before = uio->resid, n;
	int err;

	if (uio->offset < 0 || (size_t)uio->offset >= b->len)
		return 0;
	n = MIN(uio->resid, b->len - (size_t)uio->offset);
	err = uiomove(b->s + uio->offset, n, uio);
	return before != uio->resid ? (long)(before - uio->resid) : err;
}

static int64_t procfs_seek(struct file *f, int64_t off, int whence)
{
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->offset : -1;

	if (base < 0 || base + off < 0)
		return -EINVAL;
	return base + off;
}

static void procfs_release(struct file *f)
{
	struct pbuf *b = f->priv;

	if (b) {
		kfree(b->s);
		kfree(b);
	}
}

static void procfs_inactive(struct vnode *vn)
{
	kfree(vn->priv);
	vnode_free(vn);
}

static const struct vnode_ops procfs_vops = {
	.lookup = procfs_lookup,
	.readlink = procfs_readlink,
	.readdir = procfs_readdir,
	.open = procfs_open,
	.inactive = procfs_inactive,
};

static const struct file_ops procfs_fops = {
	.read = procfs_read,
	.seek = procfs_seek,
	.release = procfs_release,
};

struct mount *procfs_new(void)
{
	struct mount *m = mount_alloc("proc", "proc", 0, PROC_SUPER_MAGIC);

	if (!m)
		return NULL;
	m->root = pvnode(m, P_ROOT, 0, 0, S_IFDIR | 0555);
	if (!m->root) {
		mount_free(m);
		return NULL;
	}
	m->root->ino = 1;
	return m;
}
