/*
 * Boot and the kernel's one loop: take ready requests, run woken threads, run expired timers,
 * then sleep on the doorbell until the nearest deadline. Everything that reaches the kernel
 * comes through the control block and the doorbell (host.h).
 */
#include "kernel_api.h"
#include "dispatch.h"
#include "host.h"
#include "sched.h"
#include "boot.h"
#include "exec.h"
#include "uapi/wp_channel.h"
#include "uapi/time.h"

static struct wp_control control __attribute__((aligned(64)));

uint32_t kernel_control(void)
{
	return (uint32_t)(uintptr_t)&control;
}

uint32_t kernel_alloc(uint32_t len)
{
	return (uint32_t)(uintptr_t)kmalloc(len);
}

void kernel_free(uint32_t ptr)
{
	kfree((void *)(uintptr_t)ptr);
}

int64_t clock_monotonic_ns(void)
{
	return (int64_t)host_clock(CLOCK_MONOTONIC);
}

/* CLOCK_REALTIME's distance from the host's (clock_settime) */
static int64_t realtime_offset;

int64_t clock_realtime_ns(void)
{
	return (int64_t)host_clock(CLOCK_REALTIME) + realtime_offset;
}

void clock_realtime_set(int64_t ns)
{
	realtime_offset = ns - (int64_t)host_clock(CLOCK_REALTIME);
}

int kernel_boot(uint32_t image, uint32_t len, uint32_t flags)
{
	realtime_offset = 0;
	syscall_debug = flags & KBOOT_DEBUG;
	spawn_host_resolves = flags & KBOOT_HOST_RESOLVES_SPAWN;
	int ncpus = (int)(flags >> KBOOT_NCPUS_SHIFT);
	proc_ncpus = ncpus < 1 ? 1 : ncpus > PROC_CPUS_MAX ? PROC_CPUS_MAX : ncpus;
	int r = fs_boot((const void *)(uintptr_t)image, len);
	if (r < 0)
		return r;
	proc_boot();
	return 0;
}

void control_clear_ready(int slot)
{
	__atomic_fetch_and(&control.ready[slot / 32], ~(1u << (slot % 32)), __ATOMIC_SEQ_CST);
}

/* Receives the main thread's messages, if it left any (host_wait drains them, no sleep). */
static void drain_mail(void)
{
	if (__atomic_load_n(&control.mail, __ATOMIC_SEQ_CST))
		host_wait(__atomic_load_n(&control.doorbell, __ATOMIC_SEQ_CST) - 1, 0);
}

/*
 * Serves every slot whose ready bit is set: true if there were any. The mail is drained again
 * once bits are seen: a new thread's worker rings only after the main thread posted the
 * memory it runs on ("attach"), and the kernel must have that memory to read its channel.
 */
static bool take_ready(void)
{
	bool any = false;
	for (int w = 0; w < WP_MAX_SLOTS / 32; w++) {
		if (!__atomic_load_n(&control.ready[w], __ATOMIC_RELAXED))
			continue;
		uint32_t bits = __atomic_exchange_n(&control.ready[w], 0, __ATOMIC_SEQ_CST);
		if (bits)
			drain_mail();
		while (bits) {
			int slot = w * 32 + __builtin_ctz(bits);
			bits &= bits - 1;
			struct thread *td = thread_by_slot(slot);
			uint32_t chan = __atomic_load_n(&control.chan[slot], __ATOMIC_SEQ_CST);
			if (!td)
				continue; /* an ended thread's worker rang on its way out */
			if (td->state != TD_USER) {
				kprintf("ring on slot %d whose thread %d is already in a request (state %d)",
					slot, td->tid, td->state);
				continue;
			}
			if (syscall_begin(td, chan) < 0)
				kprintf("slot %d: channel at 0x%x unreadable", slot, (unsigned)chan);
			any = true;
		}
	}
	return any;
}

/* Runs the handlers of woken threads: true if there were any. */
static bool run_woken(void)
{
	bool any = false;
	struct thread *td;
	while ((td = sched_take_runnable())) {
		td->resumed = true;
		syscall_run(td);
		any = true;
	}
	return any;
}

/* How long to spin on the doorbell before sleeping: a syscall answered by a spinning kernel
 * costs about a microsecond, one that must wake it costs tens. */
#define SPIN_NS 50000

void kernel_run(void)
{
	for (;;) {
		if (__atomic_load_n(&control.shutdown, __ATOMIC_SEQ_CST))
			return;
		int32_t bell = __atomic_load_n(&control.doorbell, __ATOMIC_SEQ_CST);
		bool busy = false;
		if (__atomic_load_n(&control.mail, __ATOMIC_SEQ_CST)) {
			drain_mail();
			busy = true;
		}
		busy |= take_ready();
		busy |= run_woken();
		if (sched_next_deadline() >= 0)
			busy |= sched_run_timers(clock_monotonic_ns());
		if (busy)
			continue;

		/* idle: spin a little, then sleep until the bell rings or a deadline comes */
		int64_t now = clock_monotonic_ns();
		int64_t spin_end = now + SPIN_NS;
		bool rang = false;
		for (int i = 0; !rang; i++) {
			rang = __atomic_load_n(&control.doorbell, __ATOMIC_SEQ_CST) != bell ||
			       __atomic_load_n(&control.mail, __ATOMIC_SEQ_CST);
			if ((i & 255) == 255 && clock_monotonic_ns() > spin_end)
				break;
		}
		if (rang)
			continue;
		int64_t deadline = sched_next_deadline();
		if (deadline >= 0 && deadline <= clock_monotonic_ns())
			continue;
		__atomic_store_n(&control.kernel_sleeping, 1, __ATOMIC_SEQ_CST);
		int64_t timeout = deadline < 0 ? -1 : deadline - clock_monotonic_ns();
		if (timeout != 0)
			host_wait(bell, timeout);
		__atomic_store_n(&control.kernel_sleeping, 0, __ATOMIC_SEQ_CST);
	}
}
