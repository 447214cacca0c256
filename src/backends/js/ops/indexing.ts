import { NotSupportedError } from '../../../errors.js';
import type { Axes, IndexSpec } from '../../../types.js';
import type { NdArray } from '../ndarray.js';

/** Placeholder: not implemented yet. */
export function concatenate(_tensors: readonly NdArray[], _axis?: number): NdArray {
  throw new NotSupportedError('concatenate: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function flip(_x: NdArray, _axis?: Axes): NdArray {
  throw new NotSupportedError('flip: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function index(_x: NdArray, _indices: IndexSpec): NdArray {
  throw new NotSupportedError('index: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function indexUpdate(_x: NdArray, _indices: IndexSpec, _values: NdArray | number): NdArray {
  throw new NotSupportedError('indexUpdate: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function take(_x: NdArray, _indices: readonly number[] | Int32Array, _axis: number): NdArray {
  throw new NotSupportedError('take: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function diag(_x: NdArray, _k?: number): NdArray {
  throw new NotSupportedError('diag: not implemented yet in the js backend');
}
