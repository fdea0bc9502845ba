// The embedding API: boot a system (kernel worker, root image, mounts), spawn programs with
// argv, env, cwd and stdio, await their exit status, shut down. It routes the kernel's
// messages to the CentralizedKernelCallbacks and owns the process workers.
import { CTL, E, SIG, STREAM } from "./abi.js";
import type { CentralizedKernelCallbacks } from "./callbacks.js";
import { defaultCallbacks, type HostInternals } from "./default-callbacks.js";
import type { Platform, WorkerLike } from "./platform.js";
import type { FromKernel, FromProcess, ProgramInfo, RunMessage, StreamSink, ToKernel } from "./protocol.js";
import { WorkerPool } from "./pool.js";
import { importedMemoryLimits } from "./wasm-meta.js";
import { Reclaimer, collector } from "./reclaim.js";
import { InputQueue, OutputPipe } from "./streams.js";

export interface Mount {
  hostPath: string;
  guestPath: string;
  readonly?: boolean;
}

export interface BootOptions {
  platform?: Platform;
  /** The kernel module; default: the package's kernel.wasm. */
  kernel?: Uint8Array | WebAssembly.Module;
  /** The root filesystem tar; default: the package's rootfs.tar. null boots an empty root. */
  rootImage?: Uint8Array | null;
  /** Host directories to mount (Node). */
  mounts?: Mount[];
  /** Any subset of the callbacks, overriding the defaults. */
  callbacks?: CentralizedKernelCallbacks;
  /** Log unimplemented syscalls by name. */
  debug?: boolean;
  /**
   * The memory budget in bytes for all guest memories and file data together (default: half
   * the host's memory). Past it fork, spawn and exec fail with ENOMEM, brk and mmap with
   * ENOMEM, and file writes with ENOSPC.
   */
  memory?: number;
}

/** Where a standard stream of a spawned process goes. */
export type StdioSpec = "inherit" | "pipe" | "ignore";

export interface SpawnOptions {
  env?: Record<string, string> | string[];
  cwd?: string;
  stdin?: StdioSpec | Uint8Array | string;
  stdout?: StdioSpec;
  stderr?: StdioSpec;
  /** Present the inherited and piped streams to the guest as a terminal (rows x cols). */
  tty?: { rows: number; cols: number };
  uid?: number;
  gid?: number;
}

export interface ExitStatus {
  /** The raw wait status, as waitpid reports it. */
  status: number;
  /** The exit code, or null when killed by a signal. */
  code: number | null;
  /** The signal that ended it, or null. */
  signal: number | null;
  /** Why the program could not start, as "Exec format error: reason" (its code is then 127). */
  error?: string;
}

/** A process started by the host. */
export class GuestProcess {
  readonly exited: Promise<ExitStatus>;
  /** Present when stdout / stderr were "pipe": the bytes as they come. */
  readonly stdout: ReadableStream<Uint8Array> | null;
  readonly stderr: ReadableStream<Uint8Array> | null;
  /** @internal */ resolveExit!: (s: ExitStatus) => void;
  /** @internal */ rejectExit!: (e: Error) => void;

