/**
 * Singular value decomposition of dense row-major float64 matrices, and the Householder and
 * plane-rotation kernels shared with `eigh.ts` and `lstsq.ts`.
 *
 * Method (as LAPACK's `dgesvd`): a tall matrix is first reduced by Householder QR when it is
 * much taller than wide, then reduced to upper bidiagonal form by Householder reflections
 * from both sides (Golub & Kahan 1965), and the bidiagonal matrix is diagonalised by implicit
 * shifted QR sweeps with Demmel & Kahan's zero-shift sweep and relative convergence tests
 * ("Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat. Comput. 11, 1990).
 * For large matrices the singular values of each bidiagonal block are computed first (cheaply,
 * without vectors) and used as shifts, which cuts the vector rotations by about a quarter.
 * A wide matrix is handled through its transpose. Every kernel works on rows, so the inner
 * loops of a row-major layout are contiguous; reflectors are applied two at a time (in blocks
 * through `gemm` when the orthogonal factors are accumulated for 64 or more of them) and plane
 * rotations four at a time to halve memory traffic.
 *
 * @module
 */
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { applyBlockRight, BLOCK_REFLECTORS, blockT, blockWork } from './block-reflector.js';
import { bidiagonalizeRow, bidiagonalizeRows } from './bidiagonal-rows.js';
import { type SharedSteps, sharedSteps } from './gemm.js';
import { jacobiScale, jacobiSvd } from './jacobi.js';
import { factorTransposed } from './qr.js';
import { RotationLog, rotateRows } from './rotations.js';

/** Unit roundoff (LAPACK's `dlamch('E')`). */
const ULP = Number.EPSILON / 2;
/** Smallest positive normal float64. */
const SAFMIN = 2 ** -1022;
/** Matrices whose largest entry lies outside [SMALL, BIG] are scaled first, so that no square over- or underflows. */
const BIG_EXP = 480;
const SMALL = 2 ** -BIG_EXP;
const BIG = 2 ** BIG_EXP;
/** Perfect shifts are used when the rows rotated per bidiagonal QR step total at least this many entries. */
const PERFECT_MIN_LEN = 192;
/**
 * Matrices with at most this many rows or columns (and at most {@link JACOBI_MAX_LONG} of the other) go
 * through one-sided Jacobi (./jacobi.ts) when their entries span at most 2^30: fewer, simpler steps than
 * bidiagonalisation and QR for tiny sizes (measured per call: 5 × 5 3.6 µs against 4.3-5.8; QR wins from
 * about 7).
 */
const JACOBI_MAX = 6;
const JACOBI_MAX_LONG = 64;
/** A tall matrix is reduced by QR first when it has at least this many rows per column. */
const QR_RATIO = 1.6;
/** ... by qr.ts's blocked QR from this many columns on (below, its set-up costs more than it saves). */
const QR_BLOCKED_MIN = 32;
/** Matrices with at least this many entries are bidiagonalised in shared memory, on two threads. */
const BIDIAG_SHARED_MIN = 1 << 16;
/** ... and a step's trailing rows are split when they hold at least this many entries. */
const STEP_SHARED_MIN = 1 << 13;
/**
 * With at least this many reflectors, the orthogonal factors are accumulated in blocks through `gemm`
 * (`./block-reflector.ts`); below it, two at a time, which costs less than the blocks' set-up.
 */
const BLOCKED_MIN = 64;
/**
 * When blocked, the first reflectors (the longest) still go two at a time: a negligible share of
 * the work, and it keeps the code that small matrices run compiled with the feedback of large ones
 * (otherwise V8 deoptimises on the first small call after large ones and takes hundreds of calls
 * to recompile).
 */
const PAIRED_FIRST = 3;

// Outputs of the scalar kernels below. A typed array rather than `let` variables: V8 boxes
// doubles stored in module-level bindings, which would allocate on every rotation.
const OUT = new Float64Array(4);
const C_ = 0;
const S_ = 1;
const R_ = 2;
const BETA_ = 3;

/**
 * Scratch for the temporaries of one decomposition (work copies, reflector and rotation buffers),
 * handed out by {@link scratch} and reclaimed at the next {@link svdRows} or {@link svdApply}. A
 * small SVD makes about ten of them, and creating a typed array with its own buffer costs as much
 * as the arithmetic of a 5 × 5 decomposition. No kernel yields, so one call owns the pool.
 */
let pool = new Float64Array(4096);
let poolTop = 0;
/** Requests above this many entries get their own array, so that the pool stays small. */
const POOL_MAX = 16384;

/** A zeroed array of `len` entries valid until the next decomposition starts. */
function scratch(len: number): Float64Array {
  if (len > POOL_MAX) return new Float64Array(len);
  if (poolTop + len > pool.length) {
    // Views handed out earlier keep the old buffer alive until the call ends.
    pool = new Float64Array(Math.max(pool.length, 4 * len));
    poolTop = 0;
  }
  const v = pool.subarray(poolTop, poolTop + len);
  poolTop += len;
  v.fill(0);
  return v;
}

/**
 * `sqrt(a² + b²)` without overflow or harmful underflow.
 *
 * @param a - first leg.
 * @param b - second leg.
 * @internal
 */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = Math.max(x, y);
  if (big > 1e-150 && big < 1e150) return Math.sqrt(x * x + y * y);
  if (big === 0 || big === Number.POSITIVE_INFINITY) return big;
  const small = Math.min(x, y);
  const q = small / big;
  return big * Math.sqrt(1 + q * q);
}

/** Euclidean norm of `buf[off .. off+len)`, scaled so that it neither overflows nor underflows. */
function scaledNorm(buf: Float64Array, off: number, len: number): number {
  let scale = 0;
  for (let i = off; i < off + len; i++) {
    const v = Math.abs(buf[i]!);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = off; i < off + len; i++) {
    const v = buf[i]! / scale;
    ss += v * v;
  }
  return scale * Math.sqrt(ss);
}

/**
 * Builds an elementary reflector `H = I - tau·[1; v][1; v]ᵀ` with `H·[alpha; x] = [beta; 0]`
 * (LAPACK's `dlarfg` convention: `beta` has the sign opposite to `alpha`, `tau = 0` when `x = 0`).
 *
 * @param alpha - the pivot entry.
 * @param buf - holds `x` at `buf[off .. off+len)`; overwritten by `v`.
 * @param off - offset of `x` in `buf`.
 * @param len - length of `x`.
 * @returns `tau`; `beta` is left in the module variable read by {@link reflectorBeta}.
 * @internal
 */
export function householder(alpha: number, buf: Float64Array, off: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  const end = off + len;
  let i = off;
  for (; i + 1 < end; i += 2) {
    const a = buf[i]!;
    const b = buf[i + 1]!;
    s0 += a * a;
    s1 += b * b;
  }
  if (i < end) s0 += buf[i]! * buf[i]!;
  const ss = s0 + s1;
  const xnorm = ss > 1e-290 && ss < 1e290 ? Math.sqrt(ss) : scaledNorm(buf, off, len);
  if (xnorm === 0) {
    OUT[BETA_] = alpha;
    return 0;
  }
  const norm = hypot2(alpha, xnorm);
  const beta = alpha >= 0 ? -norm : norm;
  const tau = (beta - alpha) / beta;
  const denom = alpha - beta;
  if (Math.abs(denom) > 1e-290) {
    const scal = 1 / denom;
    for (let j = off; j < end; j++) buf[j] = buf[j]! * scal;
  } else {
    for (let j = off; j < end; j++) buf[j] = buf[j]! / denom;
  }
  OUT[BETA_] = beta;
  return tau;
}

/** The `beta` of the last {@link householder} call. @internal */
export function reflectorBeta(): number {
  return OUT[BETA_]!;
}

/**
 * Plane rotation with `c·f + s·g = r`, `-s·f + c·g = 0` (LAPACK's `dlartg` convention); writes the
 * entries `C_`, `S_`, `R_` of `OUT`.
 */
