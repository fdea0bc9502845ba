/*
 * EFAULT for every pointer argument of every file-family handler: each case is a call that
 * would otherwise get past argument checking, with one pointer replaced by an address outside
 * the guest's memory (and, for fixed-size records, by a range that runs off its end).
 */
#include "t.h"
#include "uapi/ioctl.h"
#include "uapi/statx.h"

struct ectx {
	struct thread *td;
	int fd, dfd, lfd;
	uaddr_t buf, iov, path, dpath, newpath, lpath, off64, kst, flk, times, sfs;
};

struct ecase {
	const char *name;
	sys_fn fn;
	int ptr;          /* which argument is the pointer */
	size_t objsize;   /* bytes it points at when fixed (0: a string or a count-sized buffer) */
	void (*args)(struct ectx *c, sysarg_t *a);
};

#define A(...) do { sysarg_t v_[] = { __VA_ARGS__ }; memcpy(a, v_, sizeof(v_)); } while (0)
#define CWD ((sysarg_t)AT_FDCWD)

static void a_openat(struct ectx *c, sysarg_t *a) { A(CWD, c->path, O_RDONLY, 0); }
static void a_rw(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->buf, 4); }
static void a_prw(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->buf, 4, 0, 0); }
static void a_vec(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->iov, 1); }
static void a_pvec(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->iov, 1, 0, 0); }
static void a_llseek(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, 0, 0, c->off64, SEEK_SET); }
static void a_getlk(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, F_GETLK, c->flk); }
static void a_setlk(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, F_SETLK, c->flk); }
static void a_ofdgetlk(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, F_OFD_GETLK, c->flk); }
static void a_fionbio(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, FIONBIO, c->buf); }
static void a_fionread(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, FIONREAD, c->buf); }
static void a_getdents(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->dfd, c->buf, 256); }
static void a_fstatat(struct ectx *c, sysarg_t *a) { A(CWD, c->path, c->kst, 0); }
static void a_fstat(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->kst); }
static void a_statx(struct ectx *c, sysarg_t *a) { A(CWD, c->path, 0, STATX_BASIC_STATS, c->buf); }
static void a_access(struct ectx *c, sysarg_t *a) { A(CWD, c->path, R_OK, 0); }
static void a_mkdir(struct ectx *c, sysarg_t *a) { A(CWD, c->newpath, 0755); }
static void a_mknod(struct ectx *c, sysarg_t *a) { A(CWD, c->newpath, S_IFIFO | 0644, 0); }
static void a_unlink(struct ectx *c, sysarg_t *a) { A(CWD, c->path, 0); }
static void a_symlink(struct ectx *c, sysarg_t *a) { A(c->path, CWD, c->newpath); }
static void a_link(struct ectx *c, sysarg_t *a) { A(CWD, c->path, CWD, c->newpath, 0); }
static void a_rename(struct ectx *c, sysarg_t *a) { A(CWD, c->path, CWD, c->newpath, 0); }
static void a_readlink(struct ectx *c, sysarg_t *a) { A(CWD, c->lpath, c->buf, 64); }
static void a_chmod(struct ectx *c, sysarg_t *a) { A(CWD, c->path, 0644); }
static void a_chown(struct ectx *c, sysarg_t *a) { A(CWD, c->path, 0, 0, 0); }
static void a_utimens(struct ectx *c, sysarg_t *a) { A(CWD, c->path, c->times, 0); }
static void a_truncate(struct ectx *c, sysarg_t *a) { A(c->path, 0, 0); }
static void a_statfs(struct ectx *c, sysarg_t *a) { A(c->path, sizeof(struct wp_statfs64), c->sfs); }
static void a_fstatfs(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, sizeof(struct wp_statfs64), c->sfs); }
static void a_getcwd(struct ectx *c, sysarg_t *a) { A(c->buf, 64); }
static void a_chdir(struct ectx *c, sysarg_t *a) { A(c->dpath); }
static void a_sendfile(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->lfd, (sysarg_t)c->fd, c->off64, 2); }
static void a_cfr(struct ectx *c, sysarg_t *a) { A((sysarg_t)c->fd, c->off64, (sysarg_t)c->lfd, c->off64, 2, 0); }

