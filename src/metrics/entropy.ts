import { ArgumentError } from '../errors.js';
import {
  add,
  context,
  divide,
  eigh,
  eps,
  greater,
  isTensor,
  log2,
  multiply,
  negative,
  reshape,
  shape as shapeOf,
  sum,
  transpose,
  where,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { type CPTensorLike, cpNormalize } from '../factorized/cp-tensor.js';
import { type TTTensorLike, ttToTensor } from '../factorized/tt-tensor.js';

/** `−Σ p log₂ p` over the entries of `p` larger than the dtype's epsilon (the others count as 0). */
function entropyOf(p: Tensor): Tensor {
  const keep = greater(p, eps(context(p).dtype));
  // Where an entry is dropped it becomes 1, whose p log₂ p is exactly 0: no NaN from log(0) or log(negative).
  const safe = where(keep, p, 1);
  return negative(sum(multiply(log2(safe), safe)));
}

/**
 * The von Neumann entropy `−Σ λ log₂ λ` of a density matrix, over its eigenvalues `λ` larger than the dtype's
 * epsilon (Nielsen & Chuang 2010, §11.3). The input may be any tensor whose size is a square `n²` (for instance
 * a `(2, 2, …, 2)` tensor of qubit indices): it is read as an `(n, n)` matrix. TensorLy's
 * `metrics.vonneumann_entropy`.
 *
 * @param tensor - a density matrix (Hermitian, positive semi-definite, unit trace), or a tensor of `n²` entries.
 * @returns the entropy, a 0-d tensor.
 * @example
 * ```ts
 * vonneumannEntropy(tl.tensor([[0.5, 0], [0, 0.5]])); // 1 (one maximally mixed qubit)
 * ```
 */
export function vonneumannEntropy(tensor: Tensor): Tensor {
  return scope(() => {
    const fn = 'vonneumannEntropy';
    const shape = isTensor(tensor) ? shapeOf(tensor) : undefined;
    if (shape === undefined) throw new ArgumentError(fn, 'tensor', 'a tensor', tensor);
    const size = shape.reduce((p, d) => p * d, 1);
    const n = Math.round(Math.sqrt(size));
    if (n * n !== size)
      throw new ArgumentError(fn, 'tensor', 'a tensor with a square number of entries', tensor);
    let matrix = reshape(tensor, [n, n]);
    let eigenvalues: Tensor;
    try {
      eigenvalues = eigh(matrix)[0];
    } catch {
      // Rounding may have left a density matrix slightly non-symmetric: symmetrise and retry, as TensorLy does.
      matrix = divide(add(matrix, transpose(matrix)), 2);
      eigenvalues = eigh(matrix)[0];
    }
    return entropyOf(eigenvalues);
  });
}

/**
 * The von Neumann entropy of a density matrix given in tensor-train form (rebuilt in full first).
 * TensorLy's `metrics.tt_vonneumann_entropy`.
 *
 * @param tensor - a TTTensor or its cores, whose full tensor has `n²` entries.
 * @returns the entropy, a 0-d tensor.
 * @example
 * ```ts
 * ttVonneumannEntropy(tensorTrain(tl.reshape(rho, [2, 2, 2, 2, 2, 2]), [1, 2, 4, 8, 4, 2, 1]));
 * ```
 */
export function ttVonneumannEntropy(tensor: TTTensorLike): Tensor {
  return scope(() => {
    return vonneumannEntropy(ttToTensor(tensor));
  });
}

/**
 * The von Neumann entropy of a density matrix given as a CP tensor `Σ_r w_r u_r v_rᵀ`: `−Σ λ log₂ λ` over the
 * weights `λ` of the normalised CP tensor (its eigenvalues when the factors are orthonormal) larger than the
 * dtype's epsilon. TensorLy's `metrics.cp_vonneumann_entropy`.
 *
 * @param tensor - a CP tensor of a square matrix.
 * @returns the entropy, a 0-d tensor.
 * @example
 * ```ts
 * cpVonneumannEntropy(parafac(rho, 1, { normalizeFactors: true })); // ≈ 0 for a pure state rho
 * ```
 */
export function cpVonneumannEntropy(tensor: CPTensorLike): Tensor {
  return scope(() => {
    return entropyOf(cpNormalize(tensor).weights);
  });
}
