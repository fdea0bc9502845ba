/*
 * hostfs over a real temporary directory: ordinary use, and confinement — a test for each
 * way out (.., an absolute symlink, a relative symlink chain, a symlink to a directory
 * outside, rename out), plus the host side's own refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "t.h"
#include "hostfs.h"

int fakehost_fs_register(const char *dir);
int fakehost_fs_live(void);
int open(const char *path, int flags, ...); /* the host's (t.h brings the guest's O_* flags) */
long fakehost_fs_calls(void);

static char top[256], inside[300];

/* A host tree: top/{secret, inside/{hello, sub/}} with inside mounted on guest /mnt/h. */
static struct thread *setup(void)
{
	struct thread *td = t_proc(0, 0);
	char p[400];
	FILE *f;

	snprintf(top, sizeof(top), "/tmp/wp-hostfs-XXXXXX");
	CHECK(mkdtemp(top));
	snprintf(inside, sizeof(inside), "%s/inside", top);
	CHECK_EQ(mkdir(inside, 0755), 0);
	snprintf(p, sizeof(p), "%s/secret", top);
	f = fopen(p, "w");
	fputs("SECRET", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/hello", inside);
	f = fopen(p, "w");
	fputs("hello from the host", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/sub", inside);
	CHECK_EQ(mkdir(p, 0755), 0);
	CHECK_EQ(t_mkdir(td, "/mnt", 0755), 0);
	CHECK_EQ(t_mkdir(td, "/mnt/h", 0755), 0);
	t_file(td, "/mnt/secret", "guest file beside the mount");
	CHECK_EQ(hostfs_mount("/mnt/h", fakehost_fs_register(inside), false), 0);
	return td;
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	CHECK_EQ(system(cmd), 0);
}

static void host_symlink(const char *target, const char *name)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/%s", inside, name);
	CHECK_EQ(symlink(target, p), 0);
}

/* Whether the n bytes at d contain needle (kernel.h's string functions have no memmem). */
static bool contains(const char *d, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(d + i, needle, k))
			return true;
	return false;
}

/* Reads a guest file's contents, or returns the open error as a string. */
static const char *slurp(struct thread *td, const char *path)
{
	static char buf[128];
	int fd = t_open(td, path, O_RDONLY, 0);
	long n;

	if (fd < 0) {
		snprintf(buf, sizeof(buf), "error %d", fd);
		return buf;
	}
	n = t_read(td, fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	t_sys(td, sys_close, (sysarg_t)fd);
	return buf;
}

TEST(hostfs_reads_writes_lists_and_renames_host_files)
{
	struct thread *td = setup();
	struct wp_kstat st;
	char p[400];
	uaddr_t buf = t_alloc(td, 1024);
	long n;
	int fd;

	CHECK_STR(slurp(td, "/mnt/h/hello"), "hello from the host");
	t_file(td, "/mnt/h/sub/new", "written by the guest");
	snprintf(p, sizeof(p), "%s/sub/new", inside);
	CHECK_EQ(access(p, F_OK), 0);
	CHECK_EQ(t_stat(td, "/mnt/h/sub/new", &st), 0);
	CHECK_EQ(st.st_size, 20);
	CHECK_EQ(t_sys(td, sys_renameat2, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/sub/new"), (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/moved"), 0), 0);
	CHECK_STR(slurp(td, "/mnt/h/moved"), "written by the guest");
	fd = t_open(td, "/mnt/h", O_RDONLY | O_DIRECTORY, 0);
	n = t_sys(td, sys_getdents64, (sysarg_t)fd, buf, 1024);
	CHECK(n > 0);
	CHECK_EQ(t_mkdir(td, "/mnt/h/d", 0700), 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/d"), (sysarg_t)AT_REMOVEDIR), 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/moved"), 0), 0);
	CHECK_EQ(t_stat(td, "/mnt/h/moved", &st), -ENOENT);
	/* getcwd inside the mount names guest paths */
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/mnt/h/sub")), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 64), 11);
	teardown();
}

TEST(dotdot_from_the_hostfs_root_reaches_the_guest_not_the_host)
{
	struct thread *td = setup();

	CHECK_STR(slurp(td, "/mnt/h/../secret"), "guest file beside the mount");
	CHECK_STR(slurp(td, "/mnt/h/sub/../../secret"), "guest file beside the mount");
	CHECK_STR(slurp(td, "/mnt/h/../../../../secret"), "error -2");
	teardown();
}

TEST(an_absolute_host_symlink_resolves_in_the_guest_namespace)
{
	struct thread *td = setup();
	char target[400];

	snprintf(target, sizeof(target), "%s/secret", top);
	host_symlink(target, "abs");
	CHECK_STR(slurp(td, "/mnt/h/abs"), "error -2");
	host_symlink("/mnt/secret", "guestabs");
	CHECK_STR(slurp(td, "/mnt/h/guestabs"), "guest file beside the mount");
	teardown();
}

