// The hostfs imports (kernel/hostfs.h): a host directory mounted in the guest, one synchronous
// `fs` call per operation. The kernel resolves every path component itself; this side only
// refuses what could leave the mounted directory: an absolute path, an empty, "." or ".."
// component, or any symlink on the way (earlier components must be real directories, the last
// is handled with lstat / O_NOFOLLOW). Errors come back as -errno.
import * as fs from "node:fs";
import * as path from "node:path";
import { E, HOSTFS_DIRENT, HOSTFS_O, HOSTFS_STAT, S } from "../abi.js";

/** What hostfs needs of the kernel host: its memory as bytes. */
export interface KernelMemoryAccess {
  kernelBytes(): Uint8Array;
}

const { EACCES, ENOTDIR, EBADF, EISDIR, ELOOP, EIO, EPERM } = E;

function errno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException)?.code;
  const n = code ? (E as Record<string, number>)[code] : undefined; // Linux numbers, whatever the host
  return -(n ?? EIO);
}

export function hostfsImports(host: KernelMemoryAccess): Record<string, Function> {
  const roots: string[] = [];
  const handles = new Map<number, number>(); // handle -> host fd
  let nextHandle = 1;
  const dec = new TextDecoder();
  const enc = new TextEncoder();

  const mem = () => host.kernelBytes();
  const str = (ptr: number, len: number) => dec.decode(mem().slice(ptr, ptr + len));

  /** The host path for (mnt, relative path), after every confinement check, or -errno. */
  function resolve(mnt: number, ptr: number, len: number): string | number {
    const root = roots[mnt];
    if (root === undefined) return -EBADF;
    const rel = str(ptr, len);
    if (rel === "") return root;
    if (rel.startsWith("/")) return -EACCES;
    const parts = rel.split("/");
    let p = root;
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i];
      if (c === "" || c === "." || c === ".." || c.includes("\0")) return -EACCES;
      p = path.join(p, c);
      if (i < parts.length - 1) {
        let st: fs.Stats;
        try { st = fs.lstatSync(p); } catch (e) { return errno(e); }
        if (!st.isDirectory()) return -ENOTDIR; // a symlink is never crossed
      }
    }
    return p;
  }

  function run(mnt: number, ptr: number, len: number, fn: (p: string) => number | void): number {
    const p = resolve(mnt, ptr, len);
    if (typeof p === "number") return p;
    try { return fn(p) ?? 0; } catch (e) { return errno(e); }
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

  return {
    /** Registers a host directory; the kernel calls it from kernel_mount_host. */
    fs_register(ptr: number, len: number): number {
      const dir = path.resolve(str(ptr, len));
      try {
        if (!fs.statSync(dir).isDirectory()) return -ENOTDIR;
      } catch (e) { return errno(e); }
      roots.push(fs.realpathSync(dir));
      return roots.length - 1;
    },
    fs_lstat(mnt: number, ptr: number, len: number, out: number): number {
      return run(mnt, ptr, len, (p) => { writeStat(out, fs.lstatSync(p, { bigint: true })); });
    },
    fs_readdir(mnt: number, ptr: number, len: number, start: number, buf: number, size: number): number {
      return run(mnt, ptr, len, (p) => {
        if (fs.lstatSync(p).isSymbolicLink()) return -ELOOP;
        const names = fs.readdirSync(p).sort();
        let used = 0;
        const b = mem();
        for (let i = start; i < names.length; i++) {
          const name = enc.encode(names[i]);
          if (used + HOSTFS_DIRENT.SIZEOF + name.length + 1 > size) break;
          let st: fs.BigIntStats;
          try { st = fs.lstatSync(path.join(p, names[i]), { bigint: true }); } catch { continue; }
          const dv = new DataView(b.buffer, b.byteOffset + buf + used, HOSTFS_DIRENT.SIZEOF);
          dv.setBigUint64(HOSTFS_DIRENT.INO, st.ino, true);
          dv.setUint8(HOSTFS_DIRENT.TYPE, Number((st.mode & BigInt(S.IFMT)) >> 12n)); // DT_* is S_IFMT >> 12
          b.set(name, buf + used + HOSTFS_DIRENT.SIZEOF);
          b[buf + used + HOSTFS_DIRENT.SIZEOF + name.length] = 0;
          used += HOSTFS_DIRENT.SIZEOF + name.length + 1;
        }
        return used;
      });
    },
    fs_open(mnt: number, ptr: number, len: number, flags: number, mode: number): number {
      return run(mnt, ptr, len, (p) => {
        let f = (flags & HOSTFS_O.ACCMODE) | fs.constants.O_NOFOLLOW;
        if (flags & HOSTFS_O.CREAT) f |= fs.constants.O_CREAT;
        if (flags & HOSTFS_O.EXCL) f |= fs.constants.O_EXCL;
        if (flags & HOSTFS_O.TRUNC) f |= fs.constants.O_TRUNC;
        const fd = fs.openSync(p, f, mode);
        if (!fs.fstatSync(fd).isFile()) { fs.closeSync(fd); return -EISDIR; }
        const h = nextHandle++;
        handles.set(h, fd);
        return h;
      });
    },
    fs_close(h: number): number {
      const fd = handles.get(h);
      if (fd === undefined) return -EBADF;
      handles.delete(h);
      try { fs.closeSync(fd); return 0; } catch (e) { return errno(e); }
    },
    fs_pread(h: number, buf: number, n: number, off: bigint): number {
      const fd = handles.get(h);
      if (fd === undefined) return -EBADF;
      try { return fs.readSync(fd, mem(), buf, n, off); } catch (e) { return errno(e); }
    },
    fs_pwrite(h: number, buf: number, n: number, off: bigint): number {
      const fd = handles.get(h);
      if (fd === undefined) return -EBADF;
      try { return fs.writeSync(fd, mem(), buf, n, Number(off)); } catch (e) { return errno(e); }
    },
    fs_ftruncate(h: number, len: bigint): number {
      const fd = handles.get(h);
      if (fd === undefined) return -EBADF;
      try { fs.ftruncateSync(fd, Number(len)); return 0; } catch (e) { return errno(e); }
    },
    fs_fsync(h: number): number {
      const fd = handles.get(h);
      if (fd === undefined) return -EBADF;
      try { fs.fsyncSync(fd); return 0; } catch (e) { return errno(e); }
    },
    fs_mkdir(mnt: number, ptr: number, len: number, mode: number): number {
      return run(mnt, ptr, len, (p) => { fs.mkdirSync(p, { mode }); });
    },
    fs_unlink(mnt: number, ptr: number, len: number): number {
      return run(mnt, ptr, len, (p) => { fs.unlinkSync(p); });
    },
    fs_rmdir(mnt: number, ptr: number, len: number): number {
      return run(mnt, ptr, len, (p) => {
        if (fs.lstatSync(p).isSymbolicLink()) return -ENOTDIR;
        fs.rmdirSync(p);
      });
    },
    fs_symlink(mnt: number, tptr: number, tlen: number, ptr: number, len: number): number {
      const target = str(tptr, tlen); // stored as text; the kernel resolves it in the guest
      return run(mnt, ptr, len, (p) => { fs.symlinkSync(target, p); });
    },
    fs_readlink(mnt: number, ptr: number, len: number, buf: number, size: number): number {
      return run(mnt, ptr, len, (p) => {
        const t = fs.readlinkSync(p, { encoding: "buffer" });
        mem().set(t.subarray(0, Math.min(t.length, size)), buf);
        return t.length;
      });
    },
    fs_link(mnt: number, optr: number, olen: number, ptr: number, len: number): number {
      const from = resolve(mnt, optr, olen);
      if (typeof from === "number") return from;
      return run(mnt, ptr, len, (p) => {
        if (fs.lstatSync(from).isSymbolicLink()) return -EPERM;
        fs.linkSync(from, p);
      });
    },
    fs_rename(mnt: number, optr: number, olen: number, ptr: number, len: number): number {
      const from = resolve(mnt, optr, olen);
      if (typeof from === "number") return from;
      return run(mnt, ptr, len, (p) => { fs.renameSync(from, p); });
    },
    fs_chmod(mnt: number, ptr: number, len: number, mode: number): number {
      return run(mnt, ptr, len, (p) => {
        if (fs.lstatSync(p).isSymbolicLink()) return -ELOOP;
        fs.chmodSync(p, mode);
      });
    },
    fs_utimes(mnt: number, ptr: number, len: number, atime: bigint, mtime: bigint): number {
      return run(mnt, ptr, len, (p) => { fs.lutimesSync(p, Number(atime) / 1e9, Number(mtime) / 1e9); });
    },
    fs_truncate(mnt: number, ptr: number, len: number, size: bigint): number {
      return run(mnt, ptr, len, (p) => {
        const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW);
        try { fs.ftruncateSync(fd, Number(size)); } finally { fs.closeSync(fd); }
      });
    },
  };
}
