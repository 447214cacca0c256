import { ArgumentError } from '../errors.js';
import {
  add,
  astype,
  context,
  index,
  isTensor,
  leftSvd,
  matmul,
  multiply,
  ndim,
  reshape,
  shape as shapeOf,
  subtract,
  zeros,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { makeSvdNonNegative, type NnsvdType } from './make-svd-non-negative.js';
import { randomizedSvd } from './randomized-svd.js';
import { svdFlip } from './svd-flip.js';
import { symeigSvd } from './symeig-svd.js';
import {
  type SvdFunction,
  type SvdFunctionOptions,
  type SvdResult,
  svdChecks,
  truncatedSvd,
} from './truncated-svd.js';

/** The names of the built-in SVD methods, TensorLy's `SVD_FUNS`. */
export const SVD_FUNS = ['truncated_svd', 'symeig_svd', 'randomized_svd'] as const;

/** A built-in SVD method: TensorLy's names, or their camelCase spellings. */
export type SvdMethod = (typeof SVD_FUNS)[number] | 'truncatedSvd' | 'symeigSvd' | 'randomizedSvd';

/** Options of {@link svdInterface}. */
export interface SvdInterfaceOptions extends SvdFunctionOptions {
  /** The SVD method: a name from {@link SVD_FUNS} (default `'truncated_svd'`) or an {@link SvdFunction}. */
  method?: SvdMethod | SvdFunction;
  /** How many singular triplets (default `max(m, n)`, clipped to it). */
  nEigenvecs?: number | null;
  /** Make the signs deterministic with {@link svdFlip} (default true). */
  flipSign?: boolean;
  /** Let the columns of `U` (default) rather than the rows of `V` decide the signs. */
  uBasedFlipSign?: boolean;
  /**
   * Make `U` and `V` non-negative with NNDSVD ({@link makeSvdNonNegative}): `true` or `'nndsvda'`, or
   * `'nndsvd'`. Default: no.
   */
  nonNegative?: boolean | NnsvdType | null;
  /**
   * Which entries are known: a tensor of the matrix's shape, 1 (or true) where known and 0 where missing.
   * Missing entries are imputed by iterated low-rank approximation, so `nEigenvecs` must be given (and below the
   * matrix's rank); without `nEigenvecs` the mask is ignored, as in TensorLy.
   */
  mask?: Tensor | null;
  /** Imputation rounds with a `mask` (default 5). */
  nIterMaskImputation?: number;
}

/**
 * The SVD function a method names (a function passes through).
 *
 * @param method - a name from {@link SVD_FUNS} (or its camelCase spelling), or an {@link SvdFunction}.
 * @param fn - the name to report in errors.
 * @returns the SVD function.
 * @example
 * ```ts
 * svdFunction('randomized_svd')(m, 5, { randomState: 0 });
 * ```
 */
export function svdFunction(method: SvdMethod | SvdFunction, fn = 'svdInterface'): SvdFunction {
  if (typeof method === 'function') return method;
  switch (method) {
    case 'truncated_svd':
    case 'truncatedSvd':
      return truncatedSvd;
    case 'symeig_svd':
    case 'symeigSvd':
      return symeigSvd;
    case 'randomized_svd':
    case 'randomizedSvd':
      return randomizedSvd;
    default:
      throw new ArgumentError(fn, 'method', `one of ${SVD_FUNS.join(', ')} or a function`, method);
  }
}

/**
 * Computes a (truncated) SVD with the chosen method, then optionally imputes missing entries, fixes the signs
 * and makes the factors non-negative. The entry point the decompositions use. TensorLy's `svd_interface`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @param options - `method`, `nEigenvecs`, `flipSign`, `uBasedFlipSign`, `nonNegative`, `mask`,
 *   `nIterMaskImputation`, and the options of the SVD functions (`nOversamples`, `nIter`, `randomState`).
 * @returns `[U (m, k), S (k,), V (k, n)]` for `k = nEigenvecs ≤ min(m, n)`; see {@link truncatedSvd} for more.
 * @example
 * ```ts
 * const [u, s, v] = svdInterface(m, { nEigenvecs: 3 });
 * const [w, , h] = svdInterface(m, { method: 'randomized_svd', nEigenvecs: 3, nonNegative: true, randomState: 0 });
 * ```
 */
export function svdInterface(matrix: Tensor, options: SvdInterfaceOptions = {}): SvdResult {
  return scope(() => {
    const {
      method = 'truncated_svd',
      nEigenvecs = null,
      flipSign = true,
      uBasedFlipSign = true,
      nonNegative = null,
      mask = null,
      nIterMaskImputation = 5,
      ...rest
    } = options;
    const svdFun = svdFunction(method);
    svdChecks(matrix, nEigenvecs, 'svdInterface');
    if (!Number.isInteger(nIterMaskImputation) || nIterMaskImputation < 0) {
      throw new ArgumentError(
        'svdInterface',
        'nIterMaskImputation',
        'a non-negative integer',
        nIterMaskImputation,
      );
    }
    const fnOptions: SvdFunctionOptions = {};
    if (rest.nOversamples !== undefined) fnOptions.nOversamples = rest.nOversamples;
    if (rest.nIter !== undefined) fnOptions.nIter = rest.nIter;
    if (rest.randomState !== undefined) fnOptions.randomState = rest.randomState;

    let current = matrix;
    let [U, S, V] = svdFun(current, nEigenvecs, fnOptions);
    if (mask !== null && nEigenvecs !== null) {
      const ms = isTensor(mask) ? shapeOf(mask) : null;
      const shape = shapeOf(matrix);
      if (ms === null || ms.length !== 2 || ms[0] !== shape[0] || ms[1] !== shape[1]) {
        throw new ArgumentError(
          'svdInterface',
          'mask',
          `a tensor of the matrix's shape [${shape.join(', ')}]`,
          mask,
        );
      }
      const known = astype(mask, context(matrix).dtype);
      const missing = subtract(1, known);
      for (let i = 0; i < nIterMaskImputation; i++) {
        const r = shapeOf(S)[0]!;
        const lowRank = matmul(
          multiply(index(U, [null, { stop: r }]), reshape(S, [1, -1])),
          index(V, [{ stop: r }]),
        );
        current = add(multiply(matrix, known), multiply(lowRank, missing));
        [U, S, V] = svdFun(current, nEigenvecs, fnOptions);
      }
    }
    if (flipSign) [U, V] = svdFlip(U, V, uBasedFlipSign);
    if (nonNegative !== null && nonNegative !== false) {
      [U, V] = makeSvdNonNegative(current, U, S, V, nonNegative);
    }
    return [U, S, V];
  });
}

/**
 * `svdInterface(matrix, { nEigenvecs, ... })[0..1]` for callers that need only U and S (Tucker, CP's SVD
 * initialisation): with the default truncated SVD, no mask and no non-negativity, it goes through the
 * backend's `leftSvd`, which can skip computing V, and flips signs on U as svdInterface does. Other
 * methods and options (and more vectors than the matrix's smaller side) run svdInterface itself.
 */
export function leftSvdInterface(
  matrix: Tensor,
  options: SvdInterfaceOptions & { nEigenvecs: number },
): [u: Tensor, s: Tensor] {
  return scope(() => {
    const {
      method = 'truncated_svd',
      mask = null,
      nonNegative = null,
      flipSign = true,
      uBasedFlipSign = true,
    } = options;
    const plain =
      method === 'truncated_svd' &&
      mask === null &&
      (nonNegative === null || nonNegative === false) &&
      flipSign &&
      uBasedFlipSign;
    const k = options.nEigenvecs;
    if (plain && ndim(matrix) === 2 && Number.isInteger(k) && k >= 1) {
      const [m, n] = shapeOf(matrix) as [number, number];
      if (k <= Math.min(m, n)) {
        const [u, s] = leftSvd(matrix);
        const uk = index(u, [null, { stop: k }]);
        return [svdFlip(uk, zeros([k, 1], context(uk)), true)[0], index(s, [{ stop: k }])];
      }
    }
    const [u, s] = svdInterface(matrix, options);
    return [u, s];
  });
}
