/**
 * Singular value decomposition of small matrices by one-sided Jacobi rotations (Hestenes, "Inversion of
 * matrices by biorthogonalization", J. SIAM 6, 1958; Demmel & Veselić, "Jacobi's method is more accurate than
 * QR", SIAM J. Matrix Anal. Appl. 13(4), 1992): plane rotations of pairs of columns until all columns are
 * orthogonal; their norms are the singular values, the normalised columns the left vectors, and the
 * accumulated rotations the right ones.
 *
 * For a matrix of a few columns this is fewer and simpler steps than bidiagonalisation followed by implicit
 * QR (./svd.ts), whose many small kernels cost more in calls than in arithmetic: a 5 × 5 SVD takes about
 * 2.5 µs instead of 4-6. The sweeps grow as n³ with more steps than QR's, so from about 7 columns QR wins.
 *
 * @module
 */
import { LinAlgError } from '../../../errors.js';

/** Unit roundoff. */
const ULP = Number.EPSILON / 2;
/** Sweeps before giving up (LAPACK's `dgesvj` allows 30; small matrices converge in 4-8). */
const MAX_SWEEPS = 30;
/** Singular values below this (after scaling into the safe range) have no direction of their own. */
const TINY = 2 ** -900;

/**
 * Whether {@link jacobiSvd} keeps full accuracy on `sc·a`: its sums of squares and products must neither
 * overflow nor underflow, which holds when every nonzero entry of `sc·a` lies in `[2^-480, 2^480]` (the
 * caller's scaling bounds the largest). A matrix with a wider range of magnitudes goes through the
 * bidiagonal QR, which keeps relative accuracy there.
 *
 * @internal
 */
export function jacobiSafe(a: Float64Array, length: number, sc: number): boolean {
  for (let i = 0; i < length; i++) {
    const v = Math.abs(a[i]!) * sc;
    if (v !== 0 && v < SAFE_MIN) return false;
  }
  return true;
}
const SAFE_MIN = 2 ** -480;

/**
 * The SVD of the `(m, n)` row-major `a`, computed on `sc·a` (`sc` a power of two that brings its entries into
 * a safe range; the values are divided by it again), as `svd` in ./svd.ts returns it: `s` descending, `u`
 * `(m, m)` or `(m, k)`, `vt` `(n, n)` or `(k, n)`, `k = min(m, n) ≥ 1`. Inputs are checked by the caller,
 * {@link jacobiSafe} included.
 *
 * @internal
 */
