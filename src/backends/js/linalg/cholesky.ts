import { ArgumentError, LinAlgError } from '../../../errors.js';
import { gemmSub } from './gemm.js';

/**
 * Cholesky factorisation of symmetric positive definite row-major matrices, recursive by halves
 * (Gustavson, "Recursion leads to automatic variable blocking for dense linear-algebra algorithms",
 * IBM J. Res. Dev. 41(6), 1997; LAPACK's `dpotrf2`): factor the leading half, solve for the block
 * below it, update the trailing half with one product, factor the trailing half. The products go
 * through `gemm`; only blocks of `LEAF` columns are factored element by element.
 *
 * @module
 */

/** Diagonal blocks this small are factored by the Cholesky–Banachiewicz loops. */
const LEAF = 16;
/** Rows per product when updating a trailing triangle: only the lower part (plus a sliver) is computed. */
const SYRK_ROWS = 32;

/**
 * Factors the diagonal block of size `w` at `(k0, k0)` of `l` (row stride `n`) in place, reading and
 * writing its lower triangle. Returns the 0-based index of the first non-positive pivot, or -1.
 */
function factorBlock(l: Float64Array, n: number, k0: number, w: number): number {
  if (w <= LEAF) {
    for (let i = k0; i < k0 + w; i++) {
      const ri = i * n;
      for (let j = k0; j <= i; j++) {
        const rj = j * n;
        let s = l[ri + j]!;
        for (let p = k0; p < j; p++) s -= l[ri + p]! * l[rj + p]!;
        if (i === j) {
          // `!(s > 0)` also catches NaN.
          if (!(s > 0)) return i;
          l[ri + i] = Math.sqrt(s);
        } else {
          l[ri + j] = s / l[rj + j]!;
        }
      }
    }
    return -1;
  }
  const h = w >> 1;
  const k1 = k0 + h;
  const w2 = w - h;
  const bad = factorBlock(l, n, k0, h);
  if (bad >= 0) return bad;
  // L21 = A21·L11⁻ᵀ, then A22 -= L21·L21ᵀ (lower part only), then factor A22.
  trsmRightLowerT(l, n, k0, h, k1, w2);
  for (let r0 = 0; r0 < w2; r0 += SYRK_ROWS) {
    const rows = Math.min(SYRK_ROWS, w2 - r0);
    const r = k1 + r0;
    gemmSub(rows, r0 + rows, h, l, r * n + k0, n, 1, l, k1 * n + k0, 1, n, l, r * n + k1, n);
  }
  return factorBlock(l, n, k1, w2);
}

/**
 * Solves `X·Lᵀ = B` in place for the `rows` rows of B at `(r0, k0)` (width `w`), L the lower triangle
 * of the diagonal block at `(k0, k0)`, all in `l` with row stride `n`; recursive by halves of L.
 */
function trsmRightLowerT(l: Float64Array, n: number, k0: number, w: number, r0: number, rows: number): void {
  if (rows === 0) return;
  if (w <= LEAF) {
    // Each row x of B: x_j = (b_j - Σ_{p<j} L[j][p]·x_p) / L[j][j], inner products over contiguous rows.
    for (let i = r0; i < r0 + rows; i++) {
      const ri = i * n;
      for (let j = k0; j < k0 + w; j++) {
        const rj = j * n;
        let s = l[ri + j]!;
        for (let p = k0; p < j; p++) s -= l[ri + p]! * l[rj + p]!;
        l[ri + j] = s / l[rj + j]!;
      }
    }
    return;
  }
  const h = w >> 1;
  const k1 = k0 + h;
  trsmRightLowerT(l, n, k0, h, r0, rows);
  // B2 -= X1·L21ᵀ, L21 the block at (k1, k0).
  gemmSub(rows, w - h, h, l, r0 * n + k0, n, 1, l, k1 * n + k0, 1, n, l, r0 * n + k1, n);
  trsmRightLowerT(l, n, k1, w - h, r0, rows);
}

/**
 * Cholesky factor: lower triangular `L` with `A = L·Lᵀ` (LAPACK's `dpotrf` with `uplo = 'L'`, NumPy's
 * `linalg.cholesky`). Only A's lower triangle is read; A is assumed symmetric.
 *
 * @param a - `(n, n)`, row-major, symmetric positive definite; not modified.
 * @returns L, `(n, n)`, row-major, zeros above the diagonal.
 * @throws LinAlgError when A is not positive definite (a pivot is zero, negative or NaN) or has NaN or
 *   infinite entries in its lower triangle.
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError('cholesky', 'n', 'a non-negative integer', n);
  if (a.length < n * n)
    throw new ArgumentError('cholesky', 'a', `at least ${n * n} values for a (${n}, ${n}) matrix`, a.length);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const x = a[ri + j]!;
      if (!Number.isFinite(x)) throw new LinAlgError('cholesky: input contains NaN or Inf');
      l[ri + j] = x;
    }
  }
  const bad = factorBlock(l, n, 0, n);
  if (bad >= 0) {
    throw new LinAlgError(
      `cholesky: the matrix is not positive definite (leading minor of order ${bad + 1})`,
    );
  }
  // The products of the trailing updates write a sliver above the diagonal: clear it.
  for (let i = 0; i < n; i++) l.fill(0, i * n + i + 1, (i + 1) * n);
  return l;
}
