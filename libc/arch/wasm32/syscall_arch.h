/*
 * Every syscall goes through one out-of-line function, __wp_syscall
 * (src/internal/wasm32/wp_syscall.c), which writes this thread's channel and asks the host
 * to ring the kernel. A 64-bit argument is two consecutive arguments, low word first, with
 * no alignment padding.
 */
#define __SYSCALL_LL_E(x) \
	(long)(unsigned long long)(x), (long)((unsigned long long)(x) >> 32)
#define __SYSCALL_LL_O(x) __SYSCALL_LL_E((x))

hidden long __wp_syscall(long, long, long, long, long, long, long);

static inline long __syscall0(long n)
{
	return __wp_syscall(n, 0, 0, 0, 0, 0, 0);
}

static inline long __syscall1(long n, long a)
{
	return __wp_syscall(n, a, 0, 0, 0, 0, 0);
}

static inline long __syscall2(long n, long a, long b)
{
	return __wp_syscall(n, a, b, 0, 0, 0, 0);
}

static inline long __syscall3(long n, long a, long b, long c)
{
	return __wp_syscall(n, a, b, c, 0, 0, 0);
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	return __wp_syscall(n, a, b, c, d, 0, 0);
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return __wp_syscall(n, a, b, c, d, e, 0);
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	return __wp_syscall(n, a, b, c, d, e, f);
}

#define IPC_64 0

/*
 * wasm32 is time64-only: the plain time syscall names are the *_time64 calls. musl 1.2.3
 * would otherwise map them to *_time32 names, which this arch does not have; its time32
 * fallbacks stay compiled but dead (they run only when SYS_x != SYS_x_time64).
 */
#define SYS_clock_gettime SYS_clock_gettime64
#define SYS_clock_settime SYS_clock_settime64
#define SYS_clock_adjtime SYS_clock_adjtime64
#define SYS_clock_getres SYS_clock_getres_time64
#define SYS_clock_nanosleep SYS_clock_nanosleep_time64
#define SYS_timer_gettime SYS_timer_gettime64
#define SYS_timer_settime SYS_timer_settime64
#define SYS_timerfd_gettime SYS_timerfd_gettime64
#define SYS_timerfd_settime SYS_timerfd_settime64
