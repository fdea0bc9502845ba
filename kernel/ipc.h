/*
 * What the kernel's IPC objects share (POSIX message queues, System V IPC): their
 * permission check, as for a file of that owner and mode; and System V's name spaces, one
 * per kind, mapping keys to ids (slot + IPC_SEQ_MULT * a use count, so that a removed
 * object's id is not at once another's).
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "proc.h"
#include "uapi/fcntl.h"
#include "uapi/ipc.h"

#define IPC_MNI      4096   /* objects of one kind (Linux allows 32000) */
#define IPC_SEQ_MULT 32768  /* Linux's SEQ_MULTIPLIER */

/* An object's identity and permissions, first in each kind's record. */
struct kipc {
	int32_t key;
	int id;
	uint32_t uid, gid, cuid, cgid, mode;
	int64_t ctime;            /* created or changed by IPC_SET (seconds) */
};

struct ipc_space {
	struct kipc *slot[IPC_MNI];
	int used;
	int seq;
};

/* May cr access an object owned by uid:gid with mode for mask (R_OK|W_OK): 0 or -EACCES. */
int ipc_permission(const struct cred *cr, uint32_t uid, uint32_t gid, uint32_t mode, int mask);

/*
 * The object of s with key for td, as semget/msgget find it (flg: IPC_CREAT, IPC_EXCL and
 * the access wanted in its low 9 bits): 0 with *out set, 1 when a new object is to be made
 * (IPC_PRIVATE, or a key not there with IPC_CREAT), or -EEXIST, -ENOENT, -EACCES.
 */
int ipc_lookup(struct ipc_space *s, struct thread *td, int32_t key, int flg, struct kipc **out);
/* Enters a new object owned by td with key and mode: its id, or -ENOSPC. */
int ipc_add(struct ipc_space *s, struct thread *td, struct kipc *obj, int32_t key, uint32_t mode);
/* The object with id, or NULL (EINVAL, or EIDRM for a caller that waited on it). */
struct kipc *ipc_find(struct ipc_space *s, int id);
/* The object in slot index (SEM_STAT and MSG_STAT name objects so), or NULL. */
struct kipc *ipc_at(struct ipc_space *s, int index);
void ipc_remove(struct ipc_space *s, struct kipc *obj);
/* IPC_SET and IPC_RMID: td owns or created obj, or is root: 0 or -EPERM. */
int ipc_owner(struct thread *td, const struct kipc *obj);
/* Access mask (R_OK, W_OK) to obj for td: 0 or -EACCES. */
int ipc_access(struct thread *td, const struct kipc *obj, int mask);
void ipc_perm_out(const struct kipc *obj, struct wp_ipc_perm *out);
/* IPC_SET: takes uid, gid and the mode's permission bits from in. */
void ipc_perm_set(struct kipc *obj, const struct wp_ipc_perm *in);
/* The highest slot in use, or -1 (IPC_INFO's answer). */
int ipc_highest(const struct ipc_space *s);

/* p ends: its SEM_UNDO adjustments are applied and freed (sysv_sem.c). */
void sem_exit(struct proc *p);

#endif
