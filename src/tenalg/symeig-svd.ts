import {
  clip,
  divide,
  eigh,
  eps,
  flip,
  index,
  matmul,
  reshape,
  context,
  shape as shapeOf,
  sqrt,
  transpose,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { type SvdFunctionOptions, type SvdResult, svdChecks } from './truncated-svd.js';

/**
 * Truncated SVD through a symmetric eigendecomposition of `A·Aᵀ` (size `m`, when `m > n`) or of `Aᵀ·A`
 * (size `n`, otherwise; TensorLy's choice, kept). Less accurate for small singular values, which are square roots
 * of eigenvalues clipped at machine epsilon. TensorLy's `symeig_svd`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @param nEigenvecs - how many singular triplets (default `max(m, n)`, clipped to it).
 * @param _options - accepted and ignored, like the other SVD functions' options.
 * @returns `[U (m, min(m, k)), S (min(m, n, k),), V (min(n, k), n)]`.
 * @example
 * ```ts
 * const [u, s, v] = symeigSvd(tl.tensor([[3, 0], [0, 4], [0, 0]]), 2); // s = [4, 3]
 * ```
 */
export function symeigSvd(
  matrix: Tensor,
  nEigenvecs?: number | null,
  _options?: SvdFunctionOptions,
): SvdResult {
  return scope(() => {
    const { nEigenvecs: k } = svdChecks(matrix, nEigenvecs, 'symeigSvd');
    const [m, n] = shapeOf(matrix) as [number, number];
    const at = transpose(matrix);
    const floor = eps(context(matrix).dtype);
    let u: Tensor;
    let s: Tensor;
    let v: Tensor;
    if (m > n) {
      const [w, vecs] = eigh(matmul(matrix, at));
      s = sqrt(clip(w, floor));
      u = vecs;
      v = matmul(at, divide(vecs, reshape(s, [1, -1])));
    } else {
      const [w, vecs] = eigh(matmul(at, matrix));
      s = sqrt(clip(w, floor));
      v = vecs;
      u = divide(matmul(matrix, vecs), reshape(s, [1, -1]));
    }
    // eigh sorts ascending; singular values go descending.
    u = flip(u, 1);
    s = flip(s, 0);
    v = flip(transpose(v), 0);
    return [
      index(u, [null, { stop: Math.min(m, k) }]),
      index(s, [{ stop: Math.min(m, n, k) }]),
      index(v, [{ stop: Math.min(n, k) }]),
    ];
  });
}
