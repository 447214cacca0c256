import type * as TF from '@tensorflow/tfjs';
import {
  axesList,
  Backend,
  dtypeName,
  foreignTensorError,
  type LstsqResult,
  normAxis,
  type TensorOrScalar,
} from '../../backend/backend.js';
import { ArgumentError, NotSupportedError } from '../../errors.js';
import type {
  Axes,
  DType,
  IndexSpec,
  NestedArray,
  QrMode,
  TensorContext,
  TensorDataOptions,
  TensorInput,
  TensorOptions,
  TypedArray,
} from '../../types.js';
import { JsBackend } from '../js/js-backend.js';
import { NdArray } from '../js/ndarray.js';
import { broadcastShapes } from '../js/ops/broadcast.js';
import { resolveSlice } from '../js/ops/indexing.js';

/** The TensorFlow.js module (`import * as tf from '@tensorflow/tfjs'`), as the backend receives it. */
export type TfModule = typeof TF;

/** A TensorFlow.js tensor: the `tfjs` backend's tensor type. */
export type TfTensor = TF.Tensor;

/** The dtypes TensorFlow.js computes with (it has no float64, int64 or uint8). */
export type TfDType = 'float32' | 'int32' | 'bool';

type Operand = TF.Tensor | number;

const RANK: Record<TfDType, number> = { bool: 0, int32: 1, float32: 2 };
const F32_EPS = 1.1920928955078125e-7;

/**
 * Methods that are not wrapped in `tf.tidy`: they create no tensors (inspection, dtype facts), read
 * asynchronously (a tidy cannot span an `await`), or are the memory hooks themselves.
 */
const UNWRAPPED = new Set([
  'constructor',
  'isTensor',
  'context',
  'shape',
  'ndim',
  'toArray',
  'toTypedArray',
  'item',
  'toArrayAsync',
  'itemAsync',
  'eps',
  'finfo',
  'checkRandomState',
  'toString',
  'scope',
  'dispose',
  'track',
]);

/** The TensorFlow.js dtype that holds a tensorly-ts dtype (the widest one that exists: see the class docs). */
export function tfDType(fn: string, dtype: DType): TfDType {
  const name = dtypeName(dtype);
  switch (name) {
    case 'float32':
    case 'float64':
      return 'float32';
    case 'int32':
    case 'int64':
    case 'uint8':
      return 'int32';
    case 'bool':
      return 'bool';
    case 'complex64':
    case 'complex128':
      throw new NotSupportedError(`${fn}: the tfjs backend does not support complex dtypes (got '${name}')`);
    default:
      throw new ArgumentError(fn, 'dtype', 'a dtype name such as float32, int32 or bool', dtype);
  }
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function validShape(fn: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(fn, 'shape', 'a list of non-negative integers', shape);
  }
  return [...(shape as number[])];
}

/**
 * The `tfjs` backend: tensorly-ts over TensorFlow.js tensors (`tf.Tensor`), on the TensorFlow.js engine
 * chosen at creation (`cpu`, `wasm`, `webgl`, `webgpu`). Create it with `createTfjsBackend` (or
 * `await tl.loadBackend('tfjs')`), which imports `@tensorflow/tfjs` lazily.
 *
 * - **dtypes.** TensorFlow.js computes in float32, int32 and bool only. A request for `float64` gives
 *   float32 and `int64`/`uint8` give int32 (`tl.float64` is `'float32'` and `tl.int64` is `'int32'` on this
 *   backend, so code written against the dtype getters stays portable); int64 values outside the int32
 *   range are rejected rather than wrapped. Complex dtypes throw `NotSupportedError`. Promotion follows
 *   NumPy 2 as the `js` backend does, with every float64 result coming as float32.
 * - **Native and host ops.** Element-wise math, reductions, products, reshapes, slicing, gathering and
 *   the tensor-algebra kernels run as TensorFlow.js ops on the engine. TensorFlow.js has no SVD, eigh,
 *   solve, lstsq, inverse or Cholesky (and its QR is slow), nor `digamma`, stable sorts or NumPy's
 *   `einsum`: those read the data back (synchronously), run the `js` backend's float64 kernels on the
 *   host, and upload the result as float32. docs/backends/tfjs.md lists every op.
 * - **Memory.** Every op runs inside `tf.tidy`, so `tf.memory().numTensors` grows only by the tensors it
 *   returns; `dispose` frees tensors, `scope` is `tf.tidy`, and iterative algorithms free their
 *   intermediates as they go. Results belong to the caller: dispose them (`tl.dispose(x)`) when done.
 */
export class TfjsBackend extends Backend<TF.Tensor> {
  readonly name: string = 'tfjs';
  /** The TensorFlow.js module this backend computes with. */
  readonly tf: TfModule;
  /** The TensorFlow.js engine (`tf.getBackend()` name) this backend runs on: `cpu`, `wasm`, `webgl` ... */
  readonly engine: string;
  readonly #host = new JsBackend();
  /** Where op results go while an iterative algorithm tracks what it creates (see `track`). */
  #sink: ((t: TF.Tensor) => void) | null = null;
  /** Depth of nested op calls: only the outermost call's results are reported to the sink. */
  #depth = 0;

  /**
   * @param tf - the TensorFlow.js module.
   * @param engine - the TensorFlow.js engine to run on; it must be registered and initialised
   *   (`createTfjsBackend` does both).
   */
  constructor(tf: TfModule, engine: string) {
    super();
    this.tf = tf;
    this.engine = engine;
    this.#wrapOps();
  }

