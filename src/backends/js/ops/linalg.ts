import { ArgumentError } from '../../../errors.js';
import type { QrMode } from '../../../types.js';
import { gemm } from '../linalg/gemm.js';
import { kernels } from '../linalg/kernels.js';
import { type JsDType, NdArray, sizeOf } from '../ndarray.js';
import { fromNumbers } from './creation.js';
import { rejectInt64, resultType } from './dtypes.js';
import { asArray, asMatrix } from './validate.js';
import { newF64 } from '../pool.js';

/**
 * Linear algebra of the js backend: NdArray wrappers over the raw row-major kernels in `../linalg/`.
 * Factorisations compute in float64; float32 input gives float32 output, other dtypes float64.
 */

/** The float dtype a factorisation returns for an input dtype. */
function floatOut(dtype: JsDType): 'float32' | 'float64' {
  return dtype === 'float32' ? 'float32' : 'float64';
}

/** Packed float64 values of `x` (no copy when `x` is already packed float64). */
function f64(x: NdArray): Float64Array {
  const v = x.values();
  if (v instanceof Float64Array) return v;
  if (v instanceof BigInt64Array) return Float64Array.from(v, (b) => Number(b));
  return Float64Array.from(v);
}

function wrap(values: Float64Array, shape: readonly number[], dtype: JsDType): NdArray {
  if (dtype === 'float64') return new NdArray(values, shape, 'float64');
  return new NdArray(fromNumbers(values, dtype), shape, dtype);
}

/**
 * NumPy's `matmul`: 1-d operands are promoted (and the added axis removed), leading axes broadcast as
 * batches. Computed in float64 by the strided GEMM (transposed and broadcast views are read in place);
 * the result takes the operands' promoted dtype, so integer products are exact up to 2^53 and then wrap
 * like NumPy's int32. bool is rejected (NumPy gives a logical product), int64 too (storage-only dtype).
 */
