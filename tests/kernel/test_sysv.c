/*
 * System V semaphores and message queues through their handlers: permissions, EFAULT for
 * every pointer (nothing changes), allocation failure without leaks, and SEM_UNDO. Each
 * test removes what it made: the name spaces outlive a test.
 */
#include "t.h"
#include "ipc.h"

#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(semget) SYS(semop) SYS(semtimedop) SYS(semctl) SYS(msgget) SYS(msgsnd) SYS(msgrcv)
SYS(msgctl)
#undef SYS

static long t_semop(struct thread *td, int id, uint16_t num, int16_t op, int16_t flg)
{
	struct wp_sembuf b = { num, op, flg };
	return t_sys(td, sys_semop, (sysarg_t)id, t_bytes(td, &b, sizeof b), 1);
}

TEST(sysv_objects_check_permissions_and_ownership)
{
	struct thread *owner = t_proc(1000, 1000), *other = t_proc(2000, 2000);
	int id = (int)t_sys(owner, sys_semget, 77, 1, IPC_CREAT | 0600);
	CHECK(id >= 0);
	CHECK_EQ(t_sys(other, sys_semget, 77, 1, 0400), -EACCES);
	CHECK_EQ(t_sys(other, sys_semctl, (sysarg_t)id, 0, GETVAL), -EACCES);
	CHECK_EQ(t_semop(other, id, 0, 1, 0), -EACCES);
	CHECK_EQ(t_sys(other, sys_semctl, (sysarg_t)id, 0, IPC_RMID), -EPERM);
	CHECK_EQ(t_sys(owner, sys_semctl, (sysarg_t)id, 0, IPC_RMID | IPC_64), 0);
	int q = (int)t_sys(owner, sys_msgget, 78, IPC_CREAT | 0644);
	CHECK(q >= 0);
	int32_t m[2] = { 1, 0 };
	CHECK_EQ(t_sys(other, sys_msgsnd, (sysarg_t)q, t_bytes(other, m, sizeof m), 4, 0), -EACCES);
	CHECK_EQ(t_sys(other, sys_msgctl, (sysarg_t)q, IPC_RMID), -EPERM);
	CHECK_EQ(t_sys(owner, sys_msgctl, (sysarg_t)q, IPC_RMID), 0);
}

TEST(every_pointer_of_the_sysv_calls_gives_efault_and_changes_nothing)
{
	struct thread *td = t_proc(0, 0);
	int id = (int)t_sys(td, sys_semget, IPC_PRIVATE, 2, 0600);
	CHECK(id >= 0);
	CHECK_EQ(t_sys(td, sys_semop, (sysarg_t)id, T_BAD, 1), -EFAULT);
	struct wp_sembuf b = { 0, 1, 0 };
	CHECK_EQ(t_sys(td, sys_semtimedop, (sysarg_t)id, t_bytes(td, &b, sizeof b), 1, T_BAD),
		 -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETVAL), 0);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_STAT, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_SET, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETALL, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, SETALL, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_INFO, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETVAL), 0);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_RMID), 0);

	int q = (int)t_sys(td, sys_msgget, IPC_PRIVATE, 0600);
	CHECK(q >= 0);
	CHECK_EQ(t_sys(td, sys_msgsnd, (sysarg_t)q, T_BAD, 4, 0), -EFAULT);
	int32_t m[2] = { 1, 0x41424344 };
	CHECK_EQ(t_sys(td, sys_msgsnd, (sysarg_t)q, t_bytes(td, m, sizeof m), 4, 0), 0);
	CHECK_EQ(t_sys(td, sys_msgrcv, (sysarg_t)q, T_BAD, 4, 0, 0), -EFAULT);
	CHECK_EQ(t_sys(td, sys_msgctl, (sysarg_t)q, IPC_STAT, T_BAD), -EFAULT);
	CHECK_EQ(t_sys(td, sys_msgctl, (sysarg_t)q, IPC_SET, T_BAD), -EFAULT);
	uaddr_t got = t_alloc(td, 8);
	CHECK_EQ(t_sys(td, sys_msgrcv, (sysarg_t)q, got, 4, 0, 0), 4); /* still there */
	int32_t g[2];
	t_get(td, got, g, sizeof g);
	CHECK(g[0] == 1 && g[1] == 0x41424344);
	CHECK_EQ(t_sys(td, sys_msgsnd, (sysarg_t)q, t_bytes(td, m, sizeof m), 4, 0), 0);
	CHECK_EQ(t_sys(td, sys_msgctl, (sysarg_t)q, IPC_RMID), 0); /* frees the message too */
}

TEST(sysv_calls_survive_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	long id;
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		id = t_sys(td, sys_semget, 99, 1, IPC_CREAT | 0600);
		kalloc_fail_after = -1;
		if (id >= 0)
			break;
		CHECK_EQ(id, -ENOMEM);
		CHECK_EQ(t_sys(td, sys_semget, 99, 1, 0), -ENOENT);
		CHECK(n < 100);
	}
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_semop(td, (int)id, 0, 1, SEM_UNDO);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETVAL), 0);
		CHECK(n < 100);
	}
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETVAL), 1);
	sem_exit(td->p); /* the process ends: its adjustment undoes the increment */
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, GETVAL), 0);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_RMID), 0);
	long q;
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		q = t_sys(td, sys_msgget, 98, IPC_CREAT | 0600);
		kalloc_fail_after = -1;
		if (q >= 0)
			break;
		CHECK_EQ(q, -ENOMEM);
		CHECK(n < 100);
	}
	int32_t m[2] = { 1, 7 };
	for (long n = 0;; n++) {
		kalloc_fail_after = n;
		long r = t_sys(td, sys_msgsnd, (sysarg_t)q, t_bytes(td, m, sizeof m), 4, 0);
		kalloc_fail_after = -1;
		if (r == 0)
			break;
		CHECK_EQ(r, -ENOMEM);
		CHECK(n < 100);
	}
	CHECK_EQ(t_sys(td, sys_msgctl, (sysarg_t)q, IPC_RMID), 0);
}

TEST(semop_limits_and_ranges)
{
	struct thread *td = t_proc(0, 0);
	int id = (int)t_sys(td, sys_semget, IPC_PRIVATE, 1, 0600);
	CHECK(id >= 0);
	CHECK_EQ(t_sys(td, sys_semop, (sysarg_t)id, t_alloc(td, 6), 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_semop, (sysarg_t)id, t_alloc(td, 6 * 501), 501), -E2BIG);
	CHECK_EQ(t_semop(td, id, 0, 32767, 0), 0);
	CHECK_EQ(t_semop(td, id, 0, 1, 0), -ERANGE);
	CHECK_EQ(t_semop(td, id, 0, -1, IPC_NOWAIT), 0);
	CHECK_EQ(t_sys(td, sys_semget, IPC_PRIVATE, 0, 0600), -EINVAL);
	CHECK_EQ(t_sys(td, sys_semget, IPC_PRIVATE, 32001, 0600), -EINVAL);
	CHECK_EQ(t_sys(td, sys_semctl, (sysarg_t)id, 0, IPC_RMID), 0);
	CHECK_EQ(t_semop(td, id, 0, 1, 0), -EINVAL);
}
