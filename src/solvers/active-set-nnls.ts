import { ArgumentError } from '../errors.js';
import { context, shape as shapeOf, tensor as makeTensor, toTypedArray, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link activeSetNnls}. */
export interface ActiveSetNnlsOptions {
  /** The starting point, any shape with `n` elements (default zeros). */
  x?: Tensor | null;
  /** Maximum number of outer iterations (default 100). */
  nIterMax?: number;
  /** Stop when no inactive variable has a gradient above `tol` (default 1e-7, TensorLy's `10e-8`). */
  tol?: number;
}

/** Solves `a·x = b` in place by Gaussian elimination with partial pivoting; false when a pivot is exactly zero. */
function solveDense(a: Float64Array, b: Float64Array, p: number): boolean {
  for (let c = 0; c < p; c++) {
    let piv = c;
    let best = Math.abs(a[c * p + c]!);
    for (let r = c + 1; r < p; r++) {
      const v = Math.abs(a[r * p + c]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best === 0 || Number.isNaN(best)) return false;
    if (piv !== c) {
      for (let k = 0; k < p; k++) {
        const t = a[c * p + k]!;
        a[c * p + k] = a[piv * p + k]!;
        a[piv * p + k] = t;
      }
      const t = b[c]!;
      b[c] = b[piv]!;
      b[piv] = t;
    }
    const d = a[c * p + c]!;
    for (let r = c + 1; r < p; r++) {
      const f = a[r * p + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < p; k++) a[r * p + k] = a[r * p + k]! - f * a[c * p + k]!;
      b[r] = b[r]! - f * b[c]!;
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < p; k++) s -= a[r * p + k]! * b[k]!;
    b[r] = s / a[r * p + r]!;
  }
  return true;
}

/**
 * Active-set algorithm for non-negative least squares, `min_{x ≥ 0} ‖U·x − m‖²` given `Uᵀm` and `UᵀU`
 * (Bro & De Jong 1997, "A fast non-negativity-constrained least squares algorithm", J. Chemometrics 11(5),
 * after Lawson & Hanson 1974). Each outer step frees the variable of largest gradient, solves the unconstrained
 * problem on the free (passive) set, and steps back to feasibility when needed. TensorLy's
 * `solvers.nnls.active_set_nnls`, with its steps and stopping rule.
 *
 * The small dense solves of the passive sets run on the host in float64; the result has the dtype of `Utm`.
 *
 * @param Utm - `Uᵀm`, a vector `(n,)` (any shape with `n` elements is flattened).
 * @param UtU - `UᵀU`, `(n, n)`.
 * @param options - `x`, `nIterMax`, `tol`.
 * @returns `x`, a non-negative vector `(n,)`.
 * @example
 * ```ts
 * const x = activeSetNnls(tl.tensorToVec(atb), ata);
 * ```
 */
export function activeSetNnls(Utm: Tensor, UtU: Tensor, options: ActiveSetNnlsOptions = {}): Tensor {
  return scope(() => {
    const us = shapeOf(UtU);
    if (us.length !== 2 || us[0] !== us[1])
      throw new ArgumentError('activeSetNnls', 'UtU', 'a square matrix', UtU);
    const n = us[0]!;
    const utm = Float64Array.from(toTypedArray(Utm) as ArrayLike<number>);
    if (utm.length !== n) throw new ArgumentError('activeSetNnls', 'Utm', `a vector of length ${n}`, Utm);
    const { x: x0 = null, nIterMax = 100, tol = 1e-7 } = options;
    if (!Number.isInteger(nIterMax) || nIterMax < 0) {
      throw new ArgumentError('activeSetNnls', 'nIterMax', 'a non-negative integer', nIterMax);
    }
    const utu = Float64Array.from(toTypedArray(UtU) as ArrayLike<number>);
    let x = new Float64Array(n);
    if (x0 !== null) {
      const init = toTypedArray(x0) as ArrayLike<number>;
      if (init.length !== n) throw new ArgumentError('activeSetNnls', 'x', `${n} elements`, x0);
      x = Float64Array.from(init);
    }
    const gradient = new Float64Array(n);
    const updateGradient = (): void => {
      for (let i = 0; i < n; i++) {
        let s = utm[i]!;
        for (let j = 0; j < n; j++) s -= utu[i * n + j]! * x[j]!;
        gradient[i] = s;
      }
    };
    const argmaxGradient = (): number => {
      let best = 0;
      for (let i = 1; i < n; i++) if (gradient[i]! > gradient[best]!) best = i;
      return best;
    };
    // The unconstrained solution on the passive set, zero elsewhere; false when that system is singular.
    const support = new Float64Array(n);
    const solvePassive = (passive: Uint8Array): boolean => {
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (passive[i]) idx.push(i);
      const p = idx.length;
      const a = new Float64Array(p * p);
      const b = new Float64Array(p);
      for (let r = 0; r < p; r++) {
        b[r] = utm[idx[r]!]!;
        for (let c = 0; c < p; c++) a[r * p + c] = utu[idx[r]! * n + idx[c]!]!;
      }
      if (!solveDense(a, b, p)) return false;
      support.fill(0);
      for (let r = 0; r < p; r++) support[idx[r]!] = b[r]!;
      return true;
    };
    const minSupportOnPassive = (passive: Uint8Array): number => {
      let m = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) if (passive[i] && support[i]! < m) m = support[i]!;
      return m;
    };
    updateGradient();
    let passive = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
    for (let iteration = 0; iteration < nIterMax && n > 0; iteration++) {
      if (iteration > 0 || x.every((v) => v === 0)) passive[argmaxGradient()] = 1;
      if (!solvePassive(passive)) {
        // A singular passive system (possible from a given start): restart from zero, as TensorLy.
        x = new Float64Array(n);
        passive = new Uint8Array(n);
        passive[argmaxGradient()] = 1;
        if (!solvePassive(passive)) {
          throw new ArgumentError('activeSetNnls', 'UtU', 'a matrix with a non-zero diagonal', UtU);
        }
      }
      if (minSupportOnPassive(passive) <= 0) {
        for (let inner = 0; inner < n; inner++) {
          // Step from x towards the support as far as feasibility allows.
          let alpha = Number.POSITIVE_INFINITY;
          for (let i = 0; i < n; i++) {
            if (passive[i] && support[i]! <= 0) {
              const denom = x[i]! - support[i]!;
              if (denom !== 0) alpha = Math.min(alpha, x[i]! / denom);
            }
          }
          if (!Number.isFinite(alpha)) alpha = 0;
          for (let i = 0; i < n; i++) x[i] = x[i]! + alpha * (support[i]! - x[i]!);
          passive = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
          if (!solvePassive(passive)) {
            throw new ArgumentError('activeSetNnls', 'UtU', 'a non-singular matrix on the passive set', UtU);
          }
          if (!passive.some((v) => v === 1) || minSupportOnPassive(passive) > 0) break;
        }
      }
      for (let i = 0; i < n; i++) x[i] = Math.max(support[i]!, 0);
      updateGradient();
      let maxActiveGradient = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++)
        if (!passive[i] && gradient[i]! > maxActiveGradient) maxActiveGradient = gradient[i]!;
      if (maxActiveGradient === Number.NEGATIVE_INFINITY || maxActiveGradient <= tol) break;
    }
    return makeTensor(x, { shape: [n], ...context(Utm) });
  });
}
