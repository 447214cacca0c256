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

import { cholesky } from './cholesky.js';
import { eigh } from './eigh.js';
import { type GemmHook, swapGemmHook } from './gemm.js';
import { inv, solve } from './lu.js';
import { lstsq, pinv } from './lstsq.js';
import { newF64 } from '../pool.js';
import { qr } from './qr.js';
import { svd, svdLeft } from './svd.js';

/** Dense kernels over row-major `Float64Array`s (see each js kernel for the exact contract). */
export interface LinalgKernels {
  /** Tried before the packed GEMM of `./gemm.ts` (null: always use it). */
  gemmHook: GemmHook | null;
  /**
   * A `Float64Array` of `length` elements for a result that the caller writes in full before anyone reads it
   * (a GEMM's C with `beta = 0`): its contents are unspecified. js: a new zero-filled array (small ones from
   * `../pool.ts`); native: recycled memory for large results (see `allocF64` in native/src/addon.cc).
   */
  output(length: number): Float64Array;
  /**
   * The Khatri–Rao product of two row-major matrices `(I, R)` and `(J, R)` into `out` `(I·J, R)`, or null to use
   * the TypeScript loop (`../ops/tenalg.ts`).
   */
  khatriRaoPair:
    | ((a: Float64Array, I: number, b: Float64Array, J: number, R: number, out: Float64Array) => void)
    | null;
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

/** The pure-TypeScript kernels. */
export const jsKernels: Readonly<LinalgKernels> = Object.freeze({
  gemmHook: null,
  output: newF64,
  khatriRaoPair: null,
  svd,
  leftSvd: svdLeft,
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
