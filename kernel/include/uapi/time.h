/* Linux clock ids (clock_gettime and friends) and clock_nanosleep's flag. */
#ifndef WP_UAPI_TIME_H
#define WP_UAPI_TIME_H

#include <stdint.h>

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1 /* with CLOCK_REALTIME, the clocks host_clock reads */
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define TIMER_ABSTIME            1

/*
 * A CPU-time clock of another process or thread (clock_getcpuclockid,
 * pthread_getcpuclockid), as Linux encodes it: negative, ~pid << 3 | CPUCLOCK_PERTHREAD for
 * a thread | the kind. Only CPUCLOCK_SCHED's kind is used by libc; PROF and VIRT read the
 * same here (the kernel does not tell user from system time).
 */
#define CPUCLOCK_PROF      0
#define CPUCLOCK_VIRT      1
#define CPUCLOCK_SCHED     2
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_MAKE(pid, flags) ((int)((unsigned)~(pid) << 3) | (flags))

/* struct itimerspec with a 64-bit time_t: interval, then value, each {sec, nsec} */
struct wp_itimerspec {
	int64_t interval_sec, interval_nsec;
	int64_t value_sec, value_nsec;
};
_Static_assert(sizeof(struct wp_itimerspec) == 32, "itimerspec layout");

#endif