static const struct ecase cases[] = {
	{ "openat path", sys_openat, 1, 0, a_openat },
	{ "read buf", sys_read, 1, 4, a_rw },
	{ "write buf", sys_write, 1, 4, a_rw },
	{ "pread64 buf", sys_pread64, 1, 4, a_prw },
	{ "pwrite64 buf", sys_pwrite64, 1, 4, a_prw },
	{ "readv iov", sys_readv, 1, 8, a_vec },
	{ "writev iov", sys_writev, 1, 8, a_vec },
	{ "preadv iov", sys_preadv, 1, 8, a_pvec },
	{ "pwritev iov", sys_pwritev, 1, 8, a_pvec },
	{ "_llseek result", sys_llseek, 3, 8, a_llseek },
	{ "fcntl F_GETLK", sys_fcntl, 2, sizeof(struct wp_flock), a_getlk },
	{ "fcntl F_SETLK", sys_fcntl, 2, sizeof(struct wp_flock), a_setlk },
	{ "fcntl F_OFD_GETLK", sys_fcntl, 2, sizeof(struct wp_flock), a_ofdgetlk },
	{ "ioctl FIONBIO", sys_ioctl, 2, 4, a_fionbio },
	{ "ioctl FIONREAD", sys_ioctl, 2, 4, a_fionread },
	{ "getdents64 dirp", sys_getdents64, 1, 0, a_getdents },
	{ "newfstatat path", sys_newfstatat, 1, 0, a_fstatat },
	{ "newfstatat buf", sys_newfstatat, 2, sizeof(struct wp_kstat), a_fstatat },
	{ "fstat buf", sys_fstat, 1, sizeof(struct wp_kstat), a_fstat },
	{ "statx path", sys_statx, 1, 0, a_statx },
	{ "statx buf", sys_statx, 4, sizeof(struct wp_statx), a_statx },
	{ "faccessat path", sys_faccessat, 1, 0, a_access },
	{ "faccessat2 path", sys_faccessat2, 1, 0, a_access },
	{ "mkdirat path", sys_mkdirat, 1, 0, a_mkdir },
	{ "mknodat path", sys_mknodat, 1, 0, a_mknod },
	{ "unlinkat path", sys_unlinkat, 1, 0, a_unlink },
	{ "symlinkat target", sys_symlinkat, 0, 0, a_symlink },
	{ "symlinkat path", sys_symlinkat, 2, 0, a_symlink },
	{ "linkat old", sys_linkat, 1, 0, a_link },
	{ "linkat new", sys_linkat, 3, 0, a_link },
	{ "renameat2 old", sys_renameat2, 1, 0, a_rename },
	{ "renameat2 new", sys_renameat2, 3, 0, a_rename },
	{ "readlinkat path", sys_readlinkat, 1, 0, a_readlink },
	{ "readlinkat buf", sys_readlinkat, 2, 0, a_readlink },
	{ "fchmodat path", sys_fchmodat, 1, 0, a_chmod },
	{ "fchownat path", sys_fchownat, 1, 0, a_chown },
	{ "utimensat path", sys_utimensat, 1, 0, a_utimens },
	{ "utimensat times", sys_utimensat, 2, 2 * sizeof(struct wp_timespec), a_utimens },
	{ "truncate path", sys_truncate, 0, 0, a_truncate },
	{ "statfs path", sys_statfs, 0, 0, a_statfs },
	{ "statfs buf", sys_statfs, 2, sizeof(struct wp_statfs64), a_statfs },
	{ "fstatfs buf", sys_fstatfs, 2, sizeof(struct wp_statfs64), a_fstatfs },
	{ "getcwd buf", sys_getcwd, 0, 0, a_getcwd },
	{ "chdir path", sys_chdir, 0, 0, a_chdir },
	{ "sendfile offset", sys_sendfile, 2, 8, a_sendfile },
	{ "copy_file_range off_in", sys_copy_file_range, 1, 8, a_cfr },
	{ "copy_file_range off_out", sys_copy_file_range, 3, 8, a_cfr },
};

