// The host's extension point, with exactly the members, parameters and return types of the
// specification (CentralizedKernelCallbacks), and the types it names.

/**
 * Set on onFork when the parent called fork() from a thread started by pthread_create: the
 * child must rewind from this thread's fork buffer and enter the thread function directly.
 */
export interface ForkFromThreadContext {
  /** The forking thread's tid in the parent. */
  tid: number;
  /** The thread's start routine and argument, as pthread_create received them. */
  fnPtr: number;
  argPtr: number;
  /** The thread's fork buffer: saved frames, __stack_pointer and __tls_base (docs/abi.md). */
  forkBufAddr: number;
  /** The thread's channel address in the parent's memory (and so in the child's copy). */
  channelOffset: number;
}

/**
 * What onResolveSpawn found: the program's bytes; or the bytes with a rewritten argv (a #!
 * script runs its interpreter); or the errno of a program that exists but cannot run.
 */
export type SpawnProgramResolution =
  | ArrayBuffer
  | { programBytes: ArrayBuffer; argv: string[] }
  | { errno: number };

/** Callbacks for fork/exec/exit handling. */
export interface CentralizedKernelCallbacks {
  /**
   * Called when a process calls clone (thread creation). The callback should spawn a thread
   * Worker sharing the parent's Memory. Returns the TID.
   */
  onClone?: (
    pid: number,
    tid: number,
    fnPtr: number,
    argPtr: number,
    stackPtr: number,
    tlsPtr: number,
    ctidPtr: number,
    memory: WebAssembly.Memory,
  ) => Promise<number>;
  /**
   * Called when a process calls execve. The kernel has resolved the program; the callback
   * starts it in place of the old one (the default reuses the worker). 0 or -errno.
   */
  onExec?: (pid: number, path: string, argv: string[], envp: string[]) => Promise<number>;
  /** Called when a process exits. */
  onExit?: (pid: number, exitStatus: number) => void;
  /**
   * Called when a process calls exit_group, before the host handles the exit; every thread
   * worker of the process is to be ended.
   */
  onExitGroup?: (pid: number) => void;
  /**
   * Called when a process forks. The kernel has already cloned the process; the callback
   * starts a child worker on a copy of the parent's Memory and registers it with the kernel.
   * Returns the channel offsets allocated for the child.
   */
  onFork?: (
    parentPid: number,
    childPid: number,
    parentMemory: WebAssembly.Memory,
    threadFork?: ForkFromThreadContext,
  ) => Promise<number[]>;
  /**
   * Side-effect-free resolution for a spawn, before the kernel builds the child: the program
   * bytes, { programBytes, argv } for a rewrite, { errno }, or null for ENOENT.
   */
  onResolveSpawn?: (path: string, argv: string[]) => Promise<SpawnProgramResolution | null>;
  /**
   * Starts the spawned child (the kernel has built it and applied file actions and
   * attributes) from a fresh Memory. 0, or -errno, which makes the kernel roll the child back.
   */
  onSpawn?: (
    childPid: number,
    programBytes: ArrayBuffer,
    argv: string[],
    envp: string[],
  ) => Promise<number>;
  /**
   * Called after a thread's channel reaches exit and the kernel did the CLONE_CHILD_CLEARTID
   * wake. Return true when the host will end the worker, so the channel is not completed.
   */
  onThreadExit?: (pid: number, tid: number, channelOffset: number) => boolean;
}