function rotg(f: number, g: number): void {
  if (g === 0) {
    OUT[C_] = 1;
    OUT[S_] = 0;
    OUT[R_] = f;
  } else if (f === 0) {
    OUT[C_] = 0;
    OUT[S_] = 1;
    OUT[R_] = g;
  } else {
    let d = Math.sqrt(f * f + g * g);
    // The plain formula is exact to an ulp unless the squares over- or underflow.
    if (!(d > 1e-150 && d < 1e150)) d = hypot2(f, g);
    const r = f > 0 ? d : -d;
    const inv = 1 / r;
    OUT[C_] = f * inv;
    OUT[S_] = g * inv;
    OUT[R_] = r;
  }
}

/**
 * Applies `y[r, c0:c1] -= tau·(y[r, c0:c1]·v)·v` to rows `r0 ≤ r < r1` of the row-major matrix `y`
 * (leading dimension `ldy`), i.e. `Y ← Y·H` for the reflector `H = I - tau·v·vᵀ` restricted to
 * columns `c0 .. c1`. Entry `c` of `v` is `v[vOff + c]`. Rows are processed four at a time so that
 * `v` is read once per group and the four dot products run as independent chains.
 *
 * @param y - row-major matrix, updated in place.
 * @param ldy - row stride of `y`.
 * @param r0 - first row.
 * @param r1 - end row (exclusive).
 * @param c0 - first column of the reflector's support.
 * @param c1 - end column (exclusive).
 * @param v - reflector vector, entry `c` at `v[vOff + c]`.
 * @param vOff - offset of column 0 of `v`.
 * @param tau - reflector scale; 0 leaves `y` unchanged.
 * @internal
 */
export function reflectRows(
  y: Float64Array,
  ldy: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  v: Float64Array,
  vOff: number,
  tau: number,
): void {
  if (tau === 0 || c1 <= c0) return;
  const vb = vOff;
  // The leftover rows first: code compiled on stack replacement inside the four-row loop then has
  // feedback for everything after it (otherwise V8 deoptimises past that loop on every later call).
  const r4 = r0 + ((r1 - r0) & 3);
  for (let r = r0; r < r4; r++) {
    const o = r * ldy;
    let t0 = 0;
    let t1 = 0;
    let c = c0;
    for (; c + 1 < c1; c += 2) {
      t0 += y[o + c]! * v[vb + c]!;
      t1 += y[o + c + 1]! * v[vb + c + 1]!;
    }
    if (c < c1) t0 += y[o + c]! * v[vb + c]!;
    const t = (t0 + t1) * tau;
    for (c = c0; c < c1; c++) y[o + c] = y[o + c]! - t * v[vb + c]!;
  }
  for (let r = r4; r + 4 <= r1; r += 4) {
    const o0 = r * ldy;
    const o1 = o0 + ldy;
    const o2 = o1 + ldy;
    const o3 = o2 + ldy;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let c = c0; c < c1; c++) {
      const vc = v[vb + c]!;
      t0 += y[o0 + c]! * vc;
      t1 += y[o1 + c]! * vc;
      t2 += y[o2 + c]! * vc;
      t3 += y[o3 + c]! * vc;
    }
    t0 *= tau;
    t1 *= tau;
    t2 *= tau;
    t3 *= tau;
    for (let c = c0; c < c1; c++) {
      const vc = v[vb + c]!;
      y[o0 + c] = y[o0 + c]! - t0 * vc;
      y[o1 + c] = y[o1 + c]! - t1 * vc;
      y[o2 + c] = y[o2 + c]! - t2 * vc;
      y[o3 + c] = y[o3 + c]! - t3 * vc;
    }
  }
}

/**
 * Applies two reflectors in one pass: `Y ← Y·H_a·H_b` (`H_a` first) on rows `r0 ≤ r < r1` and
 * columns `lo ≤ c < hi`, with `H = I - tau·v·vᵀ`. `va` and `vb` are indexed by column and must be
 * zero in `[lo, hi)` outside their supports. Since `(Y·H_a)·v_b = Y·v_b - tau_a·(Y·v_a)(v_aᵀv_b)`,
 * both products come from one read of each row and both updates from one write: half the memory
 * traffic of two {@link reflectRows} calls (the idea of the compact WY form with block size 2).
 *
 * @param y - row-major matrix, updated in place.
 * @param ldy - row stride of `y`.
 * @param r0 - first row.
 * @param r1 - end row (exclusive).
 * @param lo - first column of the union of supports.
 * @param hi - end column (exclusive).
 * @param va - first reflector, indexed by column.
 * @param tauA - its scale.
 * @param vb - second reflector, indexed by column.
 * @param tauB - its scale.
 * @internal
 */
export function reflectRowsPair(
  y: Float64Array,
  ldy: number,
  r0: number,
  r1: number,
  lo: number,
  hi: number,
  va: Float64Array,
  tauA: number,
  vb: Float64Array,
  tauB: number,
): void {
  if (tauA === 0 && tauB === 0) return;
  let vab = 0;
  for (let c = lo; c < hi; c++) vab += va[c]! * vb[c]!;
  // The leftover rows first: code compiled on stack replacement inside the four-row loop then has
  // feedback for everything after it (otherwise V8 deoptimises past that loop on every later call).
  const r4 = r0 + ((r1 - r0) & 3);
  for (let r = r0; r < r4; r++) {
    const o = r * ldy;
    let a = 0;
    let b = 0;
    for (let c = lo; c < hi; c++) {
      const yc = y[o + c]!;
      a += yc * va[c]!;
      b += yc * vb[c]!;
    }
    a *= tauA;
    b = tauB * (b - a * vab);
    for (let c = lo; c < hi; c++) y[o + c] = y[o + c]! - a * va[c]! - b * vb[c]!;
  }
  for (let r = r4; r + 4 <= r1; r += 4) {
    const o0 = r * ldy;
    const o1 = o0 + ldy;
    const o2 = o1 + ldy;
    const o3 = o2 + ldy;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let c = lo; c < hi; c++) {
      const pa = va[c]!;
      const pb = vb[c]!;
      const y0 = y[o0 + c]!;
      const y1 = y[o1 + c]!;
      const y2 = y[o2 + c]!;
      const y3 = y[o3 + c]!;
      a0 += y0 * pa;
      b0 += y0 * pb;
      a1 += y1 * pa;
      b1 += y1 * pb;
      a2 += y2 * pa;
      b2 += y2 * pb;
      a3 += y3 * pa;
      b3 += y3 * pb;
    }
    a0 *= tauA;
    a1 *= tauA;
    a2 *= tauA;
    a3 *= tauA;
    b0 = tauB * (b0 - a0 * vab);
    b1 = tauB * (b1 - a1 * vab);
    b2 = tauB * (b2 - a2 * vab);
    b3 = tauB * (b3 - a3 * vab);
    for (let c = lo; c < hi; c++) {
      const pa = va[c]!;
      const pb = vb[c]!;
      y[o0 + c] = y[o0 + c]! - a0 * pa - b0 * pb;
      y[o1 + c] = y[o1 + c]! - a1 * pa - b1 * pb;
      y[o2 + c] = y[o2 + c]! - a2 * pa - b2 * pb;
      y[o3 + c] = y[o3 + c]! - a3 * pa - b3 * pb;
    }
  }
}

/**
 * Copies the reflector stored in `src[off + c]` for `start < c < end` into `buf[start .. end)`
 * with its implicit unit entry at `start`, and zeroes `buf[lo .. start)`.
 */
function loadReflector(
  src: Float64Array,
  off: number,
  start: number,
  end: number,
  lo: number,
  buf: Float64Array,
): void {
  buf.fill(0, lo, start);
  buf[start] = 1;
  for (let c = start + 1; c < end; c++) buf[c] = src[off + c]!;
}

/**
 * Applies `Y ← H·Y` for `H = I - tau·v·vᵀ` acting on rows `r0 .. r1` of the row-major `y`
 * (leading dimension `ldy`, columns `c0 .. c1`); entry `r` of `v` is `v[vOff + r]`. Works by row
 * combinations (`w = Σ v_r·y_r`, then `y_r -= tau·v_r·w`), so every inner loop is contiguous.
 *
 * @param w - scratch of length at least `c1`.
 * @param y - row-major matrix, updated in place.
 * @param ldy - row stride of `y`.
 * @param r0 - first row of the reflector's support.
 * @param r1 - end row (exclusive).
 * @param c0 - first column.
 * @param c1 - end column (exclusive).
 * @param v - reflector vector, entry `r` at `v[vOff + r]`.
 * @param vOff - offset of row 0 of `v`.
 * @param tau - reflector scale.
 * @internal
 */
