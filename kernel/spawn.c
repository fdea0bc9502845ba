/*
 * Starting programs without fork: the host's own spawns (the embedding API and the CLI) and,
 * with issue #4, posix_spawn's wp_spawn. The kernel builds the process; the host's onSpawn
 * starts its worker and answers with kernel_spawn_done, which commits or rolls back.
 */
#include "membudget.h"
#include "mem.h"
#include "kernel_api.h"
#include "exec.h"
#include "fd.h"
#include "file.h"
#include "vfs.h"
#include "host.h"
#include "signal.h"
#include "stream.h"
#include "fork.h"
#include "dispatch.h"
#include "uapi/wp_spawn.h"

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
	if (!r)
		r = membudget_proc_image(p, img.bytes, img.len);
	struct thread *td = r ? NULL : thread_alloc(p, p->pid);
	if (!r && !td)
		r = -EAGAIN;
	if (r < 0) {
		image_free(&img);
		proc_discard(p);
		return r;
	}
	struct host_prog_req req;
	image_host_req(td, &img, p->environ, p->environ_len, &req);
	host_spawn(p->pid, &req);
	image_free(&img);
	return p->pid;
}

void kernel_spawn_done(int pid, int result)
{
	struct proc *p = proc_find(pid);
	if (p && !p->creator_tid) {
		/* the host's own spawn: a failure reaches its caller as an exit */
		if (result < 0 && p->state == PROC_EMBRYO) {
			proc_discard(p);
			host_proc_exit(pid, 127 << 8);
		} else if (p->state == PROC_EMBRYO) {
			p->state = PROC_ALIVE;
		}
		return;
	}
	proc_creation_done(pid, result, 1027 /* wp_spawn */);
}

/* ---- posix_spawn: wp_spawn(req, size) ---- */

#define SPAWN_REQ_MAX (ARG_MAX_BYTES + 65536)

/* The NUL-terminated string at offset off of the request block, or NULL if it runs out. */
static const char *req_str(const char *blk, uint32_t size, uint32_t off)
{
	if (off >= size || !memchr(blk + off, 0, size - off))
		return NULL;
	return blk + off;
}

/* Gathers n strings whose offsets are at offset at into b: 0, -EINVAL or -E2BIG/-ENOMEM. */
static int req_strings(const char *blk, uint32_t size, uint32_t at, uint32_t n,
		       struct strblock *b)
{
	if (n > ARG_MAX_BYTES / 4 || at > size || (uint64_t)n * 4 > size - at)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off;
		memcpy(&off, blk + at + 4 * i, 4);
		const char *s = req_str(blk, size, off);
		if (!s)
			return -EINVAL;
		int r = strblock_add(b, s, strlen(s));
		if (r)
			return r;
	}
	return 0;
}

/* Applies one file action in the child, as the child would have done after a fork. */
static int spawn_action(struct proc *c, const struct wp_spawn_action *a, const char *blk,
			uint32_t size)
{
	struct file *f;
	struct vnode *vn;
	const char *path;
	int r;
	switch (a->op) {
	case WP_SPAWN_OPEN:
		if (!(path = req_str(blk, size, a->path)))
			return -EINVAL;
		r = fd_reserve(c);
		if (r < 0)
			return r;
		r = vfs_open(c, NULL, path, (int)a->oflag, a->mode & ~c->umask & 07777, &f);
		if (r < 0)
			return r;
		/*
		 * As musl and glibc do it: open at the lowest free fd, then dup2 onto the fd
		 * asked for, which drops O_CLOEXEC unless open gave that fd itself.
		 */
		r = fd_alloc(c, 0, f, (a->oflag & O_CLOEXEC) != 0);
		if (r < 0) {
			file_drop(f);
			return r;
		}
		if (r == (int)a->fd)
			return 0;
		int d = fd_dup3(c, r, a->fd, false);
		fd_close(c, r);
		return d < 0 ? d : 0;
	case WP_SPAWN_CLOSE:
		r = fd_close(c, a->fd);
		return r == -EBADF ? 0 : r; /* closing a closed fd is not an error for spawn */
	case WP_SPAWN_DUP2:
		if (a->srcfd == a->fd)
			return fd_set_cloexec(c, a->fd, false);
		r = fd_dup3(c, a->srcfd, a->fd, false);
		return r < 0 ? r : 0;
	case WP_SPAWN_CHDIR:
		if (!(path = req_str(blk, size, a->path)))
			return -EINVAL;
		r = vfs_lookup(c, NULL, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vn);
		break;
	case WP_SPAWN_FCHDIR:
		r = vfs_at(c, a->fd, "", &vn);
		if (!r && !S_ISDIR(vn->mode)) {
			vnode_drop(vn);
			r = -ENOTDIR;
		}
		break;
	default:
		return -EINVAL;
	}
	if (r < 0)
		return r;
	r = vfs_permission(&c->cred, vn, X_OK);
	if (r < 0) {
		vnode_drop(vn);
		return r;
	}
	vnode_drop(c->cwd);
	c->cwd = vn;
	return 0;
}

