import { axesList } from '../../../backend/backend.js';
import { ArgumentError, NotSupportedError } from '../../../errors.js';
import type { Axes } from '../../../types.js';
import { allocate, type JsDType, NdArray, type NumericArray } from '../ndarray.js';
import { asArray, axisOf } from './validate.js';

/**
 * Reductions of the js backend. Every reduction moves the reduced axes last (a view), packs the
 * values once when that view is not contiguous, then reduces `outer` contiguous blocks of `inner`
 * values each, so the innermost loop always reads memory in order.
 */

interface Plan {
  /** Packed values, reduced axes last. */
  values: NumericArray;
  /** Number of output elements. */
  outer: number;
  /** Number of elements reduced into each output. */
  inner: number;
  /** Output shape (with or without kept axes). */
  outShape: number[];
}

function numeric(fn: string, x: NdArray): void {
  if (x.dtype === 'int64') {
    throw new NotSupportedError(
      `${fn}: the js backend stores int64 for interchange only; convert with astype(x, 'float64') first`,
    );
  }
}

function plan(fn: string, x: NdArray, axis: Axes, keepdims: boolean): Plan {
  numeric(fn, x);
  const nd = x.ndim;
  const axes = axesList(fn, axis, nd);
  const kept: number[] = [];
  for (let i = 0; i < nd; i++) if (!axes.includes(i)) kept.push(i);
  const perm = [...kept, ...axes];
  let inner = 1;
  for (const a of axes) inner *= x.shape[a]!;
  let outer = 1;
  for (const a of kept) outer *= x.shape[a]!;
  const isIdentity = perm.every((p, i) => p === i);
  const view = isIdentity
    ? x
    : new NdArray(
        x.data,
        perm.map((p) => x.shape[p]!),
        x.dtype,
        perm.map((p) => x.strides[p]!),
        x.offset,
      );
  const outShape = keepdims
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : kept.map((a) => x.shape[a]!);
  return { values: view.values() as NumericArray, outer, inner, outShape };
}

/** Pairwise-style sum of `n` values from `start`, with four accumulators for accuracy and speed. */
function blockSum(v: NumericArray, start: number, n: number): number {
  if (n > 1024) {
    const half = (n >> 1) & ~7;
    return blockSum(v, start, half) + blockSum(v, start + half, n - half);
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end4 = start + (n & ~3);
  let i = start;
  for (; i < end4; i += 4) {
    s0 += v[i]!;
    s1 += v[i + 1]!;
    s2 += v[i + 2]!;
    s3 += v[i + 3]!;
  }
  for (; i < start + n; i++) s0 += v[i]!;
  return s0 + s1 + (s2 + s3);
}

function sumDType(dtype: JsDType): JsDType {
  return dtype === 'float64' || dtype === 'float32' ? dtype : 'int32';
}

/**
 * Sums of a contiguous array over its leading `lead` axes, as `(rows, cols)` row sums added row by row:
 * the inner loop stays contiguous and no transposed copy is made (NumPy reduces such axes the same way).
 */
function leadingSums(x: NdArray, lead: number, out: NumericArray): void {
  const v = x.values() as NumericArray;
  let rows = 1;
  for (let i = 0; i < lead; i++) rows *= x.shape[i]!;
  const cols = out.length;
  const acc = out instanceof Float64Array ? out : new Float64Array(cols);
  if (v instanceof Float64Array) addRowsF64(v, rows, cols, acc);
  else addRows(v, rows, cols, acc);
  if (acc !== out) for (let j = 0; j < cols; j++) out[j] = acc[j]!;
}

// Separate monomorphic loops: the float64 one is the hot path of sums over leading axes.
function addRowsF64(v: Float64Array, rows: number, cols: number, acc: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) acc[j]! += v[base + j]!;
  }
}

function addRows(v: NumericArray, rows: number, cols: number, acc: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) acc[j]! += v[base + j]!;
  }
}

/** How many leading axes `axis` names when it names exactly a leading run of axes of a contiguous `x` (else 0). */
function leadingRun(x: NdArray, axis: Axes): number {
  if (axis === undefined || axis === null || !x.isContiguous || x.dtype === 'int64') return 0;
  const axes = axesList('sum', axis, x.ndim).sort((a, b) => a - b);
  if (axes.length === x.ndim) return 0;
  return axes.every((a, i) => a === i) ? axes.length : 0;
}

function keptShape(x: NdArray, lead: number, keepdims: boolean): number[] {
  return keepdims ? x.shape.map((d, i) => (i < lead ? 1 : d)) : x.shape.slice(lead);
}

