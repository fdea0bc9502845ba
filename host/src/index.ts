// wasm-posix-host: run C programs compiled to WebAssembly as POSIX processes under one kernel.
export type { CentralizedKernelCallbacks, ForkFromThreadContext, SpawnProgramResolution } from "./callbacks.js";
export { defaultCallbacks, type HostInternals } from "./default-callbacks.js";
export type { ProgramInfo, RunMessage } from "./protocol.js";
export {
  WasmPosix, GuestProcess, exitCode, decodeStatus, defaultEnv,
  type BootOptions, type SpawnOptions, type StdioSpec, type ExitStatus, type Mount,
} from "./system.js";
export type { Platform, WorkerLike } from "./platform.js";
