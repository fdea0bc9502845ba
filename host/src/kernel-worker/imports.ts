// The kernel's imports (kernel/host.h): guest memory access, channel completion, the doorbell
// wait, clocks, randomness, host streams and process-life notices to the main thread.
import { CH, CH_I32, CH_STATUS, CLONE_REQ, CLOCK, CTL, E, FORK_REQ, I64_HI, PROG_REQ, THREAD_EXIT_REQ, UATOMIC, WASM_PAGE } from "../abi.js";
import type { FromKernel, ProgramInfo, StreamSink } from "../protocol.js";
import { RECLAIM_IDLE_MS, Reclaimer } from "../reclaim.js";
import { PageStore } from "./fpages.js";

/** One guest memory, with views refreshed when it grows. */
class GuestMemory {
  u8: Uint8Array;
  i32: Int32Array;
  constructor(readonly memory: WebAssembly.Memory) {
    this.u8 = new Uint8Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }
  refresh(): void {
    const buf = this.memory.buffer;
    if (buf.byteLength !== this.u8.byteLength) {
      this.u8 = new Uint8Array(buf);
      this.i32 = new Int32Array(buf);
    }
  }
  /** True when [addr, addr+len) lies inside the memory (refreshing views if it grew). */
  has(addr: number, len: number): boolean {
    if (addr + len <= this.u8.byteLength) return true;
    this.refresh();
    return addr + len <= this.u8.byteLength;
  }
}

export interface KernelHostEnv {
  kernelMemory: WebAssembly.Memory;
  post(msg: FromKernel, transfer?: Transferable[]): void;
  /** Drains the main thread's messages (calls kernel exports). */
  drainMail(): void;
  /** Writes what the host fd takes now: the count written, or -errno (never -EAGAIN). */
  writeFd(fd: number, bytes: Uint8Array): number;
  /** kernel_stream_pause / kernel_stream_resume. */
  pauseStream(id: number, paused: boolean): void;
  log(text: string): void;
  reclaim: Reclaimer;
}

/**
 * Output bytes handed to the main thread and not yet delivered, per stream, before the kernel
 * pauses its writers: a slow reader means back-pressure, never lost output.
 */
const STREAM_WINDOW = 1 << 20;

/** A host stream's output side, as the kernel worker sees it. */
interface OutStream {
  sink: StreamSink;
  /** Bytes posted to the main thread and not yet acknowledged. */
  inflight: number;
  paused: boolean;
  /** -errno once the main thread could not deliver (EPIPE): later writes fail with it. */
  error: number;
}

export class KernelHost {
  private readonly mems: (GuestMemory | undefined)[] = [];
  private readonly streams = new Map<number, OutStream>();
  private readonly pages = new PageStore();
  private ku8: Uint8Array;
  private kctl!: Int32Array;
  private readonly dec = new TextDecoder();
  private readonly origin = performance.timeOrigin;
  private resolvedCount = 0;

  constructor(private readonly env: KernelHostEnv) {
    this.ku8 = new Uint8Array(env.kernelMemory.buffer);
  }

  setControl(addr: number): void {
    this.kctl = new Int32Array(this.env.kernelMemory.buffer, addr, CTL.WORDS);
  }

  attach(pid: number, memory: WebAssembly.Memory): void {
    this.drop(pid); // an exec's old image
    this.mems[pid] = new GuestMemory(memory);
  }

  /** Lets go of pid's memory (exit, or the old image at exec). */
  private drop(pid: number): void {
    const g = this.mems[pid];
    if (!g) return;
    this.mems[pid] = undefined;
    this.env.reclaim.dropped(g.memory.buffer.byteLength);
  }

  setStream(id: number, sink: StreamSink | null): void {
    if (sink) this.streams.set(id, { sink, inflight: 0, paused: false, error: 0 });
    else this.streams.delete(id);
  }

  /** The main thread delivered n bytes of stream id's output (or failed with -errno). */
  streamAck(id: number, n: number, error: number): void {
    const s = this.streams.get(id);
    if (!s) return;
    s.inflight -= n;
    if (error < 0) s.error = error;
    if (s.paused && (s.inflight < STREAM_WINDOW || s.error)) {
      s.paused = false;
      this.env.pauseStream(id, false);
    }
  }