static void ectx_init(struct ectx *c)
{
	struct thread *td = c->td;
	struct wp_flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	struct wp_timespec ts[2] = { { 1, 0 }, { 2, 0 } };

	t_file(td, "/f", "abcdef");
	CHECK_EQ(t_mkdir(td, "/d", 0755), 0);
	CHECK_EQ(t_sys(td, sys_symlinkat, t_str(td, "f"), CWD, t_str(td, "/l")), 0);
	c->fd = t_open(td, "/f", O_RDWR, 0);
	c->dfd = t_open(td, "/d", O_RDONLY, 0);
	c->lfd = t_open(td, "/out", O_RDWR | O_CREAT, 0644);
	c->buf = t_alloc(td, 512);
	c->iov = t_alloc(td, 8);
	uint32_t iov[2] = { c->buf, 4 };
	memcpy(fakehost_mem_ptr(td->p->pid, c->iov), iov, 8);
	c->path = t_str(td, "/f");
	c->dpath = t_str(td, "/d");
	c->lpath = t_str(td, "/l");
	c->newpath = t_str(td, "/new");
	c->off64 = t_alloc(td, 8);
	c->kst = t_alloc(td, sizeof(struct wp_kstat));
	c->flk = t_bytes(td, &fl, sizeof(fl));
	c->times = t_bytes(td, ts, sizeof(ts));
	c->sfs = t_alloc(td, sizeof(struct wp_statfs64));
}

TEST(every_pointer_argument_of_every_file_call_gives_efault)
{
	struct ectx c = { .td = t_proc(0, 0) };
	char msg[128];

	ectx_init(&c);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ecase *e = &cases[i];
		sysarg_t a[6] = { 0 };
		long r;

		e->args(&c, a);
		a[e->ptr] = T_BAD;
		r = e->fn(c.td, a);
		if (r != -EFAULT) {
			snprintf(msg, sizeof(msg), "%s: %ld", e->name, r);
			test_fail(__FILE__, __LINE__, "%s instead of -EFAULT", msg);
		}
		if (e->objsize > 1) {
			/* a record that starts inside memory and runs off its end */
			e->args(&c, a);
			a[e->ptr] = t_end(c.td, e->objsize - 1);
			r = e->fn(c.td, a);
			if (r != -EFAULT)
				test_fail(__FILE__, __LINE__, "%s straddling the end: %ld", e->name, r);
		}
	}
}

TEST(an_iovec_whose_buffer_is_bad_gives_efault_and_moves_nothing)
{
	struct thread *td = t_proc(0, 0);
	uint32_t iov[4];
	struct wp_kstat st;
	int fd = t_open(td, "/f", O_RDWR | O_CREAT, 0644);

	iov[0] = T_BAD;
	iov[1] = 4;
	CHECK_EQ(t_sys(td, sys_writev, (sysarg_t)fd, t_bytes(td, iov, 8), 1), -EFAULT);
	CHECK_EQ(t_stat(td, "/f", &st), 0);
	CHECK_EQ(st.st_size, 0);
	/* the first buffer good, the second bad: the good part is written */
	iov[0] = t_str(td, "abc");
	iov[1] = 3;
	iov[2] = T_BAD;
	iov[3] = 4;
	CHECK_EQ(t_sys(td, sys_writev, (sysarg_t)fd, t_bytes(td, iov, 16), 2), 3);
	CHECK_EQ(t_sys(td, sys_pread64, (sysarg_t)fd, T_BAD, 4, 0, 0), -EFAULT);
	/* at end of file nothing is copied, so a bad buffer goes unnoticed (as on Linux) */
	CHECK_EQ(t_sys(td, sys_read, (sysarg_t)fd, T_BAD, 4), 0);
}