  constructor(
    private readonly sys: WasmPosix,
    readonly pid: number,
    private readonly stdinId: number | null,
    stdout: ReadableStream<Uint8Array> | null,
    stderr: ReadableStream<Uint8Array> | null,
  ) {
    this.exited = new Promise((resolve, reject) => {
      this.resolveExit = resolve;
      this.rejectExit = reject;
    });
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Writes to the process's stdin (when it was "pipe"). Nothing is dropped: the promise
   * resolves once the bytes are in the kernel, which holds at most a window ahead of the
   * guest's reads, so a writer that awaits it goes at the guest's pace.
   */
  write(data: Uint8Array | string): Promise<void> {
    if (this.stdinId === null) throw new Error("stdin is not a pipe");
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    return bytes.length ? this.sys.streamInput(this.stdinId, bytes) : Promise.resolve();
  }

  /** Ends the process's stdin (after what was written before). */
  end(): Promise<void> {
    return this.stdinId === null ? Promise.resolve() : this.sys.streamInput(this.stdinId, null);
  }

  /** A terminal's end of file (^D) on stdin: the next read returns 0, later reads go on. */
  eof(): void {
    if (this.stdinId !== null) this.sys.mail({ op: "stream-eof-once", id: this.stdinId });
  }

  /**
   * Sends sig as a terminal does (^C, ^Z, ^\): to the foreground process group the guest set
   * on its terminal, else to this process's group.
   */
  async signalForeground(sig: number): Promise<void> {
    const r = this.stdinId === null ? -E.ESRCH
      : await this.sys.request({ op: "stream-signal", reqId: 0, id: this.stdinId, sig });
    if (r < 0) await this.sys.kill(-this.pid, sig).catch(() => {});
  }

  kill(sig: number = SIG.SIGTERM): Promise<number> {
    return this.sys.kill(this.pid, sig);
  }
}

/** The exit code a shell would show: the code, or 128 + the signal. */
export function exitCode(s: ExitStatus): number {
  return s.code ?? 128 + (s.signal ?? 0);
}

export function decodeStatus(status: number): ExitStatus {
  const sig = status & 0x7f;
  if (sig === 0) return { status, code: (status >> 8) & 0xff, signal: null };
  return { status, code: null, signal: sig };
}

interface StreamState {
  id: number;
  /** The host fd that output goes to, when it was "inherit". */
  fd?: number;
  /** Where "pipe" output goes. */
  pipe?: OutputPipe;
  /** Input waiting for room in the kernel. */
  input?: InputQueue;
}

const STREAMS = STREAM.MAX;

/** Program bytes whose compiled modules the cache keeps (least recently used go first). */
const MODULE_CACHE_BYTES = 256 << 20;

export class WasmPosix implements HostInternals {
  readonly callbacks: Required<CentralizedKernelCallbacks>;
  readonly memories = new Map<number, WebAssembly.Memory>();
  readonly programs = new Map<number, ProgramInfo>();
  readonly workers = new Map<string, WorkerLike>();
  readonly pendingExec = new Map<number, RunMessage>();
  readonly pendingForks = new Map<number, { slot: number; chan: number; forkBuf: number; tid: number }>();
  readonly pendingClones = new Map<number, { slot: number }>();
  readonly spawnErrors = new Map<number, { errno: number; reason: string }>();
  /** Compiled modules by file identity, least recently used first (see module()). */
  private readonly modules = new Map<string, { module: Promise<WebAssembly.Module>; bytes: number }>();
  private moduleBytes = 0;
  private readonly processes = new Map<number, GuestProcess>();
  private readonly replies = new Map<number, (m: Extract<FromKernel, { op: "reply" }>) => void>();
  private readonly streams: (StreamState | null)[] = new Array(STREAMS).fill(null);
  private nextReq = 1;
  private stopped = false;
  private readonly ctl: Int32Array;
  private readonly workerOf = new Map<WorkerLike, { pid: number; tid: number }>();
  /** Workers of threads that called exit, unwound before the kernel's notice came. */
  private readonly exitedWorkers = new Map<string, WorkerLike>();
  /** onThreadExit's answers whose worker has not yet unwound, by "pid:tid". */
  private readonly threadExits = new Map<string, boolean>();
  /** Execs from a thread other than the leader, committed while the leader's worker lives. */
  private readonly execAfterLeader = new Map<number, { next: RunMessage; w: WorkerLike }>();

  private constructor(
    readonly platform: Platform,
    readonly pool: WorkerPool,
    private readonly kernelWorker: WorkerLike,
    private readonly mailFn: (msg: unknown) => void,
    readonly kernelMemory: WebAssembly.Memory,
    readonly control: number,
    overrides: CentralizedKernelCallbacks | undefined,
    private readonly reclaim: Reclaimer,
  ) {
    this.ctl = new Int32Array(kernelMemory.buffer, control, CTL.WORDS);
    this.callbacks = { ...defaultCallbacks(this), ...(overrides ?? {}) };
    kernelWorker.onMessage((m: FromKernel) => this.onKernelMessage(m));
  }

