/*
 * Waiting on many files at once (poll.c: ppoll, pselect6).
 *
 * A thread parks on one wait queue at a time, so a poller cannot sit on every file's queue.
 * Instead pollers park on one global queue, and each file queue a poll has looked at is
 * marked (waitq.polled): waking a marked queue (waitq_wake_all) also wakes every poller,
 * which re-checks its own files and parks again if none is ready. Files need nothing beyond
 * their usual wake-ups; the cost is a re-check by unrelated pollers when a polled file
 * changes, and nothing at all for queues no poll has touched.
 */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include "kernel.h"

/* Wakes every thread parked in ppoll or pselect6 (sched.c calls it for polled queues). */
void poll_notify(void);

struct thread;
/*
 * The signal mask a waiting call (ppoll, pselect6, epoll_pwait) puts in force while it
 * waits: 8 bytes at umask, restored as the call completes. 0, -EINVAL or -EFAULT.
 */
int poll_sigmask(struct thread *td, uint32_t umask, uint32_t masksize);

#endif
