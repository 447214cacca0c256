import { ArgumentError, LinAlgError } from '../../../errors.js';
import { gemmSub } from './gemm.js';
import { copyF64 } from '../pool.js';

/**
 * LU factorisation with partial pivoting and the solves built on it, for row-major `(n, n)` matrices.
 *
 * The factorisation is recursive (Toledo, "Locality of reference in LU decomposition with partial
 * pivoting", SIAM J. Matrix Anal. Appl. 18(4), 1997; LAPACK's `dgetrf2`): the left half of the
 * columns is factored, the top of the right half solved with the unit lower triangle, the rest of the
 * right half updated by one matrix product, then the right half factored. Nearly all the flops are in
 * `gemm`; the column-by-column work is confined to panels of `LEAF` columns. The triangular solves are
 * recursive the same way (LAPACK's `dtrsm` by halves).
 *
 * @module
 */

/** Panels this narrow are factored column by column. */
const LEAF = 8;
/** Triangles this small are solved by substitution. */
const TRSM_LEAF = 8;
/**
 * Matrices up to this order are factored and solved by the column-by-column leaf code alone: their
 * recursive blocks would be a few rows wide, where the packing and dispatch of `gemm` cost more than
 * the flops. (The leaf code, rather than a separate small-matrix routine, since large factorisations
 * keep it compiled: a first small call then runs optimised code.)
 */
const SMALL_N = 24;

/** Exchanges rows `i` and `p` (all `n` entries) of a row-major matrix with `n` columns. */
function swapRows(x: Float64Array, cols: number, i: number, p: number): void {
  const ri = i * cols;
  const rp = p * cols;
  for (let c = 0; c < cols; c++) {
    const t = x[ri + c]!;
    x[ri + c] = x[rp + c]!;
    x[rp + c] = t;
  }
}

/** Parity of the row exchanges so far and whether a zero pivot was met; shared down the recursion. */
interface FactorState {
  sign: number;
  singular: boolean;
}

/**
 * Factors columns `k0 .. k0+w` of `lu` (rows `k0 ..`), recursively. Row exchanges swap whole rows, so
 * the columns left of the panel (L) and right of it (still A) follow them as in LAPACK.
 */
