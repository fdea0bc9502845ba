/*
 * Allocation failure: each operation runs with the Nth allocation failing, N = 0, 1, ...
 * until it succeeds. Every failed run must report ENOMEM/ENOSPC and leave no trace; the
 * leak checker at exit proves nothing was lost along the way.
 */
#include "t.h"
#include "tar.h"
#include "boot.h"

static bool out_of_memory(long r)
{
	return r == -ENOMEM || r == -ENOSPC || r == -ENOLCK;
}

/* Runs op under fault injection; check verifies that a failed run changed nothing. */
static int inject(struct thread *td, long (*op)(struct thread *), void (*check)(struct thread *))
{
	for (long n = 0; n < 10000; n++) {
		long r;

		kalloc_fail_after = n;
		r = op(td);
		kalloc_fail_after = -1;
		if (!out_of_memory(r)) {
			CHECK(r >= 0);
			return (int)n;
		}
		if (check)
			check(td);
	}
	test_fail(__FILE__, __LINE__, "never succeeded");
}

static void none_new(struct thread *td)
{
	struct wp_kstat st;

	CHECK_EQ(t_lstat(td, "/tmp/new", &st), -ENOENT);
}

static long op_creat(struct thread *td)
{
	return t_open(td, "/tmp/new", O_CREAT | O_WRONLY, 0644);
}

static long op_mkdir(struct thread *td)
{
	return t_mkdir(td, "/tmp/new", 0755);
}

static long op_symlink(struct thread *td)
{
	return t_sys(td, sys_symlinkat, t_str(td, "target"), (sysarg_t)AT_FDCWD, t_str(td, "/tmp/new"));
}

static long op_link(struct thread *td)
{
	return t_sys(td, sys_linkat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/old"), (sysarg_t)AT_FDCWD,
		     t_str(td, "/tmp/new"), 0);
}

static long op_rename(struct thread *td)
{
	return t_sys(td, sys_renameat2, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/old"), (sysarg_t)AT_FDCWD,
		     t_str(td, "/tmp/new"), 0);
}

static void old_still_there(struct thread *td)
{
	struct wp_kstat st;

	none_new(td);
	CHECK_EQ(t_stat(td, "/tmp/old", &st), 0);
}

