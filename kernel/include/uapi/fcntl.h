/* open flags, fcntl commands, *at flags, locks: Linux asm-generic values, as musl uses them. */
#ifndef WP_UAPI_FCNTL_H
#define WP_UAPI_FCNTL_H

#include <stdint.h>

#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DSYNC     00010000
#define O_ASYNC     00020000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define __O_SYNC    04000000
#define O_SYNC      (__O_SYNC | O_DSYNC)
#define O_PATH      010000000
#define __O_TMPFILE 020000000
#define O_TMPFILE   (__O_TMPFILE | O_DIRECTORY)

/* fcntl commands */
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_SETOWN        8
#define F_GETOWN        9
#define F_SETSIG        10
#define F_GETSIG        11
/* what musl's 32-bit arches pass for F_GETLK/F_SETLK/F_SETLKW (64-bit off_t) */
#define F_GETLK64       12
#define F_SETLK64       13
#define F_SETLKW64      14
#define F_SETOWN_EX     15
#define F_GETOWN_EX     16
#define F_OFD_GETLK     36
#define F_OFD_SETLK     37
#define F_OFD_SETLKW    38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ    1031
#define F_GETPIPE_SZ    1032
#define F_ADD_SEALS     1033
#define F_GET_SEALS     1034

#define FD_CLOEXEC 1

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

/*
 * struct flock as a wasm32 guest lays it out (64-bit off_t, naturally aligned). Linux's
 * struct flock64 on i386 is packed to 24 bytes; ours follows the guest's C layout.
 */
struct wp_flock {
	int16_t l_type;
	int16_t l_whence;
	int32_t __pad;
	int64_t l_start;
	int64_t l_len;
	int32_t l_pid;
	int32_t __pad2;
};

_Static_assert(sizeof(struct wp_flock) == 32, "wp_flock size");
_Static_assert(__builtin_offsetof(struct wp_flock, l_start) == 8, "wp_flock.l_start");
_Static_assert(__builtin_offsetof(struct wp_flock, l_len) == 16, "wp_flock.l_len");
_Static_assert(__builtin_offsetof(struct wp_flock, l_pid) == 24, "wp_flock.l_pid");

/* flock(2) */
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* *at calls */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000
#define AT_STATX_SYNC_TYPE  0x6000

/* renameat2 */
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#define RENAME_WHITEOUT  4

/* faccessat */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek */
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* fallocate */
#define FALLOC_FL_KEEP_SIZE  0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_ZERO_RANGE 0x10

#endif
