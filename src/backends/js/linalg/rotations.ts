/**
 * Plane rotations of matrix rows, applied now or recorded and applied later in column blocks.
 *
 * The QR iterations of the SVD (bidiagonal) and of `eigh` (tridiagonal) make O(n²) rotations,
 * each of which updates two rows of the accumulated orthogonal factor: O(n³) work, the largest
 * part of both decompositions for n in the hundreds. Applied sweep by sweep as the iteration
 * makes them, every sweep streams the factor through memory (2 MB for n = 500, beyond the L2
 * cache). The sweeps themselves need only the bidiagonal or tridiagonal entries, so the
 * iteration can instead record its rotations in a {@link RotationLog} and apply them afterwards
 * to one block of columns at a time: a block stays in cache for the whole log, and the blocks
 * are independent, so a second thread can take some of them (`rotateParallel` in ./gemm.ts).
 * Each entry of the factor still receives the same rotations in the same order, so the result
 * is the same to the last bit as applying them at once.
 *
 * @module
 */

/**
 * Rotates row pairs `(b, b+1)` of the row-major `x`, over the columns `[col, col + width)`, for
 * `lo ≤ b < hi`: `row_b ← c_b·row_b + s_b·row_{b+1}`, `row_{b+1} ← c_b·row_{b+1} - s_b·row_b`, in
 * ascending order of `b`, or descending when `descending` is set. `c_b` is `c[cOff + b]` and
 * `s_b` is `s[sOff + b]`.
 *
 * Consecutive rotations share a row, so four of them are applied in one pass over five rows
 * (a wavefront): each entry is loaded and stored once per four rotations instead of twice per one.
 *
 * @param x - row-major matrix, updated in place.
 * @param ld - row stride of `x`.
 * @param col - first column updated.
 * @param width - number of columns updated.
 * @param lo - first pair index.
 * @param hi - end pair index (exclusive).
 * @param c - cosines.
 * @param cOff - offset of pair 0's cosine in `c`.
 * @param s - sines.
 * @param sOff - offset of pair 0's sine in `s`.
 * @param descending - apply the pairs from `hi - 1` down to `lo`.
 * @internal
 */
export function rotateRowPairs(
  x: Float64Array,
  ld: number,
  col: number,
  width: number,
  lo: number,
  hi: number,
  c: Float64Array,
  cOff: number,
  s: Float64Array,
  sOff: number,
  descending: boolean,
): void {
  if (!descending) {
    let b = lo;
    for (; b + 3 < hi; b += 4) {
      const c0 = c[cOff + b]!;
      const s0 = s[sOff + b]!;
      const c1 = c[cOff + b + 1]!;
      const s1 = s[sOff + b + 1]!;
      const c2 = c[cOff + b + 2]!;
      const s2 = s[sOff + b + 2]!;
      const c3 = c[cOff + b + 3]!;
      const s3 = s[sOff + b + 3]!;
      const o0 = b * ld + col;
      const o1 = o0 + ld;
      const o2 = o1 + ld;
      const o3 = o2 + ld;
      const o4 = o3 + ld;
      for (let j = 0; j < width; j++) {
        const p0 = x[o0 + j]!;
        const p1 = x[o1 + j]!;
        const p2 = x[o2 + j]!;
        const p3 = x[o3 + j]!;
        const p4 = x[o4 + j]!;
        x[o0 + j] = c0 * p0 + s0 * p1;
        const q1 = c0 * p1 - s0 * p0;
        x[o1 + j] = c1 * q1 + s1 * p2;
        const q2 = c1 * p2 - s1 * q1;
        x[o2 + j] = c2 * q2 + s2 * p3;
        const q3 = c2 * p3 - s2 * q2;
        x[o3 + j] = c3 * q3 + s3 * p4;
        x[o4 + j] = c3 * p4 - s3 * q3;
      }
    }
    if (b + 1 < hi) {
      // Two more as one pass over three rows (short sweeps of small matrices end here often).
      const c0 = c[cOff + b]!;
      const s0 = s[sOff + b]!;
      const c1 = c[cOff + b + 1]!;
      const s1 = s[sOff + b + 1]!;
      const o0 = b * ld + col;
      const o1 = o0 + ld;
      const o2 = o1 + ld;
      for (let j = 0; j < width; j++) {
        const p0 = x[o0 + j]!;
        const p1 = x[o1 + j]!;
        const p2 = x[o2 + j]!;
        x[o0 + j] = c0 * p0 + s0 * p1;
        const q1 = c0 * p1 - s0 * p0;
        x[o1 + j] = c1 * q1 + s1 * p2;
        x[o2 + j] = c1 * p2 - s1 * q1;
      }
      b += 2;
    }
    for (; b < hi; b++) rotatePair(x, b * ld + col, ld, width, c[cOff + b]!, s[sOff + b]!);
  } else {
    let b = hi - 1;
    for (; b - 3 >= lo; b -= 4) {
      const c0 = c[cOff + b]!;
      const s0 = s[sOff + b]!;
      const c1 = c[cOff + b - 1]!;
      const s1 = s[sOff + b - 1]!;
      const c2 = c[cOff + b - 2]!;
      const s2 = s[sOff + b - 2]!;
      const c3 = c[cOff + b - 3]!;
      const s3 = s[sOff + b - 3]!;
      const o4 = (b + 1) * ld + col;
      const o3 = o4 - ld;
      const o2 = o3 - ld;
      const o1 = o2 - ld;
      const o0 = o1 - ld;
      for (let j = 0; j < width; j++) {
        const p0 = x[o0 + j]!;
        const p1 = x[o1 + j]!;
        const p2 = x[o2 + j]!;
        const p3 = x[o3 + j]!;
        const p4 = x[o4 + j]!;
        x[o4 + j] = c0 * p4 - s0 * p3;
        const q3 = c0 * p3 + s0 * p4;
        x[o3 + j] = c1 * q3 - s1 * p2;
        const q2 = c1 * p2 + s1 * q3;
        x[o2 + j] = c2 * q2 - s2 * p1;
        const q1 = c2 * p1 + s2 * q2;
        x[o1 + j] = c3 * q1 - s3 * p0;
        x[o0 + j] = c3 * p0 + s3 * q1;
      }
    }
    if (b - 1 >= lo) {
      const c0 = c[cOff + b]!;
      const s0 = s[sOff + b]!;
      const c1 = c[cOff + b - 1]!;
      const s1 = s[sOff + b - 1]!;
      const o2 = (b + 1) * ld + col;
      const o1 = o2 - ld;
      const o0 = o1 - ld;
      for (let j = 0; j < width; j++) {
        const p0 = x[o0 + j]!;
        const p1 = x[o1 + j]!;
        const p2 = x[o2 + j]!;
        x[o2 + j] = c0 * p2 - s0 * p1;
        const q1 = c0 * p1 + s0 * p2;
        x[o1 + j] = c1 * q1 - s1 * p0;
        x[o0 + j] = c1 * p0 + s1 * q1;
      }
      b -= 2;
    }
    for (; b >= lo; b--) rotatePair(x, b * ld + col, ld, width, c[cOff + b]!, s[sOff + b]!);
  }
}

