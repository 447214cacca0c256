import { norm } from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * Base class of the factorized-tensor classes (`CPTensor`, `TuckerTensor`, `TTTensor`, `TTMatrix`, `TRTensor`,
 * `Parafac2Tensor`): a tensor held as factors, which can be rebuilt in full, unfolded or vectorised.
 * TensorLy's `FactorizedTensor`. Instances are immutable: methods that change a factorization return a new one.
 */
export abstract class FactorizedTensor {
  /** The full tensor the factors represent. */
  abstract toTensor(): Tensor;
  /** The mode-`mode` unfolding of the full tensor, `(shape[mode], -1)`. */
  abstract toUnfolded(mode: number): Tensor;
  /** The full tensor flattened in row-major order. */
  abstract toVec(): Tensor;

  /**
   * The Frobenius (l2) norm of the full tensor, as a 0-d tensor. Subclasses with a cheaper formula override it.
   */
  norm(): Tensor {
    return norm(this.toTensor());
  }
}
