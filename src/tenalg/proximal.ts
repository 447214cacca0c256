import { ArgumentError } from '../errors.js';
import {
  abs,
  add,
  arange,
  clip,
  context,
  cumsum,
  divide,
  equal,
  flip,
  greater,
  less,
  matmul,
  max,
  maximum,
  multiply,
  ndim,
  norm,
  reshape,
  shape as shapeOf,
  sign,
  solve,
  sort,
  subtract,
  sum,
  tensor as makeTensor,
  toTypedArray,
  where,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { antitonicFit, isotonicFit, unimodalFit } from './isotonic.js';
import { hardThresholding, softThresholding } from './thresholding.js';
import { truncatedSvd } from './truncated-svd.js';

/**
 * Singular value thresholding, the proximal operator of `threshold·‖M‖_*` (nuclear norm): soft-thresholds the
 * singular values (Cai, Candès & Shen 2010, "A singular value thresholding algorithm for matrix completion").
 * TensorLy's `svd_thresholding`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @param threshold - the amount subtracted from each singular value (then clipped at 0).
 * @returns a matrix `(m, n)`.
 * @example
 * ```ts
 * svdThresholding(tl.tensor([[3, 0], [0, 1]]), 2); // [[1, 0], [0, 0]]
 * ```
 */
export function svdThresholding(matrix: Tensor, threshold: number): Tensor {
  return scope(() => {
    const s = shapeOf(matrix);
    if (s.length !== 2) throw new ArgumentError('svdThresholding', 'matrix', 'a matrix (2-d tensor)', matrix);
    const [u, sv, v] = truncatedSvd(matrix, Math.min(s[0]!, s[1]!));
    return matmul(u, multiply(reshape(softThresholding(sv, threshold), [-1, 1]), v));
  });
}

/**
 * The Procrustes operator: the matrix with orthonormal columns (or rows) closest to `matrix`, `U·V` from its
 * SVD (Schönemann 1966). TensorLy's `procrustes`.
 *
 * @param matrix - a matrix `(m, n)`.
 * @returns a matrix `(m, n)` with orthonormal columns (rows when `m < n`).
 * @example
 * ```ts
 * procrustes(tl.tensor([[2, 0], [0, 3]])); // [[1, 0], [0, 1]]
 * ```
 */
export function procrustes(matrix: Tensor): Tensor {
  return scope(() => {
    const s = shapeOf(matrix);
    if (s.length !== 2) throw new ArgumentError('procrustes', 'matrix', 'a matrix (2-d tensor)', matrix);
    const [u, , v] = truncatedSvd(matrix, Math.min(s[0]!, s[1]!));
    return matmul(u, v);
  });
}

/** A vector or matrix as a matrix (a vector becomes one column), for column-wise operators. */
function asColumns(fn: string, tensor: Tensor): Tensor {
  const n = ndim(tensor);
  if (n === 1) return reshape(tensor, [-1, 1]);
  if (n !== 2) throw new ArgumentError(fn, 'tensor', 'a vector or a matrix', tensor);
  return tensor;
}

/**
 * Projects each column onto the simplex `{x ≥ 0, Σ x = parameter}` (Held, Wolfe & Crowder 1974, by sorting).
 * TensorLy's `simplex_prox`.
 *
 * @param tensor - a vector `(n,)` or a matrix `(n, c)` (projected column by column).
 * @param parameter - the radius of the simplex, positive.
 * @returns the projection, same shape.
 * @example
 * ```ts
 * simplexProx(tl.tensor([0.4, 0.5, 0.6]), 1); // [0.2333, 0.3333, 0.4333]
 * ```
 */
export function simplexProx(tensor: Tensor, parameter: number): Tensor {
  return scope(() => {
    const x = asColumns('simplexProx', tensor);
    const rows = shapeOf(x)[0]!;
    const sorted = flip(sort(x, 0), 0);
    const counts = reshape(arange(1, rows + 1, 1, context(x)), [-1, 1]);
    const thresholds = divide(subtract(cumsum(sorted, 0), parameter), counts);
    // The last sorted position still above its threshold; -1 (no position) wraps around as in NumPy.
    let last = subtract(sum(where(greater(sorted, thresholds), 1, 0), 0), 1);
    last = where(less(last, 0), add(last, rows), last);
    const hit = equal(reshape(arange(0, rows, 1, context(x)), [-1, 1]), reshape(last, [1, -1]));
    const tau = sum(where(hit, thresholds, 0), 0);
    return reshape(clip(subtract(x, reshape(tau, [1, -1])), 0), shapeOf(tensor));
  });
}

/**
 * Soft-sparsity projection: each column gets the signs of `tensor` and magnitudes projected onto the simplex of
 * radius `threshold`, so its ℓ₁ norm equals `threshold` (TensorLy's behaviour, also for columns already inside
 * the ℓ₁ ball; Schenker, Cohen & Acar 2020). TensorLy's `soft_sparsity_prox`.
 *
 * @param tensor - a vector or a matrix.
 * @param threshold - the ℓ₁ radius.
 * @returns same shape.
 * @example
 * ```ts
 * softSparsityProx(tl.tensor([[0.5, 1.3, 4.5], [0.8, 0.3, 2]]), 2); // [[0.85, 1.5, 2], [1.15, 0.5, 0]]
 * ```
 */
export function softSparsityProx(tensor: Tensor, threshold: number): Tensor {
  return scope(() => {
    return multiply(simplexProx(abs(tensor), threshold), sign(tensor));
  });
}

/**
 * The proximal operator of `regularizer·‖x‖₂²`: `x / (1 + 2·regularizer)` (Combettes & Pesquet 2011).
 * TensorLy's `l2_square_prox`.
 *
 * @param tensor - any tensor.
 * @param regularizer - the weight of the penalty, non-negative.
 * @returns same shape.
 * @example
 * ```ts
 * l2SquareProx(tl.tensor([3, 6, 9]), 0.5); // [1.5, 3, 4.5]
 * ```
 */
export function l2SquareProx(tensor: Tensor, regularizer: number): Tensor {
  return scope(() => {
    return divide(tensor, 1 + 2 * regularizer);
  });
}

/**
 * The proximal operator of `regularizer·‖x‖₂` (block soft-thresholding): `(1 − regularizer / max(‖x‖₂,
 * regularizer))·x`, over the whole tensor. TensorLy's `l2_prox`.
 *
 * @param tensor - any tensor.
 * @param regularizer - the weight of the penalty, non-negative.
 * @returns same shape.
 * @example
 * ```ts
 * l2Prox(tl.tensor([2, 4, 4]), 3); // [1, 2, 2]
 * ```
 */
export function l2Prox(tensor: Tensor, regularizer: number): Tensor {
  return scope(() => {
    const bigger = maximum(norm(tensor), regularizer);
    return subtract(tensor, divide(multiply(tensor, regularizer), bigger));
  });
}

/**
 * Projects onto unit-norm `threshold`-sparse tensors: hard thresholding to the `threshold` largest magnitudes,
 * then division by the ℓ₂ norm (Le Magoarou & Gribonval 2016). TensorLy's `normalized_sparsity_prox`.
 *
 * @param tensor - any tensor.
 * @param threshold - how many entries to keep, a non-negative integer.
 * @returns same shape, unit ℓ₂ norm.
 * @example
 * ```ts
 * normalizedSparsityProx(tl.tensor([2, 3, 4]), 2); // [0, 0.6, 0.8]
 * ```
 */
export function normalizedSparsityProx(tensor: Tensor, threshold: number): Tensor {
  return scope(() => {
    const hard = hardThresholding(tensor, threshold);
    return divide(hard, norm(hard));
  });
}

/**
 * The proximal operator of the smoothness penalty `regularizer·Σ (x_{i+1} − x_i)²` along the first mode: solves
 * the tridiagonal system `(I + regularizer·L)·x = tensor` with `L` the path Laplacian scaled as TensorLy
 * (diagonal `1 + 2·regularizer`, off-diagonals `−regularizer`). TensorLy's `smoothness_prox`.
 *
 * @param tensor - a vector `(n,)` or a matrix `(n, c)`.
 * @param regularizer - the weight of the penalty, non-negative.
 * @returns same shape.
 * @example
 * ```ts
 * smoothnessProx(tl.tensor([[1, 2], [4, -6], [0.2, 1.2]]), 0.2);
 * ```
 */
export function smoothnessProx(tensor: Tensor, regularizer: number): Tensor {
  return scope(() => {
    const nd = ndim(tensor);
    if (nd !== 1 && nd !== 2)
      throw new ArgumentError('smoothnessProx', 'tensor', 'a vector or a matrix', tensor);
    const n = shapeOf(tensor)[0]!;
    const banded = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      banded[i * n + i] = 2 * regularizer + 1;
      if (i > 0) banded[i * n + i - 1] = -regularizer;
      if (i + 1 < n) banded[i * n + i + 1] = -regularizer;
    }
    return solve(makeTensor(banded, { shape: [n, n], ...context(tensor) }), tensor);
  });
}

