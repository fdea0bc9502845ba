/*
 * System V IPC: keys, flags, commands and the layouts musl passes on wasm32 (its generic
 * bits with a 64-bit time_t; musl ORs IPC_64 into every ctl command).
 */
#ifndef WP_UAPI_IPC_H
#define WP_UAPI_IPC_H

#include <stdint.h>

#define IPC_PRIVATE 0
#define IPC_CREAT   01000
#define IPC_EXCL    02000
#define IPC_NOWAIT  04000
#define IPC_RMID    0
#define IPC_SET     1
#define IPC_STAT    2
#define IPC_INFO    3
#define IPC_64      0x100

#define SEM_UNDO    0x1000
#define GETPID      11
#define GETVAL      12
#define GETALL      13
#define GETNCNT     14
#define GETZCNT     15
#define SETVAL      16
#define SETALL      17
#define SEM_STAT    18
#define SEM_INFO    19

#define MSG_STAT    11
#define MSG_INFO    12
#define MSG_NOERROR 010000
#define MSG_EXCEPT  020000

struct wp_ipc_perm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid, mode;
	int32_t seq;
	int32_t pad[2];
};
_Static_assert(sizeof(struct wp_ipc_perm) == 36, "ipc_perm layout");

struct wp_semid_ds {
	struct wp_ipc_perm perm;
	uint32_t pad0;
	int64_t otime, ctime;
	uint16_t nsems;
	uint16_t pad1;
	int32_t unused[3];
};
_Static_assert(sizeof(struct wp_semid_ds) == 72, "semid_ds layout");

struct wp_msqid_ds {
	struct wp_ipc_perm perm;
	uint32_t pad0;
	int64_t stime, rtime, ctime;
	uint32_t cbytes, qnum, qbytes;
	int32_t lspid, lrpid;
	uint32_t unused[3];
};
_Static_assert(sizeof(struct wp_msqid_ds) == 96, "msqid_ds layout");

struct wp_sembuf {
	uint16_t num;
	int16_t op;
	int16_t flg;
};
_Static_assert(sizeof(struct wp_sembuf) == 6, "sembuf layout");

/* IPC_INFO / SEM_INFO */
struct wp_seminfo {
	int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};
_Static_assert(sizeof(struct wp_seminfo) == 40, "seminfo layout");

/* IPC_INFO / MSG_INFO */
struct wp_msginfo {
	int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	uint16_t msgseg, pad;
};
_Static_assert(sizeof(struct wp_msginfo) == 32, "msginfo layout");

#endif
