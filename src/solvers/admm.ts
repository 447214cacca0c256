import { ArgumentError } from '../errors.js';
import {
  add,
  context,
  eye,
  item,
  multiply,
  norm,
  shape as shapeOf,
  solve,
  subtract,
  trace,
  transpose,
  scope,
} from '../ops.js';
import { type ConstraintOptions, proximalOperator } from '../tenalg/proximal.js';
import type { Tensor } from '../types.js';

/** Options of {@link admm}: the constraints of {@link proximalOperator}, plus iteration controls. */
export interface AdmmOptions extends ConstraintOptions {
  /** Maximum number of iterations (default 100). */
  nIterMax?: number;
  /**
   * Number of modes the constraints are given for. Default `null`: no constraint, one unconstrained
   * least-squares solve (give 1 to use the constraints on a single factor).
   */
  nConst?: number | null;
  /** The mode whose constraint applies (default 0). */
  order?: number | null;
  /** Stop when both the primal and dual residuals fall below `tol` relative to `x` and the dual (default 1e-4). */
  tol?: number;
}

/**
 * ADMM (alternating direction method of multipliers) for `min_x ‖U·xᵀ − M‖² + r(x)` with `r` a constraint or
 * penalty given by its proximal operator, from `UᵀM` and `UᵀU` (Huang, Sidiropoulos & Liavas 2016, "A flexible
 * and efficient algorithmic framework for constrained matrix and tensor factorization", IEEE TSP 64(19)); the
 * inner solver of AO-ADMM constrained PARAFAC. Iterates
 * `x_split = (UᵀU + ρI)⁻¹(UᵀM + ρ(x + dual))ᵀ`, `x = prox_r(x_splitᵀ − dual)`, `dual += x − x_splitᵀ`,
 * with `ρ = trace(UᵀU) / R`. TensorLy's `solvers.admm.admm`.
 *
 * @param UtM - `MᵀU` in factor layout, `(I, R)` (the MTTKRP).
 * @param UtU - `UᵀU`, `(R, R)`.
 * @param x - the current factor, `(I, R)`.
 * @param dualVar - the dual variable, `(I, R)`.
 * @param options - the constraints (see {@link ConstraintOptions}), `nConst`, `order`, `nIterMax`, `tol`.
 * @returns `[x, xSplit, dualVar]`: the factor `(I, R)`, the split variable `(R, I)`, and the dual `(I, R)`.
 * @example
 * ```ts
 * const [x, , dual] = admm(mttkrp, gram, factor, dual0, { nonNegative: true, nConst: 1 });
 * ```
 */
export function admm(
  UtM: Tensor,
  UtU: Tensor,
  x: Tensor,
  dualVar: Tensor,
  options: AdmmOptions = {},
): [x: Tensor, xSplit: Tensor, dualVar: Tensor] {
  return scope(() => {
    const { nIterMax = 100, nConst = null, order = null, tol = 1e-4, ...constraints } = options;
    const xs = shapeOf(x);
    const us = shapeOf(UtU);
    if (xs.length !== 2) throw new ArgumentError('admm', 'x', 'a matrix (I, R)', x);
    const rank = xs[1]!;
    if (us.length !== 2 || us[0] !== rank || us[1] !== rank) {
      throw new ArgumentError('admm', 'UtU', `a matrix (${rank}, ${rank})`, UtU);
    }
    if (shapeOf(UtM).join() !== xs.join())
      throw new ArgumentError('admm', 'UtM', `a matrix (${xs.join(', ')})`, UtM);
    if (shapeOf(dualVar).join() !== xs.join()) {
      throw new ArgumentError('admm', 'dualVar', `a matrix (${xs.join(', ')})`, dualVar);
    }
    if (!Number.isInteger(nIterMax) || nIterMax < 0) {
      throw new ArgumentError('admm', 'nIterMax', 'a non-negative integer', nIterMax);
    }
    const rho = item(trace(UtU)) / rank;
    const system = transpose(add(UtU, multiply(eye(rank, rank, context(UtU)), rho)));
    let xCur = x;
    let dual = dualVar;
    let xSplit = transpose(x);
    for (let iteration = 0; iteration < nIterMax; iteration++) {
      const xOld = xCur;
      xSplit = solve(system, transpose(add(UtM, multiply(add(xCur, dual), rho))));
      if (nConst === null) {
        // No constraint: the plain least-squares solution.
        xCur = transpose(solve(transpose(UtU), transpose(UtM)));
        return [xCur, xSplit, dual];
      }
      xCur = proximalOperator(subtract(transpose(xSplit), dual), {
        ...constraints,
        nConst,
        order: order ?? 0,
      });
      const dualResidual = subtract(xCur, transpose(xSplit));
      dual = add(dual, dualResidual);
      const primalResidual = subtract(xCur, xOld);
      if (
        item(norm(dualResidual)) < tol * item(norm(xCur)) &&
        item(norm(primalResidual)) < tol * item(norm(dual))
      ) {
        break;
      }
    }
    return [xCur, xSplit, dual];
  });
}
