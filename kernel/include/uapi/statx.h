/* struct statx and its mask bits (Linux's, a 256-byte record with the same layout everywhere). */
#ifndef WP_UAPI_STATX_H
#define WP_UAPI_STATX_H

#include <stdint.h>

struct wp_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct wp_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t __spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct wp_statx_timestamp stx_atime;
	struct wp_statx_timestamp stx_btime;
	struct wp_statx_timestamp stx_ctime;
	struct wp_statx_timestamp stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t stx_mnt_id;
	uint64_t __spare2[13];
};

_Static_assert(sizeof(struct wp_statx) == 256, "statx size");
_Static_assert(__builtin_offsetof(struct wp_statx, stx_ino) == 32, "statx.stx_ino");
_Static_assert(__builtin_offsetof(struct wp_statx, stx_atime) == 64, "statx.stx_atime");
_Static_assert(__builtin_offsetof(struct wp_statx, stx_mtime) == 112, "statx.stx_mtime");
_Static_assert(__builtin_offsetof(struct wp_statx, stx_rdev_major) == 128, "statx.stx_rdev_major");
_Static_assert(__builtin_offsetof(struct wp_statx, stx_mnt_id) == 144, "statx.stx_mnt_id");

#define STATX_TYPE        0x0001u
#define STATX_MODE        0x0002u
#define STATX_NLINK       0x0004u
#define STATX_UID         0x0008u
#define STATX_GID         0x0010u
#define STATX_ATIME       0x0020u
#define STATX_MTIME       0x0040u
#define STATX_CTIME       0x0080u
#define STATX_INO         0x0100u
#define STATX_SIZE        0x0200u
#define STATX_BLOCKS      0x0400u
#define STATX_BASIC_STATS 0x07ffu
#define STATX_BTIME       0x0800u
#define STATX_MNT_ID      0x1000u
#define STATX__RESERVED   0x80000000u

#endif
