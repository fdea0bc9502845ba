// The host's hard-coded ABI numbers (host/src/abi.ts) against the C headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { top } from "./helpers.mjs";

const abi = await import(join(top, "host", "dist", "abi.js"));

test("channel, control block and request layouts agree with the kernel headers", () => {
  const c = JSON.parse(execFileSync(join(top, "build", "tests", "host", "abi-native"), { encoding: "utf8" }));
  for (const key of ["CH", "CH_STATUS", "CTL", "PROG_REQ", "SPAWN_REQ"])
    for (const [field, value] of Object.entries(c[key]))
      assert.equal(abi[key][field], value, `${key}.${field}`);
  assert.equal(abi.MAX_SLOTS, c.MAX_SLOTS);
});