export function reflectCols(
  y: Float64Array,
  ldy: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  v: Float64Array,
  vOff: number,
  tau: number,
  w: Float64Array,
): void {
  if (tau === 0 || c1 <= c0 || r1 <= r0) return;
  w.fill(0, c0, c1);
  for (let r = r0; r < r1; r++) {
    const vr = v[vOff + r]!;
    if (vr === 0) continue;
    const o = r * ldy;
    for (let c = c0; c < c1; c++) w[c] = w[c]! + vr * y[o + c]!;
  }
  for (let r = r0; r < r1; r++) {
    const f = tau * v[vOff + r]!;
    if (f === 0) continue;
    const o = r * ldy;
    for (let c = c0; c < c1; c++) y[o + c] = y[o + c]! - f * w[c]!;
  }
}

/**
 * Transpose of a row-major matrix, times `scale`, into a new array.
 *
 * @param src - `(rows, cols)` row-major.
 * @param rows - rows of `src`.
 * @param cols - columns of `src`.
 * @param scale - factor applied to every entry.
 * @returns `(cols, rows)` row-major.
 * @internal
 */
export function transpose(
  src: Float64Array,
  rows: number,
  cols: number,
  scale = 1,
  out: Float64Array = new Float64Array(rows * cols),
): Float64Array {
  // Blocked so that both the strided reads and the strided writes stay within a few cache lines.
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(i0 + B, rows);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(j0 + B, cols);
      for (let i = i0; i < i1; i++) {
        const o = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = src[o + j]! * scale;
      }
    }
  }
  return out;
}

/** Swaps rows `i` and `j` of the row-major `x` (row length `len`). */
function swapRows(x: Float64Array, len: number, i: number, j: number): void {
  const oi = i * len;
  const oj = j * len;
  for (let c = 0; c < len; c++) {
    const t = x[oi + c]!;
    x[oi + c] = x[oj + c]!;
    x[oj + c] = t;
  }
}

/**
 * Power-of-two factor that brings `anrm` (the largest absolute entry) into `[SMALL, BIG]`, where
 * squares neither overflow nor underflow; 1 when no scaling is needed. Scaling by a power of two is
 * exact. As LAPACK's drivers do, it moves the largest entry only to the near edge of that range (not
 * to 1), so that the smallest entries of a matrix with a wide range of magnitudes do not underflow.
 *
 * @param anrm - largest absolute entry of the matrix.
 * @internal
 */
export function scaleFactor(anrm: number): number {
  if (anrm === 0 || (anrm >= SMALL && anrm <= BIG)) return 1;
  const e = Math.round(Math.log2(anrm));
  return anrm > BIG ? 2 ** (BIG_EXP - 1 - e) : 2 ** (-BIG_EXP + 1 - e);
}

/** Largest absolute entry of `a`; throws `LinAlgError` on NaN or ±Infinity. */
function maxAbsFinite(a: Float64Array, fn: string): number {
  // Branch-free (Math.abs and Math.max compile to bit and min/max instructions): a test of the sign
  // mispredicts half the time on random data and made this scan five times slower.
  let mx = 0;
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // v - v is NaN exactly when v is NaN or infinite (and 0 otherwise).
    bad += v - v;
    mx = Math.max(mx, Math.abs(v));
  }
  if (bad !== 0) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  return mx;
}

/**
 * Checks that `a` is a Float64Array holding an `m × n` matrix.
 *
 * @param fn - public function name for the error.
 * @param a - the matrix argument.
 * @param m - rows.
 * @param n - columns.
 * @throws ArgumentError naming the offending argument.
 * @internal
 */
export function checkMatrix(fn: string, a: unknown, m: number, n: number): void {
  if (!Number.isInteger(m) || m < 0) throw new ArgumentError(fn, 'm', 'a non-negative integer', m);
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(fn, 'n', 'a non-negative integer', n);
  if (!(a instanceof Float64Array)) throw new ArgumentError(fn, 'a', 'a Float64Array', a);
  if (a.length !== m * n)
    throw new ArgumentError(fn, 'a', `a Float64Array of length ${m * n} (${m}×${n})`, a);
}

/**
 * Reduces the row-major `m × n` matrix `x` (`m ≥ n`) to upper bidiagonal form `Qᵀ·X·P = B` in place
 * (Golub & Kahan 1965). `d` (n) and `e` (n-1) receive the bidiagonal; the left reflectors are stored
 * below the diagonal of `x` (column `j`, rows `j+1..`), the right ones right of the superdiagonal
 * (row `j`, columns `j+2..`).
 *
 * Each step makes a single sweep over the trailing rows: a row receives the left update, its
 * product with the right reflector, the right update, and then contributes to `z`, the unscaled
 * product `Σ_i x[i, j+1]·x[i, :]` that the next step's left update needs. Only the scale of the
 * next reflector is unknown during the sweep, and it factors out of `z`.
 *
 * @param col - scratch of length `m`.
 * @param w - scratch of length `n`.
 * @param z - scratch of length `n`.
 */
function bidiagonalize(
  x: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  col: Float64Array,
  w: Float64Array,
  z: Float64Array,
): void {
  // Large matrices: the trailing rows of each large step are split in two halves, each summing its own
  // share of the next step's product, and the GEMM helper thread takes the second half. It needs the matrix
  // and the step's vectors in shared memory (copied in and out: O(mn) next to O(mn²)). Without the helper
  // this thread does both halves the same way, so the result does not depend on the helper.
  const split = m * n >= BIDIAG_SHARED_MIN;
  const shared = split ? sharedSteps(m, n) : null;
  const aux = shared?.aux;
  if (shared !== null) shared.x.set(x.subarray(0, m * n));
  bidiagonalizeSteps(
    shared?.x ?? x,
    m,
    n,
    d,
    e,
    tauq,
    taup,
    aux?.subarray(1, 1 + m) ?? col,
    aux?.subarray(1 + m, 1 + m + n) ?? w,
    z,
    aux?.subarray(1 + m + n, 1 + m + 2 * n) ?? (split ? new Float64Array(n) : null),
    shared,
  );
  if (shared !== null) x.set(shared.x);
}

/**
 * {@link bidiagonalize}'s steps. With `zh`, large steps sum the second half of their rows into `zh` (the
 * helper's, when `shared`; then `x`, `col`, `w` and `zh` are its shared arrays).
 */
function bidiagonalizeSteps(
  x: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  col: Float64Array,
  w: Float64Array,
  z: Float64Array,
  zh: Float64Array | null,
  shared: SharedSteps | null,
): void {
  z.fill(0);
  for (let i = 1; i < m; i++) {
    const g = x[i * n]!;
    if (g === 0) continue;
    const ri = i * n;
    for (let c = 1; c < n; c++) z[c] = z[c]! + g * x[ri + c]!;
  }
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    for (let i = j; i < m; i++) col[i] = x[i * n + j]!;
    const alpha = col[j]!;
    const tq = householder(alpha, col, j + 1, m - j - 1);
    const beta = OUT[BETA_]!;
    d[j] = beta;
    tauq[j] = tq;
    x[rj + j] = beta;
    for (let i = j + 1; i < m; i++) x[i * n + j] = col[i]!;
    if (j === n - 1) {
      taup[j] = 0;
      break;
    }
    const c0 = j + 1;
    if (tq !== 0) {
      // w = tau·(row j + Σ_{i>j} v_i·row i) with v_i = x_i / (alpha - beta).
      const denom = alpha - beta;
      for (let c = c0; c < n; c++) {
        const wc = tq * (x[rj + c]! + z[c]! / denom);
        w[c] = wc;
        x[rj + c] = x[rj + c]! - wc;
      }
    }
    const tp = householder(x[rj + c0]!, x, rj + c0 + 1, n - c0 - 1);
    e[j] = OUT[BETA_]!;
    taup[j] = tp;
    x[rj + c0] = 1;
    z.fill(0, c0 + 1, n);
    if (tq === 0) w.fill(0, c0, n);
    // The pivot row of the next step does not contribute to z; the others go four at a time.
    bidiagonalizeRow(x, n, c0 * n, rj, c0, tq !== 0 ? col[c0]! : 0, w, tp, z, false);
    if (zh !== null && (m - c0 - 1) * (n - c0) >= STEP_SHARED_MIN) {
      // The lower half of the rows sums into zh (on the helper when there is one), added to z after.
      const mid = c0 + 1 + ((m - c0) >> 1);
      if (shared !== null) {
        shared.aux[0] = tp;
        shared.bidiagonalRows(mid, m, rj, c0, tq !== 0);
      }
      bidiagonalizeRows(x, n, c0 + 1, mid, rj, c0, col, tq !== 0, w, tp, z);
      if (shared !== null) shared.join();
      else {
        zh.fill(0, c0 + 1, n);
        bidiagonalizeRows(x, n, mid, m, rj, c0, col, tq !== 0, w, tp, zh);
      }
      for (let c = c0 + 1; c < n; c++) z[c] = z[c]! + zh[c]!;
    } else bidiagonalizeRows(x, n, c0 + 1, m, rj, c0, col, tq !== 0, w, tp, z);
    x[rj + c0] = e[j]!;
  }
}