/** Sum over `axis` (all axes when absent). Integer and bool inputs give int32 (NumPy gives int64). */
export function sum(xIn: NdArray, axis?: Axes, keepdims = false): NdArray {
  const x = asArray('sum', 'x', xIn);
  const lead = leadingRun(x, axis);
  if (lead > 0) {
    const shape = keptShape(x, lead, keepdims);
    const out = allocate(
      sumDType(x.dtype),
      x.shape.slice(lead).reduce((p, d) => p * d, 1),
    ) as NumericArray;
    leadingSums(x, lead, out);
    return new NdArray(out, shape, sumDType(x.dtype));
  }
  const { values, outer, inner, outShape } = plan('sum', x, axis, keepdims);
  const out = allocate(sumDType(x.dtype), outer) as NumericArray;
  for (let o = 0; o < outer; o++) out[o] = blockSum(values, o * inner, inner);
  return new NdArray(out, outShape, sumDType(x.dtype));
}

/** Product over `axis` (all axes when absent). */
export function prod(xIn: NdArray, axis?: Axes, keepdims = false): NdArray {
  const x = asArray('prod', 'x', xIn);
  const { values, outer, inner, outShape } = plan('prod', x, axis, keepdims);
  const out = allocate(sumDType(x.dtype), outer) as NumericArray;
  for (let o = 0; o < outer; o++) {
    let p = 1;
    const base = o * inner;
    for (let i = 0; i < inner; i++) p *= values[base + i]!;
    out[o] = p;
  }
  return new NdArray(out, outShape, sumDType(x.dtype));
}

function extreme(fn: 'max' | 'min', xIn: NdArray, axis: Axes, keepdims: boolean): NdArray {
  const x = asArray(fn, 'x', xIn);
  const { values, outer, inner, outShape } = plan(fn, x, axis, keepdims);
  if (inner === 0 && outer > 0) {
    throw new ArgumentError(
      fn,
      'x',
      'a non-empty reduction (zero-size array to reduction operation has no identity)',
      x,
    );
  }
  const out = allocate(x.dtype, outer) as NumericArray;
  const isMax = fn === 'max';
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    let best = values[base]!;
    for (let i = 1; i < inner; i++) {
      const v = values[base + i]!;
      if (Number.isNaN(v)) {
        best = v;
        break;
      }
      if (isMax ? v > best : v < best) best = v;
    }
    out[o] = best;
  }
  return new NdArray(out, outShape, x.dtype);
}

/** Maximum over `axis`; NaN propagates; an empty reduction throws. */
export function max(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return extreme('max', x, axis, keepdims);
}

/** Minimum over `axis`; NaN propagates; an empty reduction throws. */
export function min(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return extreme('min', x, axis, keepdims);
}

function logical(fn: 'all' | 'any', xIn: NdArray, axis: Axes, keepdims: boolean): NdArray {
  const x = asArray(fn, 'x', xIn);
  const { values, outer, inner, outShape } = plan(fn, x, axis, keepdims);
  const out = new Uint8Array(outer);
  const isAll = fn === 'all';
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    let r = isAll ? 1 : 0;
    for (let i = 0; i < inner; i++) {
      const nonzero = values[base + i] !== 0;
      if (isAll && !nonzero) {
        r = 0;
        break;
      }
      if (!isAll && nonzero) {
        r = 1;
        break;
      }
    }
    out[o] = r;
  }
  return new NdArray(out, outShape, 'bool');
}

/** Whether every element over `axis` is non-zero (NaN counts as non-zero). */
export function all(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return logical('all', x, axis, keepdims);
}

/** Whether any element over `axis` is non-zero. */
export function any(x: NdArray, axis?: Axes, keepdims = false): NdArray {
  return logical('any', x, axis, keepdims);
}

/** Mean over `axis`: float64 for integer input, float32 stays float32. Empty means are NaN. */
export function mean(xIn: NdArray, axis?: Axes, keepdims = false): NdArray {
  const x = asArray('mean', 'x', xIn);
  const dtype: JsDType = x.dtype === 'float32' ? 'float32' : 'float64';
  const lead = leadingRun(x, axis);
  if (lead > 0) {
    let rows = 1;
    for (let i = 0; i < lead; i++) rows *= x.shape[i]!;
    const out = new Float64Array(x.shape.slice(lead).reduce((p, d) => p * d, 1));
    leadingSums(x, lead, out);
    for (let j = 0; j < out.length; j++) out[j] = out[j]! / rows;
    const data = dtype === 'float64' ? out : Float32Array.from(out);
    return new NdArray(data, keptShape(x, lead, keepdims), dtype);
  }
  const { values, outer, inner, outShape } = plan('mean', x, axis, keepdims);
  const out = allocate(dtype, outer) as NumericArray;
  for (let o = 0; o < outer; o++) out[o] = blockSum(values, o * inner, inner) / inner;
  return new NdArray(out, outShape, dtype);
}

