import { axesList } from '../../../backend/backend.js';
import { ArgumentError } from '../../../errors.js';
import type { Axes, IndexSpec, Slice, TypedArray } from '../../../types.js';
import { allocate, NdArray } from '../ndarray.js';
import { broadcastTo } from './broadcast.js';
import { astype } from './creation.js';
import { resultType } from './dtypes.js';
import { asArray, asArrayOrScalar, axisOf } from './validate.js';

/** Inner rows at least this long are copied with `TypedArray.set` (a memcpy) rather than element by element. */
const BULK = 16;

/**
 * Visits the rows of the (possibly strided) view `dst`: `row(first, len, step, k)` gets the buffer
 * position of a row's first element, its length and step, and the row-major position `k` of that element.
 */
function forEachRow(dst: NdArray, row: (first: number, len: number, step: number, k: number) => void): void {
  const { shape, strides } = dst;
  const n = dst.size;
  if (n === 0) return;
  const nd = shape.length;
  if (nd === 0) {
    row(dst.offset, 1, 1, 0);
    return;
  }
  const last = nd - 1;
  const len = shape[last]!;
  const step = strides[last]!;
  const idx = new Array<number>(nd).fill(0);
  let base = dst.offset;
  for (let k = 0; k < n; k += len) {
    row(base, len, step, k);
    for (let ax = last - 1; ax >= 0; ax--) {
      base += strides[ax]!;
      if (++idx[ax]! < shape[ax]!) break;
      base -= strides[ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
}

/**
 * Writes the packed row-major `src` values into the view `dst`, which shares `dst.data` with the array
 * being built. Element kinds must match (`src` is in `dst`'s storage type).
 */
function scatter(dst: NdArray, src: TypedArray): void {
  // Casts only name one element kind for the compiler: the same code moves every storage type.
  const out = dst.data as Float64Array;
  const from = src as Float64Array;
  forEachRow(dst, (first, len, step, k) => {
    if (step === 1 && len >= BULK) out.set(from.subarray(k, k + len), first);
    else for (let j = 0, p = first; j < len; j++, p += step) out[p] = from[k + j]!;
  });
}

/** A packed row-major copy of the view `src` (long contiguous rows are copied in bulk). */
function copyOf(src: NdArray): NdArray {
  const { shape, strides } = src;
  const n = src.size;
  const out = allocate(src.dtype, n) as Float64Array;
  const from = src.data as Float64Array;
  const nd = shape.length;
  if (n === 0) return new NdArray(out, shape, src.dtype);
  if (nd === 0) {
    out[0] = from[src.offset]!;
    return new NdArray(out, shape, src.dtype);
  }
  // The same odometer as forEachRow, inlined: this is the hot loop of index and flip.
  const last = nd - 1;
  const len = shape[last]!;
  const step = strides[last]!;
  const bulk = step === 1 && len >= BULK;
  const idx = new Array<number>(nd).fill(0);
  let base = src.offset;
  for (let k = 0; k < n; k += len) {
    if (bulk) out.set(from.subarray(base, base + len), k);
    else for (let j = 0, p = base; j < len; j++, p += step) out[k + j] = from[p]!;
    for (let ax = last - 1; ax >= 0; ax--) {
      base += strides[ax]!;
      if (++idx[ax]! < shape[ax]!) break;
      base -= strides[ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
  return new NdArray(out, shape, src.dtype);
}

/** Writes one value (already in `dst`'s storage type) into every element of the view `dst`. */
function fill(dst: NdArray, value: number | bigint): void {
  const out = dst.data as Float64Array;
  const v = value as number;
  forEachRow(dst, (first, len, step) => {
    if (step === 1) out.fill(v, first, first + len);
    else for (let j = 0, p = first; j < len; j++, p += step) out[p] = v;
  });
}

/** Python's slice semantics for one axis of length `n`: first position, step and count (shared with other backends). */
export function resolveSlice(
  fn: string,
  s: Slice,
  n: number,
): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0)
    throw new ArgumentError(fn, 'indices', 'slices with a non-zero integer step', step);
  for (const v of [s.start, s.stop]) {
    if (v !== null && v !== undefined && !Number.isInteger(v))
      throw new ArgumentError(fn, 'indices', 'integer slice bounds', v);
  }
  let start: number;
  let stop: number;
  if (step > 0) {
    start = s.start ?? 0;
    stop = s.stop ?? n;
    if (start < 0) start = Math.max(0, start + n);
    if (stop < 0) stop = Math.max(0, stop + n);
    start = Math.min(start, n);
    stop = Math.min(stop, n);
  } else {
    start = s.start ?? n - 1;
    stop = s.stop ?? -n - 1;
    if (start < 0) start = Math.max(-1, start + n);
    if (stop < 0) stop = Math.max(-1, stop + n);
    start = Math.min(start, n - 1);
    stop = Math.min(stop, n - 1);
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

/** The strided view of `x` that a basic-indexing spec selects (no copy). */
function view(fn: string, x: NdArray, indices: IndexSpec): NdArray {
  if (!Array.isArray(indices))
    throw new ArgumentError(fn, 'indices', 'a list of integers, slices and nulls', indices);
  if (indices.length > x.ndim) {
    throw new ArgumentError(
      fn,
      'indices',
      `at most ${x.ndim} entries for a ${x.ndim}-d tensor`,
      indices.length,
    );
  }
  let offset = x.offset;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let a = 0; a < x.ndim; a++) {
    const n = x.shape[a]!;
    const st = x.strides[a]!;
    const entry = a < indices.length ? indices[a] : null;
    if (entry === null || entry === undefined) {
      shape.push(n);
      strides.push(st);
    } else if (typeof entry === 'number') {
      if (!Number.isInteger(entry) || entry < -n || entry >= n) {
        throw new ArgumentError(fn, 'indices', `an index in [${-n}, ${n}) for axis ${a}`, entry);
      }
      offset += (entry < 0 ? entry + n : entry) * st;
    } else if (typeof entry === 'object') {
      const { start, step, count } = resolveSlice(fn, entry, n);
      if (count > 0) offset += start * st;
      shape.push(count);
      strides.push(st * step);
    } else {
      throw new ArgumentError(fn, 'indices', 'integers, slices (tl.s) or null', entry);
    }
  }
  return new NdArray(x.data, shape, x.dtype, strides, offset);
}

/** NumPy basic indexing, returning a new array (never a view of `x`). */
export function index(xIn: NdArray, indices: IndexSpec): NdArray {
  const x = asArray('index', 'x', xIn);
  return copyOf(view('index', x, indices));
}

/** A new tensor equal to `x` except in the indexed region, which takes `values` (broadcast, cast to x's dtype). */
export function indexUpdate(xIn: NdArray, indices: IndexSpec, valuesIn: NdArray | number): NdArray {
  const x = asArray('indexUpdate', 'x', xIn);
  const values = asArrayOrScalar('indexUpdate', 'values', valuesIn);
  const out = x.clone();
  const region = view('indexUpdate', out, indices);
  const v = typeof values === 'number' ? new NdArray(new Float64Array([values]), [], 'float64') : values;
  const converted = v.dtype === x.dtype ? v : astype(v, x.dtype);
  // Checks the shapes (and names the argument) even when the region is empty or `values` a single value.
  const spread = broadcastTo('indexUpdate', 'values', converted, region.shape);
  if (v.size === 1) fill(region, converted.values()[0]!);
  else scatter(region, spread.values());
  return out;
}

/** Joins tensors along an existing axis; the result dtype follows NumPy's promotion. */
export function concatenate(tensors: readonly NdArray[], axis = 0): NdArray {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ArgumentError('concatenate', 'tensors', 'a non-empty list of tensors', tensors);
  }
  const xs = tensors.map((t, i) => asArray('concatenate', `tensors[${i}]`, t));
  const first = xs[0]!;
  const nd = first.ndim;
  if (nd === 0) throw new ArgumentError('concatenate', 'tensors', 'tensors with at least one axis', first);
  const ax = axisOf('concatenate', 'axis', axis, nd);
  let total = 0;
  xs.forEach((x, i) => {
    if (x.ndim !== nd || x.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new ArgumentError(
        'concatenate',
        `tensors[${i}]`,
        `shape [${first.shape.map((d, k) => (k === ax ? '*' : d)).join(', ')}]`,
        x,
      );
    }
    total += x.shape[ax]!;
  });
  const dtype = resultType(...xs);
  const shape = [...first.shape];
  shape[ax] = total;
  // Row-major, the result is `before` blocks, each the concatenation of one chunk of every input.
  let before = 1;
  for (let k = 0; k < ax; k++) before *= shape[k]!;
  let after = 1;
  for (let k = ax + 1; k < nd; k++) after *= shape[k]!;
  const out = allocate(dtype, before * total * after) as Float64Array;
  const parts = xs.map((x) => (x.dtype === dtype ? x : astype(x, dtype)).values() as Float64Array);
  const chunks = xs.map((x) => x.shape[ax]! * after);
  let pos = 0;
  for (let b = 0; b < before; b++) {
    for (let i = 0; i < parts.length; i++) {
      const c = chunks[i]!;
      const src = parts[i]!;
      const from = b * c;
      if (c >= BULK) out.set(src.subarray(from, from + c), pos);
      else for (let j = 0; j < c; j++) out[pos + j] = src[from + j]!;
      pos += c;
    }
  }
  return new NdArray(out, shape, dtype);
}

/** Reverses the order of elements along `axis` (every axis when absent); a copy. */
export function flip(xIn: NdArray, axis?: Axes): NdArray {
  const x = asArray('flip', 'x', xIn);
  const axes = axesList('flip', axis, x.ndim);
  let offset = x.offset;
  const strides = [...x.strides];
  for (const a of axes) {
    if (x.shape[a]! > 0) offset += (x.shape[a]! - 1) * strides[a]!;
    strides[a] = -strides[a]!;
  }
  return copyOf(new NdArray(x.data, x.shape, x.dtype, strides, offset));
}

/** Entries of `x` at integer positions along `axis` (negative positions count from the end); a copy. */
export function take(xIn: NdArray, indices: readonly number[] | Int32Array, axis: number): NdArray {
  const x = asArray('take', 'x', xIn);
  if (!Array.isArray(indices) && !(indices instanceof Int32Array)) {
    throw new ArgumentError('take', 'indices', 'an array of integers or an Int32Array', indices);
  }
  const ax = axisOf('take', 'axis', axis, x.ndim);
  const n = x.shape[ax]!;
  const k = indices.length;
  const pos = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const p = indices[i];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < -n || p >= n) {
      throw new ArgumentError('take', 'indices', `integer positions in [${-n}, ${n}) along axis ${ax}`, p);
    }
    pos[i] = p < 0 ? p + n : p;
  }
  let before = 1;
  for (let a = 0; a < ax; a++) before *= x.shape[a]!;
  let after = 1;
  for (let a = ax + 1; a < x.ndim; a++) after *= x.shape[a]!;
  const shape = [...x.shape];
  shape[ax] = k;
  const src = x.values() as Float64Array;
  const out = allocate(x.dtype, before * k * after) as Float64Array;
  for (let b = 0; b < before; b++) {
    const sb = b * n;
    const ob = b * k;
    if (after === 1) {
      for (let i = 0; i < k; i++) out[ob + i] = src[sb + pos[i]!]!;
    } else {
      for (let i = 0; i < k; i++) {
        const from = (sb + pos[i]!) * after;
        const to = (ob + i) * after;
        if (after >= BULK) out.set(src.subarray(from, from + after), to);
        else for (let j = 0; j < after; j++) out[to + j] = src[from + j]!;
      }
    }
  }
  return new NdArray(out, shape, x.dtype);
}

/** The `k`-th diagonal of a matrix, or a square matrix with vector `x` on its `k`-th diagonal. */
export function diag(xIn: NdArray, k = 0): NdArray {
  const x = asArray('diag', 'x', xIn);
  if (!Number.isInteger(k)) throw new ArgumentError('diag', 'k', 'an integer', k);
  if (x.ndim === 1) {
    const n = x.shape[0]! + Math.abs(k);
    const out = new NdArray(allocate(x.dtype, n * n), [n, n], x.dtype);
    const start = k >= 0 ? k : -k * n;
    const d = new NdArray(out.data, [x.shape[0]!], x.dtype, [n + 1], start);
    scatter(d, x.values());
    return out;
  }
  if (x.ndim === 2) {
    const [rows, cols] = x.shape as [number, number];
    const len = Math.max(0, Math.min(rows - Math.max(0, -k), cols - Math.max(0, k)));
    const start = x.offset + (k >= 0 ? k * x.strides[1]! : -k * x.strides[0]!);
    return new NdArray(
      x.data,
      [len],
      x.dtype,
      [x.strides[0]! + x.strides[1]!],
      len > 0 ? start : x.offset,
    ).clone();
  }
  throw new ArgumentError('diag', 'x', 'a vector or a matrix', x);
}
