#!/usr/bin/env node
// The wasm-posix command: run a program (or the shell) under the kernel, passing stdio
// through and exiting with the guest's status (128+N when killed by signal N).
import { read, readFileSync, statSync, realpathSync } from "node:fs";
import { basename, resolve, posix } from "node:path";
import { WasmPosix, GuestProcess, exitCode, type Mount } from "./system.js";
import { SIG } from "./abi.js";

const VERSION = "0.1.0";

const USAGE = `usage: wasm-posix run [-v HOST:GUEST[:ro]]... [-w DIR] [-e NAME=VALUE]... PROGRAM [ARGS...]
       wasm-posix sh [ARGS...]
       wasm-posix --help | --version

PROGRAM is a path in the guest's filesystem (after mounts), or else a host file.
  -v HOST:GUEST[:ro]  mount a host directory (read-only with :ro)
  -w DIR              working directory in the guest
  -e NAME=VALUE       add to the environment (default PATH, HOME, LOGNAME, USER, TERM)
  --memory SIZE       memory for all guest processes and files together, e.g. 512M or 4G
                      (default: half the host's memory)
  --debug             log unimplemented system calls`;

class UsageError extends Error {}

interface RunArgs {
  mounts: Mount[];
  cwd: string | null;
  env: Map<string, string>;
  debug: boolean;
  memory: number | undefined;
  program: string;
  args: string[];
}

/** A size as 4096, 64K, 512M or 4G (powers of 1024). */
function parseSize(s: string): number {
  const m = /^([0-9]+)([KMG]?)i?B?$/i.exec(s); // not an offset
  const n = m ? Number(m[1]) * 1024 ** " KMG".indexOf((m[2] || " ").toUpperCase()) : NaN;
  if (!(n >= 1 << 20)) throw new UsageError(`--memory ${s}: expected a size of at least 1M, such as 512M or 4G`);
  return n;
}

