// The host's ABI constants (host/src/generated/abi.ts, made by tools/genabi.mjs) against the
// uapi headers compiled for wasm32, by a route of their own: this file says which C name each
// constant stands for, and clang checks every one with a _Static_assert. Then: the generator
// refuses a struct it does not fully list, and no hand-written offset is left in the host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { top } from "./helpers.mjs";

const abi = await import(join(top, "host", "dist", "generated", "abi.js"));
const clang = process.env.CLANG || "/usr/lib/llvm-19/bin/clang";
const include = join(top, "kernel", "include");
const headers = ["errno.h", "fcntl.h", "signal.h", "stat.h", "time.h", "wp_channel.h", "wp_host.h"];

// group -> the struct it describes (unit 4: i32 indexes), or the prefix of its #defines;
// names lists the members that are not the struct's own fields or the prefix's defines
const groups = {
  CH: { struct: "wp_channel" },
  SIGFRAME: { struct: "wp_sigframe" },
  CH_STATUS: { prefix: "WP_CH_" },
  CTL: { struct: "wp_control", unit: 4, names: { MAX_SLOTS: "WP_MAX_SLOTS" } },
  PROG_REQ: { struct: "host_prog_req" },
  SPAWN_REQ: { struct: "kernel_spawn_req" },
  FORK_REQ: { struct: "host_fork_req" },
  CLONE_REQ: { struct: "host_clone_req" },
  THREAD_EXIT_REQ: { struct: "host_thread_exit_req" },
  UATOMIC: { prefix: "UATOMIC_" },
  KBOOT: { prefix: "KBOOT_" },
  KMOUNT: { prefix: "KMOUNT_" },
  STREAM: { prefix: "STREAM_" },
  HOSTFS_STAT: { struct: "wp_hostfs_stat" },
  HOSTFS_DIRENT: { struct: "wp_hostfs_dirent" },
  HOSTFS_O: { prefix: "HOSTFS_O_", names: { ACCMODE: "O_ACCMODE" } },
  S: { prefix: "S_" },
  CLOCK: { prefix: "CLOCK_" },
  E: { prefix: "" },
  SIG: { prefix: "" },
};

/** The C expression a generated constant must equal. */
function cExpr(gname, key) {
  const g = groups[gname];
  if (g.names?.[key]) return g.names[key];
  if (!g.struct) return g.prefix + key;
  const s = `struct ${g.struct}`, unit = g.unit ?? 1;
  const m = (f) => `((${s} *)0)->${f}`;
  if (key === "SIZEOF" || key === "WORDS") return `sizeof(${s}) / ${unit}`;
  const arr = key.match(/^(\w+)_(COUNT|STRIDE)$/);
  if (arr) {
    const f = arr[1].toLowerCase();
    return arr[2] === "COUNT" ? `sizeof ${m(f)} / sizeof ${m(f)}[0]` : `sizeof ${m(f)}[0]`;
  }
  return `__builtin_offsetof(${s}, ${key.toLowerCase()}) / ${unit}`;
}

/** Compiles C for wasm32 against the uapi headers: clang's status and messages. */
function compileWasm32(body) {
  const src = headers.map((h) => `#include "uapi/${h}"`).join("\n") + "\n" + body;
  const r = spawnSync(clang, ["--target=wasm32", "-ffreestanding", "-fsyntax-only", "-std=c11",
    `-I${include}`, "-x", "c", "-"], { input: src, encoding: "utf8" });
  return { ok: r.status === 0, stderr: r.stderr };
}

function staticAsserts(values) {
  let body = "";
  for (const [gname, group] of Object.entries(values))
    for (const [key, v] of Object.entries(group))
      body += `_Static_assert((${cExpr(gname, key)}) == ${v}, "${gname}.${key} is ${v}");\n`;
  return body;
}

const generated = Object.fromEntries(Object.entries(abi).filter(([, v]) => typeof v === "object"));

test("every generated group is one this test knows how to check", () => {
  assert.deepEqual(Object.keys(generated).sort(), Object.keys(groups).sort());
});

test("every generated offset, size and constant agrees with the headers compiled for wasm32", () => {
  const r = compileWasm32(staticAsserts(generated));
  assert.ok(r.ok, r.stderr);
});

test("the wasm32 check catches a wrong number", () => {
  // the same check with one offset moved must fail, or the test above proves nothing
  const wrong = { ...generated, PROG_REQ: { ...generated.PROG_REQ, MTIME_NS: generated.PROG_REQ.MTIME_NS + 4 } };
  const r = compileWasm32(staticAsserts(wrong));
  assert.ok(!r.ok, "a wrong PROG_REQ.MTIME_NS passed");
  assert.match(r.stderr, /PROG_REQ\.MTIME_NS/);
});