TEST(a_relative_symlink_chain_cannot_climb_out_of_the_host_directory)
{
	struct thread *td = setup();

	host_symlink("r2", "r1");
	host_symlink("sub/../../secret", "r2");
	CHECK_STR(slurp(td, "/mnt/h/r1"), "guest file beside the mount");
	host_symlink("../../../../../../../secret", "deep");
	CHECK_STR(slurp(td, "/mnt/h/deep"), "error -2");
	teardown();
}

TEST(a_symlink_to_a_directory_outside_stays_inside_the_guest_tree)
{
	struct thread *td = setup();
	struct wp_kstat st;

	host_symlink("..", "up");
	host_symlink(top, "topabs");
	CHECK_STR(slurp(td, "/mnt/h/up/secret"), "guest file beside the mount");
	CHECK_EQ(t_stat(td, "/mnt/h/up/inside", &st), -ENOENT);
	CHECK_STR(slurp(td, "/mnt/h/topabs/secret"), "error -2");
	CHECK_EQ(t_open(td, "/mnt/h/topabs/new", O_CREAT | O_WRONLY, 0644), -ENOENT);
	teardown();
}

TEST(renaming_or_linking_out_of_hostfs_is_exdev)
{
	struct thread *td = setup();
	sysarg_t cwd = (sysarg_t)AT_FDCWD;

	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/mnt/h/hello"), cwd, t_str(td, "/tmp/hello"), 0), -EXDEV);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/mnt/h/hello"), cwd, t_str(td, "/mnt/h/../out"), 0), -EXDEV);
	CHECK_EQ(t_sys(td, sys_linkat, cwd, t_str(td, "/mnt/h/hello"), cwd, t_str(td, "/mnt/hello"), 0), -EXDEV);
	CHECK_STR(slurp(td, "/mnt/h/hello"), "hello from the host");
	teardown();
}

TEST(the_host_side_refuses_anything_but_one_component_and_follows_nothing)
{
	struct thread *td = setup();
	struct wp_hostfs_stat st;
	int root = fakehost_fs_register(inside);

	(void)td;
	host_symlink("..", "up");
	CHECK_EQ(host_fs_lstat(root, "..", 2, &st), -EACCES);
	CHECK_EQ(host_fs_lstat(root, ".", 1, &st), -EACCES);
	CHECK_EQ(host_fs_lstat(root, "", 0, &st), -EACCES);
	CHECK_EQ(host_fs_lstat(root, "sub/../../secret", 16, &st), -EACCES);
	CHECK_EQ(host_fs_lstat(root, "/etc", 4, &st), -EACCES);
	CHECK_EQ(host_fs_lstat(root, "hel\0lo", 6, &st), -EACCES);
	CHECK_EQ(host_fs_lookup(root, "up", 2, &st), 0); /* a symlink: no handle */
	CHECK(S_ISLNK(st.mode));
	CHECK_EQ(host_fs_open(root, "up", 2, 0, 0), -ELOOP);
	CHECK_EQ(host_fs_chmod(root, "up", 2, 0777), -ELOOP);
	CHECK_EQ(host_fs_lstat(root, "hello", 5, &st), 0);
	host_fs_close(root);
	teardown();
}

/* A lookup costs the components it adds: the host sees one call per new level, not the
 * whole path again (kernel/hostfs.c keeps a handle per directory). */
TEST(going_deeper_in_a_host_directory_costs_the_same_at_every_level)
{
	struct thread *td = setup();
	uaddr_t buf = t_alloc(td, 4096);
	long first = 0, last = 0;

	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/mnt/h/sub")), 0);
	for (int i = 0; i < 200; i++) {
		long before = fakehost_fs_calls();
		CHECK_EQ(t_mkdir(td, "d", 0755), 0);
		CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "d")), 0);
		if (i == 0)
			first = fakehost_fs_calls() - before;
		last = fakehost_fs_calls() - before;
	}
	CHECK(last <= first);
	CHECK(t_sys(td, sys_getcwd, buf, 4096) == 11 + 200 * 2); /* "/mnt/h/sub" + "/d" each + NUL */
	/* the chain of directories holds one handle each; leaving it gives them all back */
	CHECK(fakehost_fs_live() >= 200);
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/")), 0);
	CHECK_EQ(fakehost_fs_live(), 1);
	teardown();
}

