// A process worker: runs one guest thread. Its imports ring the kernel through the control
// block and wait on the thread's channel; a WP_CH_UNWIND completion (exit, exec, kill) throws
// out of the guest, after which the worker is free for the next program.
import { parentPort } from "node:worker_threads";
import { CH, CH_I32, CH_STATUS, CTL, E, I64_HI, SIG } from "./abi.js";
import { SYS } from "./generated/syscalls.js";
import type { FromProcess, RunMessage } from "./protocol.js";
import { Reclaimer, collector } from "./reclaim.js";

const reclaim = new Reclaimer(await collector());

/** Thrown through the guest's frames when the kernel says the thread must not go on. */
class Unwind {
  constructor(readonly exec: boolean) {}
}
const UNWIND = new Unwind(false);
const UNWIND_EXEC = new Unwind(true);
/** The thread called exit, which has no answer to wait for. */
const UNWIND_EXIT = new Unwind(false);

/**
 * Spins on a channel this many times before sleeping on it. Short: on two cores a guest that
 * spins long takes the core the kernel or its peer needs (pipe throughput fell to 34 MB/s at
 * 20000 loads; 500 gives 570-850 MB/s with getpid still about 1 us).
 */
const SPIN = 500;

interface GuestExports {
  _start(): void;
  __indirect_function_table?: WebAssembly.Table;
  __wp_fork_restore?(buf: number): void;
  __wp_thread_start?(fn: number, arg: number, stack: number, tls: number): void;
  __wp_trap_handler?(): void;
  asyncify_start_unwind?(buf: number): void;
  asyncify_stop_unwind?(): void;
  asyncify_start_rewind?(buf: number): void;
  asyncify_stop_rewind?(): void;
}

function post(msg: FromProcess): void {
  parentPort!.postMessage(msg);
}

/** Maps a trap to the signal the guest dies by. */
export function trapSignal(e: unknown): number {
  const msg = String((e as any)?.message ?? e);
  if (e instanceof RangeError || /out of bounds|stack/i.test(msg)) return SIG.SIGSEGV;
  if (/unreachable/i.test(msg)) return SIG.SIGILL;
  if (/divide by zero|integer overflow|remainder by zero/i.test(msg)) return SIG.SIGFPE;
  return SIG.SIGSEGV;
}

