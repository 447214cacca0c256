import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { isTensor, multiply, reshape, shape as shapeOf, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link khatriRao}. */
export interface KhatriRaoOptions {
  /** Weights `(R,)` scaling the columns of the product (as if multiplied into the first matrix). */
  weights?: Tensor | null;
  /** Position of a matrix to leave out of the product. */
  skipMatrix?: number | null;
  /** Multiplies each row of the product (a tensor of `Π I_k` elements, any shape; 0 hides a row). */
  mask?: Tensor | null;
}

/**
 * Checks the matrices of a Khatri–Rao product and returns them (vectors become single-column matrices), with
 * errors that name `fn` and `arg`. Shared by {@link khatriRao} and the MTTKRP.
 */
export function khatriRaoOperands(
  fn: string,
  arg: string,
  matrices: readonly Tensor[],
  skipMatrix: number | null,
): Tensor[] {
  return scope(() => {
    if (!Array.isArray(matrices)) throw new ArgumentError(fn, arg, 'a list of matrices', matrices);
    const out: Tensor[] = [];
    let columns = -1;
    matrices.forEach((m, i) => {
      if (i === skipMatrix) return;
      if (!isTensor(m)) throw new ArgumentError(fn, arg, `matrices[${i}] to be a tensor`, m);
      const s = shapeOf(m);
      // TensorLy reads a list of vectors as single-column matrices.
      const mat = s.length === 1 ? reshape(m, [-1, 1]) : m;
      const ms = s.length === 1 ? [s[0]!, 1] : s;
      if (ms.length !== 2) {
        throw new ArgumentError(fn, arg, `matrices[${i}] to be a matrix (2-d)`, `a ${s.length}-d tensor`);
      }
      if (columns === -1) columns = ms[1]!;
      else if (ms[1] !== columns) {
        throw new ArgumentError(
          fn,
          arg,
          `matrices with the same number of columns (${columns})`,
          `matrices[${i}] with ${ms[1]} columns`,
        );
      }
      out.push(mat);
    });
    if (out.length === 0)
      throw new ArgumentError(fn, arg, 'at least one matrix (after skipMatrix)', matrices);
    return out;
  });
}

/**
 * Khatri–Rao product (column-wise Kronecker product) of matrices with the same number of columns,
 * `U₀ ⊙ U₁ ⊙ ⋯` (Kolda & Bader 2009, §2.6). Row-major convention (TensorLy's): the first matrix's row index
 * varies slowest, so `khatriRao([A, B])[i·I_B + j, r] = A[i, r]·B[j, r]`. TensorLy's `tenalg.khatri_rao`.
 *
 * Unlike TensorLy, `weights` and `mask` also apply when a single matrix is left (TensorLy returns it unweighted).
 *
 * @param matrices - matrices `(I_k, R)` (vectors count as `(I_k, 1)`).
 * @param options - `weights` `(R,)`, `skipMatrix`, `mask` (`Π I_k` elements).
 * @returns a matrix of shape `(Π I_k, R)`.
 * @example
 * ```ts
 * khatriRao([tl.tensor([[1, 2], [3, 4]]), tl.tensor([[1, 1], [2, 0]])]);
 * // [[1, 2], [2, 0], [3, 4], [6, 0]]
 * ```
 */
export function khatriRao(matrices: readonly Tensor[], options: KhatriRaoOptions = {}): Tensor {
  return scope(() => {
    const { weights = null, skipMatrix = null, mask = null } = options;
    const list = khatriRaoOperands('khatriRao', 'matrices', matrices, skipMatrix);
    const rank = shapeOf(list[0]!)[1]!;
    if (weights !== null) {
      const ws = isTensor(weights) ? shapeOf(weights) : null;
      if (ws === null || ws.length !== 1 || ws[0] !== rank) {
        throw new ArgumentError(
          'khatriRao',
          'weights',
          `a vector of length ${rank} (one weight per column)`,
          weights,
        );
      }
      // Scaling the first (usually smallest) operand costs I₀·R instead of Π I_k·R.
      list[0] = multiply(list[0]!, reshape(weights, [1, -1]));
    }
    let res = list.length === 1 ? list[0]! : currentBackend().khatriRao(list);
    if (mask !== null) {
      const rows = list.reduce((p, m) => p * shapeOf(m)[0]!, 1);
      const size = isTensor(mask) ? shapeOf(mask).reduce((p, d) => p * d, 1) : -1;
      if (size !== rows) {
        throw new ArgumentError('khatriRao', 'mask', `a tensor of ${rows} elements (one per row)`, mask);
      }
      res = multiply(res, reshape(mask, [-1, 1]));
    }
    return res;
  });
}
