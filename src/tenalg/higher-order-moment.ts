import { ArgumentError } from '../errors.js';
import { mean, ndim, scope } from '../ops.js';
import type { Tensor } from '../types.js';
import { batchedOuter } from './outer.js';

/**
 * The order-`order` moment of a set of samples: the mean over samples of the `order`-fold outer power,
 * `M[j₁, ..., j_order] = (1/N) Σₙ X[n, j₁]·⋯·X[n, j_order]` (each `j` a multi-index for tensor samples).
 * TensorLy's `tenalg.higher_order_moment`, with its intended meaning (TensorLy 0.9's version fails for
 * `order` ≥ 2: it calls `batched_outer` with two arguments).
 *
 * @param tensor - samples: a matrix `(N, D)` or a tensor `(N, D_1, ..., D_K)`.
 * @param order - the order of the moment, a positive integer.
 * @returns a tensor of shape `(D, ..., D)` (`order` times), or `(D_1, ..., D_K)` repeated `order` times.
 * @example
 * ```ts
 * higherOrderMoment(tl.tensor([[1, 2], [3, 4]]), 2); // [[5, 7], [7, 10]]
 * ```
 */
export function higherOrderMoment(tensor: Tensor, order: number): Tensor {
  return scope(() => {
    if (!Number.isInteger(order) || order < 1) {
      throw new ArgumentError('higherOrderMoment', 'order', 'a positive integer', order);
    }
    if (ndim(tensor) < 1) {
      throw new ArgumentError('higherOrderMoment', 'tensor', 'samples along a first mode', tensor);
    }
    const moment = batchedOuter(new Array<Tensor>(order).fill(tensor));
    return mean(moment, 0);
  });
}
