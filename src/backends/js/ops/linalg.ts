import { NotSupportedError } from '../../../errors.js';
import type { QrMode } from '../../../types.js';
import type { NdArray } from '../ndarray.js';

/** Placeholder: not implemented yet. */
export function matmul(_a: NdArray, _b: NdArray): NdArray {
  throw new NotSupportedError('matmul: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function solve(_a: NdArray, _b: NdArray): NdArray {
  throw new NotSupportedError('solve: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function lstsq(_a: NdArray, _b: NdArray, _rcond?: number | null): [NdArray, NdArray, number, NdArray] {
  throw new NotSupportedError('lstsq: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function qr(_a: NdArray, _mode?: QrMode): [NdArray, NdArray] {
  throw new NotSupportedError('qr: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function svd(_a: NdArray, _fullMatrices?: boolean): [NdArray, NdArray, NdArray] {
  throw new NotSupportedError('svd: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function eigh(_a: NdArray): [NdArray, NdArray] {
  throw new NotSupportedError('eigh: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function cholesky(_a: NdArray): NdArray {
  throw new NotSupportedError('cholesky: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function inv(_a: NdArray): NdArray {
  throw new NotSupportedError('inv: not implemented yet in the js backend');
}

/** Placeholder: not implemented yet. */
export function pinv(_a: NdArray, _rcond?: number): NdArray {
  throw new NotSupportedError('pinv: not implemented yet in the js backend');
}
