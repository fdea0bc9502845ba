// The binary contracts the host shares with the kernel and with guests. Every layout and
// constant comes from kernel/include/uapi through generated/abi.ts (tools/genabi.mjs, which
// compiles tools/abi.c for wasm32); this file only adds what follows from those numbers and
// WebAssembly's own page size.
import { CH, SIGFRAME } from "./generated/abi.js";

export * from "./generated/abi.js";

export const WASM_PAGE = 65536;

/** An i64 seen as two i32 words: the high half is the word after the low (wasm is little-endian). */
export const I64_HI = 1;

/** struct wp_channel as i32 indexes from its start, for the Int32Array views Atomics needs. */
export const CH_I32 = {
  STATUS: CH.STATUS >> 2,
  NR: CH.NR >> 2,
  ARGS: CH.ARGS >> 2,
  ARG_WORDS: CH.ARGS_STRIDE >> 2, // words per argument
  RESULT: CH.RESULT >> 2, // the low half; the high one is RESULT + I64_HI
  SIGNO: (CH.SIG + SIGFRAME.SIGNO) >> 2,
} as const;
