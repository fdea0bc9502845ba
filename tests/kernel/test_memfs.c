/* memfs through the syscalls: data, holes, truncation, directories, links, renames, times. */
#include "t.h"
#include "uapi/dirent.h"
#include <stdlib.h>

TEST(written_data_reads_back_across_page_boundaries)
{
	struct thread *td = t_proc(0, 0);
	static char data[3 * 4096 + 100], back[sizeof(data)];
	int fd;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(rand() ^ (int)i);
	fd = t_open(td, "/tmp/f", O_RDWR | O_CREAT, 0644);
	CHECK_EQ(t_write(td, fd, data, 1000), 1000);
	CHECK_EQ(t_write(td, fd, data + 1000, sizeof(data) - 1000), sizeof(data) - 1000);
	CHECK_EQ(t_sys(td, sys_llseek, (sysarg_t)fd, 0, 0, t_alloc(td, 8), SEEK_SET), 0);
	CHECK_EQ(t_read(td, fd, back, sizeof(back)), sizeof(back));
	CHECK(!memcmp(data, back, sizeof(data)));
	CHECK_EQ(t_read(td, fd, back, 10), 0);
}

TEST(holes_read_as_zeros_and_cost_no_blocks)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t res = t_alloc(td, 8);
	struct wp_kstat st;
	char buf[16];
	int64_t pos;
	int fd = t_open(td, "/tmp/sparse", O_RDWR | O_CREAT, 0644);

	CHECK_EQ(t_sys(td, sys_llseek, (sysarg_t)fd, 0, 1 << 20, res, SEEK_SET), 0);
	t_get(td, res, &pos, 8);
	CHECK_EQ(pos, 1 << 20);
	CHECK_EQ(t_write(td, fd, "end", 3), 3);
	CHECK_EQ(t_stat(td, "/tmp/sparse", &st), 0);
	CHECK_EQ(st.st_size, (1 << 20) + 3);
	CHECK_EQ(st.st_blocks, 8);
	CHECK_EQ(t_sys(td, sys_pread64, (sysarg_t)fd, t_alloc(td, 16), 16, 4096, 0), 16);
	memset(buf, 1, sizeof(buf));
	CHECK_EQ(t_sys(td, sys_llseek, (sysarg_t)fd, 0, 5000, res, SEEK_SET), 0);
	CHECK_EQ(t_read(td, fd, buf, 16), 16);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(buf[i], 0);
}

TEST(o_append_writes_at_the_end_and_o_trunc_empties)
{
	struct thread *td = t_proc(0, 0);
	char buf[16] = { 0 };
	int fd;

	t_file(td, "/f", "abc");
	fd = t_open(td, "/f", O_WRONLY | O_APPEND, 0);
	CHECK_EQ(t_write(td, fd, "de", 2), 2);
	fd = t_open(td, "/f", O_RDONLY, 0);
	CHECK_EQ(t_read(td, fd, buf, 16), 5);
	CHECK_STR(buf, "abcde");
	fd = t_open(td, "/f", O_WRONLY | O_TRUNC, 0);
	struct wp_kstat st;
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_size, 0);
}

TEST(o_creat_o_excl_fails_on_anything_existing_even_a_dangling_symlink)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;

	t_file(td, "/f", "");
	CHECK_EQ(t_open(td, "/f", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "/target"), (sysarg_t)AT_FDCWD, t_str(td, "/dl")), 0);
	CHECK_EQ(t_open(td, "/dl", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	/* without O_EXCL, O_CREAT through a dangling symlink creates its target */
	CHECK(t_open(td, "/dl", O_WRONLY | O_CREAT, 0644) >= 0);
	CHECK_EQ(t_stat(td, "/target", &st), 0);
	CHECK_EQ(t_open(td, "/dl", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), -ELOOP);
}

TEST(creation_modes_apply_the_umask)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;

	CHECK_EQ(t_sys(td, sys_umask, 027), 022);
	CHECK(t_open(td, "/f", O_WRONLY | O_CREAT, 0666) >= 0);
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0640);
	CHECK_EQ(t_mkdir(td, "/d", 0777), 0);
	CHECK_EQ(t_stat(td, "/d", &st), 0);
	CHECK_EQ(st.st_mode, S_IFDIR | 0750);
	CHECK_EQ(st.st_nlink, 2);
}

