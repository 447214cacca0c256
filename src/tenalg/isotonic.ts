/**
 * Least-squares isotonic and unimodal regression of plain number columns, the exact projections behind
 * `monotonicityProx` and `unimodalityProx`.
 *
 * @module
 */

/**
 * Pool-adjacent-violators (Ayer et al. 1955; Barlow et al. 1972): the non-decreasing sequence closest to `y` in
 * least squares, written into `out`. Optionally records, for every prefix `y[0..p]`, the squared error of that
 * prefix's own isotonic fit in `prefixErrors[p]` (Stout 2008, "Unimodal regression via prefix isotonic
 * regression", Computational Statistics & Data Analysis 53(2)).
 *
 * @param y - the values, read at `y[start + i·stride]` for `i < n`.
 * @param start - position of the first value.
 * @param stride - step between values (negative walks backwards).
 * @param n - number of values.
 * @param out - written at the same positions as `y` (may be `y` itself).
 * @param prefixErrors - optional, receives the error of each prefix's fit.
 */
export function isotonicFit(
  y: Float64Array,
  start: number,
  stride: number,
  n: number,
  out: Float64Array,
  prefixErrors?: Float64Array,
): void {
  // Blocks on a stack: mean, count, and sum of squared deviations from the mean.
  const mean = new Float64Array(n);
  const count = new Float64Array(n);
  const sse = new Float64Array(n);
  let top = -1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    top++;
    mean[top] = y[start + i * stride]!;
    count[top] = 1;
    sse[top] = 0;
    while (top > 0 && mean[top - 1]! > mean[top]!) {
      const na = count[top - 1]!;
      const nb = count[top]!;
      const d = mean[top]! - mean[top - 1]!;
      const merged = sse[top - 1]! + sse[top]! + (d * d * na * nb) / (na + nb);
      total += merged - sse[top - 1]! - sse[top]!;
      mean[top - 1] = mean[top - 1]! + (d * nb) / (na + nb);
      count[top - 1] = na + nb;
      sse[top - 1] = merged;
      top--;
    }
    if (prefixErrors !== undefined) prefixErrors[i] = total;
  }
  let i = n - 1;
  for (let b = top; b >= 0; b--) {
    for (let c = 0; c < count[b]!; c++) out[start + i-- * stride] = mean[b]!;
  }
}

/**
 * The least-squares non-increasing fit of `y[start + i·stride]`, `i < n`, written into `out` at the same
 * positions: the isotonic fit of the reversed sequence.
 */
export function antitonicFit(
  y: Float64Array,
  start: number,
  stride: number,
  n: number,
  out: Float64Array,
): void {
  if (n === 0) return;
  isotonicFit(y, start + (n - 1) * stride, -stride, n, out);
}

/**
 * Least-squares unimodal regression (non-decreasing, then non-increasing) of one column: for every split `p`,
 * the isotonic fit of `y[0..p-1]` plus the antitonic fit of `y[p..n-1]`; the split of least total error wins
 * (Stout 2008; Bro & Sidiropoulos 1998). Any unimodal sequence is non-decreasing then non-increasing around
 * some split, and the two sides are independent, so the best split gives the exact projection. `O(n)` after
 * the two prefix passes. Reads `y[start + i·stride]`, `i < n`, and writes `out` at the same positions.
 */
export function unimodalFit(
  y: Float64Array,
  start: number,
  stride: number,
  n: number,
  out: Float64Array,
): void {
  if (n === 0) return;
  const incErr = new Float64Array(n);
  const decErr = new Float64Array(n);
  isotonicFit(y, start, stride, n, new Float64Array(y.length), incErr);
  // decErr[j] is the antitonic error of the suffix of length j + 1, from the isotonic pass of the reversed column.
  const reversed = new Float64Array(n);
  for (let i = 0; i < n; i++) reversed[i] = y[start + (n - 1 - i) * stride]!;
  isotonicFit(reversed, 0, 1, n, new Float64Array(n), decErr);
  let best = 0;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let p = 0; p <= n; p++) {
    const left = p > 0 ? incErr[p - 1]! : 0;
    const right = p < n ? decErr[n - 1 - p]! : 0;
    const e = left + right;
    if (e < bestErr) {
      bestErr = e;
      best = p;
    }
  }
  if (best > 0) isotonicFit(y, start, stride, best, out);
  if (best < n) antitonicFit(y, start + best * stride, stride, n - best, out);
}
