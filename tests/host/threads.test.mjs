// The thread half of the callbacks: onClone, onThreadExit, onExitGroup and onFork's threadFork,
// by default and overridden — an override observing the default, and one doing the whole job
// through the package's typed API (HostInternals).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { host, prog } from "./helpers.mjs";

const { WasmPosix, defaultCallbacks } = host;

/** Waits, up to 10 s, for cond() to hold: a worker's "unwound" may follow the exit it reports. */
async function eventually(cond, what) {
  for (const end = Date.now() + 10000; !cond(); await new Promise((r) => setTimeout(r, 10)))
    if (Date.now() > end) assert.fail(`still not so after 10 s: ${what}`);
}

async function withThreads(callbacks, body) {
  let sys;
  const cbs = typeof callbacks === "function" ? callbacks(() => sys) : callbacks;
  sys = await WasmPosix.boot({ callbacks: cbs });
  try {
    await sys.writeFile("/bin/threads", readFileSync(prog("threads")), 0o755);
    await body(sys);
  } finally {
    await sys.shutdown();
  }
}

test("onClone and onThreadExit get the seed's arguments for every thread; the defaults run them", async () => {
  const clones = [], exits = [];
  await withThreads((sys) => ({
    onClone: async (pid, tid, fn, arg, stack, tls, ctid, memory) => {
      clones.push({ pid, tid, fn, arg, stack, tls, ctid, memory });
      return defaultCallbacks(sys()).onClone(pid, tid, fn, arg, stack, tls, ctid, memory);
    },
    onThreadExit: (pid, tid, chan) => {
      exits.push({ pid, tid, chan });
      return defaultCallbacks(sys()).onThreadExit(pid, tid, chan);
    },
  }), async (sys) => {
    const r = await sys.exec("/bin/threads", ["threads", "threads", "8"]);
    assert.equal(r.stdout, "joined 8 counter=8000\n");
    assert.equal(r.code, 0);
    assert.equal(clones.length, 8);
    const pid = clones[0].pid;
    const tids = new Set(clones.map((c) => c.tid));
    assert.equal(tids.size, 8, "distinct tids");
    assert.ok(!tids.has(pid), "no thread has the leader's tid");
    for (const c of clones) {
      assert.equal(c.pid, pid);
      assert.ok(c.memory instanceof WebAssembly.Memory);
      assert.ok(c.fn > 0 && c.stack > 0 && c.tls > 0 && c.ctid > 0, "pointers into the guest's memory");
      assert.ok(c.stack <= c.memory.buffer.byteLength && c.tls < c.memory.buffer.byteLength);
    }
    assert.equal(new Set(clones.map((c) => c.fn)).size, 1, "one start routine for all");
    // every thread but the leader ended through onThreadExit, each on a channel of its own
    assert.deepEqual(new Set(exits.map((e) => e.tid)), tids);
    assert.ok(exits.every((e) => e.pid === pid && e.chan > 0));
    assert.equal(new Set(exits.map((e) => e.chan)).size, exits.length);
  });
});

test("an onClone override does the whole job through the package's API, with no default", async () => {
  let started = 0;
  await withThreads((sys) => ({
    onClone: async (pid, tid, fn, arg, stack, tls, _ctid, memory) => {
      const h = sys();
      const clone = h.pendingClones.get(tid);
      const prog = h.programs.get(pid);
      assert.ok(clone && prog, "the kernel's thread is known to the host");
      h.pendingClones.delete(tid);
      const w = h.reserveWorker(pid, tid);
      const module = await h.module(prog.identity, prog.bytes);
      const msg = h.runMessage({ pid, tid, slot: clone.slot }, module, memory, "thread");
      h.run({ ...msg, thread: { fn, arg, stack, tls } }, w);
      started++;
      return tid;
    },
  }), async (sys) => {
    for (let round = 0; round < 3; round++) {
      const r = await sys.exec("/bin/threads", ["threads", "threads", "4"]);
      assert.equal(r.stdout, "joined 4 counter=4000\n");
      assert.equal(r.code, 0);
    }
    assert.equal(started, 12);
  });
});

test("onThreadExit answering true: the host ends each thread's worker, and the pool refills", async () => {
  const ended = [];
  await withThreads({
    onThreadExit: (pid, tid) => {
      ended.push(tid);
      return true;
    },
  }, async (sys) => {
    // more threads in all than the pool holds: terminated workers must be replaced
    for (let round = 0; round < 4; round++) {
      const r = await sys.exec("/bin/threads", ["threads", "threads", "6"]);
      assert.equal(r.stdout, "joined 6 counter=6000\n");
      assert.equal(r.code, 0);
    }
    assert.equal(ended.length, 24);
  });
});

test("exit while threads block in the kernel: onExitGroup once, before onExit, and no worker is left", async () => {
  const order = [], clones = [];
  await withThreads((sys) => ({
    onClone: async (pid, tid, ...rest) => {
      clones.push({ pid, tid });
      return defaultCallbacks(sys()).onClone(pid, tid, ...rest);
    },
    onExitGroup: (pid) => order.push(["group", pid]),
    onExit: (pid, status) => order.push(["exit", pid, status]),
  }), async (sys) => {
    const r = await sys.exec("/bin/threads", ["threads", "exitblocked"]);
    assert.equal(r.stdout, "exiting\n");
    assert.equal(r.code, 3);
    assert.equal(clones.length, 3);
    const pid = clones[0].pid;
    assert.deepEqual(order.filter((o) => o[1] === pid), [["group", pid], ["exit", pid, 3 << 8]]);
    for (const tid of [pid, ...clones.map((c) => c.tid)])
      await eventually(() => sys.workerFor(pid, tid) === undefined, `thread ${tid}'s worker is gone`);
  });
});

test("fork from a thread: onFork gets threadFork, and the child runs the copy of that thread", async () => {
  const forks = [], clones = [];
  await withThreads((sys) => ({
    onClone: async (pid, tid, fn, ...rest) => {
      clones.push({ pid, tid, fn });
      return defaultCallbacks(sys()).onClone(pid, tid, fn, ...rest);
    },
    onFork: async (parentPid, childPid, memory, threadFork) => {
      forks.push({ parentPid, childPid, threadFork, pages: memory.buffer.byteLength });
      return defaultCallbacks(sys()).onFork(parentPid, childPid, memory, threadFork);
    },
  }), async (sys) => {
    const r = await sys.exec("/bin/threads", ["threads", "forkthread"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^child atfork=pC\n/m);
    assert.match(r.stdout, /^parent atfork=pP child-status=7\n/m);
    assert.equal(forks.length, 1);
    const [f] = forks, [c] = clones;
    assert.equal(f.parentPid, c.pid);
    assert.notEqual(f.childPid, f.parentPid);
    assert.ok(f.threadFork, "threadFork is set for a fork from a pthread");
    assert.equal(f.threadFork.tid, c.tid);
    assert.equal(f.threadFork.fnPtr, c.fn);
    assert.ok(f.threadFork.forkBufAddr > 0 && f.threadFork.forkBufAddr < f.pages);
    assert.ok(f.threadFork.channelOffset > 0);
    // a fork from the main thread has no threadFork
    forks.length = 0;
    const main = await sys.exec("/bin/sh", ["sh", "-c", "(exit 4); echo $?"]);
    assert.equal(main.stdout, "4\n");
    assert.ok(forks.length >= 1 && forks.every((x) => x.threadFork === undefined));
  });
});
