// The kernel worker: instantiates the C kernel, boots it and enters its loop, which only
// returns at shutdown. Main-thread messages are received synchronously while the loop drains
// its mail (control->mail), so this thread never needs its own event loop after boot.
import { workerData, parentPort, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { KernelHost } from "./imports.js";
import { hostfsImports } from "./hostfs.js";
import { CTL, E, KBOOT, KMOUNT, SPAWN_REQ } from "../abi.js";
import { Reclaimer, collector } from "../reclaim.js";
import type { FromKernel, ToKernel } from "../protocol.js";

interface KernelWorkerData {
  kernelModule: WebAssembly.Module;
  kernelMemory: WebAssembly.Memory;
  port: MessagePort;
  rootImage: Uint8Array | null;
  debug: boolean;
  hostResolvesSpawn: boolean;
  memoryLimitMiB: number;
}

const data = workerData as KernelWorkerData;
const post = (msg: FromKernel, transfer?: Transferable[]) =>
  parentPort!.postMessage(msg, transfer as any);

interface KernelExports {
  kernel_control(): number;
  kernel_alloc(len: number): number;
  kernel_free(ptr: number): void;
  kernel_boot(image: number, len: number, flags: number): number;
  kernel_set_memory_limit(mib: number): void;
  kernel_run(): void;
  kernel_host_spawn(req: number): number;
  kernel_spawn_done(pid: number, result: number): void;
  kernel_exec_done(pid: number, result: number): void;
  kernel_spawn_resolved(tid: number, result: number, bytes: number, len: number, argv: number, argvLen: number): void;
  kernel_fork_done(pid: number, result: number): void;
  kernel_clone_done(parentTid: number, tid: number, result: number): void;
  kernel_slot_release(slot: number, tid: number): void;
  kernel_stream_setup(id: number, tty: number, rows: number, cols: number): void;
  kernel_stream_input(id: number, buf: number, len: number): void;
  kernel_kill(pid: number, sig: number): number;
  kernel_stream_eof_once(id: number): void;
  kernel_stream_pause(id: number): void;
  kernel_stream_resume(id: number): void;
  kernel_stream_signal(id: number, sig: number): number;
  kernel_read_file(path: number, lenp: number): number;
  kernel_install_file(path: number, buf: number, len: number, mode: number): number;
  kernel_make_dirs(path: number): number;
  kernel_mount_host(guest: number, host: number, flags: number): number;
}

let k: KernelExports;
let stopping = false;

const host = new KernelHost({
  kernelMemory: data.kernelMemory,
  post,
  drainMail,
  writeFd(fd, bytes) {
    // the fd may be non-blocking (Node makes its own stdio so): what it does not take now goes
    // through the main thread, which waits for the fd to drain
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(fd, bytes, off);
    } catch (e: any) {
      if (e?.code === "EAGAIN") return off;
      return e?.code === "EPIPE" ? -E.EPIPE : -E.EIO;
    }
    return off;
  },
  pauseStream(id, paused) {
    if (paused) k.kernel_stream_pause(id);
    else k.kernel_stream_resume(id);
  },
  reclaim: new Reclaimer(await collector(), false),
  log(text) {
    try { writeSync(2, `wasm-posix kernel: ${text}\n`); } catch { /* nowhere left to say it */ }
  },
});

const enc = new TextEncoder();

/** Copies bytes into a fresh kernel buffer; the caller frees it with kernel_free. */
function kbuf(bytes: Uint8Array): number {
  const p = k.kernel_alloc(bytes.length || 1);
  if (!p) throw new Error("kernel out of memory");
  host.kernelBytes().set(bytes, p);
  return p;
}

function kstr(s: string): number {
  const b = enc.encode(s + "\0");
  return kbuf(b);
}

function block(list: string[]): Uint8Array {
  return enc.encode(list.map((s) => s + "\0").join(""));
}

function hostSpawn(m: Extract<ToKernel, { op: "spawn" }>): number {
  const path = kstr(m.path);
  const argv = block(m.argv), envp = block(m.envp);
  const pa = kbuf(argv), pe = kbuf(envp);
  const cwd = m.cwd ? kstr(m.cwd) : 0;
  const req = k.kernel_alloc(SPAWN_REQ.SIZEOF);
  const dv = new DataView(host.kernelBytes().buffer);
  const set = (off: number, v: number) => dv.setInt32(req + off, v, true);
  set(SPAWN_REQ.PATH, path); set(SPAWN_REQ.ARGV, pa); set(SPAWN_REQ.ARGV_LEN, argv.length);
  set(SPAWN_REQ.ENVP, pe); set(SPAWN_REQ.ENVP_LEN, envp.length); set(SPAWN_REQ.CWD, cwd);
  m.stdio.forEach((s, i) => set(SPAWN_REQ.STDIO + SPAWN_REQ.STDIO_STRIDE * i, s));
  set(SPAWN_REQ.UID, m.uid); set(SPAWN_REQ.GID, m.gid);
  const r = k.kernel_host_spawn(req);
  for (const p of [path, pa, pe, cwd, req]) if (p) k.kernel_free(p);
  return r;
}

function withPath<T>(path: string, fn: (p: number) => T): T {
  const p = kstr(path);
  try { return fn(p); } finally { k.kernel_free(p); }
}