/*
 * The directory a relative program path is resolved from: the cwd the chdir and fchdir file
 * actions will leave, found by lookups alone so that no action runs twice. The fds the
 * open, dup2 and close actions will change are followed in a small table, so an fchdir to
 * a directory an earlier action opens is foreseen too.
 */
#define SPAWN_DIR_FDS 8

struct sim_fd {
	int fd;
	struct vnode *vn; /* NULL: closed, or not a directory this can foresee */
};

static struct sim_fd *sim_slot(struct sim_fd *t, int *n, int fd)
{
	for (int i = 0; i < *n; i++)
		if (t[i].fd == fd)
			return &t[i];
	if (*n == SPAWN_DIR_FDS)
		return NULL;
	t[*n] = (struct sim_fd){ fd, NULL };
	return &t[(*n)++];
}

/* The vnode fd will refer to at this point of the actions (held), or NULL. */
static struct vnode *sim_vnode(struct proc *p, struct sim_fd *t, int n, int fd)
{
	for (int i = 0; i < n; i++)
		if (t[i].fd == fd)
			return t[i].vn ? vnode_hold(t[i].vn) : NULL;
	struct vnode *vn;
	return vfs_at(p, fd, "", &vn) < 0 ? NULL : vn;
}

static int spawn_dir(struct proc *p, const struct wp_spawn_req *rq, const char *blk,
		     uint32_t size, struct vnode **out)
{
	struct vnode *dir = vnode_hold(p->cwd);
	struct sim_fd fds[SPAWN_DIR_FDS];
	int nfds = 0;
	if (rq->nactions > size / sizeof(struct wp_spawn_action) || rq->actions > size ||
	    (uint64_t)rq->nactions * sizeof(struct wp_spawn_action) > size - rq->actions) {
		vnode_drop(dir);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < rq->nactions; i++) {
		struct wp_spawn_action a;
		memcpy(&a, blk + rq->actions + i * sizeof a, sizeof a);
		struct vnode *next = NULL;
		const char *path;
		if (a.op == WP_SPAWN_OPEN || a.op == WP_SPAWN_CLOSE || a.op == WP_SPAWN_DUP2) {
			if (a.op == WP_SPAWN_OPEN && (path = req_str(blk, size, a.path)) &&
			    vfs_lookup(p, dir, path,
				       a.oflag & O_NOFOLLOW ? LOOKUP_DIRECTORY
							    : LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
				       &next) < 0)
				next = NULL;
			else if (a.op == WP_SPAWN_DUP2)
				next = sim_vnode(p, fds, nfds, a.srcfd);
			struct sim_fd *sf = sim_slot(fds, &nfds, a.fd);
			if (!sf) {
				if (next)
					vnode_drop(next);
				break; /* too many to follow: later fchdirs are not foreseen */
			}
			if (sf->vn)
				vnode_drop(sf->vn);
			sf->vn = next;
			continue;
		}
		int r;
		if (a.op == WP_SPAWN_CHDIR) {
			path = req_str(blk, size, a.path);
			r = path ? vfs_lookup(p, dir, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &next)
				 : -EINVAL;
		} else if (a.op == WP_SPAWN_FCHDIR) {
			next = sim_vnode(p, fds, nfds, a.fd);
			r = next && S_ISDIR(next->mode) ? 0 : -ENOTDIR;
			if (r < 0 && next)
				vnode_drop(next);
		} else {
			continue;
		}
		if (r < 0) /* the action itself will fail and report it */
			break;
		vnode_drop(dir);
		dir = next;
	}
	for (int i = 0; i < nfds; i++)
		if (fds[i].vn)
			vnode_drop(fds[i].vn);
	*out = dir;
	return 0;
}

