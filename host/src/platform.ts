// What differs between Node and the browser, behind one interface: starting workers, the
// kernel's synchronous mailbox, and where the default kernel and root image come from.
// Everything else in the host is shared.

export interface WorkerLike {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onMessage(fn: (msg: any) => void): void;
  onError(fn: (err: unknown) => void): void;
  /** Ends the worker; resolves once it can run no more code. */
  terminate(): Promise<void>;
  /** Lets the embedding process exit while this worker idles (Node), if supported. */
  unref?(): void;
  ref?(): void;
}

export interface KernelWorkerStart {
  kernelModule: WebAssembly.Module;
  kernelMemory: WebAssembly.Memory;
  rootImage: Uint8Array | null;
  debug: boolean;
  /** posix_spawn resolves programs through the embedder's onResolveSpawn. */
  hostResolvesSpawn: boolean;
  /** The memory budget for every guest memory and file page, in MiB. */
  memoryLimitMiB: number;
}

export interface Platform {
  /** Starts the kernel worker; mail posted with the returned function reaches its loop. */
  startKernelWorker(start: KernelWorkerStart): { worker: WorkerLike; mail: (msg: unknown) => void };
  /** Starts an idle process worker. */
  startProcessWorker(): WorkerLike;
  /** The kernel module shipped with the package. */
  defaultKernel(): Promise<Uint8Array>;
  /** The root filesystem image shipped with the package. */
  defaultRootImage(): Promise<Uint8Array>;
  /**
   * Writes bytes to the host's own output fd (1 or 2) without blocking the thread; done(0)
   * once they are written, done(-errno) when they cannot be (-EPIPE: nobody reads).
   */
  writeHost(fd: number, bytes: Uint8Array, done: (error: number) => void): void;
  /** Resolves once everything given to writeHost has been written. */
  flushHost(): Promise<void>;
  /** The memory budget when the embedder sets none, in bytes: a share of the host's memory. */
  defaultMemoryLimit(): number;
}