  static async boot(opts: BootOptions = {}): Promise<WasmPosix> {
    const platform = opts.platform ?? (await import("./node-platform.js")).nodePlatform;
    // process workers start while the kernel is compiled and booted: both cost tens of ms
    let sys: WasmPosix | undefined;
    const pool = new WorkerPool(platform, (w, msg) => sys?.onProcessMessage(w, msg));
    pool.fill();
    const [kernelBytes, rootImage] = await Promise.all([
      opts.kernel instanceof WebAssembly.Module ? null : opts.kernel ?? platform.defaultKernel(),
      opts.rootImage === undefined ? platform.defaultRootImage() : opts.rootImage,
    ]);
    const kernelModule = kernelBytes ? await WebAssembly.compile(kernelBytes as Uint8Array<ArrayBuffer>) : (opts.kernel as WebAssembly.Module);
    const limits = kernelLimits(kernelBytes);
    const kernelMemory = new WebAssembly.Memory({ initial: limits.initial, maximum: limits.maximum, shared: true });
    const { worker, mail } = platform.startKernelWorker({
      kernelModule, kernelMemory, rootImage, debug: opts.debug ?? false,
      hostResolvesSpawn: !!opts.callbacks?.onResolveSpawn,
      memoryLimitMiB: Math.max(1, Math.floor((opts.memory ?? platform.defaultMemoryLimit()) / (1 << 20))),
    });
    const control = await new Promise<number>((resolve, reject) => {
      worker.onMessage((m: FromKernel) => {
        if (m.op === "ready") resolve(m.control);
        else if (m.op === "boot-failed") reject(new Error(m.error));
      });
      worker.onError(reject);
    });
    sys = new WasmPosix(platform, pool, worker, mail, kernelMemory, control, opts.callbacks,
      new Reclaimer(await collector()));
    for (const m of opts.mounts ?? []) {
      await sys.mkdirp(m.guestPath).catch(() => {});
      const r = await sys.request({ op: "mount-host", reqId: 0, hostPath: m.hostPath, guestPath: m.guestPath, readonly: !!m.readonly });
      if (r < 0) {
        await sys.shutdown();
        throw new Error(`cannot mount ${m.hostPath} on ${m.guestPath}: errno ${-r}`);
      }
    }
    return sys;
  }

  /** Posts a message to the kernel's loop and rings its doorbell. */
  mail(msg: ToKernel, transfer?: Transferable[]): void {
    if (transfer) (this.mailFn as any)(msg, transfer);
    else this.mailFn(msg);
    Atomics.store(this.ctl, CTL.MAIL, 1);
    Atomics.add(this.ctl, CTL.DOORBELL, 1);
    Atomics.notify(this.ctl, CTL.DOORBELL);
  }

  /** A request the kernel answers with a reply. */
  request(msg: Extract<ToKernel, { reqId: number }>): Promise<number> {
    return this.requestFull(msg).then((m) => m.result);
  }

  private requestFull(msg: Extract<ToKernel, { reqId: number }>): Promise<Extract<FromKernel, { op: "reply" }>> {
    if (this.stopped) return Promise.reject(new Error("the system is shut down"));
    const reqId = this.nextReq++;
    return new Promise((resolve) => {
      this.replies.set(reqId, resolve);
      this.mail({ ...msg, reqId } as ToKernel);
    });
  }

  attach(pid: number, memory: WebAssembly.Memory): void {
    this.dropMemory(pid); // an exec's old image
    this.memories.set(pid, memory);
    this.mail({ op: "attach", pid, memory });
  }

