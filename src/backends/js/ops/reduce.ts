import { NotSupportedError } from '../../../errors.js';
import type { Axes } from '../../../types.js';
import type { NdArray } from '../ndarray.js';

/** Placeholder: not implemented yet. */
export function sum(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('sum: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function prod(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('prod: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function max(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('max: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function min(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('min: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function all(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('all: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function any(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('any: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function mean(_x: NdArray, _axis?: Axes, _keepdims?: boolean): NdArray {
  throw new NotSupportedError('mean: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function argmax(_x: NdArray, _axis?: number | null): NdArray {
  throw new NotSupportedError('argmax: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function argmin(_x: NdArray, _axis?: number | null): NdArray {
  throw new NotSupportedError('argmin: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function cumsum(_x: NdArray, _axis?: number | null): NdArray {
  throw new NotSupportedError('cumsum: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function sort(_x: NdArray, _axis?: number | null, _descending?: boolean): NdArray {
  throw new NotSupportedError('sort: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function argsort(_x: NdArray, _axis?: number | null, _descending?: boolean): NdArray {
  throw new NotSupportedError('argsort: not implemented yet in the js backend');
}
