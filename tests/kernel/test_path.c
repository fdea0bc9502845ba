/* Path resolution: ".", "..", mounts, symlinks, trailing slashes, limits, permissions. */
#include "t.h"

TEST(dot_and_dotdot_resolve_within_the_tree)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat a, b;

	CHECK_EQ(t_mkdir(td, "/a", 0755), 0);
	CHECK_EQ(t_mkdir(td, "/a/b", 0755), 0);
	CHECK_EQ(t_stat(td, "/a/b/../b/./..", &a), 0);
	CHECK_EQ(t_stat(td, "/a", &b), 0);
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(t_stat(td, "/..", &a), 0);
	CHECK_EQ(t_stat(td, "/", &b), 0);
	CHECK_EQ(a.st_ino, b.st_ino);
}

TEST(dotdot_leaves_a_mount_through_the_covered_directory)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat a, b;

	t_file(td, "/marker", "x");
	CHECK_EQ(t_stat(td, "/tmp/../marker", &a), 0);
	CHECK_EQ(t_stat(td, "/tmp/..", &a), 0);
	CHECK_EQ(t_stat(td, "/", &b), 0);
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_dev, b.st_dev);
	CHECK_EQ(t_stat(td, "/tmp", &a), 0);
	CHECK(a.st_dev != b.st_dev);
	CHECK_EQ(a.st_mode, S_IFDIR | 01777);
}

TEST(dotdot_at_the_process_root_stays_there)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	struct vnode *jail;

	CHECK_EQ(t_mkdir(td, "/jail", 0755), 0);
	t_file(td, "/jail/inside", "1");
	t_file(td, "/outside", "2");
	CHECK_EQ(vfs_lookup(td->p, NULL, "/jail", LOOKUP_FOLLOW, &jail), 0);
	vnode_drop(td->p->root);
	td->p->root = jail;
	CHECK_EQ(t_stat(td, "/../../inside", &st), 0);
	CHECK_EQ(t_stat(td, "/../outside", &st), -ENOENT);
	CHECK_EQ(t_stat(td, "/outside", &st), -ENOENT);
}

TEST(symlinks_are_followed_in_the_middle_and_at_the_end)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;

	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	t_file(td, "/d/f", "hello");
	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "d"), (sysarg_t)AT_FDCWD, t_str(td, "/ld")), 0);
	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "/d/f"), (sysarg_t)AT_FDCWD, t_str(td, "/lf")), 0);
	CHECK_EQ(t_stat(td, "/ld/f", &st), 0);
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(t_stat(td, "/lf", &st), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(t_lstat(td, "/lf", &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(st.st_size, 4);
	/* a trailing slash follows even under NOFOLLOW, and needs a directory */
	CHECK_EQ(t_lstat(td, "/ld/", &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(t_lstat(td, "/lf/", &st), -ENOTDIR);
}

TEST(a_symlink_loop_ends_in_eloop)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;

	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "b"), (sysarg_t)AT_FDCWD, t_str(td, "/a")), 0);
	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "a"), (sysarg_t)AT_FDCWD, t_str(td, "/b")), 0);
	CHECK_EQ(t_stat(td, "/a", &st), -ELOOP);
	CHECK_EQ(t_lstat(td, "/a", &st), 0);
	CHECK_EQ(t_open(td, "/a", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
}

TEST(forty_symlinks_resolve_and_forty_one_do_not)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	char name[32], target[32];

	t_file(td, "/l0", "end");
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "/l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, target), (sysarg_t)AT_FDCWD, t_str(td, name)), 0);
	}
	CHECK_EQ(t_stat(td, "/l40", &st), 0);
	CHECK_EQ(st.st_size, 3);
	CHECK_EQ(t_stat(td, "/l41", &st), -ELOOP);
}

TEST(a_trailing_slash_on_a_file_is_enotdir)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;

	t_file(td, "/f", "x");
	CHECK_EQ(t_stat(td, "/f/", &st), -ENOTDIR);
	CHECK_EQ(t_stat(td, "/f/.", &st), -ENOTDIR);
	CHECK_EQ(t_stat(td, "/f/x", &st), -ENOTDIR);
	CHECK_EQ(t_open(td, "/f/", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(t_open(td, "/new/", O_RDWR | O_CREAT, 0644), -EISDIR);
	CHECK_EQ(t_stat(td, "/tmp//", &st), 0);
}

TEST(long_names_and_paths_are_enametoolong)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	static char path[PATH_MAX + 10];

	memset(path, 'a', 300);
	path[0] = '/';
	path[300] = 0;
	CHECK_EQ(t_stat(td, path, &st), -ENAMETOOLONG);
	path[256] = 0; /* "/" + 255 */
	CHECK_EQ(t_stat(td, path, &st), -ENOENT);
	CHECK(t_open(td, path, O_CREAT | O_WRONLY, 0644) >= 0);
	for (int i = 0; i < PATH_MAX + 5; i++)
		path[i] = (i % 2) ? '/' : '.';
	path[PATH_MAX + 5] = 0;
	CHECK_EQ(t_stat(td, path, &st), -ENAMETOOLONG);
	path[PATH_MAX - 1] = 0; /* 4095 bytes + NUL fits */
	CHECK_EQ(t_stat(td, path, &st), 0);
}

