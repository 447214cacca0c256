/**
 * Symmetric eigendecomposition of dense row-major float64 matrices.
 *
 * Method: Householder reduction to tridiagonal form (as LAPACK's `dsytrd`, reading the lower
 * triangle). Eigenvalues only: the root-free QL iteration of Pal, Walker and Kahan (as
 * `dsterf`). With eigenvectors: implicit QL iteration (Bowdler, Martin, Reinsch & Wilkinson, "The
 * QR and QL algorithms for symmetric matrices", Numer. Math. 11, 1968) rotating the explicitly
 * formed orthogonal factor, with eigenvalues precomputed by the root-free iteration as shifts for
 * large matrices. Eigenvectors are kept as rows while rotating so that every inner loop is
 * contiguous, and transposed once at the end.
 *
 * @module
 */
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { applyBlockRight, BLOCK_REFLECTORS, blockT, blockWork } from './block-reflector.js';
import {
  householder,
  hypot2,
  reflectorBeta,
  reflectRows,
  reflectRowsPair,
  scaleFactor,
  transpose,
} from './svd.js';
import { type SharedSteps, sharedSteps } from './gemm.js';
import { RotationLog, rotateRows } from './rotations.js';
import { tridiagonalizeRows } from './tridiagonal-rows.js';

const ULP = Number.EPSILON / 2;
const SAFMIN = 2 ** -1022;
/** Matrices with at least this many entries are tridiagonalised in shared memory, on two threads. */
const TRI_SHARED_MIN = 1 << 16;
/** ... and a step's rows are split when they hold at least this many entries (a row r holds r). */
const STEP_SHARED_MIN = 1 << 13;
/** With at least this many reflectors, `Qᵀ` is accumulated in blocks through `gemm` (see svd.ts). */
const BLOCKED_MIN = 64;

function checkSquare(fn: string, a: unknown, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(fn, 'n', 'a non-negative integer', n);
  if (!(a instanceof Float64Array)) throw new ArgumentError(fn, 'a', 'a Float64Array', a);
  if (a.length !== n * n)
    throw new ArgumentError(fn, 'a', `a Float64Array of length ${n * n} (${n}×${n})`, a);
}

/** Copies the lower triangle of `a` (scaled to a safe range) into a fresh `n × n` buffer; returns the scale used. */
function copyLower(fn: string, a: Float64Array, n: number, out: Float64Array): number {
  // Branch-free, as maxAbsFinite in svd.ts: v - v is NaN exactly when v is NaN or infinite.
  let mx = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let j = 0; j <= i; j++) {
      const v = a[o + j]!;
      bad += v - v;
      mx = Math.max(mx, Math.abs(v));
      out[o + j] = v;
    }
  }
  if (bad !== 0) throw new LinAlgError(`${fn}: input contains NaN or Inf`);
  const sc = scaleFactor(mx);
  if (sc !== 1)
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[i * n + j] = out[i * n + j]! * sc;
  return sc;
}

/**
 * Reduces the symmetric matrix whose lower triangle is in `w` to tridiagonal `T = Qᵀ·A·Q`
 * (Householder; Golub & Van Loan, "Matrix Computations", §8.3.1). Rows are eliminated from the
 * bottom up (the mirror image of `dsytrd`'s upper variant), so that each Householder vector is a
 * contiguous row prefix: reflector `i` (`1 ≤ i < n`) lives in `w[i, 0..i)` with its unit entry at
 * column `i-1`, and `Q = H_{n-1}·…·H_1`.
 *
 * Each step reads the remaining block once: the rank-2 update of a row is fused with that row's
 * share of the next step's product `A·v`, whose reflector is formed beforehand from the one row it
 * depends on.
 *
 * @param p - scratch of length `n`.
 * @param pn - scratch of length `n`.
 */
function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  p: Float64Array,
  pn: Float64Array,
): void {
  // Large matrices: the rows of each large step are split in two parts of equal work, each summing its own
  // share of the next step's product, and the GEMM helper thread takes the second. It needs the matrix and
  // the step's vectors in shared memory (copied in and out: O(n²) next to O(n³)). Without the helper this
  // thread does both parts the same way, so the result does not depend on the helper.
  const split = n * n >= TRI_SHARED_MIN;
  const shared = split ? sharedSteps(n, n, 3 * n) : null;
  const aux = shared?.aux;
  if (shared !== null) shared.x.set(w.subarray(0, n * n));
  tridiagonalizeSteps(
    shared?.x ?? w,
    n,
    d,
    e,
    tau,
    aux?.subarray(0, n) ?? p,
    aux?.subarray(n, 2 * n) ?? pn,
    aux?.subarray(2 * n, 3 * n) ?? (split ? new Float64Array(n) : null),
    shared,
  );
  if (shared !== null) w.set(shared.x);
}