TEST(directories_open_read_only_and_refuse_data_calls)
{
	struct thread *td = t_proc(0, 0);
	int fd;

	CHECK_EQ(t_open(td, "/tmp", O_WRONLY, 0), -EISDIR);
	CHECK_EQ(t_open(td, "/tmp", O_RDWR, 0), -EISDIR);
	fd = t_open(td, "/tmp", O_RDONLY, 0);
	CHECK(fd >= 0);
	CHECK_EQ(t_read(td, fd, (char[4]){ 0 }, 4), -EISDIR);
	t_file(td, "/f", "");
	CHECK_EQ(t_open(td, "/f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
}

/* Names getdents64 returns for path, sorted, space separated. */
static void list_dir(struct thread *td, const char *path, char *out, size_t n, size_t bufsize)
{
	int fd = t_open(td, path, O_RDONLY | O_DIRECTORY, 0);
	uaddr_t buf = t_alloc(td, bufsize);
	char *names[256];
	int count = 0;
	long got;

	CHECK(fd >= 0);
	while ((got = t_sys(td, sys_getdents64, (sysarg_t)fd, buf, (sysarg_t)bufsize)) > 0) {
		char *k = malloc((size_t)got);
		t_get(td, buf, k, (size_t)got);
		for (long off = 0; off < got;) {
			struct wp_dirent64 *d = (struct wp_dirent64 *)(k + off);
			CHECK(count < 256);
			names[count++] = strdup(d->d_name);
			off += d->d_reclen;
		}
		free(k);
	}
	CHECK_EQ(got, 0);
	for (int i = 0; i < count; i++)
		for (int j = i + 1; j < count; j++)
			if (strcmp(names[i], names[j]) > 0) {
				char *t = names[i]; names[i] = names[j]; names[j] = t;
			}
	out[0] = 0;
	for (int i = 0; i < count; i++) {
		strncat(out, names[i], n - strlen(out) - 1);
		if (i + 1 < count)
			strncat(out, " ", n - strlen(out) - 1);
		free(names[i]);
	}
	t_sys(td, sys_close, (sysarg_t)fd);
}

TEST(getdents64_lists_every_entry_with_small_and_large_buffers)
{
	struct thread *td = t_proc(0, 0);
	char out[1024];

	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	t_file(td, "/d/b", "");
	t_file(td, "/d/a", "");
	CHECK_EQ(t_mkdir(td, "/d/c", 0755), 0);
	list_dir(td, "/d", out, sizeof(out), 4096);
	CHECK_STR(out, ". .. a b c");
	list_dir(td, "/d", out, sizeof(out), 32);
	CHECK_STR(out, ". .. a b c");
	int fd = t_open(td, "/d", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_getdents64, (sysarg_t)fd, t_alloc(td, 16), 16), -EINVAL);
	fd = t_open(td, "/d/a", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_getdents64, (sysarg_t)fd, t_alloc(td, 64), 64), -ENOTDIR);
}

TEST(getdents64_keeps_its_place_while_entries_are_removed)
{
	struct thread *td = t_proc(0, 0);
	char name[32];
	uaddr_t buf = t_alloc(td, 64);
	int fd, seen = 0;
	long got;

	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/d/f%02d", i);
		t_file(td, name, "");
	}
	fd = t_open(td, "/d", O_RDONLY, 0);
	while ((got = t_sys(td, sys_getdents64, (sysarg_t)fd, buf, 64)) > 0) {
		char k[64];
		t_get(td, buf, k, (size_t)got);
		for (long off = 0; off < got;) {
			struct wp_dirent64 *d = (struct wp_dirent64 *)(k + off);
			if (d->d_name[0] == 'f') {
				snprintf(name, sizeof(name), "/d/%s", d->d_name);
				CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, name), 0), 0);
				seen++;
			}
			off += d->d_reclen;
		}
	}
	CHECK_EQ(seen, 20);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/d"), (sysarg_t)AT_REMOVEDIR), 0);
}

