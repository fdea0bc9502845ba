/*
 * The fuzzer's host: the process-life imports of kernel/host.h, recorded as the real host's
 * main thread would hear them, and the guest threads it runs (host.c). The harness
 * (fuzz_kernel.c) decides when each recorded event gets its answer.
 */
#ifndef TESTS_FUZZ_HOST_H
#define TESTS_FUZZ_HOST_H

#include "kernel.h"

#define FZ_MEM_SIZE  (128u * 1024) /* a new guest memory */
#define FZ_MEM_MAX   (512u * 1024) /* what host_mem_grow lets it reach */
#define FZ_CHAN      0x100u        /* every guest thread's channel */
#define FZ_MAX_GUESTS 96           /* processes one input may create */
#define FZ_MAX_EVENTS 512 /* each guest owes at most a creation, an exec and a slot */

/* A guest process as the host sees it: one thread (tid == pid), a memory, a worker. */
struct guest {
	int pid;
	int slot;
	bool mem;        /* its memory exists */
	bool running;    /* its worker runs guest code (not in a request, not gone) */
	bool in_kernel;  /* a request is pending on its channel */
	bool gone;       /* its worker was ended (exit, kill, exec of another thread) */
	bool needs_init; /* a new program started: its _start calls wp_init first */
	int32_t result;  /* the last completed request's result */
};

enum event_kind { EV_FORK, EV_SPAWN, EV_EXEC, EV_SLOT, EV_RESOLVE, EV_CLONE };

/* Something the host owes the kernel an answer for. */
struct event {
	enum event_kind kind;
	int pid;        /* the child (fork, spawn), the process (exec, resolve), the cloning thread */
	int tid, slot;  /* EV_SLOT: the worker to release */
	bool started;   /* fork, spawn: the child's worker runs before the answer */
};

extern struct guest guests[FZ_MAX_GUESTS];
extern int nguests;
extern struct event events[FZ_MAX_EVENTS];
extern int nevents;

struct guest *guest_of(int pid);
/* A guest record for a process the kernel has just created (NULL when the table is full). */
struct guest *guest_add(int pid, int slot);
void guest_mem_new(struct guest *g);
void guest_mem_free(struct guest *g);
void event_remove(int i);
void fuzzhost_reset(void);

#endif
