#!/usr/bin/env node
// Reads kernel/syscall.tbl and writes everything derived from it:
//   <out>/syscall_table.inc   SYSCALL(nr, name, handler) and SYSCALL_ENOSYS(nr, name) lines for
//                             the kernel's dispatch table
//   <out>/syscall.h.in        musl's arch/wasm32/bits/syscall.h.in (__NR_* for every number)
//   <out>/syscalls.ts         the host's constants
// usage: gensyscalls.mjs kernel/syscall.tbl OUTDIR
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [tbl, out] = process.argv.slice(2);
if (!tbl || !out) {
  console.error("usage: gensyscalls.mjs TABLE OUTDIR");
  process.exit(2);
}

const rows = [];
const seen = new Map();
readFileSync(tbl, "utf8").split("\n").forEach((line, i) => {
  line = line.replace(/#.*/, "").trim();
  if (!line) return;
  const f = line.split(/\s+/);
  const where = `${tbl}:${i + 1}`;
  if (f.length !== 3 || !/^\d+$/.test(f[0])) throw new Error(`${where}: expected "number name handler"`);
  const nr = Number(f[0]);
  if (seen.has(nr)) throw new Error(`${where}: number ${nr} already used by ${seen.get(nr)}`);
  seen.set(nr, f[1]);
  rows.push({ nr, name: f[1], handler: f[2] === "-" ? null : f[2] });
});

const header = "/* Generated from kernel/syscall.tbl by tools/gensyscalls.mjs: do not edit. */\n";
mkdirSync(out, { recursive: true });

let inc = header;
for (const r of rows)
  inc += r.handler ? `SYSCALL(${r.nr}, ${r.name}, ${r.handler})\n` : `SYSCALL_ENOSYS(${r.nr}, ${r.name})\n`;
writeFileSync(join(out, "syscall_table.inc"), inc);

let musl = "";
for (const r of rows) musl += `#define __NR_${r.name} ${r.nr}\n`;
writeFileSync(join(out, "syscall.h.in"), musl);

let ts = "// Generated from kernel/syscall.tbl by tools/gensyscalls.mjs: do not edit.\n";
ts += "export const SYS = {\n";
for (const r of rows) ts += `  ${r.name}: ${r.nr},\n`;
ts += "} as const;\n";
writeFileSync(join(out, "syscalls.ts"), ts);
