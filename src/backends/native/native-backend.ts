import type { LstsqResult } from '../../backend/backend.js';
import type { NativeAddon } from '../../backend/native-addon.js';
import { ArgumentError } from '../../errors.js';
import type { QrMode } from '../../types.js';
import { JsBackend } from '../js/js-backend.js';
import { type LinalgKernels, withKernels } from '../js/linalg/kernels.js';
import { NdArray } from '../js/ndarray.js';
import { blasLayout, NATIVE_GEMM_MIN_WORK, nativeKernels } from './kernels.js';

/**
 * The `native` backend: the `js` backend with its heavy kernels on the system's OpenBLAS and LAPACK
 * (through a small Node-API addon, `native/src/addon.cc`). It shares the js backend's array type, so `js`
 * and `native` tensors are the same objects (no conversion, no copy); only matrix products and the
 * factorisations differ:
 *
 * - every GEMM inside `matmul`, `einsum`, `dot`, `tensordot`, `mttkrp` and `modeDot` goes to `dgemm` once
 *   it has 4096 multiply-adds or more (`sgemm` for float32 matrices);
 * - `svd` (gesdd), `leftSvd` (gesvd, without V), `eigh` (syevd), `qr` (geqrf, orgqr), `solve` (gesv), `lstsq` (gelsd), `cholesky`
 *   (potrf), `inv` (getrf, getri) and `pinv` (gesdd) call LAPACK.
 *
 * Everything runs synchronously on the calling thread; OpenBLAS uses up to `OPENBLAS_NUM_THREADS` threads
 * (default: one per core) inside large calls and one inside small or skinny ones (see `blasThreads`). Load it once with `await tl.loadBackend('native')`.
 */
export class NativeBackend extends JsBackend {
  override readonly name: string = 'native';
  private readonly addon: NativeAddon;
  private readonly kernels: Readonly<LinalgKernels>;

  /** @param addon - the compiled addon, from `loadNativeAddon()` (what the registry's loader passes). */
  constructor(addon: NativeAddon) {
    super();
    this.addon = addon;
    this.kernels = nativeKernels(addon);
  }

  /**
   * The most threads OpenBLAS uses inside one call: `OPENBLAS_NUM_THREADS`, else one per core. Calls with
   * fewer than 2²² multiply-adds, or a side thinner than 32 and fewer than 10⁷, run on one thread (waking
   * OpenBLAS's workers costs more than they save there). Assign to change it for this thread's later calls.
   */
  get blasThreads(): number {
    return this.addon.numThreads();
  }
  set blasThreads(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError('blasThreads', 'n', 'a positive integer', n);
    this.addon.setNumThreads(n);
  }

  /** OpenBLAS's build configuration (version, target CPU), for reports. */
  get blasConfig(): string {
    return this.addon.config();
  }

  override matmul(a: NdArray, b: NdArray): NdArray {
    const f32 = this.sgemm(a, b);
    if (f32 !== null) return f32;
    return withKernels(this.kernels, () => super.matmul(a, b));
  }

  /** float32 matrix products on `sgemm`: 2-d operands whose strides BLAS can read; else null. */
  private sgemm(a: NdArray, b: NdArray): NdArray | null {
    if (!(a instanceof NdArray) || !(b instanceof NdArray)) return null;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.ndim !== 2 || b.ndim !== 2) return null;
    const [m, k] = a.shape as [number, number];
    const [k2, n] = b.shape as [number, number];
    if (k !== k2 || m * n * k < NATIVE_GEMM_MIN_WORK) return null;
    const la = blasLayout(m, k, a.strides[0]!, a.strides[1]!);
    const lb = blasLayout(k, n, b.strides[0]!, b.strides[1]!);
    if (la === null || lb === null) return null;
    const out = new Float32Array(m * n);
    this.addon.sgemm(
      la[0],
      lb[0],
      m,
      n,
      k,
      1,
      a.data as Float32Array,
      a.offset,
      la[1],
      b.data as Float32Array,
      b.offset,
      lb[1],
      0,
      out,
      0,
      n,
    );
    return new NdArray(out, [m, n], 'float32');
  }

  override einsum(subscripts: string, ...operands: NdArray[]): NdArray {
    return withKernels(this.kernels, () => super.einsum(subscripts, ...operands));
  }
  override solve(a: NdArray, b: NdArray): NdArray {
    return withKernels(this.kernels, () => super.solve(a, b));
  }
  override lstsq(a: NdArray, b: NdArray, rcond?: number | null): LstsqResult<NdArray> {
    return withKernels(this.kernels, () => super.lstsq(a, b, rcond));
  }
  override qr(a: NdArray, mode: QrMode = 'reduced'): [NdArray, NdArray] {
    return withKernels(this.kernels, () => super.qr(a, mode));
  }
  override svd(a: NdArray, fullMatrices = true): [NdArray, NdArray, NdArray] {
    return withKernels(this.kernels, () => super.svd(a, fullMatrices));
  }
  override leftSvd(a: NdArray): [NdArray, NdArray] {
    return withKernels(this.kernels, () => super.leftSvd(a));
  }
  override eigh(a: NdArray): [NdArray, NdArray] {
    return withKernels(this.kernels, () => super.eigh(a));
  }
  override cholesky(a: NdArray): NdArray {
    return withKernels(this.kernels, () => super.cholesky(a));
  }
  override inv(a: NdArray): NdArray {
    return withKernels(this.kernels, () => super.inv(a));
  }
  override pinv(a: NdArray, rcond = 1e-15): NdArray {
    return withKernels(this.kernels, () => super.pinv(a, rcond));
  }
  override cpAlsSweep(...args: Parameters<JsBackend['cpAlsSweep']>): ReturnType<JsBackend['cpAlsSweep']> {
    return withKernels(this.kernels, () => super.cpAlsSweep(...args));
  }
  override khatriRao(matrices: readonly NdArray[]): NdArray {
    return withKernels(this.kernels, () => super.khatriRao(matrices));
  }
  override mttkrp(x: NdArray, factors: readonly NdArray[], mode: number): NdArray {
    return withKernels(this.kernels, () => super.mttkrp(x, factors, mode));
  }
  override modeDot(x: NdArray, matrixOrVector: NdArray, mode: number, transpose = false): NdArray {
    return withKernels(this.kernels, () => super.modeDot(x, matrixOrVector, mode, transpose));
  }
}
