/*
 * Host streams: the stdin/stdout/stderr a host-started process is given (the CLI's own stdio,
 * or the embedding API's pipes and buffers). Writes go straight to the host; reads park until
 * the host delivers bytes with kernel_stream_input.
 */
#ifndef KERNEL_STREAM_H
#define KERNEL_STREAM_H

#include "file.h"
#include "uapi/wp_host.h" /* STREAM_MAX */

/* A new description for host stream id, opened with flags: 0 or -errno. */
int stream_open(int id, uint32_t flags, struct file **out);

struct proc;
/*
 * Makes f (a description opened on /dev/tty) read and write p's controlling terminal. For now
 * that is the first host stream that is a terminal among the session leader's fds 0-2, then
 * among p's own: 0, or -ENXIO when there is none (as Linux for a process without one).
 */
int stream_open_ctty(struct proc *p, struct file *f);
/* Makes f (opened on /dev/console) the first host stream that is a terminal: 0 or -ENXIO. */
int stream_open_console(struct file *f);
/*
 * What /proc tells of p's controlling terminal (found as stream_open_ctty finds it): its
 * device number (/dev/console's when it is the console, else 0) and foreground process group
 * (0 when none was set). 0, or -ENXIO when p has none.
 */
int stream_ctty_info(struct proc *p, uint64_t *dev, int *fg_pgrp);

#endif
