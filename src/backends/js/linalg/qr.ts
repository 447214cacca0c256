import { ArgumentError, LinAlgError } from '../../../errors.js';

/**
 * Householder QR of a row-major `(m, n)` matrix (Golub & Van Loan, "Matrix Computations", §5.2), with
 * LAPACK's sign convention (`R[j][j] = -sign(x₀)·‖x‖`, as NumPy's `qr` through `geqrf`). Row-major
 * friendly: each reflector is applied as `w = vᵀA` then `A -= τ·v·w`, both sweeping rows in order.
 *
 * @param a - the matrix, row-major, not modified.
 * @param mode - `'reduced'`: `Q (m, k)`, `R (k, n)`; `'complete'`: `Q (m, m)`, `R (m, n)`; `'r'`: `R (k, n)` only; `k = min(m, n)`.
 */
export function qr(
  a: Float64Array,
  m: number,
  n: number,
  mode: 'reduced' | 'complete' | 'r',
): { q: Float64Array | null; r: Float64Array } {
  if (a.length < m * n)
    throw new ArgumentError('qr', 'a', `at least ${m * n} values for a (${m}, ${n}) matrix`, a.length);
  for (let i = 0; i < m * n; i++) {
    if (!Number.isFinite(a[i]!)) throw new LinAlgError('qr: input contains NaN or Inf');
  }
  const k = Math.min(m, n);
  const r = a.slice(0, m * n);
  const vs = new Float64Array(m * k); // reflector j in column j, rows j..m-1
  const taus = new Float64Array(k);
  const w = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    let tail2 = 0;
    for (let i = j + 1; i < m; i++) tail2 += r[i * n + j]! ** 2;
    const x0 = r[j * n + j]!;
    // LAPACK's dlarfg: nothing to annihilate below the diagonal means H = I (R keeps x0's sign).
    if (tail2 === 0) {
      taus[j] = 0;
      continue;
    }
    const norm = Math.hypot(x0, Math.sqrt(tail2));
    const alpha = x0 >= 0 ? -norm : norm;
    // v = x - alpha e1, stored scaled so that v0 = 1.
    const v0 = x0 - alpha;
    vs[j * k + j] = 1;
    for (let i = j + 1; i < m; i++) vs[i * k + j] = r[i * n + j]! / v0;
    const tau = (alpha - x0) / alpha;
    taus[j] = tau;
    // Apply H = I - tau v vᵀ to R[j:, j:].
    w.fill(0, j, n);
    for (let i = j; i < m; i++) {
      const vi = vs[i * k + j]!;
      if (vi === 0) continue;
      const row = i * n;
      for (let c = j; c < n; c++) w[c]! += vi * r[row + c]!;
    }
    for (let i = j; i < m; i++) {
      const f = tau * vs[i * k + j]!;
      if (f === 0) continue;
      const row = i * n;
      for (let c = j; c < n; c++) r[row + c]! -= f * w[c]!;
    }
    r[j * n + j] = alpha;
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
  }
  const rows = mode === 'complete' ? m : k;
  const rOut = rows === m ? r : r.slice(0, rows * n);
  if (mode === 'r') return { q: null, r: rOut };
  const qc = mode === 'complete' ? m : k;
  const q = new Float64Array(m * qc);
  for (let i = 0; i < Math.min(m, qc); i++) q[i * qc + i] = 1;
  const wq = new Float64Array(qc);
  for (let j = k - 1; j >= 0; j--) {
    const tau = taus[j]!;
    if (tau === 0) continue;
    wq.fill(0);
    for (let i = j; i < m; i++) {
      const vi = vs[i * k + j]!;
      if (vi === 0) continue;
      const row = i * qc;
      for (let c = 0; c < qc; c++) wq[c]! += vi * q[row + c]!;
    }
    for (let i = j; i < m; i++) {
      const f = tau * vs[i * k + j]!;
      if (f === 0) continue;
      const row = i * qc;
      for (let c = 0; c < qc; c++) q[row + c]! -= f * wq[c]!;
    }
  }
  return { q, r: rOut };
}
