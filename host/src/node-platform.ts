// The Node platform: worker_threads, a MessageChannel the kernel drains synchronously with
// receiveMessageOnPort, and the package's files read from disk.
import { Worker, MessageChannel } from "node:worker_threads";
import { readFile } from "node:fs/promises";
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
};
