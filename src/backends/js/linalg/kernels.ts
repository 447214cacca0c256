/**
 * The table of dense linear-algebra kernels that the js backend's NdArray operations call: raw row-major
 * `Float64Array` in, row-major `Float64Array` out, with the signatures of the kernels in this folder.
 *
 * The `js` backend uses {@link jsKernels}. The `native` backend (src/backends/native) shares every line of
 * the NdArray code (validation, dtypes, shapes, batching) and swaps in OpenBLAS/LAPACK versions for the
 * synchronous extent of each of its operations with {@link withKernels}: the swap is a plain assignment
 * restored in `finally`, safe because no kernel yields, and each worker thread has its own module state.
 *
 * @module
 */

import { LinAlgError } from '../../../errors.js';
import { cholesky } from './cholesky.js';
import { eigh } from './eigh.js';
import { type GemmHook, swapGemmHook } from './gemm.js';
import { inv, solve } from './lu.js';
import { lstsq, pinv } from './lstsq.js';
import { qr } from './qr.js';
import { svd } from './svd.js';

/** Dense kernels over row-major `Float64Array`s (see each js kernel for the exact contract). */
export interface LinalgKernels {
  /** Tried before the packed GEMM of `./gemm.ts` (null: always use it). */
  gemmHook: GemmHook | null;
  /** `svd(a, m, n, fullMatrices, computeUV)`, as `./svd.ts`. */
  svd: typeof svd;
  /** `leftSvd(a, m, n)`: `u` `(m, k)` row-major and `s` `(k,)`, `k = min(m, n)`; the SVD without `Vᵀ`. */
  leftSvd(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array };
  /** `qr(a, m, n, mode)`, as `./qr.ts`. */
  qr: typeof qr;
  /** `eigh(a, n)`, lower triangle read, as `./eigh.ts`. */
  eigh: typeof eigh;
  /** `cholesky(a, n)`, lower factor, as `./cholesky.ts`. */
  cholesky: typeof cholesky;
  /** `inv(a, n)`, as `./lu.ts`. */
  inv: typeof inv;
  /** `solve(a, n, b, nrhs)`, as `./lu.ts`. */
  solve: typeof solve;
  /** `lstsq(a, m, n, b, nrhs, rcond)`, as `./lstsq.ts`. */
  lstsq: typeof lstsq;
  /** `pinv(a, m, n, rcond)`, as `./lstsq.ts`. */
  pinv: typeof pinv;
}

/**
 * U and S of the reduced SVD. A clearly wide matrix (n ≥ 2m, an unfolding) never forms V: with Aᵀ = Q·R,
 * A = Rᵀ·Qᵀ, so A's left singular vectors and values are those of the small `(m, m)` Rᵀ (the QR-first path
 * of LAPACK's gesvd without Vᵀ). Other shapes take the full SVD and drop V.
 */
function leftSvd(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array } {
  if (m === 0 || n < 2 * m) {
    const r = svd(a, m, n, false, true);
    return { u: r.u!, s: r.s };
  }
  const at = new Float64Array(n * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j]!;
      if (v - v !== 0) throw new LinAlgError('svd: input contains NaN or Inf');
      at[j * m + i] = v;
    }
  }
  const { r } = qr(at, n, m, 'r'); // (m, m) upper triangular
  const rt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) rt[j * m + i] = r[i * m + j]!;
  const small = svd(rt, m, m, false, true);
  return { u: small.u!, s: small.s };
}

/** The pure-TypeScript kernels. */
export const jsKernels: Readonly<LinalgKernels> = Object.freeze({
  gemmHook: null,
  svd,
  leftSvd,
  qr,
  eigh,
  cholesky,
  inv,
  solve,
  lstsq,
  pinv,
});

/** The kernels in effect (read through {@link kernels}). */
let active: Readonly<LinalgKernels> = jsKernels;

/** The kernels in effect now. */
export function kernels(): Readonly<LinalgKernels> {
  return active;
}

/** Runs `fn` with `table` as the kernels in effect (GEMM hook included), restoring the previous ones after. */
export function withKernels<R>(table: Readonly<LinalgKernels>, fn: () => R): R {
  const prev = active;
  const prevHook = swapGemmHook(table.gemmHook);
  active = table;
  try {
    return fn();
  } finally {
    active = prev;
    swapGemmHook(prevHook);
  }
}
