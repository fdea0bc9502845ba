// The main thread's side of host streams, with back-pressure both ways. Output the kernel
// worker could not hand straight to a host fd, and all output for a "pipe" stream, arrives
// here in order; each chunk is acknowledged once delivered (written to the host fd, or read
// from the ReadableStream), and the kernel worker pauses the stream's writers while a window
// of it is unacknowledged. Input is sent to the kernel up to a window ahead of the guest's
// reads, the rest waits here: nothing is dropped, and a slow side slows the other.
import { E } from "./abi.js";

/** Input bytes the kernel may hold ahead of the guest's reads. */
export const INPUT_WINDOW = 1 << 20;
/** The largest piece of input sent to the kernel at once. */
const INPUT_CHUNK = 64 << 10;

/** Output for a ReadableStream: chunks leave when the consumer asks for them. */
export class OutputPipe {
  readonly readable: ReadableStream<Uint8Array>;
  private readonly queue: Uint8Array[] = [];
  private waiting: { c: ReadableStreamDefaultController<Uint8Array>; resolve: () => void } | null = null;
  private closed = false;
  private cancelled = false;

  /** ack(n, error): n bytes were taken (error -EPIPE: the consumer went away). */
  constructor(private readonly ack: (n: number, error: number) => void) {
    this.readable = new ReadableStream<Uint8Array>({
      pull: (c) => this.pull(c),
      cancel: () => this.cancel(),
    }, { highWaterMark: 0 });
  }

  push(bytes: Uint8Array): void {
    if (this.cancelled) return this.ack(bytes.length, -E.EPIPE);
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w.c.enqueue(bytes);
      this.ack(bytes.length, 0);
      w.resolve();
    } else {
      this.queue.push(bytes);
    }
  }

  /** No more output: the stream ends once the consumer has read what is queued. */
  close(): void {
    this.closed = true;
    const w = this.waiting;
    if (w && !this.queue.length) {
      this.waiting = null;
      w.c.close();
      w.resolve();
    }
  }

  private pull(c: ReadableStreamDefaultController<Uint8Array>): Promise<void> | void {
    const bytes = this.queue.shift();
    if (bytes) {
      c.enqueue(bytes);
      this.ack(bytes.length, 0);
    } else if (this.closed) {
      c.close();
    } else {
      return new Promise((resolve) => (this.waiting = { c, resolve }));
    }
  }

  private cancel(): void {
    this.cancelled = true;
    const n = this.queue.reduce((a, b) => a + b.length, 0);
    this.queue.length = 0;
    this.waiting?.resolve();
    this.waiting = null;
    if (n) this.ack(n, -E.EPIPE);
  }
}

/** Input for a stream: sent to the kernel while its window has room; null is end of file. */
export class InputQueue {
  private readonly pending: { bytes: Uint8Array | null; sent: () => void }[] = [];
  private inflight = 0;
  private dead = false;

  constructor(private readonly send: (bytes: Uint8Array | null) => void) {}

  /** Resolves once the bytes (or the end of file, null) are in the kernel. */
  write(bytes: Uint8Array | null): Promise<void> {
    if (this.dead) return Promise.resolve();
    // big writes go in pieces, so that the kernel never holds much more than its window
    const pieces: (Uint8Array | null)[] = [];
    if (bytes === null) pieces.push(null);
    else for (let off = 0; off < bytes.length; off += INPUT_CHUNK) pieces.push(bytes.subarray(off, off + INPUT_CHUNK));
    const sent = pieces.map((piece) => new Promise<void>((resolve) => this.pending.push({ bytes: piece, sent: resolve })));
    this.pump();
    return sent.at(-1) ?? Promise.resolve();
  }

  /** The guest's readers took n bytes. */
  consumed(n: number): void {
    this.inflight = Math.max(0, this.inflight - n);
    this.pump();
  }

  /** The stream is gone: what waits is dropped (nobody will read it), writers go on. */
  close(): void {
    this.dead = true;
    for (const p of this.pending.splice(0)) p.sent();
  }

  private pump(): void {
    while (this.pending.length && (this.inflight < INPUT_WINDOW || this.pending[0].bytes === null)) {
      const p = this.pending.shift()!;
      this.send(p.bytes);
      if (p.bytes) this.inflight += p.bytes.length;
      p.sent();
    }
  }
}
