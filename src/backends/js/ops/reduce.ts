import { axesList } from '../../../backend/backend.js';
import { ArgumentError, NotSupportedError } from '../../../errors.js';
import type { Axes } from '../../../types.js';
import { allocate, type JsDType, NdArray, type NumericArray } from '../ndarray.js';
import { asArray, axisOf } from './validate.js';
import { newF64 } from '../pool.js';

/*
 * Reductions, cumulative sums and sorting of the js backend.
 *
 * Reductions (sum, prod, max, min, all, any, mean) walk the input in memory order, whatever its strides:
 * its axes are sorted by stride, neighbours that step like one longer axis are merged, and the innermost
 * (smallest-stride) run is either reduced into one number (a tight block loop: pairwise for sums) or, when
 * that axis is kept, added element by element into a row of float64 accumulators (so reducing a leading
 * axis never transposes or copies). Every accumulator is float64 whatever the dtype.
 *
 * argmax/argmin, cumsum and sort work along one axis of the packed values seen as `(before, n, after)`:
 * with `after === 1` each lane is contiguous; otherwise whole rows of `after` values are processed at once.
 */

// Reduction operators, as small integers so the dispatch happens once per block or row, not per element.
const SUM = 0;
const PROD = 1;
const MAX = 2;
const MIN = 3;
const ALL = 4;
const ANY = 5;
type Op = typeof SUM | typeof PROD | typeof MAX | typeof MIN | typeof ALL | typeof ANY;

/** Identity of each operator (max/min have none for empty input: callers reject empty reductions first). */
const IDENTITY = [0, 1, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 1, 0] as const;

function numeric(fn: string, x: NdArray): void {
  if (x.dtype === 'int64') {
    throw new NotSupportedError(
      `${fn}: the js backend stores int64 for interchange only; convert with astype(x, 'float64') first`,
    );
  }
}

/** The dtype of a sum, product or cumulative sum: floats keep theirs, integers and bools give int32. */
function sumDType(dtype: JsDType): JsDType {
  return dtype === 'float64' || dtype === 'float32' ? dtype : 'int32';
}

/** One axis of the reduction loop nest. */
interface Loop {
  len: number;
  /** Step in the input buffer. */
  inStride: number;
  /** Step in the output (0 along reduced axes). */
  outStride: number;
  reduced: boolean;
}

/** What a reduction of `x` over `axis` produces: the reduced axes, the output shape and sizes. */
interface Reduction {
  axes: number[];
  outShape: number[];
  outSize: number;
  /** Number of elements folded into each output. */
  count: number;
}

function reductionOf(fn: string, x: NdArray, axis: Axes, keepdims: boolean): Reduction {
  numeric(fn, x);
  const axes = axesList(fn, axis, x.ndim);
  const outShape: number[] = [];
  let outSize = 1;
  let count = 1;
  for (let a = 0; a < x.ndim; a++) {
    const d = x.shape[a]!;
    if (axes.includes(a)) {
      count *= d;
      if (keepdims) outShape.push(1);
    } else {
      outSize *= d;
      outShape.push(d);
    }
  }
  return { axes, outShape, outSize, count };
}

/**
 * Folds every element of `x` into `acc` (one float64 accumulator per output element, row-major over the
 * kept axes, pre-filled with the operator's identity), visiting `x` in memory order.
 */
