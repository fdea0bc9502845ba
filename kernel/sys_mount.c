/*
 * mount(2) for tmpfs: a new memfs over a directory, or a remount of one with new limits, with
 * the options Linux's tmpfs takes (size=N[kmg] or N%, nr_inodes=N[kmg], mode=OCTAL; ro, rw).
 * Other filesystem types are ENODEV; umount2 is not there yet (ENOSYS).
 */
#include "dispatch.h"
#include "memfs.h"
#include "membudget.h"
#include "vfs.h"

#define MS_RDONLY  1
#define MS_REMOUNT 32
#define MOUNT_DATA_MAX 4096

struct tmpfs_opts {
	uint64_t size, inodes; /* 0: as before (remount) or the default (new) */
	uint32_t mode;         /* root directory mode, or (uint32_t)-1 */
};

/* A number with an optional k/m/g suffix (or %, of the memory budget, when pct is allowed). */
static int parse_size(const char *s, bool pct, uint64_t *out)
{
	uint64_t v = 0;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > UINT64_MAX / 10 - 9)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	int shift = 0;
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	case '%':
		if (!pct || v > 100)
			return -EINVAL;
		*out = membudget_total() / 100 * v;
		return s[1] ? -EINVAL : 0;
	}
	if (*s || v > UINT64_MAX >> shift)
		return -EINVAL;
	*out = v << shift;
	return 0;
}

/* Parses the comma-separated options in data: 0 or -EINVAL (an unknown option, as tmpfs). */
static int parse_opts(char *data, struct tmpfs_opts *o, uint32_t *flags)
{
	for (char *opt = data, *next; opt && *opt; opt = next) {
		next = strchr(opt, ',');
		if (next)
			*next++ = 0;
		char *val = strchr(opt, '=');
		if (val)
			*val++ = 0;
		int r = 0;
		if (!strcmp(opt, "size") && val)
			r = parse_size(val, true, &o->size);
		else if (!strcmp(opt, "nr_inodes") && val)
			r = parse_size(val, false, &o->inodes);
		else if (!strcmp(opt, "mode") && val) {
			uint32_t m = 0;
			for (const char *c = val; *c; c++) {
				if (*c < '0' || *c > '7' || m > 07777)
					return -EINVAL;
				m = m * 8 + (uint32_t)(*c - '0');
			}
			if (m > 07777)
				return -EINVAL;
			o->mode = m;
		} else if (!strcmp(opt, "ro") && !val)
			*flags |= MS_RDONLY;
		else if (!strcmp(opt, "rw") && !val)
			*flags &= ~(uint32_t)MS_RDONLY;
		else
			return -EINVAL;
		if (r)
			return r;
	}
	return 0;
}

static long remount(struct proc *p, const char *target, uint32_t flags, const struct tmpfs_opts *o)
{
	struct vnode *vn;
	int r = vfs_lookup(p, NULL, target, LOOKUP_FOLLOW, &vn);
	if (r < 0)
		return r;
	struct mount *m = vn->mnt;
	if (m->root != vn || !memfs_is(vn))
		r = -EINVAL; /* not the root of a tmpfs */
	else
		r = memfs_set_limits(m, o->size, o->inodes);
	if (!r)
		m->flags = (flags & MS_RDONLY) ? m->flags | MNT_RDONLY : m->flags & ~MNT_RDONLY;
	vnode_drop(vn);
	return r;
}

static long mount_new(struct proc *p, const char *source, const char *target, uint32_t flags,
		      const struct tmpfs_opts *o)
{
	struct vnode *vn;
	int r = vfs_lookup(p, NULL, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vn);
	if (r < 0)
		return r;
	char *path = kmalloc(PATH_MAX);
	struct mount *m = path ? memfs_new(source, o->mode == (uint32_t)-1 ? 01777 : o->mode, o->size)
			       : NULL;
	long n = m ? vfs_path(p, vn, path, PATH_MAX) : -ENOMEM;
	r = n < 0 ? (int)n : 0;
	if (!r && o->inodes)
		r = memfs_set_limits(m, 0, o->inodes);
	if (!r) {
		if (flags & MS_RDONLY)
			m->flags |= MNT_RDONLY;
		r = vfs_mount_vnode(m, vn, path); /* takes vn's reference on success */
	}
	kfree(path);
	if (r) {
		if (m)
			mount_discard(m);
		vnode_drop(vn);
	}
	return r;
}

long sys_mount(struct thread *td, const sysarg_t *arg)
{
	uaddr_t usource = arg[0], utarget = arg[1], utype = arg[2], udata = arg[4];
	uint32_t flags = arg[3];
	if (td->p->cred.euid != 0)
		return -EPERM;
	char *target = kmalloc(PATH_MAX), *data = kzalloc(MOUNT_DATA_MAX + 1);
	char source[64] = "tmpfs", type[64] = "";
	long r = target && data ? 0 : -ENOMEM;
	if (!r)
		r = copyinstr(td, utarget, target, PATH_MAX);
	if (r >= 0 && !(flags & MS_REMOUNT))
		r = copyinstr(td, utype, type, sizeof type);
	if (r >= 0 && usource && !(flags & MS_REMOUNT))
		r = copyinstr(td, usource, source, sizeof source);
	if (r >= 0 && udata) {
		/* the option string, which may run to the end of a page (as Linux copies one) */
		r = copyinstr(td, udata, data, MOUNT_DATA_MAX + 1);
	}
	struct tmpfs_opts o = { .mode = (uint32_t)-1 };
	if (r >= 0)
		r = parse_opts(data, &o, &flags);
	if (r >= 0) {
		if (flags & MS_REMOUNT)
			r = remount(td->p, target, flags, &o);
		else if (strcmp(type, "tmpfs"))
			r = -ENODEV;
		else
			r = mount_new(td->p, source, target, flags, &o);
	}
	kfree(target);
	kfree(data);
	return r < 0 ? r : 0;
}
