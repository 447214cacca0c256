import { LinAlgError } from '../../../errors.js';

/**
 * Cholesky factor `L` (lower, row-major `(n, n)`) with `A = L·Lᵀ`, reading A's lower triangle
 * (the Cholesky–Banachiewicz order: row by row, inner products over contiguous rows).
 *
 * @throws LinAlgError when A is not positive definite or has non-finite entries.
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let p = 0; p < j; p++) s -= l[ri + p]! * l[rj + p]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) {
          throw new LinAlgError(`cholesky: the matrix is not positive definite (leading minor ${i + 1})`);
        }
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j]!;
      }
    }
  }
  return l;
}
