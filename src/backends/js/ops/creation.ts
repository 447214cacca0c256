import { ArgumentError, describe } from '../../../errors.js';
import type { NestedArray, TensorDataOptions, TypedArray } from '../../../types.js';
import { allocate, type JsDType, NdArray, sizeOf } from '../ndarray.js';

/** The dtype a typed array stores, or undefined for other array kinds. */
function dtypeOfTypedArray(data: unknown): JsDType | undefined {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'uint8';
  return undefined;
}

/** Validates a shape argument: a list of non-negative integers. */
export function checkShape(fn: string, arg: string, shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ArgumentError(fn, arg, 'a list of non-negative integers', shape);
  }
  return shape as readonly number[];
}

/** Shape of nested arrays, checking that they are rectangular. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function fillNested(
  data: NestedArray,
  shape: readonly number[],
  depth: number,
  out: Float64Array,
  pos: { i: number; bools: number; numbers: number },
): void {
  if (depth === shape.length) {
    if (typeof data === 'number') {
      out[pos.i++] = data;
      pos.numbers++;
    } else if (typeof data === 'boolean') {
      out[pos.i++] = data ? 1 : 0;
      pos.bools++;
    } else {
      throw new ArgumentError(
        'tensor',
        'data',
        'rectangular nested arrays of numbers or booleans',
        describe(data),
      );
    }
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ArgumentError(
      'tensor',
      'data',
      `rectangular nested arrays (length ${shape[depth]} at depth ${depth})`,
      Array.isArray(data) ? `length ${data.length}` : describe(data),
    );
  }
  for (const item of data as readonly NestedArray[]) fillNested(item, shape, depth + 1, out, pos);
}

/** Writes numbers into storage of `dtype`, converting as NumPy's `astype` does (truncation for integers). */
export function fromNumbers(values: ArrayLike<number>, dtype: JsDType): TypedArray {
  const n = values.length;
  const out = allocate(dtype, n);
  if (dtype === 'bool') {
    const o = out as Uint8Array;
    for (let i = 0; i < n; i++) o[i] = values[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int64') {
    const o = out as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new ArgumentError('astype', 'x', 'finite values to store as int64', v);
      o[i] = BigInt(Math.trunc(v));
    }
  } else {
    (out as Float64Array).set(values);
  }
  return out;
}

/** The values of any storage as float64 numbers (a copy). */
export function toFloat64(values: TypedArray): Float64Array {
  if (values instanceof BigInt64Array) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]!);
    return out;
  }
  return Float64Array.from(values as ArrayLike<number>);
}

/** The `js` backend's `tensor()`. */
export function tensor(data: unknown, options: TensorDataOptions = {}, dtype?: JsDType): NdArray {
  const shapeOpt = options.shape === undefined ? undefined : checkShape('tensor', 'shape', options.shape);
  if (data instanceof NdArray) {
    const target = dtype ?? data.dtype;
    const base = target === data.dtype ? data.clone() : astype(data, target);
    return shapeOpt === undefined ? base : reshaped(base, shapeOpt);
  }
  const typedDtype = dtypeOfTypedArray(data);
  if (typedDtype !== undefined) {
    const arr = data as TypedArray;
    const shape = shapeOpt ?? [arr.length];
    if (sizeOf(shape) !== arr.length) {
      throw new ArgumentError('tensor', 'shape', `a shape with ${arr.length} elements`, shape);
    }
    const target = dtype ?? typedDtype;
    const copy = allocate(typedDtype, arr.length);
    (copy as Float64Array).set(arr as Float64Array);
    const base = new NdArray(copy, shape, typedDtype);
    return target === typedDtype ? base : astype(base, target);
  }
  if (typeof data === 'number' || typeof data === 'boolean') {
    const target = dtype ?? (typeof data === 'boolean' ? 'bool' : 'float64');
    const shape = shapeOpt ?? [];
    if (sizeOf(shape) !== 1)
      throw new ArgumentError('tensor', 'shape', 'a shape with 1 element for a scalar', shape);
    return new NdArray(fromNumbers([Number(data)], target), shape, target);
  }
  if (Array.isArray(data) || (typeof data === 'object' && data !== null && 'length' in data)) {
    const nested = Array.isArray(data) ? (data as NestedArray) : Array.from(data as ArrayLike<number>);
    const shape = nestedShape(nested);
    const flat = new Float64Array(sizeOf(shape));
    const pos = { i: 0, bools: 0, numbers: 0 };
    if (flat.length > 0 || shape.length > 0) fillNested(nested, shape, 0, flat, pos);
    const inferred: JsDType = pos.bools > 0 && pos.numbers === 0 ? 'bool' : 'float64';
    const target = dtype ?? inferred;
    let out = new NdArray(fromNumbers(flat, target), shape, target);
    if (shapeOpt !== undefined) out = reshaped(out, shapeOpt);
    return out;
  }
  throw new ArgumentError('tensor', 'data', 'nested arrays, a number, a typed array or a js tensor', data);
}

