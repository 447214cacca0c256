import { ArgumentError } from '../../../errors.js';
import type { Axes, IndexSpec, Slice, TypedArray } from '../../../types.js';
import { allocate, type JsDType, NdArray } from '../ndarray.js';
import { broadcastTo } from './broadcast.js';
import { astype } from './creation.js';
import { resultType } from './dtypes.js';
import { asArray, asArrayOrScalar, axisOf } from './validate.js';

/**
 * Writes the packed row-major `src` values into the (possibly strided) view `dst`, which must share
 * `dst.data` with the array being built. Element kinds must match (`src` is in `dst`'s storage type).
 */
function scatter(dst: NdArray, src: TypedArray): void {
  const { shape, strides, data } = dst;
  const n = dst.size;
  if (n === 0) return;
  const out = data as Float64Array;
  const from = src as Float64Array;
  const nd = shape.length;
  if (nd === 0) {
    out[dst.offset] = from[0]!;
    return;
  }
  const last = nd - 1;
  const len = shape[last]!;
  const step = strides[last]!;
  const idx = new Array<number>(nd).fill(0);
  let base = dst.offset;
  let o = 0;
  while (o < n) {
    let p = base;
    for (let j = 0; j < len; j++) {
      out[p] = from[o++]!;
      p += step;
    }
    let ax = last - 1;
    while (ax >= 0) {
      idx[ax]!++;
      base += strides[ax]!;
      if (idx[ax]! < shape[ax]!) break;
      base -= strides[ax]! * shape[ax]!;
      idx[ax] = 0;
      ax--;
    }
    if (ax < 0) break;
  }
}

/** Python's slice semantics for one axis of length `n`: first position, step and count. */
function resolveSlice(fn: string, s: Slice, n: number): { start: number; step: number; count: number } {
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
  return view('index', x, indices).clone();
}

/** Values of `values` converted to the storage of `dtype`, broadcast to `shape`, packed. */
function valuesFor(
  fn: string,
  values: NdArray | number,
  dtype: JsDType,
  shape: readonly number[],
): TypedArray {
  const v = typeof values === 'number' ? new NdArray(new Float64Array([values]), [], 'float64') : values;
  const converted = v.dtype === dtype ? v : astype(v, dtype);
  return broadcastTo(fn, 'values', converted, shape).values();
}

/** A new tensor equal to `x` except in the indexed region, which takes `values` (broadcast, cast to x's dtype). */
export function indexUpdate(xIn: NdArray, indices: IndexSpec, valuesIn: NdArray | number): NdArray {
  const x = asArray('indexUpdate', 'x', xIn);
  const values = asArrayOrScalar('indexUpdate', 'values', valuesIn);
  const out = x.clone();
  const region = view('indexUpdate', out, indices);
  scatter(region, valuesFor('indexUpdate', values, x.dtype, region.shape));
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
  const out = new NdArray(
    allocate(
      dtype,
      shape.reduce((p, d) => p * d, 1),
    ),
    shape,
    dtype,
  );
  let at = 0;
  for (const x of xs) {
    const len = x.shape[ax]!;
    const region = view(
      'concatenate',
      out,
      shape.map((_, k) => (k === ax ? { start: at, stop: at + len } : null)),
    );
    scatter(region, (x.dtype === dtype ? x : astype(x, dtype)).values());
    at += len;
  }
  return out;
}

/** Reverses the order of elements along `axis` (every axis when absent); a copy. */
export function flip(xIn: NdArray, axis?: Axes): NdArray {
  const x = asArray('flip', 'x', xIn);
  const axes =
    axis === undefined || axis === null
      ? x.shape.map((_, i) => i)
      : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => axisOf('flip', 'axis', a, x.ndim));
  let offset = x.offset;
  const strides = [...x.strides];
  for (const a of axes) {
    if (x.shape[a]! > 0) offset += (x.shape[a]! - 1) * strides[a]!;
    strides[a] = -strides[a]!;
  }
  return new NdArray(x.data, x.shape, x.dtype, strides, offset).clone();
}

/** Entries of `x` at integer positions along `axis` (negative positions count from the end). */
export function take(xIn: NdArray, indices: readonly number[] | Int32Array, axis: number): NdArray {
  const x = asArray('take', 'x', xIn);
  const ax = axisOf('take', 'axis', axis, x.ndim);
  const n = x.shape[ax]!;
  const idx = Array.from(indices as ArrayLike<number>);
  const shape = [...x.shape];
  shape[ax] = idx.length;
  const out = new NdArray(
    allocate(
      x.dtype,
      shape.reduce((p, d) => p * d, 1),
    ),
    shape,
    x.dtype,
  );
  idx.forEach((i, k) => {
    if (!Number.isInteger(i) || i < -n || i >= n)
      throw new ArgumentError('take', 'indices', `positions in [${-n}, ${n})`, i);
    const src = view(
      'take',
      x,
      x.shape.map((_, a) => (a === ax ? { start: i < 0 ? i + n : i, stop: (i < 0 ? i + n : i) + 1 } : null)),
    );
    const dst = view(
      'take',
      out,
      shape.map((_, a) => (a === ax ? { start: k, stop: k + 1 } : null)),
    );
    scatter(dst, src.values());
  });
  return out;
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
