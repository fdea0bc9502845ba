/* The scheduler's inside view, for the loop (main.c), proc.c and signal.c. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "proc.h"

#define WP_TIMER_MAX 8192 /* armed timers at once: parked threads plus interval timers */

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *));
void sched_thread_init(struct thread *td);

/* Moves a parked thread to the run queue (no-op unless parked). */
void sched_make_runnable(struct thread *td);
/* Takes td off its wait queue, the timer heap and the run queue, whatever its state. */
void sched_cancel_park(struct thread *td);
/* The next woken thread, or NULL. */
struct thread *sched_take_runnable(void);

/* Runs the timers due at now; true if any ran. */
bool sched_run_timers(int64_t now);
/* The earliest armed deadline, or -1. */
int64_t sched_next_deadline(void);

#endif
