/*
 * The fuzzer's host: kernel/host.h's process-life imports (in place of
 * tests/kernel/fakehost_proc.c), and the guest threads they start and end. Each import only
 * records what the real host's main thread would be told; the answers (kernel_fork_done,
 * kernel_spawn_done, kernel_exec_done, kernel_slot_release) come later, from the harness,
 * between requests, as the real host's mail does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "../../kernel/host.h"
#include "exec.h"
#include "uapi/wp_channel.h"
#include "uapi/wp_host.h"

void fakehost_mem_new(int mem, size_t size);
void fakehost_mem_free(int mem);
void *fakehost_mem_ptr(int mem, uaddr_t a);
extern void (*fakehost_complete_hook)(int mem, uaddr_t chan, int32_t result, int32_t status);


struct guest guests[FZ_MAX_GUESTS];
int nguests;
struct event events[FZ_MAX_EVENTS];
int nevents;

struct guest *guest_of(int pid)
{
	for (int i = 0; i < nguests; i++)
		if (guests[i].pid == pid)
			return &guests[i];
	return NULL;
}

struct guest *guest_add(int pid, int slot)
{
	if (nguests == FZ_MAX_GUESTS || guest_of(pid))
		abort(); /* the harness keeps below the limit; a pid handed out twice is a bug */
	struct guest *g = &guests[nguests++];
	*g = (struct guest){ .pid = pid, .slot = slot };
	return g;
}

void guest_mem_new(struct guest *g)
{
	if (!g->mem)
		fakehost_mem_new(g->pid, FZ_MEM_SIZE);
	g->mem = true;
}

void guest_mem_free(struct guest *g)
{
	if (g->mem)
		fakehost_mem_free(g->pid);
	g->mem = false;
}

static void event_add(struct event ev)
{
	if (nevents == FZ_MAX_EVENTS)
		abort(); /* the harness keeps below the limit */
	events[nevents++] = ev;
}

void event_remove(int i)
{
	memmove(&events[i], &events[i + 1], sizeof(events[0]) * (size_t)(nevents - i - 1));
	nevents--;
}

static void worker_gone(struct guest *g)
{
	g->running = false;
	g->in_kernel = false;
	g->gone = true;
	event_add((struct event){ .kind = EV_SLOT, .pid = g->pid, .tid = g->pid, .slot = g->slot });
}

static void complete(int mem, uaddr_t chan, int32_t result, int32_t status)
{
	struct guest *g = guest_of(mem);
	if (!g || chan != FZ_CHAN || !g->in_kernel) {
		fprintf(stderr, "fuzz: pid %d's request at %#x completes (status %d) but it made none\n",
			mem, chan, status);
		abort();
	}
	g->result = result;
	switch (status) {
	case WP_CH_DONE:
		g->in_kernel = false;
		g->running = true;
		break;
	case WP_CH_EXEC:
		g->in_kernel = false;
		g->running = true;
		g->needs_init = true;
		break;
	case WP_CH_UNWIND:
		worker_gone(g);
		break;
	default:
		abort();
	}
}

void fuzzhost_reset(void)
{
	for (int i = 0; i < nguests; i++)
		guest_mem_free(&guests[i]);
	nguests = 0;
	nevents = 0;
	fakehost_complete_hook = complete;
}

void host_proc_exit(int pid, int32_t wstatus)
{
	struct guest *g = guest_of(pid);
	if (g)
		guest_mem_free(g); /* the host drops the process's Memory */
}

/*
 * Clones: the fuzz host starts no threads, so it answers every clone with a failure; until
 * then the kernel's thread record exists and may be ended (its slot is then released).
 */
void host_clone(const void *req)
{
	const struct host_clone_req *rq = req;
	event_add((struct event){ .kind = EV_CLONE, .pid = rq->parent_tid, .tid = rq->tid, .slot = rq->slot });
}

void host_thread_exit(const void *req)
{
	(void)req;
	fprintf(stderr, "fuzz: a thread the host never started exited\n");
	abort();
}

void host_thread_terminate(int pid, int tid, int slot)
{
	for (int i = 0; i < nevents; i++) {
		if (events[i].kind == EV_CLONE && events[i].tid == tid) {
			event_add((struct event){ .kind = EV_SLOT, .tid = tid, .slot = slot });
			return;
		}
	}
	struct guest *g = guest_of(pid);
	if (!g || tid != pid || slot != g->slot || g->gone) {
		fprintf(stderr, "fuzz: the kernel ends worker %d/%d in slot %d, which the host %s\n", pid,
			tid, slot, !g ? "never started" : g->gone ? "was told had ended" : "runs elsewhere");
		abort();
	}
	worker_gone(g);
}

/* The child of a fork or spawn: a record, a memory, and the event the host owes an answer. */
static void child_made(enum event_kind kind, int pid, int slot, int parent)
{
	struct guest *g = guest_add(pid, slot);
	guest_mem_new(g);
	if (parent) { /* onFork copies the parent's memory at its current size */
		size_t size = (size_t)host_mem_pages(parent) * 65536;
		fakehost_mem_free(pid);
		fakehost_mem_new(pid, size);
		if (size)
			memcpy(fakehost_mem_ptr(pid, 0), fakehost_mem_ptr(parent, 0), size);
	}
	g->needs_init = kind == EV_SPAWN;
	event_add((struct event){ .kind = kind, .pid = pid, .tid = pid, .slot = slot });
}

void host_fork(const void *req)
{
	const struct host_fork_req *rq = req;
	if (rq->child_tid != rq->child_pid || rq->chan != FZ_CHAN)
		abort();
	child_made(EV_FORK, rq->child_pid, rq->child_slot, rq->parent_pid);
}

void host_spawn(int child_pid, const void *req)
{
	const struct host_prog_req *rq = req;
	if (rq->tid != child_pid)
		abort();
	child_made(EV_SPAWN, child_pid, rq->slot, 0);
}

void host_exec(int pid, const void *req)
{
	event_add((struct event){ .kind = EV_EXEC, .pid = pid, .tid = pid });
}

void host_resolve_spawn(int tid, const char *path, const char *argv, size_t argv_len)
{
	event_add((struct event){ .kind = EV_RESOLVE, .pid = tid, .tid = tid });
}