function reduceInto(op: Op, x: NdArray, axes: readonly number[], acc: Float64Array): void {
  if (x.size === 0) return;
  const nd = x.ndim;
  // Row-major output strides over the kept axes.
  const outStrides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let a = nd - 1; a >= 0; a--) {
    if (!axes.includes(a)) {
      outStrides[a] = s;
      s *= x.shape[a]!;
    }
  }
  let loops: Loop[] = [];
  for (let a = 0; a < nd; a++) {
    const len = x.shape[a]!;
    if (len === 1) continue;
    loops.push({ len, inStride: x.strides[a]!, outStride: outStrides[a]!, reduced: axes.includes(a) });
  }
  // Memory order: largest input stride outermost (stable, so ties keep the logical order).
  loops.sort((p, q) => Math.abs(q.inStride) - Math.abs(p.inStride));
  const merged: Loop[] = [];
  for (const l of loops) {
    const prev = merged[merged.length - 1];
    if (
      prev !== undefined &&
      prev.reduced === l.reduced &&
      prev.inStride === l.len * l.inStride &&
      prev.outStride === l.len * l.outStride
    ) {
      prev.len *= l.len;
      prev.inStride = l.inStride;
      prev.outStride = l.outStride;
    } else merged.push({ ...l });
  }
  loops = merged;
  if (loops.length === 0) loops.push({ len: 1, inStride: 0, outStride: 0, reduced: true });
  const inner = loops.pop()!;
  // A kept innermost axis under a reduced one: fold whole panels of rows at once (several rows per pass).
  const panel = !inner.reduced && loops.length > 0 && loops[loops.length - 1]!.reduced ? loops.pop()! : null;
  const data = x.data as NumericArray;
  const depth = loops.length;
  const idx = new Array<number>(depth).fill(0);
  let count = 1;
  for (const l of loops) count *= l.len;
  let inPos = x.offset;
  let outPos = 0;
  for (let c = 0; c < count; c++) {
    if (inner.reduced) {
      const v = blockReduce(op, data, inPos, inner.len, inner.inStride);
      acc[outPos] = combine(op, acc[outPos]!, v);
    } else if (panel !== null) {
      panelCombine(
        op,
        acc,
        outPos,
        inner.outStride,
        data,
        inPos,
        panel.inStride,
        panel.len,
        inner.inStride,
        inner.len,
      );
    } else {
      rowCombine(op, acc, outPos, inner.outStride, data, inPos, inner.inStride, inner.len);
    }
    for (let d = depth - 1; d >= 0; d--) {
      const l = loops[d]!;
      inPos += l.inStride;
      outPos += l.outStride;
      if (++idx[d]! < l.len) break;
      inPos -= l.inStride * l.len;
      outPos -= l.outStride * l.len;
      idx[d] = 0;
    }
  }
}

/** `a op b` for one pair of partial results; NaN propagates through max and min. */
function combine(op: Op, a: number, b: number): number {
  switch (op) {
    case SUM:
      return a + b;
    case PROD:
      return a * b;
    case MAX:
      return Math.max(a, b);
    case MIN:
      return Math.min(a, b);
    case ALL:
      return a !== 0 && b !== 0 ? 1 : 0;
    default:
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}

/** Folds `n` values of `v` from `start`, `stride` apart, into one number. */
function blockReduce(op: Op, v: NumericArray, start: number, n: number, stride: number): number {
  switch (op) {
    case SUM:
      return stride === 1 ? pairwiseSum(v, start, n) : stridedSum(v, start, n, stride);
    case PROD: {
      let p = 1;
      for (let i = 0, q = start; i < n; i++, q += stride) p *= v[q]!;
      return p;
    }
    case MAX: {
      // Math.max propagates NaN, and V8 compiles it to one instruction pair: faster than a branch.
      let best = Number.NEGATIVE_INFINITY;
      for (let i = 0, q = start; i < n; i++, q += stride) best = Math.max(best, v[q]!);
      return best;
    }
    case MIN: {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0, q = start; i < n; i++, q += stride) best = Math.min(best, v[q]!);
      return best;
    }
    case ALL:
      for (let i = 0, q = start; i < n; i++, q += stride) if (v[q] === 0) return 0;
      return 1;
    default:
      for (let i = 0, q = start; i < n; i++, q += stride) if (v[q] !== 0) return 1;
      return 0;
  }
}

/**
 * Pairwise summation of a contiguous block, as NumPy does: halves above 2048 values, eight running sums
 * below, so the rounding error grows like log(n) rather than n.
 */
