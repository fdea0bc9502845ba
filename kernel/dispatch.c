/*
 * The syscall dispatch table, generated from syscall.tbl, and the serving of one request.
 *
 * Every handler has one C type (wasm checks indirect calls' types at run time). Handlers not
 * linked into this build are weak and null, and answer ENOSYS; tests/kernel checks that every
 * handler syscall.tbl names is linked.
 */
#include "dispatch.h"
#include "host.h"
#include "signal.h"
#include "uapi/wp_channel.h"

#define SYSCALL(nr, name, handler) extern long handler(struct thread *, const sysarg_t *) __attribute__((weak));
#define SYSCALL_ENOSYS(nr, name)
#include "syscall_table.inc"
#undef SYSCALL
#undef SYSCALL_ENOSYS

struct syscall_entry {
	syscall_fn fn;
	const char *name;
};

#define SYSCALL(nr, name, handler) [nr] = { handler, #name },
#define SYSCALL_ENOSYS(nr, name) [nr] = { 0, #name },
static const struct syscall_entry table[] = {
#include "syscall_table.inc"
};
#undef SYSCALL
#undef SYSCALL_ENOSYS

bool syscall_debug;
static uint8_t warned[ARRAY_SIZE(table)];

const char *syscall_name(int nr)
{
	return nr >= 0 && (size_t)nr < ARRAY_SIZE(table) ? table[nr].name : NULL;
}

bool syscall_named_but_missing(int nr)
{
#define SYSCALL(n, name, handler) if (nr == n) return !handler;
#define SYSCALL_ENOSYS(n, name)
#include "syscall_table.inc"
#undef SYSCALL
#undef SYSCALL_ENOSYS
	return false;
}

static long call_handler(struct thread *td)
{
	int nr = td->nr;
	if (nr < 0 || (size_t)nr >= ARRAY_SIZE(table) || !table[nr].fn) {
		if (syscall_debug && (nr < 0 || (size_t)nr >= ARRAY_SIZE(table) || !warned[nr])) {
			const char *n = syscall_name(nr);
			kprintf("syscall %d (%s) not implemented: ENOSYS", nr, n ? n : "unknown");
			if (nr >= 0 && (size_t)nr < ARRAY_SIZE(table))
				warned[nr] = 1;
		}
		return -ENOSYS;
	}
	return table[nr].fn(td, td->args);
}

void syscall_complete(struct thread *td, long r)
{
	td->timed_out = false;
	td->resumed = false;
	r = signal_complete(td, r);
	if (r == -EGONE)
		return;
	if (td->state == TD_HOSTWAIT)
		td->user_since = clock_monotonic_ns(); /* the host's time is not the thread's */
	td->state = TD_USER;
	host_chan_complete(td->p->pid, td->chan, r, WP_CH_DONE);
}

/* CPU time (proc.h) stops while a request waits and starts again when its handler reruns. */
void syscall_run(struct thread *td)
{
	if (td->resumed)
		td->user_since = clock_monotonic_ns();
	td->state = TD_SYSCALL;
	long r = call_handler(td);
	if (r == -EPARKED)
		td->utime_ns += clock_monotonic_ns() - td->user_since;
	if (r == -EPARKED || r == -EGONE)
		return;
	syscall_complete(td, r);
}

int syscall_begin(struct thread *td, uaddr_t chan)
{
	struct {
		int32_t nr;
		int64_t args[6];
	} __attribute__((packed)) req;
	td->chan = chan;
	struct proc *p = td->p;
	if (host_copyin(p->pid, chan + 4, &req, sizeof req) < 0)
		return -EFAULT;
	td->nr = req.nr;
	for (int i = 0; i < 6; i++)
		td->args[i] = (sysarg_t)req.args[i];
	td->progress = 0;
	td->resumed = false;
	td->timed_out = false;
	syscall_run(td);
	return 0;
}
