// Idle process workers kept warm, so starting a process costs no worker start-up.
import type { Platform, WorkerLike } from "./platform.js";

export class WorkerPool {
  private readonly idle: WorkerLike[] = [];

  constructor(
    private readonly platform: Platform,
    private readonly onMessage: (w: WorkerLike, msg: any) => void,
    private readonly warm = 2,
  ) {}

  private create(): WorkerLike {
    const w = this.platform.startProcessWorker();
    w.onMessage((msg) => this.onMessage(w, msg));
    w.onError((err) => this.onMessage(w, { op: "crashed", pid: -1, tid: -1, error: String(err) }));
    return w;
  }

  /** Starts workers until warm ones are idle. */
  fill(): void {
    while (this.idle.length < this.warm) {
      const w = this.create();
      w.unref?.();
      this.idle.push(w);
    }
  }

  acquire(): WorkerLike {
    const w = this.idle.pop() ?? this.create();
    w.ref?.();
    queueMicrotask(() => this.fill());
    return w;
  }

  release(w: WorkerLike): void {
    w.unref?.();
    if (this.idle.length < this.warm * 2) this.idle.push(w);
    else w.terminate();
  }

  /** The worker is gone (terminated or crashed); replace it. */
  lost(): void {
    queueMicrotask(() => this.fill());
  }

  close(): void {
    for (const w of this.idle.splice(0)) w.terminate();
  }
}