/**
 * Rows `0 .. rows` of `Qᵀ` (`rows × m`, i.e. the first `rows` columns of `Q` as rows), where
 * `Q = H_0·H_1·…·H_{n-1}` holds the left reflectors of {@link bidiagonalize}. Row `r` is untouched
 * by reflectors `j > r`, so reflector `j` only visits rows `j..`.
 */
function formLeftT(x: Float64Array, m: number, n: number, tauq: Float64Array, rows: number): Float64Array {
  const ut = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) ut[r * m + r] = 1;
  const first = n >= BLOCKED_MIN ? PAIRED_FIRST : n;
  if (first < n) {
    // Blocks last to first; block j0 applies H_{j0+nb-1}·…·H_{j0}, i.e. op(T) = Tᵀ, to rows j0.. only.
    const work = blockWork(m, rows);
    const { vt } = work;
    const top = first + Math.floor((n - first - 1) / BLOCK_REFLECTORS) * BLOCK_REFLECTORS;
    for (let j0 = top; j0 >= first; j0 -= BLOCK_REFLECTORS) {
      const nb = Math.min(BLOCK_REFLECTORS, n - j0);
      const len = m - j0;
      for (let r = 0; r < nb; r++) {
        const j = j0 + r;
        const o = r * len - j0;
        vt.fill(0, r * len, r * len + r);
        vt[o + j] = 1;
        for (let i = j + 1; i < m; i++) vt[o + i] = x[i * n + j]!;
      }
      blockT(nb, len, tauq, j0, work);
      applyBlockRight(ut, m, j0, rows, j0, len, nb, true, work);
    }
  }
  const va = scratch(2 * m);
  const vb = va.subarray(m);
  let j = first - 1;
  for (; j >= 1; j -= 2) {
    va[j - 1] = 0;
    va[j] = 1;
    vb[j - 1] = 1;
    vb[j] = x[j * n + j - 1]!;
    for (let i = j + 1; i < m; i++) {
      const o = i * n + j;
      va[i] = x[o]!;
      vb[i] = x[o - 1]!;
    }
    reflectRowsPair(ut, m, j - 1, rows, j - 1, m, va, tauq[j]!, vb, tauq[j - 1]!);
  }
  if (j === 0 && tauq[0]! !== 0) {
    va[0] = 1;
    for (let i = 1; i < m; i++) va[i] = x[i * n]!;
    reflectRows(ut, m, 0, rows, 0, m, va, 0, tauq[0]!);
  }
  return ut;
}

/** `Pᵀ` (`n × n`) from the right reflectors of {@link bidiagonalize}, two at a time. */
function formRightT(x: Float64Array, n: number, taup: Float64Array): Float64Array {
  const vt = new Float64Array(n * n);
  for (let r = 0; r < n; r++) vt[r * n + r] = 1;
  const count = n - 1;
  const first = count >= BLOCKED_MIN ? PAIRED_FIRST : count;
  if (first < count) {
    // Reflector j acts on columns j+1..; blocks last to first, each on rows j0+1.. (as formLeftT).
    const work = blockWork(n, n);
    const v = work.vt;
    const top = first + Math.floor((count - first - 1) / BLOCK_REFLECTORS) * BLOCK_REFLECTORS;
    for (let j0 = top; j0 >= first; j0 -= BLOCK_REFLECTORS) {
      const nb = Math.min(BLOCK_REFLECTORS, count - j0);
      const c0 = j0 + 1;
      const len = n - c0;
      for (let r = 0; r < nb; r++) {
        const j = j0 + r;
        const o = r * len - c0;
        v.fill(0, r * len, r * len + r);
        v[o + j + 1] = 1;
        for (let c = j + 2; c < n; c++) v[o + c] = x[j * n + c]!;
      }
      blockT(nb, len, taup, j0, work);
      applyBlockRight(vt, n, c0, n, c0, len, nb, true, work);
    }
  }
  const va = scratch(2 * n);
  const vb = va.subarray(n);
  let j = first - 1;
  for (; j >= 1; j -= 2) {
    // G_j acts on columns j+1.., G_{j-1} on j..; rows before j are still unit vectors there.
    loadReflector(x, j * n, j + 1, n, j, va);
    loadReflector(x, (j - 1) * n, j, n, j, vb);
    reflectRowsPair(vt, n, j, n, j, n, va, taup[j]!, vb, taup[j - 1]!);
  }
  if (j === 0 && taup[0]! !== 0) {
    loadReflector(x, 0, 1, n, 1, va);
    reflectRows(vt, n, 1, n, 1, n, va, 0, taup[0]!);
  }
  return vt;
}

/** Smallest singular value of the upper triangular `[[f, g], [0, h]]`, computed without cancellation. */
function smallestSv2(f: number, g: number, h: number): number {
  const fa = Math.abs(f);
  const ga = Math.abs(g);
  const ha = Math.abs(h);
  const mx = Math.max(fa, ga, ha);
  if (mx === 0 || fa === 0 || ha === 0) return 0;
  const fs = fa / mx;
  const gs = ga / mx;
  const hs = ha / mx;
  const p = fs + hs;
  const q = fs - hs;
  // σ_max = (√((f+h)²+g²) + √((f-h)²+g²))/2 and σ_min·σ_max = |f·h|.
  const smax = 0.5 * (Math.sqrt(p * p + gs * gs) + Math.sqrt(q * q + gs * gs)) * mx;
  return fa * (ha / smax);
}

/** `|a|` with the sign of `b`, -0 counting as positive (a -0 result is made +0 at the end anyway). */
function withSign(a: number, b: number): number {
  const x = Math.abs(a);
  return b >= 0 ? x : -x;
}

/**
 * Singular value decomposition of the upper triangular `[[f, g], [0, h]]` to high relative accuracy
 * (Demmel & Kahan 1990; the method of LAPACK's `dlasv2`):
 * `[[cl, sl], [-sl, cl]]·[[f, g], [0, h]]·[[cr, -sr], [sr, cr]] = diag(smax, smin)` with
 * `|smax| ≥ |smin|`. Writes `smax, smin, cl, sl, cr, sr` to `SV2[0..6)`.
 *
 * The larger value is `|f|·a` and the smaller `|h|/a` with `a = (√((2-l)² + m²) + √(l² + m²))/2`,
 * `l = (|f|-|h|)/|f|` and `m = g/f` (after swapping so that `|f| ≥ |h|`): no cancellation, and the
 * rotation angles come from the same quantities. A `g` that dwarfs both is treated apart.
 */