TEST(an_unlinked_file_stays_readable_while_open)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	uaddr_t sb = t_alloc(td, sizeof(st));
	char buf[8] = { 0 };
	int fd;

	t_file(td, "/tmp/f", "still");
	fd = t_open(td, "/tmp/f", O_RDWR, 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, (sysarg_t)AT_FDCWD, t_str(td, "/tmp/f"), 0), 0);
	CHECK_EQ(t_stat(td, "/tmp/f", &st), -ENOENT);
	CHECK_EQ(t_read(td, fd, buf, 8), 5);
	CHECK_STR(buf, "still");
	CHECK_EQ(t_sys(td, sys_fstat, (sysarg_t)fd, sb), 0);
	t_get(td, sb, &st, sizeof(st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(t_write(td, fd, "!", 1), 1);
}

TEST(unlink_and_rmdir_check_the_kind_of_node)
{
	struct thread *td = t_proc(0, 0);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;

	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	t_file(td, "/d/f", "");
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d"), 0), -EISDIR);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d/f"), (sysarg_t)AT_REMOVEDIR), -ENOTDIR);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d"), (sysarg_t)AT_REMOVEDIR), -ENOTEMPTY);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d/."), (sysarg_t)AT_REMOVEDIR), -EINVAL);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d/f/"), 0), -ENOTDIR);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/tmp"), (sysarg_t)AT_REMOVEDIR), -EBUSY);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d/f"), 0), 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d/"), (sysarg_t)AT_REMOVEDIR), 0);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/d"), 0x8000), -EINVAL);
	CHECK_EQ(t_mkdir(td, "/tmp", 0755), -EEXIST);
	CHECK_EQ(t_mkdir(td, "/nope/x", 0755), -ENOENT);
}

TEST(the_sticky_bit_protects_other_users_files)
{
	struct thread *a = t_proc(1000, 1000), *b = t_proc(1001, 1001);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;

	t_file(a, "/tmp/mine", "");
	CHECK_EQ(t_sys(b, sys_unlinkat, cwd, t_str(b, "/tmp/mine"), 0), -EPERM);
	CHECK_EQ(t_sys(b, sys_renameat2, cwd, t_str(b, "/tmp/mine"), cwd, t_str(b, "/tmp/x"), 0), -EPERM);
	CHECK_EQ(t_sys(a, sys_unlinkat, cwd, t_str(a, "/tmp/mine"), 0), 0);
	CHECK_EQ(t_open(b, "/newfile", O_CREAT | O_WRONLY, 0644), -EACCES);
}

TEST(hard_links_share_one_node)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat a, b;
	sysarg_t cwd = (sysarg_t)AT_FDCWD;

	t_file(td, "/f", "data");
	CHECK_EQ(t_sys(td, sys_linkat, cwd, t_str(td, "/f"), cwd, t_str(td, "/g"), 0), 0);
	CHECK_EQ(t_stat(td, "/f", &a), 0);
	CHECK_EQ(t_stat(td, "/g", &b), 0);
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_nlink, 2);
	CHECK_EQ(t_sys(td, sys_linkat, cwd, t_str(td, "/f"), cwd, t_str(td, "/g"), 0), -EEXIST);
	CHECK_EQ(t_sys(td, sys_linkat, cwd, t_str(td, "/tmp"), cwd, t_str(td, "/t2"), 0), -EPERM);
	CHECK_EQ(t_sys(td, sys_linkat, cwd, t_str(td, "/f"), cwd, t_str(td, "/tmp/f"), 0), -EXDEV);
	CHECK_EQ(t_sys(td, sys_unlinkat, cwd, t_str(td, "/f"), 0), 0);
	CHECK_EQ(t_stat(td, "/g", &b), 0);
	CHECK_EQ(b.st_nlink, 1);
	CHECK_EQ(b.st_size, 4);
}

TEST(rename_moves_replaces_and_exchanges)
{
	struct thread *td = t_proc(0, 0);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;
	struct wp_kstat st;
	char buf[8] = { 0 };
	int fd;

	t_file(td, "/a", "A");
	t_file(td, "/b", "B");
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/b"), RENAME_NOREPLACE), -EEXIST);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/b"), RENAME_EXCHANGE), 0);
	fd = t_open(td, "/a", O_RDONLY, 0);
	CHECK_EQ(t_read(td, fd, buf, 8), 1);
	CHECK_STR(buf, "B");
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/b"), 0), 0);
	CHECK_EQ(t_stat(td, "/a", &st), -ENOENT);
	CHECK_EQ(t_stat(td, "/b", &st), 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/b"), cwd, t_str(td, "/c"), 0), 0);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/c"), cwd, t_str(td, "/tmp/c"), 0), -EXDEV);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/c"), cwd, t_str(td, "/c"), 0), 0);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/none"), cwd, t_str(td, "/x"), 0), -ENOENT);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/c"), cwd, t_str(td, "/x"), 3), -EINVAL);
}