/** Options of {@link monotonicityProx}. */
export interface MonotonicityProxOptions {
  /** Make the columns non-increasing instead of non-decreasing (default false). */
  decreasing?: boolean;
}

/** Applies a column fit to each column of a vector or matrix, on the host, keeping shape and dtype. */
function fitColumns(
  fn: string,
  tensor: Tensor,
  fit: (y: Float64Array, start: number, stride: number, n: number, out: Float64Array) => void,
): Tensor {
  const shape = shapeOf(tensor);
  if (shape.length !== 1 && shape.length !== 2) {
    throw new ArgumentError(fn, 'tensor', 'a vector or a matrix', tensor);
  }
  const rows = shape[0]!;
  const cols = shape.length === 2 ? shape[1]! : 1;
  // The projections are sequential pooling passes over short columns: one read and one write of the data beat
  // thousands of dispatched element operations on every backend.
  const y = Float64Array.from(toTypedArray(tensor) as ArrayLike<number>);
  const out = new Float64Array(y.length);
  for (let c = 0; c < cols; c++) fit(y, c, cols, rows, out);
  return makeTensor(out, { shape, ...context(tensor) });
}

/**
 * Projects each column onto the non-decreasing (or, with `decreasing`, non-increasing) sequences: the exact
 * least-squares isotonic regression, by pool-adjacent-violators (Barlow et al. 1972; the Proximity Operator
 * Repository). Agrees with TensorLy's `monotonicity_prox` wherever that is exact; TensorLy's version is wrong
 * for columns with negative entries (it compares running means with zeros), and returns a vector input as a
 * column `(n, 1)` while this keeps the shape.
 *
 * @param tensor - a vector `(n,)` or a matrix `(n, c)`.
 * @param options - `decreasing`.
 * @returns same shape, each column monotonic.
 * @example
 * ```ts
 * monotonicityProx(tl.tensor([3, 1, 2])); // [2, 2, 2]
 * ```
 */