  /**
   * Wraps every op of the contract (primitives and derived ops alike) so that it runs on this backend's
   * engine inside `tf.tidy`: intermediates are freed, and only the returned tensors survive.
   */
  #wrapOps(): void {
    const names = new Set<string>();
    let proto: object | null = Object.getPrototypeOf(this);
    while (proto !== null && proto !== Object.prototype) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        const desc = Object.getOwnPropertyDescriptor(proto, key)!;
        if (typeof desc.value === 'function' && !UNWRAPPED.has(key)) names.add(key);
      }
      proto = Object.getPrototypeOf(proto);
    }
    const self = this as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const key of names) {
      const op = self[key]!;
      const wrapped = (...args: unknown[]): unknown => {
        this.#useEngine();
        const outer = this.#depth === 0;
        this.#depth++;
        try {
          const result = this.tf.tidy(() => op.apply(this, args) as TF.TensorContainer);
          if (outer && this.#sink !== null) this.#report(result, args);
          return result;
        } finally {
          this.#depth--;
        }
      };
      Object.defineProperty(wrapped, 'name', { value: key });
      Object.defineProperty(this, key, { value: wrapped, writable: true, configurable: true });
    }
  }

  /** Switches TensorFlow.js to this backend's engine if another one is active (synchronous once initialised). */
  #useEngine(): void {
    if (this.tf.getBackend() !== this.engine) void this.tf.setBackend(this.engine);
  }

  /** Reports the tensors of an op's result that are new (not one of its arguments) to the sink. */
  #report(result: unknown, args: readonly unknown[]): void {
    const sink = this.#sink!;
    const visit = (v: unknown): void => {
      if (v instanceof this.tf.Tensor) {
        if (!args.includes(v)) sink(v);
      } else if (Array.isArray(v)) for (const item of v) visit(item);
    };
    visit(result);
  }

  // ---------------------------------------------------------------- memory hooks

  /** `tf.tidy`: runs `fn` and frees every tensor it created except those reachable from its result. */
  override scope<R>(fn: () => R): R {
    this.#useEngine();
    return this.tf.tidy(fn as () => TF.TensorContainer) as R;
  }
  /** Frees tensors (`tf.dispose`); already-disposed ones are ignored. */
  override dispose(tensors: TF.Tensor | readonly TF.Tensor[]): void {
    this.tf.dispose(tensors as TF.Tensor[]);
  }
  /** Runs `fn`, reporting to `onCreate` every tensor an op of this backend returns during it (outermost ops only). */
  override track<R>(fn: () => R, onCreate: (t: TF.Tensor) => void): R {
    const previous = this.#sink;
    this.#sink = onCreate;
    try {
      return fn();
    } finally {
      this.#sink = previous;
    }
  }

  // ---------------------------------------------------------------- dtypes

  get float32(): DType {
    return 'float32';
  }
  /** `'float32'`: TensorFlow.js has no float64, so float64 requests give float32. */
  get float64(): DType {
    return 'float32';
  }
  get int32(): DType {
    return 'int32';
  }
  /** `'int32'`: TensorFlow.js has no int64, so int64 requests give int32 (out-of-range values are rejected). */
  get int64(): DType {
    return 'int32';
  }
  /** `'complex64'`, which this backend's ops reject (`NotSupportedError`). */
  get complex64(): DType {
    return 'complex64';
  }
  /** `'complex128'`, which this backend's ops reject (`NotSupportedError`). */
  get complex128(): DType {
    return 'complex128';
  }

  // ---------------------------------------------------------------- helpers

  #t(fn: string, arg: string, x: unknown): TF.Tensor {
    if (!(x instanceof this.tf.Tensor)) throw foreignTensorError(this.name, fn, arg, x);
    if (x.isDisposed) throw new ArgumentError(fn, arg, 'a live tensor (this one has been disposed)', x);
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') {
      throw new NotSupportedError(`${fn}: the tfjs backend does not support '${x.dtype}' tensors (${arg})`);
    }
    return x;
  }
  #operand(fn: string, arg: string, x: unknown): Operand {
    return typeof x === 'number' ? x : this.#t(fn, arg, x);
  }
  /** NumPy 2's result dtype of two operands (numbers are weak), mapped to TensorFlow.js dtypes. */
  #resultType(a: Operand, b: Operand): TfDType {
    if (typeof a === 'number' && typeof b === 'number') return 'float32';
    if (typeof a === 'number') return this.#withScalar(b as TF.Tensor, a);
    if (typeof b === 'number') return this.#withScalar(a, b);
    return this.#promote(a.dtype as TfDType, b.dtype as TfDType);
  }
  #promote(a: TfDType, b: TfDType): TfDType {
    return RANK[a] >= RANK[b] ? a : b;
  }
  #withScalar(t: TF.Tensor, s: number): TfDType {
    if (t.dtype === 'float32') return 'float32';
    return Number.isInteger(s) ? 'int32' : 'float32';
  }
  /** `x` in `dtype` (a new tensor; to bool by `!= 0`, so NaN is true as in NumPy, on every engine). */
  #cast(x: TF.Tensor, dtype: TfDType): TF.Tensor {
    const tf = this.tf;
    if (x.dtype === dtype) return tf.clone(x);
    if (dtype === 'bool') return tf.notEqual(x, tf.scalar(0, x.dtype));
    return tf.cast(x, dtype);
  }
  /** An operand as a tensor of `dtype` (the operand itself when it already is one). */
  #as(x: Operand, dtype: TfDType): TF.Tensor {
    if (typeof x === 'number') {
      if (dtype === 'bool') return this.tf.scalar(x !== 0, 'bool');
      return this.tf.scalar(x, dtype);
    }
    return x.dtype === dtype ? x : this.#cast(x, dtype);
  }
  #shapeOf(x: Operand): number[] {
    return typeof x === 'number' ? [] : [...x.shape];
  }
  /** Reads a tensor into the host's array type (no copy where the engine hands out its own buffer). */
  #toHost(x: TF.Tensor): NdArray {
    const data = x.dataSync() as Float32Array | Int32Array | Uint8Array;
    return new NdArray(data, x.shape, x.dtype as TfDType);
  }
  /** Uploads a host array, mapping float64 to float32 and integers to int32. */
  #fromHost(a: NdArray): TF.Tensor {
    const tf = this.tf;
    const values = a.packed();
    switch (a.dtype) {
      case 'float64':
        return tf.tensor(Float32Array.from(values as Float64Array), [...a.shape], 'float32');
      case 'float32':
        return tf.tensor((values as Float32Array).slice(), [...a.shape], 'float32');
      case 'int32':
        return tf.tensor((values as Int32Array).slice(), [...a.shape], 'int32');
      case 'uint8':
        return tf.tensor(Int32Array.from(values as Uint8Array), [...a.shape], 'int32');
      case 'bool':
        return tf.tensor((values as Uint8Array).slice(), [...a.shape], 'bool');
      case 'int64': {
        const big = values as BigInt64Array;
        const out = new Int32Array(big.length);
        for (let i = 0; i < big.length; i++) {
          const v = big[i]!;
          if (v > 2147483647n || v < -2147483648n) {
            throw new ArgumentError(
              'tensor',
              'data',
              'int64 values within the int32 range (the tfjs backend stores integers as int32)',
              String(v),
            );
          }
          out[i] = Number(v);
        }
        return tf.tensor(out, [...a.shape], 'int32');
      }
    }
  }
  /** Runs a js-backend op on the host: tensor arguments are read back, tensor results uploaded. */
  #onHost<R>(fn: (h: JsBackend) => R): unknown {
    const out = fn(this.#host);
    const up = (v: unknown): unknown => {
      if (v instanceof NdArray) return this.#fromHost(v);
      if (Array.isArray(v)) return v.map(up);
      return v;
    };
    return up(out);
  }
  #zeros(shape: readonly number[], dtype: TfDType): TF.Tensor {
    return this.tf.zeros([...shape], dtype);
  }
  #isNan(x: TF.Tensor): TF.Tensor {
    return this.tf.isNaN(x);
  }

  // ---------------------------------------------------------------- creation and inspection

  tensor(data: TensorInput<TF.Tensor>, options: TensorDataOptions = {}): TF.Tensor {
    const dtype =
      options.dtype === undefined || options.dtype === null ? undefined : tfDType('tensor', options.dtype);
    if (data instanceof this.tf.Tensor) {
      const x = this.#t('tensor', 'data', data);
      const shaped = options.shape === undefined ? x : this.reshape(x, options.shape);
      return this.#cast(shaped, dtype ?? (x.dtype as TfDType));
    }
    if (data instanceof BigInt64Array) {
      // Checked and converted by #fromHost (int64 is held as int32 here).
      const nd = this.#host.tensor(data, options.shape === undefined ? {} : { shape: options.shape });
      const t = this.#fromHost(nd);
      return dtype === undefined || dtype === 'int32' ? t : this.#cast(t, dtype);
    }
    const hostOptions: TensorDataOptions = {};
    if (options.shape !== undefined) hostOptions.shape = options.shape;
    if (dtype !== undefined) hostOptions.dtype = dtype;
    return this.#fromHost(this.#host.tensor(data as TensorInput<NdArray>, hostOptions));
  }
  isTensor(x: unknown): x is TF.Tensor {
    return x instanceof this.tf.Tensor;
  }
  context(x: TF.Tensor): TensorContext {
    return { dtype: this.#t('context', 'x', x).dtype as TfDType };
  }
  shape(x: TF.Tensor): number[] {
    return [...this.#t('shape', 'x', x).shape];
  }
  ndim(x: TF.Tensor): number {
    return this.#t('ndim', 'x', x).rank;
  }
  toArray(x: TF.Tensor): NestedArray {
    return this.#host.toArray(this.#toHost(this.#t('toArray', 'x', x)));
  }
  toTypedArray(x: TF.Tensor): TypedArray {
    // The engine may hand out its own buffer: copy it, so that writing into the result changes nothing.
    return (this.#t('toTypedArray', 'x', x).dataSync() as Float32Array | Int32Array | Uint8Array).slice();
  }
  item(x: TF.Tensor): number {
    const t = this.#t('item', 'x', x);
    if (t.size !== 1) throw new ArgumentError('item', 'x', 'a tensor with exactly one element', t);
    return Number(t.dataSync()[0]);
  }
  /** The values of `x` as nested arrays, read with `data()` (GPU engines are not blocked). */
  override async toArrayAsync(x: TF.Tensor): Promise<NestedArray> {
    const t = this.#t('toArrayAsync', 'x', x);
    const data = (await t.data()) as Float32Array | Int32Array | Uint8Array;
    return this.#host.toArray(new NdArray(data, t.shape, t.dtype as TfDType));
  }
  /** The single value of `x`, read with `data()` (GPU engines are not blocked). */
  override async itemAsync(x: TF.Tensor): Promise<number> {
    const t = this.#t('itemAsync', 'x', x);
    if (t.size !== 1) throw new ArgumentError('itemAsync', 'x', 'a tensor with exactly one element', t);
    return Number((await t.data())[0]);
  }
  copy(x: TF.Tensor): TF.Tensor {
    // TensorFlow.js tensors are immutable: a clone (which shares the engine's buffer) behaves as a copy.
    return this.tf.clone(this.#t('copy', 'x', x));
  }
  astype(x: TF.Tensor, dtype: DType): TF.Tensor {
    return this.#cast(this.#t('astype', 'x', x), tfDType('astype', dtype));
  }
  full(shape: readonly number[], value: number, options?: TensorOptions): TF.Tensor {
    const s = validShape('full', shape);
    const dtype = options?.dtype === undefined ? 'float32' : tfDType('full', options.dtype);
    if (typeof value !== 'number' && typeof value !== 'boolean')
      throw new ArgumentError('full', 'value', 'a number', value);
    if (dtype === 'bool') return this.tf.cast(this.tf.fill(s, Number(value) !== 0 ? 1 : 0, 'int32'), 'bool');
    return this.tf.fill(s, Number(value), dtype);
  }
  eye(n: number, m?: number, options?: TensorOptions): TF.Tensor {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError('eye', 'n', 'a non-negative integer', n);
    const cols = m ?? n;
    if (!Number.isInteger(cols) || cols < 0) throw new ArgumentError('eye', 'm', 'a non-negative integer', m);
    const dtype = options?.dtype === undefined ? 'float32' : tfDType('eye', options.dtype);
    if (n === 0 || cols === 0) return this.#zeros([n, cols], dtype);
    const e = this.tf.eye(n, cols, undefined, 'float32');
    return dtype === 'float32' ? e : this.#cast(e, dtype);
  }
  arange(start: number, stop?: number, step?: number, options?: TensorOptions): TF.Tensor {
    // NumPy's length and values (start + i * step, not an accumulated sum), computed on the host.
    const dtype = options?.dtype === undefined ? 'float32' : tfDType('arange', options.dtype);
    return this.#fromHost(this.#host.arange(start, stop, step, { dtype }));
  }

  // ---------------------------------------------------------------- shape and layout

  reshape(x: TF.Tensor, shape: readonly number[]): TF.Tensor {
    const t = this.#t('reshape', 'x', x);
    if (!Array.isArray(shape)) throw new ArgumentError('reshape', 'shape', 'a list of integers', shape);
    let infer = -1;
    let known = 1;
    shape.forEach((d, i) => {
      if (d === -1 && infer === -1) infer = i;
      else if (!Number.isInteger(d) || d < 0)
        throw new ArgumentError('reshape', 'shape', 'non-negative integers and at most one -1', shape);
      else known *= d;
    });
    const out = [...shape];
    if (infer >= 0) {
      if (known === 0 || t.size % known !== 0) {
        throw new ArgumentError('reshape', 'shape', `a shape of size ${t.size}`, shape);
      }
      out[infer] = t.size / known;
    } else if (known !== t.size) {
      throw new ArgumentError('reshape', 'shape', `a shape of size ${t.size}`, shape);
    }
    return this.tf.reshape(t, out);
  }
  transpose(x: TF.Tensor, axes?: readonly number[]): TF.Tensor {
    const t = this.#t('transpose', 'x', x);
    const n = t.rank;
    let perm: number[];
    if (axes === undefined || axes === null) perm = [...Array(n).keys()].reverse();
    else {
      if (!Array.isArray(axes) || axes.length !== n)
        throw new ArgumentError('transpose', 'axes', `a permutation of ${n} axes`, axes);
      perm = axes.map((a) => normAxis('transpose', 'axes', a, n));
      if (new Set(perm).size !== n)
        throw new ArgumentError('transpose', 'axes', `a permutation of ${n} axes`, axes);
    }
    if (t.size === 0)
      return this.#zeros(
        perm.map((p) => t.shape[p]!),
        t.dtype as TfDType,
      );
    return this.tf.transpose(t, perm);
  }
  concatenate(tensors: readonly TF.Tensor[], axis = 0): TF.Tensor {
    if (!Array.isArray(tensors) || tensors.length === 0)
      throw new ArgumentError('concatenate', 'tensors', 'a non-empty list of tensors', tensors);
    const ts = tensors.map((x, i) => this.#t('concatenate', `tensors[${i}]`, x));
    const first = ts[0]!;
    if (first.rank === 0)
      throw new ArgumentError('concatenate', 'tensors[0]', 'a tensor with at least one axis', first);
    const ax = normAxis('concatenate', 'axis', axis, first.rank);
    let dtype = first.dtype as TfDType;
    let total = 0;
    ts.forEach((t, i) => {
      if (t.rank !== first.rank || t.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
        throw new ArgumentError(
          'concatenate',
          `tensors[${i}]`,
          `a shape matching [${first.shape.join(', ')}] except along axis ${ax}`,
          t,
        );
      }
      dtype = this.#promote(dtype, t.dtype as TfDType);
      total += t.shape[ax]!;
    });
    const shape = [...first.shape];
    shape[ax] = total;
    const parts = ts.filter((t) => t.size > 0).map((t) => this.#as(t, dtype));
    if (sizeOf(shape) === 0 || parts.length === 0) return this.#zeros(shape, dtype);
    if (parts.length === 1) return this.tf.clone(parts[0]!);
    if (dtype === 'bool')
      return this.#cast(
        this.tf.concat(
          parts.map((p) => this.tf.cast(p, 'int32')),
          ax,
        ),
        'bool',
      );
    return this.tf.concat(parts, ax);
  }
  flip(x: TF.Tensor, axis?: Axes): TF.Tensor {
    const t = this.#t('flip', 'x', x);
    const axes = axesList('flip', axis, t.rank);
    if (t.size === 0 || axes.length === 0) return this.tf.clone(t);
    // Some engines reverse bool tensors wrongly: reverse their 0/1 integers instead.
    if (t.dtype === 'bool') return this.#cast(this.tf.reverse(this.tf.cast(t, 'int32'), axes), 'bool');
    return this.tf.reverse(t, axes);
  }
  index(x: TF.Tensor, indices: IndexSpec): TF.Tensor {
    const t = this.#t('index', 'x', x);
    const fn = 'index';
    if (!Array.isArray(indices))
      throw new ArgumentError(fn, 'indices', 'a list of integers, slices and nulls', indices);
    if (indices.length > t.rank) {
      throw new ArgumentError(
        fn,
        'indices',
        `at most ${t.rank} entries for a ${t.rank}-d tensor`,
        indices.length,
      );
    }
    const begin: number[] = [];
    const size: number[] = [];
    const steps: number[] = [];
    const reversed: number[] = [];
    const outShape: number[] = [];
    for (let a = 0; a < t.rank; a++) {
      const n = t.shape[a]!;
      const entry = a < indices.length ? indices[a] : null;
      if (entry === null || entry === undefined) {
        begin.push(0);
        size.push(n);
        steps.push(1);
        outShape.push(n);
      } else if (typeof entry === 'number') {
        if (!Number.isInteger(entry) || entry < -n || entry >= n) {
          throw new ArgumentError(fn, 'indices', `an index in [${-n}, ${n}) for axis ${a}`, entry);
        }
        begin.push(entry < 0 ? entry + n : entry);
        size.push(1);
        steps.push(1);
      } else if (typeof entry === 'object') {
        const { start, step, count } = resolveSlice(fn, entry, n);
        // A negative step reads the same positions ascending, then reverses the axis.
        begin.push(count === 0 ? 0 : step > 0 ? start : start + (count - 1) * step);
        size.push(count);
        steps.push(Math.abs(step));
        if (step < 0) reversed.push(a);
        outShape.push(count);
      } else {
        throw new ArgumentError(fn, 'indices', 'integers, slices (tl.s) or null', entry);
      }
    }
    if (sizeOf(size) === 0) return this.#zeros(outShape, t.dtype as TfDType);
    let out = steps.every((s) => s === 1)
      ? this.tf.slice(t, begin, size)
      : this.tf.stridedSlice(
          t,
          begin,
          begin.map((b, i) => b + (size[i]! - 1) * steps[i]! + 1),
          steps,
        );
    if (reversed.length > 0) out = this.flip(out, reversed);
    return this.tf.reshape(out, outShape);
  }
  indexUpdate(x: TF.Tensor, indices: IndexSpec, values: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const t = this.#t('indexUpdate', 'x', x);
    const v = this.#operand('indexUpdate', 'values', values);
    const hv = typeof v === 'number' ? v : this.#toHost(v);
    return this.#onHost((h) => h.indexUpdate(this.#toHost(t), indices, hv)) as TF.Tensor;
  }
  take(x: TF.Tensor, indices: readonly number[] | Int32Array, axis: number): TF.Tensor {
    const t = this.#t('take', 'x', x);
    const ax = normAxis('take', 'axis', axis, t.rank);
    if (!(Array.isArray(indices) || indices instanceof Int32Array))
      throw new ArgumentError('take', 'indices', 'a list of integer positions', indices);
    const n = t.shape[ax]!;
    const pos = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const p = indices[i]!;
      if (!Number.isInteger(p) || p < -n || p >= n)
        throw new ArgumentError('take', 'indices', `positions in [${-n}, ${n}) along axis ${ax}`, p);
      pos[i] = p < 0 ? p + n : p;
    }
    const shape = [...t.shape];
    shape[ax] = pos.length;
    if (sizeOf(shape) === 0) return this.#zeros(shape, t.dtype as TfDType);
    const idx = this.tf.tensor1d(pos, 'int32');
    if (t.dtype === 'bool') return this.#cast(this.tf.gather(this.tf.cast(t, 'int32'), idx, ax), 'bool');
    return this.tf.gather(t, idx, ax);
  }

  // ---------------------------------------------------------------- element-wise

  #binary(fn: string, aIn: unknown, bIn: unknown): { a: Operand; b: Operand; shape: number[] } {
    const a = this.#operand(fn, 'a', aIn);
    const b = this.#operand(fn, 'b', bIn);
    const shape = broadcastShapes(fn, [this.#shapeOf(a), this.#shapeOf(b)]);
    return { a, b, shape };
  }
  add(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const o = this.#binary('add', a, b);
    const dtype = this.#resultType(o.a, o.b);
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, dtype);
    const x = this.#as(o.a, dtype);
    const y = this.#as(o.b, dtype);
    return dtype === 'bool' ? this.tf.logicalOr(x, y) : this.tf.add(x, y);
  }
  subtract(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const o = this.#binary('subtract', a, b);
    const dtype = this.#resultType(o.a, o.b);
    if (dtype === 'bool') {
      throw new ArgumentError(
        'subtract',
        'b',
        'numeric tensors (subtracting bool tensors is not defined; convert with astype first)',
        b,
      );
    }
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, dtype);
    return this.tf.sub(this.#as(o.a, dtype), this.#as(o.b, dtype));
  }
  multiply(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const o = this.#binary('multiply', a, b);
    const dtype = this.#resultType(o.a, o.b);
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, dtype);
    const x = this.#as(o.a, dtype);
    const y = this.#as(o.b, dtype);
    return dtype === 'bool' ? this.tf.logicalAnd(x, y) : this.tf.mul(x, y);
  }
  divide(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const o = this.#binary('divide', a, b);
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, 'float32');
    return this.tf.div(this.#as(o.a, 'float32'), this.#as(o.b, 'float32'));
  }
  power(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const o = this.#binary('power', a, b);
    let dtype = this.#resultType(o.a, o.b);
    if (dtype === 'bool') dtype = 'int32';
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, dtype);
    const tf = this.tf;
    if (dtype === 'int32') {
      if (typeof o.b === 'number' && o.b < 0) {
        throw new ArgumentError(
          'power',
          'b',
          'non-negative exponents for integer tensors (convert to a float dtype first)',
          o.b,
        );
      }
      return tf.cast(tf.round(tf.pow(this.#as(o.a, 'float32'), this.#as(o.b, 'float32'))), 'int32');
    }
    const x = this.#as(o.a, 'float32');
    const y = this.#as(o.b, 'float32');
    // C's pow (NumPy's): 1 ** y = 1 and (-1) ** ±inf = 1, where some engines give NaN; x ** 0 = 1.
    const one = tf.logicalOr(
      tf.logicalOr(tf.equal(x, 1), tf.equal(y, 0)),
      tf.logicalAnd(tf.equal(x, -1), tf.equal(tf.abs(y), Number.POSITIVE_INFINITY)),
    );
    return tf.where(one, tf.onesLike(tf.add(x, y)), tf.pow(x, y));
  }
  #extreme(fn: 'maximum' | 'minimum', a: unknown, b: unknown): TF.Tensor {
    const o = this.#binary(fn, a, b);
    const dtype = this.#resultType(o.a, o.b);
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, dtype);
    const tf = this.tf;
    const x = this.#as(o.a, dtype);
    const y = this.#as(o.b, dtype);
    if (dtype === 'bool') return fn === 'maximum' ? tf.logicalOr(x, y) : tf.logicalAnd(x, y);
    const r = fn === 'maximum' ? tf.maximum(x, y) : tf.minimum(x, y);
    if (dtype !== 'float32') return r;
    // NaN wins on every engine (some return the other operand).
    const nan = tf.logicalOr(this.#isNan(x), this.#isNan(y));
    return tf.where(nan, tf.fill(o.shape, Number.NaN), r);
  }
  maximum(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#extreme('maximum', a, b);
  }
  minimum(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#extreme('minimum', a, b);
  }
  #compare(fn: string, a: unknown, b: unknown, op: (x: TF.Tensor, y: TF.Tensor) => TF.Tensor): TF.Tensor {
    const o = this.#binary(fn, a, b);
    let dtype = this.#resultType(o.a, o.b);
    if (sizeOf(o.shape) === 0) return this.#zeros(o.shape, 'bool');
    if (dtype === 'bool') dtype = 'int32';
    return op(this.#as(o.a, dtype), this.#as(o.b, dtype));
  }
  greater(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#compare('greater', a, b, (x, y) => this.tf.greater(x, y));
  }
  greaterEqual(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#compare('greaterEqual', a, b, (x, y) => this.tf.greaterEqual(x, y));
  }
  less(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#compare('less', a, b, (x, y) => this.tf.less(x, y));
  }
  lessEqual(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#compare('lessEqual', a, b, (x, y) => this.tf.lessEqual(x, y));
  }
  equal(a: TensorOrScalar<TF.Tensor>, b: TensorOrScalar<TF.Tensor>): TF.Tensor {
    return this.#compare('equal', a, b, (x, y) => this.tf.equal(x, y));
  }
  where(condition: TF.Tensor, x: TensorOrScalar<TF.Tensor>, y: TensorOrScalar<TF.Tensor>): TF.Tensor {
    const c = this.#t('where', 'condition', condition);
    const a = this.#operand('where', 'x', x);
    const b = this.#operand('where', 'y', y);
    const shape = broadcastShapes(
      'where',
      [[...c.shape], this.#shapeOf(a), this.#shapeOf(b)],
      ['condition', 'x', 'y'],
    );
    const dtype = this.#resultType(a, b);
    if (sizeOf(shape) === 0) return this.#zeros(shape, dtype);
    const tf = this.tf;
    const cond = tf.broadcastTo(c.dtype === 'bool' ? c : this.#cast(c, 'bool'), shape);
    const xa = tf.broadcastTo(this.#as(a, dtype), shape);
    const ya = tf.broadcastTo(this.#as(b, dtype), shape);
    if (dtype === 'bool')
      return this.#cast(tf.where(cond, tf.cast(xa, 'int32'), tf.cast(ya, 'int32')), 'bool');
    return tf.where(cond, xa, ya);
  }
  override negative(x: TF.Tensor): TF.Tensor {
    const t = this.#t('negative', 'x', x);
    if (t.dtype === 'bool')
      throw new ArgumentError('negative', 'x', 'a numeric tensor (negating bool is not defined)', t);
    return this.tf.neg(t);
  }
  override clip(
    x: TF.Tensor,
    min?: TensorOrScalar<TF.Tensor> | null,
    max?: TensorOrScalar<TF.Tensor> | null,
  ): TF.Tensor {
    const t = this.#t('clip', 'x', x);
    const shapes = [[...t.shape]];
    const names = ['x'];
    for (const [name, bound] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (bound === undefined || bound === null) continue;
      shapes.push(this.#shapeOf(this.#operand('clip', name, bound)));
      names.push(name);
    }
    broadcastShapes('clip', shapes, names);
    return super.clip(t, min, max);
  }
  abs(x: TF.Tensor): TF.Tensor {
    const t = this.#t('abs', 'x', x);
    return t.dtype === 'bool' ? this.tf.clone(t) : this.tf.abs(t);
  }
  sign(x: TF.Tensor): TF.Tensor {
    const t = this.#t('sign', 'x', x);
    if (t.dtype === 'bool') return this.tf.clone(t);
    const s = this.tf.sign(t);
    // NaN stays NaN (engines give 0).
    return t.dtype === 'float32' ? this.tf.where(this.#isNan(t), t, s) : s;
  }
  #float(fn: string, x: TF.Tensor, op: (v: TF.Tensor) => TF.Tensor): TF.Tensor {
    const t = this.#t(fn, 'x', x);
    const f = t.dtype === 'float32' ? t : this.tf.cast(t, 'float32');
    if (t.size === 0) return this.#zeros(t.shape, 'float32');
    return op(f);
  }
  sqrt(x: TF.Tensor): TF.Tensor {
    return this.#float('sqrt', x, (v) => this.tf.sqrt(v));
  }
  exp(x: TF.Tensor): TF.Tensor {
    return this.#float('exp', x, (v) => this.tf.exp(v));
  }
  log(x: TF.Tensor): TF.Tensor {
    return this.#float('log', x, (v) => this.tf.log(v));
  }
  log2(x: TF.Tensor): TF.Tensor {
    return this.#float('log2', x, (v) => this.tf.mul(this.tf.log(v), 1 / Math.LN2));
  }
  sin(x: TF.Tensor): TF.Tensor {
    return this.#float('sin', x, (v) => this.tf.sin(v));
  }
  cos(x: TF.Tensor): TF.Tensor {
    return this.#float('cos', x, (v) => this.tf.cos(v));
  }
  tan(x: TF.Tensor): TF.Tensor {
    return this.#float('tan', x, (v) => this.tf.tan(v));
  }
  arcsin(x: TF.Tensor): TF.Tensor {
    return this.#float('arcsin', x, (v) => this.tf.asin(v));
  }
  arccos(x: TF.Tensor): TF.Tensor {
    return this.#float('arccos', x, (v) => this.tf.acos(v));
  }
  arctan(x: TF.Tensor): TF.Tensor {
    return this.#float('arctan', x, (v) => this.tf.atan(v));
  }
  sinh(x: TF.Tensor): TF.Tensor {
    return this.#float('sinh', x, (v) => this.tf.sinh(v));
  }
  cosh(x: TF.Tensor): TF.Tensor {
    return this.#float('cosh', x, (v) => this.tf.cosh(v));
  }
  tanh(x: TF.Tensor): TF.Tensor {
    return this.#float('tanh', x, (v) => this.tf.tanh(v));
  }
  arcsinh(x: TF.Tensor): TF.Tensor {
    return this.#float('arcsinh', x, (v) => this.tf.asinh(v));
  }
  arccosh(x: TF.Tensor): TF.Tensor {
    return this.#float('arccosh', x, (v) => this.tf.acosh(v));
  }
  arctanh(x: TF.Tensor): TF.Tensor {
    return this.#float('arctanh', x, (v) => this.tf.atanh(v));
  }
  digamma(x: TF.Tensor): TF.Tensor {
    const t = this.#t('digamma', 'x', x);
    return this.#onHost((h) => h.digamma(this.#toHost(t))) as TF.Tensor;
  }
  isnan(x: TF.Tensor): TF.Tensor {
    const t = this.#t('isnan', 'x', x);
    if (t.dtype !== 'float32' || t.size === 0) return this.#zeros(t.shape, 'bool');
    return this.tf.isNaN(t);
  }
  isfinite(x: TF.Tensor): TF.Tensor {
    const t = this.#t('isfinite', 'x', x);
    if (t.size === 0) return this.#zeros(t.shape, 'bool');
    if (t.dtype !== 'float32') return this.tf.cast(this.tf.onesLike(this.tf.cast(t, 'int32')), 'bool');
    return this.tf.isFinite(t);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * A reduction over `axis`: validates the axes, handles what engines get wrong (empty inputs, an empty
   * axis list), and runs `op` on the input cast to `dtype`.
   */
  #reduce(
    fn: string,
    x: TF.Tensor,
    axis: Axes,
    keepdims: boolean,
    dtype: TfDType,
    empty: number | null,
    op: (v: TF.Tensor, axes: number[], keep: boolean) => TF.Tensor,
  ): TF.Tensor {
    const t = this.#t(fn, 'x', x);
    const axes = axesList(fn, axis, t.rank);
    const outShape = t.shape.flatMap((d, i) => (axes.includes(i) ? (keepdims ? [1] : []) : [d]));
    const v = t.dtype === dtype ? t : this.#cast(t, dtype);
    if (axes.length === 0) return this.tf.clone(v);
    if (t.size === 0) {
      if (axes.some((a) => t.shape[a] === 0)) {
        if (empty === null) {
          throw new ArgumentError(
            fn,
            'x',
            'a non-empty reduction (zero-size array to reduction operation, which has no identity)',
            t,
          );
        }
        if (dtype === 'bool') return this.full(outShape, empty, { dtype: 'bool' });
        return this.tf.fill(outShape, empty, dtype);
      }
      return this.#zeros(outShape, dtype);
    }
    return op(v, axes, keepdims);
  }
  sum(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    const t = this.#t('sum', 'x', x);
    const dtype = t.dtype === 'float32' ? 'float32' : 'int32';
    return this.#reduce('sum', t, axis, keepdims, dtype, 0, (v, a, k) => this.tf.sum(v, a, k));
  }
  prod(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    const t = this.#t('prod', 'x', x);
    const dtype = t.dtype === 'float32' ? 'float32' : 'int32';
    return this.#reduce('prod', t, axis, keepdims, dtype, 1, (v, a, k) => this.tf.prod(v, a, k));
  }
  #extremum(fn: 'max' | 'min', x: TF.Tensor, axis: Axes, keepdims: boolean): TF.Tensor {
    const t = this.#t(fn, 'x', x);
    const tf = this.tf;
    return this.#reduce(fn, t, axis, keepdims, t.dtype as TfDType, null, (v, a, k) => {
      if (v.dtype === 'bool') return fn === 'max' ? tf.any(v, a, k) : tf.all(v, a, k);
      const r = fn === 'max' ? tf.max(v, a, k) : tf.min(v, a, k);
      if (v.dtype !== 'float32') return r;
      // NaN propagates on every engine.
      return tf.where(tf.any(this.#isNan(v), a, k), tf.fill(r.shape, Number.NaN), r);
    });
  }
  max(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    return this.#extremum('max', x, axis, keepdims);
  }
  min(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    return this.#extremum('min', x, axis, keepdims);
  }
  all(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    return this.#reduce('all', x, axis, keepdims, 'bool', 1, (v, a, k) => this.tf.all(v, a, k));
  }
  any(x: TF.Tensor, axis?: Axes, keepdims = false): TF.Tensor {
    return this.#reduce('any', x, axis, keepdims, 'bool', 0, (v, a, k) => this.tf.any(v, a, k));
  }
  argmax(x: TF.Tensor, axis?: number | null): TF.Tensor {
    // NumPy's NaN-first and first-occurrence rules, on the host.
    const t = this.#t('argmax', 'x', x);
    return this.#onHost((h) => h.argmax(this.#toHost(t), axis)) as TF.Tensor;
  }
  argmin(x: TF.Tensor, axis?: number | null): TF.Tensor {
    const t = this.#t('argmin', 'x', x);
    return this.#onHost((h) => h.argmin(this.#toHost(t), axis)) as TF.Tensor;
  }
  cumsum(x: TF.Tensor, axis?: number | null): TF.Tensor {
    const t = this.#t('cumsum', 'x', x);
    const dtype = t.dtype === 'float32' ? 'float32' : 'int32';
    let v = t.dtype === dtype ? t : this.#cast(t, dtype);
    let ax: number;
    if (axis === undefined || axis === null) {
      v = this.tf.reshape(v, [t.size]);
      ax = 0;
    } else ax = normAxis('cumsum', 'axis', axis, t.rank);
    if (v.size === 0) return this.#zeros(v.shape, dtype);
    return this.tf.cumsum(v, ax);
  }
  sort(x: TF.Tensor, axis: number | null = -1, descending = false): TF.Tensor {
    // Stable, NaN-last sorting as NumPy's, on the host (TensorFlow.js's topk is neither).
    const t = this.#t('sort', 'x', x);
    return this.#onHost((h) => h.sort(this.#toHost(t), axis, descending)) as TF.Tensor;
  }
  argsort(x: TF.Tensor, axis: number | null = -1, descending = false): TF.Tensor {
    const t = this.#t('argsort', 'x', x);
    return this.#onHost((h) => h.argsort(this.#toHost(t), axis, descending)) as TF.Tensor;
  }

  // ---------------------------------------------------------------- linear algebra

  matmul(a: TF.Tensor, b: TF.Tensor): TF.Tensor {
    const x = this.#t('matmul', 'a', a);
    const y = this.#t('matmul', 'b', b);
    for (const [name, t] of [
      ['a', x],
      ['b', y],
    ] as const) {
      if (t.rank === 0) throw new ArgumentError('matmul', name, 'a tensor with at least one axis', t);
      if (t.dtype === 'bool')
        throw new ArgumentError('matmul', name, 'a numeric tensor (convert bool with astype)', t);
    }
    const dtype = this.#promote(x.dtype as TfDType, y.dtype as TfDType);
    const xs = x.rank === 1 ? [1, x.shape[0]!] : [...x.shape];
    const ys = y.rank === 1 ? [y.shape[0]!, 1] : [...y.shape];
    const k = xs[xs.length - 1]!;
    if (ys[ys.length - 2] !== k) {
      throw new ArgumentError(
        'matmul',
        'b',
        `a tensor whose ${y.rank === 1 ? 'length' : 'second-to-last axis'} is ${k} (the last axis of a)`,
        y,
      );
    }
    const batch = broadcastShapes('matmul', [xs.slice(0, -2), ys.slice(0, -2)]);
    const m = xs[xs.length - 2]!;
    const n = ys[ys.length - 1]!;
    const outShape = [...batch, ...(x.rank === 1 ? [] : [m]), ...(y.rank === 1 ? [] : [n])];
    if (sizeOf(outShape) === 0 || k === 0) return this.#zeros(outShape, dtype);
    const tf = this.tf;
    let xf = tf.reshape(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), xs);
    let yf = tf.reshape(y.dtype === 'float32' ? y : tf.cast(y, 'float32'), ys);
    let r: TF.Tensor;
    if (batch.length === 0) r = tf.matMul(xf, yf);
    else {
      // Engines broadcast batch axes only in some cases: broadcast explicitly, then one 3-d product.
      const nb = sizeOf(batch);
      if (xs.length - 2 !== batch.length || xs.slice(0, -2).some((d, i) => d !== batch[i]))
        xf = tf.broadcastTo(xf, [...batch, m, k]);
      if (ys.length - 2 !== batch.length || ys.slice(0, -2).some((d, i) => d !== batch[i]))
        yf = tf.broadcastTo(yf, [...batch, k, n]);
      r = tf.matMul(tf.reshape(xf, [nb, m, k]), tf.reshape(yf, [nb, k, n]));
    }
    r = tf.reshape(r, outShape);
    return dtype === 'float32' ? r : tf.cast(tf.round(r), 'int32');
  }
  diag(x: TF.Tensor, k = 0): TF.Tensor {
    const t = this.#t('diag', 'x', x);
    if (!Number.isInteger(k)) throw new ArgumentError('diag', 'k', 'an integer', k);
    const tf = this.tf;
    if (t.rank === 1) {
      const len = t.shape[0]!;
      const n = len + Math.abs(k);
      if (len === 0) return this.#zeros([n, n], t.dtype as TfDType);
      const v = t.dtype === 'float32' ? t : tf.cast(t, 'float32');
      const d = tf.pad(
        tf.diag(v),
        k >= 0
          ? [
              [0, k],
              [k, 0],
            ]
          : [
              [-k, 0],
              [0, -k],
            ],
      );
      return t.dtype === 'float32' ? d : this.#cast(d, t.dtype as TfDType);
    }
    if (t.rank === 2) {
      const [rows, cols] = t.shape as [number, number];
      const r0 = k >= 0 ? 0 : -k;
      const c0 = Math.max(k, 0);
      const len = Math.max(0, Math.min(rows - r0, cols - c0));
      if (len === 0) return this.#zeros([0], t.dtype as TfDType);
      const pos = new Int32Array(len);
      for (let i = 0; i < len; i++) pos[i] = (r0 + i) * cols + c0 + i;
      const flat = tf.reshape(t.dtype === 'bool' ? tf.cast(t, 'int32') : t, [rows * cols]);
      const out = tf.gather(flat, tf.tensor1d(pos, 'int32'));
      return t.dtype === 'bool' ? this.#cast(out, 'bool') : out;
    }
    throw new ArgumentError('diag', 'x', 'a vector or a matrix', t);
  }
  einsum(subscripts: string, ...operands: TF.Tensor[]): TF.Tensor {
    // TensorFlow.js's einsum covers few patterns (no repeated or broadcast subscripts): run NumPy's on the host.
    const ops = operands.map((x, i) => this.#toHost(this.#t('einsum', `operands[${i}]`, x)));
    return this.#onHost((h) => h.einsum(subscripts, ...ops)) as TF.Tensor;
  }
  solve(a: TF.Tensor, b: TF.Tensor): TF.Tensor {
    const x = this.#toHost(this.#t('solve', 'a', a));
    const y = this.#toHost(this.#t('solve', 'b', b));
    return this.#onHost((h) => h.solve(x, y)) as TF.Tensor;
  }
  /**
   * Least squares on the host. The default `rcond` is float32's: singular values below
   * `eps(float32) * max(m, n) * max(S)` count as zero, since float32 data cannot resolve smaller ones.
   */
  lstsq(a: TF.Tensor, b: TF.Tensor, rcond?: number | null): LstsqResult<TF.Tensor> {
    const x = this.#toHost(this.#t('lstsq', 'a', a));
    const y = this.#toHost(this.#t('lstsq', 'b', b));
    const cut = rcond ?? F32_EPS * Math.max(...x.shape, 1);
    return this.#onHost((h) => h.lstsq(x, y, cut)) as LstsqResult<TF.Tensor>;
  }
  qr(a: TF.Tensor, mode: QrMode = 'reduced'): [TF.Tensor, TF.Tensor] {
    const x = this.#toHost(this.#t('qr', 'a', a));
    return this.#onHost((h) => h.qr(x, mode)) as [TF.Tensor, TF.Tensor];
  }
  svd(a: TF.Tensor, fullMatrices = true): [TF.Tensor, TF.Tensor, TF.Tensor] {
    const x = this.#toHost(this.#t('svd', 'a', a));
    return this.#onHost((h) => h.svd(x, fullMatrices)) as [TF.Tensor, TF.Tensor, TF.Tensor];
  }
  override leftSvd(a: TF.Tensor): [TF.Tensor, TF.Tensor] {
    const x = this.#toHost(this.#t('leftSvd', 'a', a));
    return this.#onHost((h) => h.leftSvd(x)) as [TF.Tensor, TF.Tensor];
  }
  eigh(a: TF.Tensor): [TF.Tensor, TF.Tensor] {
    const x = this.#toHost(this.#t('eigh', 'a', a));
    return this.#onHost((h) => h.eigh(x)) as [TF.Tensor, TF.Tensor];
  }
  cholesky(a: TF.Tensor): TF.Tensor {
    const x = this.#toHost(this.#t('cholesky', 'a', a));
    return this.#onHost((h) => h.cholesky(x)) as TF.Tensor;
  }
  inv(a: TF.Tensor): TF.Tensor {
    const x = this.#toHost(this.#t('inv', 'a', a));
    return this.#onHost((h) => h.inv(x)) as TF.Tensor;
  }
  /**
   * Pseudo-inverse on the host. The default `rcond` is float32's, `eps(float32) * max(m, n)` (the contract's
   * 1e-15 would invert the rounding noise of float32 data); pass `rcond` to choose another cutoff.
   */
  override pinv(a: TF.Tensor, rcond?: number): TF.Tensor {
    const x = this.#toHost(this.#t('pinv', 'a', a));
    const cut = rcond ?? F32_EPS * Math.max(...x.shape, 1);
    return this.#onHost((h) => h.pinv(x, cut)) as TF.Tensor;
  }
}
