import { ArgumentError } from '../../../errors.js';
import type { QrMode } from '../../../types.js';
import { cholesky as cholKernel } from '../linalg/cholesky.js';
import { eigh as eighKernel } from '../linalg/eigh.js';
import { gemm } from '../linalg/gemm.js';
import { inv as invKernel, solve as solveKernel } from '../linalg/lu.js';
import { lstsq as lstsqKernel, pinv as pinvKernel } from '../linalg/lstsq.js';
import { qr as qrKernel } from '../linalg/qr.js';
import { svd as svdKernel } from '../linalg/svd.js';
import { type JsDType, NdArray } from '../ndarray.js';
import { broadcastShapes } from './broadcast.js';
import { fromNumbers } from './creation.js';
import { resultType } from './dtypes.js';
import { asArray, asMatrix } from './validate.js';

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
 * batches. Computed in float64; the result takes the operands' promoted dtype (bool is rejected).
 */
export function matmul(aIn: NdArray, bIn: NdArray): NdArray {
  const a0 = asArray('matmul', 'a', aIn);
  const b0 = asArray('matmul', 'b', bIn);
  if (a0.ndim === 0) throw new ArgumentError('matmul', 'a', 'a tensor with at least one axis', a0);
  if (b0.ndim === 0) throw new ArgumentError('matmul', 'b', 'a tensor with at least one axis', b0);
  if (a0.dtype === 'bool' || b0.dtype === 'bool') {
    throw new ArgumentError(
      'matmul',
      a0.dtype === 'bool' ? 'a' : 'b',
      'a numeric tensor (convert bool with astype)',
      'bool',
    );
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
  if (k !== k2) {
    throw new ArgumentError(
      'matmul',
      'b',
      `a first matrix axis of length ${k} to match a (shapes [${a0.shape}] and [${b0.shape}])`,
      b0,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', [batchA, batchB], ['a', 'b']);
  const nb = batch.reduce((p, d) => p * d, 1);
  const out = new Float64Array(nb * m * n);
  const aData = a.data instanceof Float64Array ? a : new NdArray(f64(a), a.shape, 'float64');
  const bData = b.data instanceof Float64Array ? b : new NdArray(f64(b), b.shape, 'float64');
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < nb; t++) {
    let offA = aData.offset;
    let offB = bData.offset;
    for (let d = 0; d < batch.length; d++) {
      const ia = d - (batch.length - batchA.length);
      const ib = d - (batch.length - batchB.length);
      if (ia >= 0 && batchA[ia] !== 1) offA += idx[d]! * aData.strides[ia]!;
      if (ib >= 0 && batchB[ib] !== 1) offB += idx[d]! * bData.strides[ib]!;
    }
    gemm(
      m,
      n,
      k,
      aData.data as Float64Array,
      offA,
      aData.strides[a.ndim - 2]!,
      aData.strides[a.ndim - 1]!,
      bData.data as Float64Array,
      offB,
      bData.strides[b.ndim - 2]!,
      bData.strides[b.ndim - 1]!,
      out,
      t * m * n,
      n,
      0,
    );
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  const shape = [...batch];
  if (a0.ndim > 1) shape.push(m);
  if (b0.ndim > 1) shape.push(n);
  return wrap(out, shape, dtype);
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
  const x = solveKernel(f64(a), n, f64(b), nrhs);
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
  const r = lstsqKernel(f64(a), m, n, f64(b), nrhs, rcond ?? undefined);
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
  const { q, r } = qrKernel(f64(a), m, n, mode);
  const rRows = mode === 'complete' ? m : k;
  const qT =
    q === null ? wrap(new Float64Array(0), [m, 0], dtype) : wrap(q, [m, mode === 'complete' ? m : k], dtype);
  return [qT, wrap(r, [rRows, n], dtype)];
}

/** `[U, S, Vh]` with NumPy's `svd` semantics (`fullMatrices` default true). */
export function svd(aIn: NdArray, fullMatrices = true): [NdArray, NdArray, NdArray] {
  const a = asMatrix('svd', 'a', aIn);
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  const dtype = floatOut(a.dtype);
  const r = svdKernel(f64(a), m, n, fullMatrices, true);
  const uCols = fullMatrices ? m : k;
  const vRows = fullMatrices ? n : k;
  return [wrap(r.u!, [m, uCols], dtype), wrap(r.s, [k], dtype), wrap(r.vt!, [vRows, n], dtype)];
}

/** `[w, V]` of a symmetric matrix (lower triangle read), eigenvalues ascending, eigenvectors as columns. */
export function eigh(aIn: NdArray): [NdArray, NdArray] {
  const a = asMatrix('eigh', 'a', aIn);
  const n = square('eigh', 'a', a);
  const dtype = floatOut(a.dtype);
  const { w, v } = eighKernel(f64(a), n);
  return [wrap(w, [n], dtype), wrap(v, [n, n], dtype)];
}

/** Lower Cholesky factor. */
export function cholesky(aIn: NdArray): NdArray {
  const a = asMatrix('cholesky', 'a', aIn);
  const n = square('cholesky', 'a', a);
  return wrap(cholKernel(f64(a), n), [n, n], floatOut(a.dtype));
}

/** Matrix inverse. */
export function inv(aIn: NdArray): NdArray {
  const a = asMatrix('inv', 'a', aIn);
  const n = square('inv', 'a', a);
  return wrap(invKernel(f64(a), n), [n, n], floatOut(a.dtype));
}

/** Moore–Penrose pseudo-inverse. */
export function pinv(aIn: NdArray, rcond = 1e-15): NdArray {
  const a = asMatrix('pinv', 'a', aIn);
  const [m, n] = a.shape as [number, number];
  return wrap(pinvKernel(f64(a), m, n, rcond), [n, m], floatOut(a.dtype));
}