function sv2x2(f: number, g: number, h: number): void {
  let ft = f;
  let fa = Math.abs(f);
  let ht = h;
  let ha = Math.abs(h);
  // Which of f (1), g (2), h (3) is largest in magnitude: it fixes the signs at the end.
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    ft = h;
    ht = f;
    fa = ha;
    ha = Math.abs(f);
  }
  const gt = g;
  const ga = Math.abs(g);
  let smax: number;
  let smin: number;
  let clt: number;
  let slt: number;
  let crt: number;
  let srt: number;
  if (ga === 0) {
    smin = ha;
    smax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gsmall = true;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
    smax = 0;
    smin = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < ULP) {
        // g dominates: the values are |g| and |f·h/g| to full accuracy.
        gsmall = false;
        smax = ga;
        smin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gsmall) {
      const dd = fa - ha;
      let l = dd === fa ? 1 : dd / fa; // 1 also when |f| is infinite
      const m = gt / ft;
      let t = 2 - l;
      const mm = m * m;
      const s = Math.sqrt(t * t + mm);
      const r = l === 0 ? Math.abs(m) : Math.sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      smin = ha / a;
      smax = fa * a;
      if (mm === 0) {
        // m underflowed (or is 0): the limits of the formulas below.
        t = l === 0 ? withSign(2, ft) * withSign(1, gt) : gt / withSign(dd, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1 + a);
      }
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  let cl: number;
  let sl: number;
  let cr: number;
  let sr: number;
  if (swap) {
    cl = srt;
    sl = crt;
    cr = slt;
    sr = clt;
  } else {
    cl = clt;
    sl = slt;
    cr = crt;
    sr = srt;
  }
  let tsign: number;
  if (pmax === 1) tsign = withSign(1, cr) * withSign(1, cl) * withSign(1, f);
  else if (pmax === 2) tsign = withSign(1, sr) * withSign(1, cl) * withSign(1, g);
  else tsign = withSign(1, sr) * withSign(1, sl) * withSign(1, h);
  SV2[0] = withSign(smax, tsign);
  SV2[1] = withSign(smin, tsign * withSign(1, f) * withSign(1, h));
  SV2[2] = cl;
  SV2[3] = sl;
  SV2[4] = cr;
  SV2[5] = sr;
}
/** Outputs of {@link sv2x2} (a typed array: see OUT). */
const SV2 = new Float64Array(6);

/**
 * Demmel–Kahan zero-shift QR sweep on the block `d[off .. off+len)`, `e[off .. off+len-1)`,
 * chasing from top to bottom. Right rotation `k` (pair `off+k`) goes to `cR/sR[off+k]`, left to `cL/sL`.
 */
function zeroShiftSweep(
  d: Float64Array,
  e: Float64Array,
  off: number,
  len: number,
  cR: Float64Array,
  sR: Float64Array,
  cL: Float64Array,
  sL: Float64Array,
): void {
  let cs = 1;
  let sn = 0;
  let oldcs = 1;
  let oldsn = 0;
  const last = off + len - 1;
  for (let i = off; i < last; i++) {
    rotg(d[i]! * cs, e[i]!);
    cs = OUT[C_]!;
    sn = OUT[S_]!;
    const r = OUT[R_]!;
    if (i > off) e[i - 1] = oldsn * r;
    rotg(oldcs * r, d[i + 1]! * sn);
    oldcs = OUT[C_]!;
    oldsn = OUT[S_]!;
    d[i] = OUT[R_]!;
    cR[i] = cs;
    sR[i] = sn;
    cL[i] = oldcs;
    sL[i] = oldsn;
  }
  const h = d[last]! * cs;
  d[last] = h * oldcs;
  e[last - 1] = h * oldsn;
}

/** Golub–Kahan implicit QR sweep with shift `shift` on the block, top to bottom; rotations as in {@link zeroShiftSweep}. */
function shiftedSweep(
  d: Float64Array,
  e: Float64Array,
  off: number,
  len: number,
  shift: number,
  cR: Float64Array,
  sR: Float64Array,
  cL: Float64Array,
  sL: Float64Array,
): void {
  const last = off + len - 1;
  const d0 = d[off]!;
  let f = (Math.abs(d0) - shift) * ((d0 >= 0 ? 1 : -1) + shift / d0);
  let g = e[off]!;
  // The chase is a serial chain of square roots and divisions, so the rotations are written out
  // here rather than returned through memory by rotg.
  for (let i = off; i < last; i++) {
    let cr = 1;
    let sr = 0;
    let r = f;
    if (g !== 0) {
      if (f === 0) {
        cr = 0;
        sr = 1;
        r = g;
      } else {
        let h = Math.sqrt(f * f + g * g);
        if (!(h > 1e-150 && h < 1e150)) h = hypot2(f, g);
        r = f > 0 ? h : -h;
        const inv = 1 / r;
        cr = f * inv;
        sr = g * inv;
      }
    }
    if (i > off) e[i - 1] = r;
    const di = d[i]!;
    const ei = e[i]!;
    f = cr * di + sr * ei;
    const ei2 = cr * ei - sr * di;
    const dn = d[i + 1]!;
    g = sr * dn;
    const dn2 = cr * dn;
    let cl = 1;
    let sl = 0;
    r = f;
    if (g !== 0) {
      if (f === 0) {
        cl = 0;
        sl = 1;
        r = g;
      } else {
        let h = Math.sqrt(f * f + g * g);
        if (!(h > 1e-150 && h < 1e150)) h = hypot2(f, g);
        r = f > 0 ? h : -h;
        const inv = 1 / r;
        cl = f * inv;
        sl = g * inv;
      }
    }
    d[i] = r;
    f = cl * ei2 + sl * dn2;
    d[i + 1] = cl * dn2 - sl * ei2;
    if (i < last - 1) {
      const en = e[i + 1]!;
      g = sl * en;
      e[i + 1] = cl * en;
    }
    cR[i] = cr;
    sR[i] = sr;
    cL[i] = cl;
    sL[i] = sl;
  }
  e[last - 1] = f;
}

/**
 * Singular values of the `n × n` upper bidiagonal `(d, e)` by implicit QR (LAPACK `dbdsqr`'s
 * strategy: relative-accuracy thresholds, chase direction chosen per block, zero shift when
 * the shift would spoil relative accuracy). On return `d` holds the singular values in
 * descending order. The rows of `right` (row length `rlen`) receive the right rotations, so
 * `Pᵀ` becomes `Vᵀ`; the rows of `left` (row length `llen`) receive the left rotations, so
 * `Qᵀ` becomes `Uᵀ` (or `Qᵀ·b` becomes `Uᵀ·b`). Both are permuted with the values.
 */