TEST(rename_of_directories_keeps_the_tree_a_tree)
{
	struct thread *td = t_proc(0, 0);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;
	struct wp_kstat st;

	CHECK_EQ(t_mkdir(td, "/a", 0755), 0);
	CHECK_EQ(t_mkdir(td, "/a/b", 0755), 0);
	CHECK_EQ(t_mkdir(td, "/e", 0755), 0);
	t_file(td, "/f", "");
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/a/b/c"), 0), -EINVAL);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/f"), 0), -ENOTDIR);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/f"), cwd, t_str(td, "/a"), 0), -EISDIR);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/e"), cwd, t_str(td, "/a"), 0), -ENOTEMPTY);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a/b"), cwd, t_str(td, "/e/b"), 0), 0);
	CHECK_EQ(t_stat(td, "/e/b/..", &st), 0);
	struct wp_kstat e;
	CHECK_EQ(t_stat(td, "/e", &e), 0);
	CHECK_EQ(st.st_ino, e.st_ino);
	CHECK_EQ(e.st_nlink, 3);
	CHECK_EQ(t_stat(td, "/a", &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(t_sys(td, sys_renameat2, cwd, t_str(td, "/a"), cwd, t_str(td, "/e/b"), 0), 0);
	CHECK_EQ(t_stat(td, "/a", &st), -ENOENT);
	CHECK_EQ(t_stat(td, "/e", &e), 0);
	CHECK_EQ(e.st_nlink, 3);
}

TEST(chmod_chown_and_utimensat_follow_the_ownership_rules)
{
	struct thread *root = t_proc(0, 0), *user = t_proc(1000, 1000);
	sysarg_t cwd = (sysarg_t)AT_FDCWD;
	struct wp_kstat st;
	struct wp_timespec ts[2] = { { 100, 5 }, { 200, UTIME_OMIT } };

	t_file(user, "/tmp/u", "");
	CHECK_EQ(t_sys(user, sys_fchmodat, cwd, t_str(user, "/tmp/u"), 0600), 0);
	CHECK_EQ(t_sys(user, sys_fchownat, cwd, t_str(user, "/tmp/u"), 0, (sysarg_t)-1, 0), -EPERM);
	CHECK_EQ(t_sys(root, sys_fchownat, cwd, t_str(root, "/tmp/u"), 0, (sysarg_t)-1, 0), 0);
	CHECK_EQ(t_sys(user, sys_fchmodat, cwd, t_str(user, "/tmp/u"), 0777), -EPERM);
	CHECK_EQ(t_sys(root, sys_utimensat, cwd, t_str(root, "/tmp/u"), t_bytes(root, ts, sizeof(ts)), 0), 0);
	CHECK_EQ(t_stat(root, "/tmp/u", &st), 0);
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(st.st_atime_sec, 100);
	CHECK_EQ(st.st_atime_nsec, 5);
	CHECK(st.st_mtime_sec != 200);
	CHECK_EQ(t_sys(user, sys_utimensat, cwd, t_str(user, "/tmp/u"), t_bytes(user, ts, sizeof(ts)), 0), -EPERM);
	CHECK_EQ(t_sys(user, sys_utimensat, cwd, t_str(user, "/tmp/u"), 0, 0), -EACCES);
	ts[0].tv_nsec = 1000000000;
	CHECK_EQ(t_sys(root, sys_utimensat, cwd, t_str(root, "/tmp/u"), t_bytes(root, ts, sizeof(ts)), 0), -EINVAL);
}

TEST(truncate_grows_and_shrinks_and_zeroes_the_tail)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	char buf[8];
	int fd;

	t_file(td, "/f", "abcdefgh");
	CHECK_EQ(t_sys(td, sys_truncate, t_str(td, "/f"), 3, 0), 0);
	CHECK_EQ(t_sys(td, sys_truncate, t_str(td, "/f"), 6, 0), 0);
	fd = t_open(td, "/f", O_RDWR, 0);
	CHECK_EQ(t_read(td, fd, buf, 8), 6);
	CHECK(!memcmp(buf, "abc\0\0\0", 6));
	CHECK_EQ(t_sys(td, sys_ftruncate, (sysarg_t)fd, 10000, 0), 0);
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_size, 10000);
	CHECK_EQ(t_sys(td, sys_ftruncate, (sysarg_t)fd, (sysarg_t)-1, (sysarg_t)-1), -EINVAL);
	CHECK_EQ(t_sys(td, sys_truncate, t_str(td, "/tmp"), 0, 0), -EISDIR);
	fd = t_open(td, "/f", O_RDONLY, 0);
	CHECK_EQ(t_sys(td, sys_ftruncate, (sysarg_t)fd, 0, 0), -EINVAL);
}

