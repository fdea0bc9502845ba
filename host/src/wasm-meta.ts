// Reads the limits of a module's imported memory from its binary (the JS API does not expose
// them), so the host can create a Memory the module accepts.

export interface MemoryLimits {
  initial: number; // pages
  maximum: number | undefined;
  shared: boolean;
}

function leb(bytes: Uint8Array, pos: { p: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos.p++];
    if (b === undefined) throw new Error("truncated module");
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return result;
    shift += 7;
  }
}

function name(bytes: Uint8Array, pos: { p: number }): string {
  const n = leb(bytes, pos);
  const s = new TextDecoder().decode(bytes.subarray(pos.p, pos.p + n));
  pos.p += n;
  return s;
}

function skipLimits(bytes: Uint8Array, pos: { p: number }): void {
  const flags = bytes[pos.p++];
  leb(bytes, pos);
  if (flags & 1) leb(bytes, pos);
}

/** The limits of the "env"."memory" import, or null when the module imports no memory. */
export function importedMemoryLimits(bytes: Uint8Array): MemoryLimits | null {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error("not a WebAssembly module");
  const pos = { p: 8 };
  while (pos.p < bytes.length) {
    const id = bytes[pos.p++];
    const size = leb(bytes, pos);
    const end = pos.p + size;
    if (id !== 2) {
      pos.p = end;
      continue;
    }
    const count = leb(bytes, pos);
    for (let i = 0; i < count; i++) {
      name(bytes, pos);
      name(bytes, pos);
      const kind = bytes[pos.p++];
      if (kind === 0) leb(bytes, pos);
      else if (kind === 1) { pos.p++; skipLimits(bytes, pos); }
      else if (kind === 3) pos.p += 2;
      else if (kind === 4) { pos.p++; leb(bytes, pos); }
      else if (kind === 2) {
        const flags = bytes[pos.p++];
        const initial = leb(bytes, pos);
        const maximum = flags & 1 ? leb(bytes, pos) : undefined;
        return { initial, maximum, shared: (flags & 2) !== 0 };
      } else throw new Error(`unknown import kind ${kind}`);
    }
    return null;
  }
  return null;
}

/**
 * What a guest may import (docs/abi.md), by "module.name": the process worker provides
 * exactly these. Anything else would fail only when the instance is made, in the worker.
 */
export const GUEST_IMPORTS: Readonly<Record<string, WebAssembly.ImportExportKind>> = {
  "env.memory": "memory",
  "wasm_posix.syscall": "function",
  "wasm_posix.fork": "function",
  "wasm_posix.call_handler": "function",
};

const ASYNCIFY_EXPORTS = ["asyncify_start_unwind", "asyncify_stop_unwind",
  "asyncify_start_rewind", "asyncify_stop_rewind"];

/**
 * Why a compiled module cannot run as a wasm-posix program, or null when it can: it must
 * export a _start function, import nothing the host does not provide, and, if it imports
 * fork, carry Asyncify's exports. A process whose program fails this check gets ENOEXEC.
 */
export function programProblem(module: WebAssembly.Module): string | null {
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  if (exports.get("_start") !== "function") return "the module exports no _start function";
  for (const i of WebAssembly.Module.imports(module)) {
    const want = GUEST_IMPORTS[`${i.module}.${i.name}`];
    if (want === undefined) return `the module imports ${i.module}.${i.name}, which wasm-posix does not provide`;
    if (want !== i.kind) return `the module imports ${i.module}.${i.name} as a ${i.kind}, not a ${want}`;
    if (i.name === "call_handler" && exports.get("__indirect_function_table") !== "table")
      return "the module imports call_handler but exports no table (link it with wasm-posix-cc)";
    if (i.name === "fork" && ASYNCIFY_EXPORTS.some((n) => exports.get(n) !== "function"))
      return "the module imports fork but was not built with Asyncify (link it with wasm-posix-cc)";
  }
  return null;
}
