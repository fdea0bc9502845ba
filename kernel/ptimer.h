/*
 * POSIX per-process timers (timer_create and the timer_* calls) on every clock the kernel
 * reads: CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME and the CPU-time clocks of a
 * process or a thread. The clocks themselves are sys_time.c's.
 */
#ifndef KERNEL_PTIMER_H
#define KERNEL_PTIMER_H

#include "proc.h"
#include "uapi/time.h"

struct ksiginfo;

/*
 * Now on clock id for td, in ns: 0 or -EINVAL. id is a POSIX clock or a CPU-time clock as
 * Linux encodes them (clock_getcpuclockid, pthread_getcpuclockid); a thread's CPU clock
 * can only be read within its process. sys_time.c.
 */
int clock_read(struct thread *td, int id, int64_t *ns);
/* The same for process p without a calling thread: no clock relative to the caller. */
int clock_read_proc(struct proc *p, int id, int64_t *ns);

/*
 * A timer's signal was taken off a pending set (delivered, waited for or discarded): the
 * timer may queue it again, and ki gets the overrun count (si_overrun) that
 * timer_getoverrun reports from now on.
 */
void ptimer_taken(struct proc *p, struct ksiginfo *ki);

/*
 * Deletes p's timers: every one when it exits or is discarded, or only timer_create's
 * (posix_only) when it execs; setitimer's stay (POSIX).
 */
void ptimer_release(struct proc *p, bool posix_only);

/* setitimer's three timers (itimer.c), on ptimers of their own. */
#define ITIMER_REAL    0  /* CLOCK_MONOTONIC, SIGALRM */
#define ITIMER_VIRTUAL 1  /* the process's CPU time, SIGVTALRM */
#define ITIMER_PROF    2  /* the process's CPU time, SIGPROF */
/* What is left of p's timer which and its interval, in ns (0, 0 when disarmed). */
void ptimer_itimer_get(struct proc *p, int which, int64_t *value, int64_t *interval);
/* Arms p's timer which for value ns, then every interval ns; value 0 disarms: 0 or -ENOMEM. */
int ptimer_itimer_set(struct proc *p, int which, int64_t value, int64_t interval);

/*
 * What every timer of the kernel shares (ptimer.c; timerfd.c too): a due timer at *expiry
 * (<= now) moves on by whole intervals past now, to 0 for a one-shot one; the number of
 * expirations that makes (1 and those a late run skipped). And itimerspec in and out: the
 * guest's value and interval checked (EINVAL) and in ns, held well short of overflowing.
 */
int64_t timer_forward(int64_t *expiry, int64_t interval, int64_t now);
int itimerspec_in(const struct wp_itimerspec *in, int64_t *value, int64_t *interval);
void itimerspec_out(int64_t left, int64_t interval, struct wp_itimerspec *out);

/* CLOCK_REALTIME was set forward by delta ns (back, when negative): absolute timers on it
 * are re-armed for the new time; relative ones keep the time they had left. */
void ptimer_clock_was_set(int64_t delta);
/* The same for timerfds (timerfd.c): absolute ones follow; CANCEL_ON_SET ones are canceled. */
void timerfd_clock_was_set(void);

#endif
