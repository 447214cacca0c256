/**
 * The `native` backend's dense kernels: the row-major contracts of the js kernels
 * (`src/backends/js/linalg/kernels.ts`) computed by OpenBLAS and LAPACK through the addon.
 *
 * Layout: a row-major `(m, n)` matrix is the column-major `(n, m)` matrix of its transpose, so
 * - `svd` of a wide matrix runs gesdd on the transpose as it lies and reads `U` and `Vᵀ` off the swapped
 *   outputs (no copy); a tall one is transposed first, as LAPACK's tall path is the faster one;
 * - `solve` factors the transpose as it lies (getrf) and solves a vector with its transpose (getrs 'T'), several
 *   right-hand sides as they lie (solveRows: right-side triangular solves);
 * - `inv` runs getrf/getri on the transpose (the inverse of the transpose is the transpose of the inverse);
 * - `eigh` and `cholesky` read the other triangle of the same memory (the matrix is symmetric);
 * - `qr` and `lstsq` transpose their inputs once (O(mn) next to O(mn²) work).
 * Inputs are never written: every routine that works in place gets a copy.
 *
 * Errors match the js kernels': `LinAlgError` for NaN or Inf input, singular or indefinite matrices and
 * non-convergence, with the same messages.
 *
 * @module
 */

import type { NativeAddon } from '../../backend/native-addon.js';
import { ArgumentError, LinAlgError } from '../../errors.js';
import type { GemmHook } from '../js/linalg/gemm.js';
import { jsKernels, type LinalgKernels } from '../js/linalg/kernels.js';
import { lstsqCutoff } from '../js/linalg/lstsq.js';
import { transpose } from '../js/linalg/svd.js';
import { newF64 } from '../js/pool.js';

/**
 * Below this many multiply-adds the js kernel wins: a Node-API call and OpenBLAS's small-matrix setup
 * cost about a microsecond, which the packed js kernel spends on roughly 10⁴ multiply-adds.
 */
export const NATIVE_GEMM_MIN_WORK = 4096;

/**
 * Results of at least this many elements (256 KiB) come from the addon's pool: fresh memory that large is
 * mapped by the system on first write, a page fault per 4 KiB (about 2.5 ms for a 1024 × 1024 result, an
 * eighth of its product), while a recycled block is already mapped.
 */
export const NATIVE_POOL_MIN_LENGTH = 32768;

/** Up to this order, `solve` runs the js kernel: as fast below it, and no Node-API round trip. */
const SMALL_SOLVE = 16;

/**
 * Scratch memory for the LAPACK routines' work copies, reused across calls (every call is synchronous and
 * done with it before returning). A fresh array per call costs more than the copy itself: a 500 × 500
 * `slice` took 0.7 ms, mostly zeroing and first-touch page faults, next to 2.2 ms for the LU solve.
 */
let scratchBuffer = new Float64Array(0);

/** `length` elements of scratch memory (contents undefined). */
function scratch(length: number): Float64Array {
  if (scratchBuffer.length < length)
    scratchBuffer = new Float64Array(Math.max(length, scratchBuffer.length * 2));
  return scratchBuffer.length === length ? scratchBuffer : scratchBuffer.subarray(0, length);
}

/**
 * Row-major `a` `(rows, cols)` transposed into the scratch memory (so column-major), checked to be finite,
 * with `extra` elements of room after it.
 */
function scratchTransposed(fn: string, a: Float64Array, rows: number, cols: number, extra = 0): Float64Array {
  const t = scratch(rows * cols + extra);
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const ri = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = a[ri + j]!;
      bad += v - v;
      t[j * rows + i] = v;
    }
  }
  if (bad !== 0) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  return t;
}

/** The first `length` values of `a`, copied into the scratch memory, checked to be finite on the way. */
function scratchCopy(fn: string, a: Float64Array, length: number): Float64Array {
  const w = scratch(length);
  let bad = 0;
  for (let i = 0; i < length; i++) {
    const v = a[i]!;
    bad += v - v; // NaN for NaN and ±Infinity, 0 otherwise
    w[i] = v;
  }
  if (bad !== 0) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  return w;
}

function checkFinite(fn: string, a: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) {
    const v = a[i]!;
    if (v - v !== 0) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  }
}

function checkSize(fn: string, a: Float64Array, m: number, n: number): void {
  if (!(a instanceof Float64Array)) throw new ArgumentError(fn, 'a', 'a Float64Array', a);
  if (a.length < m * n)
    throw new ArgumentError(fn, 'a', `at least ${m * n} values for a (${m}, ${n}) matrix`, a.length);
}

