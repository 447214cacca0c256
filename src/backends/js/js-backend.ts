import {
  Backend,
  type CpAlsSweepResult,
  dtypeName,
  type LstsqResult,
  type TensorOrScalar,
} from '../../backend/backend.js';
import { ArgumentError } from '../../errors.js';
import type {
  Axes,
  DType,
  DTypeName,
  IndexSpec,
  NestedArray,
  QrMode,
  TensorContext,
  TensorDataOptions,
  TensorInput,
  TensorOptions,
  TypedArray,
} from '../../types.js';
import { gemm, holdOperand } from './linalg/gemm.js';
import { kernels } from './linalg/kernels.js';
import { transpose as transposeMatrix } from './linalg/svd.js';
import { type JsDType, jsDType, NdArray } from './ndarray.js';
import * as create from './ops/creation.js';
import * as einsumOps from './ops/einsum.js';
import * as ew from './ops/elementwise.js';
import * as idx from './ops/indexing.js';
import * as la from './ops/linalg.js';
import * as red from './ops/reduce.js';
import * as shp from './ops/shape.js';
import * as tn from './ops/tenalg.js';
import { asArray } from './ops/validate.js';
import { copyF64, newF64 } from './pool.js';

/**
 * The default backend: pure TypeScript over strided typed arrays ({@link NdArray}), no native code,
 * runs in every JavaScript runtime. float64 and float32 are first-class; int32, uint8 and bool are
 * supported; int64 is stored (BigInt64Array) for interchange; complex dtypes are not supported.
 *
 * Numbers given to `tensor()` become float64 (JavaScript does not tell 1 from 1.0); typed arrays keep
 * their type (`Float32Array` gives float32, `Int32Array` int32).
 */
export class JsBackend extends Backend<NdArray> {
  readonly name: string = 'js';

  get float32(): DType {
    return 'float32';
  }
  get float64(): DType {
    return 'float64';
  }
  get int32(): DType {
    return 'int32';
  }
  get int64(): DType {
    return 'int64';
  }
  get complex64(): DType {
    return 'complex64';
  }
  get complex128(): DType {
    return 'complex128';
  }

  /** The js dtype for an optional dtype option (`fallback` when absent). */
  protected dt(fn: string, dtype: DType | undefined, fallback: JsDType = 'float64'): JsDType {
    return dtype === undefined || dtype === null ? fallback : jsDType(fn, dtypeName(dtype));
  }

  tensor(data: TensorInput<NdArray>, options: TensorDataOptions = {}): NdArray {
    const dtype = options.dtype === undefined ? undefined : this.dt('tensor', options.dtype);
    return create.tensor(data, options, dtype);
  }
  isTensor(x: unknown): x is NdArray {
    return x instanceof NdArray;
  }
  context(x: NdArray): TensorContext {
    return { dtype: asArray('context', 'x', x).dtype };
  }
  shape(x: NdArray): number[] {
    return [...asArray('shape', 'x', x).shape];
  }
  ndim(x: NdArray): number {
    return asArray('ndim', 'x', x).shape.length;
  }
  toArray(x: NdArray): NestedArray {
    return create.toArray(asArray('toArray', 'x', x));
  }
  toTypedArray(x: NdArray): TypedArray {
    return asArray('toTypedArray', 'x', x).packed();
  }
  item(x: NdArray): number {
    const a = asArray('item', 'x', x);
    if (a.size !== 1) throw new ArgumentError('item', 'x', 'a tensor with exactly one element', a);
    const v = a.values()[0]!;
    return typeof v === 'bigint' ? Number(v) : v;
  }
  copy(x: NdArray): NdArray {
    return asArray('copy', 'x', x).clone();
  }
  astype(x: NdArray, dtype: DType): NdArray {
    return create.astype(asArray('astype', 'x', x), this.dt('astype', dtype));
  }
  full(shape: readonly number[], value: number, options?: TensorOptions): NdArray {
    return create.full(shape, value, this.dt('full', options?.dtype));
  }
  override zeros(shape: readonly number[], options?: TensorOptions): NdArray {
    return create.full(shape, 0, this.dt('zeros', options?.dtype));
  }
  override ones(shape: readonly number[], options?: TensorOptions): NdArray {
    return create.full(shape, 1, this.dt('ones', options?.dtype));
  }
  eye(n: number, m?: number, options?: TensorOptions): NdArray {
    return create.eye(n, m, this.dt('eye', options?.dtype));
  }
  arange(start: number, stop?: number, step?: number, options?: TensorOptions): NdArray {
    return create.arange(start, stop, step, this.dt('arange', options?.dtype));
  }