/**
 * {@link tridiagonalize}'s steps. With `pnh`, large steps sum the second part of their rows into `pnh` (the
 * helper's, when `shared`; then `w` is its shared matrix and `p`, `pn`, `pnh` the thirds of its `aux`).
 */
function tridiagonalizeSteps(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  p: Float64Array,
  pn: Float64Array,
  pnh: Float64Array | null,
  shared: SharedSteps | null,
): void {
  // Offsets of p and pn in the shared aux (they trade places every step, as p and pn do).
  let pAt = 0;
  let pnAt = n;
  tau[0] = 0;
  if (n === 1) {
    d[0] = w[0]!;
    return;
  }
  let i = n - 1;
  let ri = i * n;
  let t = householder(w[ri + i - 1]!, w, ri, i - 1);
  let beta = reflectorBeta();
  w[ri + i - 1] = 1;
  // p = A·v for the first step, from the lower triangle.
  p.fill(0, 0, i);
  for (let r = 0; r < i; r++) {
    const o = r * n;
    const vr = w[ri + r]!;
    let acc = 0;
    for (let c = 0; c < r; c++) {
      const a = w[o + c]!;
      acc += a * w[ri + c]!;
      p[c] = p[c]! + a * vr;
    }
    p[r] = p[r]! + acc + w[o + r]! * vr;
  }
  for (;;) {
    e[i - 1] = beta;
    tau[i] = t;
    // q = tau·p - (tau²/2)(pᵀv)·v, kept in p; then A ← A - v·qᵀ - q·vᵀ.
    if (t !== 0) {
      let pv = 0;
      for (let r = 0; r < i; r++) {
        const pr = p[r]! * t;
        p[r] = pr;
        pv += pr * w[ri + r]!;
      }
      const alpha = -0.5 * t * pv;
      for (let r = 0; r < i; r++) p[r] = p[r]! + alpha * w[ri + r]!;
    } else {
      p.fill(0, 0, i);
    }
    const rl = (i - 1) * n;
    {
      const vr = w[ri + i - 1]!;
      const qr = p[i - 1]!;
      for (let c = 0; c < i; c++) w[rl + c] = w[rl + c]! - vr * p[c]! - qr * w[ri + c]!;
    }
    w[ri + i - 1] = beta;
    d[i] = w[ri + i]!;
    if (i === 1) break;
    // The next reflector depends only on the row just updated.
    const tn = householder(w[rl + i - 2]!, w, rl, i - 2);
    const betan = reflectorBeta();
    w[rl + i - 2] = 1;
    pn.fill(0, 0, i - 1);
    const last = i - 1;
    if (pnh !== null && last * last >= 2 * STEP_SHARED_MIN) {
      // Row r costs r: rows last/√2 .. last (half the work) sum into pnh (on the helper when there is one).
      const mid = Math.round(last * Math.SQRT1_2);
      shared?.tridiagonalRows(mid, last, ri, rl, pAt, 2 * n);
      tridiagonalizeRows(w, n, 0, mid, ri, rl, p, pn);
      if (shared !== null) shared.join();
      else {
        pnh.fill(0, 0, last);
        tridiagonalizeRows(w, n, mid, last, ri, rl, p, pnh);
      }
      for (let c = 0; c < last; c++) pn[c] = pn[c]! + pnh[c]!;
    } else tridiagonalizeRows(w, n, 0, last, ri, rl, p, pn);
    const tmp = p;
    p = pn;
    pn = tmp;
    const at = pAt;
    pAt = pnAt;
    pnAt = at;
    i--;
    ri = rl;
    t = tn;
    beta = betan;
  }
  d[0] = w[0]!;
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal `(d, e)` (`e[i]` couples `i` and
 * `i+1`; `e` has length `n`), applying its rotations to row pairs of `z` (`n × zlen`). On return
 * `d` holds the eigenvalues, unsorted. Deflation is absolute, at `8ε·‖T‖` (LAPACK's divide and
 * conquer, behind NumPy's `eigh`, deflates at the same level), or relative as in `dsteqr`.
 *
 * With eigenvectors, each unreduced block first gets its eigenvalues from a cheap run without
 * vectors (O(k²)), and those serve as shifts ("perfect shifts"): the one nearest the Wilkinson
 * shift usually deflates in a single sweep instead of about two, cutting the rotations applied
 * to `z`, which dominate the cost, by about 40%. A shift that fails to deflate is merely a poor shift: every sweep
 * is still an orthogonal similarity, so stability is unaffected, and after two misses the
 * Wilkinson shift takes over.
 */
function tridiagonalQl(
  n: number,
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  zlen: number,
  fn: string,
): void {
  // The extra O(k²) eigenvalue pass pays off once rows are long enough (measured crossover ~64).
  const perfect = zlen >= 64;
  const work = new Float64Array(perfect ? 5 * n : 2 * n);
  const cs = work.subarray(0, n);
  const sn = work.subarray(n, 2 * n);
  const shifts = work.subarray(2 * n, 3 * n);
  const dd = work.subarray(3 * n, 4 * n);
  const ee = work.subarray(4 * n, 5 * n);
  let shiftLo = -1;
  let shiftHi = -1;
  let shiftCount = 0;
  const maxIter = 30 * n;
  let iter = 0;
  // A large z gets its rotations recorded and applied at the end, block by block (./rotations.ts).
  const log = RotationLog.for(z, n, zlen);
  e[n - 1] = 0;
  // The accuracy target is absolute, O(ε·‖T‖), as for LAPACK's divide and conquer (whose
  // deflation tolerance is 8ε·‖T‖); the relative test of dsteqr can only deflate earlier.
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0);
    if (row > tnorm) tnorm = row;
  }
  const absTol = Math.max(SAFMIN, 8 * ULP * tnorm);
  for (let l = 0; l < n; l++) {
    let tries = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]!);
        if (em <= ULP * Math.sqrt(Math.abs(d[m]!)) * Math.sqrt(Math.abs(d[m + 1]!)) || em <= absTol) {
          e[m] = 0;
          break;
        }
      }
      if (m === l) {
        if (shiftLo === l && shiftCount > 0) {
          // d[l] has converged: drop the cached eigenvalue it matched.
          let best = 0;
          for (let k = 1; k < shiftCount; k++)
            if (Math.abs(shifts[k]! - d[l]!) < Math.abs(shifts[best]! - d[l]!)) best = k;
          shifts[best] = shifts[--shiftCount]!;
          shiftLo = l + 1;
        }
        break;
      }
      if (++iter > maxIter) throw new LinAlgError(`${fn}: did not converge`);
      const el = e[l]!;
      let g = (d[l + 1]! - d[l]!) / (2 * el);
      let r = hypot2(g, 1);
      let mu = d[l]! - el / (g + (g >= 0 ? r : -r));
      if (perfect && m - l >= 2 && tries < 2) {
        if (shiftLo !== l || shiftHi !== m) {
          const k = m - l + 1;
          for (let q = 0; q < k; q++) dd[q] = d[l + q]!;
          for (let q = 0; q < k - 1; q++) ee[q] = e[l + q]!;
          tridiagonalValues(k, dd, ee, fn);
          shifts.set(dd.subarray(0, k));
          shiftCount = k;
          shiftLo = l;
          shiftHi = m;
        }
        let best = mu;
        for (let k = 0; k < shiftCount; k++)
          if (Math.abs(shifts[k]! - mu) < Math.abs(best - mu) || k === 0) best = shifts[k]!;
        mu = best;
      }
      tries++;
      g = d[m]! - mu;
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let broke = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.sqrt(f * f + g * g);
        if (!(r > 1e-150 && r < 1e150)) r = hypot2(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // f and g underflowed together: the block splits here; undo the partial step's shift.
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          broke = true;
          break;
        }
        const inv = 1 / r;
        s = f * inv;
        c = g * inv;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        sn[i] = -s;
      }
      if (i + 1 < m) rotateRows(z, zlen, log, i + 1, m, cs, sn, true);
      if (broke) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  log?.close();
}

