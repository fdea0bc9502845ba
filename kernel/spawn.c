/*
 * Starting programs without fork: the host's own spawns (the embedding API and the CLI) and,
 * with issue #4, posix_spawn's wp_spawn. The kernel builds the process; the host's onSpawn
 * starts its worker and answers with kernel_spawn_done, which commits or rolls back.
 */
#include "kernel_api.h"
#include "exec.h"
#include "fd.h"
#include "file.h"
#include "vfs.h"
#include "host.h"
#include "signal.h"
#include "stream.h"

/* A NUL-separated block from kernel memory (the host wrote it). */
static int strblock_from(struct strblock *b, const char *data, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = strnlen(data + i, len - i);
		int r = strblock_add(b, data + i, n);
		if (r < 0)
			return r;
		i += n + 1;
	}
	return 0;
}

/* fd 0-2 of a host-started process: its host streams, or /dev/null. */
static int install_stdio(struct proc *p, const int32_t stdio[3])
{
	for (int fd = 0; fd < 3; fd++) {
		struct file *f;
		int r;
		if (stdio[fd] >= 0)
			r = stream_open(stdio[fd], fd == 0 ? O_RDONLY : O_WRONLY, &f);
		else
			r = vfs_open(p, NULL, "/dev/null", O_RDWR, 0, &f);
		if (r < 0)
			return r;
		r = fd_alloc(p, fd, f, false);
		if (r < 0) {
			file_drop(f);
			return r;
		}
	}
	return 0;
}

static int host_spawn_setup(struct proc *p, const struct kernel_spawn_req *rq,
			    struct image *img)
{
	struct proc *init = proc_init();
	int r = sigacts_init(p, NULL);
	if (r < 0)
		return r;
	p->fdt = fdtable_new();
	if (!p->fdt)
		return -ENOMEM;
	p->root = vnode_hold(init->root);
	p->cwd = vnode_hold(init->root);
	p->cred = (struct cred){ rq->uid, rq->uid, rq->uid, rq->gid, rq->gid, rq->gid, 0, { 0 } };
	p->pgid = p->sid = p->pid;
	if (rq->cwd) {
		struct vnode *cwd;
		r = vfs_lookup(p, NULL, (const char *)(uintptr_t)rq->cwd,
			       LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &cwd);
		if (r < 0)
			return r;
		vnode_drop(p->cwd);
		p->cwd = cwd;
	}
	r = install_stdio(p, rq->stdio);
	if (r < 0)
		return r;
	struct strblock argv = { 0 }, envp = { 0 };
	r = strblock_from(&argv, (const char *)(uintptr_t)rq->argv, rq->argv_len);
	if (!r)
		r = strblock_from(&envp, (const char *)(uintptr_t)rq->envp, rq->envp_len);
	if (!r)
		r = image_load(p, p->cwd, (const char *)(uintptr_t)rq->path, &argv, img);
	if (!r)
		r = proc_set_program(p, img, &envp);
	strblock_free(&argv);
	strblock_free(&envp);
	return r;
}

int kernel_host_spawn(uint32_t reqp)
{
	const struct kernel_spawn_req *rq = (const void *)(uintptr_t)reqp;
	struct proc *p = proc_alloc(proc_init());
	if (!p)
		return -EAGAIN;
	struct image img = { 0 };
	int r = host_spawn_setup(p, rq, &img);
	struct thread *td = r ? NULL : thread_alloc(p, p->pid);
	if (!r && !td)
		r = -EAGAIN;
	if (r < 0) {
		image_free(&img);
		proc_discard(p);
		return r;
	}
	struct host_prog_req req;
	image_host_req(p, td, &img, &req);
	host_spawn(p->pid, &req);
	image_free(&img);
	return p->pid;
}

void kernel_spawn_done(int pid, int result)
{
	struct proc *p = proc_find(pid);
	if (!p || p->state != PROC_EMBRYO)
		return;
	if (result < 0) {
		proc_discard(p);
		host_proc_exit(pid, 127 << 8);
		return;
	}
	p->state = PROC_ALIVE;
}
