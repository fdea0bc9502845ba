/* System V IPC: keys and ids, semaphores (atomic arrays, blocking across processes,
 * IPC_NOWAIT, timeouts, SEM_UNDO when a process is killed, GETNCNT), message queues (types,
 * MSG_EXCEPT, negative types, truncation, blocking), IPC_STAT/IPC_SET/IPC_RMID. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static void nap_ms(int ms)
{
	struct timespec t = { 0, ms * 1000000L };
	nanosleep(&t, NULL);
}

static void test_keys_and_ids(void)
{
	key_t k = ftok("/", 'w');
	CHECK(k != -1);
	int id = semget(k, 2, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id >= 0);
	CHECK(semget(k, 2, 0600) == id);
	CHECK(semget(k, 1, 0) == id); /* fewer is fine */
	errno = 0;
	CHECK(semget(k, 3, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(semget(k, 2, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST);
	int p1 = semget(IPC_PRIVATE, 1, 0600), p2 = semget(IPC_PRIVATE, 1, 0600);
	CHECK(p1 >= 0 && p2 >= 0 && p1 != p2);
	CHECK(semctl(id, 0, IPC_RMID) == 0 && semctl(p1, 0, IPC_RMID) == 0);
	CHECK(semctl(p2, 0, IPC_RMID) == 0);
	errno = 0;
	CHECK(semget(k, 2, 0) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(semctl(id, 0, GETVAL) == -1 && errno == EINVAL);
}

static void test_semop_is_all_or_nothing(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	CHECK(id >= 0);
	unsigned short init[2] = { 1, 0 };
	CHECK(semctl(id, 0, SETALL, (union semun){ .array = init }) == 0);
	/* the second would block: neither applies */
	struct sembuf ops[2] = { { 0, -1, IPC_NOWAIT }, { 1, -1, IPC_NOWAIT } };
	errno = 0;
	CHECK(semop(id, ops, 2) == -1 && errno == EAGAIN);
	CHECK(semctl(id, 0, GETVAL) == 1 && semctl(id, 1, GETVAL) == 0);
	struct sembuf inc = { 1, 3, 0 };
	CHECK(semop(id, &inc, 1) == 0);
	CHECK(semop(id, ops, 2) == 0);
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 1, GETVAL) == 2);
	CHECK(semctl(id, 1, GETPID) == getpid());
	unsigned short got[2];
	CHECK(semctl(id, 0, GETALL, (union semun){ .array = got }) == 0 && got[1] == 2);
	/* wait-for-zero, and its errors */
	struct sembuf zero = { 0, 0, IPC_NOWAIT };
	CHECK(semop(id, &zero, 1) == 0);
	struct sembuf bad = { 2, 1, 0 };
	errno = 0;
	CHECK(semop(id, &bad, 1) == -1 && errno == EFBIG);
	errno = 0;
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 40000 }) == -1 && errno == ERANGE);
	struct timespec t = { 0, 20000000 };
	struct sembuf dec = { 0, -1, 0 };
	errno = 0;
	CHECK(semtimedop(id, &dec, 1, &t) == -1 && errno == EAGAIN);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

