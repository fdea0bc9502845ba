/*
 * What every kernel file needs: fixed-width types, user addresses, errors, allocation,
 * and the copy routines that are the only way across to guest memory.
 *
 * The kernel is freestanding: on wasm32 it links nothing but kernel/lib.c; natively (tests)
 * it links the system libc, whose malloc lets the sanitizers see every allocation.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

#include "uapi/errno.h"

/* A guest address: a plain number, never dereferenced. */
typedef uint32_t uaddr_t;

/* One guest register (ILP32): syscall arguments arrive as six of these. */
typedef uint32_t sysarg_t;

struct thread;
struct proc;

/*
 * Kernel-internal results a handler may return; never seen by a guest.
 * EPARKED: the thread now sleeps on a wait queue; the handler runs again when woken.
 * ERESTARTSYS: a signal interrupted the call; the dispatcher makes it EINTR, or a restart
 * under SA_RESTART.
 */
#define EPARKED     4096
#define ERESTARTSYS 4097
/* EGONE: the thread whose request this was no longer exists; nothing is completed. */
#define EGONE       4098

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Allocation: kzalloc returns zeroed memory or NULL; kfree(NULL) does nothing. */
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);
char *kstrdup(const char *s);

/* Fault injection for tests: after this many more successful allocations, fail one. -1: off. */
extern long kalloc_fail_after;
/* True when fault injection says this allocation (of any kind) fails. */
bool kalloc_should_fail(void);

/*
 * Crossing to guest memory. Each returns 0, or -EFAULT when any byte of the range is outside
 * the guest's memory. copyinstr copies a NUL-terminated string of at most max bytes including
 * the NUL and returns its length, -EFAULT, or -ENAMETOOLONG.
 */
int copyin(struct thread *td, uaddr_t src, void *dst, size_t len);
int copyout(struct thread *td, const void *src, uaddr_t dst, size_t len);
long copyinstr(struct thread *td, uaddr_t src, char *dst, size_t max);

/* Diagnostics: kprintf goes to the host's log (stderr on Node). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void kpanic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define KASSERT(c) ((c) ? (void)0 : kpanic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__))

/* Freestanding string helpers (kernel/lib.c on wasm32; the system's natively). */
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

#endif