function pairwiseSum(v: NumericArray, start: number, n: number): number {
  if (n > 2048) {
    const half = (n >> 1) & ~7;
    return pairwiseSum(v, start, half) + pairwiseSum(v, start + half, n - half);
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  const end8 = start + (n & ~7);
  let i = start;
  for (; i < end8; i += 8) {
    s0 += v[i]!;
    s1 += v[i + 1]!;
    s2 += v[i + 2]!;
    s3 += v[i + 3]!;
    s4 += v[i + 4]!;
    s5 += v[i + 5]!;
    s6 += v[i + 6]!;
    s7 += v[i + 7]!;
  }
  for (; i < start + n; i++) s0 += v[i]!;
  return s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
}

/** Pairwise summation of a strided block. */
function stridedSum(v: NumericArray, start: number, n: number, stride: number): number {
  if (n > 1024) {
    const half = n >> 1;
    return stridedSum(v, start, half, stride) + stridedSum(v, start + half * stride, n - half, stride);
  }
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  let q = start;
  for (; i + 1 < n; i += 2, q += 2 * stride) {
    s0 += v[q]!;
    s1 += v[q + stride]!;
  }
  if (i < n) s0 += v[q]!;
  return s0 + s1;
}

/**
 * Folds `rows` rows (`rs` apart in `v`, each of `n` values `is` apart) into one row of accumulators:
 * sums, maxima and minima of contiguous rows take four rows per pass, which quarters the accumulator traffic.
 */
function panelCombine(
  op: Op,
  acc: Float64Array,
  o: number,
  os: number,
  v: NumericArray,
  p: number,
  rs: number,
  rows: number,
  is: number,
  n: number,
): void {
  let r = 0;
  if (op === SUM && os === 1 && is === 1) {
    for (; r + 3 < rows; r += 4) {
      const p0 = p + r * rs;
      const p1 = p0 + rs;
      const p2 = p1 + rs;
      const p3 = p2 + rs;
      for (let j = 0; j < n; j++) acc[o + j]! += v[p0 + j]! + v[p1 + j]! + (v[p2 + j]! + v[p3 + j]!);
    }
  } else if (op === MAX && os === 1 && is === 1) {
    for (; r + 3 < rows; r += 4) {
      const p0 = p + r * rs;
      const p1 = p0 + rs;
      const p2 = p1 + rs;
      const p3 = p2 + rs;
      for (let j = 0; j < n; j++) {
        acc[o + j] = Math.max(acc[o + j]!, v[p0 + j]!, v[p1 + j]!, v[p2 + j]!, v[p3 + j]!);
      }
    }
  } else if (op === MIN && os === 1 && is === 1) {
    for (; r + 3 < rows; r += 4) {
      const p0 = p + r * rs;
      const p1 = p0 + rs;
      const p2 = p1 + rs;
      const p3 = p2 + rs;
      for (let j = 0; j < n; j++) {
        acc[o + j] = Math.min(acc[o + j]!, v[p0 + j]!, v[p1 + j]!, v[p2 + j]!, v[p3 + j]!);
      }
    }
  }
  for (; r < rows; r++) rowCombine(op, acc, o, os, v, p + r * rs, is, n);
}

/** `acc[o + j·os] = acc[o + j·os] op v[p + j·is]` for `j < n`: one kept row folded in. */
function rowCombine(
  op: Op,
  acc: Float64Array,
  o: number,
  os: number,
  v: NumericArray,
  p: number,
  is: number,
  n: number,
): void {
  if (os === 1 && is === 1) {
    // The hot case (reductions over leading axes of contiguous data): separate tight loops.
    switch (op) {
      case SUM:
        for (let j = 0; j < n; j++) acc[o + j]! += v[p + j]!;
        return;
      case PROD:
        for (let j = 0; j < n; j++) acc[o + j]! *= v[p + j]!;
        return;
      case MAX:
        for (let j = 0; j < n; j++) acc[o + j] = Math.max(acc[o + j]!, v[p + j]!);
        return;
      case MIN:
        for (let j = 0; j < n; j++) acc[o + j] = Math.min(acc[o + j]!, v[p + j]!);
        return;
    }
  }
  for (let j = 0; j < n; j++, o += os, p += is) acc[o] = combine(op, acc[o]!, v[p]!);
}

/** Runs `op` over `axis` and stores the result in a new array of `dtype`. */
function reduction(fn: string, op: Op, xIn: NdArray, axis: Axes, keepdims: boolean, dtype: JsDType): NdArray {
  const x = asArray(fn, 'x', xIn);
  const r = reductionOf(fn, x, axis, keepdims);
  if ((op === MAX || op === MIN) && r.count === 0) {
    throw new ArgumentError(
      fn,
      'x',
      'a non-empty reduction (zero-size array to reduction operation, which has no identity)',
      x,
    );
  }
  const acc = newF64(r.outSize).fill(IDENTITY[op]);
  reduceInto(op, x, r.axes, acc);
  return new NdArray(dtype === 'float64' ? acc : convert(acc, dtype), r.outShape, dtype);
}

/** `acc` in the storage of `dtype` (float32 rounds, int32 wraps modulo 2³²). */
function convert(acc: Float64Array, dtype: JsDType): NumericArray {
  const out = allocate(dtype, acc.length) as NumericArray;
  out.set(acc);
  return out;
}

/**
 * Sum over `axis` (all axes when absent), pairwise along the innermost axis, accumulated in float64.
 * Integer and bool inputs give int32 (NumPy gives int64), wrapping on overflow; float32 stays float32.
 */
export function sum(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('sum', SUM, x, axis, keepdims, sumDType(asArray('sum', 'x', x).dtype));
}

/** Product over `axis` (all axes when absent); 1 for an empty product; integer dtypes as for {@link sum}. */
export function prod(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('prod', PROD, x, axis, keepdims, sumDType(asArray('prod', 'x', x).dtype));
}

/** Maximum over `axis`, in `x`'s dtype; NaN propagates; an empty reduction throws (NumPy's ValueError). */
export function max(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('max', MAX, x, axis, keepdims, asArray('max', 'x', x).dtype);
}

/** Minimum over `axis`, in `x`'s dtype; NaN propagates; an empty reduction throws (NumPy's ValueError). */
export function min(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('min', MIN, x, axis, keepdims, asArray('min', 'x', x).dtype);
}

/** Whether every element over `axis` is non-zero (NaN counts as non-zero; true when empty), as bool. */
export function all(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('all', ALL, x, axis, keepdims, 'bool');
}

/** Whether any element over `axis` is non-zero (false when empty), as bool. */
export function any(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return reduction('any', ANY, x, axis, keepdims, 'bool');
}

/** Mean over `axis`: float64 for integer and bool input, float32 stays float32. Empty means are NaN. */
export function mean(xIn: NdArray, axis?: Axes, keepdims = false): NdArray {
  const x = asArray('mean', 'x', xIn);
  const r = reductionOf('mean', x, axis, keepdims);
  const acc = newF64(r.outSize);
  reduceInto(SUM, x, r.axes, acc);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / r.count;
  const dtype: JsDType = x.dtype === 'float32' ? 'float32' : 'float64';
  return new NdArray(dtype === 'float64' ? acc : convert(acc, dtype), r.outShape, dtype);
}

/** `x`'s packed values seen as `(before, n, after)` around `axis`. */
interface AxisView {
  values: NumericArray;
  before: number;
  n: number;
  after: number;
}

function aroundAxis(x: NdArray, ax: number): AxisView {
  let before = 1;
  for (let a = 0; a < ax; a++) before *= x.shape[a]!;
  let after = 1;
  for (let a = ax + 1; a < x.ndim; a++) after *= x.shape[a]!;
  return { values: x.values() as NumericArray, before, n: x.shape[ax]!, after };
}

/** The axis argument of an along-one-axis op, or `null` for "flattened". */
function laneAxis(fn: string, x: NdArray, axis: number | null | undefined): number | null {
  return axis === null || axis === undefined ? null : axisOf(fn, 'axis', axis, x.ndim);
}

function argExtreme(fn: 'argmax' | 'argmin', xIn: NdArray, axis: number | null | undefined): NdArray {
  const x = asArray(fn, 'x', xIn);
  numeric(fn, x);
  const ax = laneAxis(fn, x, axis);
  const isMax = fn === 'argmax';
  const { values, before, n, after } =
    ax === null ? { values: x.values() as NumericArray, before: 1, n: x.size, after: 1 } : aroundAxis(x, ax);
  if (n === 0)
    throw new ArgumentError(fn, 'x', `a non-empty axis (attempt to get ${fn} of an empty sequence)`, x);
  const out = new Int32Array(before * after);
  if (after === 1) {
    for (let b = 0; b < before; b++)
      out[b] = isMax ? laneArgmax(values, b * n, n) : laneArgmin(values, b * n, n);
  } else {
    // Whole rows at once, so the inner loop reads memory in order.
    const best = newF64(after);
    for (let b = 0; b < before; b++) {
      const base = b * n * after;
      const at = out.subarray(b * after, (b + 1) * after);
      for (let j = 0; j < after; j++) best[j] = values[base + j]!;
      for (let i = 1; i < n; i++) {
        const row = base + i * after;
        for (let j = 0; j < after; j++) {
          const v = values[row + j]!;
          const cur = best[j]!;
          // The first NaN wins and is never replaced.
          if ((isMax ? v > cur : v < cur) || (Number.isNaN(v) && !Number.isNaN(cur))) {
            best[j] = v;
            at[j] = i;
          }
        }
      }
    }
  }
  return new NdArray(out, ax === null ? [] : x.shape.filter((_, a) => a !== ax), 'int32');
}

function laneArgmax(v: NumericArray, start: number, n: number): number {
  let best = v[start]!;
  if (Number.isNaN(best)) return 0;
  let at = 0;
  for (let i = 1; i < n; i++) {
    const x = v[start + i]!;
    if (x > best) {
      best = x;
      at = i;
    } else if (Number.isNaN(x)) return i;
  }
  return at;
}

function laneArgmin(v: NumericArray, start: number, n: number): number {
  let best = v[start]!;
  if (Number.isNaN(best)) return 0;
  let at = 0;
  for (let i = 1; i < n; i++) {
    const x = v[start + i]!;
    if (x < best) {
      best = x;
      at = i;
    } else if (Number.isNaN(x)) return i;
  }
  return at;
}

/** Index of the first maximum along `axis` (of the flattened tensor when absent), int32; the first NaN wins. */
export function argmax(x: NdArray, axis?: number | null): NdArray {
  return argExtreme('argmax', x, axis);
}

/** Index of the first minimum along `axis` (of the flattened tensor when absent), int32; the first NaN wins. */
export function argmin(x: NdArray, axis?: number | null): NdArray {
  return argExtreme('argmin', x, axis);
}

/**
 * Cumulative sum along `axis` (of the flattened tensor when absent). Running sums are float64 and each
 * stored value is rounded to the result dtype (float32 stays float32; integers and bools give int32).
 */
export function cumsum(xIn: NdArray, axis?: number | null): NdArray {
  const x = asArray('cumsum', 'x', xIn);
  numeric('cumsum', x);
  const ax = laneAxis('cumsum', x, axis);
  const dtype = sumDType(x.dtype);
  const { values, before, n, after } =
    ax === null ? { values: x.values() as NumericArray, before: 1, n: x.size, after: 1 } : aroundAxis(x, ax);
  const out = allocate(dtype, x.size) as NumericArray;
  if (after === 1) {
    for (let b = 0; b < before; b++) {
      let acc = 0;
      const base = b * n;
      for (let i = 0; i < n; i++) {
        acc += values[base + i]!;
        out[base + i] = acc;
      }
    }
  } else {
    const acc = newF64(after);
    for (let b = 0; b < before; b++) {
      acc.fill(0);
      for (let i = 0; i < n; i++) {
        const row = (b * n + i) * after;
        for (let j = 0; j < after; j++) {
          acc[j]! += values[row + j]!;
          out[row + j] = acc[j]!;
        }
      }
    }
  }
  return new NdArray(out, ax === null ? [x.size] : x.shape, dtype);
}

// ------------------------------------------------------------------------------------------ sorting

/** Length of the insertion-sorted runs that merge sort starts from. */
const INSERTION_MAX = 16;
/**
 * Up to this many keys a lane is merge-sorted; above, radix-sorted. Radix passes cost 256 buckets each
 * whatever the lane length, which merging beats on short lanes (measured crossover near 200 in V8).
 */
const MERGE_MAX = 192;

/** Whether the platform stores the low 32 bits of a float64 first (every current JS engine does). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Reusable scratch space for sorting lanes of `n` keys, allocated once per op call, not per lane. NaNs are
 * set apart first; the other keys (as float64) get a stable order from a merge sort on short lanes, and on
 * long ones from an LSD radix sort on their bit patterns (8 passes of one byte, skipping bytes all keys share).
 */
class LaneSorter {
  private readonly keys: Float64Array;
  private readonly keys2: Float64Array;
  private readonly bits: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  private readonly lo2: Uint32Array;
  private readonly hi2: Uint32Array;
  private readonly idx2: Int32Array;
  private readonly nans: Int32Array;
  private readonly counts = new Int32Array(8 * 256);
  /** The order found by the last {@link LaneSorter.sort}: positions in the lane, sorted. */
  readonly order: Int32Array;

  constructor(n: number) {
    this.keys = new Float64Array(n);
    this.keys2 = new Float64Array(n);
    this.bits = new Uint32Array(this.keys.buffer);
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.lo2 = new Uint32Array(n);
    this.hi2 = new Uint32Array(n);
    this.idx2 = new Int32Array(n);
    this.nans = new Int32Array(n);
    this.order = new Int32Array(n);
  }

  /**
   * Fills {@link LaneSorter.order} with the stable order of the `n` values `v[start + i·stride]`:
   * ascending with NaNs last, or descending with NaNs first (NaN counts as the largest value, as in
   * NumPy's sort order). Ties (including -0 and +0) keep their original order.
   */
  sort(v: NumericArray, start: number, stride: number, n: number, descending: boolean): void {
    const { keys, order, nans } = this;
    let m = 0;
    let nanCount = 0;
    for (let i = 0, p = start; i < n; i++, p += stride) {
      const x = v[p]!;
      if (Number.isNaN(x)) nans[nanCount++] = i;
      else {
        keys[m] = x + 0; // -0 becomes +0, so that it ties with +0 as in NumPy
        order[m++] = i;
      }
    }
    if (m <= MERGE_MAX) {
      // Negated keys sort ascending into a stable descending order (-0 and +0 still tie).
      if (descending) for (let i = 0; i < m; i++) keys[i] = -keys[i]!;
      this.merge(m);
    } else this.radix(m, descending);
    if (nanCount > 0) {
      if (descending) {
        order.copyWithin(nanCount, 0, m);
        order.set(nans.subarray(0, nanCount), 0);
      } else order.set(nans.subarray(0, nanCount), m);
    }
  }

  /**
   * Stable ascending sort of `order[0..m)` by `keys`: insertion-sorted runs of {@link INSERTION_MAX},
   * then bottom-up merges between the two buffers.
   */
  private merge(m: number): void {
    let ka = this.keys;
    let ia = this.order;
    let kb = this.keys2;
    let ib = this.idx2;
    for (let lo = 0; lo < m; lo += INSERTION_MAX) {
      const hi = Math.min(lo + INSERTION_MAX, m);
      for (let i = lo + 1; i < hi; i++) {
        const k = ka[i]!;
        const o = ia[i]!;
        let j = i - 1;
        while (j >= lo && ka[j]! > k) {
          ka[j + 1] = ka[j]!;
          ia[j + 1] = ia[j]!;
          j--;
        }
        ka[j + 1] = k;
        ia[j + 1] = o;
      }
    }
    for (let width = INSERTION_MAX; width < m; width *= 2) {
      for (let lo = 0; lo < m; lo += 2 * width) {
        const mid = Math.min(lo + width, m);
        const hi = Math.min(lo + 2 * width, m);
        let i = lo;
        let j = mid;
        let k = lo;
        // Take from the right run only when strictly smaller: that is what keeps ties in order.
        while (i < mid && j < hi) {
          const x = ka[i]!;
          const y = ka[j]!;
          if (y < x) {
            kb[k] = y;
            ib[k++] = ia[j++]!;
          } else {
            kb[k] = x;
            ib[k++] = ia[i++]!;
          }
        }
        while (i < mid) {
          kb[k] = ka[i]!;
          ib[k++] = ia[i++]!;
        }
        while (j < hi) {
          kb[k] = ka[j]!;
          ib[k++] = ia[j++]!;
        }
      }
      [ka, kb] = [kb, ka];
      [ia, ib] = [ib, ia];
    }
    if (ia !== this.order) this.order.set(ia.subarray(0, m));
  }

  /** Stable LSD radix sort of `order[0..m)` by `keys` (NaN-free). */
  private radix(m: number, descending: boolean): void {
    const { bits, counts } = this;
    let lo = this.lo;
    let hi = this.hi;
    let idx = this.order;
    let lo2 = this.lo2;
    let hi2 = this.hi2;
    let idx2 = this.idx2;
    const l = LITTLE_ENDIAN ? 0 : 1;
    const h = 1 - l;
    // Map each float to an unsigned 64-bit pattern in the same order: negatives have every bit flipped,
    // positives only the sign bit. Descending order complements the pattern.
    const flip = descending ? 0xffffffff : 0;
    counts.fill(0);
    for (let i = 0; i < m; i++) {
      let a = bits[2 * i + l]!;
      let b = bits[2 * i + h]!;
      if (b & 0x80000000) {
        a = ~a;
        b = ~b;
      } else b |= 0x80000000;
      a = (a ^ flip) >>> 0;
      b = (b ^ flip) >>> 0;
      lo[i] = a;
      hi[i] = b;
      counts[a & 255]!++;
      counts[256 + ((a >>> 8) & 255)]!++;
      counts[512 + ((a >>> 16) & 255)]!++;
      counts[768 + (a >>> 24)]!++;
      counts[1024 + (b & 255)]!++;
      counts[1280 + ((b >>> 8) & 255)]!++;
      counts[1536 + ((b >>> 16) & 255)]!++;
      counts[1792 + (b >>> 24)]!++;
    }
    for (let pass = 0; pass < 8; pass++) {
      const base = pass * 256;
      const shift = (pass & 3) * 8;
      const useHi = pass >= 4;
      // A byte every key shares does not reorder anything.
      const first = ((useHi ? hi[0]! : lo[0]!) >>> shift) & 255;
      if (counts[base + first] === m) continue;
      let total = 0;
      for (let d = 0; d < 256; d++) {
        const c = counts[base + d]!;
        counts[base + d] = total;
        total += c;
      }
      const digits = useHi ? hi : lo;
      for (let i = 0; i < m; i++) {
        const d = base + ((digits[i]! >>> shift) & 255);
        const to = counts[d]!;
        counts[d] = to + 1;
        lo2[to] = lo[i]!;
        hi2[to] = hi[i]!;
        idx2[to] = idx[i]!;
      }
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
      [idx, idx2] = [idx2, idx];
    }
    if (idx !== this.order) this.order.set(idx.subarray(0, m));
  }
}

/**
 * Sorts every lane of `x` along `axis` (flattened when `null`) and writes, per lane, either the sorted
 * values (`indices` false, result in `x`'s dtype) or the sorting positions (int32).
 */
function sortLanes(
  fn: string,
  xIn: NdArray,
  axis: number | null | undefined,
  descending: boolean,
  indices: boolean,
): NdArray {
  const x = asArray(fn, 'x', xIn);
  numeric(fn, x);
  if (typeof descending !== 'boolean') throw new ArgumentError(fn, 'descending', 'a boolean', descending);
  const ax = laneAxis(fn, x, axis);
  const { values, before, n, after } =
    ax === null ? { values: x.values() as NumericArray, before: 1, n: x.size, after: 1 } : aroundAxis(x, ax);
  const dtype: JsDType = indices ? 'int32' : x.dtype;
  const out = allocate(dtype, x.size) as NumericArray;
  const sorter = new LaneSorter(n);
  const order = sorter.order;
  for (let b = 0; b < before; b++) {
    for (let j = 0; j < after; j++) {
      const start = b * n * after + j;
      sorter.sort(values, start, after, n, descending);
      if (indices) for (let i = 0, p = start; i < n; i++, p += after) out[p] = order[i]!;
      else for (let i = 0, p = start; i < n; i++, p += after) out[p] = values[start + order[i]! * after]!;
    }
  }
  return new NdArray(out, ax === null ? [x.size] : x.shape, dtype);
}

/**
 * Sorted copy along `axis` (default last, `null` flattens). Ascending puts NaN last (NumPy); `descending`
 * gives the reverse order, NaN first (NaN ranks as the largest value).
 */
export function sort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
  return sortLanes('sort', x, axis, descending, false);
}

/**
 * Indices that sort along `axis` (default last, `null` flattens), int32, stable (equal values keep their
 * order, in both directions); NaN last ascending, first descending, as in {@link sort}.
 */
export function argsort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
  return sortLanes('argsort', x, axis, descending, true);
}