function run(m: RunMessage): void {
  const ctl = new Int32Array(m.kernelMemory.buffer, m.control, CTL.WORDS);
  const slot = m.slot;
  let g = new Int32Array(m.memory.buffer);
  let lastChan = -1;
  let inst: WebAssembly.Instance | undefined;

  const view = (chan: number): Int32Array => {
    if (chan + CH.SIZEOF > g.byteLength) g = new Int32Array(m.memory.buffer);
    return g;
  };

  const ring = (): void => {
    Atomics.or(ctl, CTL.READY + (slot >> 5), 1 << (slot & 31));
    Atomics.add(ctl, CTL.DOORBELL, 1);
    if (Atomics.load(ctl, CTL.KERNEL_SLEEPING)) Atomics.notify(ctl, CTL.DOORBELL);
  };

  /** Rings for the request already written in the channel at chan and waits for it. */
  const call = (chan: number): void => {
    chan >>>= 0;
    if (chan !== lastChan) {
      lastChan = chan;
      Atomics.store(ctl, CTL.CHAN + slot, chan);
    }
    const v = view(chan);
    const i = (chan >> 2) + CH_I32.STATUS;
    const nr = v[(chan >> 2) + CH_I32.NR];
    ring();
    // exit has no answer to wait for, and the thread's memory (its channel with it) may be
    // freed and reused as soon as the kernel has served it (docs/abi.md)
    if (nr === SYS.exit || nr === SYS.wp_unmap_exit) throw UNWIND_EXIT;
    let s = Atomics.load(v, i);
    for (let n = 0; n < SPIN && s < CH_STATUS.DONE; n++) s = Atomics.load(v, i);
    while (s < CH_STATUS.DONE) {
      if (Atomics.compareExchange(v, i, CH_STATUS.PENDING, CH_STATUS.SLEEPING) === CH_STATUS.PENDING)
        Atomics.wait(v, i, CH_STATUS.SLEEPING);
      s = Atomics.load(v, i);
    }
    if (s === CH_STATUS.UNWIND) throw UNWIND;
    if (s === CH_STATUS.EXEC) throw UNWIND_EXEC;
  };

  /** A syscall made by the host glue itself (fork, trap) on the channel at chan. */
  const rawSyscall = (chan: number, nr: number, args: number[]): number => {
    const v = view(chan);
    const i = chan >> 2;
    v[i + CH_I32.NR] = nr;
    for (let a = 0; a < CH.ARGS_COUNT; a++) {
      const w = i + CH_I32.ARGS + CH_I32.ARG_WORDS * a;
      v[w] = args[a] ?? 0;
      v[w + I64_HI] = 0;
    }
    v[i + CH_I32.SIGNO] = 0;
    Atomics.store(v, i + CH_I32.STATUS, CH_STATUS.PENDING);
    call(chan);
    const r = v[i + CH_I32.RESULT];
    Atomics.store(v, i + CH_I32.STATUS, CH_STATUS.IDLE);
    return r;
  };

  // fork through Asyncify (docs/abi.md): the import unwinds, the host makes the wp_fork call,
  // then rewinds; in the child the rewind makes the import return 0.
  let forkState: "none" | "unwinding" | "parent-rewind" | "child-rewind" = "none";
  let forkBuf = 0, forkChan = 0, forkResult = 0;
  // signal handlers running now: Asyncify cannot unwind through the host's call of one
  let inHandler = 0;

  const imports: WebAssembly.Imports = {
    env: { memory: m.memory },
    wasm_posix: {
      syscall: call,
      fork(buf: number, chan: number): number {
        const ex = inst!.exports as unknown as GuestExports;
        if (forkState === "child-rewind" || forkState === "parent-rewind") {
          ex.asyncify_stop_rewind!();
          const r = forkState === "child-rewind" ? 0 : forkResult;
          forkState = "none";
          return r;
        }
        if (inHandler) return -E.ENOSYS; // fork from a signal handler (docs/abi.md)
        forkBuf = buf >>> 0;
        forkChan = chan >>> 0;
        forkState = "unwinding";
        ex.asyncify_start_unwind!(forkBuf);
        return 0;
      },
      // a signal handler, called from here so that any parameter list takes (signo, info, uc)
      call_handler(fn: number, signo: number, info: number, uc: number): void {
        const f = (inst!.exports as unknown as GuestExports).__indirect_function_table!.get(fn >>> 0);
        if (!f) throw new WebAssembly.RuntimeError("signal handler is a null function");
        inHandler++;
        try {
          f(signo, info, uc);
        } finally {
          inHandler--;
        }
      },
    },
  };

  const runEntry = (entry: () => void): void => {
    const ex = inst!.exports as unknown as GuestExports;
    for (;;) {
      entry();
      if (forkState !== "unwinding") return;
      ex.asyncify_stop_unwind!();
      forkResult = rawSyscall(forkChan, SYS.wp_fork, [forkBuf]);
      forkState = "parent-rewind";
      ex.asyncify_start_rewind!(forkBuf);
    }
  };

  /**
   * The guest trapped with sig. If it catches sig, the kernel has the handler's frame ready
   * and the guest runs it (on the alternate stack, for a stack overflow under SA_ONSTACK);
   * the program's frames are gone, so the process then dies by sig all the same, unless the
   * handler exits (or execs) first. Ends by throwing the kernel's Unwind.
   */
  const trapped = (sig: number): void => {
    const ex = inst!.exports as unknown as GuestExports;
    if (rawSyscall(lastChan, SYS.wp_trap, [sig, 0]) === 0 && ex.__wp_trap_handler) {
      try {
        ex.__wp_trap_handler();
      } catch (e) {
        if (e instanceof Unwind) throw e; // the handler exited or exec'd
        // a trap or a longjmp in the handler: nothing is left to return to
      }
    }
    rawSyscall(lastChan, SYS.wp_trap, [sig, 1]);
  };

  let exec = false, exitCall = false;
  try {
    inst = new WebAssembly.Instance(m.module, imports);
    const ex = inst.exports as unknown as GuestExports;
    if (m.mode === "fork") {
      forkBuf = m.forkBuf! >>> 0;
      ex.__wp_fork_restore!(forkBuf);
      forkState = "child-rewind";
      ex.asyncify_start_rewind!(forkBuf);
    }
    // a pthread (or the copy a fork made of one) runs from its start routine's frames
    const t = m.thread;
    if (t) {
      if (!ex.__wp_thread_start) throw new WebAssembly.RuntimeError("the program has no __wp_thread_start");
      runEntry(() => ex.__wp_thread_start!(t.fn, t.arg, t.stack, t.tls));
      throw new WebAssembly.RuntimeError("__wp_thread_start returned"); // it ends by exit
    }
    runEntry(() => ex._start());
    // _start returned without exit_group: as if it had called exit(0). A program that never
    // made a syscall has no channel; it has no other thread either (threads start by a
    // syscall) and its code is done, so the first bytes of its memory serve as one.
    rawSyscall(lastChan >= 0 ? lastChan : 0, SYS.exit_group, [0]);
  } catch (e) {
    exec = e === UNWIND_EXEC;
    exitCall = e === UNWIND_EXIT;
    if (!(e instanceof Unwind)) {
      try {
        if (lastChan >= 0) trapped(trapSignal(e));
        else post({ op: "crashed", pid: m.pid, tid: m.tid, error: String((e as any)?.message ?? e) });
      } catch (e2) {
        exec = e2 === UNWIND_EXEC;
        exitCall = e2 === UNWIND_EXIT;
        if (!(e2 instanceof Unwind)) post({ op: "crashed", pid: m.pid, tid: m.tid, error: String(e2) });
      }
    }
  }
  post({ op: "unwound", pid: m.pid, tid: m.tid, slot: m.slot, exec, exitCall });
  reclaim.dropped(m.memory.buffer.byteLength);
}

parentPort!.on("message", (m: RunMessage) => {
  if (m.op === "run") run(m);
});
