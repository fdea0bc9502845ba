/*
 * The kernel's stat record for fstatat64/fstat64: struct wp_kstat of
 * kernel/include/uapi/stat.h field for field (tests/abi checks the offsets). The times are
 * 64-bit, so musl's fstatat calls fstatat64 directly instead of trying statx first.
 */
struct kstat {
	dev_t st_dev;
	ino_t st_ino;
	mode_t st_mode;
	nlink_t st_nlink;
	uid_t st_uid;
	gid_t st_gid;
	dev_t st_rdev;
	unsigned long long __pad1;
	off_t st_size;
	blksize_t st_blksize;
	int __pad2;
	blkcnt_t st_blocks;
	long long st_atime_sec;
	long long st_atime_nsec;
	long long st_mtime_sec;
	long long st_mtime_nsec;
	long long st_ctime_sec;
	long long st_ctime_nsec;
};
