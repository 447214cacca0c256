import { ArgumentError, BackendError } from '../errors.js';
import { RandomState } from '../random/random-state.js';
import type {
  Axes,
  DType,
  DTypeName,
  FloatInfo,
  IndexSpec,
  NestedArray,
  NormOrder,
  QrMode,
  Tensor,
  TensorContext,
  TensorDataOptions,
  TensorInput,
  TensorOptions,
  TypedArray,
} from '../types.js';

/** A random seed as TensorLy's `random_state`: an integer, a generator, or nothing (unpredictable). */
export type Seed = number | RandomState | null | undefined;

/** A tensor or a plain number, for binary ops that broadcast a scalar. */
export type TensorOrScalar<T> = T | number;

/** What `lstsq` returns, in NumPy's order: solution, residuals, rank, singular values. */
export type LstsqResult<T> = [solution: T, residuals: T, rank: number, singularValues: T];

/** What {@link Backend.cpAlsSweep} returns. */
export interface CpAlsSweepResult<T> {
  /** Every factor after the sweep (the modes not swept are the given ones). */
  factors: T[];
  /** The Gram matrix `factorᵀ·factor` of every factor after the sweep. */
  grams: T[];
  /** The last swept mode's MTTKRP, `(I_last, rank)`: what its new factor was solved from. */
  mttkrp: T;
}

/**
 * The backend contract: one abstract class that every array engine implements.
 *
 * Primitives are `abstract`; derived ops are concrete and written only in terms of primitives, so a
 * new backend implements the primitives and gets everything else. A backend overrides a derived op
 * only to be faster. The public functions (`tl.sum`, `tl.svd`, ...) dispatch to the backend in
 * effect and share these signatures and docs.
 *
 * Calling convention: NumPy's positional order (`sum(x, axis, keepdims)`, `svd(m, fullMatrices)`).
 *
 * @typeParam T - the backend's tensor type.
 *
 * @example
 * ```ts
 * class MyBackend extends tl.Backend<MyArray> {
 *   readonly name = 'mine';
 *   // ... every abstract member ...
 * }
 * tl.setBackend(new MyBackend());
 * ```
 */
export abstract class Backend<T extends Tensor = Tensor> {
  /** Every backend instance created in this thread, so that a foreign tensor can be traced to its owner. */
  static readonly instances: Backend[] = [];

  constructor() {
    Backend.instances.push(this as Backend);
  }

  /** The backend's name, as `tl.getBackend()` reports it. */
  abstract readonly name: string;

  // ---------------------------------------------------------------- dtypes and constants

  /** The backend's 32-bit float dtype. */
  abstract get float32(): DType;
  /** The backend's 64-bit float dtype. */
  abstract get float64(): DType;
  /** The backend's 32-bit integer dtype. */
  abstract get int32(): DType;
  /** The backend's 64-bit integer dtype. */
  abstract get int64(): DType;
  /** The backend's 64-bit complex dtype. */
  abstract get complex64(): DType;
  /** The backend's 128-bit complex dtype. */
  abstract get complex128(): DType;
  /** Euler's number. */
  get e(): number {
    return Math.E;
  }
  /** The ratio of a circle's circumference to its diameter. */
  get pi(): number {
    return Math.PI;
  }
  /** Positive infinity. */
  get inf(): number {
    return Number.POSITIVE_INFINITY;
  }
  /** Not a number. */
  get nan(): number {
    return Number.NaN;
  }

  // ---------------------------------------------------------------- creation and inspection

  /**
   * Creates a tensor of this backend from nested arrays, a number, a typed array with `shape`, or a
   * tensor of this backend (copied). Numbers give `float64` where the backend has it, booleans `bool`.
   *
   * @param data - the values.
   * @param options - `dtype` to override inference; `shape` for flat data.
   * @returns a new tensor.
   * @example
   * ```ts
   * tl.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
   * tl.tensor(new Float64Array(6), { shape: [2, 3] });
   * ```
   */
  abstract tensor(data: TensorInput<T>, options?: TensorDataOptions): T;
  /** Whether `x` is a tensor of this backend. */
  abstract isTensor(x: unknown): x is T;
  /** The options that create a tensor like `x` (TensorLy's `tl.context`): its dtype. */
  abstract context(x: T): TensorContext;
  /** The shape of `x`, a new array. */
  abstract shape(x: T): number[];
  /** The number of axes of `x`. */
  abstract ndim(x: T): number;
  /** The values of `x` as nested arrays (a number for a 0-d tensor). TensorLy's `to_numpy`. */
  abstract toArray(x: T): NestedArray;
  /** The values of `x` in row-major order, as a new typed array of its dtype. */
  abstract toTypedArray(x: T): TypedArray;
  /** The single value of a tensor with one element, as a number. */
  abstract item(x: T): number;
  /** A copy of `x` that shares no memory with it. */
  abstract copy(x: T): T;
  /** `x` converted to `dtype` (a copy even when the dtype is unchanged). */
  abstract astype(x: T, dtype: DType): T;

