// Reads the limits of a module's imported memory from its binary (the JS API does not expose
// them), so the host can create a Memory the module accepts.

export interface MemoryLimits {
  initial: number; // pages
  maximum: number | undefined;
  shared: boolean;
}

function leb(bytes: Uint8Array, pos: { p: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos.p++];
    if (b === undefined) throw new Error("truncated module");
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return result;
    shift += 7;
  }
}

function name(bytes: Uint8Array, pos: { p: number }): string {
  const n = leb(bytes, pos);
  const s = new TextDecoder().decode(bytes.subarray(pos.p, pos.p + n));
  pos.p += n;
  return s;
}

function skipLimits(bytes: Uint8Array, pos: { p: number }): void {
  const flags = bytes[pos.p++];
  leb(bytes, pos);
  if (flags & 1) leb(bytes, pos);
}

/** The limits of the "env"."memory" import, or null when the module imports no memory. */
export function importedMemoryLimits(bytes: Uint8Array): MemoryLimits | null {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error("not a WebAssembly module");
  const pos = { p: 8 };
  while (pos.p < bytes.length) {
    const id = bytes[pos.p++];
    const size = leb(bytes, pos);
    const end = pos.p + size;
    if (id !== 2) {
      pos.p = end;
      continue;
    }
    const count = leb(bytes, pos);
    for (let i = 0; i < count; i++) {
      name(bytes, pos);
      name(bytes, pos);
      const kind = bytes[pos.p++];
      if (kind === 0) leb(bytes, pos);
      else if (kind === 1) { pos.p++; skipLimits(bytes, pos); }
      else if (kind === 3) pos.p += 2;
      else if (kind === 4) { pos.p++; leb(bytes, pos); }
      else if (kind === 2) {
        const flags = bytes[pos.p++];
        const initial = leb(bytes, pos);
        const maximum = flags & 1 ? leb(bytes, pos) : undefined;
        return { initial, maximum, shared: (flags & 2) !== 0 };
      } else throw new Error(`unknown import kind ${kind}`);
    }
    return null;
  }
  return null;
}
