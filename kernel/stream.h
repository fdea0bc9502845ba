/*
 * Host streams: the stdin/stdout/stderr a host-started process is given (the CLI's own stdio,
 * or the embedding API's pipes and buffers). Writes go straight to the host; reads park until
 * the host delivers bytes with kernel_stream_input.
 */
#ifndef KERNEL_STREAM_H
#define KERNEL_STREAM_H

#include "file.h"

#define STREAM_MAX 64 /* host streams at once */

/* A new description for host stream id, opened with flags: 0 or -errno. */
int stream_open(int id, uint32_t flags, struct file **out);

#endif
