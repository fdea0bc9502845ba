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
 * every end has closed, which discards unread data as Linux does). Opens follow POSIX:
 * O_RDONLY waits until a writer opens, O_WRONLY until a reader opens; O_RDONLY|O_NONBLOCK
 * returns at once (its reads see end of file while no writer is open), O_WRONLY|O_NONBLOCK
 * fails with ENXIO without a reader; O_RDWR never waits. vfs.h's fifo_open hook has no thread
 * to park, so openat does the waiting (fifo_open_wait, sys_fs.c); a blocking open made from
 * the kernel (a spawn's file actions) has no thread to park at all, and its end waits at its
 * first read or write instead: a reader in read (rather than seeing end of file), a writer in
 * write (rather than EPIPE).
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

/*
 * For openat: the wait queue to park on while f, just opened blocking and read-only or
 * write-only on a FIFO, still has no peer; NULL once the open is complete (any other file).
 * Called again on each run after a wake-up: the peer came when the other side has opened
 * since f did, even if it has closed again (as Linux). Once it has returned NULL, f's reads
 * and writes no longer wait for a peer (pipe.h's kernel-side case).
 */
struct waitq *fifo_open_wait(struct file *f);

#endif
