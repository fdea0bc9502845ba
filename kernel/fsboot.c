/*
 * Filesystem bring-up (boot.h): memfs on /, the root image, then /tmp, /dev, /dev/shm (a
 * tmpfs, for shm_open and sem_open) and /proc.
 */
#include "boot.h"
#include "vfs.h"
#include "memfs.h"
#include "tar.h"
#include "proc.h"

/* The constructors of devfs (devfs.c) and procfs (procfs.c). */
struct mount *devfs_new(void);
struct mount *procfs_new(void);

static int mount_at(struct mount *m, const char *path, uint32_t mode)
{
	struct proc kp = { .pid = 0 };
	int err;

	if (!m)
		return -ENOMEM;
	err = vfs_mkdir(&kp, NULL, path, mode);
	if (err && err != -EEXIST) {
		m->covered = NULL;
		return err;
	}
	err = vfs_mount(m, path);
	return err;
}


static int mount_one(struct mount *m, const char *path, uint32_t mode)
{
	int err = mount_at(m, path, mode);

	if (err)
		mount_discard(m);
	return err;
}

int fs_boot(const void *image, size_t len)
{
	struct mount *root = memfs_new("tmpfs", 0755, 0); /* not "rootfs", which df and findmnt skip */
	int err;

	if (!root)
		return -ENOMEM;
	err = vfs_mount_root(root);
	if (err) {
		mount_discard(root);
		return err;
	}
	if (len) {
		err = tar_unpack(vfs_root(), image, len);
		if (err)
			return err;
	}
	err = mount_one(memfs_new("tmpfs", 01777, 0), "/tmp", 01777);
	if (!err)
		err = mount_one(devfs_new(), "/dev", 0755);
	if (!err)
		err = mount_one(memfs_new("tmpfs", 01777, 0), "/dev/shm", 01777);
	if (!err)
		err = mount_one(procfs_new(), "/proc", 0555);
	return err;
}