export function jacobiSvd(
  a: Float64Array,
  m: number,
  n: number,
  full: boolean,
  vectors: boolean,
  sc: number,
): { u: Float64Array | null; s: Float64Array; vt: Float64Array | null } {
  // Work on T = A (tall) or T = Aᵀ (wide), M × N with M ≥ N, column by column: column j of T is row j of
  // `cols`. For a wide A those are A's rows.
  const tall = m >= n;
  const M = tall ? m : n;
  const N = tall ? n : m;
  const cols = new Float64Array(N * M);
  if (tall) {
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) cols[j * M + i] = sc * a[i * n + j]!;
  } else {
    for (let i = 0; i < N * M; i++) cols[i] = sc * a[i]!;
  }
  // Row j of v is column j of V (T = U·S·Vᵀ), accumulated from the identity.
  const v = vectors ? new Float64Array(N * N) : null;
  if (v !== null) for (let j = 0; j < N; j++) v[j * N + j] = 1;
  const tol = M * ULP;
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < N - 1; p++) {
      const op = p * M;
      for (let q = p + 1; q < N; q++) {
        const oq = q * M;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < M; i++) {
          const x = cols[op + i]!;
          const y = cols[oq + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // (√α·√β: α·β itself may overflow.)
        if (!(Math.abs(gamma) > tol * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        rotated = true;
        // The rotation that makes columns p and q orthogonal: tan θ = t, the smaller root of
        // t² + 2ζt - 1 = 0 with ζ = (β - α)/(2γ) (Rutishauser's formulas).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < M; i++) {
          const x = cols[op + i]!;
          const y = cols[oq + i]!;
          cols[op + i] = c * x - s * y;
          cols[oq + i] = s * x + c * y;
        }
        if (v !== null) {
          const vp = p * N;
          const vq = q * N;
          for (let i = 0; i < N; i++) {
            const x = v[vp + i]!;
            const y = v[vq + i]!;
            v[vp + i] = c * x - s * y;
            v[vq + i] = s * x + c * y;
          }
        }
      }
    }
    if (!rotated) break;
  }
  if (sweep === MAX_SWEEPS) throw new LinAlgError('svd: did not converge');
  // Values, and the order that sorts them descending.
  const norms = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let t = 0;
    for (let i = 0; i < M; i++) t += cols[j * M + i]! ** 2;
    norms[j] = Math.sqrt(t);
  }
  const order = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    let k = j;
    while (k > 0 && norms[order[k - 1]!]! < norms[j]!) {
      order[k] = order[k - 1]!;
      k--;
    }
    order[k] = j;
  }
  const s = new Float64Array(N);
  for (let k = 0; k < N; k++) s[k] = norms[order[k]!]! / sc;
  if (v === null) return { u: null, s, vt: null };

  // T's left vectors as the columns of ut (cu × M, one per row): normalised columns, and for zero values
  // and the extra columns of a full U, an orthonormal completion.
  const cu = full ? M : N;
  const ut = new Float64Array(cu * M);
  const missing: number[] = [];
  for (let k = 0; k < cu; k++) {
    const j = k < N ? order[k]! : -1;
    if (j >= 0 && norms[j]! > TINY) {
      const inv = 1 / norms[j]!;
      for (let i = 0; i < M; i++) ut[k * M + i] = cols[j * M + i]! * inv;
    } else missing.push(k);
  }
  if (missing.length > 0) complete(ut, M, cu, missing);

  // Back to A: for a tall A, U = U_T and V = V_T; for a wide one (A = Tᵀ), U = V_T and V = U_T.
  const uOut = new Float64Array(tall ? m * cu : m * m);
  const vtOut = new Float64Array(tall ? n * n : cu * n);
  if (tall) {
    for (let k = 0; k < cu; k++) for (let i = 0; i < m; i++) uOut[i * cu + k] = ut[k * M + i]!;
    for (let k = 0; k < N; k++) vtOut.set(v.subarray(order[k]! * N, order[k]! * N + N), k * n);
  } else {
    for (let k = 0; k < N; k++) {
      const row = order[k]! * N;
      for (let i = 0; i < m; i++) uOut[i * m + k] = v[row + i]!;
    }
    vtOut.set(ut);
  }
  return { u: uOut, s, vt: vtOut };
}

/**
 * Fills the rows `missing` of `ut` (`rows × len`, orthonormal rows elsewhere) with unit vectors orthogonal to
 * every other row: for each, the coordinate vector least covered by the rows so far (its remainder is at
 * least 1/√len), orthogonalised twice (Gram–Schmidt) and normalised.
 */
function complete(ut: Float64Array, len: number, rows: number, missing: number[]): void {
  const done = new Uint8Array(rows).fill(1);
  for (const k of missing) done[k] = 0;
  for (const k of missing) {
    // e_i's squared remainder is 1 - Σ_r ut[r][i]² over the rows done.
    let best = 0;
    let bestRest = -1;
    for (let i = 0; i < len; i++) {
      let covered = 0;
      for (let r = 0; r < rows; r++) if (done[r] === 1) covered += ut[r * len + i]! ** 2;
      if (1 - covered > bestRest) {
        bestRest = 1 - covered;
        best = i;
      }
    }
    const o = k * len;
    ut.fill(0, o, o + len);
    ut[o + best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let r = 0; r < rows; r++) {
        if (done[r] === 0) continue;
        let d = 0;
        for (let i = 0; i < len; i++) d += ut[r * len + i]! * ut[o + i]!;
        for (let i = 0; i < len; i++) ut[o + i] = ut[o + i]! - d * ut[r * len + i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < len; i++) nrm += ut[o + i]! ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < len; i++) ut[o + i] = ut[o + i]! / nrm;
    done[k] = 1;
  }
}