/**
 * Eigenvalues of the symmetric tridiagonal `(d, e)` (`e[i]` couples `i` and `i+1`; `e` has length
 * `n`) by the root-free QL iteration of Pal, Walker and Kahan (Parlett, "The Symmetric Eigenvalue
 * Problem", §8.15): it carries squared off-diagonals and squared rotation cosines, so a step needs
 * two divisions and no square root. `e` is overwritten; `d` receives the eigenvalues, unsorted.
 */
function tridiagonalValues(n: number, d: Float64Array, e: Float64Array, fn: string): void {
  const e2 = e;
  for (let i = 0; i < n - 1; i++) e2[i] = e[i]! * e[i]!;
  e2[n - 1] = 0;
  const eps2 = ULP * ULP;
  const maxIter = 30 * n;
  let iter = 0;
  for (let l = 0; l < n; l++) {
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        if (e2[m]! <= eps2 * Math.abs(d[m]! * d[m + 1]!) + SAFMIN) {
          e2[m] = 0;
          break;
        }
      }
      if (m === l) break;
      if (++iter > maxIter) throw new LinAlgError(`${fn}: did not converge`);
      // Wilkinson shift from the leading 2×2 block.
      const rte = Math.sqrt(e2[l]!);
      const t = (d[l + 1]! - d[l]!) / (2 * rte);
      const h = hypot2(t, 1);
      const sigma = d[l]! - rte / (t + (t >= 0 ? h : -h));
      let c = 1;
      let sn = 0;
      let gamma = d[m]! - sigma;
      let p = gamma * gamma;
      for (let i = m - 1; i >= l; i--) {
        const bb = e2[i]!;
        const r = p + bb;
        if (i !== m - 1) e2[i + 1] = sn * r;
        const oldc = c;
        c = p / r;
        sn = bb / r;
        const oldgam = gamma;
        const alpha = d[i]!;
        gamma = c * (alpha - sigma) - sn * oldgam;
        d[i + 1] = oldgam + (alpha - gamma);
        p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
      }
      e2[l] = sn * p;
      d[l] = sigma + gamma;
    }
  }
}

