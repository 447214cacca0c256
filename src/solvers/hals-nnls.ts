import { ArgumentError } from '../errors.js';
import {
  clip,
  context,
  eps,
  matmul,
  multiply,
  shape as shapeOf,
  solve,
  sum,
  tensor as makeTensor,
  toTypedArray,
  transpose,
  item,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link halsNnls}. */
export interface HalsNnlsOptions {
  /**
   * Initial `V` `(r, n)` (not modified). Default: the unconstrained solution clipped at 0 and rescaled, so that
   * each column starts near the closest columns of `U`.
   */
  V?: Tensor | null;
  /** Upper bound on the sweeps over the rows of `V` (default 500). */
  nIterMax?: number;
  /**
   * Stop when a sweep changes `V` by less than `tol` times the change of the first sweep (squared Frobenius
   * norms; default 1e-8). Small for an almost exact solution, larger (1e-2) inside an outer alternating loop.
   */
  tol?: number;
  /** ℓ₁ penalty weight `λ_s` (default none). */
  sparsityCoefficient?: number | null;
  /** Ridge (ℓ₂²) penalty weight `λ_r` (default none). */
  ridgeCoefficient?: number | null;
  /** Keep every row of `V` non-zero (a zero row is reset to a tiny positive value). Default false. */
  nonzeroRows?: boolean;
  /** Solve to high precision: sets `nIterMax` to 50000 and `tol` to 1e-16. Default false. */
  exact?: boolean;
  /** Lower bound of the entries of `V` (default 0). */
  epsilon?: number;
  /**
   * Called after each sweep with the current `V` and the squared norm of its change in that sweep; returning
   * `true` stops the iterations.
   */
  callback?: ((V: Tensor, error: number) => boolean | undefined) | null;
}

/**
 * Non-negative least squares by hierarchical alternating least squares (HALS): exact block-coordinate descent
 * over the rows of `V` for `min_{V ≥ ε} ‖M − U·V‖_F² + 2λ_s‖V‖₁ + λ_r‖V‖_F²`, given only `UᵀM` and `UᵀU`
 * (Gillis & Glineur 2012, "Accelerated multiplicative updates and hierarchical ALS algorithms for nonnegative
 * matrix factorization", Neural Computation 24(4)). Row `k` is updated as
 * `V[k] ← max(ε, (UᵀM[k] − UᵀU[k]·V + UᵀU[k,k]·V[k] − λ_s) / (UᵀU[k,k] + 2λ_r))`.
 * TensorLy's `solvers.nnls.hals_nnls`.
 *
 * The sweeps are sequential row updates of a small `(r, n)` matrix, computed on the host in float64 (one read
 * and one write of the operands), which is faster on every backend than `r` dispatched operations per sweep;
 * the result has the dtype of `UtM`.
 *
 * @param UtM - `UᵀM`, shape `(r, n)`.
 * @param UtU - `UᵀU`, shape `(r, r)`.
 * @param options - `V`, `nIterMax`, `tol`, `sparsityCoefficient`, `ridgeCoefficient`, `nonzeroRows`, `exact`,
 *   `epsilon`, `callback`.
 * @returns `V`, shape `(r, n)`, non-negative (at least `epsilon`).
 * @example
 * ```ts
 * const V = halsNnls(tl.matmul(tl.transpose(U), M), tl.matmul(tl.transpose(U), U), { exact: true });
 * ```
 */
export function halsNnls(UtM: Tensor, UtU: Tensor, options: HalsNnlsOptions = {}): Tensor {
  return scope(() => {
    const ms = shapeOf(UtM);
    const us = shapeOf(UtU);
    if (ms.length !== 2) throw new ArgumentError('halsNnls', 'UtM', 'a matrix (r, n)', UtM);
    const [r, n] = ms as [number, number];
    if (us.length !== 2 || us[0] !== r || us[1] !== r) {
      throw new ArgumentError('halsNnls', 'UtU', `a matrix (${r}, ${r})`, UtU);
    }
    const {
      V = null,
      sparsityCoefficient = null,
      ridgeCoefficient = null,
      nonzeroRows = false,
      exact = false,
      epsilon = 0,
      callback = null,
    } = options;
    let nIterMax = options.nIterMax ?? 500;
    let tol = options.tol ?? 1e-8;
    if (!Number.isInteger(nIterMax) || nIterMax < 0) {
      throw new ArgumentError('halsNnls', 'nIterMax', 'a non-negative integer', nIterMax);
    }
    if (exact) {
      nIterMax = 50000;
      tol = 1e-16;
    }
    const ctx = context(UtM);
    let init: Tensor;
    if (V === null) {
      let v0 = clip(solve(UtU, UtM), 0);
      const den = item(sum(multiply(UtU, matmul(v0, transpose(v0)))));
      if (den !== 0) v0 = multiply(v0, item(sum(multiply(UtM, v0))) / den);
      init = v0;
    } else {
      const vs = shapeOf(V);
      if (vs.length !== 2 || vs[0] !== r || vs[1] !== n) {
        throw new ArgumentError('halsNnls', 'V', `a matrix (${r}, ${n})`, V);
      }
      init = V;
    }
    const utm = Float64Array.from(toTypedArray(UtM) as ArrayLike<number>);
    const utu = Float64Array.from(toTypedArray(UtU) as ArrayLike<number>);
    const v = Float64Array.from(toTypedArray(init) as ArrayLike<number>);
    const sparsity = sparsityCoefficient ?? 0;
    const ridge = ridgeCoefficient === null ? 0 : 2 * ridgeCoefficient;
    const floor = eps(ctx.dtype);
    const acc = new Float64Array(n);
    let recError0 = 0;
    for (let iteration = 0; iteration < nIterMax; iteration++) {
      let recError = 0;
      for (let k = 0; k < r; k++) {
        const d = utu[k * r + k]!;
        if (d === 0) {
          if (nonzeroRows) {
            throw new ArgumentError('halsNnls', 'UtU', `a non-zero diagonal (column ${k} of U is zero)`, UtU);
          }
          continue;
        }
        // acc = UᵀU[k]·V without row k, by rows of V (cache-friendly axpy).
        acc.fill(0);
        for (let l = 0; l < r; l++) {
          if (l === k) continue;
          const c = utu[k * r + l]!;
          if (c === 0) continue;
          const off = l * n;
          for (let j = 0; j < n; j++) acc[j] = acc[j]! + c * v[off + j]!;
        }
        const den = d + ridge;
        const off = k * n;
        let rowZero = true;
        for (let j = 0; j < n; j++) {
          let nv = (utm[off + j]! - acc[j]! - sparsity) / den;
          if (nv < epsilon) nv = epsilon;
          const diff = v[off + j]! - nv;
          recError += diff * diff;
          v[off + j] = nv;
          if (nv !== 0) rowZero = false;
        }
        if (nonzeroRows && rowZero) {
          let vmax = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < v.length; i++) if (v[i]! > vmax) vmax = v[i]!;
          for (let j = 0; j < n; j++) v[off + j] = floor * vmax;
        }
      }
      if (callback !== null && callback(makeTensor(v.slice(), { shape: [r, n], ...ctx }), recError) === true)
        break;
      if (iteration === 0) recError0 = recError;
      if (recError < tol * recError0) break;
    }
    return makeTensor(v, { shape: [r, n], ...ctx });
  });
}
