import { ArgumentError } from '../errors.js';
import { kron, ndim, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link kronecker}. */
export interface KroneckerOptions {
  /** Position of a matrix to leave out of the product. */
  skipMatrix?: number | null;
  /** Multiply the matrices in reverse order. Default false. */
  reverse?: boolean;
}

/**
 * Kronecker product of a list of matrices, `U₀ ⊗ U₁ ⊗ ⋯` (Kolda & Bader 2009, §2.6).
 * TensorLy's `tenalg.kronecker`.
 *
 * @param matrices - matrices `(I_k, J_k)`; one matrix is returned as it is.
 * @param options - `skipMatrix`, `reverse`.
 * @returns a matrix of shape `(Π I_k, Π J_k)`.
 * @example
 * ```ts
 * kronecker([tl.tensor([[1, 2], [3, 4]]), tl.tensor([[0, 5], [6, 7]])]);
 * // [[0, 5, 0, 10], [6, 7, 12, 14], [0, 15, 0, 20], [18, 21, 24, 28]]
 * ```
 */
export function kronecker(matrices: readonly Tensor[], options: KroneckerOptions = {}): Tensor {
  return scope(() => {
    if (!Array.isArray(matrices)) {
      throw new ArgumentError('kronecker', 'matrices', 'a list of matrices', matrices);
    }
    const { skipMatrix = null, reverse = false } = options;
    const kept: number[] = [];
    matrices.forEach((m, i) => {
      if (i === skipMatrix) return;
      if (ndim(m) !== 2) throw new ArgumentError('kronecker', 'matrices', `matrices[${i}] to be a matrix`, m);
      kept.push(i);
    });
    if (kept.length === 0) {
      throw new ArgumentError('kronecker', 'matrices', 'at least one matrix (after skipMatrix)', matrices);
    }
    let list = kept.map((i) => matrices[i]!);
    if (reverse) list = list.reverse();
    let res = list[0]!;
    for (let i = 1; i < list.length; i++) res = kron(res, list[i]!);
    return res;
  });
}
