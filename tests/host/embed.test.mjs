// The embedding API and the default callbacks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { host, prog } from "./helpers.mjs";

const { WasmPosix, exitCode } = host;

test("boot, write a file, read it back, shut down", async () => {
  const sys = await WasmPosix.boot();
  try {
    await sys.writeFile("/tmp/a/b/c.txt", "contents\n");
    const back = new TextDecoder().decode(await sys.readFile("/tmp/a/b/c.txt"));
    assert.equal(back, "contents\n");
    await assert.rejects(sys.readFile("/no/such/file"), (e) => e.errno === 2);
    const passwd = new TextDecoder().decode(await sys.readFile("/etc/passwd"));
    assert.match(passwd, /^root:x:0:0:/);
  } finally {
    await sys.shutdown();
  }
});

test("exec collects stdout, stderr and the exit status; env, cwd and stdin apply", async () => {
  const sys = await WasmPosix.boot();
  try {
    await sys.writeFile("/bin/echo-test", readFileSync(prog("echo")), 0o755);
    const r = await sys.exec("/bin/echo-test", ["echo-test", "cat", "stderr"], {
      env: { WP_TEST: "embedded", WP_EXIT: "7" }, cwd: "/etc", stdin: "piped input\n",
    });
    assert.equal(r.code, 7);
    assert.equal(r.signal, null);
    assert.equal(exitCode(r), 7);
    assert.match(r.stdout, /argv\[0\]=echo-test\n/);
    assert.match(r.stdout, /WP_TEST=embedded\n/);
    assert.match(r.stdout, /cwd=\/etc\n/);
    assert.match(r.stdout, /piped input\n$/);
    assert.equal(r.stderr, "to stderr\n");
  } finally {
    await sys.shutdown();
  }
});

