import { ArgumentError, NotSupportedError } from '../../errors.js';
import type { DTypeName, Tensor, TypedArray } from '../../types.js';
import { newF32, newF64, newI32, newU8 } from './pool.js';

/** Element types the `js` backend stores. Complex dtypes are not supported by this backend. */
export type JsDType = 'float64' | 'float32' | 'int32' | 'int64' | 'uint8' | 'bool';

/** The typed-array constructor that stores each dtype (`bool` as 0/1 bytes, `int64` as BigInt64). */
export const STORAGE = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

/** Number-valued storage: every typed array but BigInt64Array. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** Checks a dtype name against what the `js` backend stores. */
export function jsDType(fn: string, dtype: DTypeName): JsDType {
  if (dtype in STORAGE) return dtype as JsDType;
  if (dtype === 'complex64' || dtype === 'complex128') {
    throw new NotSupportedError(`${fn}: the js backend does not support complex dtypes (got '${dtype}')`);
  }
  throw new ArgumentError(fn, 'dtype', `one of ${Object.keys(STORAGE).join(', ')}`, dtype);
}

/** A new zero-filled typed array of `dtype` with `length` elements (small ones from the pool, `./pool.ts`). */
export function allocate(dtype: JsDType, length: number): TypedArray {
  switch (dtype) {
    case 'float64':
      return newF64(length);
    case 'float32':
      return newF32(length);
    case 'int32':
      return newI32(length);
    case 'uint8':
    case 'bool':
      return newU8(length);
    default:
      return new STORAGE[dtype](length);
  }
}

/** Row-major (C-order) strides of a shape. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The `js` backend's tensor: a strided n-d view (buffer, shape, strides, offset, dtype) over a typed array.
 *
 * Views made by `transpose`, `reshape` of contiguous data and basic slicing share the buffer. Ops never
 * write into their inputs, so sharing is safe as long as user code treats `data` as read-only too.
 */
export class NdArray implements Tensor {
  /**
   * The buffer; element `(i0, i1, ...)` lives at `offset + Σ iₖ·strides[k]`. Read it as the typed array it is:
   * a small array (up to 2 KiB) is a view into a shared 16 KiB `ArrayBuffer` (as Node's `Buffer` pool does), so
   * `data.buffer` may hold other arrays too and must not be transferred (copy with `data.slice()` first).
   */
  readonly data: TypedArray;
  /** Length of each axis. */
  readonly shape: readonly number[];
  /** Step in `data` between neighbours along each axis (may be 0 for broadcast views, or negative). */
  readonly strides: readonly number[];
  /** Position of the first element in `data`. */
  readonly offset: number;
  /** Element type. */
  readonly dtype: JsDType;
  /** Number of elements. */
  readonly size: number;

  constructor(
    data: TypedArray,
    shape: readonly number[],
    dtype: JsDType,
    strides?: readonly number[],
    offset = 0,
  ) {
    this.data = data;
    // Shapes and strides are frozen copies; one that is frozen already (another array's) is shared as is.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.strides =
      strides === undefined
        ? Object.freeze(rowMajorStrides(shape))
        : Object.isFrozen(strides)
          ? strides
          : Object.freeze([...strides]);
    this.offset = offset;
    this.dtype = dtype;
    this.size = sizeOf(shape);
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether the elements lie in row-major order without gaps (from `offset`). */
  get isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]!;
      if (d !== 1 && this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /**
   * The elements in row-major order: the buffer itself (a subarray, no copy) when contiguous, else a
   * new packed copy. Callers must not write into the result.
   */
  values(): TypedArray {
    if (this.isContiguous) {
      if (this.offset === 0 && this.data.length === this.size) return this.data;
      return this.data.subarray(this.offset, this.offset + this.size) as TypedArray;
    }
    return this.packed();
  }

  /** A new packed row-major copy of the elements. */
  packed(): TypedArray {
    const out = allocate(this.dtype, this.size);
    if (this.isContiguous) {
      (out as Float64Array).set(this.data.subarray(this.offset, this.offset + this.size) as Float64Array);
      return out;
    }
    gather(this, out);
    return out;
  }

  /** A new contiguous NdArray with the same values (always a copy). */
  clone(): NdArray {
    return new NdArray(this.packed(), this.shape, this.dtype);
  }

  /** `[NdArray float64 [2, 3]]`, for debugging. */
  toString(): string {
    return `NdArray(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

/** Copies a strided view into a packed row-major buffer of the same element kind. */
export function gather(x: NdArray, out: TypedArray): void {
  const { shape, strides, data } = x;
  const nd = shape.length;
  const n = x.size;
  if (n === 0) return;
  if (nd === 0) {
    (out as Float64Array)[0] = (data as Float64Array)[x.offset]!;
    return;
  }
  const src = data as Float64Array;
  const dst = out as Float64Array;
  if (nd === 2) {
    // Matrices (transposed views above all) are the common case: no odometer.
    const rows = shape[0]!;
    const cols = shape[1]!;
    const rs = strides[0]!;
    const cs = strides[1]!;
    let o = 0;
    for (let i = 0; i < rows; i++) {
      let p = x.offset + i * rs;
      for (let j = 0; j < cols; j++) {
        dst[o++] = src[p]!;
        p += cs;
      }
    }
    return;
  }
  const last = nd - 1;
  const lastLen = shape[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(nd).fill(0);
  let base = x.offset;
  let o = 0;
  while (o < n) {
    let p = base;
    for (let j = 0; j < lastLen; j++) {
      dst[o++] = src[p]!;
      p += lastStride;
    }
    // Odometer increment over the outer axes.
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
