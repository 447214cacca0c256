import { NotSupportedError } from '../../../errors.js';
import type { NdArray } from '../ndarray.js';

/** Placeholder: not implemented yet. */
export function einsum(_subscripts: string, ..._operands: NdArray[]): NdArray {
  throw new NotSupportedError('einsum: not implemented yet in the js backend');
}