function rotatePair(x: Float64Array, o1: number, ld: number, width: number, cb: number, sb: number): void {
  if (cb === 1 && sb === 0) return;
  const o2 = o1 + ld;
  for (let j = 0; j < width; j++) {
    const p = x[o1 + j]!;
    const q = x[o2 + j]!;
    x[o1 + j] = cb * p + sb * q;
    x[o2 + j] = cb * q - sb * p;
  }
}

/**
 * Factors with fewer entries than this get their rotations at once: they fit in cache, and a sweep's
 * rotations are too few to be worth a hand-off to another thread.
 */
const LOG_MIN_ENTRIES = 1 << 14;
/** Entries (doubles) of a log's buffer at which it is applied and emptied before growing further. */
const LOG_MAX = 1 << 21;
/** A column block holds about this many entries of the factor (256 KiB, within a core's L2 cache). */
const BLOCK_ENTRIES = 1 << 15;

/**
 * Applies `count` entries of a rotation log (the layout of {@link RotationLog}: per sweep `lo`, `hi`,
 * the direction, then `hi - lo` cosines and `hi - lo` sines) to the columns `[col, col + width)` of
 * the row-major `x` (row stride `ld`, `rows` rows), one cache-sized block of columns at a time.
 *
 * @internal
 */
export function applyRotationLog(
  x: Float64Array,
  rows: number,
  ld: number,
  col: number,
  width: number,
  log: Float64Array,
  logOff: number,
  count: number,
): void {
  const block = Math.max(8, Math.floor(BLOCK_ENTRIES / Math.max(rows, 1)) & ~3);
  for (let c0 = col; c0 < col + width; c0 += block) {
    const w = Math.min(block, col + width - c0);
    let p = logOff;
    const end = logOff + count;
    while (p < end) {
      // As int32: a double pair index would make every element index of the kernel a double.
      const lo = log[p]! | 0;
      const hi = log[p + 1]! | 0;
      const len = hi - lo;
      // Pair b's cosine is at p + 3 + (b - lo), its sine len further on.
      rotateRowPairs(x, ld, c0, w, lo, hi, log, p + 3 - lo, log, p + 3 + len - lo, log[p + 2]! !== 0);
      p += 3 + 2 * len;
    }
  }
}

