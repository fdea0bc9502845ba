/*
 * Memory syscalls: brk, mmap2, munmap, mremap, mprotect, madvise, msync, the mlock family
 * (mem.h).
 */
#include "mem.h"
#include "membudget.h"
#include "host.h"
#include "file.h"
#include "fd.h"
#include "vfs.h"
#include "uapi/fcntl.h"

#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE      0x0f
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4
#define MAP_FAILED_MAX 4095 /* results above -4096 are errors */
#define MCL_CURRENT 1
#define MCL_FUTURE  2
#define MCL_ONFAULT 4
#define MLOCK_ONFAULT 1

uint64_t mem_bytes(struct proc *p)
{
	return (uint64_t)host_mem_pages(p->pid) * WASM_PAGE;
}

/* Makes the memory at least end bytes long: 0 or -ENOMEM. */
static int mem_ensure(struct proc *p, uint64_t end)
{
	uint64_t have = mem_bytes(p);
	if (end <= have)
		return 0;
	if (end > 0x100000000ull)
		return -ENOMEM;
	uint32_t pages = (uint32_t)((end - have + WASM_PAGE - 1) / WASM_PAGE);
	if (membudget_proc_set(p, have + (uint64_t)pages * WASM_PAGE) < 0)
		return -ENOMEM;
	if (host_mem_grow(p->pid, pages) < 0) {
		membudget_proc_set(p, have);
		return -ENOMEM;
	}
	return 0;
}

static uaddr_t page_up(uint64_t x)
{
	return (uaddr_t)((x + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1));
}

/* The lowest address an mmap without a hint may use: above the break, as it stands now. */
static uaddr_t mmap_floor(struct proc *p)
{
	return page_up(MAX((uint64_t)p->brk, (uint64_t)p->brk_start));
}

/* Copies whole mapped data back to the file for a shared region's [start, start+len). */
static void writeback(struct proc *p, struct mmap_region *r, uaddr_t start, uaddr_t len)
{
	/* the bytes come from p's memory; no thread of p need be alive (exit) */
	struct thread carrier = { .p = p, .tid = p->pid, .slot = -1 };
	if (!r->file || !r->file->ops->write)
		return;
	/* only what lies inside the file: a mapping's tail past its end does not grow it */
	int64_t off = r->offset + (start - r->start);
	if (r->file->vn) {
		int64_t size = r->file->vn->size;
		if (off >= size)
			return;
		if ((int64_t)len > size - off)
			len = (uaddr_t)(size - off);
	}
	struct kiovec iov = { start, len };
	struct uio uio = { .td = &carrier, .iov = &iov, .iovcnt = 1, .resid = len,
			   .offset = off, .rw = UIO_WRITE };
	int64_t saved = r->file->offset;
	r->file->offset = uio.offset;
	while (uio.resid) {
		long n = r->file->ops->write(r->file, &uio);
		if (n <= 0)
			break;
	}
	r->file->offset = saved;
}

static void region_free(struct mmap_region *r)
{
	if (r->file)
		file_drop(r->file);
	kfree(r);
}

/* Removes [start, start+len) from p's map, splitting regions; zeroes what was mapped. */
static int unmap_range(struct proc *p, uaddr_t start, uaddr_t len)
{
	uaddr_t end = start + len;
	for (struct mmap_region **pp = &p->mmaps; *pp;) {
		struct mmap_region *r = *pp;
		uaddr_t rs = r->start, re = r->start + r->len;
		if (re <= start || rs >= end) {
			pp = &r->next;
			continue;
		}
		uaddr_t cs = MAX(rs, start), ce = MIN(re, end);
		/* the split's record first: running out of memory must leave the bytes alone */
		struct mmap_region *tail = NULL;
		if (cs > rs && ce < re && !(tail = kzalloc(sizeof *tail)))
			return -ENOMEM;
		if (r->flags & MAP_SHARED)
			writeback(p, r, cs, ce - cs);
		host_zero(p->pid, cs, ce - cs);
		if (tail) { /* a hole in the middle: split */
			*tail = *r;
			tail->start = ce;
			tail->len = re - ce;
			tail->offset = r->offset + (ce - rs);
			if (tail->file)
				file_hold(tail->file);
			r->len = cs - rs;
			tail->next = r->next;
			r->next = tail;
			pp = &tail->next;
		} else if (cs > rs) {
			r->len = cs - rs;
			pp = &r->next;
		} else if (ce < re) {
			r->offset += ce - rs;
			r->start = ce;
			r->len = re - ce;
			pp = &r->next;
		} else {
			*pp = r->next;
			region_free(r);
		}
	}
	return 0;
}