  /**
   * Output for stream id: written to the host fd at once while nothing is queued before it,
   * else (and for what the fd did not take) handed to the main thread in order.
   */
  private streamWrite(id: number, bytes: Uint8Array): number {
    const s = this.streams.get(id);
    if (!s) return bytes.length; // a stream nobody reads: discarded, as by /dev/null
    if (s.error) return s.error;
    let rest = bytes;
    if (s.sink.kind === "fd" && s.inflight === 0) {
      const n = this.env.writeFd(s.sink.fd, bytes);
      if (n < 0) return n;
      if (n === bytes.length) return n;
      rest = bytes.subarray(n);
    }
    const out = rest.byteOffset === 0 && rest.byteLength === rest.buffer.byteLength ? rest : rest.slice();
    s.inflight += out.length;
    this.env.post({ op: "stream-output", id, bytes: out }, [out.buffer]);
    if (s.inflight >= STREAM_WINDOW && !s.paused) {
      s.paused = true;
      this.env.pauseStream(id, true);
    }
    return bytes.length;
  }

  /** The kernel memory as bytes, current after any growth. */
  kernelBytes(): Uint8Array {
    if (this.ku8.byteLength !== this.env.kernelMemory.buffer.byteLength)
      this.ku8 = new Uint8Array(this.env.kernelMemory.buffer);
    return this.ku8;
  }

  string(ptr: number, len: number): string {
    return this.dec.decode(this.kernelBytes().slice(ptr, ptr + len));
  }

  cstring(ptr: number): string {
    const k = this.kernelBytes();
    const end = k.indexOf(0, ptr);
    return this.dec.decode(k.slice(ptr, end < 0 ? ptr : end));
  }

  private strings(ptr: number, len: number): string[] {
    if (len === 0) return [];
    const s = this.string(ptr, len);
    return s.slice(0, s.endsWith("\0") ? -1 : undefined).split("\0");
  }

  private programInfo(pid: number, req: number): ProgramInfo {
    const dv = new DataView(this.kernelBytes().buffer);
    const u = (off: number) => dv.getUint32(req + off, true);
    const image = u(PROG_REQ.IMAGE);
    const len = u(PROG_REQ.IMAGE_LEN);
    const bytes = this.kernelBytes().slice(image, image + len).buffer;
    const ino = [u(PROG_REQ.DEV_HI), u(PROG_REQ.DEV_LO), u(PROG_REQ.INO_HI), u(PROG_REQ.INO_LO)];
    // a program the host resolved itself (onResolveSpawn) has no file identity: never cached
    const identity = ino.every((v) => v === 0) ? `resolved:${++this.resolvedCount}`
      : [...ino, dv.getBigInt64(req + PROG_REQ.MTIME_NS, true), len].join(":");
    return {
      pid,
      tid: dv.getInt32(req + PROG_REQ.TID, true),
      slot: dv.getInt32(req + PROG_REQ.SLOT, true),
      path: this.string(u(PROG_REQ.PATH), u(PROG_REQ.PATH_LEN)),
      argv: this.strings(u(PROG_REQ.ARGV), u(PROG_REQ.ARGV_LEN)),
      envp: this.strings(u(PROG_REQ.ENVP), u(PROG_REQ.ENVP_LEN)),
      identity,
      bytes,
    };
  }

