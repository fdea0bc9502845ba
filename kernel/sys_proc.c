/*
 * Process identity and system information: getpid and friends, credentials, groups, uname,
 * sysinfo, getrandom, resource limits and usage, exit.
 */
#include "fpage.h"
#include "membudget.h"
#include "proc.h"
#include "host.h"
#include "sched.h"
#include "signal.h"
#include "uapi/wp_channel.h"

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

long sys_getpid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->pid;
}

long sys_getppid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->parent ? td->p->parent->pid : 0;
}

long sys_gettid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->tid;
}

long sys_getuid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->cred.uid;
}

long sys_geteuid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->cred.euid;
}

long sys_getgid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->cred.gid;
}

long sys_getegid(struct thread *td, const sysarg_t *arg)
{
	(void)arg;
	return td->p->cred.egid;
}

/* -1 as a 32-bit argument: "leave unchanged" in the set*id calls. */
#define ID_KEEP 0xffffffffu

/* setresuid/setresgid's rule: unprivileged callers may only pick among their current ids. */
static bool id_allowed(const uint32_t ids[3], uint32_t v)
{
	return v == ID_KEEP || v == ids[0] || v == ids[1] || v == ids[2];
}

static long set_res(struct thread *td, uint32_t *ids, uint32_t r, uint32_t e, uint32_t s)
{
	if (td->p->cred.euid != 0 &&
	    !(id_allowed(ids, r) && id_allowed(ids, e) && id_allowed(ids, s)))
		return -EPERM;
	if (r != ID_KEEP)
		ids[0] = r;
	if (e != ID_KEEP)
		ids[1] = e;
	if (s != ID_KEEP)
		ids[2] = s;
	return 0;
}

long sys_setresuid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	uint32_t ids[3] = { c->uid, c->euid, c->suid };
	long r = set_res(td, ids, arg[0], arg[1], arg[2]);
	if (!r)
		c->uid = ids[0], c->euid = ids[1], c->suid = ids[2];
	return r;
}

long sys_setresgid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	uint32_t ids[3] = { c->gid, c->egid, c->sgid };
	long r = set_res(td, ids, arg[0], arg[1], arg[2]);
	if (!r)
		c->gid = ids[0], c->egid = ids[1], c->sgid = ids[2];
	return r;
}

static long get_res(struct thread *td, const sysarg_t *arg, uint32_t a, uint32_t b, uint32_t c)
{
	int r = copyout(td, &a, arg[0], 4);
	if (!r)
		r = copyout(td, &b, arg[1], 4);
	if (!r)
		r = copyout(td, &c, arg[2], 4);
	return r;
}

long sys_getresuid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	return get_res(td, arg, c->uid, c->euid, c->suid);
}

long sys_getresgid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	return get_res(td, arg, c->gid, c->egid, c->sgid);
}

/* setuid: root sets all three; others only the effective id, to the real or saved one. */
long sys_setuid(struct thread *td, const sysarg_t *arg)
{
	uint32_t id = arg[0];
	struct cred *c = &td->p->cred;
	if (c->euid == 0) {
		c->uid = c->euid = c->suid = id;
		return 0;
	}
	if (id != c->uid && id != c->suid)
		return -EPERM;
	c->euid = id;
	return 0;
}

long sys_setgid(struct thread *td, const sysarg_t *arg)
{
	uint32_t id = arg[0];
	struct cred *c = &td->p->cred;
	if (c->euid == 0) {
		c->gid = c->egid = c->sgid = id;
		return 0;
	}
	if (id != c->gid && id != c->sgid)
		return -EPERM;
	c->egid = id;
	return 0;
}

/* setreuid: as Linux, the saved id follows the new effective id when the real id is set or
 * the effective id changes to something other than the old real id. */
static long set_re(struct thread *td, uint32_t *real, uint32_t *eff, uint32_t *saved,
		   uint32_t r, uint32_t e)
{
	bool priv = td->p->cred.euid == 0;
	if (!priv && r != ID_KEEP && r != *real && r != *eff)
		return -EPERM;
	if (!priv && e != ID_KEEP && e != *real && e != *eff && e != *saved)
		return -EPERM;
	uint32_t old_real = *real;
	if (r != ID_KEEP)
		*real = r;
	if (e != ID_KEEP)
		*eff = e;
	if (r != ID_KEEP || (e != ID_KEEP && e != old_real))
		*saved = *eff;
	return 0;
}

long sys_setreuid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	return set_re(td, &c->uid, &c->euid, &c->suid, arg[0], arg[1]);
}

