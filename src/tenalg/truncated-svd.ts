import type { Seed } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import { index, ndim, shape as shapeOf, svd, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** What every SVD function returns: `U (m, k)`, `S (k,)` descending, and `V (k, n)` (right vectors as rows). */
export type SvdResult = [u: Tensor, s: Tensor, v: Tensor];

/**
 * Options every SVD function accepts (each uses those it knows and ignores the rest, as TensorLy's `**kwargs`),
 * so that {@link svdInterface} can pass the same options to any of them.
 */
export interface SvdFunctionOptions {
  /** Randomized SVD: extra dimensions sampled beyond `nEigenvecs` (default 5). */
  nOversamples?: number;
  /** Randomized SVD: power iterations of the range finder (default 2). */
  nIter?: number;
  /** Randomized SVD: the seed of the random projection. */
  randomState?: Seed;
}

/**
 * An SVD function: the matrix, how many singular triplets (all when absent), options.
 * {@link truncatedSvd}, {@link symeigSvd} and {@link randomizedSvd} are SVD functions, and
 * {@link svdInterface} accepts any other.
 */
export type SvdFunction = (
  matrix: Tensor,
  nEigenvecs?: number | null,
  options?: SvdFunctionOptions,
) => SvdResult;

/** What {@link svdChecks} returns. */
export interface SvdChecks {
  /** The number of singular triplets to compute, clipped to `maxDim`. */
  nEigenvecs: number;
  /** `min(m, n)`. */
  minDim: number;
  /** `max(m, n)`. */
  maxDim: number;
}

/**
 * The checks every SVD function runs: `matrix` must be 2-d; `nEigenvecs` defaults to `max(m, n)`, and a larger
 * request is clipped to `max(m, n)` (TensorLy warns; here the clipping is silent and documented).
 * TensorLy's `svd_checks`.
 *
 * @param matrix - the matrix `(m, n)`.
 * @param nEigenvecs - the number requested, a positive integer, or absent.
 * @param fn - the name to report in errors.
 * @returns the number to compute and the two dimensions.
 * @example
 * ```ts
 * svdChecks(tl.ones([10, 4]), 20); // { nEigenvecs: 10, minDim: 4, maxDim: 10 }
 * ```
 */
export function svdChecks(matrix: Tensor, nEigenvecs?: number | null, fn = 'svdChecks'): SvdChecks {
  if (ndim(matrix) !== 2) throw new ArgumentError(fn, 'matrix', 'a matrix (2-d tensor)', matrix);
  const [m, n] = shapeOf(matrix) as [number, number];
  const minDim = Math.min(m, n);
  const maxDim = Math.max(m, n);
  if (nEigenvecs === undefined || nEigenvecs === null) return { nEigenvecs: maxDim, minDim, maxDim };
  if (!Number.isInteger(nEigenvecs) || nEigenvecs < 1) {
    throw new ArgumentError(fn, 'nEigenvecs', 'a positive integer', nEigenvecs);
  }
  return { nEigenvecs: Math.min(nEigenvecs, maxDim), minDim, maxDim };
}

/**
 * Truncated SVD through the backend's full SVD: the `nEigenvecs` leading singular triplets (Golub & Van Loan,
 * "Matrix Computations"). Full matrices are computed only when more than `min(m, n)` vectors are asked for; then
 * `U` (or `V`) has the extra orthonormal vectors and `S` has `min(m, n)` values. TensorLy's `truncated_svd`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @param nEigenvecs - how many singular triplets (default `max(m, n)`, clipped to it).
 * @param _options - accepted and ignored, like the other SVD functions' options.
 * @returns `[U (m, k), S (min(k, m, n),), V (min(k, n), n)]` with `k = nEigenvecs`, so `U·diag(S)·V ≈ matrix`.
 * @example
 * ```ts
 * const [u, s, v] = truncatedSvd(tl.tensor([[3, 0], [0, 4], [0, 0]]), 1); // s = [4]
 * ```
 */
export function truncatedSvd(
  matrix: Tensor,
  nEigenvecs?: number | null,
  _options?: SvdFunctionOptions,
): SvdResult {
  return scope(() => {
    const checks = svdChecks(matrix, nEigenvecs, 'truncatedSvd');
    const k = checks.nEigenvecs;
    const [u, s, v] = svd(matrix, k > checks.minDim);
    return [index(u, [null, { stop: k }]), index(s, [{ stop: k }]), index(v, [{ stop: k }])];
  });
}