TEST(readv_and_writev_gather_and_scatter)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t a = t_str(td, "hello "), b = t_str(td, "world");
	uint32_t iov[4] = { a, 6, b, 5 };
	uaddr_t ra = t_alloc(td, 4), rb = t_alloc(td, 16);
	uint32_t riov[4] = { ra, 4, rb, 16 };
	char out[17] = { 0 };
	int fd = t_open(td, "/f", O_RDWR | O_CREAT, 0644);

	CHECK_EQ(t_sys(td, sys_writev, (sysarg_t)fd, t_bytes(td, iov, sizeof(iov)), 2), 11);
	CHECK_EQ(t_sys(td, sys_preadv, (sysarg_t)fd, t_bytes(td, riov, sizeof(riov)), 2, 0, 0), 11);
	t_get(td, ra, out, 4);
	t_get(td, rb, out + 4, 7);
	CHECK_STR(out, "hello world");
	CHECK_EQ(t_sys(td, sys_writev, (sysarg_t)fd, t_bytes(td, iov, sizeof(iov)), 1025), -EINVAL);
	CHECK_EQ(t_sys(td, sys_pwritev, (sysarg_t)fd, t_bytes(td, iov, sizeof(iov)), 2, 0, 0x80000000u), -EINVAL);
}

TEST(fallocate_extends_and_keep_size_does_not)
{
	struct thread *td = t_proc(0, 0);
	struct wp_kstat st;
	int fd = t_open(td, "/f", O_RDWR | O_CREAT, 0644);

	CHECK_EQ(t_sys(td, sys_fallocate, (sysarg_t)fd, 0, 0, 0, 8192, 0), 0);
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_size, 8192);
	CHECK_EQ(st.st_blocks, 16);
	CHECK_EQ(t_sys(td, sys_fallocate, (sysarg_t)fd, FALLOC_FL_KEEP_SIZE, 8192, 0, 4096, 0), 0);
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_size, 8192);
	CHECK_EQ(st.st_blocks, 24);
	CHECK_EQ(t_sys(td, sys_fallocate, (sysarg_t)fd, 0, 0, 0, 0, 0), -EINVAL);
}

TEST(sendfile_and_copy_file_range_copy_between_files)
{
	struct thread *td = t_proc(0, 0);
	uaddr_t off = t_alloc(td, 8);
	int64_t o = 2;
	char buf[16] = { 0 };
	int in, out;

	t_file(td, "/in", "0123456789");
	in = t_open(td, "/in", O_RDONLY, 0);
	out = t_open(td, "/out", O_RDWR | O_CREAT, 0644);
	CHECK_EQ(t_sys(td, sys_sendfile, (sysarg_t)out, (sysarg_t)in, 0, 4), 4);
	memcpy(fakehost_mem_ptr(td->p->pid, off), &o, 8);
	CHECK_EQ(t_sys(td, sys_sendfile, (sysarg_t)out, (sysarg_t)in, off, 100), 8);
	t_get(td, off, &o, 8);
	CHECK_EQ(o, 10);
	CHECK_EQ(t_sys(td, sys_copy_file_range, (sysarg_t)in, 0, (sysarg_t)out, 0, 100, 0), 6);
	CHECK_EQ(t_sys(td, sys_pread64, (sysarg_t)out, off, 16, 0, 0), 16);
	t_get(td, off, buf, 16);
	CHECK(!memcmp(buf, "012323456789" "4567", 16));
}
