/*
 * _Fork for wasm32: musl's duties around the clone (signals blocked, the abort lock held,
 * aio told), with the clone itself done by the host through __wp_fork.
 */
#include <unistd.h>
#include <signal.h>
#include "syscall.h"
#include "libc.h"
#include "lock.h"
#include "pthread_impl.h"
#include "aio_impl.h"

hidden long __wp_fork(void);

static void no_aio(int when)
{
	(void)when;
}
weak_alias(no_aio, __aio_atfork);

/*
 * The child is one thread: its own tid, no robust list, no other threads to lock against.
 * Its exit futex is the thread-list lock again, as __init_tp sets it for a new process: a
 * fork child has none (as on Linux), and without it a pthread_exit from the child's main
 * thread would leave that lock held, and the child's last thread would wait for it forever.
 */
static void child_reset(void)
{
	pthread_t self = __pthread_self();
	self->tid = __syscall(SYS_set_tid_address, &__thread_list_lock);
	self->robust_list.off = 0;
	self->robust_list.pending = 0;
	self->next = self->prev = self;
	__thread_list_lock = 0;
	libc.threads_minus_1 = 0;
	if (libc.need_locks)
		libc.need_locks = -1;
}

pid_t _Fork(void)
{
	sigset_t mask;
	__block_all_sigs(&mask);
	__aio_atfork(-1);
	LOCK(__abort_lock);
	long pid = __wp_fork();
	if (pid == 0)
		child_reset();
	UNLOCK(__abort_lock);
	__aio_atfork(pid == 0);
	__restore_sigs(&mask);
	return __syscall_ret(pid);
}
