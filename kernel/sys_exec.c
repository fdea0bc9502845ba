/*
 * execve and execveat. The kernel resolves the program (exec.c) and asks the host to start it
 * in place of the caller; on the host's kernel_exec_done the exec commits: other threads end,
 * close-on-exec fds close, handled signals reset, the memory map is forgotten, and the old
 * instance unwinds. A failure before the commit returns to the old program with the errno.
 */
#include "ptimer.h"
#include "membudget.h"
#include "kernel_api.h"
#include "dispatch.h"
#include "exec.h"
#include "fd.h"
#include "file.h"
#include "vfs.h"
#include "mem.h"
#include "host.h"
#include "signal.h"
#include "uapi/wp_channel.h"

#define AT_EMPTY_PATH_ 0x1000
#define AT_SYMLINK_NOFOLLOW_ 0x100

struct pending_exec {
	struct image img;
	struct strblock envp;
	int tid;
};

/* Copies a NULL-terminated guest array of strings into b (E2BIG past ARG_MAX). */
static int copy_strings(struct thread *td, uaddr_t list, struct strblock *b)
{
	if (!list)
		return 0;
	char *s = kmalloc(ARG_MAX_BYTES);
	if (!s)
		return -ENOMEM;
	int r = 0;
	for (uaddr_t at = list;; at += 4) {
		uint32_t ptr;
		r = copyin(td, at, &ptr, 4);
		if (r || !ptr)
			break;
		long n = copyinstr(td, ptr, s, ARG_MAX_BYTES);
		if (n < 0) {
			r = n == -ENAMETOOLONG ? -E2BIG : (int)n;
			break;
		}
		r = strblock_add(b, s, (size_t)n);
		if (r)
			break;
	}
	kfree(s);
	return r;
}

static long do_execve(struct thread *td, struct vnode *start, const char *path, uaddr_t argvp,
		      uaddr_t envpp)
{
	struct proc *p = td->p;
	if (p->exec)
		return -EAGAIN;
	struct pending_exec *pe = kzalloc(sizeof *pe);
	if (!pe)
		return -ENOMEM;
	struct strblock argv = { 0 };
	int r = copy_strings(td, argvp, &argv);
	if (!r)
		r = copy_strings(td, envpp, &pe->envp);
	if (!r && argv.len + pe->envp.len > ARG_MAX_BYTES)
		r = -E2BIG;
	if (!r)
		r = image_load(p, start, path, &argv, &pe->img);
	if (!r)
		r = membudget_proc_image(p, pe->img.bytes, pe->img.len);
	strblock_free(&argv);
	if (r < 0) {
		strblock_free(&pe->envp);
		kfree(pe);
		return r;
	}
	struct host_prog_req req;
	image_host_req(td, &pe->img, pe->envp.data, pe->envp.len, &req);
	mem_sync_all(p);
	pe->tid = td->tid;
	p->exec = pe;
	td->state = TD_HOSTWAIT;
	host_exec(p->pid, &req);
	/* the bytes went to the host; only the identity and argv are kept */
	kfree(pe->img.bytes);
	pe->img.bytes = NULL;
	return -EPARKED;
}

long sys_execve(struct thread *td, const sysarg_t *arg)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long r = copyinstr(td, arg[0], path, PATH_MAX);
	if (r >= 0)
		r = do_execve(td, td->p->cwd, path, arg[1], arg[2]);
	kfree(path);
	return r;
}

long sys_execveat(struct thread *td, const sysarg_t *arg)
{
	int dirfd = (int)arg[0];
	uint32_t flags = arg[4];
	if (flags & ~(uint32_t)(AT_EMPTY_PATH_ | AT_SYMLINK_NOFOLLOW_))
		return -EINVAL;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long r = copyinstr(td, arg[1], path, PATH_MAX);
	struct vnode *start = NULL;
	if (r >= 0 && !*path && !(flags & AT_EMPTY_PATH_))
		r = -ENOENT;
	if (r >= 0 && !*path) /* fexecve: the file dirfd refers to, as Linux names it */
		snprintf(path, PATH_MAX, "/proc/self/fd/%d", dirfd);
	if (r >= 0)
		r = vfs_at(td->p, dirfd, path, &start);
	if (r >= 0)
		r = do_execve(td, start, path, arg[2], arg[3]);
	if (start)
		vnode_drop(start);
	kfree(path);
	return r;
}

/* Ends every thread of p but keep (exec makes the process single-threaded). */
static void exec_single_thread(struct proc *p, struct thread *keep)
{
	for (struct thread *t = p->threads, *next; t; t = next) {
		next = t->next_in_proc;
		if (t != keep)
			thread_end(t);
	}
}

void exec_cancel(struct proc *p)
{
	struct pending_exec *pe = p->exec;
	if (!pe)
		return;
	p->exec = NULL;
	image_free(&pe->img);
	strblock_free(&pe->envp);
	kfree(pe);
}

void kernel_exec_done(int pid, int result)
{
	struct proc *p = proc_find(pid);
	if (!p || !p->exec)
		return;
	struct pending_exec *pe = p->exec;
	p->exec = NULL;
	struct thread *td = thread_find(pe->tid);
	if (!td || td->p != p || td->state != TD_HOSTWAIT) {
		image_free(&pe->img);
		strblock_free(&pe->envp);
		kfree(pe);
		return;
	}
	if (result < 0) {
		image_free(&pe->img);
		strblock_free(&pe->envp);
		kfree(pe);
		membudget_proc_resync(p); /* the old memory stays */
		syscall_complete(td, result);
		return;
	}
	exec_single_thread(p, td);
	thread_become_leader(td);
	fdtable_close_on_exec(p, p->fdt);
	signal_exec_reset(p);
	ptimer_release(p, true);
	mem_forget(p);
	proc_set_program(p, &pe->img, &pe->envp);
	td->altstack_sp = td->altstack_size = 0;
	td->altstack_flags = 0;
	td->clear_child_tid = 0;
	td->robust_list = 0;
	image_free(&pe->img);
	strblock_free(&pe->envp);
	kfree(pe);
	td->state = TD_USER;
	td->user_since = clock_monotonic_ns(); /* CPU time: the host's preparing is not ours */
	host_chan_complete(p->pid, td->chan, 0, WP_CH_EXEC);
}
