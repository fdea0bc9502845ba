/*
 * Pipes and FIFOs: a 64 KiB ring between writers and readers (pipe.c).
 *
 * Rules kept (POSIX, Linux): reads block while the ring is empty and a writer exists, and
 * return 0 (end of file) once the last writer has closed; writes of at most PIPE_BUF bytes are
 * atomic (never interleaved with other writes); larger writes may be split and block until all
 * is written; a write with no reader fails with EPIPE and sends SIGPIPE to the writing thread;
 * O_NONBLOCK makes both EAGAIN instead of blocking; FIONREAD gives the bytes buffered.
 *
 * Waiting: readers, writers and pollers of one pipe all park on the pipe's one wait queue
 * (file_ops.pollq); every change (data, room, an end closing) wakes it and each waiter
 * re-checks. Only one side can be waiting for the other at a time (the ring cannot be empty
 * and full at once), so this costs no needless wake-ups for one reader and one writer.
 *
 * FIFOs: opening a FIFO node attaches to the node's one pipe (made on first open, freed when
 * every end has closed, which discards unread data as Linux does). fifo_open has no thread to
 * park (vfs.h's hook takes none), so the rendezvous POSIX puts in open happens at the first
 * read or write instead: a reader opened before any writer blocks in read (rather than seeing
 * end of file) until a writer opens; a writer opened before any reader blocks in write (rather
 * than EPIPE) until a reader opens. Non-blocking opens follow POSIX: O_RDONLY succeeds,
 * O_WRONLY fails with ENXIO when there is no reader.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include "kernel.h"

#define PIPE_BUF  4096  /* writes up to this size are atomic */
#define PIPE_SIZE 65536 /* the ring's capacity */

struct file;
struct proc;

/*
 * A new pipe: *rd and *wr are its read and write ends as descriptions (one reference each),
 * with O_NONBLOCK from flags. 0 or -ENOMEM.
 */
int pipe_create(uint32_t flags, struct file **rd, struct file **wr);

#endif