function reshaped(x: NdArray, shape: readonly number[]): NdArray {
  if (sizeOf(shape) !== x.size) {
    throw new ArgumentError('tensor', 'shape', `a shape with ${x.size} elements`, shape);
  }
  return new NdArray(x.values(), shape, x.dtype);
}

/** `x` converted to `dtype`, always a new buffer. */
export function astype(x: NdArray, dtype: JsDType): NdArray {
  const values = x.values();
  if (dtype === x.dtype) return x.clone();
  if (x.dtype === 'int64' || dtype === 'int64' || dtype === 'bool') {
    const numbers = x.dtype === 'int64' ? toFloat64(values) : (values as ArrayLike<number>);
    return new NdArray(fromNumbers(numbers, dtype), x.shape, dtype);
  }
  const out = allocate(dtype, x.size);
  (out as Float64Array).set(values as Float64Array);
  return new NdArray(out, x.shape, dtype);
}

/** Nested arrays of the values (numbers; booleans for bool tensors), a number for 0-d. */
export function toArray(x: NdArray): NestedArray {
  const flat = x.values();
  const isBool = x.dtype === 'bool';
  const isBig = x.dtype === 'int64';
  const read = (i: number): number | boolean =>
    isBig
      ? Number((flat as BigInt64Array)[i]!)
      : isBool
        ? (flat as Uint8Array)[i] !== 0
        : (flat as Float64Array)[i]!;
  if (x.shape.length === 0) return read(0);
  let pos = 0;
  const build = (depth: number): NestedArray[] => {
    const len = x.shape[depth]!;
    const out = new Array<NestedArray>(len);
    if (depth === x.shape.length - 1) {
      for (let i = 0; i < len; i++) out[i] = read(pos++);
    } else {
      for (let i = 0; i < len; i++) out[i] = build(depth + 1);
    }
    return out;
  };
  return build(0);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, dtype: JsDType): NdArray {
  checkShape('full', 'shape', shape);
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ArgumentError('full', 'value', 'a number', value);
  }
  const n = sizeOf(shape);
  const data = allocate(dtype, n);
  if (dtype === 'int64') (data as BigInt64Array).fill(BigInt(Math.trunc(Number(value))));
  else if (dtype === 'bool') (data as Uint8Array).fill(value ? 1 : 0);
  else if (value !== 0) (data as Float64Array).fill(Number(value));
  return new NdArray(data, shape, dtype);
}

/** The `(n, m)` matrix with ones on the main diagonal. */
export function eye(n: number, m: number | undefined, dtype: JsDType): NdArray {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError('eye', 'n', 'a non-negative integer', n);
  const cols = m ?? n;
  if (!Number.isInteger(cols) || cols < 0) throw new ArgumentError('eye', 'm', 'a non-negative integer', m);
  const out = full([n, cols], 0, dtype);
  const k = Math.min(n, cols);
  if (dtype === 'int64') for (let i = 0; i < k; i++) (out.data as BigInt64Array)[i * cols + i] = 1n;
  else for (let i = 0; i < k; i++) (out.data as Float64Array)[i * cols + i] = 1;
  return out;
}

/** Evenly spaced values in `[start, stop)` (NumPy's `arange`; length `ceil((stop - start) / step)`). */
export function arange(
  start: number,
  stop: number | undefined,
  step: number | undefined,
  dtype: JsDType,
): NdArray {
  let lo = start;
  let hi = stop;
  if (hi === undefined || hi === null) {
    hi = lo;
    lo = 0;
  }
  const st = step ?? 1;
  for (const [name, v] of [
    ['start', lo],
    ['stop', hi],
    ['step', st],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ArgumentError('arange', name, 'a finite number', v);
  }
  if (st === 0) throw new ArgumentError('arange', 'step', 'a non-zero number', st);
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + i * st;
  return new NdArray(fromNumbers(values, dtype), [n], dtype);
}