export function monotonicityProx(tensor: Tensor, options: MonotonicityProxOptions = {}): Tensor {
  return scope(() => {
    return fitColumns('monotonicityProx', tensor, options.decreasing ? antitonicFit : isotonicFit);
  });
}

/**
 * Projects each column onto the unimodal sequences (non-decreasing up to a peak, then non-increasing): the exact
 * least-squares unimodal regression (Bro & Sidiropoulos 1998, "Least squares algorithms under unimodality and
 * non-negativity constraints", J. Chemometrics 12(4); Stout 2008). TensorLy's `unimodality_prox` is a
 * heuristic with the same intent (it splices the monotone fits of the whole column); this returns the true
 * projection, and keeps a vector input's shape.
 *
 * @param tensor - a vector `(n,)` or a matrix `(n, c)`.
 * @returns same shape, each column unimodal.
 * @example
 * ```ts
 * unimodalityProx(tl.tensor([1, 3, 2, 4, 1])); // [1, 2.5, 2.5, 4, 1]
 * ```
 */
export function unimodalityProx(tensor: Tensor): Tensor {
  return scope(() => {
    return fitColumns('unimodalityProx', tensor, unimodalFit);
  });
}

/** A constraint's setting, as TensorLy takes it: for every mode (a scalar), per mode (a list), or for some modes. */
export type ConstraintValue =
  | boolean
  | number
  | readonly (boolean | number | null | undefined)[]
  | Readonly<Record<number, boolean | number | null | undefined>>
  | ReadonlyMap<number, boolean | number | null | undefined>
  | null
  | undefined;

