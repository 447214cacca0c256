import { ArgumentError } from '../errors.js';
import {
  abs,
  arange,
  clip,
  concatenate,
  context,
  divide,
  eps,
  equal,
  greater,
  index,
  less,
  mean,
  multiply,
  negative,
  norm,
  reshape,
  shape as shapeOf,
  sqrt,
  where,
  zeros,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { softThresholding } from './thresholding.js';

/** How {@link makeSvdNonNegative} fills the entries it leaves near zero. */
export type NnsvdType = 'nndsvd' | 'nndsvda';

/** `x / d` where `d` is non-zero, 0 where `d` is 0 (an all-zero part has no direction). */
function safeDivide(x: Tensor, d: Tensor): Tensor {
  const zero = equal(d, 0);
  return divide(x, where(zero, 1, d));
}

/**
 * Turns an SVD into a non-negative pair of factors with NNDSVD (Boutsidis & Gallopoulos 2008, "SVD based
 * initialization: A head start for nonnegative matrix factorization", Pattern Recognition 41(4)): each singular
 * pair is replaced by the dominant of its positive and negative parts. `'nndsvd'` zeroes the entries below
 * machine epsilon, `'nndsvda'` (the default, also `true`) sets them to the mean of `tensor`.
 * TensorLy's `make_svd_non_negative`.
 *
 * Where TensorLy divides by a zero norm (a pair whose positive and negative parts both vanish) and returns NaN,
 * this returns a zero column (then filled as above).
 *
 * @param tensor - the matrix that was decomposed (its mean and dtype are used).
 * @param U - left singular vectors `(m, k)`.
 * @param S - singular values `(k',)`, descending.
 * @param V - right singular vectors, as rows, `(k'', n)`.
 * @param nntype - `'nndsvda'` (default; `true` means this) or `'nndsvd'`.
 * @returns `[W, H]`, non-negative, of the shapes of `U` and `V`.
 * @example
 * ```ts
 * const [u, s, v] = truncatedSvd(m, 3);
 * const [w, h] = makeSvdNonNegative(m, u, s, v, 'nndsvd'); // w >= 0, h >= 0
 * ```
 */
export function makeSvdNonNegative(
  tensor: Tensor,
  U: Tensor,
  S: Tensor,
  V: Tensor,
  nntype: NnsvdType | boolean = 'nndsvda',
): [w: Tensor, h: Tensor] {
  return scope(() => {
    const kind = nntype === true ? 'nndsvda' : nntype;
    if (kind !== 'nndsvd' && kind !== 'nndsvda') {
      throw new ArgumentError('makeSvdNonNegative', 'nntype', "'nndsvd', 'nndsvda' or true", nntype);
    }
    const us = shapeOf(U);
    const vs = shapeOf(V);
    const ss = shapeOf(S);
    if (us.length !== 2) throw new ArgumentError('makeSvdNonNegative', 'U', 'a matrix', U);
    if (vs.length !== 2) throw new ArgumentError('makeSvdNonNegative', 'V', 'a matrix', V);
    const k = Math.min(us[1]!, vs[0]!);
    if (ss.length !== 1 || ss[0]! < k) {
      throw new ArgumentError('makeSvdNonNegative', 'S', `a vector of at least ${k} singular values`, S);
    }
    let W: Tensor;
    let H: Tensor;
    if (k === 0) {
      W = zeros(us, context(U));
      H = zeros(vs, context(V));
    } else {
      // All pairs at once; the leading pair is used as it is (its singular vectors can be taken non-negative).
      const x = index(U, [null, { stop: k }]);
      const y = index(V, [{ stop: k }]);
      const s = index(S, [{ stop: k }]);
      const xp = clip(x, 0);
      const xn = clip(negative(x), 0);
      const yp = clip(y, 0);
      const yn = clip(negative(y), 0);
      const xpNorm = norm(xp, 2, 0);
      const xnNorm = norm(xn, 2, 0);
      const ypNorm = norm(yp, 2, 1);
      const ynNorm = norm(yn, 2, 1);
      const mp = multiply(xpNorm, ypNorm);
      const mn = multiply(xnNorm, ynNorm);
      const positive = greater(mp, mn);
      const isFirst = equal(arange(0, k, 1, { dtype: 'int32' }), 0);
      const u = where(
        reshape(positive, [1, -1]),
        safeDivide(xp, reshape(xpNorm, [1, -1])),
        safeDivide(xn, reshape(xnNorm, [1, -1])),
      );
      const v = where(
        reshape(positive, [-1, 1]),
        safeDivide(yp, reshape(ypNorm, [-1, 1])),
        safeDivide(yn, reshape(ynNorm, [-1, 1])),
      );
      const sigma = where(positive, mp, mn);
      const lbd = sqrt(multiply(s, sigma));
      const sq0 = sqrt(s);
      const wk = where(
        reshape(isFirst, [1, -1]),
        multiply(abs(x), reshape(sq0, [1, -1])),
        multiply(u, reshape(lbd, [1, -1])),
      );
      const hk = where(
        reshape(isFirst, [-1, 1]),
        multiply(abs(y), reshape(sq0, [-1, 1])),
        multiply(v, reshape(lbd, [-1, 1])),
      );
      W = us[1]! > k ? concatenate([wk, zeros([us[0]!, us[1]! - k], context(U))], 1) : wk;
      H = vs[0]! > k ? concatenate([hk, zeros([vs[0]! - k, vs[1]!], context(V))], 0) : hk;
    }
    const e = eps(context(tensor).dtype);
    if (kind === 'nndsvd') return [softThresholding(W, e), softThresholding(H, e)];
    const avg = mean(tensor);
    return [where(less(W, e), avg, W), where(less(H, e), avg, H)];
  });
}
