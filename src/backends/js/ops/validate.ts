import { foreignTensorError, normAxis } from '../../../backend/backend.js';
import { ArgumentError } from '../../../errors.js';
import { NdArray } from '../ndarray.js';

/** The name the js family reports in errors about foreign tensors. */
const SELF = 'js';

/** `x` as an NdArray, or a typed error naming the argument (and the owning backend for foreign tensors). */
export function asArray(fn: string, arg: string, x: unknown): NdArray {
  if (x instanceof NdArray) return x;
  throw foreignTensorError(SELF, fn, arg, x);
}

/** `x` as an NdArray or a plain number (for broadcasting scalars); booleans count as 0/1. */
export function asArrayOrScalar(fn: string, arg: string, x: unknown): NdArray | number {
  if (x instanceof NdArray) return x;
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw foreignTensorError(SELF, fn, arg, x);
}

/** Validates one axis of an NdArray and makes it non-negative. */
export function axisOf(fn: string, arg: string, axis: number, ndim: number): number {
  return normAxis(fn, arg, axis, ndim);
}

/** Checks that `x` is a matrix (2-d). */
export function asMatrix(fn: string, arg: string, x: unknown): NdArray {
  const a = asArray(fn, arg, x);
  if (a.ndim !== 2) throw new ArgumentError(fn, arg, 'a matrix (2-d tensor)', a);
  return a;
}
