// PLACEHOLDER written by the lead so the tree compiles; the RNG/special-functions engineer replaces this file.

/** Placeholder digamma (asymptotic series with recurrence). */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  let r = 0;
  let v = x;
  while (v < 6) {
    r -= 1 / v;
    v += 1;
  }
  const f = 1 / (v * v);
  return r + Math.log(v) - 0.5 / v - f * (1 / 12 - f * (1 / 120 - f * (1 / 252)));
}