  /**
   * Reads `x` without blocking the engine (GPU engines read asynchronously).
   * The default reads synchronously.
   */
  async toArrayAsync(x: T): Promise<NestedArray> {
    return this.toArray(x);
  }
  /** The single value of `x`, read without blocking the engine. */
  async itemAsync(x: T): Promise<number> {
    return this.item(x);
  }

  // ---------------------------------------------------------------- memory
  // Engines whose tensors hold memory that the garbage collector cannot see (TensorFlow.js) free it through
  // these hooks; for garbage-collected backends they do nothing.

  /**
   * Runs `fn` and frees every tensor it created except those reachable from its result (arrays and plain
   * objects are searched). TensorFlow.js's `tf.tidy`; the default just runs `fn`.
   *
   * @example
   * ```ts
   * const n = tl.scope(() => tl.sqrt(tl.sum(tl.multiply(x, x)))); // the product and the sum are freed
   * ```
   */
  scope<R>(fn: () => R): R {
    return fn();
  }
  /**
   * Frees tensors now (TensorFlow.js's `dispose`); a tensor must not be used afterwards. The default does
   * nothing (the garbage collector frees `js` tensors).
   */
  dispose(_tensors: T | readonly T[]): void {}
  /**
   * Runs `fn`, calling `onCreate` with every tensor that a call of this backend's ops returns during it
   * (outermost calls only: the intermediates of a derived op are not reported). Iterative algorithms use it
   * to free what each iteration created; the default reports nothing.
   */
  track<R>(fn: () => R, _onCreate: (t: T) => void): R {
    return fn();
  }

  // ---------------------------------------------------------------- fused steps (optional)

  /**
   * Optional: one sweep of CP-ALS updates with unit weights, as `parafac`'s loop does it with dispatched ops.
   * For each mode in `modes`, in order: the Hadamard product of the other factors' Gram matrices (plus
   * `l2Reg`·I when `l2Reg > 0`; all ones for a single mode), the MTTKRP of `tensor` with the current factors,
   * the new factor `solve(V, mttkrpᵀ)ᵀ` and its Gram matrix `factorᵀ·factor`. Returns the factors and Gram
   * matrices after the sweep (those of other modes unchanged) and the last mode's MTTKRP, or null to leave
   * the sweep to the dispatched ops (inputs it does not handle). A backend implements it to skip per-op
   * overhead, which dominates small tensors; the arithmetic must be that of the dispatched ops.
   */
  cpAlsSweep?(
    tensor: T,
    factors: readonly T[],
    grams: readonly T[],
    modes: readonly number[],
    l2Reg: number,
  ): CpAlsSweepResult<T> | null;

  /**
   * Optional: declares that `tensor` will be an operand of many operations and will not be modified until
   * the returned function is called, as an iterative decomposition's input is. A backend may prepare for
   * that (the js backend gives its GEMM helper thread one shared copy of a large tensor instead of copying
   * its share for every product). The release function may be called more than once; only the first call
   * counts. Without it, or where it returns at once, nothing changes but speed.
   *
   * Every decomposition holds its input for the length of a run. Modifying the input's data meanwhile (from
   * a callback, or while an `...Async` run is pending) is not supported: on the js backend, products would
   * then read the old values for some rows and the new ones for others.
   */
  holdForReuse?(tensor: T): () => void;

  /** A tensor of `shape` filled with `value`. */
  abstract full(shape: readonly number[], value: number, options?: TensorOptions): T;
  /** The identity-like `(n, m)` matrix with ones on the diagonal. */
  abstract eye(n: number, m?: number, options?: TensorOptions): T;
  /**
   * Evenly spaced values in `[start, stop)`; with one argument, `[0, start)`.
   * @example
   * ```ts
   * tl.arange(5);        // [0, 1, 2, 3, 4]
   * tl.arange(1, 2, 0.5) // [1, 1.5]
   * ```
   */
  abstract arange(start: number, stop?: number, step?: number, options?: TensorOptions): T;

