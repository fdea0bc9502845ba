// The page store behind the kernel's file pages (kernel/fpage.h, host.h's fpage_* imports):
// 4 KiB pages kept in 1 MiB slabs outside the kernel's memory. Pages are handed out from the
// lowest slab with room, so files pack together; a slab whose last page is freed is let go of
// once more than KEEP_EMPTY slabs are empty. The kernel decides whether a page may exist (its
// memory budget); this only keeps the bytes.
const PAGE = 4096;
const PER_SLAB = 256;
/** Empty slabs kept for reuse (8 MiB): a file rewritten in place does not churn slabs. */
const KEEP_EMPTY = 8;

interface Slab {
  bytes: Uint8Array;
  free: number[]; // page indexes within the slab
}

export class PageStore {
  private readonly slabs: (Slab | null)[] = [];
  /** No slab below this index has a free page. */
  private hint = 0;
  private empty = 0;

  /** A zeroed page's handle (>= 1), or 0 when no memory could be had. */
  alloc(): number {
    let s = this.hint;
    while (s < this.slabs.length && this.slabs[s] && this.slabs[s]!.free.length === 0) s++;
    this.hint = s;
    let slab = this.slabs[s];
    if (!slab) {
      try {
        slab = { bytes: new Uint8Array(PAGE * PER_SLAB), free: [] };
      } catch {
        return 0;
      }
      for (let i = PER_SLAB - 1; i >= 0; i--) slab.free.push(i);
      this.slabs[s] = slab;
    }
    if (slab.free.length === PER_SLAB) this.empty--;
    const i = slab.free.pop()!;
    slab.bytes.fill(0, i * PAGE, (i + 1) * PAGE);
    return s * PER_SLAB + i + 1;
  }

  free(pg: number): void {
    const s = Math.floor((pg - 1) / PER_SLAB);
    const slab = this.slabs[s];
    if (!slab) return;
    slab.free.push((pg - 1) % PER_SLAB);
    if (slab.free.length === PER_SLAB) {
      if (this.empty < KEEP_EMPTY) this.empty++;
      else this.slabs[s] = null;
    }
    if (s < this.hint) this.hint = s;
  }

  /** The bytes [off, off+len) of page pg. The kernel only names pages it holds. */
  bytes(pg: number, off: number, len: number): Uint8Array {
    const base = this.at(pg, off, len);
    return this.slabBytes.subarray(base, base + len);
  }

  /** The slab of the last at(): its bytes, where at() answered an offset. */
  slabBytes: Uint8Array = new Uint8Array(0);

  /** Offset of page pg's byte off in its slab, which becomes slabBytes (no allocation). */
  at(pg: number, off: number, len: number): number {
    const slab = this.slabs[Math.floor((pg - 1) / PER_SLAB)]; // not an offset
    if (!slab || off + len > PAGE) throw new Error(`file page ${pg}: bad access`);
    this.slabBytes = slab.bytes;
    return ((pg - 1) % PER_SLAB) * PAGE + off;
  }
}