export function matmul(aIn: NdArray, bIn: NdArray): NdArray {
  const a0 = asArray('matmul', 'a', aIn);
  const b0 = asArray('matmul', 'b', bIn);
  if (a0.ndim === 0) throw new ArgumentError('matmul', 'a', 'a tensor with at least one axis', a0);
  if (b0.ndim === 0) throw new ArgumentError('matmul', 'b', 'a tensor with at least one axis', b0);
  for (const [name, x] of [
    ['a', a0],
    ['b', b0],
  ] as const) {
    if (x.dtype === 'bool')
      throw new ArgumentError('matmul', name, 'a numeric tensor (convert bool with astype)', x);
    rejectInt64('matmul', name, x);
  }
  const dtype = resultType(a0, b0);
  const a =
    a0.ndim === 1 ? new NdArray(a0.data, [1, a0.shape[0]!], a0.dtype, [0, a0.strides[0]!], a0.offset) : a0;
  const b =
    b0.ndim === 1 ? new NdArray(b0.data, [b0.shape[0]!, 1], b0.dtype, [b0.strides[0]!, 0], b0.offset) : b0;
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const k2 = b.shape[b.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  // Built only for an error message: matmul is called often enough on small operands for it to show.
  const shapes = () => `shapes [${a0.shape.join(', ')}] and [${b0.shape.join(', ')}]`;
  if (k !== k2) {
    throw new ArgumentError(
      'matmul',
      'b',
      `${k} rows to match the last axis of a (${shapes()})`,
      `${k2} rows`,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const nd = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let d = 0; d < nd; d++) {
    const da = batchA[d - (nd - batchA.length)] ?? 1;
    const db = batchB[d - (nd - batchB.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ArgumentError('matmul', 'b', `batch axes that broadcast against a's (${shapes()})`, b0);
    }
    batch.push(da === 1 ? db : da);
  }
  const nb = sizeOf(batch);
  // Every element is written below (each GEMM with beta = 0), so the kernels' output memory may be recycled.
  const out = kernels().output(nb * m * n);
  if (out.length === 0) return wrap(out, resultShape(a0, b0, batch, m, n), dtype);
  const av = a.data instanceof Float64Array ? a : new NdArray(f64(a), a.shape, 'float64');
  const bv = b.data instanceof Float64Array ? b : new NdArray(f64(b), b.shape, 'float64');
  const aData = av.data as Float64Array;
  const bData = bv.data as Float64Array;
  const aRs = av.strides[a.ndim - 2]!;
  const aCs = av.strides[a.ndim - 1]!;
  const bRs = bv.strides[b.ndim - 2]!;
  const bCs = bv.strides[b.ndim - 1]!;
  const rowStride = nb === 1 ? aRs : sizeOf(batchB) === 1 && sizeOf(batchA) === nb ? mergedRows(av) : null;
  if (rowStride !== null) {
    // One GEMM: a single batch, or B shared by every batch and A's batch rows stacked at one stride
    // (the common (..., m, k) @ (k, n)), so the batch folds into the rows of one tall product.
    gemm(nb * m, n, k, aData, av.offset, rowStride, aCs, bData, bv.offset, bRs, bCs, out, 0, n, 0);
    return wrap(out, resultShape(a0, b0, batch, m, n), dtype);
  }
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < nb; t++) {
    let offA = av.offset;
    let offB = bv.offset;
    for (let d = 0; d < batch.length; d++) {
      const ia = d - (batch.length - batchA.length);
      const ib = d - (batch.length - batchB.length);
      if (ia >= 0 && batchA[ia] !== 1) offA += idx[d]! * av.strides[ia]!;
      if (ib >= 0 && batchB[ib] !== 1) offB += idx[d]! * bv.strides[ib]!;
    }
    gemm(m, n, k, aData, offA, aRs, aCs, bData, offB, bRs, bCs, out, t * m * n, n, 0);
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  return wrap(out, resultShape(a0, b0, batch, m, n), dtype);
}

/** matmul's result shape: the batch, then m and n unless that operand was a promoted vector. */
function resultShape(a0: NdArray, b0: NdArray, batch: readonly number[], m: number, n: number): number[] {
  const shape = [...batch];
  if (a0.ndim > 1) shape.push(m);
  if (b0.ndim > 1) shape.push(n);
  return shape;
}

/**
 * The stride of the rows of `x` seen as one `(batch·m, k)` matrix, when its batch and row axes step through
 * memory as a single axis (each stride equals the next one times its length); null when they do not.
 */
function mergedRows(x: NdArray): number | null {
  let stride = 0;
  let prev = -1;
  for (let d = 0; d < x.ndim - 1; d++) {
    if (x.shape[d] === 1) continue;
    if (prev >= 0 && x.strides[prev] !== x.strides[d]! * x.shape[d]!) return null;
    prev = d;
    stride = x.strides[d]!;
  }
  return stride;
}

function square(fn: string, arg: string, x: NdArray): number {
  if (x.shape[0] !== x.shape[1]) throw new ArgumentError(fn, arg, 'a square matrix', x);
  return x.shape[0]!;
}

/** Solves `a @ x = b` for square `a`; `b` is a vector `(n,)` or a matrix `(n, k)`. */
export function solve(aIn: NdArray, bIn: NdArray): NdArray {
  const a = asMatrix('solve', 'a', aIn);
  const b = asArray('solve', 'b', bIn);
  const n = square('solve', 'a', a);
  if ((b.ndim !== 1 && b.ndim !== 2) || b.shape[0] !== n) {
    throw new ArgumentError('solve', 'b', `a vector (${n},) or a matrix (${n}, k)`, b);
  }
  const nrhs = b.ndim === 1 ? 1 : b.shape[1]!;
  const x = kernels().solve(f64(a), n, f64(b), nrhs);
  return wrap(x, b.shape, floatOut(resultType(a, b)));
}

/** NumPy's `lstsq`: `[x, residuals, rank, singularValues]`; residuals empty when rank < n or m <= n. */
export function lstsq(
  aIn: NdArray,
  bIn: NdArray,
  rcond?: number | null,
): [NdArray, NdArray, number, NdArray] {
  const a = asMatrix('lstsq', 'a', aIn);
  const b = asArray('lstsq', 'b', bIn);
  const [m, n] = a.shape as [number, number];
  if ((b.ndim !== 1 && b.ndim !== 2) || b.shape[0] !== m) {
    throw new ArgumentError('lstsq', 'b', `a vector (${m},) or a matrix (${m}, k)`, b);
  }
  const nrhs = b.ndim === 1 ? 1 : b.shape[1]!;
  const r = kernels().lstsq(f64(a), m, n, f64(b), nrhs, rcond ?? undefined);
  const dtype = floatOut(resultType(a, b));
  const xShape = b.ndim === 1 ? [n] : [n, nrhs];
  return [
    wrap(r.x, xShape, dtype),
    wrap(r.residuals, [r.residuals.length], dtype),
    r.rank,
    wrap(r.s, [r.s.length], dtype),
  ];
}

/** Householder QR with NumPy's modes; in `'r'` mode Q is an empty `(m, 0)` tensor. */
export function qr(aIn: NdArray, mode: QrMode = 'reduced'): [NdArray, NdArray] {
  const a = asMatrix('qr', 'a', aIn);
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new ArgumentError('qr', 'mode', "'reduced', 'complete' or 'r'", mode);
  }
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  const dtype = floatOut(a.dtype);
  const { q, r } = kernels().qr(f64(a), m, n, mode);
  const rRows = mode === 'complete' ? m : k;
  const qT = q === null ? wrap(newF64(0), [m, 0], dtype) : wrap(q, [m, mode === 'complete' ? m : k], dtype);
  return [qT, wrap(r, [rRows, n], dtype)];
}

/** `[U, S, Vh]` with NumPy's `svd` semantics (`fullMatrices` default true). */
export function svd(aIn: NdArray, fullMatrices = true): [NdArray, NdArray, NdArray] {
  const a = asMatrix('svd', 'a', aIn);
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  const dtype = floatOut(a.dtype);
  const r = kernels().svd(f64(a), m, n, fullMatrices, true);
  const uCols = fullMatrices ? m : k;
  const vRows = fullMatrices ? n : k;
  return [wrap(r.u!, [m, uCols], dtype), wrap(r.s, [k], dtype), wrap(r.vt!, [vRows, n], dtype)];
}

/** `[U, S]`: the reduced SVD's left singular vectors and values, without computing Vᵀ where the kernels can. */
export function leftSvd(aIn: NdArray): [NdArray, NdArray] {
  const a = asMatrix('leftSvd', 'a', aIn);
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  const dtype = floatOut(a.dtype);
  const r = kernels().leftSvd(f64(a), m, n);
  return [wrap(r.u, [m, k], dtype), wrap(r.s, [k], dtype)];
}

/** `[w, V]` of a symmetric matrix (lower triangle read), eigenvalues ascending, eigenvectors as columns. */
export function eigh(aIn: NdArray): [NdArray, NdArray] {
  const a = asMatrix('eigh', 'a', aIn);
  const n = square('eigh', 'a', a);
  const dtype = floatOut(a.dtype);
  const { w, v } = kernels().eigh(f64(a), n);
  return [wrap(w, [n], dtype), wrap(v, [n, n], dtype)];
}

/** Lower Cholesky factor. */
export function cholesky(aIn: NdArray): NdArray {
  const a = asMatrix('cholesky', 'a', aIn);
  const n = square('cholesky', 'a', a);
  return wrap(kernels().cholesky(f64(a), n), [n, n], floatOut(a.dtype));
}

/** Matrix inverse. */
export function inv(aIn: NdArray): NdArray {
  const a = asMatrix('inv', 'a', aIn);
  const n = square('inv', 'a', a);
  return wrap(kernels().inv(f64(a), n), [n, n], floatOut(a.dtype));
}

/** Moore–Penrose pseudo-inverse. */
export function pinv(aIn: NdArray, rcond = 1e-15): NdArray {
  const a = asMatrix('pinv', 'a', aIn);
  const [m, n] = a.shape as [number, number];
  return wrap(kernels().pinv(f64(a), m, n, rcond), [n, m], floatOut(a.dtype));
}