/* Resolves the program as the child will see it, before anything of the child exists. */
static int spawn_resolve(struct proc *p, const struct wp_spawn_req *rq, const char *blk,
			 uint32_t size, const char *path, struct strblock *argv, struct image *img)
{
	struct vnode *dir;
	int r = spawn_dir(p, rq, blk, size, &dir);
	if (r < 0)
		return r;
	r = image_load(p, dir, path, argv, img);
	vnode_drop(dir);
	return r;
}

/* Some process other than except leads or belongs to group pgid of session sid. */
static bool group_in_session(int pgid, int sid, const struct proc *except)
{
	for (struct proc *q = proc_next(0); q; q = proc_next(q->pid))
		if (q != except && q->pgid == pgid && q->sid == sid)
			return true;
	return false;
}

/* Builds the child: inheritance, file actions, attributes, then exec's rules. */
static int spawn_build(struct thread *td, struct proc *c, const struct wp_spawn_req *rq,
		       const char *blk, uint32_t size)
{
	struct proc *p = td->p;
	int r = fork_copy(c, p);
	if (r < 0)
		return r;
	mem_forget(c); /* the program gets a memory of its own: none of the parent's mappings */
	if (rq->nactions > size / sizeof(struct wp_spawn_action) || rq->actions > size ||
	    (uint64_t)rq->nactions * sizeof(struct wp_spawn_action) > size - rq->actions)
		return -EINVAL;
	/* setsid, then setpgid(0, pgroup), with their rules: a session leader cannot move */
	if (rq->flags & WP_SPAWN_SETSID)
		c->sid = c->pgid = c->pid;
	if (rq->flags & WP_SPAWN_SETPGROUP) {
		int pgid = rq->pgroup ? rq->pgroup : c->pid;
		if (rq->pgroup < 0)
			return -EINVAL;
		if (c->sid == c->pid || (pgid != c->pid && !group_in_session(pgid, c->sid, c)))
			return -EPERM;
		c->pgid = pgid;
	}
	if (rq->flags & WP_SPAWN_RESETIDS) {
		c->cred.euid = c->cred.uid;
		c->cred.egid = c->cred.gid;
	}
	for (uint32_t i = 0; i < rq->nactions; i++) {
		struct wp_spawn_action a;
		memcpy(&a, blk + rq->actions + i * sizeof a, sizeof a);
		r = spawn_action(c, &a, blk, size);
		if (r < 0)
			return r;
	}
	fdtable_close_on_exec(c, c->fdt);
	signal_exec_reset(c);
	if (rq->flags & WP_SPAWN_SETSIGDEF)
		for (int s = 1; s <= NSIG_MAX; s++)
			if (rq->sigdefault & SIGBIT(s))
				c->sigacts->act[s] = (struct wp_k_sigaction){ 0 };
	return 0;
}

bool spawn_host_resolves;

