/* Signals: Linux asm-generic numbers, sigaction flags and layouts as musl passes them. */
#ifndef WP_UAPI_SIGNAL_H
#define WP_UAPI_SIGNAL_H

#include <stdint.h>

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define SIGRTMIN  32
#define NSIG_MAX  64 /* signals are 1..64 */

#define SIG_DFL 0u
#define SIG_IGN 1u

#define SA_NOCLDSTOP 0x00000001u
#define SA_NOCLDWAIT 0x00000002u
#define SA_SIGINFO   0x00000004u
#define SA_RESTORER  0x04000000u
#define SA_ONSTACK   0x08000000u
#define SA_RESTART   0x10000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* si_code values */
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)
#define SI_TKILL   (-6)
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* sigev_notify values timer_create takes (SIGEV_THREAD is libc's, carried as a signal) */
#define SIGEV_SIGNAL    0
#define SIGEV_NONE      1
#define SIGEV_THREAD    2
#define SIGEV_THREAD_ID 4

/* The sigevent timer_create reads (musl's struct ksigevent on ILP32). */
struct wp_ksigevent {
	int32_t sigev_value;
	int32_t sigev_signo;
	int32_t sigev_notify;
	int32_t sigev_tid;
};
_Static_assert(sizeof(struct wp_ksigevent) == 16, "ksigevent layout");

/* The struct rt_sigaction reads and writes (musl's struct k_sigaction on ILP32). */
struct wp_k_sigaction {
	uint32_t handler;
	uint32_t flags;
	uint32_t restorer;
	uint32_t mask[2];
};
_Static_assert(sizeof(struct wp_k_sigaction) == 20, "k_sigaction layout");

/* stack_t on ILP32 */
struct wp_stack {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

/* The start of a Linux siginfo_t (128 bytes in all) on ILP32. */
struct wp_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t si_pid;    /* or the timer id */
	uint32_t si_uid;   /* or the overrun */
	int32_t si_status; /* SIGCHLD; or si_value for rt signals */
	int32_t si_utime;
	int32_t si_stime;
	uint8_t pad[128 - 32];
};
_Static_assert(sizeof(struct wp_siginfo) == 128, "siginfo layout");

#endif