  reshape(x: NdArray, shape: readonly number[]): NdArray {
    return shp.reshape(x, shape);
  }
  transpose(x: NdArray, axes?: readonly number[]): NdArray {
    return shp.transpose(x, axes);
  }
  concatenate(tensors: readonly NdArray[], axis = 0): NdArray {
    return idx.concatenate(tensors, axis);
  }
  flip(x: NdArray, axis?: Axes): NdArray {
    return idx.flip(x, axis);
  }
  index(x: NdArray, indices: IndexSpec): NdArray {
    return idx.index(x, indices);
  }
  indexUpdate(x: NdArray, indices: IndexSpec, values: TensorOrScalar<NdArray>): NdArray {
    return idx.indexUpdate(x, indices, values);
  }
  take(x: NdArray, indices: readonly number[] | Int32Array, axis: number): NdArray {
    return idx.take(x, indices, axis);
  }
  diag(x: NdArray, k = 0): NdArray {
    return idx.diag(x, k);
  }

  add(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.add(a, b);
  }
  subtract(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.subtract(a, b);
  }
  multiply(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.multiply(a, b);
  }
  divide(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.divide(a, b);
  }
  power(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.power(a, b);
  }
  maximum(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.maximum(a, b);
  }
  minimum(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.minimum(a, b);
  }
  greater(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.greater(a, b);
  }
  greaterEqual(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.greaterEqual(a, b);
  }
  less(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.less(a, b);
  }
  lessEqual(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.lessEqual(a, b);
  }
  equal(a: TensorOrScalar<NdArray>, b: TensorOrScalar<NdArray>): NdArray {
    return ew.equal(a, b);
  }
  where(condition: NdArray, x: TensorOrScalar<NdArray>, y: TensorOrScalar<NdArray>): NdArray {
    return ew.where(condition, x, y);
  }
  override negative(x: NdArray): NdArray {
    return ew.negative(x);
  }
  override clip(
    x: NdArray,
    min?: TensorOrScalar<NdArray> | null,
    max?: TensorOrScalar<NdArray> | null,
  ): NdArray {
    return ew.clip(x, min, max);
  }
  abs(x: NdArray): NdArray {
    return ew.abs(x);
  }
  sign(x: NdArray): NdArray {
    return ew.sign(x);
  }
  sqrt(x: NdArray): NdArray {
    return ew.sqrt(x);
  }
  exp(x: NdArray): NdArray {
    return ew.exp(x);
  }
  log(x: NdArray): NdArray {
    return ew.log(x);
  }
  log2(x: NdArray): NdArray {
    return ew.log2(x);
  }
  sin(x: NdArray): NdArray {
    return ew.sin(x);
  }
  cos(x: NdArray): NdArray {
    return ew.cos(x);
  }
  tan(x: NdArray): NdArray {
    return ew.tan(x);
  }
  arcsin(x: NdArray): NdArray {
    return ew.arcsin(x);
  }
  arccos(x: NdArray): NdArray {
    return ew.arccos(x);
  }
  arctan(x: NdArray): NdArray {
    return ew.arctan(x);
  }
  sinh(x: NdArray): NdArray {
    return ew.sinh(x);
  }
  cosh(x: NdArray): NdArray {
    return ew.cosh(x);
  }
  tanh(x: NdArray): NdArray {
    return ew.tanh(x);
  }
  arcsinh(x: NdArray): NdArray {
    return ew.arcsinh(x);
  }
  arccosh(x: NdArray): NdArray {
    return ew.arccosh(x);
  }
  arctanh(x: NdArray): NdArray {
    return ew.arctanh(x);
  }
  digamma(x: NdArray): NdArray {
    return ew.digamma(x);
  }
  isnan(x: NdArray): NdArray {
    return ew.isnan(x);
  }
  isfinite(x: NdArray): NdArray {
    return ew.isfinite(x);
  }

