#!/usr/bin/env node
// Builds the root image: a ustar archive of rootfs/files plus extra files, deterministic
// (entries sorted by path, mtime 0, numeric owners, modes from the table below or the file's
// own x bit). usage: mkrootfs.mjs OUT.tar FILESDIR [HOSTPATH=GUESTPATH ...]
import { readFileSync, writeFileSync, readdirSync, lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";

const [out, filesDir, ...extras] = process.argv.slice(2);
if (!out || !filesDir) {
  console.error("usage: mkrootfs.mjs OUT.tar FILESDIR [HOSTPATH=GUESTPATH ...]");
  process.exit(2);
}

// Directories every image has, with their modes and owners.
const dirs = {
  "bin": [0o755, 0, 0], "dev": [0o755, 0, 0], "etc": [0o755, 0, 0], "home": [0o755, 0, 0],
  "home/user": [0o755, 1000, 1000], "proc": [0o555, 0, 0], "root": [0o700, 0, 0],
  "tmp": [0o1777, 0, 0], "usr": [0o755, 0, 0], "usr/bin": [0o755, 0, 0],
  "usr/lib": [0o755, 0, 0], "usr/local": [0o755, 0, 0], "usr/local/bin": [0o755, 0, 0],
  "var": [0o755, 0, 0], "var/tmp": [0o1777, 0, 0],
};

const entries = new Map(); // guest path -> {type, mode, uid, gid, data?, link?}
for (const [p, [mode, uid, gid]] of Object.entries(dirs)) entries.set(p, { type: "5", mode, uid, gid });

function addHost(host, guest) {
  const st = lstatSync(host);
  if (st.isDirectory()) {
    if (!entries.has(guest) && guest) entries.set(guest, { type: "5", mode: 0o755, uid: 0, gid: 0 });
    for (const name of readdirSync(host)) addHost(join(host, name), guest ? `${guest}/${name}` : name);
  } else if (st.isSymbolicLink()) {
    entries.set(guest, { type: "2", mode: 0o777, uid: 0, gid: 0, link: readlinkSync(host) });
  } else if (st.isFile()) {
    const mode = st.mode & 0o111 ? 0o755 : 0o644;
    entries.set(guest, { type: "0", mode, uid: 0, gid: 0, data: readFileSync(host) });
  }
}

addHost(filesDir, "");
for (const x of extras) {
  const i = x.indexOf("=");
  if (i < 0) throw new Error(`extra ${x}: expected HOSTPATH=GUESTPATH`);
  const guest = x.slice(i + 1).replace(/^\/+/, "");
  // parents of an extra file
  const parts = guest.split("/");
  for (let k = 1; k < parts.length; k++) {
    const d = parts.slice(0, k).join("/");
    if (!entries.has(d)) entries.set(d, { type: "5", mode: 0o755, uid: 0, gid: 0 });
  }
  addHost(x.slice(0, i), guest);
}

function octal(n, width) {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(path, e) {
  const h = Buffer.alloc(512);
  let name = e.type === "5" ? `${path}/` : path, prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", name.length - 2);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long: ${path}`);
  }
  h.write(name, 0);
  h.write(octal(e.mode, 8), 100);
  h.write(octal(e.uid, 8), 108);
  h.write(octal(e.gid, 8), 116);
  h.write(octal(e.data ? e.data.length : 0, 12), 124);
  h.write(octal(0, 12), 136);
  h.write("        ", 148);
  h.write(e.type, 156);
  if (e.link) h.write(e.link, 157);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.write(e.uid === 0 ? "root" : "user", 265);
  h.write(e.gid === 0 ? "root" : "user", 297);
  h.write(prefix, 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

const parts = [];
for (const path of [...entries.keys()].sort()) {
  const e = entries.get(path);
  parts.push(header(path, e));
  if (e.data) {
    parts.push(e.data);
    const pad = (512 - (e.data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
}
parts.push(Buffer.alloc(1024));
writeFileSync(out, Buffer.concat(parts));
