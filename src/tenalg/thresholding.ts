import { ArgumentError } from '../errors.js';
import {
  abs,
  argsort,
  clip,
  flip,
  less,
  multiply,
  reshape,
  shape as shapeOf,
  sign,
  subtract,
  where,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * Soft-thresholding (shrinkage), the proximal operator of `threshold·‖x‖₁`:
 * `sign(x)·max(|x| − threshold, 0)`. TensorLy's `soft_thresholding`.
 *
 * @param tensor - any tensor.
 * @param threshold - a number, or a tensor broadcasting against `tensor` (one threshold per element; 0 leaves
 *   an element unchanged, which is how TensorLy skips missing values).
 * @returns the thresholded tensor, same shape.
 * @example
 * ```ts
 * softThresholding(tl.tensor([[1, -2, 1.5], [-4, 3, -0.5]]), 1.1); // [[0, -0.9, 0.4], [-2.9, 1.9, 0]]
 * ```
 */
export function softThresholding(tensor: Tensor, threshold: number | Tensor): Tensor {
  return scope(() => {
    return multiply(sign(tensor), clip(subtract(abs(tensor), threshold), 0));
  });
}

/**
 * Hard thresholding, the proximal operator of the ℓ₀ "norm": keeps the `numberOfNonZero` entries of largest
 * magnitude and sets the others to zero (among equal magnitudes, later entries are kept first, as TensorLy).
 * TensorLy's `hard_thresholding`.
 *
 * @param tensor - any tensor.
 * @param numberOfNonZero - how many entries to keep, a non-negative integer.
 * @returns the thresholded tensor, same shape.
 * @example
 * ```ts
 * hardThresholding(tl.tensor([[1, 2, 1.5], [4, -6, -0.5]]), 2); // [[0, 0, 0], [4, -6, 0]]
 * ```
 */
export function hardThresholding(tensor: Tensor, numberOfNonZero: number): Tensor {
  return scope(() => {
    if (!Number.isInteger(numberOfNonZero) || numberOfNonZero < 0) {
      throw new ArgumentError(
        'hardThresholding',
        'numberOfNonZero',
        'a non-negative integer',
        numberOfNonZero,
      );
    }
    const vec = reshape(tensor, [-1]);
    // The rank of each entry by decreasing magnitude, TensorLy's argsort(flip(argsort(|x|))).
    const ranks = argsort(flip(argsort(abs(vec), 0), 0), 0);
    return reshape(where(less(ranks, numberOfNonZero), vec, 0), shapeOf(tensor));
  });
}