  /** A tensor of zeros. */
  zeros(shape: readonly number[], options?: TensorOptions): T {
    return this.full(shape, 0, options);
  }
  /** A tensor of ones. */
  ones(shape: readonly number[], options?: TensorOptions): T {
    return this.full(shape, 1, options);
  }
  /** Zeros with the shape and dtype of `x`. */
  zerosLike(x: T): T {
    return this.full(this.shape(x), 0, this.context(x));
  }
  /** `num` evenly spaced values from `start` to `stop`, both included. */
  linspace(start: number, stop: number, num = 50, options?: TensorOptions): T {
    if (!Number.isInteger(num) || num < 0)
      throw new ArgumentError('linspace', 'num', 'a non-negative integer', num);
    const step = num > 1 ? (stop - start) / (num - 1) : 0;
    const idx = this.arange(0, num, 1, { dtype: 'float64' });
    const values = this.add(this.multiply(idx, step), start);
    return options?.dtype === undefined ? values : this.astype(values, options.dtype);
  }

  // ---------------------------------------------------------------- shape and layout

  /** `x` with a new shape of the same size; one entry may be -1 and is inferred. */
  abstract reshape(x: T, shape: readonly number[]): T;
  /** `x` with its axes permuted by `axes` (reversed when absent). */
  abstract transpose(x: T, axes?: readonly number[]): T;
  /** Joins tensors along an existing axis. */
  abstract concatenate(tensors: readonly T[], axis?: number): T;
  /** Reverses the order of elements along `axis` (every axis when absent). */
  abstract flip(x: T, axis?: Axes): T;
  /**
   * Reads part of `x` with NumPy basic indexing: integers pick (and drop the axis), slices and `null` keep.
   * @example
   * ```ts
   * tl.index(x, [0]);                          // x[0]
   * tl.index(x, [null, tl.s(1, 3)]);           // x[:, 1:3]
   * ```
   */
  abstract index(x: T, indices: IndexSpec): T;
  /**
   * A new tensor equal to `x` except at `indices`, which take `values` (broadcast). Never mutates `x`.
   * TensorLy's `index_update`, made functional.
   */
  abstract indexUpdate(x: T, indices: IndexSpec, values: TensorOrScalar<T>): T;
  /** Gathers the entries of `x` at integer positions `indices` along `axis` (NumPy's `take`). */
  abstract take(x: T, indices: readonly number[] | Int32Array, axis: number): T;

