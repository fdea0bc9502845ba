/*
 * System V message queues: msgget, msgsnd, msgrcv, msgctl.
 *
 * Messages keep their order; msgrcv takes the first one, the first of a type, the first not
 * of a type (MSG_EXCEPT) or the first of the lowest type up to a bound. A queue holds at
 * most msg_qbytes bytes (and as many messages); senders and receivers that must wait park
 * on the queue and try again from the top when it changes. Limits are Linux's defaults
 * (MSGMAX, MSGMNB). MSG_COPY is not supported (EINVAL).
 */
#include "ipc.h"
#include "sched.h"

#define MSGMAX 8192    /* bytes in one message */
#define MSGMNB 16384   /* a queue's default (and, unprivileged, largest) msg_qbytes */
#define MSG_COPY 040000

struct kmsg {
	struct kmsg *next;
	int32_t type;
	uint32_t len;
	char text[];
};

struct msg_queue {
	struct kipc perm;  /* first */
	struct kmsg *first, **last;
	uint32_t cbytes, qnum, qbytes;
	int32_t lspid, lrpid;
	int64_t stime, rtime;
	struct waitq q;
};

static struct ipc_space msgs;

static struct msg_queue *queue_find(int id)
{
	return (struct msg_queue *)ipc_find(&msgs, id);
}

/* msgget(key, msgflg) */
long sys_msgget(struct thread *td, const sysarg_t *arg)
{
	int32_t key = (int32_t)arg[0];
	int flg = (int)arg[1];
	struct kipc *o;
	int r = ipc_lookup(&msgs, td, key, flg, &o);
	if (r <= 0)
		return r < 0 ? r : o->id;
	struct msg_queue *mq = kzalloc(sizeof *mq);
	if (!mq)
		return -ENOMEM;
	mq->last = &mq->first;
	mq->qbytes = MSGMNB;
	r = ipc_add(&msgs, td, &mq->perm, key, (uint32_t)flg);
	if (r < 0)
		kfree(mq);
	return r;
}

/* The message goes in: false when the queue is full. */
static bool msg_fits(const struct msg_queue *mq, uint32_t len)
{
	return mq->cbytes + len <= mq->qbytes && mq->qnum + 1 <= mq->qbytes;
}

static long msg_send(struct thread *td, int id, uaddr_t umsg, uint32_t len, int flg)
{
	struct msg_queue *mq = queue_find(id);
	int32_t type;
	if (!mq)
		return td->resumed ? -EIDRM : -EINVAL;
	int r = ipc_access(td, &mq->perm, W_OK);
	if (r)
		return r;
	if ((r = copyin(td, umsg, &type, sizeof type)))
		return r;
	if (type < 1)
		return -EINVAL;
	if (!msg_fits(mq, len)) {
		if (flg & IPC_NOWAIT)
			return -EAGAIN;
		long pr = thread_park(td, &mq->q, 0);
		return pr == -ERESTARTSYS ? -EINTR : pr;
	}
	struct kmsg *m = kmalloc(sizeof *m + len);
	if (!m)
		return -ENOMEM;
	if ((r = copyin(td, umsg + sizeof type, m->text, len))) {
		kfree(m);
		return r;
	}
	m->type = type;
	m->len = len;
	m->next = NULL;
	*mq->last = m;
	mq->last = &m->next;
	mq->cbytes += len;
	mq->qnum++;
	mq->lspid = td->p->pid;
	mq->stime = clock_realtime_ns() / 1000000000;
	waitq_wake_all(&mq->q);
	return 0;
}

/* msgsnd(msqid, msgp, msgsz, msgflg) */
long sys_msgsnd(struct thread *td, const sysarg_t *arg)
{
	uint32_t len = arg[2];
	if ((int32_t)len < 0 || len > MSGMAX)
		return -EINVAL;
	return msg_send(td, (int)arg[0], arg[1], len, (int)arg[3]);
}

/* Where the message msgrcv would take is linked: NULL when there is none. */
static struct kmsg **msg_pick(struct msg_queue *mq, int32_t type, int flg)
{
	struct kmsg **best = NULL;
	for (struct kmsg **pp = &mq->first; *pp; pp = &(*pp)->next) {
		int32_t t = (*pp)->type;
		if (type == 0)
			return pp;
		if (type > 0 && ((flg & MSG_EXCEPT) ? t != type : t == type))
			return pp;
		if (type < 0 && t <= -(int64_t)type && (!best || t < (*best)->type))
			best = pp;
	}
	return best;
}

static long msg_take(struct thread *td, struct msg_queue *mq, struct kmsg **pp, uaddr_t umsg,
		     uint32_t len, int flg)
{
	struct kmsg *m = *pp;
	if (m->len > len && !(flg & MSG_NOERROR))
		return -E2BIG; /* it stays */
	uint32_t n = m->len < len ? m->len : len;
	int r = copyout(td, &m->type, umsg, sizeof m->type);
	if (!r)
		r = copyout(td, m->text, umsg + sizeof m->type, n);
	if (r)
		return r;
	*pp = m->next;
	if (mq->last == &m->next)
		mq->last = pp;
	mq->cbytes -= m->len;
	mq->qnum--;
	mq->lrpid = td->p->pid;
	mq->rtime = clock_realtime_ns() / 1000000000;
	kfree(m);
	waitq_wake_all(&mq->q);
	return n;
}

