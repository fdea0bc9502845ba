// make bench: runs each benchmark built natively and for wasm-posix and prints one line each,
// `<name> wasm-posix=<value> native=<value> <unit>`. Timed here, asserted nowhere.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const top = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(top, "build", "bench");
const { WasmPosix } = await import(join(top, "host", "dist", "index.js"));

const benches = [
  { name: "syscall_getpid", prog: "syscall_getpid", args: [], unit: "us" },
  { name: "file_write", prog: "file_io", args: ["write"], unit: "MB/s" },
  { name: "file_read", prog: "file_io", args: ["read"], unit: "MB/s" },
  { name: "fork_wait", prog: "fork_wait", args: [], unit: "ms" },
  { name: "spawn_wait", prog: "spawn_wait", args: ["hello"], unit: "ms" },
  { name: "exec_hello", prog: "exec_hello", args: ["hello"], unit: "ms" },
  { name: "pipe_throughput", prog: "pipe_throughput", args: [], unit: "MB/s" },
  { name: "cpu_compute", prog: "cpu_compute", args: [], unit: "ms" },
  { name: "thread_create_join", prog: "thread_create_join", args: [], unit: "ms" },
  { name: "futex_pingpong", prog: "futex_pingpong", args: [], unit: "us" },
  { name: "mutex_contended", prog: "mutex_contended", args: [], unit: "ns" },
  { name: "mq_throughput", prog: "mq_throughput", args: [], unit: "msg/s" },
  { name: "timer_latency", prog: "timer_latency", args: [], unit: "us" },
  { name: "unix_stream", prog: "unix_stream", args: [], unit: "MB/s" },
  { name: "tcp_loopback", prog: "tcp_loopback", args: [], unit: "MB/s" },
];
const only = process.argv.slice(2);

/** A benchmark prints its figure last (children such as hello may print before it). */
function lastLine(out) {
  return out.trim().split("\n").pop();
}

function native(b) {
  const args = b.args.map((a) => (a === "hello" ? join(build, "native", "hello") : a));
  const r = spawnSync(join(build, "native", b.prog), args, { encoding: "utf8", timeout: 120000 });
  return r.status === 0 ? lastLine(r.stdout) : `FAIL(${r.status ?? r.signal})`;
}

async function wasm(sys, b) {
  const args = b.args.map((a) => (a === "hello" ? "/bench/hello" : a));
  try {
    const r = await Promise.race([
      sys.exec(`/bench/${b.prog}`, [b.prog, ...args]),
      new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), 120000)),
    ]);
    return r.code === 0 ? lastLine(r.stdout) : `FAIL(${r.code ?? "signal " + r.signal}${r.stderr ? ": " + r.stderr.trim().split("\n")[0] : ""})`;
  } catch (e) {
    return `FAIL(${e.message})`;
  }
}

function medianMs(fn, n) {
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    if (!fn()) return "FAIL";
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[n >> 1].toFixed(1);
}

const sys = await WasmPosix.boot();
try {
  await sys.mkdirp("/bench");
  for (const p of new Set(benches.map((b) => b.prog).concat(["hello"])))
    await sys.writeFile(`/bench/${p}`, readFileSync(join(build, "wasm", `${p}.wasm`)), 0o755);
  for (const b of benches) {
    if (only.length && !only.includes(b.name)) continue;
    console.log(`${b.name} wasm-posix=${await wasm(sys, b)} native=${native(b)} ${b.unit}`);
  }
} finally {
  await sys.shutdown();
}

if (!only.length || only.includes("hello_start")) {
  const cli = join(top, "bin", "wasm-posix");
  const w = medianMs(() => spawnSync(cli, ["run", join(build, "wasm", "hello.wasm")]).status === 0, 11);
  const n = medianMs(() => spawnSync(join(build, "native", "hello")).status === 0, 11);
  console.log(`hello_start wasm-posix=${w} native=${n} ms`);
}
