/* Linux clock ids (clock_gettime and friends) and clock_nanosleep's flag. */
#ifndef WP_UAPI_TIME_H
#define WP_UAPI_TIME_H

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1 /* with CLOCK_REALTIME, the clocks host_clock reads */
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define TIMER_ABSTIME            1

#endif
