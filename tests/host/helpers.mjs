// Shared by the host tests: paths to the built host package, CLI and test programs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const top = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cli = join(top, "bin", "wasm-posix");
export const progs = join(top, "build", "tests", "host");
export const prog = (name) => join(progs, `${name}.wasm`);
export const host = await import(join(top, "host", "dist", "index.js"));

/** Runs the CLI to completion: { status, stdout, stderr }. */
export function runCli(args, opts = {}) {
  const r = spawnSync(cli, args, { encoding: "utf8", timeout: 30000, ...opts });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