TEST(creating_nodes_survives_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;

	CHECK(inject(td, op_creat, none_new) > 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/tmp/new"), 0), 0);
	CHECK(inject(td, op_mkdir, none_new) > 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/tmp/new"), (sysarg_t)AT_REMOVEDIR), 0);
	CHECK(inject(td, op_symlink, none_new) > 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/tmp/new"), 0), 0);
	t_file(td, "/tmp/old", "x");
	CHECK(inject(td, op_link, old_still_there) > 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/tmp/new"), 0), 0);
	CHECK(inject(td, op_rename, old_still_there) > 0);
}

static int wfd;

static long op_write(struct thread *td)
{
	static char data[3 * 4096];

	memset(data, 'w', sizeof(data));
	return t_write(td, wfd, data, sizeof(data));
}

static void write_left_nothing(struct thread *td)
{
	struct wp_kstat st;

	CHECK_EQ(t_stat(td, "/tmp/w", &st), 0);
	CHECK_EQ(st.st_size, 0);
}

TEST(a_write_that_cannot_get_its_first_page_fails_whole)
{
	struct thread *td = t_proc(0, 0);

	wfd = t_open(td, "/tmp/w", O_CREAT | O_RDWR, 0644);
	kalloc_fail_after = 0;
	CHECK_EQ(op_write(td), -ENOSPC);
	kalloc_fail_after = -1;
	write_left_nothing(td);
	/* a later page failing gives a short write of what fit */
	kalloc_fail_after = 2;
	long r = op_write(td);
	kalloc_fail_after = -1;
	CHECK(r > 0 && r < 3 * 4096 && r % 4096 == 0);
}

static long op_dup_far(struct thread *td)
{
	return t_sys(td, sys_dup3, 0, 500, 0);
}

static long op_open_dir(struct thread *td)
{
	return t_open(td, "/tmp", O_RDONLY, 0);
}

static long op_getdents(struct thread *td)
{
	return t_sys(td, sys_getdents64, 0, t_alloc(td, 256), 256);
}

static long op_lock(struct thread *td)
{
	struct wp_flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 10 };

	return t_sys(td, sys_fcntl, 1, F_SETLK, t_bytes(td, &fl, sizeof(fl)));
}

TEST(fd_and_descriptor_calls_survive_every_allocation_failure)
{
	struct thread *td = t_proc(0, 0);

	CHECK_EQ(t_open(td, "/tmp", O_RDONLY, 0), 0);
	inject(td, op_dup_far, NULL);
	inject(td, op_open_dir, NULL);
	inject(td, op_getdents, NULL);
	t_file(td, "/tmp/l", "");
	CHECK_EQ(t_sys(td, sys_dup3, (sysarg_t)t_open(td, "/tmp/l", O_RDWR, 0), 1, 0), 1);
	inject(td, op_lock, NULL);
}

/* A tiny ustar image built here: a dir, files, a symlink, a hard link and a pax path. */
static size_t tar_put(unsigned char *img, size_t off, const char *name, char type, unsigned mode,
		      unsigned uid, const char *link, const char *data)
{
	unsigned char *h = img + off;
	size_t len = data ? strlen(data) : 0;
	unsigned sum = 0;

	memset(h, 0, 512);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 108, 8, "%07o", uid);
	snprintf((char *)h + 116, 8, "%07o", uid);
	snprintf((char *)h + 124, 12, "%011zo", len);
	snprintf((char *)h + 136, 12, "%011o", 1000000000u);
	memset(h + 148, ' ', 8);
	h[156] = (unsigned char)type;
	if (link)
		snprintf((char *)h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	off += 512;
	if (len) {
		memset(img + off, 0, (len + 511) & ~511u);
		memcpy(img + off, data, len);
		off += (len + 511) & ~511u;
	}
	return off;
}

static unsigned char image[16384];
static size_t image_len;

static void build_image(void)
{
	size_t o = 0;
	char pax[128];
	const char *longname = "etc/a/very/long/path/name/that/is/given/by/a/pax/record/file";

	o = tar_put(image, o, "./etc/", '5', 0755, 0, NULL, NULL);
	o = tar_put(image, o, "./etc/passwd", '0', 0644, 0, NULL, "root:x:0:0::/root:/bin/sh\n");
	o = tar_put(image, o, "./home/user/", '5', 0700, 1000, NULL, NULL);
	o = tar_put(image, o, "./bin/tool", '0', 04755, 0, NULL, "#!/bin/sh\n");
	o = tar_put(image, o, "./bin/sh", '2', 0777, 0, "tool", NULL);
	o = tar_put(image, o, "./bin/hard", '1', 0755, 0, "./bin/tool", NULL);
	o = tar_put(image, o, "./tmp/", '5', 01777, 0, NULL, NULL);
	o = tar_put(image, o, "./run/fifo", '6', 0600, 0, NULL, NULL);
	snprintf(pax, sizeof(pax), "%zu path=%s\n", strlen(longname) + 9, longname);
	o = tar_put(image, o, "PaxHeader", 'x', 0644, 0, NULL, pax);
	o = tar_put(image, o, "short", '0', 0600, 0, NULL, "long");
	memset(image + o, 0, 1024);
	image_len = o + 1024;
}

TEST_NOBOOT(the_root_image_unpacks_with_modes_owners_links_and_times)
{
	struct thread *td;
	struct wp_kstat st, st2;
	char buf[64] = { 0 };
	int fd;

	build_image();
	CHECK_EQ(fs_boot(image, image_len), 0);
	td = t_proc(0, 0);
	CHECK_EQ(t_stat(td, "/etc/passwd", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644);
	CHECK_EQ(st.st_mtime_sec, 1000000000);
	CHECK_EQ(t_stat(td, "/home/user", &st), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0700);
	CHECK_EQ(st.st_uid, 1000);
	CHECK_EQ(t_stat(td, "/bin/tool", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 04755);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(t_stat(td, "/bin/hard", &st2), 0);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(t_lstat(td, "/bin/sh", &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(t_lstat(td, "/run/fifo", &st), 0);
	CHECK_EQ(st.st_mode, S_IFIFO | 0600);
	fd = t_open(td, "/etc/a/very/long/path/name/that/is/given/by/a/pax/record/file", O_RDONLY, 0);
	CHECK(fd >= 0);
	CHECK_EQ(t_read(td, fd, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "long");
	/* /tmp is a separate memfs mounted over the image's /tmp */
	CHECK_EQ(t_stat(td, "/tmp", &st), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 01777);
}

TEST_NOBOOT(a_damaged_image_is_refused)
{
	build_image();
	image[100] ^= 1; /* breaks the first header's checksum */
	CHECK_EQ(fs_boot(image, image_len), -EINVAL);
}

TEST_NOBOOT(booting_from_an_image_survives_every_allocation_failure)
{
	long n;
	int r = -ENOMEM;

	build_image();
	for (n = 0; n < 10000 && out_of_memory(r); n++) {
		kalloc_fail_after = n;
		r = fs_boot(image, image_len);
		kalloc_fail_after = -1;
		if (vfs_mounts() && out_of_memory(r))
			vfs_shutdown();
	}
	CHECK_EQ(r, 0);
	CHECK(n > 20);
}
