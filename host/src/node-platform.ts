// The Node platform: worker_threads, a MessageChannel the kernel drains synchronously with
// receiveMessageOnPort, and the package's files read from disk.
import { Worker, MessageChannel } from "node:worker_threads";
import { readFile } from "node:fs/promises";
import { totalmem } from "node:os";
import type { Platform, WorkerLike, KernelWorkerStart } from "./platform.js";

function wrap(w: Worker): WorkerLike {
  return {
    postMessage: (msg, transfer) => w.postMessage(msg, transfer as any),
    onMessage: (fn) => void w.on("message", fn),
    onError: (fn) => void w.on("error", fn),
    terminate: () => w.terminate().then(() => {}),
    unref: () => w.unref(),
    ref: () => w.ref(),
  };
}

/** process.stdout or process.stderr, with errors (EPIPE) reported to writers, not thrown. */
function hostOut(fd: number): NodeJS.WriteStream {
  const out = fd === 2 ? process.stderr : process.stdout;
  if (!out.listenerCount("error")) out.on("error", () => {});
  return out;
}

export const nodePlatform: Platform = {
  startKernelWorker(start: KernelWorkerStart) {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(new URL("./kernel-worker/main.js", import.meta.url), {
      workerData: { ...start, port: port2 },
      transferList: [port2],
    });
    return { worker: wrap(w), mail: (msg) => port1.postMessage(msg) };
  },
  startProcessWorker() {
    return wrap(new Worker(new URL("./process-worker.js", import.meta.url)));
  },
  async defaultKernel() {
    return new Uint8Array(await readFile(new URL("../kernel.wasm", import.meta.url)));
  },
  async defaultRootImage() {
    return new Uint8Array(await readFile(new URL("../rootfs.tar", import.meta.url)));
  },
  writeHost(fd, bytes, done) {
    hostOut(fd).write(bytes, (err) => done(err ? ((err as any).code === "EPIPE" ? -32 : -5) : 0));
  },
  defaultMemoryLimit() {
    return Math.floor(totalmem() / 2); // as tmpfs and most sandboxes take half the RAM
  },
  async flushHost() {
    await Promise.all([1, 2].map((fd) => new Promise<void>((r) => hostOut(fd).write("", () => r()))));
  },
};