function parseRun(argv: string[]): RunArgs {
  const r: RunArgs = { mounts: [], cwd: null, env: new Map([["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], ["HOME", "/root"], ["LOGNAME", "root"], ["USER", "root"], ["TERM", process.env.TERM || "xterm-256color"]]), debug: false, memory: undefined, program: "", args: [] };
  let i = 0;
  const value = (flag: string) => {
    if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
    return argv[++i];
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { i++; break; }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-v") {
      const spec = value(a);
      const parts = spec.split(":");
      const ro = parts.length === 3 && parts[2] === "ro";
      if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && !ro) || !parts[0] || !parts[1].startsWith("/"))
        throw new UsageError(`-v ${spec}: expected HOST:GUEST or HOST:GUEST:ro with an absolute GUEST path`);
      if (posix.normalize(parts[1]) === "/")
        throw new UsageError(`-v ${spec}: cannot mount over the guest's root directory`);
      let host: string;
      try {
        host = realpathSync(parts[0]);
        if (!statSync(host).isDirectory()) throw new Error();
      } catch {
        throw new UsageError(`-v ${spec}: ${parts[0]} is not a directory on the host`);
      }
      r.mounts.push({ hostPath: host, guestPath: parts[1], readonly: ro });
    } else if (a === "-w") {
      r.cwd = value(a);
    } else if (a === "-e") {
      const kv = value(a);
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new UsageError(`-e ${kv}: expected NAME=VALUE`);
      r.env.set(kv.slice(0, eq), kv.slice(eq + 1));
    } else if (a === "--memory") {
      r.memory = parseSize(value(a));
    } else if (a === "--debug") {
      r.debug = true;
    } else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  if (i >= argv.length) throw new UsageError("missing PROGRAM");
  r.program = argv[i];
  r.args = argv.slice(i + 1);
  return r;
}

/** The guest path to run: PROGRAM as a guest path, else a host file installed into /run/host. */
async function resolveProgram(sys: WasmPosix, program: string): Promise<string> {
  if (program.includes("/") || !program) {
    try {
      await sys.readFile(program.startsWith("/") ? program : program);
      if (program.startsWith("/")) return program;
    } catch { /* not in the guest */ }
  } else {
    for (const dir of ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
      try { await sys.readFile(`${dir}/${program}`); return `${dir}/${program}`; } catch { /* next */ }
    }
  }
  let bytes: Buffer;
  try {
    const st = statSync(program);
    if (!st.isFile()) throw new UsageError(`${program}: not a regular file`);
    bytes = readFileSync(program);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${program}: no such program in the guest or on the host`);
  }
  if (bytes.length < 4 || bytes.readUInt32BE(0) !== 0x0061736d)
    throw new UsageError(`${program}: not a WebAssembly program`);
  const guest = `/run/host${resolve(program)}`;
  await sys.writeFile(guest, new Uint8Array(bytes), 0o755);
  return guest;
}

/**
 * Passes piped stdin through until its end, at the guest's pace: reading pauses while the
 * kernel holds a window of input the guest has not read. Returns the function that stops it.
 */
function readPipe(p: GuestProcess): () => void {
  const onData = (chunk: Buffer) => {
    process.stdin.pause();
    void p.write(new Uint8Array(chunk)).then(() => process.stdin.resume());
  };
  const onEnd = () => void p.end();
  process.stdin.on("data", onData);
  process.stdin.on("end", onEnd);
  process.stdin.on("error", onEnd);
  return () => {
    process.stdin.off("data", onData);
    process.stdin.off("end", onEnd);
    process.stdin.pause();
  };
}

/**
 * Reads a terminal line by line (the host's terminal edits lines and echoes): a read of 0
 * bytes is ^D, one end of file for the guest, and reading goes on, as on a real terminal.
 */
function readTerminal(p: GuestProcess): () => void {
  let stopped = false;
  const buf = new Uint8Array(4096);
  const next = () => {
    if (stopped) return;
    read(0, buf, 0, buf.length, null, (err, n) => {
      if (stopped) return;
      if (err) {
        if ((err as any).code === "EAGAIN") return void setTimeout(next, 10);
        return void p.end();
      }
      if (n === 0) {
        p.eof();
        next();
      } else {
        void p.write(buf.slice(0, n)).then(next);
      }
    });
  };
  next();
  return () => void (stopped = true);
}

async function run(r: RunArgs, argv0: string): Promise<number> {
  const sys = await WasmPosix.boot({ mounts: r.mounts, debug: r.debug, memory: r.memory });
  let code = 1;
  try {
    const path = await resolveProgram(sys, r.program);
    const tty = process.stdin.isTTY && process.stdout.isTTY
      ? { rows: process.stdout.rows ?? 24, cols: process.stdout.columns ?? 80 } : undefined;
    const p = await sys.spawn(path, [argv0, ...r.args], {
      env: [...r.env].map(([k, v]) => `${k}=${v}`),
      cwd: r.cwd ?? undefined,
      stdin: "pipe",
      stdout: "inherit",
      stderr: "inherit",
      tty,
    });
    const stopInput = tty ? readTerminal(p) : readPipe(p);
    // ^C, ^Z and ^\ reach the terminal's foreground process group in the guest; SIGTERM the
    // guest's group too, and if the guest is still there a second later the CLI gives up
    const fg = (sig: number) => () => void p.signalForeground(sig);
    const onInt = fg(SIG.SIGINT), onQuit = fg(SIG.SIGQUIT), onTstp = fg(SIG.SIGTSTP);
    const onTerm = () => {
      void sys.kill(-p.pid, SIG.SIGTERM).catch(() => {});
      setTimeout(() => process.exit(128 + SIG.SIGTERM), 1000).unref();
    };
    process.on("SIGINT", onInt);
    process.on("SIGQUIT", onQuit);
    if (tty) process.on("SIGTSTP", onTstp);
    process.on("SIGTERM", onTerm);
    const st = await p.exited;
    stopInput();
    process.off("SIGINT", onInt);
    process.off("SIGQUIT", onQuit);
    process.off("SIGTSTP", onTstp);
    process.off("SIGTERM", onTerm);
    code = exitCode(st);
    if (st.error) {
      // as a shell reports a program it found but could not run
      process.stderr.write(`wasm-posix: ${r.program}: ${st.error}\n`);
      code = 126;
    }
  } finally {
    await sys.shutdown();
    await sys.platform.flushHost(); // output still on its way to a slow reader
  }
  return code;
}

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (!cmd || cmd === "-h" || cmd === "--help" || cmd === "help") {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === "--version" || cmd === "-V") {
    console.log(`wasm-posix ${VERSION}`);
    return 0;
  }
  if (cmd === "run") {
    if (argv[1] === "--help" || argv[1] === "-h") {
      console.log(USAGE);
      return 0;
    }
    const r = parseRun(argv.slice(1));
    return run(r, r.program.includes("/") ? r.program : basename(r.program));
  }
  if (cmd === "sh") {
    const r = parseRun(["/bin/sh", ...argv.slice(1)]);
    return run(r, "sh");
  }
  throw new UsageError(`unknown command ${cmd}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const msg = e instanceof UsageError ? e.message : (e?.message ?? String(e));
    process.stderr.write(`wasm-posix: ${msg}\n`);
    if (e instanceof UsageError) process.stderr.write("try 'wasm-posix --help'\n");
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