/* msgrcv(msqid, msgp, msgsz, msgtyp, msgflg) */
long sys_msgrcv(struct thread *td, const sysarg_t *arg)
{
	int id = (int)arg[0], flg = (int)arg[4];
	uint32_t len = arg[2];
	int32_t type = (int32_t)arg[3];
	if ((int32_t)len < 0 || (flg & MSG_COPY))
		return -EINVAL;
	struct msg_queue *mq = queue_find(id);
	if (!mq)
		return td->resumed ? -EIDRM : -EINVAL;
	int r = ipc_access(td, &mq->perm, R_OK);
	if (r)
		return r;
	struct kmsg **pp = msg_pick(mq, type, flg);
	if (pp)
		return msg_take(td, mq, pp, arg[1], len, flg);
	if (flg & IPC_NOWAIT)
		return -ENOMSG;
	long pr = thread_park(td, &mq->q, 0);
	return pr == -ERESTARTSYS ? -EINTR : pr;
}

static void queue_remove(struct msg_queue *mq)
{
	ipc_remove(&msgs, &mq->perm);
	while (mq->first) {
		struct kmsg *m = mq->first;
		mq->first = m->next;
		kfree(m);
	}
	waitq_wake_all(&mq->q); /* they find it gone: EIDRM */
	kfree(mq);
}

static long queue_stat(struct thread *td, struct msg_queue *mq, uaddr_t ubuf)
{
	struct wp_msqid_ds ds = { .stime = mq->stime, .rtime = mq->rtime,
				  .ctime = mq->perm.ctime, .cbytes = mq->cbytes,
				  .qnum = mq->qnum, .qbytes = mq->qbytes, .lspid = mq->lspid,
				  .lrpid = mq->lrpid };
	int r = ipc_access(td, &mq->perm, R_OK);
	if (r)
		return r;
	ipc_perm_out(&mq->perm, &ds.perm);
	return copyout(td, &ds, ubuf, sizeof ds);
}

/* IPC_SET: owner, group, mode and msg_qbytes (beyond MSGMNB only for root: EPERM). */
static long queue_set(struct thread *td, struct msg_queue *mq, uaddr_t ubuf)
{
	struct wp_msqid_ds in;
	int r = copyin(td, ubuf, &in, sizeof in);
	if (!r)
		r = ipc_owner(td, &mq->perm);
	if (r)
		return r;
	if (in.qbytes > MSGMNB && td->p->cred.euid != 0)
		return -EPERM;
	ipc_perm_set(&mq->perm, &in.perm);
	mq->qbytes = in.qbytes;
	waitq_wake_all(&mq->q); /* room may have been made */
	return 0;
}

static long msg_info(struct thread *td, int cmd, uaddr_t ubuf)
{
	struct wp_msginfo mi = { .msgpool = IPC_MNI * MSGMNB / 1024, .msgmap = MSGMNB,
				 .msgmax = MSGMAX, .msgmnb = MSGMNB, .msgmni = IPC_MNI,
				 .msgssz = 16, .msgtql = MSGMNB, .msgseg = 0xffff };
	if (cmd == MSG_INFO) {
		uint32_t nmsgs = 0, bytes = 0;
		for (int i = 0; i < IPC_MNI; i++) {
			struct msg_queue *mq = (struct msg_queue *)msgs.slot[i];
			if (mq) {
				nmsgs += mq->qnum;
				bytes += mq->cbytes;
			}
		}
		mi.msgpool = msgs.used;
		mi.msgmap = (int32_t)nmsgs;
		mi.msgtql = (int32_t)bytes;
	}
	int r = copyout(td, &mi, ubuf, sizeof mi);
	int hi = ipc_highest(&msgs);
	return r ? r : hi < 0 ? 0 : hi;
}

/* msgctl(msqid, cmd | IPC_64, buf) */
long sys_msgctl(struct thread *td, const sysarg_t *arg)
{
	int id = (int)arg[0], cmd = (int)arg[1] & ~IPC_64;
	if (cmd == IPC_INFO || cmd == MSG_INFO)
		return msg_info(td, cmd, arg[2]);
	if (cmd == MSG_STAT) {
		struct msg_queue *mq = (struct msg_queue *)ipc_at(&msgs, id);
		if (!mq)
			return -EINVAL;
		long r = queue_stat(td, mq, arg[2]);
		return r ? r : mq->perm.id;
	}
	struct msg_queue *mq = queue_find(id);
	if (!mq)
		return -EINVAL;
	switch (cmd) {
	case IPC_STAT:
		return queue_stat(td, mq, arg[2]);
	case IPC_SET:
		return queue_set(td, mq, arg[2]);
	case IPC_RMID: {
		int r = ipc_owner(td, &mq->perm);
		if (!r)
			queue_remove(mq);
		return r;
	}
	}
	return -EINVAL;
}