/** A negative `info` is a bad argument: a bug here, not the user's input. */
function lapackFailed(routine: string, info: number): Error {
  return new Error(`tensorly-ts native: ${routine} rejected argument ${-info} (a bug; please report it)`);
}

/**
 * One operand of a row-major GEMM as BLAS takes it: `[transposed, leading dimension]`, or null when its
 * strides step through memory in neither row-major nor column-major order (then the js kernel runs).
 */
export function blasLayout(rows: number, cols: number, rs: number, cs: number): [boolean, number] | null {
  if ((cs === 1 || cols === 1) && (rows === 1 || rs >= cols)) return [false, rows === 1 ? cols : rs];
  if ((rs === 1 || rows === 1) && (cols === 1 || cs >= rows)) return [true, cols === 1 ? rows : cs];
  return null;
}

/** The GEMM hook: OpenBLAS's dgemm for every product of at least {@link NATIVE_GEMM_MIN_WORK} multiply-adds. */
export function nativeGemmHook(addon: NativeAddon): GemmHook {
  return (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, alpha) => {
    if (m * n * k < NATIVE_GEMM_MIN_WORK) return false;
    const la = blasLayout(m, k, aRs, aCs);
    const lb = blasLayout(k, n, bRs, bCs);
    if (la === null || lb === null || ldc < n) return false;
    addon.dgemm(la[0], lb[0], m, n, k, alpha, a, aOff, la[1], b, bOff, lb[1], beta, c, cOff, ldc);
    return true;
  };
}