/** Shared driver: eigenvalues ascending, eigenvectors (as rows of `vt`) when `vectors`. */
function symmetricEigen(
  a: Float64Array,
  n: number,
  vectors: boolean,
  fn: string,
): { w: Float64Array; vt: Float64Array | null } {
  checkSquare(fn, a, n);
  if (n === 0) return { w: new Float64Array(0), vt: vectors ? new Float64Array(0) : null };
  const w = new Float64Array(n * n);
  const sc = copyLower(fn, a, n, w);
  const buf = new Float64Array(5 * n);
  const d = buf.subarray(0, n);
  const e = buf.subarray(n, 2 * n);
  const tau = buf.subarray(2 * n, 3 * n);
  tridiagonalize(w, n, d, e, tau, buf.subarray(3 * n, 4 * n), buf.subarray(4 * n, 5 * n));
  let vt: Float64Array | null = null;
  if (vectors) {
    // Qᵀ = H_1·H_2·…·H_{n-1}, built from the right; row r is still a unit vector until reflector r+1.
    vt = new Float64Array(n * n);
    for (let r = 0; r < n; r++) vt[r * n + r] = 1;
    if (n - 1 >= BLOCKED_MIN) accumulateBlocked(vt, w, n, tau);
    else accumulatePairs(vt, w, n, tau);
  }
  if (vt !== null) tridiagonalQl(n, d, e, vt, n, fn);
  else tridiagonalValues(n, d, e, fn);
  // Selection sort, ascending, moving eigenvector rows along.
  for (let i = 0; i < n - 1; i++) {
    let j = i;
    let best = d[i]!;
    for (let k = i + 1; k < n; k++) {
      if (d[k]! < best) {
        best = d[k]!;
        j = k;
      }
    }
    if (j !== i) {
      d[j] = d[i]!;
      d[i] = best;
      if (vt !== null) {
        const oi = i * n;
        const oj = j * n;
        for (let c = 0; c < n; c++) {
          const tmp = vt[oi + c]!;
          vt[oi + c] = vt[oj + c]!;
          vt[oj + c] = tmp;
        }
      }
    }
  }
  const out = d.slice();
  if (sc !== 1) for (let i = 0; i < n; i++) out[i] = out[i]! / sc;
  return { w: out, vt };
}