  /**
   * The compiled module for a program, compiled once per file identity. The cache keeps the
   * most recently used modules up to MODULE_CACHE_BYTES of program; a program the host
   * resolved itself has no identity and is never kept.
   */
  module(identity: string, bytes: ArrayBuffer): Promise<WebAssembly.Module> {
    const hit = this.modules.get(identity);
    if (hit) {
      this.modules.delete(identity); // most recently used goes last
      this.modules.set(identity, hit);
      return hit.module;
    }
    const module = WebAssembly.compile(bytes);
    if (identity.startsWith("resolved:")) return module;
    const entry = { module, bytes: bytes.byteLength };
    this.modules.set(identity, entry);
    this.moduleBytes += entry.bytes;
    const forget = () => {
      if (this.modules.get(identity) !== entry) return;
      this.modules.delete(identity);
      this.moduleBytes -= entry.bytes;
    };
    module.catch(forget);
    for (const [id, e] of this.modules) {
      if (this.moduleBytes <= MODULE_CACHE_BYTES || e === entry) break;
      this.modules.delete(id);
      this.moduleBytes -= e.bytes;
    }
    return module;
  }

  /** Lets go of pid's memory (exit, or the old image at exec). */
  private dropMemory(pid: number): void {
    const mem = this.memories.get(pid);
    if (!mem) return;
    this.memories.delete(pid);
    this.reclaim.dropped(mem.buffer.byteLength);
  }

  /** A fresh Memory as the program declares it. */
  newMemory(bytes: ArrayBuffer, minPages = 0): WebAssembly.Memory {
    const lim = importedMemoryLimits(new Uint8Array(bytes));
    if (!lim || !lim.shared || lim.maximum === undefined)
      throw Object.assign(new Error("the program does not import a shared memory"), { errno: E.ENOEXEC });
    return new WebAssembly.Memory({ initial: Math.max(lim.initial, minPages), maximum: lim.maximum, shared: true });
  }

  /** Starts a guest thread in a pooled worker. */
  run(msg: RunMessage, worker?: WorkerLike): void {
    const w = worker ?? this.pool.acquire();
    this.workers.set(`${msg.pid}:${msg.tid}`, w);
    this.workerOf.set(w, { pid: msg.pid, tid: msg.tid });
    w.postMessage(msg);
  }

  reserveWorker(pid: number, tid: number): WorkerLike {
    const w = this.pool.acquire();
    this.workers.set(`${pid}:${tid}`, w);
    this.workerOf.set(w, { pid, tid });
    return w;
  }

  workerFor(pid: number, tid: number): WorkerLike | undefined {
    return this.workers.get(`${pid}:${tid}`);
  }

  runMessage(info: { pid: number; tid: number; slot: number }, module: WebAssembly.Module, memory: WebAssembly.Memory,
    mode: RunMessage["mode"] = "start", forkBuf?: number): RunMessage {
    return { op: "run", mode, module, memory, kernelMemory: this.kernelMemory, control: this.control,
      pid: info.pid, tid: info.tid, slot: info.slot, forkBuf };
  }

  private allocStream(st: StreamState | null = null): number {
    const id = this.streams.findIndex((s) => s === null);
    if (id < 0) throw new Error("too many host streams");
    this.streams[id] = st ?? { id };
    this.streams[id]!.id = id;
    return id;
  }

  private setupStream(spec: StdioSpec | Uint8Array | string, fd: number, tty?: { rows: number; cols: number }): {
    id: number; readable: ReadableStream<Uint8Array> | null; input?: Uint8Array } {
    if (spec === "ignore") return { id: -1, readable: null };
    const st: StreamState = { id: 0 };
    const id = this.allocStream(st);
    const ack = (n: number, error: number) => this.mail({ op: "stream-ack", id, n, error });
    let sink: StreamSink | null = null;
    let readable: ReadableStream<Uint8Array> | null = null;
    if (fd > 0 && spec === "inherit") {
      sink = { kind: "fd", fd };
      st.fd = fd;
    } else if (fd > 0) {
      sink = { kind: "post" };
      st.pipe = new OutputPipe(ack);
      readable = st.pipe.readable;
    } else {
      st.input = new InputQueue((bytes) => this.mail({ op: "stream-input", id, bytes }));
    }
    // with tty, the streams are the terminal's: stdin too, though its bytes come by "pipe"
    const isTty = !!tty && (spec === "inherit" || spec === "pipe");
    this.mail({ op: "stream-setup", id, sink, tty: isTty, rows: tty?.rows ?? 0, cols: tty?.cols ?? 0 });
    let input: Uint8Array | undefined;
    // A string other than the StdioSpec words is the stdin text itself.
    if (spec instanceof Uint8Array) input = spec;
    else if (spec !== "pipe" && spec !== "inherit") input = new TextEncoder().encode(spec);
    return { id, readable, input };
  }

