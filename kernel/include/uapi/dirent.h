/* getdents64's record (struct linux_dirent64) and d_type values. */
#ifndef WP_UAPI_DIRENT_H
#define WP_UAPI_DIRENT_H

#include <stdint.h>

/* d_ino, d_off, d_reclen, d_type, then the NUL-terminated name; each record 8-byte aligned. */
struct wp_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

#define WP_DIRENT64_NAME_OFFSET 19
_Static_assert(__builtin_offsetof(struct wp_dirent64, d_name) == WP_DIRENT64_NAME_OFFSET,
	       "dirent64 layout");

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

#endif