function bidiagonalQr(
  n: number,
  d: Float64Array,
  e: Float64Array,
  right: Float64Array | null,
  rlen: number,
  left: Float64Array | null,
  llen: number,
): void {
  if (n > 1) {
    // The nested calls of perfect shifts (no vectors) must not share the caller's pool entries.
    const work = right !== null || left !== null ? scratch(8 * n) : new Float64Array(8 * n);
    const cR = work.subarray(0, n);
    const sR = work.subarray(n, 2 * n);
    const cL = work.subarray(2 * n, 3 * n);
    const sL = work.subarray(3 * n, 4 * n);
    const rd = work.subarray(4 * n, 5 * n);
    const re = work.subarray(5 * n, 6 * n);
    const c2 = work.subarray(6 * n, 7 * n);
    const s2 = work.subarray(7 * n, 8 * n);
    const tol = Math.min(100, Math.max(10, ULP ** -0.125)) * ULP;
    const maxit = 6 * n * n;
    let sminoa = Math.abs(d[0]!);
    if (sminoa !== 0) {
      let mu = sminoa;
      for (let i = 1; i < n; i++) {
        mu = Math.abs(d[i]!) * (mu / (mu + Math.abs(e[i - 1]!)));
        if (mu < sminoa) sminoa = mu;
        if (sminoa === 0) break;
      }
    }
    sminoa /= Math.sqrt(n);
    // Worth it only when the rotated rows are long: the extra O(k²) pass costs about as much
    // per step as rotating rows of ~100 entries.
    const perfect = n > 2 && (right !== null ? rlen : 0) + (left !== null ? llen : 0) >= PERFECT_MIN_LEN;
    const thresh = Math.max(tol * sminoa, maxit * (n * (n * SAFMIN)));
    // Large factors get their rotations recorded and applied at the end, block by block (./rotations.ts).
    const rlog = RotationLog.for(right, n, rlen);
    const llog = RotationLog.for(left, n, llen);
    let iter = 0;
    let oldll = -1;
    let oldm = -1;
    let idir = 0;
    let m = n - 1;
    // Perfect shifts (with vectors only): the singular values of the current block, computed
    // without vectors in O(k²), used as shifts; see tridiagonalQl in eigh.ts for the rationale.
    const cache = perfect ? new Float64Array(3 * n) : work;
    const cached = cache.subarray(0, n);
    const cd = cache.subarray(n, 2 * n);
    const ce = cache.subarray(2 * n, 3 * n);
    let cacheLo = -1;
    let cacheHi = -1;
    let cacheCount = 0;
    let tries = 0;
    let triedLl = -1;
    let triedM = -1;
    main: while (m > 0) {
      if (iter > maxit) throw new LinAlgError('svd: did not converge');
      // Find the bottom unreduced block ll..m.
      let smax = Math.abs(d[m]!);
      let ll = 0;
      for (let l = m - 1; l >= 0; l--) {
        const abse = Math.abs(e[l]!);
        if (abse <= thresh) {
          e[l] = 0;
          if (l === m - 1) {
            m--;
            continue main;
          }
          ll = l + 1;
          break;
        }
        const abss = Math.abs(d[l]!);
        if (abss > smax) smax = abss;
        if (abse > smax) smax = abse;
      }
      if (ll === m - 1) {
        // A 2 × 2 block: diagonalised directly, as LAPACK's dbdsqr does, instead of by sweeps.
        sv2x2(d[ll]!, e[ll]!, d[m]!);
        d[ll] = SV2[0]!;
        e[ll] = 0;
        d[m] = SV2[1]!;
        if (right !== null) {
          cR[ll] = SV2[4]!;
          sR[ll] = SV2[5]!;
          rotateRows(right, rlen, rlog, ll, m, cR, sR, false);
        }
        if (left !== null) {
          cL[ll] = SV2[2]!;
          sL[ll] = SV2[3]!;
          rotateRows(left, llen, llog, ll, m, cL, sL, false);
        }
        m -= 2;
        continue;
      }
      if (ll > oldm || m < oldll) idir = Math.abs(d[ll]!) >= Math.abs(d[m]!) ? 1 : 2;
      // Relative convergence tests (Demmel & Kahan's criterion 1b).
      let smin: number;
      if (idir === 1) {
        if (Math.abs(e[m - 1]!) <= tol * Math.abs(d[m]!)) {
          e[m - 1] = 0;
          continue;
        }
        let mu = Math.abs(d[ll]!);
        smin = mu;
        for (let l = ll; l < m; l++) {
          const ae = Math.abs(e[l]!);
          if (ae <= tol * mu) {
            e[l] = 0;
            continue main;
          }
          mu = Math.abs(d[l + 1]!) * (mu / (mu + ae));
          if (mu < smin) smin = mu;
        }
      } else {
        if (Math.abs(e[ll]!) <= tol * Math.abs(d[ll]!)) {
          e[ll] = 0;
          continue;
        }
        let mu = Math.abs(d[m]!);
        smin = mu;
        for (let l = m - 1; l >= ll; l--) {
          const ae = Math.abs(e[l]!);
          if (ae <= tol * mu) {
            e[l] = 0;
            continue main;
          }
          mu = Math.abs(d[l]!) * (mu / (mu + ae));
          if (mu < smin) smin = mu;
        }
      }
      oldll = ll;
      oldm = m;
      let shift = 0;
      if (n * tol * (smin / smax) > Math.max(ULP, 0.01 * tol)) {
        let sll: number;
        if (idir === 1) {
          sll = Math.abs(d[ll]!);
          shift = smallestSv2(d[m - 1]!, e[m - 1]!, d[m]!);
        } else {
          sll = Math.abs(d[m]!);
          shift = smallestSv2(d[ll]!, e[ll]!, d[ll + 1]!);
        }
        if (ll === triedLl && m === triedM) tries++;
        else {
          tries = 0;
          triedLl = ll;
          triedM = m;
        }
        // A perfect shift that has not deflated after two sweeps gives way to the standard one.
        if (perfect && shift !== 0 && m - ll >= 2 && tries < 2) {
          if (cacheLo === ll && cacheHi === m + 1 && cacheCount > 0) {
            cacheCount = dropNearest(cached, cacheCount, Math.abs(d[m + 1]!));
            cacheHi = m;
          } else if (cacheLo === ll - 1 && cacheHi === m && cacheCount > 0) {
            cacheCount = dropNearest(cached, cacheCount, Math.abs(d[ll - 1]!));
            cacheLo = ll;
          }
          if (cacheLo !== ll || cacheHi !== m || cacheCount !== m - ll + 1) {
            const k = m - ll + 1;
            for (let q = 0; q < k; q++) cd[q] = d[ll + q]!;
            for (let q = 0; q < k - 1; q++) ce[q] = e[ll + q]!;
            bidiagonalQr(k, cd, ce, null, 0, null, 0);
            cached.set(cd.subarray(0, k));
            cacheCount = k;
            cacheLo = ll;
            cacheHi = m;
          }
          let best = cached[0]!;
          for (let q = 1; q < cacheCount; q++)
            if (Math.abs(cached[q]! - shift) < Math.abs(best - shift)) best = cached[q]!;
          shift = best;
        }
        if (sll > 0 && (shift / sll) * (shift / sll) < ULP) shift = 0;
      }
      const len = m - ll + 1;
      iter += len - 1;
      if (idir === 1) {
        if (shift === 0) zeroShiftSweep(d, e, ll, len, cR, sR, cL, sL);
        else shiftedSweep(d, e, ll, len, shift, cR, sR, cL, sL);
        if (right !== null) rotateRows(right, rlen, rlog, ll, m, cR, sR, false);
        if (left !== null) rotateRows(left, llen, llog, ll, m, cL, sL, false);
        if (Math.abs(e[m - 1]!) <= thresh) e[m - 1] = 0;
      } else {
        // Chase bottom to top: sweep the reversed transpose, whose right rotations act on the
        // left vectors (and vice versa) on mirrored row pairs with the sine negated.
        for (let k = 0; k < len; k++) rd[k] = d[m - k]!;
        for (let k = 0; k < len - 1; k++) re[k] = e[m - 1 - k]!;
        if (shift === 0) zeroShiftSweep(rd, re, 0, len, cR, sR, cL, sL);
        else shiftedSweep(rd, re, 0, len, shift, cR, sR, cL, sL);
        for (let k = 0; k < len; k++) d[m - k] = rd[k]!;
        for (let k = 0; k < len - 1; k++) e[m - 1 - k] = re[k]!;
        if (left !== null) {
          for (let k = 0; k < len - 1; k++) {
            c2[m - 1 - k] = cR[k]!;
            s2[m - 1 - k] = -sR[k]!;
          }
          rotateRows(left, llen, llog, ll, m, c2, s2, true);
        }
        if (right !== null) {
          for (let k = 0; k < len - 1; k++) {
            c2[m - 1 - k] = cL[k]!;
            s2[m - 1 - k] = -sL[k]!;
          }
          rotateRows(right, rlen, rlog, ll, m, c2, s2, true);
        }
        if (Math.abs(e[ll]!) <= thresh) e[ll] = 0;
      }
    }
    rlog?.close();
    llog?.close();
  }
  for (let i = 0; i < n; i++) {
    const di = d[i]!;
    if (di < 0 || Object.is(di, -0)) {
      d[i] = -di;
      if (right !== null) {
        const o = i * rlen;
        for (let c = 0; c < rlen; c++) right[o + c] = -right[o + c]!;
      }
    }
  }
  for (let i = 0; i < n - 1; i++) {
    let j = i;
    let best = d[i]!;
    for (let k = i + 1; k < n; k++) {
      if (d[k]! > best) {
        best = d[k]!;
        j = k;
      }
    }
    if (j !== i) {
      d[j] = d[i]!;
      d[i] = best;
      if (right !== null) swapRows(right, rlen, i, j);
      if (left !== null) swapRows(left, llen, i, j);
    }
  }
}

/** Removes the entry of `xs[0 .. count)` nearest to `v` (order not kept); returns the new count. */
function dropNearest(xs: Float64Array, count: number, v: number): number {
  let best = 0;
  for (let q = 1; q < count; q++) if (Math.abs(xs[q]! - v) < Math.abs(xs[best]! - v)) best = q;
  xs[best] = xs[count - 1]!;
  return count - 1;
}

