// The wasm-posix CLI: flags, stdio passthrough, exit statuses and error messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, prog } from "./helpers.mjs";

test("--help and --version print and exit 0", () => {
  const h = runCli(["--help"]);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /usage: wasm-posix run/);
  const rh = runCli(["run", "--help"]);
  assert.equal(rh.status, 0);
  assert.match(rh.stdout, /-v HOST:GUEST/);
  const v = runCli(["--version"]);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^wasm-posix \d+\.\d+\.\d+\n$/);
});

test("run passes argv, the exit status and stdout through", () => {
  const r = runCli(["run", "-e", "WP_EXIT=42", prog("echo"), "a b", "c"]);
  assert.equal(r.status, 42);
  assert.match(r.stdout, /argv\[1\]=a b\nargv\[2\]=c\n/);
  assert.equal(r.stderr, "");
});

test("-e adds to the environment and -w sets the working directory", () => {
  const r = runCli(["run", "-e", "WP_TEST=yes", "-w", "/tmp", prog("echo")]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /WP_TEST=yes\n/);
  assert.match(r.stdout, /cwd=\/tmp\n/);
});

test("stdin reaches the program and stderr comes back", () => {
  const r = runCli(["run", prog("echo"), "cat"], { input: "line one\nline two\n" });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /line one\nline two\n$/);
  const e = runCli(["run", prog("echo"), "stderr"]);
  assert.equal(e.stderr, "to stderr\n");
});

test("a program killed by a signal exits 128+N", () => {
  assert.equal(runCli(["run", prog("trap"), "segv"]).status, 128 + 11);
  assert.equal(runCli(["run", prog("trap"), "ill"]).status, 128 + 4);
  assert.equal(runCli(["run", prog("trap"), "stack"]).status, 128 + 11);
});

test("bad input gets one clear line and a non-zero exit, never a stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "wp-cli-"));
  const notWasm = join(dir, "script.txt");
  writeFileSync(notWasm, "hello\n");
  const cases = [
    [["run", join(dir, "missing.wasm")], /no such program/],
    [["run", notWasm], /not a WebAssembly program/],
    [["run", "--bogus", "x"], /unknown option --bogus/],
    [["run", "-v", join(dir, "nope") + ":/mnt", prog("echo")], /is not a directory on the host/],
    [["run", "-v", "nocolon", prog("echo")], /expected HOST:GUEST/],
    [["run", "-v", dir + ":/", prog("echo")], /cannot mount over the guest's root/],
    [["run", "-e", "NOEQUALS", prog("echo")], /expected NAME=VALUE/],
    [["run"], /missing PROGRAM/],
    [["frobnicate"], /unknown command/],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args);
    assert.notEqual(r.status, 0, `${args.join(" ")} should fail`);
    assert.match(r.stderr, re, args.join(" "));
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(" ")}: no stack trace`);
    assert.ok(r.stderr.split("\n").filter(Boolean).length <= 2, `${args.join(" ")}: short message`);
  }
  mkdirSync(join(dir, "d"));
});

test("a program path in the guest filesystem runs without a host file", () => {
  const r = runCli(["run", "/nonexistent/program"]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no such program/);
});