long sys_setregid(struct thread *td, const sysarg_t *arg)
{
	struct cred *c = &td->p->cred;
	return set_re(td, &c->gid, &c->egid, &c->sgid, arg[0], arg[1]);
}

long sys_getgroups(struct thread *td, const sysarg_t *arg)
{
	int size = (int)arg[0];
	uaddr_t list = arg[1];
	struct cred *c = &td->p->cred;
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((uint32_t)size < c->ngroups)
		return -EINVAL;
	int r = copyout(td, c->groups, list, c->ngroups * 4);
	return r ? r : (long)c->ngroups;
}

long sys_setgroups(struct thread *td, const sysarg_t *arg)
{
	uint32_t size = arg[0];
	uaddr_t list = arg[1];
	struct cred *c = &td->p->cred;
	if (c->euid != 0)
		return -EPERM;
	if (size > NGROUPS_MAX)
		return -EINVAL;
	if (size > PROC_GROUPS)
		return -ENOMEM;
	uint32_t g[PROC_GROUPS];
	int r = copyin(td, list, g, size * 4);
	if (r)
		return r;
	memcpy(c->groups, g, size * 4);
	c->ngroups = size;
	return 0;
}

static char hostname[65] = "wasm-posix";

long sys_uname(struct thread *td, const sysarg_t *arg)
{
	char u[6][65];
	memset(u, 0, sizeof u);
	memcpy(u[0], "Linux", 5);
	memcpy(u[1], hostname, strlen(hostname));
	memcpy(u[2], "6.1.0-wasm-posix", 16);
	memcpy(u[3], "#1 SMP wasm-posix", 17);
	memcpy(u[4], "wasm32", 6);
	memcpy(u[5], "(none)", 6);
	return copyout(td, u, arg[0], sizeof u);
}

long sys_sethostname(struct thread *td, const sysarg_t *arg)
{
	uaddr_t name = arg[0];
	uint32_t len = arg[1];
	if (td->p->cred.euid != 0)
		return -EPERM;
	if (len > 64)
		return -EINVAL;
	char buf[65];
	int r = copyin(td, name, buf, len);
	if (r)
		return r;
	buf[len] = 0;
	memcpy(hostname, buf, len + 1);
	return 0;
}

long sys_getrandom(struct thread *td, const sysarg_t *arg)
{
	uaddr_t buf = arg[0];
	uint32_t len = arg[1];
	uint32_t flags = arg[2];
	if (flags & ~7u)
		return -EINVAL;
	char chunk[256];
	uint32_t done = 0;
	while (done < len) {
		uint32_t n = MIN(len - done, (uint32_t)sizeof chunk);
		host_random(chunk, n);
		int r = copyout(td, chunk, buf + done, n);
		if (r)
			return done ? (long)done : r;
		done += n;
	}
	return done;
}

/* sysinfo's layout on ILP32 */
struct wp_sysinfo {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh, mem_unit;
	char reserved[8];
};

static int64_t boot_ns;

long sys_sysinfo(struct thread *td, const sysarg_t *arg)
{
	struct wp_sysinfo si;
	memset(&si, 0, sizeof si);
	if (!boot_ns)
		boot_ns = proc_init()->start_ns;
	si.uptime = (int32_t)((clock_monotonic_ns() - boot_ns) / 1000000000);
	int n = 0;
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid))
		n++;
	si.procs = (uint16_t)n;
	/* the memory budget (membudget.h), in mem_unit = 4096; file data is shared (tmpfs) */
	si.totalram = (uint32_t)(membudget_total() / 4096);
	si.freeram = (uint32_t)((membudget_total() - membudget_used()) / 4096);
	si.sharedram = (uint32_t)(fpage_bytes() / 4096);
	si.mem_unit = 4096;
	return copyout(td, &si, arg[0], sizeof si);
}

static long rlimit_set(struct proc *p, unsigned res, const struct rlimit64 *nl, bool priv)
{
	if (res >= RLIMIT_COUNT)
		return -EINVAL;
	if (nl->cur > nl->max)
		return -EINVAL;
	if (nl->max > p->rlim[res].max && !priv)
		return -EPERM;
	p->rlim[res] = *nl;
	return 0;
}