function handle(m: ToKernel): void {
  switch (m.op) {
    case "attach": host.attach(m.pid, m.memory); break;
    case "spawn": post({ op: "reply", reqId: m.reqId, result: hostSpawn(m) }); break;
    case "spawn-done": k.kernel_spawn_done(m.pid, m.result); break;
    case "exec-done": k.kernel_exec_done(m.pid, m.result); break;
    case "spawn-resolved": {
      const bytes = m.bytes ? kbuf(new Uint8Array(m.bytes)) : 0;
      const argv = m.argv ? block(m.argv) : null;
      const pa = argv ? kbuf(argv) : 0;
      k.kernel_spawn_resolved(m.tid, m.result, bytes, m.bytes?.byteLength ?? 0, pa, argv?.length ?? 0);
      if (bytes) k.kernel_free(bytes);
      if (pa) k.kernel_free(pa);
      break;
    }
    case "fork-done": k.kernel_fork_done(m.pid, m.result); break;
    case "clone-done": k.kernel_clone_done(m.parentTid, m.tid, m.result); break;
    case "slot-release": k.kernel_slot_release(m.slot, m.tid); break;
    case "stream-setup":
      host.setStream(m.id, m.sink);
      k.kernel_stream_setup(m.id, m.tty ? 1 : 0, m.rows, m.cols);
      break;
    case "stream-input":
      if (!m.bytes || m.bytes.length === 0) k.kernel_stream_input(m.id, 0, 0);
      else {
        const p = kbuf(m.bytes);
        k.kernel_stream_input(m.id, p, m.bytes.length);
        k.kernel_free(p);
      }
      break;
    case "stream-eof-once": k.kernel_stream_eof_once(m.id); break;
    case "stream-ack": host.streamAck(m.id, m.n, m.error); break;
    case "stream-signal": post({ op: "reply", reqId: m.reqId, result: k.kernel_stream_signal(m.id, m.sig) }); break;
    case "kill": post({ op: "reply", reqId: m.reqId, result: k.kernel_kill(m.pid, m.sig) }); break;
    case "read-file": {
      const lenp = k.kernel_alloc(4);
      const buf = withPath(m.path, (p) => k.kernel_read_file(p, lenp));
      const len = new DataView(host.kernelBytes().buffer).getInt32(lenp, true);
      k.kernel_free(lenp);
      if (!buf) post({ op: "reply", reqId: m.reqId, result: len });
      else {
        const bytes = host.kernelBytes().slice(buf, buf + len).buffer;
        k.kernel_free(buf);
        post({ op: "reply", reqId: m.reqId, result: len, bytes }, [bytes]);
      }
      break;
    }
    case "install-file": {
      const b = kbuf(m.bytes);
      const r = withPath(m.path, (p) => k.kernel_install_file(p, b, m.bytes.length, m.mode));
      k.kernel_free(b);
      post({ op: "reply", reqId: m.reqId, result: r });
      break;
    }
    case "make-dirs":
      post({ op: "reply", reqId: m.reqId, result: withPath(m.path, (p) => k.kernel_make_dirs(p)) });
      break;
    case "mount-host": {
      const g = kstr(m.guestPath), h = kstr(m.hostPath);
      const r = k.kernel_mount_host(g, h, m.readonly ? KMOUNT.HOST_RDONLY : 0);
      k.kernel_free(g); k.kernel_free(h);
      post({ op: "reply", reqId: m.reqId, result: r });
      break;
    }
    case "shutdown": stopping = true; break;
  }
}

function drainMail(): void {
  for (;;) {
    const msg = receiveMessageOnPort(data.port);
    if (!msg) break;
    handle(msg.message as ToKernel);
  }
  if (stopping) {
    const ctl = new Int32Array(data.kernelMemory.buffer, k.kernel_control(), CTL.WORDS);
    Atomics.store(ctl, CTL.SHUTDOWN, 1);
  }
}

async function boot(): Promise<void> {
  const imports: WebAssembly.Imports = {
    env: { memory: data.kernelMemory },
    host: { ...host.imports(), ...hostfsImports(host) },
  };
  const inst = new WebAssembly.Instance(data.kernelModule, imports);
  k = inst.exports as unknown as KernelExports;
  const control = k.kernel_control();
  host.setControl(control);
  k.kernel_set_memory_limit(data.memoryLimitMiB);
  let image = 0;
  if (data.rootImage && data.rootImage.length) image = kbuf(data.rootImage);
  const ncpus = (globalThis as any).navigator?.hardwareConcurrency ?? availableParallelism();
  const flags = (data.debug ? KBOOT.DEBUG : 0) | (data.hostResolvesSpawn ? KBOOT.HOST_RESOLVES_SPAWN : 0) |
    (ncpus << KBOOT.NCPUS_SHIFT);
  const r = k.kernel_boot(image, data.rootImage?.length ?? 0, flags);
  if (image) k.kernel_free(image);
  if (r < 0) {
    post({ op: "boot-failed", error: `kernel_boot failed: errno ${-r}` });
    return;
  }
  post({ op: "ready", control });
  drainMail();
  k.kernel_run();
  post({ op: "stopped" });
}

boot().catch((e: any) => post({ op: "boot-failed", error: String(e?.stack ?? e) }));