static void test_a_waiter_in_another_process_and_getncnt(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	CHECK(id >= 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		struct sembuf dec = { 0, -2, 0 };
		_exit(semop(id, &dec, 1) == 0 ? 0 : 1);
	}
	for (int i = 0; i < 2500 && semctl(id, 0, GETNCNT) != 1; i++)
		nap_ms(2);
	CHECK(semctl(id, 0, GETNCNT) == 1 && semctl(id, 0, GETZCNT) == 0);
	struct sembuf one = { 0, 1, 0 };
	CHECK(semop(id, &one, 1) == 0);
	nap_ms(20);
	CHECK(semctl(id, 0, GETNCNT) == 1); /* 1 is not enough for -2 */
	CHECK(semop(id, &one, 1) == 0);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(semctl(id, 0, GETVAL) == 0);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

static void test_sem_undo_when_the_process_is_killed(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	CHECK(id >= 0);
	CHECK(semctl(id, 0, SETVAL, (union semun){ .val = 1 }) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		struct sembuf take = { 0, -1, SEM_UNDO };
		if (semop(id, &take, 1) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	for (int i = 0; i < 2500 && semctl(id, 0, GETVAL) != 0; i++)
		nap_ms(2);
	CHECK(semctl(id, 0, GETVAL) == 0);
	CHECK(kill(c, SIGKILL) == 0);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st));
	CHECK(semctl(id, 0, GETVAL) == 1); /* given back */
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

static void test_removal_wakes_waiters_with_eidrm(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	CHECK(id >= 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		struct sembuf dec = { 0, -1, 0 };
		_exit(semop(id, &dec, 1) == -1 && errno == EIDRM ? 0 : 1);
	}
	for (int i = 0; i < 2500 && semctl(id, 0, GETNCNT) != 1; i++)
		nap_ms(2);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void test_sem_stat_and_set(void)
{
	int id = semget(IPC_PRIVATE, 3, 0640);
	CHECK(id >= 0);
	struct semid_ds ds;
	CHECK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0);
	CHECK(ds.sem_nsems == 3 && (ds.sem_perm.mode & 0777) == 0640);
	CHECK(ds.sem_perm.uid == geteuid() && ds.sem_perm.cuid == geteuid());
	ds.sem_perm.mode = 0600;
	CHECK(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) == 0);
	CHECK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0);
	CHECK((ds.sem_perm.mode & 0777) == 0600);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

struct msg {
	long type;
	char text[16];
};

static void put(int q, long type, const char *text)
{
	struct msg m = { type, { 0 } };
	strcpy(m.text, text);
	CHECK(msgsnd(q, &m, strlen(text) + 1, 0) == 0);
}

static void test_message_types(void)
{
	int q = msgget(IPC_PRIVATE, 0600);
	CHECK(q >= 0);
	put(q, 3, "c1");
	put(q, 1, "a1");
	put(q, 2, "b1");
	put(q, 1, "a2");
	struct msg m;
	CHECK(msgrcv(q, &m, sizeof m.text, 2, 0) == 3 && m.type == 2 && !strcmp(m.text, "b1"));
	CHECK(msgrcv(q, &m, sizeof m.text, 1, MSG_EXCEPT) == 3 && !strcmp(m.text, "c1"));
	put(q, 5, "e1");
	CHECK(msgrcv(q, &m, sizeof m.text, -4, 0) == 3 && !strcmp(m.text, "a1"));
	CHECK(msgrcv(q, &m, sizeof m.text, 0, 0) == 3 && !strcmp(m.text, "a2"));
	/* too big: E2BIG and it stays, or truncated with MSG_NOERROR */
	errno = 0;
	CHECK(msgrcv(q, &m, 1, 0, 0) == -1 && errno == E2BIG);
	CHECK(msgrcv(q, &m, 1, 0, MSG_NOERROR) == 1 && m.text[0] == 'e');
	errno = 0;
	CHECK(msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT) == -1 && errno == ENOMSG);
	struct msg bad = { 0, "x" };
	errno = 0;
	CHECK(msgsnd(q, &bad, 2, 0) == -1 && errno == EINVAL);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
}

static void test_queue_limits_and_a_blocked_sender(void)
{
	int q = msgget(IPC_PRIVATE, 0600);
	CHECK(q >= 0);
	struct msqid_ds ds;
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 16384 && ds.msg_qnum == 0);
	ds.msg_qbytes = 8;
	CHECK(msgctl(q, IPC_SET, &ds) == 0);
	put(q, 1, "1234567"); /* 8 bytes: full */
	struct msg m = { 1, "x" };
	errno = 0;
	CHECK(msgsnd(q, &m, 2, IPC_NOWAIT) == -1 && errno == EAGAIN);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0)
		_exit(msgsnd(q, &m, 2, 0) == 0 ? 0 : 1); /* waits for room */
	nap_ms(20);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1 && ds.msg_cbytes == 8);
	CHECK(msgrcv(q, &m, sizeof m.text, 0, 0) == 8);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1 && ds.msg_lspid == c);
	CHECK(ds.msg_lrpid == getpid());
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	errno = 0;
	CHECK(msgsnd(q, &m, 2, 0) == -1 && errno == EINVAL);
}

int main(void)
{
	RUN(test_keys_and_ids);
	RUN(test_semop_is_all_or_nothing);
	RUN(test_a_waiter_in_another_process_and_getncnt);
	RUN(test_sem_undo_when_the_process_is_killed);
	RUN(test_removal_wakes_waiters_with_eidrm);
	RUN(test_sem_stat_and_set);
	RUN(test_message_types);
	RUN(test_queue_limits_and_a_blocked_sender);
	puts("sysv ok");
	return 0;
}
