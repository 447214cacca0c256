import { ArgumentError } from '../errors.js';
import {
  add,
  context,
  isTensor,
  item,
  less,
  matmul,
  multiply,
  shape as shapeOf,
  subtract,
  sum,
  where,
  zeros,
  scope,
} from '../ops.js';
import { multiModeDot } from '../tenalg/mode-dot.js';
import { truncatedSvd } from '../tenalg/truncated-svd.js';
import type { Tensor } from '../types.js';

/** Options of {@link fista}. */
export interface FistaOptions {
  /** The starting point, shape of `UtM` (default zeros). */
  x?: Tensor | null;
  /** Maximum number of iterations (default 100). */
  nIterMax?: number;
  /** Keep the solution at least `epsilon` (default true). */
  nonNegative?: boolean;
  /** ℓ₁ penalty weight (default 0). */
  sparsityCoef?: number | null;
  /** Squared ℓ₂ penalty weight (default 0). */
  ridgeCoef?: number;
  /**
   * Step size; default `1 / (L + 2·ridgeCoef)` with `L` the largest singular value of `UtU` (for a list of
   * matrices, the product of theirs, the Lipschitz constant of the Kronecker operator).
   */
  lr?: number | null;
  /** Stop when `|Σ(x_k − x_{k+1})|` falls below `tol` times its first value (default 1e-8). */
  tol?: number;
  /** Lower bound of the solution when `nonNegative` (default 1e-8). */
  epsilon?: number;
}

function largestSingularValue(m: Tensor): number {
  return item(truncatedSvd(m, 1)[1]);
}

/**
 * FISTA, the fast iterative shrinkage-thresholding algorithm (Beck & Teboulle 2009, "A fast iterative
 * shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging Sciences 2(1)), for
 * `min_x ½‖m − U·x‖² + λ₁‖x‖₁ + λ₂‖x‖²` (optionally with `x ≥ ε`), given `Uᵀm` and `UᵀU`. `UtU` may also be a
 * list of matrices, one per mode of `x`, standing for their Kronecker product (the core update of non-negative
 * Tucker). TensorLy's `solvers.nnls.fista`.
 *
 * @param UtM - `Uᵀm`, any shape (a vector, a matrix of right-hand sides, or a core tensor).
 * @param UtU - `UᵀU` `(r, r)`, or a list of `(r_k, r_k)` matrices applied mode by mode.
 * @param options - `x`, `nIterMax`, `nonNegative`, `sparsityCoef`, `ridgeCoef`, `lr`, `tol`, `epsilon`.
 * @returns the approximate solution, shape of `UtM`.
 * @example
 * ```ts
 * const x = fista(tl.matmul(tl.transpose(a), b), tl.matmul(tl.transpose(a), a), { nIterMax: 5000, tol: 1e-15 });
 * ```
 */
export function fista(UtM: Tensor, UtU: Tensor | readonly Tensor[], options: FistaOptions = {}): Tensor {
  return scope(() => {
    const {
      x: x0 = null,
      nIterMax = 100,
      nonNegative = true,
      ridgeCoef = 0,
      tol = 1e-8,
      epsilon = 1e-8,
    } = options;
    const sparsityCoef = options.sparsityCoef ?? 0;
    if (!Number.isInteger(nIterMax) || nIterMax < 0) {
      throw new ArgumentError('fista', 'nIterMax', 'a non-negative integer', nIterMax);
    }
    const list = Array.isArray(UtU);
    if (!list && !isTensor(UtU))
      throw new ArgumentError('fista', 'UtU', 'a matrix or a list of matrices', UtU);
    const apply = (v: Tensor): Tensor =>
      list ? multiModeDot(v, UtU as readonly Tensor[]) : matmul(UtU as Tensor, v);
    let lr = options.lr ?? null;
    if (lr === null) {
      const lipschitz = list
        ? (UtU as readonly Tensor[]).reduce((p, m) => p * largestSingularValue(m), 1)
        : largestSingularValue(UtU as Tensor);
      lr = 1 / (lipschitz + 2 * ridgeCoef);
    }
    let x = x0 ?? zeros(shapeOf(UtM), context(UtM));
    if (x0 !== null && shapeOf(x0).join() !== shapeOf(UtM).join()) {
      throw new ArgumentError('fista', 'x', `a tensor of the shape of UtM [${shapeOf(UtM).join(', ')}]`, x0);
    }
    let momentumOld = 1;
    let norm0 = 0;
    let xUpdate = x;
    for (let iteration = 0; iteration < nIterMax; iteration++) {
      let gradient = add(subtract(apply(xUpdate), UtM), sparsityCoef);
      if (ridgeCoef !== 0) gradient = add(gradient, multiply(xUpdate, 2 * ridgeCoef));
      let xNew = subtract(xUpdate, multiply(gradient, lr));
      if (nonNegative) xNew = where(less(xNew, epsilon), epsilon, xNew);
      const momentum = (1 + Math.sqrt(1 + 4 * momentumOld * momentumOld)) / 2;
      xUpdate = add(xNew, multiply(subtract(xNew, x), (momentumOld - 1) / momentum));
      momentumOld = momentum;
      // The change's plain sum tracks convergence (TensorLy's choice: squares overflow in float32).
      const change = Math.abs(item(sum(subtract(x, xNew))));
      x = xNew;
      if (iteration === 0) norm0 = change;
      if (change < tol * norm0) break;
    }
    return x;
  });
}
