/* Filesystem bring-up at boot (fsboot.c). */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include "kernel.h"

/* Mounts memfs on /, unpacks the tar image into it, mounts /tmp, /dev and /proc. */
int fs_boot(const void *image, size_t len);

#endif