/** The constraints the proximal operator knows, one option each (TensorLy's keyword arguments, camelCase). */
export interface ConstraintOptions {
  /** Clip negative values to 0. */
  nonNegative?: ConstraintValue;
  /** ℓ₁ penalty weight: soft thresholding. */
  l1Reg?: ConstraintValue;
  /** ℓ₂ penalty weight: {@link l2Prox}. */
  l2Reg?: ConstraintValue;
  /** Squared ℓ₂ penalty weight: {@link l2SquareProx}. */
  l2SquareReg?: ConstraintValue;
  /** Unimodal columns: {@link unimodalityProx}. */
  unimodality?: ConstraintValue;
  /** Divide by the largest magnitude. */
  normalize?: ConstraintValue;
  /** Columns on the simplex of this radius: {@link simplexProx}. */
  simplex?: ConstraintValue;
  /** Unit-norm sparsity with this many non-zeros: {@link normalizedSparsityProx}. */
  normalizedSparsity?: ConstraintValue;
  /** Columns of this ℓ₁ norm: {@link softSparsityProx}. */
  softSparsity?: ConstraintValue;
  /** Smoothness penalty weight: {@link smoothnessProx}. */
  smoothness?: ConstraintValue;
  /** Non-decreasing columns: {@link monotonicityProx}. */
  monotonicity?: ConstraintValue;
  /** Keep this many largest magnitudes: {@link hardThresholding}. */
  hardSparsity?: ConstraintValue;
}

/** The name of a constraint, a key of {@link ConstraintOptions}. */
export type ConstraintName = keyof ConstraintOptions;

/** Options of {@link validateConstraints} and {@link proximalOperator}. */
export interface ProximalOptions extends ConstraintOptions {
  /**
   * Number of modes the constraints are given for (default 1); `null` makes {@link proximalOperator} return its
   * input unchanged.
   */
  nConst?: number | null;
  /** The mode whose constraint to apply (default 0). */
  order?: number;
}

/** TensorLy's order of the constraints: the first one set for a mode wins the registration order. */
const CONSTRAINT_NAMES: readonly ConstraintName[] = [
  'nonNegative',
  'l1Reg',
  'l2Reg',
  'l2SquareReg',
  'unimodality',
  'normalize',
  'simplex',
  'normalizedSparsity',
  'softSparsity',
  'smoothness',
  'monotonicity',
  'hardSparsity',
];

/** Python's truthiness of a setting: `false`, `0`, `null`, and empty lists, objects and Maps set nothing. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** The modes a constraint applies to, with their parameters. */
function constraintEntries(
  name: ConstraintName,
  value: ConstraintValue,
  nConst: number,
): [number, boolean | number][] {
  if (!truthy(value)) return [];
  if (typeof value === 'boolean' || typeof value === 'number') {
    return Array.from({ length: nConst }, (_, i) => [i, value] as [number, boolean | number]);
  }
  const checkMode = (mode: number): number => {
    if (!Number.isInteger(mode) || mode < 0 || mode >= nConst) {
      throw new ArgumentError('validateConstraints', name, `modes in [0, ${nConst})`, mode);
    }
    return mode;
  };
  let pairs: [number, unknown][];
  if (Array.isArray(value)) {
    if (value.length !== nConst) {
      throw new ArgumentError(
        'validateConstraints',
        name,
        `a list of ${nConst} settings (one per mode)`,
        value,
      );
    }
    pairs = value.map((v, i) => [i, v]);
  } else if (value instanceof Map) {
    pairs = [...value.entries()].map(([k, v]) => [checkMode(Number(k)), v]);
  } else if (typeof value === 'object' && value !== null) {
    pairs = Object.entries(value).map(([k, v]) => [checkMode(Number(k)), v]);
  } else {
    throw new ArgumentError(
      'validateConstraints',
      name,
      'a boolean, a number, a list or a mode → value object',
      value,
    );
  }
  const out: [number, boolean | number][] = [];
  for (const [mode, v] of pairs) {
    if (!truthy(v)) continue;
    if (typeof v !== 'boolean' && typeof v !== 'number') {
      throw new ArgumentError('validateConstraints', name, 'booleans or numbers', v);
    }
    out.push([mode, v]);
  }
  return out;
}

