/*
 * The host's direct requests (kernel_api.h) that are not about one process's life: reading and
 * installing files, and signals from the host.
 */
#include "kernel_api.h"
#include "file.h"
#include "vfs.h"
#include "signal.h"

int kernel_kill(int pid, int sig)
{
	if (sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	if (pid == INT32_MIN) /* no group has that id, and -pid does not exist */
		return -ESRCH;
	struct ksiginfo ki = { .code = SI_USER };
	int sent = 0;
	if (pid < 0) { /* a process group */
		for (struct proc *p = proc_next(1); p;) {
			int at = p->pid;
			if (p->pgid == -pid && p->state == PROC_ALIVE) {
				if (sig)
					signal_send_proc(p, sig, &ki, NULL);
				sent++;
			}
			p = proc_next(at); /* p itself may be gone: killed and reaped by init */
		}
		return sent ? 0 : -ESRCH;
	}
	struct proc *p = proc_find(pid);
	if (!p || p->state == PROC_ZOMBIE || pid == 1)
		return -ESRCH;
	return sig ? signal_send_proc(p, sig, &ki, NULL) : 0;
}

/* Moves len bytes between a kernel buffer and f with f's own read or write. */
static long kernel_io(struct file *f, char *buf, size_t len, enum uio_rw rw)
{
	struct kiovec iov = { (uintptr_t)buf, (uint32_t)len };
	struct uio uio = { .iov = &iov, .iovcnt = 1, .resid = len, .offset = f->offset, .rw = rw,
			   .kspace = true };
	while (uio.resid) {
		long n = rw == UIO_READ ? f->ops->read(f, &uio) : f->ops->write(f, &uio);
		if (n < 0)
			return n;
		if (n == 0)
			break;
	}
	f->offset = uio.offset;
	return (long)(len - uio.resid);
}

uint32_t kernel_read_file(uint32_t pathp, uint32_t lenp)
{
	int32_t *out = (int32_t *)(uintptr_t)lenp;
	struct proc *init = proc_init();
	struct file *f;
	int r = vfs_open(init, NULL, (const char *)(uintptr_t)pathp, O_RDONLY, 0, &f);
	if (r < 0) {
		*out = r;
		return 0;
	}
	size_t len = f->vn ? (size_t)f->vn->size : 0;
	char *buf = kmalloc(len ? len : 1);
	long n = buf ? kernel_io(f, buf, len, UIO_READ) : -ENOMEM;
	file_drop(f);
	if (n < 0) {
		kfree(buf);
		*out = (int32_t)n;
		return 0;
	}
	*out = (int32_t)n;
	return (uint32_t)(uintptr_t)buf;
}

int kernel_install_file(uint32_t pathp, uint32_t buf, uint32_t len, uint32_t mode)
{
	struct proc *init = proc_init();
	struct file *f;
	int r = vfs_open(init, NULL, (const char *)(uintptr_t)pathp, O_WRONLY | O_CREAT | O_TRUNC,
			 mode & 07777, &f);
	if (r < 0)
		return r;
	long n = kernel_io(f, (char *)(uintptr_t)buf, len, UIO_WRITE);
	file_drop(f);
	return n < 0 ? (int)n : n == (long)len ? 0 : -EIO;
}

int kernel_make_dirs(uint32_t pathp)
{
	const char *path = (const char *)(uintptr_t)pathp;
	size_t n = strlen(path);
	if (n == 0 || n >= PATH_MAX || path[0] != '/')
		return -EINVAL;
	char buf[PATH_MAX];
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != 0)
			continue;
		char c = buf[i];
		buf[i] = 0;
		int r = vfs_mkdir(proc_init(), NULL, buf, 0755);
		buf[i] = c;
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}
