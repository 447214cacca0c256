import { LinAlgError } from '../../../errors.js';

/**
 * LU factorisation with partial pivoting, `P·A = L·U`, of a row-major `(n, n)` matrix (Golub & Van Loan
 * §3.4). Row operations sweep contiguous rows. `lu` holds L's multipliers below the diagonal and U on and
 * above it; `piv[i]` is the row swapped into position i; `sign` is the permutation's parity.
 *
 * @throws LinAlgError when the matrix is exactly singular or has non-finite entries.
 */
export function luFactor(a: Float64Array, n: number): { lu: Float64Array; piv: Int32Array; sign: number } {
  const lu = a.slice(0, n * n);
  for (let i = 0; i < n * n; i++)
    if (!Number.isFinite(lu[i]!)) throw new LinAlgError('solve: input contains NaN or Inf');
  const piv = new Int32Array(n);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (best === 0) throw new LinAlgError('solve: the matrix is singular');
    if (p !== k) {
      sign = -sign;
      for (let c = 0; c < n; c++) {
        const t = lu[k * n + c]!;
        lu[k * n + c] = lu[p * n + c]!;
        lu[p * n + c] = t;
      }
    }
    const pivot = lu[k * n + k]!;
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = lu[ri + k]! / pivot;
      lu[ri + k] = l;
      if (l === 0) continue;
      for (let c = k + 1; c < n; c++) lu[ri + c]! -= l * lu[rk + c]!;
    }
  }
  return { lu, piv, sign };
}

/** Solves with a factorisation from {@link luFactor}: `B (n, nrhs)` row-major in, `X` out (new array). */
export function luSolve(
  f: { lu: Float64Array; piv: Int32Array },
  n: number,
  b: Float64Array,
  nrhs: number,
): Float64Array {
  const { lu, piv } = f;
  const x = b.slice(0, n * nrhs);
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      for (let c = 0; c < nrhs; c++) {
        const t = x[k * nrhs + c]!;
        x[k * nrhs + c] = x[p * nrhs + c]!;
        x[p * nrhs + c] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const ri = i * nrhs;
    for (let k = 0; k < i; k++) {
      const l = lu[i * n + k]!;
      if (l === 0) continue;
      const rk = k * nrhs;
      for (let c = 0; c < nrhs; c++) x[ri + c]! -= l * x[rk + c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * nrhs;
    for (let k = i + 1; k < n; k++) {
      const u = lu[i * n + k]!;
      if (u === 0) continue;
      const rk = k * nrhs;
      for (let c = 0; c < nrhs; c++) x[ri + c]! -= u * x[rk + c]!;
    }
    const d = lu[i * n + i]!;
    for (let c = 0; c < nrhs; c++) x[ri + c]! /= d;
  }
  return x;
}

/** `X (n, nrhs)` with `A·X = B`, by LU with partial pivoting. */
export function solve(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
  return luSolve(luFactor(a, n), n, b, nrhs);
}

/** The inverse of a row-major `(n, n)` matrix. */
export function inv(a: Float64Array, n: number): Float64Array {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return solve(a, n, eye, n);
}

/** The determinant, from the LU diagonal (0 for an exactly singular matrix). */
export function det(a: Float64Array, n: number): number {
  try {
    const { lu, sign } = luFactor(a, n);
    let d = sign;
    for (let i = 0; i < n; i++) d *= lu[i * n + i]!;
    return d;
  } catch (err) {
    if (err instanceof LinAlgError && /singular/.test(err.message)) return 0;
    throw err;
  }
}