  sum(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.sum(x, axis, keepdims);
  }
  prod(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.prod(x, axis, keepdims);
  }
  max(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.max(x, axis, keepdims);
  }
  min(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.min(x, axis, keepdims);
  }
  all(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.all(x, axis, keepdims);
  }
  any(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.any(x, axis, keepdims);
  }
  override mean(x: NdArray, axis?: Axes, keepdims = false): NdArray {
    return red.mean(x, axis, keepdims);
  }
  argmax(x: NdArray, axis?: number | null): NdArray {
    return red.argmax(x, axis);
  }
  argmin(x: NdArray, axis?: number | null): NdArray {
    return red.argmin(x, axis);
  }
  cumsum(x: NdArray, axis?: number | null): NdArray {
    return red.cumsum(x, axis);
  }
  sort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
    return red.sort(x, axis, descending);
  }
  argsort(x: NdArray, axis: number | null = -1, descending = false): NdArray {
    return red.argsort(x, axis, descending);
  }

  matmul(a: NdArray, b: NdArray): NdArray {
    return la.matmul(a, b);
  }
  einsum(subscripts: string, ...operands: NdArray[]): NdArray {
    return einsumOps.einsum(subscripts, ...operands);
  }
  solve(a: NdArray, b: NdArray): NdArray {
    return la.solve(a, b);
  }
  lstsq(a: NdArray, b: NdArray, rcond?: number | null): LstsqResult<NdArray> {
    return la.lstsq(a, b, rcond);
  }
  qr(a: NdArray, mode: QrMode = 'reduced'): [NdArray, NdArray] {
    return la.qr(a, mode);
  }
  svd(a: NdArray, fullMatrices = true): [NdArray, NdArray, NdArray] {
    return la.svd(a, fullMatrices);
  }
  override leftSvd(a: NdArray): [NdArray, NdArray] {
    return la.leftSvd(a);
  }
  eigh(a: NdArray): [NdArray, NdArray] {
    return la.eigh(a);
  }
  cholesky(a: NdArray): NdArray {
    return la.cholesky(a);
  }
  inv(a: NdArray): NdArray {
    return la.inv(a);
  }
  override pinv(a: NdArray, rcond = 1e-15): NdArray {
    return la.pinv(a, rcond);
  }

  // Fused tensor-algebra kernels (ops/tenalg.ts); other dtypes take the generic paths.
  override unfold(x: NdArray, mode: number): NdArray {
    return tn.unfold(asArray('unfold', 'x', x), mode);
  }
  override fold(unfolded: NdArray, mode: number, shape: readonly number[]): NdArray {
    return tn.fold(asArray('fold', 'unfolded', unfolded), mode, shape) ?? super.fold(unfolded, mode, shape);
  }
  override khatriRao(matrices: readonly NdArray[]): NdArray {
    return tn.khatriRaoApplies(matrices) ? tn.khatriRao(matrices) : super.khatriRao(matrices);
  }
  /**
   * {@link Backend.holdForReuse}: a large float64 tensor's buffer gets one shared copy for the GEMM helper
   * thread, made at its first two-thread product (see `holdOperand` in ./linalg/gemm.ts).
   */
  override holdForReuse(tensor: NdArray): () => void {
    const x = asArray('holdForReuse', 'tensor', tensor);
    return x.dtype === 'float64' ? holdOperand(x.data as Float64Array) : () => {};
  }
  /**
   * {@link Backend.cpAlsSweep} on raw arrays: the kernels the dispatched ops would run (the MTTKRP, the LU
   * solve, the GEMM of the Gram matrix), in the same order and layouts, without argument checks and tensor
   * objects in between. Float64 inputs only; null otherwise.
   */
  override cpAlsSweep(
    tensor: NdArray,
    factors: readonly NdArray[],
    grams: readonly NdArray[],
    modes: readonly number[],
    l2Reg: number,
  ): CpAlsSweepResult<NdArray> | null {
    const n = factors.length;
    if (modes.length === 0 || n === 0 || tensor.dtype !== 'float64' || tensor.ndim !== n) return null;
    const R = factors[0]!.shape[1]!;
    // Anything but float64 factors (I_k, R) and Gram matrices (R, R) goes to the ops, which check it.
    for (let k = 0; k < n; k++) {
      const f = factors[k]!;
      const g = grams[k];
      if (f.dtype !== 'float64' || f.ndim !== 2 || f.shape[0] !== tensor.shape[k] || f.shape[1] !== R)
        return null;
      if (g === undefined || g.dtype !== 'float64' || g.ndim !== 2 || g.shape[0] !== R || g.shape[1] !== R)
        return null;
    }
    const fs = factors.slice();
    const gs = grams.slice();
    const xs = tensor.values() as Float64Array;
    const packed: (Float64Array | null)[] = fs.map((f) => f.values() as Float64Array);
    let last: NdArray | null = null;
    for (const mode of modes) {
      // V = the other Gram matrices multiplied element-wise, left to right (+ l2Reg on the diagonal).
      let v: Float64Array | null = null;
      for (let i = 0; i < n; i++) {
        if (i === mode) continue;
        const g = gs[i]!.values() as Float64Array;
        if (v === null) v = copyF64(g, 0, R * R);
        else for (let q = 0; q < R * R; q++) v[q] = v[q]! * g[q]!;
      }
      if (v === null) v = newF64(R * R).fill(1);
      if (l2Reg > 0) for (let q = 0; q < R * R; q += R + 1) v[q] = v[q]! + l2Reg;
      // The MTTKRP's transpose is solve's right-hand side, (R, rows) (solve copies it).
      const rows = tensor.shape[mode]!;
      const own = packed[mode]!;
      packed[mode] = null;
      const { data, transposed } = tn.mttkrpRaw(xs, tensor.shape, packed, mode, R);
      packed[mode] = own;
      const rhs = transposed ? data : transposeMatrix(data, rows, R, 1, newF64(R * rows));
      if (mode === modes[modes.length - 1]) {
        // The last mode's MTTKRP, (rows, R), for the caller's error.
        const md = transposed ? transposeMatrix(data, R, rows, 1, newF64(rows * R)) : data;
        last = new NdArray(md, [rows, R], 'float64');
      }
      const x = kernels().solve(v, R, rhs, rows);
      // The factor row-major (the ops would leave a transposed view, which every later MTTKRP copies).
      const fd = transposeMatrix(x, R, rows, 1, newF64(rows * R));
      const g = kernels().output(R * R);
      gemm(R, R, rows, fd, 0, 1, R, fd, 0, R, 1, g, 0, R, 0);
      fs[mode] = new NdArray(fd, [rows, R], 'float64');
      gs[mode] = new NdArray(g, [R, R], 'float64');
      packed[mode] = fd;
    }
    return last === null ? null : { factors: fs, grams: gs, mttkrp: last };
  }
  override mttkrp(x: NdArray, factors: readonly NdArray[], mode: number): NdArray {
    return tn.allFloat(x, ...factors) ? tn.mttkrp(x, factors, mode) : super.mttkrp(x, factors, mode);
  }
  override modeDot(x: NdArray, matrixOrVector: NdArray, mode: number, transpose = false): NdArray {
    return tn.allFloat(x, matrixOrVector)
      ? tn.modeDot(x, matrixOrVector, mode, transpose)
      : super.modeDot(x, matrixOrVector, mode, transpose);
  }
}

/** Dtype names the js backend stores, for documentation and tests. */
export const JS_DTYPES: readonly DTypeName[] = ['float64', 'float32', 'int32', 'int64', 'uint8', 'bool'];