long sys_prlimit64(struct thread *td, const sysarg_t *arg)
{
	int pid = (int)arg[0];
	unsigned res = arg[1];
	uaddr_t newp = arg[2], oldp = arg[3];
	struct proc *p = pid ? proc_find(pid) : td->p;
	if (!p || p->state == PROC_ZOMBIE)
		return -ESRCH;
	if (res >= RLIMIT_COUNT)
		return -EINVAL;
	/* another process's limits: only root, or a caller whose ids all match the target's */
	const struct cred *c = &td->p->cred, *t = &p->cred;
	if (p != td->p && c->euid != 0 &&
	    !(c->uid == t->uid && c->uid == t->euid && c->uid == t->suid &&
	      c->gid == t->gid && c->gid == t->egid && c->gid == t->sgid))
		return -EPERM;
	struct rlimit64 nl, ol = p->rlim[res];
	if (newp) {
		int r = copyin(td, newp, &nl, sizeof nl);
		if (r)
			return r;
		r = (int)rlimit_set(p, res, &nl, td->p->cred.euid == 0);
		if (r)
			return r;
	}
	return oldp ? copyout(td, &ol, oldp, sizeof ol) : 0;
}

/* getrlimit/setrlimit take struct rlimit with 32-bit fields on ILP32; ~0 is infinity. */
long sys_getrlimit(struct thread *td, const sysarg_t *arg)
{
	unsigned res = arg[0];
	if (res >= RLIMIT_COUNT)
		return -EINVAL;
	struct rlimit64 *l = &td->p->rlim[res];
	uint32_t v[2] = { l->cur > 0xffffffffu ? 0xffffffffu : (uint32_t)l->cur,
			  l->max > 0xffffffffu ? 0xffffffffu : (uint32_t)l->max };
	return copyout(td, v, arg[1], sizeof v);
}

long sys_setrlimit(struct thread *td, const sysarg_t *arg)
{
	uint32_t v[2];
	int r = copyin(td, arg[1], v, sizeof v);
	if (r)
		return r;
	struct rlimit64 nl = { v[0] == 0xffffffffu ? RLIM64_INFINITY : v[0],
			       v[1] == 0xffffffffu ? RLIM64_INFINITY : v[1] };
	return rlimit_set(td->p, arg[0], &nl, td->p->cred.euid == 0);
}

#define NS_PER_TICK 10000000 /* clock_t counts USER_HZ = 100 ticks a second */

/* struct rusage on ILP32 with 64-bit time: two timevals of 16 bytes, then 14 longs. The CPU
 * time is guest code's (proc.h); the kernel's share is not told apart, so ru_stime is 0. */
long sys_getrusage(struct thread *td, const sysarg_t *arg)
{
	int who = (int)arg[0];
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	uint8_t ru[32 + 14 * 4];
	memset(ru, 0, sizeof ru);
	int64_t ns = who == RUSAGE_CHILDREN ? td->p->cutime_ns
		     : who == RUSAGE_THREAD ? thread_cpu_time(td) : proc_cpu_ns(td->p);
	int64_t tv[2] = { ns / 1000000000, ns % 1000000000 / 1000 };
	memcpy(ru, tv, sizeof tv);
	return copyout(td, ru, arg[1], sizeof ru);
}

/* times: the caller's and its waited-for children's CPU time in ticks (32-bit clock_t), and
 * the ticks since boot. */
long sys_times(struct thread *td, const sysarg_t *arg)
{
	uaddr_t buf = arg[0];
	int64_t ticks = (clock_monotonic_ns() - proc_boot_ns) / NS_PER_TICK;
	if (buf) {
		int32_t t[4] = { (int32_t)(proc_cpu_ns(td->p) / NS_PER_TICK), 0,
				 (int32_t)(td->p->cutime_ns / NS_PER_TICK), 0 };
		int r = copyout(td, t, buf, sizeof t);
		if (r)
			return r;
	}
	return (long)ticks;
}

long sys_sched_yield(struct thread *td, const sysarg_t *arg)
{
	(void)td;
	(void)arg;
	return 0;
}

long sys_exit_group(struct thread *td, const sysarg_t *arg)
{
	int code = (int)arg[0];
	proc_exit(td->p, td, (code & 0xff) << 8);
	return -EGONE;
}


/*
 * wp_trap(sig, handled): the guest trapped with the signal the host chose (SIGSEGV, SIGILL,
 * SIGFPE); its handler for sig may run first (signal_trap), then it dies by sig.
 */
long sys_wp_trap(struct thread *td, const sysarg_t *arg)
{
	int sig = (int)arg[0];
	if (sig != SIGSEGV && sig != SIGILL && sig != SIGFPE && sig != SIGBUS)
		sig = SIGSEGV;
	return signal_trap(td, sig, arg[1] != 0);
}
