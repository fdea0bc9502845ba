// The default CentralizedKernelCallbacks: a pooled worker per thread, modules compiled once
// per file identity, and program resolution through the kernel's own VFS. Node and browsers
// share all of it; an embedder may override any member.
import { E, WASM_PAGE } from "./abi.js";
import type { CentralizedKernelCallbacks, SpawnProgramResolution } from "./callbacks.js";
import type { ProgramInfo, RunMessage, ToKernel } from "./protocol.js";
import type { WorkerLike } from "./platform.js";
import { programProblem } from "./wasm-meta.js";

/** What the defaults need from the system object. */
export interface HostInternals {
  readonly programs: Map<number, ProgramInfo>;
  readonly memories: Map<number, WebAssembly.Memory>;
  readonly pendingExec: Map<number, RunMessage>;
  readonly pendingForks: Map<number, { slot: number; chan: number; forkBuf: number; tid: number }>;
  /** Threads the kernel made whose onClone has not yet started them: tid → channel slot. */
  readonly pendingClones: Map<number, { slot: number }>;
  /** Why a host spawn's program could not start, by pid, until the process's exit is seen. */
  readonly spawnErrors: Map<number, { errno: number; reason: string }>;
  module(identity: string, bytes: ArrayBuffer): Promise<WebAssembly.Module>;
  newMemory(bytes: ArrayBuffer, minPages?: number): WebAssembly.Memory;
  attach(pid: number, memory: WebAssembly.Memory): void;
  run(msg: RunMessage, worker?: WorkerLike): void;
  /**
   * A pooled worker set aside for thread tid of pid, before its module is ready: ending the
   * thread meanwhile (exit_group, a kill) ends this worker, after which reserved() says so.
   */
  reserveWorker(pid: number, tid: number): WorkerLike;
  /** The worker reserved or running for tid of pid, if it still is. */
  workerFor(pid: number, tid: number): WorkerLike | undefined;
  runMessage(info: { pid: number; tid: number; slot: number }, module: WebAssembly.Module,
    memory: WebAssembly.Memory, mode?: RunMessage["mode"], forkBuf?: number): RunMessage;
  readFile(path: string): Promise<Uint8Array>;
  mail(msg: ToKernel): void;
}

/** The run message for pid's program on a fresh memory (not yet attached to the kernel). */
async function prepareProgram(h: HostInternals, pid: number, bytes: ArrayBuffer): Promise<RunMessage> {
  const info = h.programs.get(pid);
  if (!info) throw new Error(`no program for pid ${pid}`);
  let module: WebAssembly.Module;
  try {
    module = await h.module(info.identity, bytes);
  } catch (e: any) {
    const why = String(e?.message ?? e).replace(/^WebAssembly\.\w+\(\): /, "");
    throw notAProgram(`the module does not compile (${why})`);
  }
  const problem = programProblem(module);
  if (problem) throw notAProgram(problem);
  return h.runMessage(info, module, h.newMemory(bytes));
}

function notAProgram(why: string): Error {
  return Object.assign(new Error(why), { errno: E.ENOEXEC });
}

export function defaultCallbacks(h: HostInternals): Required<Pick<CentralizedKernelCallbacks,
  "onClone" | "onExec" | "onExit" | "onExitGroup" | "onFork" | "onResolveSpawn" | "onSpawn" | "onThreadExit">> {
  return {
    async onSpawn(childPid, programBytes) {
      h.spawnErrors.delete(childPid); // a pid before it, whose failed spawn no exit followed
      try {
        const msg = await prepareProgram(h, childPid, programBytes);
        h.attach(childPid, msg.memory);
        h.run(msg);
        return 0;
      } catch (e: any) {
        const errno = e?.errno ?? E.ENOEXEC;
        h.spawnErrors.set(childPid, { errno, reason: String(e?.message ?? e) });
        return -errno;
      }
    },

    async onExec(pid) {
      const info = h.programs.get(pid);
      if (!info) return -E.ENOENT;
      try {
        // the old worker unwinds once the kernel commits the exec; the new memory is attached
        // and the program started in that same worker then
        h.pendingExec.set(pid, await prepareProgram(h, pid, info.bytes));
        return 0;
      } catch (e: any) {
        return -(e?.errno ?? E.ENOEXEC);
      }
    },

    async onClone(pid, tid, fnPtr, argPtr, stackPtr, tlsPtr, _ctidPtr, memory) {
      const clone = h.pendingClones.get(tid);
      const prog = h.programs.get(pid);
      if (!clone || !prog) throw new Error(`clone ${pid}:${tid}: unknown`);
      h.pendingClones.delete(tid);
      const w = h.reserveWorker(pid, tid);
      const module = await h.module(prog.identity, prog.bytes);
      // the process may have ended meanwhile, and the worker with it
      if (h.workerFor(pid, tid) === w) {
        const msg = h.runMessage({ pid, tid, slot: clone.slot }, module, memory, "thread");
        h.run({ ...msg, thread: { fn: fnPtr, arg: argPtr, stack: stackPtr, tls: tlsPtr } }, w);
      }
      return tid;
    },

    onThreadExit() {
      return false; // the host completes the channel and the worker goes back to the pool
    },

    async onFork(parentPid, childPid, parentMemory, threadFork) {
      const fork = h.pendingForks.get(childPid);
      const parent = h.programs.get(parentPid);
      if (!fork || !parent) throw new Error(`fork ${parentPid}->${childPid}: unknown`);
      h.pendingForks.delete(childPid);
      const module = await h.module(parent.identity, parent.bytes);
      const pages = parentMemory.buffer.byteLength / WASM_PAGE;
      const memory = h.newMemory(parent.bytes, pages);
      new Uint8Array(memory.buffer).set(new Uint8Array(parentMemory.buffer));
      h.programs.set(childPid, { ...parent, pid: childPid, tid: fork.tid, slot: fork.slot });
      h.attach(childPid, memory);
      const msg = h.runMessage({ pid: childPid, tid: fork.tid, slot: fork.slot }, module, memory, "fork", fork.forkBuf);
      // a copy of a pthread rewinds into the thread's entry (its frames are below it)
      if (threadFork) msg.thread = { fn: threadFork.fnPtr, arg: threadFork.argPtr, stack: 0, tls: 0 };
      h.run(msg);
      return [fork.chan];
    },

    async onResolveSpawn(path): Promise<SpawnProgramResolution | null> {
      try {
        const bytes = await h.readFile(path);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      } catch (e: any) {
        return e?.errno === E.ENOENT ? null : { errno: e?.errno ?? E.EIO };
      }
    },

    onExitGroup() {
      // the kernel has already ended every thread (their channels unwind, or their workers
      // were terminated); nothing is left for the host to do
    },

    onExit() {},
  };
}
