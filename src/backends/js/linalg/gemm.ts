/**
 * General matrix multiply on row-major `Float64Array`s, in the style of GotoBLAS/BLIS (Goto & van de
 * Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008): panels of B and
 * blocks of A are packed into contiguous buffers (so any input strides, transposed views included, cost
 * the same), and a 4×4 register-blocked micro-kernel keeps sixteen accumulators in locals.
 *
 * @module
 */

const MR = 4;
const NR = 4;
/** Depth of a packed block: 256 doubles of A's strip and B's panel stay in L1 together. */
const KC = 256;
/** Rows of A packed at once (a 96×256 block is 192 KiB, L2-sized). */
const MC = 96;
/** Below this many multiply-adds the packing overhead is not worth it. */
const SMALL = 40 * 40 * 40;

// Packing buffers, grown on demand and reused across calls (no allocation per call in steady state).
let aPack = new Float64Array(MC * KC);
let bPack = new Float64Array(KC * 64);
const cTile = new Float64Array(MR * NR);

function smallGemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    const ai = aOff + i * aRs;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p * aCs]!;
      if (av === 0) continue;
      const bp = bOff + p * bRs;
      if (bCs === 1) {
        for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j]!;
      } else {
        for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j * bCs]!;
      }
    }
  }
}

/** Packs B[p0:p0+kc, 0:n] into 4-column micro-panels, `[panel][p][c]`, zero-padding the last panel. */
function packB(
  kc: number,
  n: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  p0: number,
): void {
  const panels = Math.ceil(n / NR);
  const need = panels * kc * NR;
  if (bPack.length < need) bPack = new Float64Array(need);
  let o = 0;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jp * NR;
    const w = Math.min(NR, n - j0);
    for (let p = 0; p < kc; p++) {
      const row = bOff + (p0 + p) * bRs + j0 * bCs;
      let c = 0;
      for (; c < w; c++) bPack[o + c] = b[row + c * bCs]!;
      for (; c < NR; c++) bPack[o + c] = 0;
      o += NR;
    }
  }
}

/** Packs A[i0:i0+mc, p0:p0+kc] into 4-row micro-strips, `[strip][p][r]`, zero-padding the last strip. */
function packA(
  mc: number,
  kc: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  i0: number,
  p0: number,
): void {
  const strips = Math.ceil(mc / MR);
  const need = strips * kc * MR;
  if (aPack.length < need) aPack = new Float64Array(need);
  let o = 0;
  for (let is = 0; is < strips; is++) {
    const r0 = i0 + is * MR;
    const h = Math.min(MR, i0 + mc - r0);
    for (let p = 0; p < kc; p++) {
      const col = aOff + (p0 + p) * aCs + r0 * aRs;
      let r = 0;
      for (; r < h; r++) aPack[o + r] = a[col + r * aRs]!;
      for (; r < MR; r++) aPack[o + r] = 0;
      o += MR;
    }
  }
}

/** The 4×4 micro-kernel: C[tile] += Astrip · Bpanel over `kc`, written through `cTile` at the edges. */
function microKernel(
  kc: number,
  aBase: number,
  bBase: number,
  c: Float64Array,
  cPos: number,
  ldc: number,
  h: number,
  w: number,
): void {
  const A = aPack;
  const B = bPack;
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let ia = aBase;
  let ib = bBase;
  for (let p = 0; p < kc; p++) {
    const a0 = A[ia]!;
    const a1 = A[ia + 1]!;
    const a2 = A[ia + 2]!;
    const a3 = A[ia + 3]!;
    const b0 = B[ib]!;
    const b1 = B[ib + 1]!;
    const b2 = B[ib + 2]!;
    const b3 = B[ib + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    ia += 4;
    ib += 4;
  }
  if (h === MR && w === NR) {
    let r = cPos;
    c[r]! += c00;
    c[r + 1]! += c01;
    c[r + 2]! += c02;
    c[r + 3]! += c03;
    r += ldc;
    c[r]! += c10;
    c[r + 1]! += c11;
    c[r + 2]! += c12;
    c[r + 3]! += c13;
    r += ldc;
    c[r]! += c20;
    c[r + 1]! += c21;
    c[r + 2]! += c22;
    c[r + 3]! += c23;
    r += ldc;
    c[r]! += c30;
    c[r + 1]! += c31;
    c[r + 2]! += c32;
    c[r + 3]! += c33;
    return;
  }
  const t = cTile;
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) c[cPos + i * ldc + j]! += t[i * NR + j]!;
}

/**
 * `C = beta·C + A·B`, with A `(m, k)` read as `a[aOff + i*aRs + p*aCs]` and B `(k, n)` read as
 * `b[bOff + p*bRs + j*bCs]` (any strides: transposed views need no copy), and C row-major
 * contiguous from `c[cOff]` with row stride `ldc`.
 *
 * @param beta - 0 overwrites C, 1 accumulates into it.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
): void {
  if (beta === 0) for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
  if (m === 0 || n === 0 || k === 0) return;
  if (m * n * k <= SMALL || m < MR || n < NR) {
    smallGemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    packB(kc, n, b, bOff, bRs, bCs, p0);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = Math.min(MC, m - i0);
      packA(mc, kc, a, aOff, aRs, aCs, i0, p0);
      for (let jp = 0; jp * NR < n; jp++) {
        const j0 = jp * NR;
        const w = Math.min(NR, n - j0);
        const bBase = jp * kc * NR;
        for (let is = 0; is * MR < mc; is++) {
          const r0 = is * MR;
          microKernel(kc, is * kc * MR, bBase, c, cOff + (i0 + r0) * ldc + j0, ldc, Math.min(MR, mc - r0), w);
        }
      }
    }
  }
}

/** A new `(m, n)` row-major product of row-major `a (m, k)` and `b (k, n)`. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1);
  return c;
}