/** What {@link tallSvd} computes. */
interface TallSvd {
  s: Float64Array;
  /** `leftRows × M`: the left singular vectors as rows (then an orthonormal complement when `leftRows = M`). */
  ut: Float64Array | null;
  /** `N × N`: the right singular vectors as rows. */
  vt: Float64Array | null;
  /** `N × lbCols`: `Uᵀ·lb`. */
  lc: Float64Array | null;
  /** `N × rbCols`: `Vᵀ·rb`. */
  rc: Float64Array | null;
}

interface TallRequest {
  /** 0, N (thin) or M (complete). */
  leftRows: number;
  wantVt: boolean;
  /** `M × lbCols`, multiplied by `Uᵀ`. */
  lb: Float64Array | null;
  lbCols: number;
  /** `N × rbCols`, multiplied by `Vᵀ`. */
  rb: Float64Array | null;
  rbCols: number;
}

/**
 * SVD of the tall working matrix `T` (`M × N`, `M ≥ N ≥ 1`) given as `src`: `T` itself when
 * `srcIsT`, else `Tᵀ`; entries are multiplied by `sc` while copying.
 */
function tallSvd(
  src: Float64Array,
  srcIsT: boolean,
  M: number,
  N: number,
  sc: number,
  req: TallRequest,
): TallSvd {
  if (M > N && M >= QR_RATIO * N) {
    // Householder QR on the rows of Tᵀ (the columns of T), then the SVD of the square R.
    const w = srcIsT ? transpose(src, M, N, sc, scratch(M * N)) : scaledCopy(src, sc);
    const va = scratch(2 * M);
    const vb = va.subarray(M);
    // Wide enough for blocks: qr.ts's blocked factorisation (its trailing updates go through gemm).
    const blocked = N >= QR_BLOCKED_MIN;
    const tau = blocked ? factorTransposed(w, M, N, 0).taus : scratch(N);
    // Otherwise two columns at a time: reflector j+1 is built once row j+1 has seen reflector j, then
    // both sweep the remaining rows together.
    for (let j = 0; j < (blocked ? 0 : N); j += 2) {
      const rj = j * M;
      tau[j] = householder(w[rj + j]!, w, rj + j + 1, M - j - 1);
      const bj = OUT[BETA_]!;
      w[rj + j] = 1;
      if (j + 1 === N) {
        reflectRows(w, M, j + 1, N, j, M, w, rj, tau[j]!);
        w[rj + j] = bj;
        break;
      }
      const rk = rj + M;
      reflectRows(w, M, j + 1, j + 2, j, M, w, rj, tau[j]!);
      tau[j + 1] = householder(w[rk + j + 1]!, w, rk + j + 2, M - j - 2);
      const bk = OUT[BETA_]!;
      if (j + 2 < N) {
        loadReflector(w, rj, j, M, j, va);
        loadReflector(w, rk, j + 1, M, j, vb);
        reflectRowsPair(w, M, j + 2, N, j, M, va, tau[j]!, vb, tau[j + 1]!);
      }
      w[rj + j] = bj;
      w[rk + j + 1] = bk;
    }
    const r = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let c = i; c < N; c++) r[i * N + c] = w[c * M + i]!;
    let lbTop: Float64Array | null = null;
    if (req.lb !== null) {
      const nb = req.lbCols;
      const lb = req.lb.slice();
      const scratch = new Float64Array(nb);
      for (let j = 0; j < N; j++) {
        const rj = j * M;
        const beta = w[rj + j]!;
        w[rj + j] = 1;
        reflectCols(lb, nb, j, M, 0, nb, w, rj, tau[j]!, scratch);
        w[rj + j] = beta;
      }
      lbTop = lb.subarray(0, N * nb);
    }
    const inner = squareishSvd(r, N, N, {
      leftRows: req.leftRows > 0 ? N : 0,
      wantVt: req.wantVt,
      lb: lbTop,
      lbCols: req.lbCols,
      rb: req.rb,
      rbCols: req.rbCols,
    });
    let ut: Float64Array | null = null;
    if (req.leftRows > 0) {
      // Uᵀ = [U_Rᵀ 0; 0 I]·Q₁ᵀ with Q₁ᵀ = H_{N-1}…H_0 applied from the right.
      const rows = req.leftRows;
      const utr = inner.ut!;
      ut = new Float64Array(rows * M);
      for (let i = 0; i < N; i++) ut.set(utr.subarray(i * N, i * N + N), i * M);
      for (let i = N; i < rows; i++) ut[i * M + i] = 1;
      if (N >= BLOCKED_MIN) {
        const work = blockWork(M, rows);
        const v = work.vt;
        for (
          let j0 = Math.floor((N - 1) / BLOCK_REFLECTORS) * BLOCK_REFLECTORS;
          j0 >= 0;
          j0 -= BLOCK_REFLECTORS
        ) {
          const nb = Math.min(BLOCK_REFLECTORS, N - j0);
          const len = M - j0;
          for (let r = 0; r < nb; r++) {
            const j = j0 + r;
            v.fill(0, r * len, r * len + r);
            v[r * len + r] = 1;
            v.set(w.subarray(j * M + j + 1, j * M + M), r * len + r + 1);
          }
          blockT(nb, len, tau, j0, work);
          applyBlockRight(ut, M, 0, rows, j0, len, nb, true, work);
        }
        return { s: inner.s, ut, vt: inner.vt, lc: inner.lc, rc: inner.rc };
      }
      let j = N - 1;
      for (; j >= 1; j -= 2) {
        loadReflector(w, j * M, j, M, j - 1, va);
        loadReflector(w, (j - 1) * M, j - 1, M, j - 1, vb);
        reflectRowsPair(ut, M, 0, rows, j - 1, M, va, tau[j]!, vb, tau[j - 1]!);
      }
      if (j === 0) {
        loadReflector(w, 0, 0, M, 0, va);
        reflectRows(ut, M, 0, rows, 0, M, va, 0, tau[0]!);
      }
    }
    return { s: inner.s, ut, vt: inner.vt, lc: inner.lc, rc: inner.rc };
  }
  const x = srcIsT ? scaledCopy(src, sc) : transpose(src, N, M, sc, scratch(M * N));
  return squareishSvd(x, M, N, req);
}

/** `sc·src` in a scratch array. */
function scaledCopy(src: Float64Array, sc: number): Float64Array {
  const out = scratch(src.length);
  if (sc === 1) out.set(src);
  else for (let i = 0; i < src.length; i++) out[i] = src[i]! * sc;
  return out;
}

/** SVD of the row-major `M × N` work matrix `x` (`M ≥ N ≥ 1`, destroyed) by bidiagonalisation and QR. */
function squareishSvd(x: Float64Array, M: number, N: number, req: TallRequest): TallSvd {
  const buf = scratch(6 * N + M);
  const d = buf.subarray(0, N);
  const e = buf.subarray(N, 2 * N);
  const tauq = buf.subarray(2 * N, 3 * N);
  const taup = buf.subarray(3 * N, 4 * N);
  const w = buf.subarray(4 * N, 5 * N);
  const z = buf.subarray(5 * N, 6 * N);
  const col = buf.subarray(6 * N, 6 * N + M);
  bidiagonalize(x, M, N, d, e, tauq, taup, col, w, z);
  const ut = req.leftRows > 0 ? formLeftT(x, M, N, tauq, req.leftRows) : null;
  let lc: Float64Array | null = null;
  if (req.lb !== null) {
    const nb = req.lbCols;
    const lb = req.lb.slice();
    const scratch = new Float64Array(nb);
    for (let j = 0; j < N; j++) {
      const tau = tauq[j]!;
      if (tau === 0) continue;
      col[j] = 1;
      for (let i = j + 1; i < M; i++) col[i] = x[i * N + j]!;
      reflectCols(lb, nb, j, M, 0, nb, col, 0, tau, scratch);
    }
    lc = lb.subarray(0, N * nb);
  }
  const vt = req.wantVt ? formRightT(x, N, taup) : null;
  let rc: Float64Array | null = null;
  if (req.rb !== null) {
    const nb = req.rbCols;
    const rb = req.rb.slice();
    const scratch = new Float64Array(nb);
    for (let j = 0; j < N - 1; j++) {
      const tau = taup[j]!;
      if (tau === 0) continue;
      const rj = j * N;
      const keep = x[rj + j + 1]!;
      x[rj + j + 1] = 1;
      reflectCols(rb, nb, j + 1, N, 0, nb, x, rj, tau, scratch);
      x[rj + j + 1] = keep;
    }
    rc = rb;
  }
  const right = vt ?? rc;
  const rlen = vt !== null ? N : req.rbCols;
  const left = ut ?? lc;
  const llen = ut !== null ? M : req.lbCols;
  bidiagonalQr(N, d, e, right, rlen, left, llen);
  return { s: d.slice(), ut, vt, lc, rc };
}

