/**
 * Least squares and the Moore–Penrose pseudo-inverse through the SVD.
 *
 * @module
 */
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { gemm } from './gemm.js';
import { checkMatrix, svdApply, svdRows, transpose } from './svd.js';

/** `Aᵀ·B` for row-major `a` `(k, rows)` and `b` `(k, cols)`: a `(rows, cols)` product through GEMM's strided reads. */
function atb(a: Float64Array, b: Float64Array, k: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  gemm(rows, cols, k, a, 0, 1, rows, b, 0, cols, 1, out, 0, cols, 0);
  return out;
}

/**
 * Checks the operands of {@link lstsq} (sizes, `nrhs`, a finite `rcond`) and returns the relative cutoff
 * below which singular values count as zero: `rcond`, else `ε·max(m, n)`; a negative one means `ε`, as in
 * LAPACK. Shared with the native backend's `gelsd` path, which must accept and reject the same input.
 */
export function lstsqCutoff(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  nrhs: number,
  rcond: number | undefined,
): number {
  checkMatrix('lstsq', a, m, n);
  if (!Number.isInteger(nrhs) || nrhs < 0)
    throw new ArgumentError('lstsq', 'nrhs', 'a non-negative integer', nrhs);
  if (!(b instanceof Float64Array)) throw new ArgumentError('lstsq', 'b', 'a Float64Array', b);
  if (b.length !== m * nrhs)
    throw new ArgumentError('lstsq', 'b', `a Float64Array of length ${m * nrhs} (${m}×${nrhs})`, b);
  const cut = rcond ?? Number.EPSILON * Math.max(m, n);
  if (!Number.isFinite(cut)) throw new ArgumentError('lstsq', 'rcond', 'a finite number', rcond);
  return cut < 0 ? Number.EPSILON : cut;
}

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
  const cut = lstsqCutoff(a, m, n, b, nrhs, rcond);
  for (let i = 0; i < b.length; i++) {
    const v = b[i]!;
    if (v - v !== 0) throw new LinAlgError('lstsq: input contains NaN or Inf');
  }
  const k = Math.min(m, n);
  const { s, c, right } = svdApply(a, m, n, b, nrhs, 'lstsq');
  const threshold = k > 0 ? cut * s[0]! : 0;
  let rank = 0;
  while (rank < k && s[rank]! > threshold) rank++;
  // xᵀ (nrhs × n) = (diag(1/s)·c)ᵀ·right over the first `rank` rows.
  const cs = c.slice(0, rank * nrhs);
  for (let q = 0; q < rank; q++) {
    const inv = 1 / s[q]!;
    for (let r = 0; r < nrhs; r++) cs[q * nrhs + r] = cs[q * nrhs + r]! * inv;
  }
  const xt = atb(cs, right, rank, nrhs, n);
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
  if (m === 0 || n === 0) return new Float64Array(n * m);
  const { s, left, right } = svdRows(a, m, n, false, true, 'pinv');
  const threshold = rcond * s[0]!;
  let rank = 0;
  while (rank < s.length && s[rank]! > threshold) rank++;
  // A⁺ = (diag(1/s)·Vᵀ)ᵀ·Uᵀ over the retained singular triplets.
  const vs = right!.slice(0, rank * n);
  for (let q = 0; q < rank; q++) {
    const inv = 1 / s[q]!;
    for (let i = 0; i < n; i++) vs[q * n + i] = vs[q * n + i]! * inv;
  }
  return atb(vs, left!, rank, n, m);
}
