/**
 * Singular value decomposition of small matrices by one-sided Jacobi rotations (Hestenes, "Inversion of
 * matrices by biorthogonalization", J. SIAM 6, 1958; Demmel & Veselić, "Jacobi's method is more accurate than
 * QR", SIAM J. Matrix Anal. Appl. 13(4), 1992): plane rotations of pairs of columns until all columns are
 * orthogonal; their norms are the singular values, the normalised columns the left vectors, and the
 * accumulated rotations the right ones.
 *
 * For a matrix of a few columns this is fewer and simpler steps than bidiagonalisation followed by implicit
 * QR (./svd.ts), whose many small kernels cost more in calls than in arithmetic: a 5 × 5 SVD takes about
 * 3.6 µs per `tl.svd` call instead of 4.3-5.8. The sweeps grow as n³ with more steps than QR's, so from about
 * 7 columns QR wins.
 *
 * Two safeguards keep it as accurate as the QR path: matrices whose entries span more than 2^30 go to QR
 * ({@link jacobiScale}), and a column that a rotation leaves with only a rounding-size part of its norm is
 * set to zero (it is noise that would otherwise be rotated forever).
 *
 * @module
 */

/** Unit roundoff. */
const ULP = Number.EPSILON / 2;
/** Sweeps before giving up (LAPACK's `dgesvj` allows 30; small matrices converge in 4-8). */
const MAX_SWEEPS = 30;
/**
 * Entries are scaled so that the largest is about 1, and Jacobi takes only matrices whose nonzero entries are
 * then all at least this. Sums of squares then stay normal numbers and the ratio ζ of a rotation stays far
 * from overflow; and a pair of columns of very different norms, nearly dependent (`[[1, 1e20], [0, 1e-20]]`,
 * σ₂ = 1e-40), would lose its small value to cancellation in the rotation, where the bidiagonal QR keeps it
 * to high relative accuracy. Wider ranges go through the QR path.
 */
const RANGE_MIN = 2 ** -30;

/**
 * The power of two that brings the largest entry of `a` (`max`, its magnitude) to about 1, or 0 when the
 * matrix's nonzero entries span more than {@link RANGE_MIN} (then {@link jacobiSvd} is not for it).
 *
 * @internal
 */
export function jacobiScale(a: Float64Array, length: number, max: number): number {
  if (max === 0) return 1;
  const sc = 2 ** -Math.round(Math.log2(max));
  const floor = RANGE_MIN / sc;
  for (let i = 0; i < length; i++) {
    const v = Math.abs(a[i]!);
    if (v !== 0 && v < floor) return 0;
  }
  return sc;
}

/**
 * The SVD of the `(m, n)` row-major `a`, computed on `sc·a` (`sc` from {@link jacobiScale}; the values are
 * divided by it again), as `svd` in ./svd.ts returns it: `s` descending, `u` `(m, m)` or `(m, k)`, `vt`
 * `(n, n)` or `(k, n)`, `k = min(m, n) ≥ 1`. Inputs are checked by the caller. Returns null in the
 * (unseen) case that the sweeps do not converge: the caller then takes the QR path.
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
): { u: Float64Array | null; s: Float64Array; vt: Float64Array | null } | null {
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
  const noise = (4 * tol) ** 2;
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
        // t² + 2ζt - 1 = 0 with ζ = (β - α)/(2γ) (Rutishauser's formulas; t ≈ 1/(2ζ) where ζ² would overflow).
        const zeta = (beta - alpha) / (2 * gamma);
        const az = Math.abs(zeta);
        const t = az > 1e150 ? 1 / (2 * zeta) : (zeta >= 0 ? 1 : -1) / (az + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        let alpha2 = 0;
        let beta2 = 0;
        for (let i = 0; i < M; i++) {
          const x = cols[op + i]!;
          const y = cols[oq + i]!;
          const xr = c * x - s * y;
          const yr = s * x + c * y;
          cols[op + i] = xr;
          cols[oq + i] = yr;
          alpha2 += xr * xr;
          beta2 += yr * yr;
        }
        // A column that kept only a rounding-size part of its norm had no direction of its own beyond the
        // other's (the pair was dependent): what is left is noise, whose angle with every column stays
        // large, so it would be rotated (and shrunk) forever. It is zero to within ε of the pair.
        if (alpha2 <= noise * alpha) cols.fill(0, op, op + M);
        if (beta2 <= noise * beta) cols.fill(0, oq, oq + M);
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
  if (sweep === MAX_SWEEPS) return null;
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
    if (j >= 0 && norms[j]! > 0) {
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
 * Fills the rows `missing` of `ut` (`rows × len`, orthonormal rows elsewhere) with an orthonormal basis of
 * the complement of the other rows: Householder QR of the `r` rows present (as the columns of a `len × r`
 * matrix), `Q = H_0·…·H_{r-1}`, whose columns `r, r+1, …` are that basis. O(len²·r).
 */
function complete(ut: Float64Array, len: number, rows: number, missing: number[]): void {
  const isMissing = new Uint8Array(rows);
  for (const k of missing) isMissing[k] = 1;
  const r = rows - missing.length;
  // The present rows, reflected in place: w's row k becomes (R's column k, then zeros).
  const w = new Float64Array(r * len);
  for (let k = 0, q = 0; k < rows; k++)
    if (isMissing[k] === 0) w.set(ut.subarray(k * len, (k + 1) * len), len * q++);
  const v = new Float64Array(r * len); // reflector k: v[k*len + k] = 1, entries k+1 .. len-1
  const tau = new Float64Array(r);
  for (let k = 0; k < r; k++) {
    const o = k * len;
    let ss = 0;
    for (let i = k; i < len; i++) ss += w[o + i]! ** 2;
    const alpha = w[o + k]!;
    const norm = Math.sqrt(ss);
    if (norm === 0) continue;
    const beta = alpha >= 0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    v[o + k] = 1;
    for (let i = k + 1; i < len; i++) v[o + i] = w[o + i]! * inv;
    // The later rows get H_k.
    for (let q = k + 1; q < r; q++) {
      const oq = q * len;
      let d = 0;
      for (let i = k; i < len; i++) d += v[o + i]! * w[oq + i]!;
      d *= tau[k]!;
      for (let i = k; i < len; i++) w[oq + i] = w[oq + i]! - d * v[o + i]!;
    }
  }
  // Column r + idx of Q: H_0·…·H_{r-1}·e_{r+idx}.
  missing.forEach((slot, idx) => {
    const y = ut.subarray(slot * len, (slot + 1) * len);
    y.fill(0);
    y[r + idx] = 1;
    for (let k = r - 1; k >= 0; k--) {
      const o = k * len;
      let d = 0;
      for (let i = k; i < len; i++) d += v[o + i]! * y[i]!;
      d *= tau[k]!;
      for (let i = k; i < len; i++) y[i] = y[i]! - d * v[o + i]!;
    }
  });
}
