import { ArgumentError, LinAlgError } from '../../../errors.js';
import { triangularFactor } from './block-reflector.js';
import { gemm } from './gemm.js';

/**
 * Blocked Householder QR, as LAPACK's `dgeqrf`/`dorgqr` (Golub & Van Loan, "Matrix Computations",
 * 4th ed., §5.2.2–5.2.3), with reflectors accumulated in the compact WY form `I - V·T·Vᵀ` (Schreiber
 * & Van Loan, SIAM J. Sci. Stat. Comput. 10(1), 1989) and panels factored recursively (Elmroth &
 * Gustavson, "Applying recursion to serial and parallel QR factorization leads to better
 * performance", IBM J. Res. Dev. 44(4), 2000), so that nearly all flops go through `gemm`.
 *
 * The matrix is worked on transposed (`Aᵀ` row-major, i.e. A column-major): each column of A is then
 * a contiguous row, which is what the dot products and updates of Householder reflections stream.
 *
 * @module
 */

/**
 * Panel width of the outer loop (columns factored before one blocked update of the trailing matrix).
 * Narrow panels waste less on `T` and on the panel itself; wide ones amortise gemm's packing better
 * on large matrices. Measured: 16 is best at 1000×100, 32 at 1000×1000 (by ~7%).
 */
function panelWidth(k: number): number {
  return k >= 400 ? 32 : 16;
}
/** Panels this narrow are factored column by column (dot products and updates on contiguous rows). */
const NB_LEAF = 8;
/** Below this a sum of squares may have lost precision to underflow: recompute it scaled. */
const SS_TINY = 1e-290;
/** Above this a sum of squares may overflow: recompute it scaled. */
const SS_HUGE = 1e290;
/** LAPACK's `safmin / eps`: a Householder `beta` below this is rescaled before dividing by it. */
const SAFMIN = 2.004168360008973e-292;

/** Euclidean norm of `x[from:to]`, rescaled when the plain sum of squares under- or overflows (as `dnrm2`). */
function norm2(x: Float64Array, from: number, to: number): number {
  let ss = 0;
  for (let i = from; i < to; i++) ss += x[i]! * x[i]!;
  if (ss > SS_TINY && ss < SS_HUGE) return Math.sqrt(ss);
  let big = 0;
  for (let i = from; i < to; i++) big = Math.max(big, Math.abs(x[i]!));
  if (big === 0 || !Number.isFinite(big)) return big;
  ss = 0;
  for (let i = from; i < to; i++) {
    const t = x[i]! / big;
    ss += t * t;
  }
  return big * Math.sqrt(ss);
}

/**
 * Householder reflector of `x = p[off : off+len]` (LAPACK's `dlarfg`): `tau` and `v = (1, v₁, …)`
 * with `(I - tau·v·vᵀ)·x = (beta, 0, …, 0)`, `beta = -sign(x₀)·‖x‖`. Overwrites `x₀` with `beta` and
 * `x₁…` with `v₁…`; returns `tau`, 0 when `x₁… = 0` (then H = I and `x₀` keeps its sign, as LAPACK).
 */