  /** Starts a program from the guest's filesystem. */
  async spawn(path: string, argv: string[] = [path], opts: SpawnOptions = {}): Promise<GuestProcess> {
    const env = opts.env === undefined ? defaultEnv()
      : Array.isArray(opts.env) ? opts.env : Object.entries(opts.env).map(([k, v]) => `${k}=${v}`);
    const sin = this.setupStream(opts.stdin ?? "pipe", 0, opts.tty);
    const sout = this.setupStream(opts.stdout ?? "pipe", 1, opts.tty);
    const serr = this.setupStream(opts.stderr ?? "pipe", 2, opts.tty);
    if (sin.input) {
      if (sin.input.length) void this.streamInput(sin.id, sin.input);
      void this.streamInput(sin.id, null);
    }
    const pid = await this.request({ op: "spawn", reqId: 0, path, argv, envp: env, cwd: opts.cwd ?? null,
      stdio: [sin.id, sout.id, serr.id], uid: opts.uid ?? 0, gid: opts.gid ?? 0 });
    const ids = [sin.id, sout.id, serr.id].filter((i) => i >= 0);
    if (pid < 0) {
      for (const i of ids) this.freeStream(i);
      throw Object.assign(new Error(`${path}: ${errnoName(-pid)}`), { errno: -pid });
    }
    const gp = new GuestProcess(this, pid, opts.stdin === "pipe" || opts.stdin === undefined ? sin.id : null,
      sout.readable, serr.readable);
    (gp as any).streamIds = ids;
    this.processes.set(pid, gp);
    return gp;
  }