/**
 * Finds the constraint and its parameter for mode `order` among the constraint options, checking that no mode
 * gets two constraints. A setting applies to every mode (a scalar), per mode (a list of `nConst` entries), or to
 * the listed modes (an object or Map from mode to value); falsy entries (`false`, `0`, `null`) set nothing.
 * TensorLy's `validate_constraints` (where a list or dict also sets its falsy entries, so that, for example,
 * `nonNegative: [true, false]` constrained both modes; here only mode 0 is constrained).
 *
 * @param options - the constraints, `nConst` (default 1) and `order` (default 0).
 * @returns `[constraint, parameter]` for mode `order`, or `[null, null]` when it has none.
 * @example
 * ```ts
 * validateConstraints({ nonNegative: true, nConst: 3, order: 1 }); // ['nonNegative', true]
 * validateConstraints({ l1Reg: { 2: 0.1 }, nConst: 3, order: 2 }); // ['l1Reg', 0.1]
 * ```
 */
export function validateConstraints(
  options: ProximalOptions = {},
): [constraint: ConstraintName | null, parameter: boolean | number | null] {
  const nConst = options.nConst ?? 1;
  const order = options.order ?? 0;
  if (!Number.isInteger(nConst) || nConst < 1) {
    throw new ArgumentError('validateConstraints', 'nConst', 'a positive integer', nConst);
  }
  if (!Number.isInteger(order) || order < 0 || order >= nConst) {
    throw new ArgumentError('validateConstraints', 'order', `an integer in [0, ${nConst})`, order);
  }
  const constraints = new Array<ConstraintName | null>(nConst).fill(null);
  const parameters = new Array<boolean | number | null>(nConst).fill(null);
  for (const name of CONSTRAINT_NAMES) {
    for (const [mode, value] of constraintEntries(name, options[name], nConst)) {
      if (constraints[mode] !== null) {
        throw new ArgumentError(
          'validateConstraints',
          name,
          'at most one constraint per mode',
          `mode ${mode} already constrained by ${constraints[mode]}`,
        );
      }
      constraints[mode] = name;
      parameters[mode] = value;
    }
  }
  return [constraints[order]!, parameters[order]!];
}

function numberParam(name: ConstraintName, parameter: boolean | number | null): number {
  if (typeof parameter !== 'number') {
    throw new ArgumentError('proximalOperator', name, 'a number', parameter);
  }
  return parameter;
}

/**
 * The proximal operator of the constraint set for mode `order`: `argmin_x r(x) + ½‖x − tensor‖²` for the
 * regularizer `r` the options name (Moreau 1962; Parikh & Boyd 2014, "Proximal Algorithms"). Used by the ADMM
 * of constrained PARAFAC. Returns `tensor` itself when `nConst` is `null` or mode `order` has no constraint.
 * TensorLy's `proximal_operator`.
 *
 * @param tensor - the tensor (a factor matrix).
 * @param options - the constraints (see {@link ConstraintOptions}), `nConst` (default 1), `order` (default 0).
 * @returns the operator's value, same shape.
 * @example
 * ```ts
 * proximalOperator(tl.tensor([[-1, 2], [3, -4]]), { nonNegative: true }); // [[0, 2], [3, 0]]
 * proximalOperator(x, { l1Reg: [0, 0.5, 0], nConst: 3, order: 1 });       // softThresholding(x, 0.5)
 * ```
 */
export function proximalOperator(tensor: Tensor, options: ProximalOptions = {}): Tensor {
  return scope(() => {
    if (options.nConst === null) return tensor;
    const [constraint, parameter] = validateConstraints(options);
    switch (constraint) {
      case null:
        return tensor;
      case 'nonNegative':
        return clip(tensor, 0);
      case 'l1Reg':
        return softThresholding(tensor, numberParam(constraint, parameter));
      case 'l2Reg':
        return l2Prox(tensor, numberParam(constraint, parameter));
      case 'l2SquareReg':
        return l2SquareProx(tensor, numberParam(constraint, parameter));
      case 'unimodality':
        return unimodalityProx(tensor);
      case 'normalize':
        return divide(tensor, max(abs(tensor)));
      case 'simplex':
        return simplexProx(tensor, numberParam(constraint, parameter));
      case 'normalizedSparsity':
        return normalizedSparsityProx(tensor, numberParam(constraint, parameter));
      case 'softSparsity':
        return softSparsityProx(tensor, numberParam(constraint, parameter));
      case 'smoothness':
        return smoothnessProx(tensor, numberParam(constraint, parameter));
      case 'monotonicity':
        return monotonicityProx(tensor);
      case 'hardSparsity':
        return hardThresholding(tensor, numberParam(constraint, parameter));
    }
  });
}