/**
 * SVD as singular vectors stored in rows: `A = leftᵀ·diag(s)·right` restricted to the first `k`
 * rows of each, `k = min(m, n)`.
 *
 * @param a - `(m, n)` row-major, not modified.
 * @param m - rows.
 * @param n - columns.
 * @param full - complete bases (`left` `(m, m)`, `right` `(n, n)`) instead of `(k, m)` and `(k, n)`.
 * @param vectors - compute `left` and `right`; `'left'`: only `left` (the QR iteration's rotations are then
 *   applied to that side alone, and the other side is never formed); `false`: neither.
 * @param fn - public function name for error messages.
 * @returns `s` `(k,)` descending, `left` whose rows are the left singular vectors, `right` whose rows are the right ones.
 * @throws LinAlgError on NaN/Inf input or when the QR iteration does not converge.
 * @internal
 */
export function svdRows(
  a: Float64Array,
  m: number,
  n: number,
  full: boolean,
  vectors: boolean | 'left',
  fn = 'svd',
): { s: Float64Array; left: Float64Array | null; right: Float64Array | null } {
  checkMatrix(fn, a, m, n);
  poolTop = 0;
  const k = Math.min(m, n);
  if (k === 0) {
    if (!vectors) return { s: new Float64Array(0), left: null, right: null };
    const lr = full ? m : 0;
    const rr = full && vectors === true ? n : 0;
    const left = new Float64Array(lr * m);
    for (let i = 0; i < lr; i++) left[i * m + i] = 1;
    const right = new Float64Array(rr * n);
    for (let i = 0; i < rr; i++) right[i * n + i] = 1;
    return { s: new Float64Array(0), left, right };
  }
  const sc = scaleFactor(maxAbsFinite(a, fn));
  const tall = m >= n;
  const M = tall ? m : n;
  const N = tall ? n : m;
  // A = Tᵀ for a wide A: its left vectors are T's right ones and vice versa.
  const wantLeftOfA = vectors !== false;
  const wantRightOfA = vectors === true;
  const r = tallSvd(a, tall, M, N, sc, {
    leftRows: (tall ? wantLeftOfA : wantRightOfA) ? (full ? M : N) : 0,
    wantVt: tall ? wantRightOfA : wantLeftOfA,
    lb: null,
    lbCols: 0,
    rb: null,
    rbCols: 0,
  });
  const s = r.s;
  if (sc !== 1) for (let i = 0; i < k; i++) s[i] = s[i]! / sc;
  return tall ? { s, left: r.ut, right: r.vt } : { s, left: r.vt, right: r.ut };
}

/**
 * The left singular vectors and values only: `s` `(k,)` descending and `u` `(m, k)` row-major, `k = min(m, n)`.
 * The rotations of the bidiagonal QR iteration are applied to one side only, and a wide matrix is reduced by a
 * QR of its transpose first, so V (the long side, for an unfolding) is never formed.
 *
 * @param a - `(m, n)` row-major, not modified.
 * @throws LinAlgError on NaN/Inf input or when the QR iteration does not converge.
 * @internal
 */
export function svdLeft(a: Float64Array, m: number, n: number): { s: Float64Array; u: Float64Array } {
  const { s, left } = svdRows(a, m, n, false, 'left');
  // `left` holds the vectors as rows, (k, m): transposed to (m, k).
  return { s, u: transpose(left!, s.length, m) };
}

/**
 * SVD pieces for a least-squares solve, `A = U·diag(s)·right`, returning `c = Uᵀ·b` without forming
 * `U`: the left transformations are applied to `b` as they are generated (as LAPACK's `dgelss`).
 *
 * @param a - `(m, n)` row-major; not modified.
 * @param m - rows of `a` and `b`.
 * @param n - columns of `a`.
 * @param b - `(m, nrhs)` row-major; not modified.
 * @param nrhs - columns of `b`.
 * @param fn - public function name for error messages.
 * @returns `s` `(k,)` descending, `c = Uᵀ·b` `(k, nrhs)`, `right` `(k, n)` with the right singular vectors as rows.
 * @throws LinAlgError on NaN/Inf in `a` or no convergence.
 * @internal
 */
export function svdApply(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  nrhs: number,
  fn: string,
): { s: Float64Array; c: Float64Array; right: Float64Array } {
  const k = Math.min(m, n);
  if (k === 0) return { s: new Float64Array(0), c: new Float64Array(0), right: new Float64Array(0) };
  poolTop = 0;
  const sc = scaleFactor(maxAbsFinite(a, fn));
  let out: { s: Float64Array; c: Float64Array; right: Float64Array };
  if (m >= n) {
    const r = tallSvd(a, true, m, n, sc, {
      leftRows: 0,
      wantVt: true,
      lb: b,
      lbCols: nrhs,
      rb: null,
      rbCols: 0,
    });
    out = { s: r.s, c: r.lc!, right: r.vt! };
  } else {
    const r = tallSvd(a, false, n, m, sc, {
      leftRows: m,
      wantVt: false,
      lb: null,
      lbCols: 0,
      rb: b,
      rbCols: nrhs,
    });
    out = { s: r.s, c: r.rc!, right: r.ut! };
  }
  if (sc !== 1) for (let i = 0; i < k; i++) out.s[i] = out.s[i]! / sc;
  return out;
}

/**
 * Singular value decomposition `A = U·diag(s)·Vt` with `numpy.linalg.svd` semantics.
 *
 * Householder bidiagonalisation (after a QR reduction when `m ≥ 1.6·n`, through the transpose
 * when `m < n`) followed by implicit-shift bidiagonal QR with Demmel–Kahan zero shifts
 * (Golub & Kahan 1965; Demmel & Kahan 1990), as LAPACK's `dgesvd`.
 *
 * @param a - `(m, n)` row-major matrix; not modified.
 * @param m - number of rows.
 * @param n - number of columns.
 * @param fullMatrices - `U` `(m, m)` and `Vt` `(n, n)`; otherwise `U` `(m, k)` and `Vt` `(k, n)` with `k = min(m, n)`.
 * @param computeUV - when false only `s` is computed and `u`, `vt` are null.
 * @returns `s` `(k,)` non-negative and descending; `u` and `vt` row-major with orthonormal columns / rows.
 * @throws ArgumentError when `a` is not a Float64Array of length `m·n`.
 * @throws LinAlgError when `a` contains NaN or Inf, or the iteration does not converge.
 * @example
 * ```ts
 * const { s } = svd(new Float64Array([3, 0, 0, -4]), 2, 2, false, false); // s = [4, 3]
 * ```
 */
export function svd(
  a: Float64Array,
  m: number,
  n: number,
  fullMatrices: boolean,
  computeUV: boolean,
): { u: Float64Array | null; s: Float64Array; vt: Float64Array | null } {
  const k = Math.min(m, n);
  if (k >= 1 && k <= JACOBI_MAX && Math.max(m, n) <= JACOBI_MAX_LONG) {
    checkMatrix('svd', a, m, n);
    const sc = jacobiScale(a, m * n, maxAbsFinite(a, 'svd'));
    const r = sc > 0 ? jacobiSvd(a, m, n, fullMatrices, computeUV, sc) : null;
    if (r !== null) return r;
  }
  const r = svdRows(a, m, n, fullMatrices, computeUV);
  if (!computeUV) return { u: null, s: r.s, vt: null };
  const left = r.left!;
  const cols = left.length / Math.max(m, 1);
  return { u: transpose(left, cols, m), s: r.s, vt: r.right };
}