function argExtreme(fn: 'argmax' | 'argmin', xIn: NdArray, axis: number | null | undefined): NdArray {
  const x = asArray(fn, 'x', xIn);
  const ax = axis === null || axis === undefined ? null : axisOf(fn, 'axis', axis, x.ndim);
  const { values, outer, inner, outShape } = plan(fn, x, ax, false);
  if (inner === 0)
    throw new ArgumentError(fn, 'x', 'a non-empty axis (attempt to get argmax of an empty sequence)', x);
  const out = new Int32Array(outer);
  const isMax = fn === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    let best = values[base]!;
    let at = 0;
    if (!Number.isNaN(best)) {
      for (let i = 1; i < inner; i++) {
        const v = values[base + i]!;
        if (Number.isNaN(v)) {
          at = i;
          break;
        }
        if (isMax ? v > best : v < best) {
          best = v;
          at = i;
        }
      }
    }
    out[o] = at;
  }
  return new NdArray(out, outShape, 'int32');
}

/** Index of the first maximum along `axis` (of the flattened tensor when absent); NaN wins. */
export function argmax(x: NdArray, axis?: number | null): NdArray {
  return argExtreme('argmax', x, axis);
}

/** Index of the first minimum along `axis` (of the flattened tensor when absent); NaN wins. */
export function argmin(x: NdArray, axis?: number | null): NdArray {
  return argExtreme('argmin', x, axis);
}

/**
 * Applies `fn` to each 1-d lane of `x` along `axis` (flattened when `null`), writing lanes of the same
 * length into a new array of `dtype` with `x`'s shape (or flat shape).
 */
function mapLanes(
  name: string,
  xIn: NdArray,
  axis: number | null | undefined,
  dtype: JsDType,
  lane: (src: NumericArray, srcStart: number, n: number, dst: NumericArray, dstStart: number) => void,
): NdArray {
  const x = asArray(name, 'x', xIn);
  numeric(name, x);
  if (axis === null || axis === undefined) {
    const src = x.values() as NumericArray;
    const dst = allocate(dtype, x.size) as NumericArray;
    lane(src, 0, x.size, dst, 0);
    return new NdArray(dst, [x.size], dtype);
  }
  const ax = axisOf(name, 'axis', axis, x.ndim);
  const { values, outer, inner } = plan(name, x, ax, false);
  const dst = allocate(dtype, x.size) as NumericArray;
  for (let o = 0; o < outer; o++) lane(values, o * inner, inner, dst, o * inner);
  // dst holds the lanes with `axis` last; move it back.
  const movedShape = [...x.shape.filter((_, i) => i !== ax), x.shape[ax]!];
  const moved = new NdArray(dst, movedShape, dtype);
  const perm: number[] = [];
  for (let i = 0; i < x.ndim - 1; i++) perm.push(i);
  perm.splice(ax, 0, x.ndim - 1);
  const back = new NdArray(
    dst,
    perm.map((p) => movedShape[p]!),
    dtype,
    perm.map((p) => moved.strides[p]!),
    0,
  );
  return back.clone();
}

/** Cumulative sum along `axis` (of the flattened tensor when absent); integers accumulate as int32. */
export function cumsum(x: NdArray, axis?: number | null): NdArray {
  const xa = asArray('cumsum', 'x', x);
  return mapLanes('cumsum', xa, axis, sumDType(xa.dtype), (src, s, n, dst, d) => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += src[s + i]!;
      dst[d + i] = acc;
    }
  });
}

/** NaN-last ascending comparison of two numbers. */
function compareAsc(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted copy along `axis` (default last, `null` flattens); NaN sorts last; `descending` reverses. */
export function sort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
  const xa = asArray('sort', 'x', x);
  return mapLanes('sort', xa, axis, xa.dtype, (src, s, n, dst, d) => {
    const lane = dst.subarray(d, d + n) as NumericArray;
    lane.set(src.subarray(s, s + n) as never);
    lane.sort();
    if (descending) lane.reverse();
  });
}

/** Indices that sort along `axis` (default last, `null` flattens), int32, stable; NaN last. */
export function argsort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
  const xa = asArray('argsort', 'x', x);
  return mapLanes('argsort', xa, axis, 'int32', (src, s, n, dst, d) => {
    const idx = new Array<number>(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    if (descending) idx.sort((i, j) => compareAsc(src[s + j]!, src[s + i]!) || i - j);
    else idx.sort((i, j) => compareAsc(src[s + i]!, src[s + j]!) || i - j);
    for (let i = 0; i < n; i++) dst[d + i] = idx[i]!;
  });
}
