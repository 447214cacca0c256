import { ArgumentError } from '../errors.js';
import {
  abs,
  arange,
  argmax,
  concatenate,
  context,
  equal,
  index,
  multiply,
  ndim,
  ones,
  reshape,
  shape as shapeOf,
  sign,
  sum,
  where,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';

/** The entries of `x` at row `rows[j]` of each column `j` (or column `cols[i]` of each row `i`), without host reads. */
function pick(x: Tensor, positions: Tensor, alongRows: boolean): Tensor {
  const [m, n] = shapeOf(x) as [number, number];
  if (alongRows) {
    const hit = equal(reshape(arange(0, m, 1, { dtype: 'int32' }), [-1, 1]), reshape(positions, [1, -1]));
    return sum(where(hit, x, 0), 0);
  }
  const hit = equal(reshape(arange(0, n, 1, { dtype: 'int32' }), [1, -1]), reshape(positions, [-1, 1]));
  return sum(where(hit, x, 0), 1);
}

/** `signs` cut or padded with ones to `length` entries. */
function fitSigns(signs: Tensor, length: number, like: Tensor): Tensor {
  const k = shapeOf(signs)[0]!;
  if (length === k) return signs;
  if (length < k) return index(signs, [{ stop: length }]);
  return concatenate([signs, ones([length - k], context(like))], 0);
}

/**
 * Makes the signs of an SVD deterministic: each column of `U` (with the matching row of `V`) is flipped so that
 * its entry of largest magnitude is positive; with `uBasedDecision = false`, the rows of `V` decide.
 * `U·diag(S)·V` is unchanged. scikit-learn's `svd_flip`, as TensorLy's `svd_flip`.
 *
 * @param U - left singular vectors `(m, k)`.
 * @param V - right singular vectors, as rows, `(k', n)`.
 * @param uBasedDecision - decide by the columns of `U` (default) or by the rows of `V`.
 * @returns `[U, V]` with flipped signs (new tensors).
 * @example
 * ```ts
 * const [u, s, v] = tl.svd(m, false);
 * const [uf, vf] = svdFlip(u, v); // the largest-magnitude entry of each column of uf is positive
 * ```
 */
export function svdFlip(U: Tensor, V: Tensor, uBasedDecision = true): [u: Tensor, v: Tensor] {
  return scope(() => {
    if (ndim(U) !== 2) throw new ArgumentError('svdFlip', 'U', 'a matrix', U);
    if (ndim(V) !== 2) throw new ArgumentError('svdFlip', 'V', 'a matrix', V);
    const uCols = shapeOf(U)[1]!;
    const vRows = shapeOf(V)[0]!;
    if (uBasedDecision) {
      const signs = sign(pick(U, argmax(abs(U), 0), true));
      return [multiply(U, reshape(signs, [1, -1])), multiply(V, reshape(fitSigns(signs, vRows, V), [-1, 1]))];
    }
    const signs = sign(pick(V, argmax(abs(V), 1), false));
    return [multiply(U, reshape(fitSigns(signs, uCols, U), [1, -1])), multiply(V, reshape(signs, [-1, 1]))];
  });
}
