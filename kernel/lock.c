/*
 * Advisory locks on vnodes: POSIX record locks (owned by a process, released when it closes
 * any fd of the file), OFD locks (owned by an open file description, released with it), and
 * flock locks (whole-file, owned by the description). Record and OFD locks see each other;
 * flock locks are a separate space, as on Linux. Blocking requests park on vn->lockq and
 * re-check when any lock on the file goes away.
 */
#include "vfs.h"
#include "file.h"
#include "fd.h"
#include "proc.h"
#include "sysfile.h"

enum lock_kind { LK_POSIX, LK_OFD, LK_FLOCK };

struct lock {
	struct lock *next;
	enum lock_kind kind;
	const void *owner;    /* the proc for LK_POSIX, the file otherwise */
	int pid;              /* for F_GETLK */
	int type;             /* F_RDLCK or F_WRLCK */
	int64_t start, end;   /* inclusive */
};

static bool same_space(enum lock_kind a, enum lock_kind b)
{
	return (a == LK_FLOCK) == (b == LK_FLOCK);
}

static bool conflicts(const struct lock *l, enum lock_kind kind, const void *owner, int type,
		      int64_t start, int64_t end)
{
	if (!same_space(l->kind, kind) || (l->owner == owner && l->kind == kind))
		return false;
	if (l->type != F_WRLCK && type != F_WRLCK)
		return false;
	return l->start <= end && start <= l->end;
}

static struct lock *find_conflict(struct vnode *vn, enum lock_kind kind, const void *owner,
				  int type, int64_t start, int64_t end)
{
	for (struct lock *l = vn->locks; l; l = l->next)
		if (conflicts(l, kind, owner, type, start, end))
			return l;
	return NULL;
}

/*
 * Removes owner's locks of kind over [start, end], splitting one that straddles the range
 * (spare is a preallocated lock for that; it is consumed when used, *spare set to NULL).
 */
static void unlock_range(struct vnode *vn, enum lock_kind kind, const void *owner,
			 int64_t start, int64_t end, struct lock **spare)
{
	struct lock **pp = &vn->locks, *l;

	while ((l = *pp)) {
		if (l->kind != kind || l->owner != owner || l->end < start || l->start > end) {
			pp = &l->next;
			continue;
		}
		if (l->start < start && l->end > end) {
			struct lock *tail = *spare;
			*spare = NULL;
			*tail = *l;
			tail->start = end + 1;
			l->end = start - 1;
			tail->next = l->next;
			l->next = tail;
			pp = &tail->next;
		} else if (l->start < start) {
			l->end = start - 1;
			pp = &l->next;
		} else if (l->end > end) {
			l->start = end + 1;
			pp = &l->next;
		} else {
			*pp = l->next;
			kfree(l);
		}
	}
}

static void remove_owned(struct vnode *vn, enum lock_kind kind, const void *owner)
{
	struct lock **pp = &vn->locks, *l;
	bool any = false;

	while ((l = *pp)) {
		if (l->kind == kind && l->owner == owner) {
			*pp = l->next;
			kfree(l);
			any = true;
		} else {
			pp = &l->next;
		}
	}
	if (any)
		waitq_wake_all(&vn->lockq);
}

void lock_release_posix(struct proc *p, struct file *f)
{
	if (f->vn->locks)
		remove_owned(f->vn, LK_POSIX, p);
}

void lock_release_file(struct file *f)
{
	if (!f->vn->locks)
		return;
	remove_owned(f->vn, LK_OFD, f);
	remove_owned(f->vn, LK_FLOCK, f);
}

/* Sets (or with F_UNLCK clears) a lock; -EAGAIN on conflict, or parks when wait. */
static int lock_set(struct thread *td, struct vnode *vn, enum lock_kind kind, const void *owner,
		    int type, int64_t start, int64_t end, bool wait)
{
	struct lock *nl = NULL, *spare = kmalloc(sizeof(*spare));

	if (!spare)
		return -ENOLCK;
	if (type != F_UNLCK) {
		if (find_conflict(vn, kind, owner, type, start, end)) {
			kfree(spare);
			return wait ? (int)thread_park(td, &vn->lockq, 0) : -EAGAIN;
		}
		nl = kmalloc(sizeof(*nl));
		if (!nl) {
			kfree(spare);
			return -ENOLCK;
		}
		*nl = (struct lock){ .kind = kind, .owner = owner, .pid = td->p->pid,
				     .type = type, .start = start, .end = end };
	}
	unlock_range(vn, kind, owner, start, end, &spare);
	if (nl) {
		nl->next = vn->locks;
		vn->locks = nl;
	}
	kfree(spare);
	waitq_wake_all(&vn->lockq);
	return 0;
}

/* The byte range of fl as [start, end], or -EINVAL. */
static int flock_range(struct file *f, const struct wp_flock *fl, int64_t *start, int64_t *end)
{
	int64_t base;

	switch (fl->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->offset; break;
	case SEEK_END: base = f->vn->size; break;
	default: return -EINVAL;
	}
	if ((fl->l_start > 0 && base > INT64_MAX - fl->l_start))
		return -EOVERFLOW;
	*start = base + fl->l_start;
	if (fl->l_len > 0) {
		if (*start > INT64_MAX - fl->l_len)
			return -EOVERFLOW;
		*end = *start + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		*end = *start - 1;
		*start += fl->l_len;
	} else {
		*end = INT64_MAX;
	}
	return *start < 0 ? -EINVAL : 0;
}

int lock_fcntl(struct thread *td, struct file *f, int cmd, struct wp_flock *fl)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	enum lock_kind kind = ofd ? LK_OFD : LK_POSIX;
	const void *owner = ofd ? (const void *)f : (const void *)td->p;
	int64_t start, end;
	int err, acc = f->flags & O_ACCMODE;

	if (!f->vn || (f->flags & O_PATH))
		return -EBADF;
	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	err = flock_range(f, fl, &start, &end);
	if (err)
		return err;
	if (get) {
		struct lock *l;
		if (fl->l_type == F_UNLCK)
			return -EINVAL;
		l = find_conflict(f->vn, kind, owner, fl->l_type, start, end);
		if (!l) {
			fl->l_type = F_UNLCK;
			return 0;
		}
		fl->l_type = (int16_t)l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = l->start;
		fl->l_len = l->end == INT64_MAX ? 0 : l->end - l->start + 1;
		fl->l_pid = l->kind == LK_OFD ? -1 : l->pid;
		return 0;
	}
	if ((fl->l_type == F_RDLCK && acc == O_WRONLY) || (fl->l_type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	return lock_set(td, f->vn, kind, owner, fl->l_type, start, end,
			cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

int lock_flock(struct thread *td, struct file *f, int op)
{
	int type;

	if (!f->vn || (f->flags & O_PATH))
		return -EBADF;
	switch (op & ~LOCK_NB) {
	case LOCK_SH: type = F_RDLCK; break;
	case LOCK_EX: type = F_WRLCK; break;
	case LOCK_UN: type = F_UNLCK; break;
	default: return -EINVAL;
	}
	return lock_set(td, f->vn, LK_FLOCK, f, type, 0, INT64_MAX, !(op & LOCK_NB));
}
