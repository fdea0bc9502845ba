/*
 * memfs: the in-memory filesystem of / and /tmp. Regular files keep their data in 4 KiB file
 * pages (fpage.h) allocated on first write (sparse files cost nothing for their holes).
 */
#ifndef KERNEL_MEMFS_H
#define KERNEL_MEMFS_H

#include "vfs.h"

#define MEMFS_PAGE 4096

/*
 * A new memfs with an empty root directory of mode (e.g. 0755 or 01777), holding at most size
 * bytes of file data (0: half the memory budget, as tmpfs takes half the RAM), or NULL.
 */
struct mount *memfs_new(const char *source, uint32_t root_mode, uint64_t size);

/*
 * New limits for memfs mount m (0 keeps one): bytes of file data, inodes. 0, or -EINVAL when
 * smaller than what is in use (as tmpfs's remount).
 */
int memfs_set_limits(struct mount *m, uint64_t size, uint64_t inodes);

/* Whether vn is a memfs node (tar.c and tests). */
bool memfs_is(struct vnode *vn);

#endif
