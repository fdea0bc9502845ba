/*
 * The native kernel test harness: tests named as sentences, registered by TEST(), runnable
 * one at a time by name (`kernel-tests NAME...`), with a printed random seed.
 * Each test runs on a freshly booted filesystem (fs_boot with no image) and everything is
 * torn down after it, so AddressSanitizer's leak checker sees every lost allocation.
 */
#ifndef TESTS_KERNEL_T_H
#define TESTS_KERNEL_T_H

#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include "kernel.h"
#include "proc.h"
#include "file.h"
#include "fd.h"
#include "vfs.h"
#include "sysfile.h"

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn, bool boot);

#define TEST(name) TEST_(name, true)
/* A test that sets up its own filesystem (or none). */
#define TEST_NOBOOT(name) TEST_(name, false)
#define TEST_(name, boot)                                                       \
	static void name(void);                                                 \
	__attribute__((constructor)) static void reg_##name(void)               \
	{                                                                       \
		test_register(#name, name, boot);                               \
	}                                                                       \
	static void name(void)

_Noreturn void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c))                                                       \
			test_fail(__FILE__, __LINE__, "%s", #c);                \
	} while (0)
#define CHECK_EQ(a, b)                                                          \
	do {                                                                    \
		long long a_ = (long long)(a), b_ = (long long)(b);             \
		if (a_ != b_)                                                   \
			test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)
#define CHECK_STR(a, b)                                                         \
	do {                                                                    \
		const char *a_ = (a), *b_ = (b);                                \
		if (strcmp(a_, b_))                                             \
			test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, a_, b_); \
	} while (0)

/* The seed of this run (tests that want randomness use it). */
extern unsigned test_seed;

/* Test processes: a proc with one thread, its own guest memory (1 MiB), cwd and root at /. */
#define T_MEM_SIZE (1u << 20)
#define T_BAD      0xfffff000u /* a guest address outside every guest memory */
struct thread *t_proc(uint32_t uid, uint32_t gid);
/* As t_proc, but the process is in proc.c's table (proc_find finds it; /proc lists it). */
struct thread *t_registered_proc(uint32_t uid, uint32_t gid);
/* Guest memory of td: a fresh zeroed block of n bytes, a copy of a string or bytes. */
uaddr_t t_alloc(struct thread *td, size_t n);
uaddr_t t_str(struct thread *td, const char *s);
uaddr_t t_bytes(struct thread *td, const void *p, size_t n);
void t_get(struct thread *td, uaddr_t a, void *p, size_t n);
/* The address just past td's guest memory, minus n: a range that ends exactly at its end. */
uaddr_t t_end(struct thread *td, size_t n);

/* Calling handlers: t_sys(td, handler, args...) */
typedef long (*sys_fn)(struct thread *, const sysarg_t *);
long t_call(struct thread *td, sys_fn fn, int n, ...);
#define t_sys(td, fn, ...) t_call(td, fn, (int)(sizeof((sysarg_t[]){ __VA_ARGS__ }) / sizeof(sysarg_t)), __VA_ARGS__)

/* Shortcuts over handlers for test setup */
int t_open(struct thread *td, const char *path, int flags, uint32_t mode);
long t_write(struct thread *td, int fd, const void *buf, size_t n);
long t_read(struct thread *td, int fd, void *buf, size_t n);
int t_mkdir(struct thread *td, const char *path, uint32_t mode);
/* Makes path with contents (0644), as td. */
void t_file(struct thread *td, const char *path, const char *contents);
/* stat through sys_newfstatat (follow): 0 or -errno. */
int t_stat(struct thread *td, const char *path, struct wp_kstat *st);
int t_lstat(struct thread *td, const char *path, struct wp_kstat *st);

/* Fake host controls (fakehost.c) */
void fakehost_mem_new(int mem, size_t size);
void fakehost_mem_free(int mem);
void *fakehost_mem_ptr(int mem, uaddr_t a);
/* What the fake host's random source produces next is seeded from test_seed. */

/* All handlers of the file family (the dispatcher's names). */
#define SYS(name) long sys_##name(struct thread *td, const sysarg_t *arg);
SYS(openat) SYS(close) SYS(read) SYS(write) SYS(readv) SYS(writev) SYS(pread64)
SYS(pwrite64) SYS(preadv) SYS(pwritev) SYS(llseek) SYS(dup) SYS(dup3) SYS(fcntl) SYS(flock)
SYS(ioctl) SYS(getdents64) SYS(newfstatat) SYS(fstat) SYS(statx) SYS(faccessat)
SYS(faccessat2) SYS(mkdirat) SYS(mknodat) SYS(unlinkat) SYS(renameat2) SYS(linkat)
SYS(symlinkat) SYS(readlinkat) SYS(fchmod) SYS(fchmodat) SYS(fchown) SYS(fchownat)
SYS(utimensat) SYS(truncate) SYS(ftruncate) SYS(fallocate) SYS(fsync) SYS(fdatasync)
SYS(sync) SYS(syncfs) SYS(statfs) SYS(fstatfs) SYS(getcwd) SYS(chdir) SYS(fchdir) SYS(umask)
SYS(sendfile) SYS(copy_file_range) SYS(fadvise64_64)
#undef SYS

#endif