void kernel_spawn_resolved(int tid, int result, uint32_t bytes, uint32_t len, uint32_t argv,
			   uint32_t argv_len)
{
	struct thread *td = thread_find(tid);
	if (!td || td->state != TD_HOSTWAIT || td->nr != 1027 /* wp_spawn */ || td->progress != 1)
		return; /* not waiting for a resolution: a second answer must not spawn again */
	td->progress = 0;
	struct image *img = result < 0 ? NULL : kzalloc(sizeof *img);
	if (img) {
		img->bytes = kmalloc(len ? len : 1);
		img->path = kstrdup("(resolved by the host)");
		int r = img->bytes && img->path ? 0 : -ENOMEM;
		if (!r)
			memcpy(img->bytes, (const void *)(uintptr_t)bytes, len);
		img->len = len;
		if (!r && argv_len)
			r = strblock_from(&img->argv, (const char *)(uintptr_t)argv, argv_len);
		if (r) {
			image_free(img);
			kfree(img);
			img = NULL;
			result = r;
		}
	} else if (result >= 0) {
		result = -ENOMEM;
	}
	td->resolved = img;
	td->resolve_error = result < 0 ? result : 0;
	syscall_run(td);
}

long sys_wp_spawn(struct thread *td, const sysarg_t *arg)
{
	uaddr_t reqp = arg[0];
	uint32_t size = arg[1];
	if (size < sizeof(struct wp_spawn_req))
		return -EINVAL;
	if (size > SPAWN_REQ_MAX)
		return -E2BIG;
	char *blk = kmalloc(size);
	if (!blk)
		return -ENOMEM;
	struct wp_spawn_req rq;
	struct strblock argv = { 0 }, envp = { 0 };
	struct image img = { 0 };
	struct proc *c = NULL;
	struct thread *ctd = NULL;
	const char *path;
	int r = copyin(td, reqp, blk, size);
	if (r)
		goto fail;
	memcpy(&rq, blk, sizeof rq);
	r = -EINVAL;
	if (rq.size != size || !(path = req_str(blk, size, rq.path)))
		goto fail;
	r = req_strings(blk, size, rq.argv, rq.argc, &argv);
	if (!r)
		r = req_strings(blk, size, rq.envp, rq.envc, &envp);
	if (!r && argv.len + envp.len > ARG_MAX_BYTES)
		r = -E2BIG;
	/* resolve first, so a doomed PATH candidate applies no file action */
	if (!r && spawn_host_resolves) {
		if (!td->resolved && !td->resolve_error) {
			host_resolve_spawn(td->tid, path, argv.data ? argv.data : "", argv.len);
			strblock_free(&argv);
			strblock_free(&envp);
			kfree(blk);
			td->progress = 1; /* waits for the resolution (then for kernel_spawn_done) */
			td->state = TD_HOSTWAIT;
			return -EPARKED; /* run again by kernel_spawn_resolved */
		}
		r = td->resolve_error;
		td->resolve_error = 0;
		if (td->resolved) {
			img = *td->resolved;
			kfree(td->resolved);
			td->resolved = NULL;
			if (!img.argv.count) {
				img.argv = argv;
				argv = (struct strblock){ 0 };
			}
			strblock_free(&argv); /* (the host's own argv, for a script, replaces it) */
		}
	} else if (!r) {
		r = spawn_resolve(td->p, &rq, blk, size, path, &argv, &img);
	}
	if (r)
		goto fail;
	r = -EAGAIN;
	if (nproc_exceeded(td->p))
		goto fail;
	c = proc_alloc(td->p);
	if (!c)
		goto fail;
	r = spawn_build(td, c, &rq, blk, size);
	if (!r)
		r = proc_set_program(c, &img, &envp);
	if (!r)
		r = membudget_proc_image(c, img.bytes, img.len);
	if (!r && !(ctd = thread_alloc(c, c->pid)))
		r = -EAGAIN;
	if (r)
		goto fail;
	ctd->sigmask = (rq.flags & WP_SPAWN_SETSIGMASK) ? rq.sigmask & ~SIG_UNBLOCKABLE : td->sigmask;
	c->creator_tid = td->tid;
	struct host_prog_req hreq;
	image_host_req(ctd, &img, c->environ, c->environ_len, &hreq);
	td->state = TD_HOSTWAIT;
	host_spawn(c->pid, &hreq);
	image_free(&img);
	kfree(blk);
	return -EPARKED;
fail:
	if (c)
		proc_discard(c);
	image_free(&img);
	strblock_free(&argv);
	strblock_free(&envp);
	kfree(blk);
	return r;
}