function householder(p: Float64Array, off: number, len: number): number {
  if (len <= 1) return 0;
  let xnorm = norm2(p, off + 1, off + len);
  if (xnorm === 0) return 0;
  let alpha = p[off]!;
  let beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  // A tiny beta would make 1/(alpha - beta) overflow: scale x up until it is not (dlarfg's loop).
  let scaled = 0;
  while (Math.abs(beta) < SAFMIN && scaled < 20) {
    scaled++;
    for (let i = off + 1; i < off + len; i++) p[i]! /= SAFMIN;
    alpha /= SAFMIN;
    beta /= SAFMIN;
  }
  if (scaled > 0) {
    xnorm = norm2(p, off + 1, off + len);
    beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const s = 1 / (alpha - beta);
  for (let i = off + 1; i < off + len; i++) p[i]! *= s;
  for (let t = 0; t < scaled; t++) beta *= SAFMIN;
  p[off] = beta;
  return tau;
}

/** `dst (cols, rows) = srcᵀ` for row-major `src (rows, cols)`, in tiles so both sides stay in cache. */
function transpose(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  const TB = 32;
  for (let i0 = 0; i0 < rows; i0 += TB) {
    const i1 = Math.min(rows, i0 + TB);
    for (let j0 = 0; j0 < cols; j0 += TB) {
      const j1 = Math.min(cols, j0 + TB);
      for (let i = i0; i < i1; i++) {
        const row = i * cols;
        for (let j = j0; j < j1; j++) dst[j * rows + i] = src[row + j]!;
      }
    }
  }
}

/** Scratch buffers of one factorisation, sized once. */
interface Work {
  /** Explicit reflectors: `nb` rows of length `len` (zeros, then 1, then the stored entries). */
  v: Float64Array;
  /** `T` of a block, `nb × nb` row-major. */
  t: Float64Array;
  /** `VᵀV` or `op(T)·VᵀC`: at least `nb × max(nb, cols)`. */
  w: Float64Array;
}

/**
 * Copies reflectors `c0 .. c0+nb` of the transposed work matrix `at` (row stride `m`; reflector `c`
 * starts at column `c`) into `v` as explicit rows of length `m - c0`.
 */
function explicitV(at: Float64Array, m: number, c0: number, nb: number, v: Float64Array): void {
  const len = m - c0;
  for (let r = 0; r < nb; r++) {
    const vr = r * len;
    v.fill(0, vr, vr + r);
    v[vr + r] = 1;
    v.set(at.subarray((c0 + r) * m + c0 + r + 1, (c0 + r + 1) * m), vr + r + 1);
  }
}

/**
 * Applies `I - V·op(T)·Vᵀ` from the left to the `(len, cols)` matrix C stored transposed in `ct`
 * (C's column `c` is the row at `ct[ctOff + c·ldct]`): `C -= V·(op(T)·(Vᵀ·C))`. `op(T) = Tᵀ` when
 * `transpose` (applying `Qᵀ`, as the factorisation does), `T` otherwise (building Q).
 */
function applyBlock(
  nb: number,
  len: number,
  ct: Float64Array,
  ctOff: number,
  ldct: number,
  cols: number,
  work: Work,
  transpose: boolean,
): void {
  if (cols === 0) return;
  const { v, t, w } = work;
  // W = Vᵀ·C (nb × cols).
  gemm(nb, cols, len, v, 0, len, 1, ct, ctOff, 1, ldct, w, 0, cols, 0);
  // W := -op(T)·W in place, row by row in the order that leaves the rows still needed untouched.
  for (let step = 0; step < nb; step++) {
    const r = transpose ? nb - 1 - step : step;
    const wr = r * cols;
    const trr = -t[r * nb + r]!;
    for (let c = 0; c < cols; c++) w[wr + c]! *= trr;
    const from = transpose ? 0 : r + 1;
    const to = transpose ? r : nb;
    for (let s = from; s < to; s++) {
      const f = transpose ? -t[s * nb + r]! : -t[r * nb + s]!;
      if (f === 0) continue;
      const ws = s * cols;
      for (let c = 0; c < cols; c++) w[wr + c]! += f * w[ws + c]!;
    }
  }
  // Cᵀ += Wᵀ·Vᵀ.
  gemm(cols, len, nb, w, 0, 1, cols, v, 0, len, 1, ct, ctOff, ldct, 1);
}

/**
 * Factors columns `c0 .. c0+nb` of the transposed work matrix `at` (`(n, m)` row-major), rows from
 * `c0` down: recursively, halving the panel, applying the left half's block reflector to the right
 * half with gemm (Elmroth & Gustavson's recursive panel).
 */
function factorPanel(
  at: Float64Array,
  m: number,
  c0: number,
  nb: number,
  taus: Float64Array,
  work: Work,
): void {
  if (nb <= NB_LEAF) {
    for (let j = c0; j < c0 + nb; j++) {
      const vj = j * m + j;
      const len = m - j;
      const tau = householder(at, vj, len);
      taus[j] = tau;
      if (tau === 0) continue;
      // Each later column x: w = vᵀx (v₀ = 1 implicit), x -= tau·w·v; two columns per pass share v's loads.
      let r = j + 1;
      for (; r + 1 < c0 + nb; r += 2) {
        const x0 = r * m + j;
        const x1 = x0 + m;
        let w0 = at[x0]!;
        let w1 = at[x1]!;
        for (let i = 1; i < len; i++) {
          const vi = at[vj + i]!;
          w0 += vi * at[x0 + i]!;
          w1 += vi * at[x1 + i]!;
        }
        w0 *= tau;
        w1 *= tau;
        at[x0]! -= w0;
        at[x1]! -= w1;
        for (let i = 1; i < len; i++) {
          const vi = at[vj + i]!;
          at[x0 + i]! -= w0 * vi;
          at[x1 + i]! -= w1 * vi;
        }
      }
      if (r < c0 + nb) {
        const x0 = r * m + j;
        let w0 = at[x0]!;
        for (let i = 1; i < len; i++) w0 += at[vj + i]! * at[x0 + i]!;
        w0 *= tau;
        at[x0]! -= w0;
        for (let i = 1; i < len; i++) at[x0 + i]! -= w0 * at[vj + i]!;
      }
    }
    return;
  }
  const n1 = nb >> 1;
  factorPanel(at, m, c0, n1, taus, work);
  explicitV(at, m, c0, n1, work.v);
  triangularFactor(work.v, n1, m - c0, taus, c0, work.t, work.w);
  applyBlock(n1, m - c0, at, (c0 + n1) * m + c0, m, nb - n1, work, true);
  factorPanel(at, m, c0 + n1, nb - n1, taus, work);
}

/** What {@link factorTransposed} leaves for building Q: each block's T (where it was built) and the scratch. */
interface Factored {
  taus: Float64Array;
  /** The blocks' `T`s, `tSize` entries each; valid for the blocks flagged in `tBuilt`. */
  ts: Float64Array;
  tBuilt: Uint8Array;
  nbOuter: number;
  tSize: number;
  work: Work;
}

/**
 * Householder QR of the `(m, n)` matrix A given transposed, in place (LAPACK's `dgeqrf` on A stored
 * column-major): `at` is `(n, m)` row-major, and on return its row `j` holds R's column `j` in entries
 * `0..j` and reflector `j`'s vector below (`v₀ = 1` implicit, as LAPACK), with `tau_j` in `taus[j]`.
 *
 * @param qCols - columns of Q the caller will build (0 for none): sizes the scratch for it.
 * @internal
 */
export function factorTransposed(at: Float64Array, m: number, n: number, qCols: number): Factored {
  const k = Math.min(m, n);
  const nbOuter = panelWidth(k);
  const nbMax = Math.max(1, Math.min(nbOuter, k));
  // Each block's T is kept for building Q (a block's T region doubles as scratch while it is factored).
  const nBlocks = Math.ceil(k / nbOuter);
  const tSize = nbMax * nbMax;
  const ts = new Float64Array(Math.max(1, nBlocks) * tSize);
  const tBuilt = new Uint8Array(nBlocks);
  const work: Work = {
    v: new Float64Array(nbMax * m),
    t: ts.subarray(0, tSize),
    w: new Float64Array(nbMax * Math.max(nbMax, n, qCols)),
  };
  const taus = new Float64Array(k);
  for (let blk = 0; blk < nBlocks; blk++) {
    const c0 = blk * nbOuter;
    const nb = Math.min(nbOuter, k - c0);
    work.t = ts.subarray(blk * tSize, (blk + 1) * tSize);
    factorPanel(at, m, c0, nb, taus, work);
    if (c0 + nb < n) {
      explicitV(at, m, c0, nb, work.v);
      triangularFactor(work.v, nb, m - c0, taus, c0, work.t, work.w);
      tBuilt[blk] = 1;
      applyBlock(nb, m - c0, at, (c0 + nb) * m + c0, m, n - c0 - nb, work, true);
    }
  }
  return { taus, ts, tBuilt, nbOuter, tSize, work };
}

/**
 * QR factorisation `A = Q·R` by Householder reflections, blocked (LAPACK's `dgeqrf` + `dorgqr`), with
 * LAPACK's sign convention (`R[j][j] = -sign(x₀)·‖x‖`, so R's diagonal may be negative, as NumPy's
 * `qr`). With `k = min(m, n)`:
 * - `'reduced'`: `q` is `(m, k)` with orthonormal columns, `r` is `(k, n)` upper triangular;
 * - `'complete'`: `q` is `(m, m)` orthogonal, `r` is `(m, n)`;
 * - `'r'`: `q` is null and `r` is `(k, n)`.
 *
 * @param a - `(m, n)`, row-major; not modified.
 * @throws ArgumentError when `a` has fewer than `m·n` values.
 * @throws LinAlgError when `a` has NaN or infinite entries.
 */
export function qr(
  a: Float64Array,
  m: number,
  n: number,
  mode: 'reduced' | 'complete' | 'r',
): { q: Float64Array | null; r: Float64Array } {
  if (a.length < m * n)
    throw new ArgumentError('qr', 'a', `at least ${m * n} values for a (${m}, ${n}) matrix`, a.length);
  const k = Math.min(m, n);
  const qc = mode === 'complete' ? m : k;
  for (let i = 0; i < m * n; i++) {
    if (!Number.isFinite(a[i]!)) throw new LinAlgError('qr: input contains NaN or Inf');
  }
  const at = new Float64Array(n * m);
  transpose(a, m, n, at);
  const { taus, ts, tBuilt, nbOuter, tSize, work } = factorTransposed(at, m, n, mode === 'r' ? 0 : qc);
  const nBlocks = tBuilt.length;

  const rRows = mode === 'complete' ? m : k;
  const r = new Float64Array(rRows * n);
  for (let j = 0; j < n; j++) {
    const col = j * m;
    for (let i = 0; i <= Math.min(j, rRows - 1); i++) r[i * n + j] = at[col + i]!;
  }
  if (mode === 'r') return { q: null, r };

  // Qᵀ (qc, m) row-major: Q = H_1 ⋯ H_k applied to the first qc columns of I, blocks last to first
  // (LAPACK's dorgqr); block c0 only touches rows and columns from c0 on, the rest being the identity's.
  const qt = new Float64Array(qc * m);
  for (let i = 0; i < Math.min(m, qc); i++) qt[i * m + i] = 1;
  for (let blk = nBlocks - 1; blk >= 0; blk--) {
    const c0 = blk * nbOuter;
    const nb = Math.min(nbOuter, k - c0);
    work.t = ts.subarray(blk * tSize, (blk + 1) * tSize);
    explicitV(at, m, c0, nb, work.v);
    if (tBuilt[blk] === 0) triangularFactor(work.v, nb, m - c0, taus, c0, work.t, work.w);
    applyBlock(nb, m - c0, qt, c0 * m + c0, m, qc - c0, work, false);
  }
  const q = new Float64Array(m * qc);
  transpose(qt, qc, m, q);
  return { q, r };
}
