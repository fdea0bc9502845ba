// Messages between the main thread, the kernel worker and process workers. The kernel worker
// receives main-thread messages synchronously (platform.receive) while the C kernel's loop
// drains its mail; everything else travels by ordinary postMessage.

/** How a host stream's output leaves the kernel worker. */
export type StreamSink = { kind: "fd"; fd: number } | { kind: "post" };

/** main → kernel worker */
export type ToKernel =
  | { op: "attach"; pid: number; memory: WebAssembly.Memory }
  | { op: "spawn"; reqId: number; path: string; argv: string[]; envp: string[]; cwd: string | null;
      stdio: [number, number, number]; uid: number; gid: number }
  | { op: "spawn-done"; pid: number; result: number }
  | { op: "exec-done"; pid: number; result: number }
  | { op: "spawn-resolved"; tid: number; result: number; bytes: ArrayBuffer | null; argv: string[] | null }
  | { op: "fork-done"; pid: number; result: number }
  /** onClone's answer for the thread tid that parentTid's clone made: tid, or -errno. */
  | { op: "clone-done"; parentTid: number; tid: number; result: number }
  | { op: "slot-release"; slot: number; tid: number }
  | { op: "stream-setup"; id: number; sink: StreamSink | null; tty: boolean; rows: number; cols: number }
  | { op: "stream-input"; id: number; bytes: Uint8Array | null }
  | { op: "stream-eof-once"; id: number }
  /** n bytes of stream id's output were delivered (error: -errno when they could not be). */
  | { op: "stream-ack"; id: number; n: number; error: number }
  | { op: "stream-signal"; reqId: number; id: number; sig: number }
  | { op: "kill"; reqId: number; pid: number; sig: number }
  | { op: "read-file"; reqId: number; path: string }
  | { op: "install-file"; reqId: number; path: string; bytes: Uint8Array; mode: number }
  | { op: "make-dirs"; reqId: number; path: string }
  | { op: "mount-host"; reqId: number; hostPath: string; guestPath: string; readonly: boolean }
  | { op: "shutdown" };

/** What the kernel says about a program to start (spawn or exec). */
export interface ProgramInfo {
  pid: number;
  tid: number;
  slot: number;
  path: string;
  argv: string[];
  envp: string[];
  identity: string; // file identity for the module cache
  bytes: ArrayBuffer;
}

/** kernel worker → main */
export type FromKernel =
  | { op: "ready"; control: number }
  | { op: "boot-failed"; error: string }
  | { op: "reply"; reqId: number; result: number; bytes?: ArrayBuffer }
  | { op: "spawn"; info: ProgramInfo }
  | { op: "exec"; info: ProgramInfo }
  | { op: "resolve-spawn"; tid: number; path: string; argv: string[] }
  | { op: "fork"; parentPid: number; childPid: number; parentTid: number; childTid: number; slot: number;
      chan: number; forkBuf: number; startFn: number; startArg: number }
  | { op: "clone"; pid: number; parentTid: number; tid: number; slot: number; fn: number; arg: number;
      stack: number; tls: number; ctid: number }
  | { op: "thread-exit"; pid: number; tid: number; slot: number; chan: number }
  | { op: "exit"; pid: number; status: number }
  | { op: "terminate"; pid: number; tid: number; slot: number }
  | { op: "stream-output"; id: number; bytes: Uint8Array }
  /** Readers took n bytes of stream id's input. */
  | { op: "stream-consumed"; id: number; n: number }
  | { op: "log"; text: string }
  | { op: "stopped" };

/** main → process worker */
export interface RunMessage {
  op: "run";
  /**
   * start: _start; fork: the rewind of a fork into _start; thread: __wp_thread_start(thread);
   * a fork with thread set rewinds into __wp_thread_start (a fork made by a pthread).
   */
  mode: "start" | "fork" | "thread";
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  kernelMemory: WebAssembly.Memory;
  control: number;
  pid: number;
  tid: number;
  slot: number;
  forkBuf?: number;
  /** For mode thread, and for a fork made by a pthread: its start routine and argument. */
  thread?: ThreadStart;
}

/** What __wp_thread_start is called with (docs/abi.md). */
export interface ThreadStart {
  fn: number;
  arg: number;
  stack: number;
  tls: number;
}

/** process worker → main */
export type FromProcess =
  /**
   * The guest stopped: exec true when a new program follows in this worker (WP_CH_EXEC);
   * exitCall true when it called exit, whose slot the kernel frees without being told.
   */
  | { op: "unwound"; pid: number; tid: number; slot: number; exec: boolean; exitCall: boolean }
  | { op: "crashed"; pid: number; tid: number; error: string };