/* A free range of len bytes at or above the floor, first fit. */
static uaddr_t find_hole(struct proc *p, uaddr_t len, uint64_t *end_out)
{
	uint64_t at = mmap_floor(p);
	for (struct mmap_region *r = p->mmaps; r; r = r->next) {
		if (r->start + (uint64_t)r->len <= at)
			continue;
		if (r->start >= at + (uint64_t)len)
			break;
		at = r->start + (uint64_t)r->len;
	}
	*end_out = at + len;
	return (uaddr_t)at;
}

static void region_insert(struct proc *p, struct mmap_region *n)
{
	struct mmap_region **pp = &p->mmaps;
	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

/* Whether f's kind can be mapped: regular files and /dev/zero (Linux: ENODEV for the rest). */
static bool mappable(const struct file *f)
{
	if (!f->vn || !f->ops->read)
		return false;
	return S_ISREG(f->vn->mode) || (S_ISCHR(f->vn->mode) && f->vn->rdev == WP_MKDEV(1, 5));
}

/* Fills [addr, addr+len) from f at off (private and shared file mappings); the file is
 * accessed, so its atime moves as a read's would. */
static int map_file(struct thread *td, struct file *f, int64_t off, uaddr_t addr, uaddr_t len)
{
	struct kiovec iov = { addr, len };
	struct uio uio = { .td = td, .iov = &iov, .iovcnt = 1, .resid = len, .offset = off,
			   .rw = UIO_READ };
	int64_t saved = f->offset;
	f->offset = off;
	while (uio.resid) {
		long n = f->ops->read(f, &uio);
		if (n < 0) {
			f->offset = saved;
			return (int)n;
		}
		if (n == 0)
			break; /* past the end: the rest stays zero */
	}
	f->offset = saved;
	if (S_ISREG(f->vn->mode))
		f->vn->atime = clock_realtime_ns();
	return 0;
}

long sys_mmap2(struct thread *td, const sysarg_t *arg)
{
	uaddr_t addr = arg[0], len = arg[1];
	uint32_t prot = arg[2], flags = arg[3];
	int fd = (int)arg[4];
	uint32_t pgoff = arg[5];
	int64_t off = (int64_t)pgoff * PAGE_SIZE;
	struct proc *p = td->p;
	uint32_t type = flags & MAP_TYPE;
	if (!len || (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	uint64_t len64 = page_up(len);
	if (!len64 || len64 > 0xfffff000u)
		return -ENOMEM;
	/* page offsets are 32-bit unsigned longs: the page after the mapping must have one too */
	if ((uint64_t)pgoff + len64 / PAGE_SIZE > 0xffffffffu)
		return -EOVERFLOW;
	len = (uaddr_t)len64;
	struct file *f = NULL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get(p, fd);
		if (!f)
			return -EBADF;
		if ((f->flags & O_ACCMODE) == O_WRONLY ||
		    (type != MAP_PRIVATE && (prot & PROT_WRITE) && (f->flags & O_ACCMODE) != O_RDWR)) {
			file_drop(f);
			return -EACCES;
		}
		if (!mappable(f)) { /* after the access checks, as Linux */
			file_drop(f);
			return -ENODEV;
		}
	}
	uint64_t end;
	uaddr_t at;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		at = addr;
		end = (uint64_t)addr + len;
		if (flags & MAP_FIXED_NOREPLACE) {
			for (struct mmap_region *r = p->mmaps; r; r = r->next)
				if (r->start < end && r->start + r->len > at) {
					if (f)
						file_drop(f);
					return -EEXIST;
				}
		}
	} else {
		at = find_hole(p, len, &end);
	}
	int r = mem_ensure(p, end);
	struct mmap_region *n = r ? NULL : kzalloc(sizeof *n);
	if (!r && !n)
		r = -ENOMEM;
	if (!r && (flags & MAP_FIXED))
		r = unmap_range(p, at, len);
	if (!r && f)
		r = map_file(td, f, off, at, len);
	if (r) {
		kfree(n);
		if (f)
			file_drop(f);
		return r;
	}
	*n = (struct mmap_region){ at, len, prot, flags, NULL, off, NULL };
	if (f && type != MAP_PRIVATE)
		n->file = f;
	else if (f)
		file_drop(f);
	region_insert(p, n);
	return (long)at;
}

long sys_munmap(struct thread *td, const sysarg_t *arg)
{
	uaddr_t addr = arg[0], len = arg[1];
	if ((addr & (PAGE_SIZE - 1)) || !len)
		return -EINVAL;
	return unmap_range(td->p, addr, page_up(len));
}

long sys_brk(struct thread *td, const sysarg_t *arg)
{
	uaddr_t want = arg[0];
	struct proc *p = td->p;
	if (want < p->brk_start)
		return p->brk;
	for (struct mmap_region *r = p->mmaps; r; r = r->next)
		if (r->start < want && r->start + r->len > p->brk)
			return p->brk; /* would run into a mapping */
	if (mem_ensure(p, want) < 0)
		return p->brk;
	if (want < p->brk)
		host_zero(p->pid, want, p->brk - want);
	p->brk = want;
	return p->brk;
}

static struct mmap_region *region_at(struct proc *p, uaddr_t addr)
{
	for (struct mmap_region *r = p->mmaps; r; r = r->next)
		if (r->start == addr)
			return r;
	return NULL;
}

/* Moves len bytes inside guest memory through a kernel buffer. */
static int guest_move(struct thread *td, uaddr_t dst, uaddr_t src, uaddr_t len)
{
	static char buf[65536];
	for (uaddr_t done = 0; done < len;) {
		uaddr_t n = MIN(len - done, (uaddr_t)sizeof buf);
		int r = copyin(td, src + done, buf, n);
		if (!r)
			r = copyout(td, buf, dst + done, n);
		if (r)
			return r;
		done += n;
	}
	return 0;
}

long sys_mremap(struct thread *td, const sysarg_t *arg)
{
	uaddr_t old = arg[0], olen = page_up(arg[1]), nlen = page_up(arg[2]);
	uint32_t flags = arg[3];
	struct proc *p = td->p;
	if ((old & (PAGE_SIZE - 1)) || !nlen || (flags & ~3u) || (flags & MREMAP_FIXED))
		return flags & MREMAP_FIXED ? -EINVAL : -EINVAL;
	struct mmap_region *r = region_at(p, old);
	if (!r || r->len != olen)
		return -EFAULT;
	if (nlen <= olen) {
		if (nlen < olen)
			unmap_range(p, old + nlen, olen - nlen);
		return old;
	}
	/* grow in place when nothing follows */
	uint64_t end = (uint64_t)old + nlen;
	if (!r->next || r->next->start >= end) {
		if (mem_ensure(p, end) == 0) {
			r->len = nlen;
			return old;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t nend;
	uaddr_t at = find_hole(p, nlen, &nend);
	if (mem_ensure(p, nend) < 0)
		return -ENOMEM;
	int e = guest_move(td, at, old, olen);
	if (e)
		return e;
	struct mmap_region *n = kzalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = (struct mmap_region){ at, nlen, r->prot, r->flags, r->file, r->offset, NULL };
	if (n->file)
		file_hold(n->file);
	region_insert(p, n);
	unmap_range(p, old, olen);
	return at;
}

/* Protection is not enforced by wasm memory; the call is checked and accepted. */
long sys_mprotect(struct thread *td, const sysarg_t *arg)
{
	(void)td;
	if (arg[0] & (PAGE_SIZE - 1))
		return -EINVAL;
	if (arg[2] & ~7u)
		return -EINVAL;
	return 0;
}

long sys_madvise(struct thread *td, const sysarg_t *arg)
{
	uaddr_t addr = arg[0], len = arg[1];
	int advice = (int)arg[2];
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (advice == 4 /* MADV_DONTNEED */) {
		/* private anonymous pages read back as zero afterwards */
		for (struct mmap_region *r = td->p->mmaps; r; r = r->next) {
			uaddr_t cs = MAX(r->start, addr), ce = MIN(r->start + r->len, addr + page_up(len));
			if (cs < ce && !r->file && (r->flags & MAP_ANONYMOUS))
				host_zero(td->p->pid, cs, ce - cs);
		}
	}
	return 0;
}

long sys_msync(struct thread *td, const sysarg_t *arg)
{
	uaddr_t addr = arg[0], len = page_up(arg[1]);
	uint32_t flags = arg[2];
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~7u) || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	bool found = false;
	for (struct mmap_region *r = td->p->mmaps; r; r = r->next) {
		uaddr_t cs = MAX(r->start, addr), ce = MIN(r->start + r->len, addr + len);
		if (cs >= ce)
			continue;
		found = true;
		if (r->flags & MAP_SHARED)
			writeback(td->p, r, cs, ce - cs);
	}
	return found ? 0 : -ENOMEM;
}

/*
 * The mlock family. Guest memory is never paged out, so locking changes nothing; the calls
 * check their arguments and RLIMIT_MEMLOCK as Linux does (root is not limited), and a range
 * must lie inside the process's memory (ENOMEM).
 */
static long lock_check(struct thread *td, uaddr_t addr, uaddr_t len, bool lock)
{
	uint64_t start = addr & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = page_up((uint64_t)addr + len);
	if ((uint64_t)addr + len < addr || end > 0x100000000ull)
		return -EINVAL;
	if (end > mem_bytes(td->p))
		return -ENOMEM;
	if (!lock || td->p->cred.euid == 0)
		return 0;
	uint64_t limit = td->p->rlim[RLIMIT_MEMLOCK].cur;
	if (!limit)
		return -EPERM;
	return end - start > limit ? -ENOMEM : 0;
}

long sys_mlock(struct thread *td, const sysarg_t *arg)
{
	return lock_check(td, arg[0], arg[1], true);
}

long sys_mlock2(struct thread *td, const sysarg_t *arg)
{
	if (arg[2] & ~(sysarg_t)MLOCK_ONFAULT)
		return -EINVAL;
	return lock_check(td, arg[0], arg[1], true);
}

long sys_munlock(struct thread *td, const sysarg_t *arg)
{
	return lock_check(td, arg[0], arg[1], false);
}

long sys_mlockall(struct thread *td, const sysarg_t *arg)
{
	uint32_t flags = arg[0];
	if (!flags || (flags & ~(uint32_t)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (td->p->cred.euid == 0)
		return 0;
	uint64_t limit = td->p->rlim[RLIMIT_MEMLOCK].cur;
	if (!limit)
		return -EPERM;
	return (flags & MCL_CURRENT) && mem_bytes(td->p) > limit ? -ENOMEM : 0;
}

long sys_munlockall(struct thread *td, const sysarg_t *arg)
{
	return 0;
}

void mem_release(struct proc *p)
{
	while (p->mmaps) {
		struct mmap_region *r = p->mmaps;
		p->mmaps = r->next;
		if (r->flags & MAP_SHARED)
			writeback(p, r, r->start, r->len);
		region_free(r);
	}
	membudget_proc_release(p);
}

void mem_sync_all(struct proc *p)
{
	for (struct mmap_region *r = p->mmaps; r; r = r->next)
		if (r->flags & MAP_SHARED)
			writeback(p, r, r->start, r->len);
}

void mem_forget(struct proc *p)
{
	while (p->mmaps) {
		struct mmap_region *r = p->mmaps;
		p->mmaps = r->next;
		region_free(r);
	}
	p->brk = p->brk_start = 0;
}

int mem_fork(struct proc *child, struct proc *parent)
{
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	struct mmap_region **tail = &child->mmaps;
	for (struct mmap_region *r = parent->mmaps; r; r = r->next) {
		struct mmap_region *n = kzalloc(sizeof *n);
		if (!n)
			return -ENOMEM;
		*n = *r;
		n->next = NULL;
		if (n->file)
			file_hold(n->file);
		*tail = n;
		tail = &n->next;
	}
	return 0;
}
