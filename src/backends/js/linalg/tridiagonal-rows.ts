/**
 * The trailing-row update of one step of `eigh`'s Householder tridiagonalisation (`tridiagonalize` in
 * ./eigh.ts), in its own module so that the GEMM helper thread (./gemm.ts) can run a share of the rows of
 * large steps.
 *
 * @module
 */

/**
 * Rows `from .. to` of a tridiagonalisation step on the lower triangle of `w` (`n × n` row-major): the
 * rank-2 update `A ← A - v·qᵀ - q·vᵀ` of each row (reflector `v` in row `ri`, `q` in `p`), fused with that
 * row's share of the next step's product `pn = A·u` (next reflector `u` in row `rl`), which is accumulated
 * into `pn` (the caller zeroes it). Two rows at a time share the loads of `p`, `v`, `u` and `pn`.
 *
 * @internal
 */
export function tridiagonalizeRows(
  w: Float64Array,
  n: number,
  from: number,
  to: number,
  ri: number,
  rl: number,
  p: Float64Array,
  pn: Float64Array,
): void {
  let r = from;
  // Two rows at a time share the loads of p, v, u and pn.
  for (; r + 1 < to; r += 2) {
    const o0 = r * n;
    const o1 = o0 + n;
    const v0 = w[ri + r]!;
    const v1 = w[ri + r + 1]!;
    const q0 = p[r]!;
    const q1 = p[r + 1]!;
    const u0 = w[rl + r]!;
    const u1 = w[rl + r + 1]!;
    let acc0 = 0;
    let acc1 = 0;
    for (let c = 0; c < r; c++) {
      const pc = p[c]!;
      const vc = w[ri + c]!;
      const uc = w[rl + c]!;
      const a0 = w[o0 + c]! - v0 * pc - q0 * vc;
      const a1 = w[o1 + c]! - v1 * pc - q1 * vc;
      w[o0 + c] = a0;
      w[o1 + c] = a1;
      acc0 += a0 * uc;
      acc1 += a1 * uc;
      pn[c] = pn[c]! + a0 * u0 + a1 * u1;
    }
    const d0 = w[o0 + r]! - 2 * v0 * q0;
    const x10 = w[o1 + r]! - v1 * q0 - q1 * v0;
    const d1 = w[o1 + r + 1]! - 2 * v1 * q1;
    w[o0 + r] = d0;
    w[o1 + r] = x10;
    w[o1 + r + 1] = d1;
    pn[r] = pn[r]! + acc0 + d0 * u0 + x10 * u1;
    pn[r + 1] = pn[r + 1]! + acc1 + x10 * u0 + d1 * u1;
  }
  if (r < to) {
    const o = r * n;
    const vr = w[ri + r]!;
    const qr = p[r]!;
    const ur = w[rl + r]!;
    let acc = 0;
    for (let c = 0; c < r; c++) {
      const a = w[o + c]! - vr * p[c]! - qr * w[ri + c]!;
      w[o + c] = a;
      acc += a * w[rl + c]!;
      pn[c] = pn[c]! + a * ur;
    }
    const a = w[o + r]! - 2 * vr * qr;
    w[o + r] = a;
    pn[r] = pn[r]! + acc + a * ur;
  }
}
