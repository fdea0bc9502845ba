#!/usr/bin/env node
// Checks that docs/abi.md and the C headers agree: every table marked
//   <!-- abi: struct NAME include=h1,h2 -->   (offset | size | field rows)
//   <!-- abi: type NAME include=h1,h2 -->     (the same, for a typedef name)
//   <!-- abi: const include=h1,h2 -->         (name | value | ... rows)
// becomes a C file of _Static_asserts, compiled for wasm32 with the SDK.
// usage: check.mjs docs/abi.md CC [INCLUDE_DIR...]
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const [doc, cc, ...dirs] = process.argv.slice(2);
const lines = readFileSync(doc, "utf8").split("\n");

function tableAfter(i) {
  while (i < lines.length && !lines[i].startsWith("|")) i++;
  const rows = [];
  for (i += 2; i < lines.length && lines[i].startsWith("|"); i++)
    rows.push(lines[i].split("|").slice(1, -1).map(c => c.trim().replace(/`/g, "")));
  return rows;
}

const checks = [];
lines.forEach((line, i) => {
  const m = line.match(/^<!-- abi: ((struct|type) (\w+)|const) include=(\S+) -->$/);
  if (!m) return;
  const includes = m[4].split(",").map(h => `#include <${h}>`).join("\n");
  const rows = tableAfter(i + 1);
  if (rows.length === 0) throw new Error(`${doc}:${i + 1}: marker without a table`);
  let body = "";
  if (m[2]) {
    const t = m[2] === "struct" ? `struct ${m[3]}` : m[3];
    for (const [off, size, field] of rows) {
      if (field === "(size)") {
        body += `_Static_assert(sizeof(${t}) == ${off}, "sizeof(${t}) is ${off}");\n`;
        continue;
      }
      body += `_Static_assert(__builtin_offsetof(${t}, ${field}) == ${off}, "${t}.${field} at ${off}");\n`;
      body += `_Static_assert(sizeof(((${t} *)0)->${field}) == ${size}, "${t}.${field} is ${size} bytes");\n`;
    }
  } else {
    for (const [name, value] of rows)
      body += `_Static_assert((${name}) == ${value}, "${name} is ${value}");\n`;
  }
  checks.push({ where: `${doc}:${i + 1}`, what: m[1], src: `${includes}\n${body}`, n: rows.length });
});

if (checks.length === 0) throw new Error(`${doc}: no abi tables found`);
let failed = 0, asserts = 0;
for (const c of checks) {
  const args = ["-fsyntax-only", ...dirs.flatMap(d => ["-idirafter", d]), "-x", "c", "-"];
  const r = spawnSync(cc, args, { input: c.src, encoding: "utf8" });
  if (r.status !== 0) {
    failed++;
    console.error(`abi: ${c.where} (${c.what}) disagrees with the headers:\n${r.stderr}`);
  }
  asserts += c.n;
}
if (failed) process.exit(1);
console.log(`abi: ${checks.length} tables, ${asserts} rows agree with the headers`);