/**
 * Runs a log on two threads: returns false (having done nothing) when that is not possible or not
 * worth it. Installed by ./gemm.ts, which owns the helper thread, so that this module stays free of it.
 */
type ParallelApply = (
  x: Float64Array,
  rows: number,
  ld: number,
  width: number,
  log: Float64Array,
  count: number,
) => boolean;
let parallelApply: ParallelApply | null = null;

/** @internal */
export function setParallelRotations(fn: ParallelApply | null): void {
  parallelApply = fn;
}

/**
 * Buffers of flushed logs, kept for the next ones: an SVD with vectors makes two logs of up to 16 MB, and
 * fresh memory costs page faults as it is first written.
 */
const spareLogs: Float64Array[] = [];

/**
 * The plane rotations of a QR iteration, recorded for the rows of one matrix (`x`, `rows` rows of
 * stride and length `ld`) and applied in column blocks by {@link RotationLog.flush}, which the
 * iteration calls once at the end (it also runs on its own when the log fills up).
 * @internal
 */
export class RotationLog {
  private buf: Float64Array;
  private count = 0;

  /**
   * @param x - the matrix whose rows are rotated.
   * @param rows - rows of `x` that rotations may reach.
   * @param ld - row stride and length of `x`.
   * @param limit - entries (doubles) at which the log is applied and emptied rather than grown.
   */
  constructor(
    private readonly x: Float64Array,
    private readonly rows: number,
    private readonly ld: number,
    private readonly limit = LOG_MAX,
  ) {
    const want = Math.min(limit, Math.max(1024, 4 * rows * rows));
    const i = spareLogs.findIndex((b) => b.length >= want && b.length <= 4 * want);
    this.buf = i >= 0 ? spareLogs.splice(i, 1)[0]! : new Float64Array(want);
  }

  /**
   * A log for the `rows` rows (stride and length `ld`) of `x`, or null when `x` is `null` or so small
   * that its rotations are best applied at once (pass the null on to {@link rotateRows}).
   */
  static for(x: Float64Array | null, rows: number, ld: number): RotationLog | null {
    return x !== null && rows * ld >= LOG_MIN_ENTRIES ? new RotationLog(x, rows, ld) : null;
  }

  /** Records the rotations of pairs `[lo, hi)`, cosine of pair b at `c[b]`, sine at `s[b]`. */
  add(lo: number, hi: number, c: Float64Array, s: Float64Array, descending: boolean): void {
    const len = hi - lo;
    if (len <= 0) return;
    const need = this.count + 3 + 2 * len;
    if (need > this.buf.length) {
      if (this.count > 0 && this.buf.length >= this.limit) this.flush();
      if (this.count + 3 + 2 * len > this.buf.length) {
        const grown = new Float64Array(Math.max(this.count + 3 + 2 * len, 2 * this.buf.length));
        grown.set(this.buf.subarray(0, this.count));
        this.buf = grown;
      }
    }
    const b = this.buf;
    let p = this.count;
    b[p] = lo;
    b[p + 1] = hi;
    b[p + 2] = descending ? 1 : 0;
    b.set(c.subarray(lo, hi), p + 3);
    b.set(s.subarray(lo, hi), p + 3 + len);
    p += 3 + 2 * len;
    this.count = p;
  }

  /** Applies and empties the log; returns the number of threads that applied it (0 when it was empty). */
  flush(): 0 | 1 | 2 {
    if (this.count === 0) return 0;
    const { x, rows, ld } = this;
    let threads: 1 | 2 = 2;
    if (parallelApply === null || !parallelApply(x, rows, ld, ld, this.buf, this.count)) {
      applyRotationLog(x, rows, ld, 0, ld, this.buf, 0, this.count);
      threads = 1;
    }
    this.count = 0;
    return threads;
  }

  /** Flushes the log and gives its buffer back for later logs; the log must not be used after. */
  close(): void {
    this.flush();
    if (this.buf.length > 0) {
      spareLogs.push(this.buf);
      if (spareLogs.length > 2) spareLogs.shift();
      this.buf = new Float64Array(0);
    }
  }
}

/**
 * Rotates row pairs `[lo, hi)` of `x` (row stride and length `ld`; cosine of pair b at `c[b]`, sine
 * at `s[b]`) now, or records them in `log` when there is one (see {@link RotationLog.for}).
 * @internal
 */
export function rotateRows(
  x: Float64Array,
  ld: number,
  log: RotationLog | null,
  lo: number,
  hi: number,
  c: Float64Array,
  s: Float64Array,
  descending: boolean,
): void {
  if (log !== null) log.add(lo, hi, c, s, descending);
  else rotateRowPairs(x, ld, 0, ld, lo, hi, c, 0, s, 0, descending);
}