TEST(a_host_side_rename_keeps_a_held_directory_and_its_children_inside)
{
	struct thread *td = setup();
	char from[400], to[400];
	uaddr_t buf = t_alloc(td, 256);

	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/mnt/h/sub")), 0);
	snprintf(from, sizeof(from), "%s/sub", inside);
	snprintf(to, sizeof(to), "%s/moved", inside);
	CHECK_EQ(rename(from, to), 0);
	CHECK_EQ(symlink(top, from), 0); /* the old name now leads outside on the host */
	t_file(td, "here", "still inside");
	snprintf(to, sizeof(to), "%s/moved/here", inside);
	CHECK_EQ(access(to, F_OK), 0);
	CHECK_STR(slurp(td, "../secret"), "error -2"); /* .. is the mount's root, not top */
	CHECK_STR(slurp(td, "../../secret"), "guest file beside the mount");
	CHECK(t_sys(td, sys_getcwd, buf, 256) > 0);
	teardown();
}

TEST(names_are_bytes_and_round_trip)
{
	struct thread *td = setup();
	char p[400];
	uaddr_t buf = t_alloc(td, 1024);
	long n;
	int fd;

	t_file(td, "/mnt/h/a\xff", "one");
	t_file(td, "/mnt/h/a\xfe", "two");
	snprintf(p, sizeof(p), "%s/a\xff", inside);
	CHECK_EQ(access(p, F_OK), 0);
	CHECK_STR(slurp(td, "/mnt/h/a\xff"), "one");
	CHECK_STR(slurp(td, "/mnt/h/a\xfe"), "two");
	fd = t_open(td, "/mnt/h", O_RDONLY | O_DIRECTORY, 0);
	n = t_sys(td, sys_getdents64, (sysarg_t)fd, buf, 1024);
	CHECK(n > 0);
	char d[1024];
	t_get(td, buf, d, (size_t)n);
	CHECK(contains(d, (size_t)n, "a\xff") && contains(d, (size_t)n, "a\xfe"));
	teardown();
}

TEST(a_read_only_hostfs_mount_refuses_changes)
{
	struct thread *td = setup();
	int id = fakehost_fs_register(inside);

	CHECK_EQ(t_mkdir(td, "/ro", 0755), 0);
	CHECK_EQ(hostfs_mount("/ro", id, true), 0);
	CHECK_STR(slurp(td, "/ro/hello"), "hello from the host");
	CHECK_EQ(t_open(td, "/ro/hello", O_WRONLY, 0), -EROFS);
	CHECK_EQ(t_open(td, "/ro/new", O_WRONLY | O_CREAT, 0644), -EROFS);
	CHECK_EQ(t_mkdir(td, "/ro/d", 0755), -EROFS);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/ro/hello"), 0), -EROFS);
	teardown();
}


TEST(a_host_fifo_opened_in_the_guest_is_the_hosts_fifo)
{
	struct thread *td = setup();
	char p[400], got[16] = { 0 };
	int fd, hfd;

	snprintf(p, sizeof(p), "%s/fifo", inside);
	CHECK_EQ(mkfifo(p, 0644), 0);
	CHECK_EQ(t_open(td, "/mnt/h/fifo", O_WRONLY | O_NONBLOCK, 0), -ENXIO); /* no reader */
	fd = t_open(td, "/mnt/h/fifo", O_RDONLY | O_NONBLOCK, 0);
	CHECK(fd >= 0);
	CHECK_EQ(t_read(td, fd, got, sizeof(got)), 0); /* no writer */
	hfd = open(p, O_WRONLY | O_NONBLOCK);
	CHECK(hfd >= 0);
	CHECK_EQ(t_read(td, fd, got, sizeof(got)), -EAGAIN);
	CHECK_EQ(write(hfd, "from host", 9), 9);
	CHECK_EQ(t_read(td, fd, got, sizeof(got)), 9);
	CHECK_STR(got, "from host");
	close(hfd);
	t_sys(td, sys_close, (sysarg_t)fd);
	teardown();
}

TEST(a_directory_renamed_by_the_guest_keeps_its_cwd_and_getcwd_follows_it)
{
	struct thread *td = setup();
	uaddr_t buf = t_alloc(td, 256);
	char got[256];
	struct wp_kstat st;
	int fd;

	CHECK_EQ(t_mkdir(td, "/mnt/h/sub/b", 0755), 0);
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/mnt/h/sub/b")), 0);
	fd = t_open(td, "/mnt/h/hello", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_renameat2, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/sub/b"),
		       (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/c"), 0), 0);
	CHECK_EQ(t_sys(td, sys_renameat2, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/hello"),
		       (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/sub/hi"), 0), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 9);
	t_get(td, buf, got, 9);
	CHECK_STR(got, "/mnt/h/c");
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "..")), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 7);
	/* an open file keeps its attributes through a rename and an unlink */
	CHECK_EQ(t_sys(td, sys_fstat, (sysarg_t)fd, t_alloc(td, sizeof(st))), 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/mnt/h/sub/hi"), 0), 0);
	CHECK_EQ(t_sys(td, sys_fstat, (sysarg_t)fd, t_alloc(td, sizeof(st))), 0);
	t_sys(td, sys_close, (sysarg_t)fd);
	teardown();
}