  /** Moves axes of `x` from `source` to `destination`, keeping the order of the others. */
  moveaxis(x: T, source: number | readonly number[], destination: number | readonly number[]): T {
    const n = this.ndim(x);
    const src = (typeof source === 'number' ? [source] : [...source]).map((a) =>
      normAxis('moveaxis', 'source', a, n),
    );
    const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) =>
      normAxis('moveaxis', 'destination', a, n),
    );
    if (src.length !== dst.length) {
      throw new ArgumentError('moveaxis', 'destination', `${src.length} axes like source`, dst.length);
    }
    const order: number[] = [];
    for (let i = 0; i < n; i++) if (!src.includes(i)) order.push(i);
    const pairs = dst.map((d, i) => [d, src[i]!] as const).sort((a, b) => a[0] - b[0]);
    for (const [d, s] of pairs) order.splice(d, 0, s);
    return this.transpose(x, order);
  }
  /** Removes axes of length one (all of them, or those in `axis`). */
  squeeze(x: T, axis?: Axes): T {
    const shape = this.shape(x);
    if (axis === undefined || axis === null)
      return this.reshape(
        x,
        shape.filter((d) => d !== 1),
      );
    const drop = axesList('squeeze', axis, shape.length);
    for (const a of drop) {
      if (shape[a] !== 1)
        throw new ArgumentError('squeeze', 'axis', 'axes of length 1', `axis ${a} of length ${shape[a]}`);
    }
    return this.reshape(
      x,
      shape.filter((_, i) => !drop.includes(i)),
    );
  }
  /** Inserts an axis of length one at `axis`. */
  expandDims(x: T, axis: number): T {
    const shape = this.shape(x);
    const a = normAxis('expandDims', 'axis', axis, shape.length + 1);
    shape.splice(a, 0, 1);
    return this.reshape(x, shape);
  }
  /** Joins tensors of equal shape along a new axis. */
  stack(tensors: readonly T[], axis = 0): T {
    if (tensors.length === 0) throw new ArgumentError('stack', 'tensors', 'at least one tensor', tensors);
    return this.concatenate(
      tensors.map((t) => this.expandDims(t, axis)),
      axis,
    );
  }

  // ---------------------------------------------------------------- element-wise

  /** Element-wise `a + b`, broadcasting. */
  abstract add(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a - b`, broadcasting. */
  abstract subtract(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a * b`, broadcasting. */
  abstract multiply(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise true division `a / b`, broadcasting (integers give floats). */
  abstract divide(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a ** b`, broadcasting. */
  abstract power(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise maximum, broadcasting; NaN wins. */
  abstract maximum(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise minimum, broadcasting; NaN wins. */
  abstract minimum(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a > b` as a bool tensor. */
  abstract greater(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a >= b` as a bool tensor. */
  abstract greaterEqual(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a < b` as a bool tensor. */
  abstract less(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a <= b` as a bool tensor. */
  abstract lessEqual(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Element-wise `a == b` as a bool tensor. */
  abstract equal(a: TensorOrScalar<T>, b: TensorOrScalar<T>): T;
  /** Picks `x` where `condition` is true and `y` elsewhere, broadcasting all three. */
  abstract where(condition: T, x: TensorOrScalar<T>, y: TensorOrScalar<T>): T;

  /** Element-wise `-x`. */
  negative(x: T): T {
    return this.multiply(x, -1);
  }
  /** Limits the values of `x` to `[min, max]`; either bound may be absent. */
  clip(x: T, min?: TensorOrScalar<T> | null, max?: TensorOrScalar<T> | null): T {
    let out = x;
    if (min !== undefined && min !== null) out = this.maximum(out, min);
    if (max !== undefined && max !== null) out = this.minimum(out, max);
    return out === x ? this.copy(x) : out;
  }

  /** Element-wise absolute value. */
  abstract abs(x: T): T;
  /** Element-wise sign (-1, 0 or 1; NaN stays NaN). */
  abstract sign(x: T): T;
  /** Element-wise square root. */
  abstract sqrt(x: T): T;
  /** Element-wise exponential. */
  abstract exp(x: T): T;
  /** Element-wise natural logarithm. */
  abstract log(x: T): T;
  /** Element-wise base-2 logarithm. */
  abstract log2(x: T): T;
  /** Element-wise sine. */
  abstract sin(x: T): T;
  /** Element-wise cosine. */
  abstract cos(x: T): T;
  /** Element-wise tangent. */
  abstract tan(x: T): T;
  /** Element-wise inverse sine. */
  abstract arcsin(x: T): T;
  /** Element-wise inverse cosine. */
  abstract arccos(x: T): T;
  /** Element-wise inverse tangent. */
  abstract arctan(x: T): T;
  /** Element-wise hyperbolic sine. */
  abstract sinh(x: T): T;
  /** Element-wise hyperbolic cosine. */
  abstract cosh(x: T): T;
  /** Element-wise hyperbolic tangent. */
  abstract tanh(x: T): T;
  /** Element-wise inverse hyperbolic sine. */
  abstract arcsinh(x: T): T;
  /** Element-wise inverse hyperbolic cosine. */
  abstract arccosh(x: T): T;
  /** Element-wise inverse hyperbolic tangent. */
  abstract arctanh(x: T): T;
  /** Element-wise digamma function (derivative of the log-gamma function), as SciPy's. */
  abstract digamma(x: T): T;
  /** Element-wise NaN test, as a bool tensor. */
  abstract isnan(x: T): T;
  /** Element-wise finiteness test, as a bool tensor. */
  abstract isfinite(x: T): T;
  /** Complex conjugate (a copy for real tensors). */
  conj(x: T): T {
    return this.copy(x);
  }

  /** Alias of {@link Backend.arcsin}. */
  asin(x: T): T {
    return this.arcsin(x);
  }
  /** Alias of {@link Backend.arccos}. */
  acos(x: T): T {
    return this.arccos(x);
  }
  /** Alias of {@link Backend.arctan}. */
  atan(x: T): T {
    return this.arctan(x);
  }
  /** Alias of {@link Backend.arcsinh}. */
  asinh(x: T): T {
    return this.arcsinh(x);
  }
  /** Alias of {@link Backend.arccosh}. */
  acosh(x: T): T {
    return this.arccosh(x);
  }
  /** Alias of {@link Backend.arctanh}. */
  atanh(x: T): T {
    return this.arctanh(x);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum over `axis` (all axes when absent). */
  abstract sum(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Product over `axis` (all axes when absent). */
  abstract prod(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Maximum over `axis` (all axes when absent); NaN propagates. */
  abstract max(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Minimum over `axis` (all axes when absent); NaN propagates. */
  abstract min(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Whether every element over `axis` is non-zero, as a bool tensor. */
  abstract all(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Whether any element over `axis` is non-zero, as a bool tensor. */
  abstract any(x: T, axis?: Axes, keepdims?: boolean): T;
  /** Index of the maximum along `axis` (of the flattened tensor when absent), as int32. */
  abstract argmax(x: T, axis?: number | null): T;
  /** Index of the minimum along `axis` (of the flattened tensor when absent), as int32. */
  abstract argmin(x: T, axis?: number | null): T;
  /** Cumulative sum along `axis` (of the flattened tensor when absent). */
  abstract cumsum(x: T, axis?: number | null): T;
  /** Sorted copy of `x` along `axis` (default last; `null` flattens). */
  abstract sort(x: T, axis?: number | null, descending?: boolean): T;
  /** Indices that sort `x` along `axis` (default last; `null` flattens), as int32; stable. */
  abstract argsort(x: T, axis?: number | null, descending?: boolean): T;

  /** Mean over `axis` (all axes when absent). */
  mean(x: T, axis?: Axes, keepdims = false): T {
    const shape = this.shape(x);
    const axes = axesList('mean', axis, shape.length);
    let count = 1;
    for (const a of axes) count *= shape[a]!;
    return this.divide(this.sum(x, axis, keepdims), count);
  }
  /** Number of non-zero elements over `axis` (all axes when absent). */
  countNonzero(x: T, axis?: Axes): T {
    const nonzero = this.astype(this.astype(x, 'bool'), 'int32');
    return this.sum(nonzero, axis);
  }
  /** Sum of the diagonal of a matrix. */
  trace(x: T): T {
    if (this.ndim(x) !== 2) throw new ArgumentError('trace', 'x', 'a matrix (2-d tensor)', x);
    return this.sum(this.diag(x));
  }
  /**
   * `log(sum(exp(x), axis))` computed stably. TensorLy's default axis is 0, kept here.
   */
  logsumexp(x: T, axis: number | null = 0): T {
    const m = this.max(x, axis, true);
    const safeM = this.where(this.isfinite(m), m, 0);
    const s = this.sum(this.exp(this.subtract(x, safeM)), axis, true);
    const out = this.add(this.log(s), safeM);
    return axis === null ? this.reshape(out, []) : this.squeeze(out, axis);
  }
  /**
   * Vector norm of `x` over `axis` (the whole tensor when absent): order 1, 2, any p, or `'inf'`.
   * @example
   * ```ts
   * tl.norm(tl.tensor([3, 4]));    // 5
   * tl.norm(x, 1, 0);              // column sums of |x|
   * ```
   */
  norm(x: T, order: NormOrder = 2, axis?: Axes): T {
    const ax = Array.isArray(axis) && axis.length === 0 ? null : axis;
    if (order === 'inf') return this.max(this.abs(x), ax);
    if (typeof order !== 'number' || !(order > 0)) {
      throw new ArgumentError('norm', 'order', "a positive number or 'inf'", order);
    }
    if (order === 1) return this.sum(this.abs(x), ax);
    if (order === 2) return this.sqrt(this.sum(this.multiply(x, x), ax));
    return this.power(this.sum(this.power(this.abs(x), order), ax), 1 / order);
  }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product with NumPy's `matmul` rules (1-d promotion, batched broadcasting over leading axes). */
  abstract matmul(a: T, b: T): T;
  /**
   * The diagonal of a matrix as a vector, or a matrix with vector `x` on its `k`-th diagonal.
   */
  abstract diag(x: T, k?: number): T;
  /**
   * Evaluates an Einstein-summation expression (NumPy's subscripts, explicit `->` or implicit form).
   * @example
   * ```ts
   * tl.einsum('ij,jk->ik', a, b);
   * ```
   */
  abstract einsum(subscripts: string, ...operands: T[]): T;
  /** Solves `a @ x = b` for square `a`; `b` may be a vector or a matrix of right-hand sides. */
  abstract solve(a: T, b: T): T;
  /**
   * Least-squares solution of `a @ x = b`, as NumPy: `[x, residuals, rank, singularValues]`; residuals
   * are empty when `a` is rank-deficient or has no more rows than columns.
   */
  abstract lstsq(a: T, b: T, rcond?: number | null): LstsqResult<T>;
  /**
   * Householder QR decomposition `a = Q R`, as NumPy's `qr`: `'reduced'` (default) gives `Q (m, k)`, `R (k, n)`
   * with `k = min(m, n)`; `'complete'` gives `Q (m, m)`, `R (m, n)`; `'r'` skips Q and returns `[Q (m, 0), R (k, n)]`.
   */
  abstract qr(a: T, mode?: QrMode): [q: T, r: T];
  /**
   * Singular value decomposition `a = U diag(S) V` with `S` descending, as NumPy's
   * `svd` (its third factor is Vᴴ, rows are right singular vectors).
   */
  abstract svd(a: T, fullMatrices?: boolean): [u: T, s: T, v: T];
  /** Eigen-decomposition of a symmetric matrix: `[eigenvalues ascending, eigenvectors as columns]`. */
  abstract eigh(a: T): [w: T, v: T];
  /** Lower Cholesky factor `L` with `a = L Lᵀ`; throws when `a` is not positive definite. */
  abstract cholesky(a: T): T;
  /** Inverse of a square matrix; throws when it is singular. */
  abstract inv(a: T): T;

  /** NumPy's `dot`: inner product of vectors, matrix product of matrices, sum-product over the last/second-to-last axes otherwise. */
  dot(a: T, b: T): T {
    const na = this.ndim(a);
    const nb = this.ndim(b);
    if (na === 0 || nb === 0) return this.multiply(a, b);
    if (na <= 2 && nb <= 2) return this.matmul(a, b);
    return this.tensordot(a, b, [[na - 1], [nb >= 2 ? nb - 2 : 0]]);
  }
  /**
   * Sum-product over axes: `axes` is a count (last `axes` of `a` with first of `b`) or a pair of lists.
   */
  tensordot(a: T, b: T, axes: number | readonly [readonly number[], readonly number[]] = 2): T {
    const sa = this.shape(a);
    const sb = this.shape(b);
    let axA: number[];
    let axB: number[];
    if (typeof axes === 'number') {
      if (!Number.isInteger(axes) || axes < 0 || axes > sa.length || axes > sb.length) {
        throw new ArgumentError('tensordot', 'axes', 'a count no larger than both ranks', axes);
      }
      axA = range(sa.length - axes, sa.length);
      axB = range(0, axes);
    } else {
      axA = axes[0].map((x) => normAxis('tensordot', 'axes', x, sa.length));
      axB = axes[1].map((x) => normAxis('tensordot', 'axes', x, sb.length));
    }
    if (axA.length !== axB.length)
      throw new ArgumentError('tensordot', 'axes', 'two lists of equal length', axes);
    let k = 1;
    for (let i = 0; i < axA.length; i++) {
      if (sa[axA[i]!] !== sb[axB[i]!]) {
        throw new ArgumentError(
          'tensordot',
          'axes',
          'contracted axes of equal length',
          `lengths ${sa[axA[i]!]} and ${sb[axB[i]!]}`,
        );
      }
      k *= sa[axA[i]!]!;
    }
    const freeA = range(0, sa.length).filter((i) => !axA.includes(i));
    const freeB = range(0, sb.length).filter((i) => !axB.includes(i));
    const m = freeA.reduce((p, i) => p * sa[i]!, 1);
    const n = freeB.reduce((p, i) => p * sb[i]!, 1);
    const am = this.reshape(this.transpose(a, [...freeA, ...axA]), [m, k]);
    const bm = this.reshape(this.transpose(b, [...axB, ...freeB]), [k, n]);
    return this.reshape(this.matmul(am, bm), [...freeA.map((i) => sa[i]!), ...freeB.map((i) => sb[i]!)]);
  }
  /** Kronecker product of two matrices. */
  kron(a: T, b: T): T {
    const [m, n] = this.shape(a);
    const [p, q] = this.shape(b);
    if (this.ndim(a) !== 2) throw new ArgumentError('kron', 'a', 'a matrix (2-d tensor)', a);
    if (this.ndim(b) !== 2) throw new ArgumentError('kron', 'b', 'a matrix (2-d tensor)', b);
    const outer = this.multiply(this.reshape(a, [m!, 1, n!, 1]), this.reshape(b, [1, p!, 1, q!]));
    return this.reshape(outer, [m! * p!, n! * q!]);
  }
  /**
   * The left singular vectors and singular values of a matrix, `[U (m, k), S (k,)]` with `k = min(m, n)`:
   * `svd(a, false)` without its third factor. Algorithms that need only U (Tucker's HOOI, its SVD
   * initialisation) call this, so a backend that can skip computing V (the native backend, with LAPACK's
   * gesvd) saves that work; the default drops V from `svd`. Signs are the SVD's own (use `svdFlip` for a
   * deterministic choice).
   */
  leftSvd(a: T): [u: T, s: T] {
    const [u, s] = this.svd(a, false);
    return [u, s];
  }
  /** Moore–Penrose pseudo-inverse through the SVD; singular values below `rcond * max(S)` count as zero. */
  pinv(a: T, rcond = 1e-15): T {
    const [u, s, v] = this.svd(a, false);
    const cutoff = this.multiply(this.max(s), rcond);
    const big = this.greater(s, cutoff);
    const sInv = this.where(big, this.divide(1, this.where(big, s, 1)), 0);
    return this.matmul(this.multiply(this.transpose(v), this.reshape(sInv, [1, -1])), this.transpose(u));
  }

  // ---------------------------------------------------------------- tensor-algebra kernels
  // Derived ops that the tensor-algebra layer (`tl.tenalg`, `tl.unfold`, ...) is built on. They are part of the
  // contract so that a backend can replace the hot ones with fused kernels; there is no second dispatch system.

  /**
   * Mode-`mode` unfolding: axis `mode` first, then the other axes in row-major order, as a `(I_mode, -1)`
   * matrix (TensorLy's convention, not Kolda & Bader's column-major one).
   */
  unfold(x: T, mode: number): T {
    const n = this.ndim(x);
    const m = normAxis('unfold', 'mode', mode, n);
    return this.reshape(this.moveaxis(x, m, 0), [this.shape(x)[m]!, -1]);
  }
  /** Inverse of {@link Backend.unfold}: refolds a `(shape[mode], -1)` matrix into a tensor of `shape`. */
  fold(unfolded: T, mode: number, shape: readonly number[]): T {
    const m = normAxis('fold', 'mode', mode, shape.length);
    const full = [shape[m]!, ...shape.filter((_, i) => i !== m)];
    return this.moveaxis(this.reshape(unfolded, full), 0, m);
  }
  /**
   * Khatri–Rao (column-wise Kronecker) product of matrices with equal column counts `(I_k, R)`, giving
   * `(Π I_k, R)`; the first matrix's row index varies slowest (TensorLy's row-major convention).
   */
  khatriRao(matrices: readonly T[]): T {
    if (matrices.length === 0)
      throw new ArgumentError('khatriRao', 'matrices', 'at least one matrix', matrices);
    let out = matrices[0]!;
    const r = this.shape(out)[1];
    for (let i = 1; i < matrices.length; i++) {
      const next = matrices[i]!;
      const [p, q] = this.shape(out);
      const [s, rr] = this.shape(next);
      if (rr !== r)
        throw new ArgumentError(
          'khatriRao',
          'matrices',
          `matrices with ${r} columns`,
          `${rr} columns in matrix ${i}`,
        );
      out = this.reshape(this.multiply(this.reshape(out, [p!, 1, q!]), this.reshape(next, [1, s!, rr!])), [
        p! * s!,
        rr!,
      ]);
    }
    return out;
  }
  /**
   * MTTKRP: `unfold(x, mode) @ khatriRao(factors without factors[mode])`, an `(I_mode, R)` matrix.
   * `factors[mode]` is ignored (it may be any matrix with R columns).
   */
  mttkrp(x: T, factors: readonly T[], mode: number): T {
    const n = this.ndim(x);
    const m = normAxis('mttkrp', 'mode', mode, n);
    if (factors.length !== n)
      throw new ArgumentError('mttkrp', 'factors', `${n} factor matrices`, factors.length);
    const others = factors.filter((_, i) => i !== m);
    return this.matmul(this.unfold(x, m), this.khatriRao(others));
  }
  /**
   * The mode-`mode` product of `x` with a matrix `(J, I_mode)` (or its transpose `(I_mode, J)` when
   * `transpose`), replacing axis `mode` by `J`; with a vector `(I_mode,)` the axis is contracted away.
   */
  modeDot(x: T, matrixOrVector: T, mode: number, transpose = false): T {
    const shape = this.shape(x);
    const m = normAxis('modeDot', 'mode', mode, shape.length);
    const mv = this.ndim(matrixOrVector);
    const ms = this.shape(matrixOrVector);
    if (mv === 1) {
      if (ms[0] !== shape[m]) {
        throw new ArgumentError(
          'modeDot',
          'matrixOrVector',
          `a vector of length ${shape[m]}`,
          matrixOrVector,
        );
      }
      const res = this.matmul(this.reshape(matrixOrVector, [1, -1]), this.unfold(x, m));
      const rest = shape.filter((_, i) => i !== m);
      return this.reshape(res, rest);
    }
    if (mv !== 2)
      throw new ArgumentError('modeDot', 'matrixOrVector', 'a matrix or a vector', matrixOrVector);
    const mat = transpose ? this.transpose(matrixOrVector) : matrixOrVector;
    const [j, i] = this.shape(mat);
    if (i !== shape[m]) {
      throw new ArgumentError(
        'modeDot',
        'matrixOrVector',
        `a matrix with ${shape[m]} ${transpose ? 'rows' : 'columns'} (mode ${m} has length ${shape[m]})`,
        matrixOrVector,
      );
    }
    const newShape = [...shape];
    newShape[m] = j!;
    return this.fold(this.matmul(mat, this.unfold(x, m)), m, newShape);
  }

  // ---------------------------------------------------------------- random numbers and dtype facts

  /**
   * A {@link RandomState} from a seed: a generator passes through, an integer seeds a new one,
   * `null`/`undefined` seeds one unpredictably. TensorLy's `check_random_state`.
   */
  checkRandomState(seed?: Seed): RandomState {
    return RandomState.fromSeed(seed);
  }
  /** Samples of the standard normal distribution, drawn on the host from `seed`'s stream. */
  randn(shape: readonly number[], seed?: Seed, options?: TensorOptions): T {
    const rng = this.checkRandomState(seed);
    const size = shape.reduce((p, d) => p * d, 1);
    return this.tensor(rng.standardNormal(size), { shape, dtype: options?.dtype ?? this.float64 });
  }
  /**
   * Samples of the gamma distribution with shape `shapeParam` and `scale`, TensorLy's
   * `gamma(shape, scale, size, seed)`.
   */
  gamma(
    shapeParam: number,
    scale = 1,
    size: number | readonly number[] = [],
    seed?: Seed,
    options?: TensorOptions,
  ): T {
    const rng = this.checkRandomState(seed);
    const dims = typeof size === 'number' ? [size] : size;
    const count = dims.reduce((p, d) => p * d, 1);
    return this.tensor(rng.gamma(shapeParam, scale, count), {
      shape: dims,
      dtype: options?.dtype ?? this.float64,
    });
  }
  /** Machine epsilon of a floating dtype. */
  eps(dtype: DType): number {
    return this.finfo(dtype).eps;
  }
  /** Limits of a floating dtype, as NumPy's `finfo`. */
  finfo(dtype: DType): FloatInfo {
    return floatInfo(dtypeName(dtype));
  }

  /** `"TensorLy-ts <name> backend"`. */
  toString(): string {
    return `tensorly-ts ${this.name} backend`;
  }
}

/**
 * The error for a tensor of another backend reaching an op of `self`: names both backends and the fix.
 * Backends call it when an argument fails `isTensor`.
 */
export function foreignTensorError(selfName: string, fn: string, argument: string, x: unknown): Error {
  const owner = Backend.instances.find((b) => b.name !== selfName && b.isTensor(x));
  if (owner !== undefined) {
    return new BackendError(
      `${fn}: argument '${argument}' is a tensor of the '${owner.name}' backend, but the '${selfName}' backend is in effect; ` +
        `convert it with tl.toBackend(x, '${selfName}') or run the call inside tl.backendContext('${owner.name}', ...)`,
    );
  }
  return new ArgumentError(fn, argument, `a tensor of the '${selfName}' backend`, x);
}

/** The name of a dtype given as a name or a backend's dtype object. */
export function dtypeName(dtype: DType): DTypeName {
  return typeof dtype === 'string' ? dtype : dtype.name;
}

/** NumPy's `finfo` facts for the two float dtypes. */
export function floatInfo(name: DTypeName): FloatInfo {
  if (name === 'float64' || name === 'complex128') {
    return {
      eps: Number.EPSILON,
      max: Number.MAX_VALUE,
      min: -Number.MAX_VALUE,
      tiny: 2.2250738585072014e-308,
      bits: 64,
      dtype: 'float64',
    };
  }
  if (name === 'float32' || name === 'complex64') {
    return {
      eps: 1.1920928955078125e-7,
      max: 3.4028234663852886e38,
      min: -3.4028234663852886e38,
      tiny: 1.1754943508222875e-38,
      bits: 32,
      dtype: 'float32',
    };
  }
  throw new ArgumentError('finfo', 'dtype', 'a floating dtype', name);
}

/** Validates one axis against a rank and makes it non-negative. */
export function normAxis(fn: string, arg: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ArgumentError(fn, arg, `an integer axis in [${-ndim}, ${ndim})`, axis);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** The list of non-negative axes an {@link Axes} argument names (every axis for `null`/`undefined`). */
export function axesList(fn: string, axis: Axes, ndim: number): number[] {
  if (axis === undefined || axis === null) return range(0, ndim);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normAxis(fn, 'axis', a, ndim));
  if (new Set(out).size !== out.length) throw new ArgumentError(fn, 'axis', 'distinct axes', axis);
  return out;
}

/** `[start, start + 1, ..., stop - 1]`. */
export function range(start: number, stop: number): number[] {
  const out: number[] = [];
  for (let i = start; i < stop; i++) out.push(i);
  return out;
}
