/*
 * File types and modes, and struct wp_kstat: the stat record fstatat64 and fstat64 fill.
 * musl's arch/wasm32/kstat.h is this struct with the same names (64-bit times), so musl's
 * fstatat calls fstatat64 directly. Values are Linux's asm-generic ones.
 */
#ifndef WP_UAPI_STAT_H
#define WP_UAPI_STAT_H

#include <stdint.h>

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISUID  04000
#define S_ISGID  02000
#define S_ISVTX  01000
#define S_IRWXU  00700
#define S_IRUSR  00400
#define S_IWUSR  00200
#define S_IXUSR  00100
#define S_IRWXG  00070
#define S_IRGRP  00040
#define S_IWGRP  00020
#define S_IXGRP  00010
#define S_IRWXO  00007
#define S_IROTH  00004
#define S_IWOTH  00002
#define S_IXOTH  00001

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

/* Device numbers as glibc/musl encode them in a 64-bit dev_t. */
#define WP_MKDEV(ma, mi) \
	((((uint64_t)(ma) & 0xfffff000u) << 32) | (((uint64_t)(ma) & 0xfffu) << 8) | \
	 (((uint64_t)(mi) & 0xffffff00u) << 12) | ((uint64_t)(mi) & 0xffu))
#define WP_MAJOR(d) ((uint32_t)((((d) >> 32) & 0xfffff000u) | (((d) >> 8) & 0xfffu)))
#define WP_MINOR(d) ((uint32_t)((((d) >> 12) & 0xffffff00u) | ((d) & 0xffu)))

struct wp_kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t __pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t __pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	int64_t st_atime_nsec;
	int64_t st_mtime_sec;
	int64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	int64_t st_ctime_nsec;
};

_Static_assert(sizeof(struct wp_kstat) == 120, "wp_kstat size");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_ino) == 8, "wp_kstat.st_ino");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_mode) == 16, "wp_kstat.st_mode");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_nlink) == 20, "wp_kstat.st_nlink");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_uid) == 24, "wp_kstat.st_uid");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_gid) == 28, "wp_kstat.st_gid");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_rdev) == 32, "wp_kstat.st_rdev");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_size) == 48, "wp_kstat.st_size");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_blksize) == 56, "wp_kstat.st_blksize");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_blocks) == 64, "wp_kstat.st_blocks");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_atime_sec) == 72, "wp_kstat.st_atime_sec");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_mtime_sec) == 88, "wp_kstat.st_mtime_sec");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_ctime_sec) == 104, "wp_kstat.st_ctime_sec");
_Static_assert(__builtin_offsetof(struct wp_kstat, st_ctime_nsec) == 112, "wp_kstat.st_ctime_nsec");

/*
 * struct timespec as the time64 syscalls take it (utimensat_time64). On input only the low
 * 32 bits of tv_nsec count (a 32-bit guest's long).
 */
struct wp_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

_Static_assert(sizeof(struct wp_timespec) == 16, "wp_timespec size");

/* utimensat's special tv_nsec values */
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

#endif
