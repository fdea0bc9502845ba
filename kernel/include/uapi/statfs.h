/* struct statfs64 as a wasm32 guest lays it out (asm-generic, 32-bit words, 64-bit counts). */
#ifndef WP_UAPI_STATFS_H
#define WP_UAPI_STATFS_H

#include <stdint.h>

struct wp_statfs64 {
	uint32_t f_type;
	uint32_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen;
	uint32_t f_frsize;
	uint32_t f_flags;
	uint32_t f_spare[4];
	uint32_t __pad;
};

_Static_assert(sizeof(struct wp_statfs64) == 88, "statfs64 size");
_Static_assert(__builtin_offsetof(struct wp_statfs64, f_fsid) == 48, "statfs64.f_fsid");
_Static_assert(__builtin_offsetof(struct wp_statfs64, f_flags) == 64, "statfs64.f_flags");

/* f_type magic numbers (Linux's) */
#define TMPFS_MAGIC     0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define DEVFS_MAGIC     0x1373
#define HOSTFS_MAGIC    0x00c0ffee

/* f_flags */
#define ST_RDONLY 1
#define ST_NOSUID 2

#endif
