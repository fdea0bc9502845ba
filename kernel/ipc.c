/* IPC objects' permission check and System V's name spaces (ipc.h). */
#include "ipc.h"
#include "vfs.h"

int ipc_permission(const struct cred *cr, uint32_t uid, uint32_t gid, uint32_t mode, int mask)
{
	uint32_t bits;
	mask &= R_OK | W_OK;
	if (cr->euid == 0)
		return 0;
	if (cr->euid == uid)
		bits = mode >> 6;
	else if (cred_in_group(cr, cr->egid, gid))
		bits = mode >> 3;
	else
		bits = mode;
	return ((int)bits & mask) == mask ? 0 : -EACCES;
}

/* As Linux's ipcperms: the owner's bits for its owner or creator, the group's for either
 * group. */
int ipc_access(struct thread *td, const struct kipc *obj, int mask)
{
	const struct cred *cr = &td->p->cred;
	uint32_t bits = obj->mode;
	if (cr->euid == 0)
		return 0;
	if (cr->euid == obj->uid || cr->euid == obj->cuid)
		bits >>= 6;
	else if (cred_in_group(cr, cr->egid, obj->gid) || cred_in_group(cr, cr->egid, obj->cgid))
		bits >>= 3;
	mask &= R_OK | W_OK;
	return ((int)bits & mask) == mask ? 0 : -EACCES;
}

static int wanted(int flg)
{
	return ((flg & 0444) ? R_OK : 0) | ((flg & 0222) ? W_OK : 0);
}

int ipc_lookup(struct ipc_space *s, struct thread *td, int32_t key, int flg, struct kipc **out)
{
	if (key == IPC_PRIVATE)
		return 1;
	for (int i = 0; i < IPC_MNI; i++) {
		struct kipc *o = s->slot[i];
		if (!o || o->key != key)
			continue;
		if ((flg & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL))
			return -EEXIST;
		int r = ipc_access(td, o, wanted(flg));
		if (r)
			return r;
		*out = o;
		return 0;
	}
	return (flg & IPC_CREAT) ? 1 : -ENOENT;
}

int ipc_add(struct ipc_space *s, struct thread *td, struct kipc *obj, int32_t key, uint32_t mode)
{
	for (int i = 0; i < IPC_MNI; i++) {
		if (s->slot[i])
			continue;
		s->seq = (s->seq + 1) % (INT32_MAX / IPC_SEQ_MULT);
		obj->key = key;
		obj->id = s->seq * IPC_SEQ_MULT + i;
		obj->uid = obj->cuid = td->p->cred.euid;
		obj->gid = obj->cgid = td->p->cred.egid;
		obj->mode = mode & 0777;
		obj->ctime = clock_realtime_ns() / 1000000000;
		s->slot[i] = obj;
		s->used++;
		return obj->id;
	}
	return -ENOSPC;
}

struct kipc *ipc_find(struct ipc_space *s, int id)
{
	if (id < 0)
		return NULL;
	struct kipc *o = s->slot[id % IPC_SEQ_MULT % IPC_MNI];
	return o && o->id == id ? o : NULL;
}

struct kipc *ipc_at(struct ipc_space *s, int index)
{
	return index >= 0 && index < IPC_MNI ? s->slot[index] : NULL;
}

void ipc_remove(struct ipc_space *s, struct kipc *obj)
{
	s->slot[obj->id % IPC_SEQ_MULT % IPC_MNI] = NULL;
	s->used--;
}

int ipc_owner(struct thread *td, const struct kipc *obj)
{
	uint32_t e = td->p->cred.euid;
	return e == 0 || e == obj->uid || e == obj->cuid ? 0 : -EPERM;
}

void ipc_perm_out(const struct kipc *obj, struct wp_ipc_perm *out)
{
	*out = (struct wp_ipc_perm){ .key = obj->key, .uid = obj->uid, .gid = obj->gid,
				     .cuid = obj->cuid, .cgid = obj->cgid, .mode = obj->mode,
				     .seq = obj->id / IPC_SEQ_MULT };
}

void ipc_perm_set(struct kipc *obj, const struct wp_ipc_perm *in)
{
	obj->uid = in->uid;
	obj->gid = in->gid;
	obj->mode = (obj->mode & ~0777u) | (in->mode & 0777);
	obj->ctime = clock_realtime_ns() / 1000000000;
}

int ipc_highest(const struct ipc_space *s)
{
	for (int i = IPC_MNI - 1; i >= 0; i--)
		if (s->slot[i])
			return i;
	return -1;
}
