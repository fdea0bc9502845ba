/*
 * Unpacking a ustar/pax tar image into the VFS (the root image at boot, or an embedder's).
 */
#ifndef KERNEL_TAR_H
#define KERNEL_TAR_H

#include "kernel.h"

struct vnode;

/*
 * Unpacks image (len bytes) below dir as root: regular files, directories, symlinks, hard
 * links, FIFOs and devices, with their modes, owners and mtimes; missing parent directories
 * are made (0755). pax 'x' records (path, linkpath, size, uid, gid, mtime) and GNU long
 * names are understood. 0, or -EINVAL for a damaged image, or the first VFS error.
 */
int tar_unpack(struct vnode *dir, const void *image, size_t len);

#endif