TEST(empty_paths_are_enoent_unless_at_empty_path)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t buf = t_alloc(td, sizeof(struct wp_kstat));
	int fd;

	t_file(td, "/f", "abc");
	fd = t_open(td, "/f", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_newfstatat, (sysarg_t)fd, t_str(td, ""), buf, 0), -ENOENT);
	CHECK_EQ(t_sys(td, sys_newfstatat, (sysarg_t)fd, t_str(td, ""), buf, (sysarg_t)AT_EMPTY_PATH), 0);
	CHECK_EQ(t_open(td, "", O_RDONLY, 0), -ENOENT);
}

TEST(dirfd_relative_lookups_use_the_directory_and_check_it)
{
	struct thread *td = t_proc(0, 0);
	int dfd, ffd;

	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	t_file(td, "/d/f", "abc");
	dfd = t_open(td, "/d", O_RDONLY | O_DIRECTORY, 0);
	CHECK(dfd >= 0);
	ffd = (int)t_sys(td, sys_openat, (sysarg_t)dfd, t_str(td, "f"), O_RDONLY, 0);
	CHECK(ffd >= 0);
	CHECK_EQ(t_sys(td, sys_openat, (sysarg_t)ffd, t_str(td, "f"), O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(t_sys(td, sys_openat, 99, t_str(td, "f"), O_RDONLY, 0), -EBADF);
	/* an absolute path ignores dirfd, even a bad one */
	CHECK(t_sys(td, sys_openat, 99, t_str(td, "/d/f"), O_RDONLY, 0) >= 0);
}

TEST(searching_a_directory_needs_its_x_bit)
{
	struct thread *root = t_proc(0, 0), *user = t_proc(1000, 1000);
	struct wp_kstat st;

	CHECK_EQ(t_mkdir(root, "/private", 0700), 0);
	t_file(root, "/private/f", "x");
	CHECK_EQ(t_stat(user, "/private/f", &st), -EACCES);
	CHECK_EQ(t_stat(root, "/private/f", &st), 0);
	CHECK_EQ(t_sys(root, sys_fchmodat, (sysarg_t)AT_FDCWD, t_str(root, "/private"), 0711), 0);
	CHECK_EQ(t_stat(user, "/private/f", &st), 0);
	CHECK_EQ(t_open(user, "/private/f", O_RDONLY, 0) >= 0, 1);
	CHECK_EQ(t_open(user, "/private/f", O_WRONLY, 0), -EACCES);
	CHECK_EQ(t_open(user, "/private/g", O_WRONLY | O_CREAT, 0644), -EACCES);
}

TEST(root_bypasses_rw_bits_but_exec_needs_an_x_bit)
{
	struct thread *td = t_proc(0, 0);
	struct vnode *vn;

	t_file(td, "/f", "x");
	CHECK_EQ(t_sys(td, sys_fchmodat, (sysarg_t)AT_FDCWD, t_str(td, "/f"), 0), 0);
	CHECK(t_open(td, "/f", O_RDWR, 0) >= 0);
	CHECK_EQ(vfs_lookup(td->p, NULL, "/f", LOOKUP_FOLLOW, &vn), 0);
	CHECK_EQ(vfs_permission(&td->p->cred, vn, X_OK), -EACCES);
	vn->mode |= S_IXOTH;
	CHECK_EQ(vfs_permission(&td->p->cred, vn, X_OK), 0);
	vnode_drop(vn);
}

TEST(group_membership_grants_group_bits)
{
	struct thread *root = t_proc(0, 0), *user = t_proc(1000, 1000);

	t_file(root, "/g", "x");
	CHECK_EQ(t_sys(root, sys_fchownat, (sysarg_t)AT_FDCWD, t_str(root, "/g"), 0, 50, 0), 0);
	CHECK_EQ(t_sys(root, sys_fchmodat, (sysarg_t)AT_FDCWD, t_str(root, "/g"), 0640), 0);
	CHECK_EQ(t_open(user, "/g", O_RDONLY, 0), -EACCES);
	user->p->cred.groups[0] = 50;
	user->p->cred.ngroups = 1;
	CHECK(t_open(user, "/g", O_RDONLY, 0) >= 0);
	CHECK_EQ(t_open(user, "/g", O_WRONLY, 0), -EACCES);
}

TEST(getcwd_and_chdir_follow_the_working_directory)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t buf = t_alloc(td, 256);
	char out[256];

	CHECK_EQ(t_mkdir(td, "/a", 0755), 0);
	CHECK_EQ(t_mkdir(td, "/a/b", 0755), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 2);
	t_get(td, buf, out, 2);
	CHECK_STR(out, "/");
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/a/b")), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 5);
	t_get(td, buf, out, 5);
	CHECK_STR(out, "/a/b");
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 4), -ERANGE);
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "..")), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 3);
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/tmp")), 0);
	CHECK_EQ(t_mkdir(td, "x", 0755), 0);
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "x")), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), 7);
	t_get(td, buf, out, 7);
	CHECK_STR(out, "/tmp/x");
	/* a removed working directory has no path */
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/x"), (sysarg_t)AT_REMOVEDIR), 0);
	CHECK_EQ(t_sys(td, sys_getcwd, buf, 256), -ENOENT);
	CHECK_EQ(t_open(td, "newfile", O_CREAT | O_WRONLY, 0644), -ENOENT);
	t_file(td, "/f", "");
	CHECK_EQ(t_sys(td, sys_chdir, t_str(td, "/f")), -ENOTDIR);
}
