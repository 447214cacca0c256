/**
 * The trailing-row update of one step of the SVD's Householder bidiagonalisation (`bidiagonalize` in
 * ./svd.ts), in its own module so that the GEMM helper thread (./gemm.ts) can run a share of the rows of
 * large steps.
 *
 * @module
 */

/**
 * Rows `from .. to` of step `j` of the bidiagonalisation of the row-major `x` (`n` columns): each row gets
 * the left reflector's update `x_i -= f_i·w` (`f_i = col[i]` when `useCol`, else 0), then the right
 * reflector's (stored in row `rj`, unit entry at column `c0`, scale `tp`), and adds `x_i[c0]·x_i` to
 * `z[c0+1 ..]`, the next step's product. Rows go four at a time, sharing the reflector's loads.
 *
 * @internal
 */
export function bidiagonalizeRows(
  x: Float64Array,
  n: number,
  from: number,
  to: number,
  rj: number,
  c0: number,
  col: Float64Array,
  useCol: boolean,
  w: Float64Array,
  tp: number,
  z: Float64Array,
): void {
  let i = from;
  for (; i + 3 < to; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const f0 = useCol ? col[i]! : 0;
    const f1 = useCol ? col[i + 1]! : 0;
    const f2 = useCol ? col[i + 2]! : 0;
    const f3 = useCol ? col[i + 3]! : 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let c = c0; c < n; c++) {
      const u = x[rj + c]!;
      const wc = w[c]!;
      const a0 = x[r0 + c]! - f0 * wc;
      const a1 = x[r1 + c]! - f1 * wc;
      const a2 = x[r2 + c]! - f2 * wc;
      const a3 = x[r3 + c]! - f3 * wc;
      x[r0 + c] = a0;
      x[r1 + c] = a1;
      x[r2 + c] = a2;
      x[r3 + c] = a3;
      t0 += a0 * u;
      t1 += a1 * u;
      t2 += a2 * u;
      t3 += a3 * u;
    }
    t0 *= tp;
    t1 *= tp;
    t2 *= tp;
    t3 *= tp;
    const g0 = x[r0 + c0]! - t0;
    const g1 = x[r1 + c0]! - t1;
    const g2 = x[r2 + c0]! - t2;
    const g3 = x[r3 + c0]! - t3;
    x[r0 + c0] = g0;
    x[r1 + c0] = g1;
    x[r2 + c0] = g2;
    x[r3 + c0] = g3;
    for (let c = c0 + 1; c < n; c++) {
      const u = x[rj + c]!;
      const a0 = x[r0 + c]! - t0 * u;
      const a1 = x[r1 + c]! - t1 * u;
      const a2 = x[r2 + c]! - t2 * u;
      const a3 = x[r3 + c]! - t3 * u;
      x[r0 + c] = a0;
      x[r1 + c] = a1;
      x[r2 + c] = a2;
      x[r3 + c] = a3;
      z[c] = z[c]! + g0 * a0 + g1 * a1 + g2 * a2 + g3 * a3;
    }
  }
  for (; i < to; i++) bidiagonalizeRow(x, n, i * n, rj, c0, useCol ? col[i]! : 0, w, tp, z, true);
}

/**
 * One trailing row `ri` of a bidiagonalisation step: left update `x_i -= f·w`, right update
 * with the reflector stored in row `rj` (unit entry at `c0`), then, if `accumulate`, `z += x_i[c0]·x_i`.
 *
 * @internal
 */
export function bidiagonalizeRow(
  x: Float64Array,
  n: number,
  ri: number,
  rj: number,
  c0: number,
  f: number,
  w: Float64Array,
  tp: number,
  z: Float64Array,
  accumulate: boolean,
): void {
  let t0 = 0;
  let t1 = 0;
  let c = c0;
  for (; c + 1 < n; c += 2) {
    const a0 = x[ri + c]! - f * w[c]!;
    const a1 = x[ri + c + 1]! - f * w[c + 1]!;
    x[ri + c] = a0;
    x[ri + c + 1] = a1;
    t0 += a0 * x[rj + c]!;
    t1 += a1 * x[rj + c + 1]!;
  }
  if (c < n) {
    const a0 = x[ri + c]! - f * w[c]!;
    x[ri + c] = a0;
    t0 += a0 * x[rj + c]!;
  }
  const t = (t0 + t1) * tp;
  const g = x[ri + c0]! - t;
  x[ri + c0] = g;
  if (accumulate) {
    for (c = c0 + 1; c < n; c++) {
      const a = x[ri + c]! - t * x[rj + c]!;
      x[ri + c] = a;
      z[c] = z[c]! + g * a;
    }
  } else if (t !== 0) {
    for (c = c0 + 1; c < n; c++) x[ri + c] = x[ri + c]! - t * x[rj + c]!;
  }
}
