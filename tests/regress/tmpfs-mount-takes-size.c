/*
 * A memfs mount had no size a guest could set (tmpfs's size=): mount(2) was ENOSYS. Now
 * mount -t tmpfs takes size=, nr_inodes= and mode=, writes past the size are ENOSPC, statfs
 * reports it, and a remount changes it (never below what is in use).
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "check.h"

/* Bytes written to path before ENOSPC. */
static long fill(const char *path)
{
	static char buf[65536];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	long total = 0;
	ssize_t n;
	while ((n = write(fd, buf, sizeof buf)) > 0)
		total += n;
	CHECK(n < 0 && errno == ENOSPC);
	CHECK(close(fd) == 0);
	return total;
}

int main(void)
{
	CHECK(mkdir("/mnt", 0755) == 0 || errno == EEXIST);
	CHECK(mkdir("/mnt/t", 0755) == 0 || errno == EEXIST);
	CHECK(mount("tmpfs", "/mnt/t", "tmpfs", 0, "size=4m,nr_inodes=8,mode=0700") == 0);

	struct stat st;
	CHECK(stat("/mnt/t", &st) == 0 && (st.st_mode & 07777) == 0700);
	struct statfs sf;
	CHECK(statfs("/mnt/t", &sf) == 0 && sf.f_blocks * sf.f_bsize == 4 << 20 && sf.f_files == 8);
	CHECK(fill("/mnt/t/big") == 4 << 20);

	/* the inode limit: the root and "big" are two of the eight */
	int made = 0;
	for (int i = 0; i < 10; i++) {
		char name[32];
		snprintf(name, sizeof name, "/mnt/t/f%d", i);
		int fd = open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0) {
			CHECK(errno == ENOSPC);
			break;
		}
		close(fd);
		made++;
	}
	CHECK(made == 6);

	errno = 0;
	CHECK(mount(NULL, "/mnt/t", NULL, MS_REMOUNT, "size=1m") == -1 && errno == EINVAL);
	CHECK(mount(NULL, "/mnt/t", NULL, MS_REMOUNT, "size=8m") == 0);
	CHECK(unlink("/mnt/t/big") == 0);
	CHECK(fill("/mnt/t/big") == 8 << 20);

	errno = 0;
	CHECK(mount("x", "/mnt/t", "ext4", 0, NULL) == -1 && errno == ENODEV);
	errno = 0;
	CHECK(mount("tmpfs", "/mnt/t", "tmpfs", 0, "bogus=1") == -1 && errno == EINVAL);
	errno = 0;
	CHECK(mount("tmpfs", "/mnt/t/big", "tmpfs", 0, NULL) == -1 && errno == ENOTDIR);
	return 0;
}