/** Every E* or SIG* macro the preprocessor sees defined by a uapi header. */
function definedNames(header, re) {
  const r = spawnSync(clang, ["--target=wasm32", "-ffreestanding", "-E", "-dM", `-I${include}`,
    "-x", "c", "-"], { input: `#include "uapi/${header}"\n`, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").map((l) => l.match(re)?.[1]).filter(Boolean).sort();
}

test("E holds every errno name in uapi/errno.h and SIG every signal in uapi/signal.h", () => {
  assert.deepEqual(Object.keys(abi.E).sort(), definedNames("errno.h", /^#define (E[A-Z0-9]+) /));
  assert.deepEqual(Object.keys(abi.SIG).sort(), definedNames("signal.h", /^#define (SIG[A-Z0-9]+) /));
  assert.ok(Object.keys(abi.E).length > 130, "the whole Linux errno table");
});

test("the generator refuses a struct whose fields tools/abi.c does not all list", () => {
  const dir = mkdtempSync(join(tmpdir(), "genabi-"));
  const table = readFileSync(join(top, "tools", "abi.c"), "utf8");
  const line = "\tFIELD(FORK_REQ, host_fork_req, child_slot)\n";
  assert.ok(table.includes(line));
  writeFileSync(join(dir, "abi.c"), table.replace(line, ""));
  const r = spawnSync(process.execPath, [join(top, "tools", "genabi.mjs"), clang, include, dir,
    join(dir, "abi.c")], { encoding: "utf8" });
  rmSync(dir, { recursive: true });
  assert.notEqual(r.status, 0, "a struct with an unlisted field was accepted");
  assert.match(r.stderr, /struct host_fork_req: CHAN at 20, expected 16/);
});

// Hand-written offsets in the host: numbers where a generated name belongs. Strings and
// comments are ignored; a line that really means a number says so with "// not an offset".
const offsetPatterns = [
  ["a DataView access at a literal offset", /\.(get|set)(Big)?(Ui|I)nt(8|16|32|64)\(\s*([\w.]+\s*\+\s*)?\d/],
  ["an Atomics operation at a literal index", /Atomics\.\w+\(\s*[\w.]+\s*,\s*([\w.]+\s*[+-]\s*)?\d/],
  ["an index with a literal offset", /\[[^\][]*[\w)]\s*[+-]\s*\d[^\][]*\]/],
  ["a view made at a literal offset or length", /new (DataView|(Big)?(Ui|I|Fl)\w*Array)\(.*,\s*\d+\s*\)/],
  ["a literal added to an ABI name", /\b[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*\s*[+-]\s*\d/],
];

/** The source with string contents and comments blanked, line for line. */
function codeOnly(src) {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(["'`])(?:\\.|(?!\1)[^\\\n])*\1/g, (s) => s[0] + " ".repeat(s.length - 2) + s[0])
    .replace(/\/\/.*$/gm, "");
}

export function handWrittenOffsets(file, src) {
  const found = [];
  const raw = src.split("\n");
  codeOnly(src).split("\n").forEach((line, i) => {
    if (raw[i].includes("// not an offset")) return;
    for (const [what, re] of offsetPatterns)
      if (re.test(line)) found.push(`${file}:${i + 1}: ${what}: ${raw[i].trim()}`);
  });
  return found;
}

function* hostSources(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) { if (f !== "generated") yield* hostSources(p); }
    else if (f.endsWith(".ts") && p !== join(top, "host", "src", "abi.ts")) yield p;
  }
}

test("the host has no hand-written offsets into kernel or guest memory", () => {
  const found = [];
  for (const f of hostSources(join(top, "host", "src")))
    found.push(...handWrittenOffsets(relative(top, f), readFileSync(f, "utf8")));
  assert.deepEqual(found, [], "use the names in host/src/generated/abi.ts (tools/abi.c)");
});

test("the offset check sees the literals it is meant to catch", () => {
  const bad = [
    "g.i32[i + 14] = result;",
    "v[i + 2 + 2 * a] = args[a] ?? 0;",
    "slot: i(16), chan: dv.getUint32(20, true),",
    "dv.setBigInt64(req + 24, st.size, true);",
    "Atomics.store(ctl, 3, 1);",
    "const dv = new DataView(self.kernelBytes().buffer, req >>> 0, 28);",
    "m.stdio.forEach((s, i) => set(SPAWN_REQ.STDIO + 4 * i, s));",
  ];
  for (const line of bad) assert.equal(handWrittenOffsets("x.ts", line).length, 1, line);
  const good = [
    'env: new Map([["TERM", "xterm-256color"]]),',
    "g.i32[i + CH_I32.RESULT] = result; // i + 14 was here",
    "const dv = new DataView(b.buffer, b.byteOffset + out, HOSTFS_STAT.SIZEOF);",
  ];
  for (const line of good) assert.deepEqual(handWrittenOffsets("x.ts", line), [], line);
});
