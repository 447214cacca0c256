/**
 * Least squares and the Moore–Penrose pseudo-inverse through the SVD.
 *
 * @module
 */
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { checkMatrix, svdApply, svdRows, transpose } from './svd.js';

/**
 * Minimum-norm least-squares solution of `A·x ≈ b`, like `numpy.linalg.lstsq` (LAPACK `dgelsd`).
 *
 * Computed from the SVD `A = U·diag(s)·Vᵀ` as `x = V·diag(s⁺)·Uᵀ·b`, where singular values
 * `s_i ≤ rcond·max(s)` count as zero; `Uᵀ·b` is accumulated during the SVD without forming `U`
 * (as `dgelss`).
 *
 * @param a - `(m, n)` row-major coefficient matrix; not modified.
 * @param m - rows of `a` and `b`.
 * @param n - columns of `a`.
 * @param b - `(m, nrhs)` row-major right-hand sides; not modified.
 * @param nrhs - number of right-hand sides.
 * @param rcond - relative cutoff for small singular values; default `eps·max(m, n)` (NumPy's `rcond=None`);
 *   a negative value means machine epsilon, as in LAPACK.
 * @returns `x` `(n, nrhs)`; `residuals` `(nrhs,)` squared 2-norms of the columns of `b - A·x`, or length 0
 *   when `rank < n` or `m ≤ n`; `rank` the effective rank; `s` `(min(m, n),)` singular values, descending.
 * @throws ArgumentError on mismatched sizes or a non-finite `rcond`.
 * @throws LinAlgError when `a` contains NaN or Inf, or the SVD does not converge.
 * @example
 * ```ts
 * // fit y = c0 + c1·t through (0, 1), (1, 3), (2, 5)
 * const { x } = lstsq(new Float64Array([1, 0, 1, 1, 1, 2]), 3, 2, new Float64Array([1, 3, 5]), 1); // x = [1, 2]
 * ```
 */
export function lstsq(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  nrhs: number,
  rcond?: number,
): { x: Float64Array; residuals: Float64Array; rank: number; s: Float64Array } {
  checkMatrix('lstsq', a, m, n);
  if (!Number.isInteger(nrhs) || nrhs < 0) throw new ArgumentError('lstsq', 'nrhs', 'a non-negative integer', nrhs);
  if (!(b instanceof Float64Array)) throw new ArgumentError('lstsq', 'b', 'a Float64Array', b);
  if (b.length !== m * nrhs)
    throw new ArgumentError('lstsq', 'b', `a Float64Array of length ${m * nrhs} (${m}×${nrhs})`, b);
  let cut = rcond ?? Number.EPSILON * Math.max(m, n);
  if (!Number.isFinite(cut)) throw new ArgumentError('lstsq', 'rcond', 'a finite number', rcond);
  if (cut < 0) cut = Number.EPSILON;
  for (let i = 0; i < b.length; i++) {
    const v = b[i]!;
    if (v - v !== 0) throw new LinAlgError('lstsq: input contains NaN or Inf');
  }
  const k = Math.min(m, n);
  const { s, c, right } = svdApply(a, m, n, b, nrhs, 'lstsq');
  const threshold = k > 0 ? cut * s[0]! : 0;
  let rank = 0;
  while (rank < k && s[rank]! > threshold) rank++;
  // xᵀ (nrhs × n) = Σ_k (c_k / s_k)ᵀ ⊗ right_k: contiguous axpys of length n.
  const xt = new Float64Array(nrhs * n);
  for (let q = 0; q < rank; q++) {
    const inv = 1 / s[q]!;
    const ro = q * n;
    for (let r = 0; r < nrhs; r++) {
      const coef = c[q * nrhs + r]! * inv;
      if (coef === 0) continue;
      const o = r * n;
      for (let j = 0; j < n; j++) xt[o + j] = xt[o + j]! + coef * right[ro + j]!;
    }
  }
  const x = transpose(xt, nrhs, n);
  let residuals = new Float64Array(0);
  if (rank === n && m > n) {
    // Direct b - A·x: as accurate as LAPACK's rotated right-hand side and independent of how U was applied.
    residuals = new Float64Array(nrhs);
    const ax = new Float64Array(nrhs);
    for (let i = 0; i < m; i++) {
      ax.fill(0);
      const ao = i * n;
      for (let j = 0; j < n; j++) {
        const aij = a[ao + j]!;
        if (aij === 0) continue;
        const xo = j * nrhs;
        for (let r = 0; r < nrhs; r++) ax[r] = ax[r]! + aij * x[xo + r]!;
      }
      const bo = i * nrhs;
      for (let r = 0; r < nrhs; r++) {
        const d = b[bo + r]! - ax[r]!;
        residuals[r] = residuals[r]! + d * d;
      }
    }
  }
  return { x, residuals, rank, s };
}

/**
 * Moore–Penrose pseudo-inverse, like `numpy.linalg.pinv`: `A⁺ = V·diag(s⁺)·Uᵀ` where singular values
 * `s_i ≤ rcond·max(s)` are dropped.
 *
 * @param a - `(m, n)` row-major matrix; not modified.
 * @param m - number of rows.
 * @param n - number of columns.
 * @param rcond - relative cutoff; default `1e-15` as in NumPy.
 * @returns `(n, m)` row-major pseudo-inverse.
 * @throws ArgumentError on a size mismatch or a non-finite `rcond`.
 * @throws LinAlgError when `a` contains NaN or Inf, or the SVD does not converge.
 * @example
 * ```ts
 * pinv(new Float64Array([2, 0, 0, 0]), 2, 2); // [0.5, 0, 0, 0]
 * ```
 */
export function pinv(a: Float64Array, m: number, n: number, rcond = 1e-15): Float64Array {
  checkMatrix('pinv', a, m, n);
  if (!Number.isFinite(rcond)) throw new ArgumentError('pinv', 'rcond', 'a finite number', rcond);
  const out = new Float64Array(n * m);
  if (m === 0 || n === 0) return out;
  const { s, left, right } = svdRows(a, m, n, false, true, 'pinv');
  const threshold = rcond * s[0]!;
  const k = s.length;
  const u = left!;
  const vt = right!;
  for (let q = 0; q < k; q++) {
    const sq = s[q]!;
    if (!(sq > threshold)) continue;
    const inv = 1 / sq;
    const uo = q * m;
    for (let i = 0; i < n; i++) {
      const coef = vt[q * n + i]! * inv;
      if (coef === 0) continue;
      const o = i * m;
      for (let j = 0; j < m; j++) out[o + j] = out[o + j]! + coef * u[uo + j]!;
    }
  }
  return out;
}
