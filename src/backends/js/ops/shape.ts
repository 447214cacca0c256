import { ArgumentError } from '../../../errors.js';
import { NdArray, rowMajorStrides, sizeOf } from '../ndarray.js';
import { checkShape } from './creation.js';
import { asArray, axisOf } from './validate.js';

/** Resolves a target shape with at most one -1 against `size`. */
export function resolveShape(fn: string, shape: readonly number[], size: number): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(fn, 'shape', 'a list of integers', shape);
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (unknown >= 0) throw new ArgumentError(fn, 'shape', 'at most one -1', shape);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ArgumentError(fn, 'shape', 'non-negative integers and at most one -1', shape);
    } else known *= d;
  }
  const out = [...shape];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ArgumentError(fn, 'shape', `a shape compatible with ${size} elements`, shape);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ArgumentError(fn, 'shape', `a shape with ${size} elements`, shape);
  }
  return out;
}

/**
 * `x` with a new shape: a view when `x` is contiguous, else a packed copy. Follows NumPy's row-major order.
 */
export function reshape(xIn: NdArray, shape: readonly number[]): NdArray {
  const x = asArray('reshape', 'x', xIn);
  const target = resolveShape('reshape', shape, x.size);
  if (x.isContiguous) return new NdArray(x.data, target, x.dtype, rowMajorStrides(target), x.offset);
  return new NdArray(x.packed(), target, x.dtype);
}

/** A view of `x` with permuted axes (reversed when `axes` is absent). */
export function transpose(xIn: NdArray, axes?: readonly number[]): NdArray {
  const x = asArray('transpose', 'x', xIn);
  const n = x.ndim;
  let perm: number[];
  if (axes === undefined || axes === null) {
    perm = [];
    for (let i = n - 1; i >= 0; i--) perm.push(i);
  } else {
    if (!Array.isArray(axes) || axes.length !== n) {
      throw new ArgumentError('transpose', 'axes', `a permutation of ${n} axes`, axes);
    }
    perm = axes.map((a) => axisOf('transpose', 'axes', a, n));
    if (new Set(perm).size !== n)
      throw new ArgumentError('transpose', 'axes', `a permutation of ${n} axes`, axes);
  }
  return new NdArray(
    x.data,
    perm.map((p) => x.shape[p]!),
    x.dtype,
    perm.map((p) => x.strides[p]!),
    x.offset,
  );
}

/** Checks a shape and returns its element count (for callers that build arrays). */
export function shapeSize(fn: string, shape: readonly number[]): number {
  return sizeOf(checkShape(fn, 'shape', shape));
}
