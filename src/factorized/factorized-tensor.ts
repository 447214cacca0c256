import { ArgumentError } from '../errors.js';
import { isTensor, matmul, norm, reshape, shape as shapeOf } from '../ops.js';
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

/**
 * The factor side of a factorized tensor's mode-`m` product (TensorLy's `cp_mode_dot`, `tucker_mode_dot`):
 * checks `matrixOrVector` against the mode's length and returns `matrixOrVector · factor`. A matrix's product
 * is the new factor; a vector's is the row `(1, R)` that replaces the factor with `keepDim`, and otherwise is
 * returned flat with `contract` set, for the caller to fold into its other parts.
 */
export function modeDotFactor(
  fn: string,
  shape: readonly number[],
  factor: Tensor,
  matrixOrVector: Tensor,
  m: number,
  keepDim: boolean,
): { product: Tensor; contract: boolean } {
  const size = shape[m]!;
  const mvShape = isTensor(matrixOrVector) ? shapeOf(matrixOrVector) : undefined;
  if (mvShape === undefined || (mvShape.length !== 1 && mvShape.length !== 2)) {
    throw new ArgumentError(fn, 'matrixOrVector', 'a matrix or a vector', matrixOrVector);
  }
  const vector = mvShape.length === 1;
  if (mvShape[vector ? 0 : 1] !== size) {
    throw new ArgumentError(
      fn,
      'matrixOrVector',
      vector
        ? `a vector of length ${size} (mode ${m} of shape [${shape.join(', ')}])`
        : `a matrix with ${size} columns (mode ${m} of shape [${shape.join(', ')}])`,
      `shape [${mvShape.join(', ')}]`,
    );
  }
  const product = matmul(matrixOrVector, factor);
  if (vector && keepDim) return { product: reshape(product, [1, -1]), contract: false };
  return { product, contract: vector };
}
