import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  astype,
  context,
  divide,
  eps,
  index,
  isTensor,
  multiply,
  shape as shapeOf,
  sum,
  svd,
  toTypedArray,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { dtypeName } from '../backend/backend.js';

/**
 * The leverage-score distribution over the rows of a matrix: `p_i = ‖U_{i,:r}‖² / r`, with `U` the left singular
 * vectors and `r` the numerical rank (singular values above `max(S) · max(m, n) · eps`). Rows with high leverage
 * matter most to the row space; sampling rows with these probabilities is the basis of randomized least squares
 * and of sampled ALS (Drineas & Mahoney, "RandNLA", Commun. ACM 59(6), 2016). TensorLy's
 * `metrics.leverage_score_dist`.
 *
 * @param matrix - `(m, n)`.
 * @returns `(m,)`, non-negative, summing to 1, in float64 even for lower-precision input (so that it can feed a
 *   sampler that checks the sum), renormalised after the cast.
 * @example
 * ```ts
 * leverageScoreDist(tl.tensor([[1, 0], [0, 1], [0, 0]])); // [0.5, 0.5, 0]
 * ```
 */
export function leverageScoreDist(matrix: Tensor): Tensor {
  return scope(() => {
    const fn = 'leverageScoreDist';
    const shape = isTensor(matrix) ? shapeOf(matrix) : undefined;
    if (shape === undefined || shape.length !== 2) throw new ArgumentError(fn, 'matrix', 'a matrix', matrix);
    const [u, s] = svd(matrix, false);
    const dtype = context(matrix).dtype;
    const singular = toTypedArray(s);
    let largest = 0;
    for (let i = 0; i < singular.length; i++) largest = Math.max(largest, Number(singular[i]!));
    const cutoff = largest * Math.max(shape[0]!, shape[1]!) * eps(dtype);
    let numRank = 0;
    for (let i = 0; i < singular.length; i++) if (Number(singular[i]!) > cutoff) numRank = i + 1;
    if (numRank === 0) throw new ArgumentError(fn, 'matrix', 'a matrix of non-zero rank', 'a zero matrix');
    const leading = index(u, [null, { start: 0, stop: numRank }]);
    let dist = divide(sum(multiply(leading, leading), 1), numRank);
    const float64 = currentBackend().float64;
    if (dtypeName(context(dist).dtype) !== dtypeName(float64)) {
      dist = astype(dist, float64);
      dist = divide(dist, sum(dist));
    }
    return dist;
  });
}
