// The hostfs imports (kernel/hostfs.h): a host directory mounted in the guest, one synchronous
// `fs` call per operation, Linux only. Every host directory the guest reaches is held here as a
// descriptor opened O_PATH|O_NOFOLLOW from its parent's, and every call names one component of
// such a directory as `/proc/self/fd/<fd>/<name>`: the kernel's magic link is the directory
// itself, so nothing is re-walked and a host-side rename or symlink swap cannot lead outside.
// Names are raw bytes (Buffer paths); the last component is never followed. Errors come back
// as -errno.
import * as fs from "node:fs";
import { E, HOSTFS_DIRENT, HOSTFS_O, HOSTFS_STAT, S } from "../abi.js";

/** What hostfs needs of the kernel host: its memory as bytes. */
export interface KernelMemoryAccess {
  kernelBytes(): Uint8Array;
}

const { EACCES, EBADF, EIO, ELOOP, ENOSYS, ESTALE, EAGAIN } = E;
const NAME_MAX = 255;
// Linux's O_PATH (x86-64 and arm64; Node does not export it): a descriptor that only names.
const O_PATH = 0o10000000;
const { O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_WRONLY, O_CREAT, O_EXCL, O_TRUNC } = fs.constants;
const O_FIFO = HOSTFS_O.FIFO;
const LOOKUP_TRIES = 8; // a name that flips between directory and not while we look

function errno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException)?.code;
  const n = code ? (E as Record<string, number>)[code] : undefined; // Linux numbers, whatever the host
  return -(n ?? EIO);
}

const magic = (fd: number) => Buffer.from(`/proc/self/fd/${fd}`);

type Bytes = Uint8Array | Buffer;

/** dir + "/" + name, as the bytes of a host path. */
function join(dir: Bytes, name: Bytes): Buffer {
  const p = Buffer.alloc(dir.length + 1 + name.length);
  p.set(dir);
  p[dir.length] = 0x2f;
  p.set(name, dir.length + 1);
  return p;
}

/** Whether name may name one entry: not "", ".", "..", nor with a '/' or NUL. */
function oneName(name: Bytes): boolean {
  if (name.length === 0 || name.length > NAME_MAX || name.includes(0x2f) || name.includes(0)) return false;
  return !(name[0] === 0x2e && (name.length === 1 || (name.length === 2 && name[1] === 0x2e)));
}