  /** Spawns, feeds stdin, collects stdout and stderr, and waits. */
  async exec(path: string, argv: string[] = [path], opts: SpawnOptions = {}): Promise<ExitStatus & { stdout: string; stderr: string }> {
    const p = await this.spawn(path, argv, { stdin: "", ...opts, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, st] = await Promise.all([collect(p.stdout!), collect(p.stderr!), p.exited]);
    return { ...st, stdout, stderr };
  }

  /** Input for stream id (null: end of file), sent as the kernel's window allows. */
  streamInput(id: number, bytes: Uint8Array | null): Promise<void> {
    return this.streams[id]?.input?.write(bytes) ?? Promise.resolve();
  }

  /** Output the kernel worker handed over for stream id, delivered in order and acknowledged. */
  private streamOutput(id: number, bytes: Uint8Array): void {
    const st = this.streams[id];
    const ack = (error: number) => this.mail({ op: "stream-ack", id, n: bytes.length, error });
    if (st?.pipe) st.pipe.push(bytes);
    else if (st?.fd !== undefined) this.platform.writeHost(st.fd, bytes, ack);
    else ack(0); // the stream was freed meanwhile: nobody reads it
  }

  private freeStream(id: number): void {
    const st = this.streams[id];
    if (!st) return;
    st.pipe?.close();
    st.input?.close();
    this.streams[id] = null;
    this.mail({ op: "stream-setup", id, sink: null, tty: false, rows: 0, cols: 0 });
  }

  kill(pid: number, sig: number): Promise<number> {
    return this.request({ op: "kill", reqId: 0, pid, sig });
  }

  /** The whole of a file in the guest's filesystem, or an error with its errno. */
  async readFile(path: string): Promise<Uint8Array> {
    const r = await this.requestFull({ op: "read-file", reqId: 0, path });
    if (r.result < 0 || !r.bytes) throw Object.assign(new Error(`${path}: ${errnoName(-r.result)}`), { errno: -r.result });
    return new Uint8Array(r.bytes);
  }

  /** Creates or replaces a file in the guest's filesystem (parents are created). */
  async writeFile(path: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const dir = path.slice(0, path.lastIndexOf("/"));
    if (dir) await this.mkdirp(dir);
    const r = await this.request({ op: "install-file", reqId: 0, path, bytes, mode });
    if (r < 0) throw Object.assign(new Error(`${path}: ${errnoName(-r)}`), { errno: -r });
  }

  async mkdirp(path: string): Promise<void> {
    const r = await this.request({ op: "make-dirs", reqId: 0, path });
    if (r < 0) throw Object.assign(new Error(`${path}: ${errnoName(-r)}`), { errno: -r });
  }

  /** Stops every process and the kernel. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of this.workers.values()) w.terminate();
    this.workers.clear();
    this.pool.close();
    const stopped = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      this.kernelWorker.onMessage((m: FromKernel) => { if (m.op === "stopped") { clearTimeout(t); resolve(); } });
    });
    this.mail({ op: "shutdown" });
    await stopped;
    this.kernelWorker.terminate();
  }

  private onKernelMessage(m: FromKernel): void {
    switch (m.op) {
      case "reply": {
        const r = this.replies.get(m.reqId);
        this.replies.delete(m.reqId);
        r?.(m);
        break;
      }
      case "spawn":
        this.programs.set(m.info.pid, m.info);
        this.callbacks.onSpawn(m.info.pid, m.info.bytes, m.info.argv, m.info.envp).then(
          (r) => this.mail({ op: "spawn-done", pid: m.info.pid, result: r }),
          () => this.mail({ op: "spawn-done", pid: m.info.pid, result: -E.ENOEXEC }));
        break;
      case "exec":
        this.programs.set(m.info.pid, m.info);
        this.callbacks.onExec(m.info.pid, m.info.path, m.info.argv, m.info.envp).then(
          (r) => this.mail({ op: "exec-done", pid: m.info.pid, result: r }),
          () => this.mail({ op: "exec-done", pid: m.info.pid, result: -E.ENOEXEC }));
        break;
      case "resolve-spawn":
        this.callbacks.onResolveSpawn(m.path, m.argv).then((res) => {
          if (res === null) this.mail({ op: "spawn-resolved", tid: m.tid, result: -E.ENOENT, bytes: null, argv: null });
          else if (res instanceof ArrayBuffer) this.mail({ op: "spawn-resolved", tid: m.tid, result: 0, bytes: res, argv: null });
          else if ("errno" in res) this.mail({ op: "spawn-resolved", tid: m.tid, result: -Math.abs(res.errno), bytes: null, argv: null });
          else this.mail({ op: "spawn-resolved", tid: m.tid, result: 0, bytes: res.programBytes, argv: res.argv });
        }, () => this.mail({ op: "spawn-resolved", tid: m.tid, result: -E.EIO, bytes: null, argv: null }));
        break;
      case "fork": {
        const mem = this.memories.get(m.parentPid);
        this.pendingForks.set(m.childPid, { slot: m.slot, chan: m.chan, forkBuf: m.forkBuf, tid: m.childTid });
        const threadFork = m.startFn ? { tid: m.parentTid, fnPtr: m.startFn, argPtr: m.startArg,
          forkBufAddr: m.forkBuf, channelOffset: m.chan } : undefined;
        const start = mem ? this.callbacks.onFork(m.parentPid, m.childPid, mem, threadFork)
          : Promise.reject(new Error("no memory"));
        start.then(() => this.mail({ op: "fork-done", pid: m.childPid, result: 0 }),
          () => this.mail({ op: "fork-done", pid: m.childPid, result: -E.ENOMEM }));
        break;
      }
      case "clone": {
        const mem = this.memories.get(m.pid);
        this.pendingClones.set(m.tid, { slot: m.slot });
        const start = mem ? this.callbacks.onClone(m.pid, m.tid, m.fn, m.arg, m.stack, m.tls, m.ctid, mem)
          : Promise.reject(new Error("no memory"));
        const done = (result: number) => {
          this.pendingClones.delete(m.tid);
          this.mail({ op: "clone-done", parentTid: m.parentTid, tid: m.tid, result });
        };
        start.then((tid) => done(tid === m.tid ? tid : tid < 0 ? tid : -E.EAGAIN), () => done(-E.EAGAIN));
        break;
      }
      case "thread-exit": this.onThreadExit(m.pid, m.tid, m.chan); break;
      case "exit": this.onExit(m.pid, m.status); break;
      case "boot-failed": this.onKernelFailed(m.error); break;
      case "terminate": {
        // the slot is reused only once the worker can no longer ring it
        const key = `${m.pid}:${m.tid}`;
        const w = this.workers.get(key);
        const release = () => this.mail({ op: "slot-release", slot: m.slot, tid: m.tid });
        if (w) {
          this.workers.delete(key);
          this.workerOf.delete(w);
          w.terminate().then(release, release);
          this.pool.lost();
          if (m.tid === m.pid) this.leaderGone(m.pid);
        } else {
          release();
        }
        break;
      }
      case "stream-output": this.streamOutput(m.id, m.bytes); break;
      case "stream-consumed": this.streams[m.id]?.input?.consumed(m.n); break;
      case "log": console.error(`wasm-posix kernel: ${m.text}`); break;
    }
  }

  /** The kernel itself stopped (a fault in it): no process can go on, and none is left waiting. */
  private onKernelFailed(error: string): void {
    const e = new Error(`the kernel stopped: ${error.split("\n")[0]}`);
    for (const gp of this.processes.values()) gp.rejectExit(e);
    this.processes.clear();
    for (const r of this.replies.values()) r({ op: "reply", reqId: 0, result: -E.EIO });
    this.replies.clear();
  }

  /**
   * A thread ended by exit; the CLONE_CHILD_CLEARTID wake is done and its worker unwinds by
   * itself (exit waits for no answer). The worker's "unwound" and this notice come in either
   * order; whichever is second settles the worker: back to the pool, or, when onThreadExit
   * says the host ends it, terminated.
   */
  private onThreadExit(pid: number, tid: number, chan: number): void {
    const hostEnds = this.callbacks.onThreadExit(pid, tid, chan);
    const key = `${pid}:${tid}`;
    const w = this.exitedWorkers.get(key);
    if (!w) {
      this.threadExits.set(key, hostEnds);
      return;
    }
    this.exitedWorkers.delete(key);
    this.settleExited(w, hostEnds);
  }

  /** The leader's worker is gone: an exec from another thread waiting for that may start. */
  private leaderGone(pid: number): void {
    const e = this.execAfterLeader.get(pid);
    if (!e) return;
    this.execAfterLeader.delete(pid);
    this.run(e.next, e.w);
  }

  private settleExited(w: WorkerLike, hostEnds: boolean): void {
    if (!hostEnds) {
      this.pool.release(w);
      return;
    }
    void w.terminate();
    this.pool.lost();
  }

  private onExit(pid: number, status: number): void {
    this.pendingExec.delete(pid); // an exec the process did not live to commit
    const waiting = this.execAfterLeader.get(pid); // or to start
    if (waiting) {
      this.execAfterLeader.delete(pid);
      this.pool.release(waiting.w);
    }
    // a last thread's exit: no thread notice follows for its worker
    for (const [key, w] of this.exitedWorkers) {
      if (!key.startsWith(`${pid}:`)) continue;
      this.exitedWorkers.delete(key);
      this.settleExited(w, false);
    }
    for (const key of this.threadExits.keys()) if (key.startsWith(`${pid}:`)) this.threadExits.delete(key);
    this.callbacks.onExitGroup(pid);
    this.callbacks.onExit(pid, status);
    this.dropMemory(pid);
    this.programs.delete(pid);
    const failed = this.spawnErrors.get(pid);
    this.spawnErrors.delete(pid);
    const gp = this.processes.get(pid);
    if (gp) {
      this.processes.delete(pid);
      for (const id of (gp as any).streamIds as number[]) this.freeStream(id);
      const st = decodeStatus(status);
      gp.resolveExit(failed ? { ...st, error: `${errnoName(failed.errno)}: ${failed.reason}` } : st);
    }
  }

  /** @internal */
  onProcessMessage(w: WorkerLike, m: FromProcess): void {
    const who = this.workerOf.get(w);
    if (m.op === "crashed") {
      // a trap before the program's first syscall: the kernel ends it by SIGSEGV
      if (who) void this.kill(who.pid, SIG.SIGSEGV);
      else if (m.pid === -1) this.pool.lost(); // the worker itself failed
      return;
    }
    if (who) {
      this.workers.delete(`${who.pid}:${who.tid}`);
      this.workerOf.delete(w);
      if (who.tid === who.pid) this.leaderGone(who.pid);
    }
    const next = this.pendingExec.get(m.pid);
    if (m.exec && next) {
      // the exec committed: the old program is gone and its pid names the new memory. The
      // new program runs as the leader (tid = pid) in the exec's worker; after an exec from
      // another thread, the old leader's worker may not be gone yet, and that comes first.
      this.pendingExec.delete(m.pid);
      this.attach(next.pid, next.memory);
      if (this.workers.has(`${m.pid}:${m.pid}`)) this.execAfterLeader.set(m.pid, { next, w });
      else this.run(next, w);
      return;
    }
    if (m.exitCall) {
      // the kernel freed the slot itself; the worker waits for onThreadExit's word, unless
      // this was the process's last thread (its exit ends the process: no notice follows)
      const key = `${m.pid}:${m.tid}`;
      const hostEnds = this.threadExits.get(key);
      this.threadExits.delete(key);
      if (hostEnds === undefined && this.memories.has(m.pid)) this.exitedWorkers.set(key, w);
      else this.settleExited(w, hostEnds ?? false);
      return;
    }
    // the thread is over: the worker is free and the kernel may reuse its slot
    this.pool.release(w);
    this.mail({ op: "slot-release", slot: m.slot, tid: m.tid });
  }
}

/** The kernel's memory as its module declares it (1 GiB at most when only a Module was given). */
function kernelLimits(bytes: Uint8Array | null) {
  const l = bytes ? importedMemoryLimits(bytes) : null;
  if (l && l.maximum !== undefined) return { initial: l.initial, maximum: l.maximum };
  return { initial: 64, maximum: 16384 };
}

export function defaultEnv(): string[] {
  return ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LOGNAME=root", "USER=root", "TERM=xterm-256color"];
}

async function collect(s: ReadableStream<Uint8Array>): Promise<string> {
  const dec = new TextDecoder();
  let out = "";
  for await (const chunk of s as any as AsyncIterable<Uint8Array>) out += dec.decode(chunk, { stream: true });
  return out + dec.decode();
}

const ERRNO_NAMES: Record<number, string> = {
  [E.EPERM]: "Operation not permitted", [E.ENOENT]: "No such file or directory", [E.ENOEXEC]: "Exec format error",
  [E.ENOMEM]: "Cannot allocate memory", [E.EACCES]: "Permission denied", [E.ENOTDIR]: "Not a directory",
  [E.EISDIR]: "Is a directory", [E.EINVAL]: "Invalid argument", [E.ELOOP]: "Too many levels of symbolic links",
  [E.E2BIG]: "Argument list too long", [E.EAGAIN]: "Resource temporarily unavailable", [E.ENOSYS]: "Function not implemented",
};

export function errnoName(e: number): string {
  return ERRNO_NAMES[e] ?? `errno ${e}`;
}