test("spawn with a stdin pipe streams output as it comes", async () => {
  const sys = await WasmPosix.boot();
  try {
    await sys.writeFile("/bin/echo-test", readFileSync(prog("echo")), 0o755);
    const p = await sys.spawn("/bin/echo-test", ["echo-test", "cat"], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
    assert.ok(p.pid > 1);
    p.write("first\n");
    p.write(new TextEncoder().encode("second\n"));
    p.end();
    let out = "";
    for await (const chunk of p.stdout) out += new TextDecoder().decode(chunk);
    assert.match(out, /first\nsecond\n$/);
    assert.deepEqual(await p.exited, { status: 0, code: 0, signal: null });
  } finally {
    await sys.shutdown();
  }
});

test("spawn of a missing or non-program file fails with its errno", async () => {
  const sys = await WasmPosix.boot();
  try {
    await assert.rejects(sys.spawn("/bin/nothing-here"), (e) => e.errno === 2);
    await assert.rejects(sys.spawn("/etc/passwd"), (e) => e.errno === 13); // not executable
    await sys.writeFile("/tmp/text", "just text\n", 0o755);
    await assert.rejects(sys.spawn("/tmp/text"), (e) => e.errno === 8); // ENOEXEC
  } finally {
    await sys.shutdown();
  }
});

test("a trapping guest dies by a signal and the system carries on", async () => {
  const sys = await WasmPosix.boot();
  try {
    await sys.writeFile("/bin/trap", readFileSync(prog("trap")), 0o755);
    const segv = await sys.exec("/bin/trap", ["trap", "segv"]);
    assert.equal(segv.signal, 11);
    const ill = await sys.exec("/bin/trap", ["trap", "ill"]);
    assert.equal(ill.signal, 4);
    const fine = await sys.exec("/bin/trap", ["trap", "none"]);
    assert.equal(fine.code, 0);
    assert.equal(fine.stdout, "no trap\n");
  } finally {
    await sys.shutdown();
  }
});

test("overridden callbacks are called with the seed's parameters; the rest stay default", async () => {
  const calls = [];
  let spawnDefault;
  const sys = await WasmPosix.boot({
    callbacks: {
      onSpawn: async (pid, bytes, argv, envp) => {
        calls.push(["spawn", pid, bytes.byteLength > 0, argv, envp.includes("X=1")]);
        return spawnDefault(pid, bytes, argv, envp);
      },
      onExit: (pid, status) => calls.push(["exit", pid, status]),
    },
  });
  try {
    spawnDefault = host.defaultCallbacks(sys).onSpawn;
    await sys.writeFile("/bin/echo-test", readFileSync(prog("echo")), 0o755);
    const r = await sys.exec("/bin/echo-test", ["echo-test"], { env: ["X=1", "WP_EXIT=5"] });
    assert.equal(r.code, 5);
    const pid = calls[0][1];
    assert.deepEqual(calls[0], ["spawn", pid, true, ["echo-test"], true]);
    assert.deepEqual(calls[1], ["exit", pid, 5 << 8]);
  } finally {
    await sys.shutdown();
  }
});

test("a failing onSpawn rolls the child back and the spawn fails", async () => {
  let fail = true, sys;
  sys = await WasmPosix.boot({
    callbacks: {
      onSpawn: async (...a) => (fail ? ((fail = false), -12) : host.defaultCallbacks(sys).onSpawn(...a)),
    },
  });
  try {
    await sys.writeFile("/bin/echo-test", readFileSync(prog("echo")), 0o755);
    const p = await sys.spawn("/bin/echo-test", ["echo-test"], { stdout: "ignore", stderr: "ignore" });
    const st = await p.exited;
    assert.equal(st.code, 127);
    // the system still runs programs
    const ok = await sys.exec("/bin/echo-test", ["echo-test"]);
    assert.equal(ok.code, 0);
  } finally {
    await sys.shutdown();
  }
});

test("an overridden onResolveSpawn decides what posix_spawn runs, side-effect free", async () => {
  const echo = readFileSync(prog("echo"));
  const asked = [];
  const sys = await WasmPosix.boot({
    callbacks: {
      onResolveSpawn: async (path, argv) => {
        asked.push([path, argv]);
        if (path === "/virtual/echo") return echo.buffer.slice(echo.byteOffset, echo.byteOffset + echo.byteLength);
        if (path === "/virtual/script") return { programBytes: echo.buffer.slice(echo.byteOffset, echo.byteOffset + echo.byteLength), argv: ["interp", "-x", "/virtual/script"] };
        if (path === "/virtual/denied") return { errno: 13 };
        return null;
      },
    },
  });
  try {
    await sys.writeFile("/bin/spawner", readFileSync(prog("spawner")), 0o755);
    const ok = await sys.exec("/bin/spawner", ["spawner", "/virtual/echo", "one"], { env: ["WP_EXIT=6"] });
    assert.match(ok.stdout, /^spawn=0\n/);
    assert.match(ok.stdout, /argv\[0\]=\/virtual\/echo\nargv\[1\]=one\n/);
    assert.match(ok.stdout, /status=6\n$/);
    const script = await sys.exec("/bin/spawner", ["spawner", "/virtual/script", "arg"]);
    assert.match(script.stdout, /argv\[0\]=interp\nargv\[1\]=-x\nargv\[2\]=\/virtual\/script\n/);
    const denied = await sys.exec("/bin/spawner", ["spawner", "/virtual/denied"]);
    assert.equal(denied.stdout, "spawn=13\n");
    const missing = await sys.exec("/bin/spawner", ["spawner", "/virtual/missing"]);
    assert.equal(missing.stdout, "spawn=2\n");
    assert.deepEqual(asked.map((a) => a[0]), ["/virtual/echo", "/virtual/script", "/virtual/denied", "/virtual/missing"]);
    assert.deepEqual(asked[0][1], ["/virtual/echo", "one"]);
  } finally {
    await sys.shutdown();
  }
});

test("fork, exec and wait run through the default callbacks", async () => {
  const sys = await WasmPosix.boot();
  try {
    await sys.writeFile("/bin/echo-test", readFileSync(prog("echo")), 0o755);
    const r = await sys.exec("/bin/sh", ["sh", "-c", "x=$(/bin/echo-test sub); echo \"[$x]\" | head -1; /bin/echo-test a >/dev/null; echo st=$?; exec /bin/echo-test last"],
      { env: ["WP_EXIT=4"] });
    assert.match(r.stdout, /^\[argv\[0\]=\/bin\/echo-test\n/);
    assert.match(r.stdout, /st=4\n/);
    assert.match(r.stdout, /argv\[0\]=\/bin\/echo-test\nargv\[1\]=last\n/);
    assert.equal(r.code, 4);
  } finally {
    await sys.shutdown();
  }
});

test("piped streams keep every byte with a slow consumer and a fast producer", async () => {
  const sys = await WasmPosix.boot();
  try {
    const size = 24 << 20;
    const input = new Uint8Array(size);
    for (let i = 0; i < size; i++) input[i] = (i * 2654435761) >>> 24;
    const p = await sys.spawn("/bin/cat", ["cat"], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    // the producer writes everything without waiting; the kernel holds only a window of it
    const written = p.write(input).then(() => p.end());
    await new Promise((r) => setTimeout(r, 500)); // nobody reads for a while
    const chunks = [];
    let got = 0;
    for await (const c of p.stdout) {
      chunks.push(c);
      got += c.length;
      if (chunks.length % 64 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await written;
    assert.equal((await p.exited).code, 0);
    assert.equal(got, size);
    const out = new Uint8Array(size);
    let off = 0;
    for (const c of chunks) { out.set(c, off); off += c.length; }
    assert.ok(Buffer.from(out).equals(Buffer.from(input)), "output differs from input");
  } finally {
    await sys.shutdown();
  }
});