/** The kernel table of the `native` backend. */
export function nativeKernels(addon: NativeAddon): Readonly<LinalgKernels> {
  const gemmHook = nativeGemmHook(addon);
  const output = (length: number): Float64Array =>
    length >= NATIVE_POOL_MIN_LENGTH ? addon.allocF64(length) : newF64(length);

  function svd(
    a: Float64Array,
    m: number,
    n: number,
    fullMatrices: boolean,
    computeUV: boolean,
  ): { u: Float64Array | null; s: Float64Array; vt: Float64Array | null } {
    checkSize('svd', a, m, n);
    if (m === 0 || n === 0) return jsKernels.svd(a, m, n, fullMatrices, computeUV);
    const k = Math.min(m, n);
    const s = new Float64Array(k);
    const vtRows = fullMatrices ? n : k;
    const uCols = fullMatrices ? m : k;
    if (m > n) {
      // LAPACK's tall path (QR first) is much faster than its wide one (LQ first) on the transpose: give it
      // the column-major copy of A, and transpose U and Vᵀ back (O(mk) next to O(mn²)).
      const cm = scratchTransposed('svd', a, m, n);
      const uc = computeUV ? new Float64Array(m * uCols) : undefined; // (m, uCols) column-major
      const vtc = computeUV ? new Float64Array(vtRows * n) : undefined; // (vtRows, n) column-major
      const info = addon.gesdd(computeUV ? (fullMatrices ? 'A' : 'S') : 'N', m, n, cm, s, uc, m, vtc, vtRows);
      if (info < 0) throw lapackFailed('gesdd', info);
      if (info > 0) throw new LinAlgError('svd: did not converge');
      if (!computeUV) return { u: null, s, vt: null };
      return { u: transpose(uc!, uCols, m), s, vt: transpose(vtc!, n, vtRows) };
    }
    // Wide: the memory of row-major A is column-major Aᵀ (n, m) = U'·S·V'ᵀ, so A = V'·S·U'ᵀ: our U is V' and
    // our Vᵀ is U'ᵀ, and each lies row-major exactly where LAPACK writes its column-major partner.
    const work = scratchCopy('svd', a, m * n);
    if (!computeUV) {
      const info = addon.gesdd('N', n, m, work, s);
      if (info < 0) throw lapackFailed('gesdd', info);
      if (info > 0) throw new LinAlgError('svd: did not converge');
      return { u: null, s, vt: null };
    }
    const vt = new Float64Array(vtRows * n); // U' (n, vtRows) column-major, ldu = n
    const u = new Float64Array(m * uCols); // V'ᵀ (uCols, m) column-major, ldvt = uCols
    const info = addon.gesdd(fullMatrices ? 'A' : 'S', n, m, work, s, vt, n, u, uCols);
    if (info < 0) throw lapackFailed('gesdd', info);
    if (info > 0) throw new LinAlgError('svd: did not converge');
    return { u, s, vt };
  }

  function leftSvd(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array } {
    checkSize('leftSvd', a, m, n);
    if (m === 0 || n === 0) return jsKernels.leftSvd(a, m, n);
    // gesvd saves work only on clearly wide matrices (its QR-first path then never forms the long side);
    // elsewhere gesdd is as fast or faster (and gesvd's wide path, which forms Q of an LQ, much slower).
    if (n < 2 * m) {
      const r = svd(a, m, n, false, true);
      return { u: r.u!, s: r.s };
    }
    const k = m;
    // A's left singular vectors are the right ones of Aᵀ, the column-major (n, m) matrix in A's memory:
    // gesvd skips U' and writes V'ᵀ (k, m) column-major, which read row-major is U (m, k). No copies.
    const s = new Float64Array(k);
    const u = new Float64Array(m * k);
    const info = addon.gesvd('N', 'S', n, m, scratchCopy('svd', a, m * n), s, u, 1, u, k);
    if (info < 0) throw lapackFailed('gesvd', info);
    if (info > 0) throw new LinAlgError('svd: did not converge');
    return { u, s };
  }

  function qr(
    a: Float64Array,
    m: number,
    n: number,
    mode: 'reduced' | 'complete' | 'r',
  ): { q: Float64Array | null; r: Float64Array } {
    checkSize('qr', a, m, n);
    if (m === 0 || n === 0) return jsKernels.qr(a, m, n, mode);
    const k = Math.min(m, n);
    const qc = mode === 'complete' ? m : k;
    // Column-major A (lda = m) is row-major Aᵀ; complete Q needs room for m columns.
    const cols = Math.max(n, qc);
    // Column-major A in scratch memory; the columns beyond n (complete mode) are written by orgqr.
    const w = scratchTransposed('qr', a, m, n, m * (cols - n));
    const tau = new Float64Array(k);
    let info = addon.geqrf(m, n, w, tau);
    if (info < 0) throw lapackFailed('geqrf', info);
    const rRows = mode === 'complete' ? m : k;
    const r = new Float64Array(rRows * n);
    for (let i = 0; i < k; i++) for (let j = i; j < n; j++) r[i * n + j] = w[i + j * m]!;
    if (mode === 'r') return { q: null, r };
    info = addon.orgqr(m, qc, k, w, tau);
    if (info < 0) throw lapackFailed('orgqr', info);
    const q = new Float64Array(m * qc);
    for (let i = 0; i < m; i++) for (let j = 0; j < qc; j++) q[i * qc + j] = w[i + j * m]!;
    return { q, r };
  }

  function eigh(a: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
    checkSize('eigh', a, n, n);
    if (n === 0) return jsKernels.eigh(a, n);
    // The lower triangle of row-major A is the upper triangle of the same memory read column-major.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = a[i * n + j]!;
        if (v - v !== 0) throw new LinAlgError('eigh: input contains NaN or Inf');
      }
    }
    const work = scratch(n * n);
    work.set(a.subarray(0, n * n));
    const w = new Float64Array(n);
    const info = addon.syevd('V', 'U', n, work, w);
    if (info < 0) throw lapackFailed('syevd', info);
    if (info > 0) throw new LinAlgError('eigh: did not converge');
    // Eigenvectors are the columns of column-major `work`: transpose to row-major.
    return { w, v: transpose(work, n, n) };
  }

  function cholesky(a: Float64Array, n: number): Float64Array {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError('cholesky', 'n', 'a non-negative integer', n);
    checkSize('cholesky', a, n, n);
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = a[i * n + j]!;
        if (!Number.isFinite(x)) throw new LinAlgError('cholesky: input contains NaN or Inf');
        l[i * n + j] = x;
      }
    }
    if (n === 0) return l;
    // Row-major lower = column-major upper: potrf('U') leaves Uᵀ·U = A there, which read row-major is L.
    const info = addon.potrf('U', n, l);
    if (info < 0) throw lapackFailed('potrf', info);
    if (info > 0) {
      throw new LinAlgError(`cholesky: the matrix is not positive definite (leading minor of order ${info})`);
    }
    return l;
  }

  function inv(a: Float64Array, n: number): Float64Array {
    checkSize('inv', a, n, n);
    checkFinite('inv', a, n * n);
    if (n === 0) return new Float64Array(0);
    const work = a.slice(0, n * n);
    const ipiv = new Int32Array(n);
    let info = addon.getrf(n, work, ipiv);
    if (info < 0) throw lapackFailed('getrf', info);
    if (info > 0) throw new LinAlgError('inv: the matrix is singular');
    info = addon.getri(n, work, ipiv);
    if (info < 0) throw lapackFailed('getri', info);
    if (info > 0) throw new LinAlgError('inv: the matrix is singular');
    return work;
  }

  function solve(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
    checkSize('solve', a, n, n);
    if (!(b instanceof Float64Array) || b.length < n * nrhs)
      throw new ArgumentError('solve', 'b', `a Float64Array of at least ${n * nrhs} values`, b);
    checkFinite('solve', b, n * nrhs);
    if (n === 0 || nrhs === 0) {
      checkFinite('solve', a, n * n);
      return new Float64Array(n * nrhs);
    }
    // Small systems (CP's rank × rank normal equations): the js kernel, no call across Node-API.
    if (n <= SMALL_SOLVE) return jsKernels.solve(a, n, b, nrhs);
    // Factor the memory as it lies (column-major Aᵀ), then solve with its transpose: A·X = B.
    const lu = scratchCopy('solve', a, n * n);
    const ipiv = new Int32Array(n);
    let info = addon.getrf(n, lu, ipiv);
    if (info < 0) throw lapackFailed('getrf', info);
    if (info > 0) throw new LinAlgError('solve: the matrix is singular');
    if (nrhs === 1) {
      const x = b.slice(0, n);
      info = addon.getrs('T', n, 1, lu, ipiv, x);
      if (info < 0) throw lapackFailed('getrs', info);
      return x;
    }
    // Several right-hand sides: B as it lies (row-major), right-side triangular solves, no transposition.
    const x = output(n * nrhs);
    x.set(b.subarray(0, n * nrhs));
    addon.solveRows(n, nrhs, lu, ipiv, x);
    return x;
  }

  function lstsq(
    a: Float64Array,
    m: number,
    n: number,
    b: Float64Array,
    nrhs: number,
    rcond?: number,
  ): { x: Float64Array; residuals: Float64Array; rank: number; s: Float64Array } {
    const cut = lstsqCutoff(a, m, n, b, nrhs, rcond);
    if (m === 0 || n === 0 || nrhs === 0) return jsKernels.lstsq(a, m, n, b, nrhs, rcond);
    checkFinite('lstsq', b, m * nrhs);
    const ldb = Math.max(m, n);
    const bw = new Float64Array(ldb * nrhs);
    for (let i = 0; i < m; i++) for (let j = 0; j < nrhs; j++) bw[i + j * ldb] = b[i * nrhs + j]!;
    const s = new Float64Array(Math.min(m, n));
    const [info, rank] = addon.gelsd(m, n, nrhs, scratchTransposed('lstsq', a, m, n), bw, ldb, s, cut);
    if (info < 0) throw lapackFailed('gelsd', info);
    if (info > 0) throw new LinAlgError('lstsq: the SVD did not converge');
    const x = new Float64Array(n * nrhs);
    for (let i = 0; i < n; i++) for (let j = 0; j < nrhs; j++) x[i * nrhs + j] = bw[i + j * ldb]!;
    // NumPy's residuals: squared norms of the rows beyond n, only for full rank and m > n.
    const residuals = new Float64Array(rank === n && m > n ? nrhs : 0);
    for (let j = 0; j < residuals.length; j++) {
      let t = 0;
      for (let i = n; i < m; i++) t += bw[i + j * ldb]! ** 2;
      residuals[j] = t;
    }
    return { x, residuals, rank, s };
  }

  function pinv(a: Float64Array, m: number, n: number, rcond = 1e-15): Float64Array {
    checkSize('pinv', a, m, n);
    if (!Number.isFinite(rcond)) throw new ArgumentError('pinv', 'rcond', 'a finite number', rcond);
    if (m === 0 || n === 0) return new Float64Array(n * m);
    const k = Math.min(m, n);
    const { u, s, vt } = svd(a, m, n, false, true);
    const threshold = rcond * s[0]!;
    let rank = 0;
    while (rank < k && s[rank]! > threshold) rank++;
    // A⁺ = Vᵣ·diag(1/sᵣ)·Uᵣᵀ: scale the kept rows of Vᵀ, then (n, m) = (rank, n)ᵀ · (m, k)[:, :rank]ᵀ.
    const vs = vt!.slice(0, rank * n);
    for (let q = 0; q < rank; q++) {
      const inv = 1 / s[q]!;
      for (let i = 0; i < n; i++) vs[q * n + i] = vs[q * n + i]! * inv;
    }
    const out = new Float64Array(n * m);
    if (rank > 0) addon.dgemm(true, true, n, m, rank, 1, vs, 0, n, u!, 0, k, 0, out, 0, m);
    return out;
  }

  const khatriRaoPair = addon.khatriRao2.bind(addon);
  return Object.freeze({
    gemmHook,
    output,
    khatriRaoPair,
    svd,
    leftSvd,
    qr,
    eigh,
    cholesky,
    inv,
    solve,
    lstsq,
    pinv,
  });
}