function byteOrder(x: Bytes, y: Bytes): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export function hostfsImports(host: KernelMemoryAccess): Record<string, Function> {
  const handles = new Map<number, number>(); // handle -> host fd (directories and open files)
  let nextHandle = 1;
  const mem = () => host.kernelBytes();

  /** A copy of kernel bytes (names are bytes: no decoding). */
  function bytes(ptr: number, len: number): Buffer {
    const b = Buffer.alloc(len);
    b.set(mem().subarray(ptr, ptr + len));
    return b;
  }

  function give(fd: number): number {
    const h = nextHandle++;
    handles.set(h, fd);
    return h;
  }

  /**
   * The host path of name (ptr, len) in directory handle dir: len 0 is the directory itself
   * where self is allowed; "", ".", "..", '/' or NUL in a name are refused. Or -errno.
   */
  function at(dir: number, ptr: number, len: number, self = false): Buffer | number {
    const fd = handles.get(dir);
    if (fd === undefined) return -EBADF;
    if (len === 0) return self ? magic(fd) : -EACCES;
    const name = bytes(ptr, len);
    return oneName(name) ? join(magic(fd), name) : -EACCES;
  }

  function run(dir: number, ptr: number, len: number, fn: (p: Buffer) => number | void, self = false): number {
    const p = at(dir, ptr, len, self);
    if (typeof p === "number") return p;
    try { return fn(p) ?? 0; } catch (e) { return errno(e); }
  }

  function withFd(h: number, fn: (fd: number) => number | void): number {
    const fd = handles.get(h);
    if (fd === undefined) return -EBADF;
    try { return fn(fd) ?? 0; } catch (e) { return errno(e); }
  }

  function writeStat(out: number, st: fs.BigIntStats): void {
    const b = mem();
    const dv = new DataView(b.buffer, b.byteOffset + out, HOSTFS_STAT.SIZEOF);
    dv.setBigUint64(HOSTFS_STAT.INO, st.ino, true);
    dv.setUint32(HOSTFS_STAT.MODE, Number(st.mode), true);
    dv.setUint32(HOSTFS_STAT.NLINK, Number(st.nlink), true);
    dv.setUint32(HOSTFS_STAT.UID, Number(st.uid), true);
    dv.setUint32(HOSTFS_STAT.GID, Number(st.gid), true);
    dv.setBigInt64(HOSTFS_STAT.SIZE, st.size, true);
    dv.setBigInt64(HOSTFS_STAT.BLOCKS, st.blocks, true);
    dv.setBigInt64(HOSTFS_STAT.ATIME_NS, st.atimeNs, true);
    dv.setBigInt64(HOSTFS_STAT.MTIME_NS, st.mtimeNs, true);
    dv.setBigInt64(HOSTFS_STAT.CTIME_NS, st.ctimeNs, true);
    dv.setBigUint64(HOSTFS_STAT.RDEV, 0n, true);
  }

  /** A descriptor for p itself, never followed and never a symlink (for calls that follow). */
  function pin(p: Buffer): number {
    const fd = fs.openSync(p, O_PATH | O_NOFOLLOW);
    if (fs.fstatSync(fd).isSymbolicLink()) { fs.closeSync(fd); return -ELOOP; }
    return fd;
  }

  return {
    /** Opens a host directory (the CLI resolved it); the kernel calls it from kernel_mount_host. */
    fs_register(ptr: number, len: number): number {
      const dir = new TextDecoder().decode(mem().slice(ptr, ptr + len));
      if (!fs.existsSync("/proc/self/fd")) return -ENOSYS;
      try { return give(fs.openSync(dir, O_PATH | O_DIRECTORY)); } catch (e) { return errno(e); }
    },
    fs_lookup(dir: number, ptr: number, len: number, out: number): number {
      return run(dir, ptr, len, (p) => {
        for (let i = 0; i < LOOKUP_TRIES; i++) {
          let fd: number;
          try {
            fd = fs.openSync(p, O_PATH | O_DIRECTORY | O_NOFOLLOW);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== "ENOTDIR" && code !== "ELOOP") throw e;
            const st = fs.lstatSync(p, { bigint: true });
            if (st.isDirectory()) continue; // swapped back meanwhile
            writeStat(out, st);
            return 0;
          }
          try { writeStat(out, fs.fstatSync(fd, { bigint: true })); } catch (e) { fs.closeSync(fd); throw e; }
          return give(fd);
        }
        return -EAGAIN;
      });
    },
    fs_fstat(h: number, out: number): number {
      return withFd(h, (fd) => { writeStat(out, fs.fstatSync(fd, { bigint: true })); });
    },
    fs_lstat(dir: number, ptr: number, len: number, out: number): number {
      return run(dir, ptr, len, (p) => { writeStat(out, fs.lstatSync(p, { bigint: true })); });
    },
    fs_readdir(dir: number, start: number, buf: number, size: number): number {
      return run(dir, 0, 0, (p) => {
        const names = fs.readdirSync(p, { encoding: "buffer" }).sort(byteOrder);
        let used = 0;
        const b = mem();
        for (let i = start; i < names.length; i++) {
          const name = names[i];
          if (used + HOSTFS_DIRENT.SIZEOF + name.length + 1 > size) break;
          let st: fs.BigIntStats;
          try { st = fs.lstatSync(join(p, name), { bigint: true }); } catch { continue; }
          const dv = new DataView(b.buffer, b.byteOffset + buf + used, HOSTFS_DIRENT.SIZEOF);
          dv.setBigUint64(HOSTFS_DIRENT.INO, st.ino, true);
          dv.setUint8(HOSTFS_DIRENT.TYPE, Number((st.mode & BigInt(S.IFMT)) >> 12n)); // DT_* is S_IFMT >> 12
          b.set(name, buf + used + HOSTFS_DIRENT.SIZEOF);
          b[buf + used + HOSTFS_DIRENT.SIZEOF + name.length] = 0;
          used += HOSTFS_DIRENT.SIZEOF + name.length + 1;
        }
        return used;
      }, true);
    },
    fs_open(dir: number, ptr: number, len: number, flags: number, mode: number): number {
      return run(dir, ptr, len, (p) => {
        // never blocking: a FIFO swapped in under a regular file's name must not stall us
        let f = (flags & HOSTFS_O.ACCMODE) | O_NOFOLLOW | O_NONBLOCK;
        if (flags & HOSTFS_O.CREAT) f |= O_CREAT;
        if (flags & HOSTFS_O.EXCL) f |= O_EXCL;
        if (flags & HOSTFS_O.TRUNC) f |= O_TRUNC;
        const fd = fs.openSync(p, f, mode);
        const st = fs.fstatSync(fd);
        if (!((flags & O_FIFO) ? st.isFIFO() : st.isFile())) { fs.closeSync(fd); return -ESTALE; }
        return give(fd);
      });
    },
    fs_close(h: number): number {
      return withFd(h, (fd) => { handles.delete(h); fs.closeSync(fd); });
    },
    fs_pread(h: number, buf: number, n: number, off: bigint): number {
      return withFd(h, (fd) => fs.readSync(fd, mem(), buf, n, off < 0n ? null : off));
    },
    fs_pwrite(h: number, buf: number, n: number, off: bigint): number {
      return withFd(h, (fd) => fs.writeSync(fd, mem(), buf, n, off < 0n ? null : Number(off)));
    },
    fs_ftruncate(h: number, len: bigint): number {
      return withFd(h, (fd) => { fs.ftruncateSync(fd, Number(len)); });
    },
    fs_fsync(h: number): number {
      return withFd(h, (fd) => { fs.fsyncSync(fd); });
    },
    fs_mkdir(dir: number, ptr: number, len: number, mode: number): number {
      return run(dir, ptr, len, (p) => { fs.mkdirSync(p, { mode }); });
    },
    fs_unlink(dir: number, ptr: number, len: number): number {
      return run(dir, ptr, len, (p) => { fs.unlinkSync(p); });
    },
    fs_rmdir(dir: number, ptr: number, len: number): number {
      return run(dir, ptr, len, (p) => { fs.rmdirSync(p); });
    },
    fs_symlink(tptr: number, tlen: number, dir: number, ptr: number, len: number): number {
      // the target is stored as bytes; the kernel resolves it in the guest
      const target = bytes(tptr, tlen);
      return run(dir, ptr, len, (p) => { fs.symlinkSync(target, p); });
    },
    fs_readlink(dir: number, ptr: number, len: number, buf: number, size: number): number {
      return run(dir, ptr, len, (p) => {
        const t = fs.readlinkSync(p, { encoding: "buffer" });
        mem().set(t.subarray(0, Math.min(t.length, size)), buf);
        return t.length;
      });
    },
    fs_link(odir: number, optr: number, olen: number, dir: number, ptr: number, len: number): number {
      const from = at(odir, optr, olen);
      if (typeof from === "number") return from;
      return run(dir, ptr, len, (p) => { fs.linkSync(from, p); }); // link(2) never follows from
    },
    fs_rename(odir: number, optr: number, olen: number, dir: number, ptr: number, len: number): number {
      const from = at(odir, optr, olen);
      if (typeof from === "number") return from;
      return run(dir, ptr, len, (p) => { fs.renameSync(from, p); });
    },
    fs_chmod(dir: number, ptr: number, len: number, mode: number): number {
      return run(dir, ptr, len, (p) => {
        if (len === 0) return void fs.chmodSync(p, mode);
        const fd = pin(p);
        if (fd < 0) return fd;
        try { fs.chmodSync(magic(fd), mode); } finally { fs.closeSync(fd); }
      }, true);
    },
    fs_utimes(dir: number, ptr: number, len: number, atime: bigint, mtime: bigint): number {
      const a = Number(atime) / 1e9, m = Number(mtime) / 1e9;
      return run(dir, ptr, len, (p) => {
        if (len === 0) fs.utimesSync(p, a, m);
        else fs.lutimesSync(p, a, m);
      }, true);
    },
    fs_truncate(dir: number, ptr: number, len: number, size: bigint): number {
      return run(dir, ptr, len, (p) => {
        const fd = fs.openSync(p, O_WRONLY | O_NOFOLLOW | O_NONBLOCK);
        try {
          if (!fs.fstatSync(fd).isFile()) return -EACCES;
          fs.ftruncateSync(fd, Number(size));
        } finally { fs.closeSync(fd); }
      });
    },
  };
}
