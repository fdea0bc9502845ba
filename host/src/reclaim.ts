// Giving guest memory back. A process's WebAssembly.Memory is shared by three isolates (the
// main thread that made it, the kernel worker that copies in and out of it, the process worker
// that runs it), and its pages are unmapped only once every one of them has collected its
// reference. V8 does not count a shared memory as pressure on an isolate that merely holds it,
// so an isolate that lets go of memories but allocates little never collects them: 10,000
// forks held 11 GB. Each isolate therefore counts the guest bytes it has let go of and collects
// once they pass a threshold, or soon after it goes quiet.

/** Guest bytes let go of before an isolate collects at once. */
export const RECLAIM_THRESHOLD = 64 << 20;
/** Quiet time after which an isolate collects whatever it has let go of. */
export const RECLAIM_IDLE_MS = 20;

type Collect = () => void;

let collectFn: Collect | null | undefined;

/** This isolate's full garbage collection, or null where the platform offers none. */
export async function collector(): Promise<Collect | null> {
  if (collectFn !== undefined) return collectFn;
  const g = (globalThis as any).gc;
  if (typeof g === "function") return (collectFn = () => g());
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const fn = vm.runInNewContext("gc") as () => void;
    return (collectFn = () => fn());
  } catch {
    return (collectFn = null);
  }
}

export class Reclaimer {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** useTimers: false in the kernel worker, whose thread has no event loop after boot. */
  constructor(private readonly collect: Collect | null, private readonly useTimers = true) {}

  /** A guest memory of this many bytes is no longer referenced here. */
  dropped(bytes: number): void {
    if (!this.collect) return;
    this.pending += bytes;
    if (this.pending >= RECLAIM_THRESHOLD) return this.now();
    if (!this.useTimers) return;
    if (this.timer) clearTimeout(this.timer); // quiet means no drop for RECLAIM_IDLE_MS
    this.timer = setTimeout(() => this.now(), RECLAIM_IDLE_MS);
    (this.timer as any).unref?.();
  }

  /** True when bytes were let go of since the last collection. */
  get owed(): boolean {
    return this.pending > 0;
  }

  /** Collects now if anything was let go of. */
  now(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending || !this.collect) return;
    this.pending = 0;
    this.collect();
  }
}