/**
 * `vt ← vt·H_1·H_2·…·H_{n-1}` (from the identity: `Qᵀ`), two reflectors at a time. Reflector `i` is
 * stored in row `i` of `w`, support `[0, i)` with its unit at `i-1`; row `r` of `vt` is still a unit
 * vector until reflector `r+1`.
 */
function accumulatePairs(vt: Float64Array, w: Float64Array, n: number, tau: Float64Array): void {
  const va = new Float64Array(2 * n);
  const vb = va.subarray(n);
  let i = 1;
  for (; i + 1 < n; i += 2) {
    // Reflector i has support [0, i) with its unit at i-1; reflector i+1 has [0, i+1).
    for (let c = 0; c < i - 1; c++) va[c] = w[i * n + c]!;
    va[i - 1] = 1;
    va[i] = 0;
    for (let c = 0; c < i; c++) vb[c] = w[(i + 1) * n + c]!;
    vb[i] = 1;
    reflectRowsPair(vt, n, 0, i + 1, 0, i + 1, va, tau[i]!, vb, tau[i + 1]!);
  }
  if (i < n && tau[i]! !== 0) {
    const ri = i * n;
    const keep = w[ri + i - 1]!;
    w[ri + i - 1] = 1;
    reflectRows(vt, n, 0, i, 0, i, w, ri, tau[i]!);
    w[ri + i - 1] = keep;
  }
}

/**
 * {@link accumulatePairs} in blocks of {@link BLOCK_REFLECTORS} through `gemm`: block `i0` applies
 * `H_{i0}·…·H_{i0+nb-1}` (op(T) = T), whose supports all lie in columns `[0, i0+nb-1)`, to the rows there.
 */
function accumulateBlocked(vt: Float64Array, w: Float64Array, n: number, tau: Float64Array): void {
  const work = blockWork(n, n);
  const v = work.vt;
  for (let i0 = 1; i0 < n; i0 += BLOCK_REFLECTORS) {
    const nb = Math.min(BLOCK_REFLECTORS, n - i0);
    const len = i0 + nb - 1;
    for (let r = 0; r < nb; r++) {
      const i = i0 + r;
      const o = r * len;
      v.set(w.subarray(i * n, i * n + i - 1), o);
      v[o + i - 1] = 1;
      v.fill(0, o + i, o + len);
    }
    blockT(nb, len, tau, i0, work);
    applyBlockRight(vt, n, 0, len, 0, len, nb, false, work);
  }
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, like `numpy.linalg.eigh` (`UPLO='L'`).
 *
 * Householder tridiagonalisation followed by implicit QL with Wilkinson shifts (Bowdler et al. 1968).
 * Only the lower triangle of `a` is read.
 *
 * @param a - `(n, n)` row-major symmetric matrix; not modified.
 * @param n - order of the matrix.
 * @returns `w` `(n,)` eigenvalues in ascending order and `v` `(n, n)` row-major whose column `j` is the
 *   unit eigenvector of `w[j]`, so that `A·V = V·diag(w)` and `VᵀV = I`.
 * @throws ArgumentError when `a` is not a Float64Array of length `n²`.
 * @throws LinAlgError when the lower triangle contains NaN or Inf, or the iteration does not converge.
 * @example
 * ```ts
 * const { w, v } = eigh(new Float64Array([2, 1, 1, 2]), 2); // w = [1, 3]
 * ```
 */
export function eigh(a: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
  const r = symmetricEigen(a, n, true, 'eigh');
  return { w: r.w, v: transpose(r.vt!, n, n) };
}

/**
 * Eigenvalues of a real symmetric matrix in ascending order, like `numpy.linalg.eigvalsh` (`UPLO='L'`).
 *
 * Householder tridiagonalisation followed by implicit QL without eigenvectors.
 *
 * @param a - `(n, n)` row-major symmetric matrix (lower triangle read); not modified.
 * @param n - order of the matrix.
 * @returns `(n,)` eigenvalues, ascending.
 * @throws ArgumentError when `a` is not a Float64Array of length `n²`.
 * @throws LinAlgError when the lower triangle contains NaN or Inf, or the iteration does not converge.
 */
export function eigvalsh(a: Float64Array, n: number): Float64Array {
  return symmetricEigen(a, n, false, 'eigvalsh').w;
}