function factorColumns(
  lu: Float64Array,
  n: number,
  k0: number,
  w: number,
  piv: Int32Array,
  st: FactorState,
): void {
  if (w <= LEAF || n <= SMALL_N) {
    const end = k0 + w;
    for (let j = k0; j < end; j++) {
      let p = j;
      let best = Math.abs(lu[j * n + j]!);
      for (let i = j + 1; i < n; i++) {
        const v = Math.abs(lu[i * n + j]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[j] = p;
      if (p !== j) {
        swapRows(lu, n, j, p);
        st.sign = -st.sign;
      }
      const pivot = lu[j * n + j]!;
      // A zero pivot means the whole column below is zero: nothing to eliminate (LAPACK goes on too).
      if (pivot === 0) {
        st.singular = true;
        continue;
      }
      const rj = j * n;
      for (let i = j + 1; i < n; i++) {
        const ri = i * n;
        const l = lu[ri + j]! / pivot;
        lu[ri + j] = l;
        if (l === 0) continue;
        for (let c = j + 1; c < end; c++) lu[ri + c]! -= l * lu[rj + c]!;
      }
    }
    return;
  }
  const w1 = w >> 1;
  const k1 = k0 + w1;
  factorColumns(lu, n, k0, w1, piv, st);
  // U12 = L11⁻¹·A12, then A22 -= L21·U12.
  trsmLowerUnit(lu, n, k0, w1, lu, n, k0 * n + k1, w - w1);
  gemmSub(n - k1, w - w1, w1, lu, k1 * n + k0, n, 1, lu, k0 * n + k1, n, 1, lu, k1 * n + k1, n);
  factorColumns(lu, n, k1, w - w1, piv, st);
}

/**
 * Solves `L·X = B` in place, L the unit lower triangle of `t` at `(r0, r0)` of size `nl` (row stride
 * `ldt`), B `(nl, nc)` at `b[bOff]` with row stride `ldb`; recursive by halves.
 */
function trsmLowerUnit(
  t: Float64Array,
  ldt: number,
  r0: number,
  nl: number,
  b: Float64Array,
  ldb: number,
  bOff: number,
  nc: number,
): void {
  if (nc === 0) return;
  if (nl <= TRSM_LEAF || (nl <= SMALL_N && nc <= SMALL_N)) {
    for (let i = 1; i < nl; i++) {
      const bi = bOff + i * ldb;
      const li = (r0 + i) * ldt + r0;
      if (nc === 1) {
        let s = b[bi]!;
        for (let p = 0; p < i; p++) s -= t[li + p]! * b[bOff + p * ldb]!;
        b[bi] = s;
        continue;
      }
      for (let p = 0; p < i; p++) {
        const l = t[li + p]!;
        if (l === 0) continue;
        const bp = bOff + p * ldb;
        for (let c = 0; c < nc; c++) b[bi + c]! -= l * b[bp + c]!;
      }
    }
    return;
  }
  const h = nl >> 1;
  trsmLowerUnit(t, ldt, r0, h, b, ldb, bOff, nc);
  gemmSub(nl - h, nc, h, t, (r0 + h) * ldt + r0, ldt, 1, b, bOff, ldb, 1, b, bOff + h * ldb, ldb);
  trsmLowerUnit(t, ldt, r0 + h, nl - h, b, ldb, bOff + h * ldb, nc);
}

/**
 * Solves `U·X = B` in place, U the upper triangle of `t` at `(r0, r0)` of size `nu` (row stride `ldt`),
 * B `(nu, nc)` at `b[bOff]` with row stride `ldb`; recursive by halves, bottom half first.
 */
function trsmUpper(
  t: Float64Array,
  ldt: number,
  r0: number,
  nu: number,
  b: Float64Array,
  ldb: number,
  bOff: number,
  nc: number,
): void {
  if (nc === 0) return;
  if (nu <= TRSM_LEAF || (nu <= SMALL_N && nc <= SMALL_N)) {
    for (let i = nu - 1; i >= 0; i--) {
      const bi = bOff + i * ldb;
      const ui = (r0 + i) * ldt + r0;
      const d = t[ui + i]!;
      if (nc === 1) {
        let s = b[bi]!;
        for (let p = i + 1; p < nu; p++) s -= t[ui + p]! * b[bOff + p * ldb]!;
        b[bi] = s / d;
        continue;
      }
      for (let p = i + 1; p < nu; p++) {
        const u = t[ui + p]!;
        if (u === 0) continue;
        const bp = bOff + p * ldb;
        for (let c = 0; c < nc; c++) b[bi + c]! -= u * b[bp + c]!;
      }
      for (let c = 0; c < nc; c++) b[bi + c]! /= d;
    }
    return;
  }
  const h = nu >> 1;
  trsmUpper(t, ldt, r0 + h, nu - h, b, ldb, bOff + h * ldb, nc);
  gemmSub(h, nc, nu - h, t, r0 * ldt + r0 + h, ldt, 1, b, bOff + h * ldb, ldb, 1, b, bOff, ldb);
  trsmUpper(t, ldt, r0, h, b, ldb, bOff, nc);
}

function checkSquare(fn: string, a: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(fn, 'n', 'a non-negative integer', n);
  if (a.length < n * n)
    throw new ArgumentError(fn, 'a', `at least ${n * n} values for a (${n}, ${n}) matrix`, a.length);
}

function checkFinite(fn: string, a: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) {
    if (!Number.isFinite(a[i]!)) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  }
}

/** The factorisation proper, without the checks; reports singularity instead of throwing. */
function factor(
  a: Float64Array,
  n: number,
  scratch = false,
): { lu: Float64Array; piv: Int32Array; sign: number; singular: boolean } {
  let lu: Float64Array;
  let piv: Int32Array;
  if (scratch && n * n > SCRATCH_MIN && n * n <= SCRATCH_MAX) {
    // Factors that do not leave the call (solve, inv, det) use one reused buffer: a fresh array of more
    // than 2 KiB has its own backing store, about 1 µs on Node 20 (a fifth of a 20 × 20 solve). Smaller
    // ones come from the slab pool (pool.ts) at less than the cost of the views here.
    if (scratchLu.length < n * n)
      scratchLu = new Float64Array(Math.min(SCRATCH_MAX, Math.max(n * n, 2 * scratchLu.length)));
    if (scratchPiv.length < n) scratchPiv = new Int32Array(Math.max(n, 2 * scratchPiv.length));
    lu = scratchLu.subarray(0, n * n);
    lu.set(a.subarray(0, n * n));
    piv = scratchPiv.subarray(0, n);
  } else {
    lu = copyF64(a, 0, n * n);
    piv = new Int32Array(n);
  }
  const st: FactorState = { sign: 1, singular: false };
  factorColumns(lu, n, 0, n, piv, st);
  return { lu, piv, sign: st.sign, singular: st.singular };
}

/** Factors with more entries than this (beyond the slab pool's 2 KiB) and at most SCRATCH_MAX use the scratch. */
const SCRATCH_MIN = 256;
/** Largest factor kept in the reused scratch (512 KiB). */
const SCRATCH_MAX = 1 << 16;
let scratchLu = new Float64Array(0);
let scratchPiv = new Int32Array(0);

/**
 * LU factorisation with partial pivoting, `P·A = L·U` (Golub & Van Loan, "Matrix Computations", 4th
 * ed., §3.4; recursive as LAPACK's `dgetrf2`).
 *
 * @param a - `(n, n)`, row-major; not modified.
 * @returns `lu` `(n, n)`: L's multipliers below the diagonal (its unit diagonal implied) and U on and
 *   above it; `piv[i]`: the row exchanged with row `i` at step `i` (LAPACK's `ipiv`, 0-based); `sign`:
 *   the parity of the exchanges, `±1`.
 * @throws LinAlgError when A is exactly singular (a zero pivot) or has NaN or infinite entries.
 */
export function luFactor(a: Float64Array, n: number): { lu: Float64Array; piv: Int32Array; sign: number } {
  checkSquare('luFactor', a, n);
  checkFinite('luFactor', a, n * n);
  const f = factor(a, n);
  if (f.singular) throw new LinAlgError('luFactor: the matrix is singular');
  return { lu: f.lu, piv: f.piv, sign: f.sign };
}

/**
 * Solves `A·X = B` with a factorisation of A from {@link luFactor}: row exchanges, then the unit lower
 * and the upper triangular solves.
 *
 * @param b - `(n, nrhs)`, row-major; not modified.
 * @returns X, `(n, nrhs)`, row-major.
 */
export function luSolve(
  f: { lu: Float64Array; piv: Int32Array },
  n: number,
  b: Float64Array,
  nrhs: number,
): Float64Array {
  const { lu, piv } = f;
  const x = copyF64(b, 0, n * nrhs);
  for (let i = 0; i < n; i++) {
    const p = piv[i]!;
    if (p !== i) swapRows(x, nrhs, i, p);
  }
  trsmLowerUnit(lu, n, 0, n, x, nrhs, 0, nrhs);
  trsmUpper(lu, n, 0, n, x, nrhs, 0, nrhs);
  return x;
}

/**
 * Solves `A·X = B` by LU with partial pivoting (LAPACK's `dgesv`, NumPy's `linalg.solve`).
 *
 * @param a - `(n, n)`, row-major; not modified.
 * @param b - `(n, nrhs)`, row-major; not modified.
 * @returns X, `(n, nrhs)`, row-major.
 * @throws LinAlgError when A is exactly singular or A or B has NaN or infinite entries.
 */
export function solve(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
  checkSquare('solve', a, n);
  if (!Number.isInteger(nrhs) || nrhs < 0)
    throw new ArgumentError('solve', 'nrhs', 'a non-negative integer', nrhs);
  if (b.length < n * nrhs)
    throw new ArgumentError('solve', 'b', `at least ${n * nrhs} values for b (${n}, ${nrhs})`, b.length);
  checkFinite('solve', a, n * n);
  checkFinite('solve', b, n * nrhs);
  const f = factor(a, n, true);
  if (f.singular) throw new LinAlgError('solve: the matrix is singular');
  return luSolve(f, n, b, nrhs);
}

/**
 * The inverse of a square matrix, as the solution of `A·X = I` by LU with partial pivoting.
 *
 * @param a - `(n, n)`, row-major; not modified.
 * @returns `(n, n)`, row-major.
 * @throws LinAlgError when A is exactly singular or has NaN or infinite entries.
 */
export function inv(a: Float64Array, n: number): Float64Array {
  checkSquare('inv', a, n);
  checkFinite('inv', a, n * n);
  const f = factor(a, n, true);
  if (f.singular) throw new LinAlgError('inv: the matrix is singular');
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return luSolve(f, n, eye, n);
}

/**
 * The determinant, `sign(P)·∏ U[i][i]` from the LU factorisation (as NumPy's `linalg.det`): exactly 0
 * for an exactly singular matrix; NaN or infinite entries propagate (no error). The product may
 * overflow or underflow for large `n` where the determinant itself is out of range.
 *
 * @param a - `(n, n)`, row-major; not modified. The determinant of a `(0, 0)` matrix is 1.
 */
export function det(a: Float64Array, n: number): number {
  checkSquare('det', a, n);
  const { lu, sign, singular } = factor(a, n, true);
  // NumPy returns +0 for a singular matrix whatever the parity of the exchanges.
  if (singular) return 0;
  let d = sign;
  for (let i = 0; i < n; i++) d *= lu[i * n + i]!;
  return d;
}