  /** The import object's "host" module. */
  imports(): Record<string, Function> {
    const mems = this.mems;
    const self = this;
    return {
      copyin(mem: number, src: number, dst: number, len: number): number {
        const g = mems[mem];
        src >>>= 0; dst >>>= 0; len >>>= 0;
        if (!g || !g.has(src, len)) return -E.EFAULT;
        const k = self.kernelBytes();
        if (len <= 64) for (let i = 0; i < len; i++) k[dst + i] = g.u8[src + i];
        else k.set(g.u8.subarray(src, src + len), dst);
        return 0;
      },
      copyout(mem: number, src: number, dst: number, len: number): number {
        const g = mems[mem];
        src >>>= 0; dst >>>= 0; len >>>= 0;
        if (!g || !g.has(dst, len)) return -E.EFAULT;
        const k = self.kernelBytes();
        if (len <= 64) for (let i = 0; i < len; i++) g.u8[dst + i] = k[src + i];
        else g.u8.set(k.subarray(src, src + len), dst);
        return 0;
      },
      copyinstr(mem: number, src: number, dst: number, max: number): number {
        const g = mems[mem];
        src >>>= 0; dst >>>= 0; max >>>= 0;
        if (!g || !g.has(src, 1)) return -E.EFAULT;
        const end = Math.min(src + max, g.u8.byteLength);
        const nul = g.u8.subarray(src, end).indexOf(0);
        if (nul < 0) return end - src < max ? -E.EFAULT : -E.ENAMETOOLONG;
        self.kernelBytes().set(g.u8.subarray(src, src + nul + 1), dst);
        return nul;
      },
      zero(mem: number, dst: number, len: number): number {
        const g = mems[mem];
        dst >>>= 0; len >>>= 0;
        if (!g || !g.has(dst, len)) return -E.EFAULT;
        g.u8.fill(0, dst, dst + len);
        return 0;
      },
      fpage_alloc(): number {
        return self.pages.alloc();
      },
      fpage_free(pg: number): void {
        self.pages.free(pg >>> 0);
      },
      fpage_ucopy(pg: number, off: number, mem: number, addr: number, len: number, toPage: number): number {
        const g = mems[mem];
        addr >>>= 0; len >>>= 0;
        if (!g || !g.has(addr, len)) return -E.EFAULT;
        const base = self.pages.at(pg >>> 0, off >>> 0, len);
        const slab = self.pages.slabBytes;
        if (toPage) slab.set(g.u8.subarray(addr, addr + len), base);
        else g.u8.set(slab.subarray(base, base + len), addr);
        return 0;
      },
      fpage_kcopy(pg: number, off: number, kaddr: number, len: number, toPage: number): number {
        const k = self.kernelBytes();
        kaddr >>>= 0; len >>>= 0;
        const base = self.pages.at(pg >>> 0, off >>> 0, len);
        const slab = self.pages.slabBytes;
        if (toPage) slab.set(k.subarray(kaddr, kaddr + len), base);
        else k.set(slab.subarray(base, base + len), kaddr);
        return 0;
      },
      fpage_zero(pg: number, off: number, len: number): void {
        self.pages.bytes(pg >>> 0, off >>> 0, len >>> 0).fill(0);
      },
      uatomic(mem: number, addr: number, op: number, a: number, b: number, old: number): number {
        const g = mems[mem];
        addr >>>= 0;
        if (!g || (addr & 3) || !g.has(addr, 4)) return -E.EFAULT;
        const w = g.i32, i = addr >> 2;
        let v: number;
        switch (op) {
          case UATOMIC.LOAD: v = Atomics.load(w, i); break;
          case UATOMIC.XCHG: v = Atomics.exchange(w, i, a); break;
          case UATOMIC.CMPXCHG: v = Atomics.compareExchange(w, i, a, b); break;
          case UATOMIC.ADD: v = Atomics.add(w, i, a); break;
          case UATOMIC.OR: v = Atomics.or(w, i, a); break;
          case UATOMIC.ANDN: v = Atomics.and(w, i, ~a); break;
          case UATOMIC.XOR: v = Atomics.xor(w, i, a); break;
          default: return -E.EINVAL;
        }
        new DataView(self.kernelBytes().buffer).setInt32(old >>> 0, v, true);
        return 0;
      },
      mem_pages(mem: number): number {
        const g = mems[mem];
        return g ? g.memory.buffer.byteLength / WASM_PAGE : 0;
      },
      mem_grow(mem: number, delta: number): number {
        const g = mems[mem];
        if (!g) return -1;
        try {
          const old = g.memory.grow(delta >>> 0);
          g.refresh();
          return old;
        } catch {
          return -1;
        }
      },
      chan_complete(mem: number, chan: number, result: number, status: number): void {
        const g = mems[mem];
        if (!g) return;
        const i = (chan >>> 0) >> 2;
        if (!g.has(chan >>> 0, CH.SIZEOF)) return;
        g.i32[i + CH_I32.RESULT] = result;
        g.i32[i + CH_I32.RESULT + I64_HI] = result < 0 ? -1 : 0;
        const s = i + CH_I32.STATUS;
        if (Atomics.exchange(g.i32, s, status) === CH_STATUS.SLEEPING) Atomics.notify(g.i32, s);
      },
      wait(expected: number, timeoutNs: bigint): void {
        const ctl = self.kctl;
        if (!Atomics.load(ctl, CTL.MAIL)) {
          let ms = timeoutNs < 0n ? Infinity : Number(timeoutNs) / 1e6;
          const reclaim = self.env.reclaim;
          if (reclaim.owed && ms > RECLAIM_IDLE_MS) {
            // quiet for a moment: give back the memories of ended processes, then sleep on
            const t0 = performance.now();
            if (Atomics.wait(ctl, CTL.DOORBELL, expected, RECLAIM_IDLE_MS) === "timed-out") {
              reclaim.now();
              ms -= performance.now() - t0;
              Atomics.wait(ctl, CTL.DOORBELL, expected, Math.max(0, ms));
            }
          } else {
            Atomics.wait(ctl, CTL.DOORBELL, expected, ms);
          }
        }
        if (Atomics.load(ctl, CTL.MAIL)) {
          Atomics.store(ctl, CTL.MAIL, 0);
          self.env.drainMail();
        }
      },
      clock(which: number): number {
        const now = performance.now();
        return which === CLOCK.REALTIME ? (self.origin + now) * 1e6 : now * 1e6;
      },
      random(buf: number, len: number): void {
        const tmp = new Uint8Array(len >>> 0);
        crypto.getRandomValues(tmp);
        self.kernelBytes().set(tmp, buf >>> 0);
      },
      log(msg: number, len: number): void {
        self.env.log(self.string(msg >>> 0, len >>> 0));
      },
      stream_write(id: number, buf: number, len: number): number {
        return self.streamWrite(id, self.kernelBytes().slice(buf >>> 0, (buf >>> 0) + (len >>> 0)));
      },
      stream_consumed(id: number, n: number): void {
        self.env.post({ op: "stream-consumed", id, n: n >>> 0 });
      },
      proc_exit(pid: number, status: number): void {
        self.drop(pid);
        self.env.post({ op: "exit", pid, status });
      },
      thread_terminate(pid: number, tid: number, slot: number): void {
        self.env.post({ op: "terminate", pid, tid, slot });
      },
      fork(req: number): void {
        const dv = new DataView(self.kernelBytes().buffer, req >>> 0, FORK_REQ.SIZEOF);
        const i = (o: number) => dv.getInt32(o, true);
        const u = (o: number) => dv.getUint32(o, true);
        self.env.post({ op: "fork", parentPid: i(FORK_REQ.PARENT_PID), childPid: i(FORK_REQ.CHILD_PID),
          parentTid: i(FORK_REQ.PARENT_TID), childTid: i(FORK_REQ.CHILD_TID), slot: i(FORK_REQ.CHILD_SLOT),
          chan: u(FORK_REQ.CHAN), forkBuf: u(FORK_REQ.FORK_BUF),
          startFn: u(FORK_REQ.START_FN), startArg: u(FORK_REQ.START_ARG) });
      },
      clone(req: number): void {
        const dv = new DataView(self.kernelBytes().buffer, req >>> 0, CLONE_REQ.SIZEOF);
        const i = (o: number) => dv.getInt32(o, true);
        const u = (o: number) => dv.getUint32(o, true);
        self.env.post({ op: "clone", pid: i(CLONE_REQ.PID), parentTid: i(CLONE_REQ.PARENT_TID),
          tid: i(CLONE_REQ.TID), slot: i(CLONE_REQ.SLOT), fn: u(CLONE_REQ.FN), arg: u(CLONE_REQ.ARG),
          stack: u(CLONE_REQ.STACK), tls: u(CLONE_REQ.TLS), ctid: u(CLONE_REQ.CTID) });
      },
      thread_exit(req: number): void {
        const dv = new DataView(self.kernelBytes().buffer, req >>> 0, THREAD_EXIT_REQ.SIZEOF);
        const i = (o: number) => dv.getInt32(o, true);
        self.env.post({ op: "thread-exit", pid: i(THREAD_EXIT_REQ.PID), tid: i(THREAD_EXIT_REQ.TID),
          slot: i(THREAD_EXIT_REQ.SLOT), chan: dv.getUint32(THREAD_EXIT_REQ.CHAN, true) });
      },
      spawn(pid: number, req: number): void {
        const info = self.programInfo(pid, req >>> 0);
        self.env.post({ op: "spawn", info }, [info.bytes]);
      },
      resolve_spawn(tid: number, path: number, argv: number, argvLen: number): void {
        self.env.post({ op: "resolve-spawn", tid, path: self.cstring(path >>> 0),
          argv: self.strings(argv >>> 0, argvLen >>> 0) });
      },
      exec(pid: number, req: number): void {
        const info = self.programInfo(pid, req >>> 0);
        self.env.post({ op: "exec", info }, [info.bytes]);
      },
    };
  }
}
