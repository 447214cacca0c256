import type { Seed } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import {
  checkRandomState,
  context,
  matmul,
  ndim,
  qr,
  shape as shapeOf,
  tensor,
  transpose,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { type SvdFunctionOptions, type SvdResult, svdChecks, truncatedSvd } from './truncated-svd.js';

/** Options of {@link randomizedRangeFinder}. */
export interface RandomizedRangeFinderOptions {
  /** Power iterations, for slowly decaying spectra (default 2). */
  nIter?: number;
  /** The seed of the Gaussian test matrix (drawn as NumPy's `RandomState.normal`). */
  randomState?: Seed;
}

/**
 * An orthonormal basis `Q` whose range approximates the range of `A` (`Q·Qᴴ·A ≈ A`), from a Gaussian sketch
 * refined by power iterations with re-orthonormalisation (Halko, Martinsson & Tropp 2011, "Finding structure
 * with randomness", SIAM Review 53(2), Algorithm 4.4). TensorLy's `randomized_range_finder`.
 *
 * @param A - a matrix `(m, n)`.
 * @param nDims - the dimension of the subspace, a positive integer.
 * @param options - `nIter`, `randomState`.
 * @returns `Q` of shape `(m, min(nDims, m, n))` (`(m, min(nDims, m))` when `nIter` is 0), orthonormal columns.
 * @example
 * ```ts
 * const q = randomizedRangeFinder(a, 5, { randomState: 0 }); // (m, 5), orthonormal columns
 * ```
 */
export function randomizedRangeFinder(
  A: Tensor,
  nDims: number,
  options: RandomizedRangeFinderOptions = {},
): Tensor {
  return scope(() => {
    if (ndim(A) !== 2) throw new ArgumentError('randomizedRangeFinder', 'A', 'a matrix (2-d tensor)', A);
    if (!Number.isInteger(nDims) || nDims < 1) {
      throw new ArgumentError('randomizedRangeFinder', 'nDims', 'a positive integer', nDims);
    }
    const { nIter = 2, randomState } = options;
    if (!Number.isInteger(nIter) || nIter < 0) {
      throw new ArgumentError('randomizedRangeFinder', 'nIter', 'a non-negative integer', nIter);
    }
    const rng = checkRandomState(randomState);
    const n = shapeOf(A)[1]!;
    const sketch = tensor(rng.normal(0, 1, [n, nDims]), { shape: [n, nDims], ...context(A) });
    let [q] = qr(matmul(A, sketch));
    const aH = transpose(A);
    for (let i = 0; i < nIter; i++) {
      [q] = qr(matmul(aH, q));
      [q] = qr(matmul(A, q));
    }
    return q;
  });
}

/**
 * Randomized truncated SVD: project onto an approximate range found by {@link randomizedRangeFinder}, then take
 * the exact SVD of the small projected matrix (Halko, Martinsson & Tropp 2011, Algorithm 5.1). Works on the
 * transpose when that keeps the reduced matrix smaller, as TensorLy. TensorLy's `randomized_svd`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @param nEigenvecs - how many singular triplets (default `max(m, n)`, clipped to it).
 * @param options - `nOversamples` (default 5), `nIter` (default 2), `randomState`.
 * @returns `[U, S, V]` as {@link truncatedSvd} gives them.
 * @example
 * ```ts
 * const [u, s, v] = randomizedSvd(a, 10, { randomState: 0 });
 * ```
 */
export function randomizedSvd(
  matrix: Tensor,
  nEigenvecs?: number | null,
  options: SvdFunctionOptions = {},
): SvdResult {
  return scope(() => {
    const { nEigenvecs: k, minDim, maxDim } = svdChecks(matrix, nEigenvecs, 'randomizedSvd');
    const { nOversamples = 5, nIter = 2, randomState } = options;
    if (!Number.isInteger(nOversamples) || nOversamples < 0) {
      throw new ArgumentError('randomizedSvd', 'nOversamples', 'a non-negative integer', nOversamples);
    }
    const [m, n] = shapeOf(matrix) as [number, number];
    const nDims = Math.min(k + nOversamples, maxDim);
    const reducedDims = Math.min(minDim, nDims);
    if ((m > n && k > reducedDims) || (m < n && k < reducedDims)) {
      // Work on the transpose so that the reduced matrix stays as small as possible (TensorLy's rule).
      const mt = transpose(matrix);
      const q = randomizedRangeFinder(mt, nDims, { nIter, randomState });
      const reduced = transpose(matmul(transpose(q), mt));
      const [u, s, v] = truncatedSvd(reduced, k);
      return [u, s, matmul(v, transpose(q))];
    }
    const q = randomizedRangeFinder(matrix, nDims, { nIter, randomState });
    const reduced = matmul(transpose(q), matrix);
    const [u, s, v] = truncatedSvd(reduced, k);
    return [matmul(q, u), s, v];
  });
}
