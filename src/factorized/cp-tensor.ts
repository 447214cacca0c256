import { normAxis } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  abs,
  conj,
  context,
  copy as copyTensor,
  divide,
  equal,
  isTensor,
  matmul,
  mean,
  multiply,
  negative,
  norm,
  ones,
  reshape,
  shape as shapeOf,
  sign,
  sqrt,
  subtract,
  sum,
  transpose,
  where,
  scope,
} from '../ops.js';
import { unfoldingDotKhatriRao } from '../tenalg/mttkrp.js';
import type { Tensor } from '../types.js';
import { FactorizedTensor, modeDotFactor } from './factorized-tensor.js';
import {
  checkShape,
  fractionOf,
  prodOf,
  type RankSpec,
  type Rounding,
  roundingFunction,
  sumOf,
} from './rounding.js';

/**
 * Anything TensorLy accepts as a CP tensor: a {@link CPTensor}, an object `{ weights, factors }`, or a pair
 * `[weights, factors]`. `weights` may be `null` (or absent), meaning all ones.
 */
export type CPTensorLike =
  | CPTensor
  | {
      /** Weights `(R,)`, or null for ones. */
      readonly weights?: Tensor | null;
      /** Factors `(I_k, R)`. */
      readonly factors: readonly Tensor[];
    }
  | readonly [weights: Tensor | null | undefined, factors: readonly Tensor[]];

/** The size of the full tensor and the rank of a CP tensor, as {@link validateCpTensor} reports them. */
export interface CPShapeRank {
  /** Length of each mode of the full tensor, `[I_0, ..., I_{N-1}]`. */
  shape: number[];
  /** Number of rank-one components `R`. */
  rank: number;
}

/** Splits a {@link CPTensorLike} into weights and factors, or throws an ArgumentError naming `fn`. */
function unpack(fn: string, cp: CPTensorLike): [Tensor | null, readonly Tensor[]] {
  if (cp instanceof CPTensor) return [cp.weights, cp.factors];
  if (Array.isArray(cp)) {
    const pair = cp as readonly unknown[];
    if (pair.length === 2 && Array.isArray(pair[1])) {
      return [(pair[0] ?? null) as Tensor | null, pair[1] as readonly Tensor[]];
    }
  } else if (cp !== null && typeof cp === 'object' && Array.isArray((cp as { factors?: unknown }).factors)) {
    const obj = cp as { weights?: Tensor | null; factors: readonly Tensor[] };
    return [obj.weights ?? null, obj.factors];
  }
  throw new ArgumentError(fn, 'cpTensor', 'a CPTensor, { weights, factors } or [weights, factors]', cp);
}

/** TensorLy's `_validate_cp_tensor` on unpacked parts: the shape and rank, or an ArgumentError naming `fn`. */
function check(fn: string, weights: Tensor | null, factors: readonly Tensor[]): CPShapeRank {
  if (factors.length === 0) throw new ArgumentError(fn, 'cpTensor', 'at least one factor matrix', factors);
  const shape: number[] = [];
  let rank = -1;
  factors.forEach((factor, i) => {
    if (!isTensor(factor)) throw new ArgumentError(fn, 'cpTensor', `factors[${i}] to be a tensor`, factor);
    const s = shapeOf(factor);
    if (s.length !== 2) {
      throw new ArgumentError(
        fn,
        'cpTensor',
        `factors[${i}] to be a matrix of shape (size, rank) (CP factors are 2-d)`,
        factor,
      );
    }
    if (i === 0) rank = s[1]!;
    else if (s[1] !== rank) {
      throw new ArgumentError(
        fn,
        'cpTensor',
        `every factor to have ${rank} columns like factors[0] (the CP rank)`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    shape.push(s[0]!);
  });
  if (weights !== null) {
    const ws = isTensor(weights) ? shapeOf(weights) : undefined;
    if (ws === undefined || ws.length !== 1 || ws[0] !== rank) {
      throw new ArgumentError(
        fn,
        'cpTensor',
        `weights of shape [${rank}] for a rank-${rank} CP tensor`,
        ws === undefined ? weights : `weights of shape [${ws.join(', ')}]`,
      );
    }
  }
  return { shape, rank };
}

/** `cp` as a validated {@link CPTensor} (itself when it already is one); errors name `fn`. */
export function toCPTensor(fn: string, cp: CPTensorLike): CPTensor {
  return scope(() => {
    if (cp instanceof CPTensor) return cp;
    const [weights, factors] = unpack(fn, cp);
    check(fn, weights, factors);
    return new CPTensor(weights, factors);
  });
}

/**
 * A tensor in CP (CANDECOMP/PARAFAC) form: `X = Σ_r w_r · a⁽⁰⁾_r ∘ a⁽¹⁾_r ∘ … ∘ a⁽ᴺ⁻¹⁾_r`, with weights `(R,)`
 * and one factor matrix `(I_k, R)` per mode (Kolda & Bader 2009, §3). TensorLy's `CPTensor`.
 *
 * Validated on construction (every factor 2-d with `R` columns, weights of shape `(R,)`); `null` weights mean
 * ones. Immutable: `normalize`, `modeDot`, ... return a new CP tensor. It destructures like TensorLy's tuple:
 * `const [weights, factors] = cp`.
 *
 * @example
 * ```ts
 * const cp = new CPTensor(null, [tl.tensor([[1, 2], [3, 4]]), tl.tensor([[1, 0], [0, 1], [1, 1]])]);
 * cp.shape;                 // [2, 3]
 * cp.rank;                  // 2
 * const [weights, factors] = cp;
 * const full = cp.toTensor(); // (2, 3)
 * ```
 */
export class CPTensor extends FactorizedTensor {
  /** Weight of each rank-one component, `(R,)`. */
  readonly weights: Tensor;
  /** One factor matrix per mode, `(I_k, R)`. */
  readonly factors: readonly Tensor[];
  /** Shape of the full tensor, `[I_0, ..., I_{N-1}]`. */
  readonly shape: readonly number[];
  /** Number of rank-one components `R`. */
  readonly rank: number;

  /**
   * @param weights - `(R,)`, or `null`/`undefined` for ones.
   * @param factors - one matrix `(I_k, R)` per mode (the array is copied; tensors are shared, never mutated).
   */
  constructor(weights: Tensor | null | undefined, factors: readonly Tensor[]) {
    super();
    if (!Array.isArray(factors))
      throw new ArgumentError('CPTensor', 'factors', 'an array of matrices', factors);
    const { shape, rank } = check('CPTensor', weights ?? null, factors);
    this.weights = weights ?? ones([rank], context(factors[0]!));
    this.factors = Object.freeze([...factors]);
    this.shape = Object.freeze(shape);
    this.rank = rank;
  }

  /** `cp` as a CPTensor (itself when it already is one), validated. */
  static from(cp: CPTensorLike): CPTensor {
    return toCPTensor('CPTensor.from', cp);
  }

  /** The weights, as `cp[0]` in TensorLy. */
  get 0(): Tensor {
    return this.weights;
  }
  /** The factors, as `cp[1]` in TensorLy. */
  get 1(): readonly Tensor[] {
    return this.factors;
  }
  /** Always 2: a CP tensor behaves as the pair `[weights, factors]`. */
  get length(): 2 {
    return 2;
  }
  /** Yields `weights`, then `factors`, so that `const [w, f] = cp` works. */
  *[Symbol.iterator](): Iterator<Tensor | readonly Tensor[]> {
    yield this.weights;
    yield this.factors;
  }

  /** The full tensor, see {@link cpToTensor}. */
  toTensor(): Tensor {
    return cpToTensor(this);
  }
  /** The full tensor flattened, see {@link cpToVec}. */
  toVec(): Tensor {
    return cpToVec(this);
  }
  /** The mode-`mode` unfolding, see {@link cpToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return cpToUnfolded(this, mode);
  }
  /** The l2 norm of the full tensor, computed from the factors, see {@link cpNorm}. */
  override norm(): Tensor {
    return cpNorm(this);
  }
  /** A CP tensor with unit-norm factor columns, see {@link cpNormalize}. */
  normalize(): CPTensor {
    return cpNormalize(this);
  }
  /** The mode-`mode` product with a matrix or vector, see {@link cpModeDot}. */
  modeDot(matrixOrVector: Tensor, mode: number, options: CpModeDotOptions = {}): CPTensor {
    return cpModeDot(this, matrixOrVector, mode, options);
  }
  /** A deep copy (weights and factors copied). TensorLy's `cp_copy`. */
  copy(): CPTensor {
    return new CPTensor(
      copyTensor(this.weights),
      this.factors.map((f) => copyTensor(f)),
    );
  }
  /** `"rank-R CPTensor of shape [..]"`. */
  override toString(): string {
    return `(weights, factors) : rank-${this.rank} CPTensor of shape [${this.shape.join(', ')}]`;
  }
}

/**
 * Validates a CP tensor and returns the shape of the full tensor and its rank. TensorLy's `_validate_cp_tensor`.
 *
 * @param cpTensor - a {@link CPTensor}, `{ weights, factors }` or `[weights, factors]` (weights may be `null`).
 * @returns `{ shape, rank }`.
 * @throws ArgumentError when a factor is not 2-d, the column counts differ, or the weights are not `(R,)`;
 *   the message names the offending factor and its shape.
 * @example
 * ```ts
 * validateCpTensor([null, [tl.ones([3, 2]), tl.ones([4, 2])]]); // { shape: [3, 4], rank: 2 }
 * ```
 */
export function validateCpTensor(cpTensor: CPTensorLike): CPShapeRank {
  if (cpTensor instanceof CPTensor) return { shape: [...cpTensor.shape], rank: cpTensor.rank };
  const [weights, factors] = unpack('validateCpTensor', cpTensor);
  return check('validateCpTensor', weights, factors);
}

/** Options of {@link validateCpRank}. */
export interface ValidateCpRankOptions {
  /** How a fractional rank becomes an integer; default `'round'` (NumPy's, ties to even). */
  rounding?: Rounding;
}

/**
 * The CP rank for a tensor of shape `tensorShape`: an integer `rank` is returned as is; `'same'` (default) gives
 * the rank whose factors hold as many parameters as the full tensor, and a non-integer number the rank holding
 * that fraction of them: `rounding(Π I_k · fraction / Σ I_k)`. TensorLy's `validate_cp_rank`.
 *
 * @param tensorShape - shape of the tensor to decompose.
 * @param rank - `'same'`, a fraction (non-integer number), or an integer rank.
 * @param options - `rounding`: `'round'` (default), `'floor'` or `'ceil'`.
 * @example
 * ```ts
 * validateCpRank([10, 10, 10], 'same');                      // 33
 * validateCpRank([10, 10, 10], 0.5, { rounding: 'floor' });  // 16
 * validateCpRank([10, 10, 10], 4);                           // 4
 * ```
 */
export function validateCpRank(
  tensorShape: readonly number[],
  rank: RankSpec = 'same',
  options: ValidateCpRankOptions = {},
): number {
  const round = roundingFunction('validateCpRank', options.rounding);
  checkShape('validateCpRank', 'tensorShape', tensorShape);
  const fraction = fractionOf(rank);
  if (fraction !== undefined) return Math.trunc(round((prodOf(tensorShape) * fraction) / sumOf(tensorShape)));
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0) {
    throw new ArgumentError('validateCpRank', 'rank', "'same', a fraction or a non-negative integer", rank);
  }
  return rank;
}

/** Options of {@link cpToTensor}. */
export interface CpToTensorOptions {
  /** Multiplies the result element-wise (broadcast to the full shape): entries where it is 0 come out 0. */
  mask?: Tensor | null;
}

/**
 * The full tensor of a CP tensor, `(I_0, ..., I_{N-1})`. TensorLy's `cp_to_tensor`.
 *
 * Computed as the mode-0 unfolding `(A⁽⁰⁾ · diag(w)) · khatriRao(A⁽¹⁾, …, A⁽ᴺ⁻¹⁾)ᵀ`, one matrix product
 * (Kolda & Bader 2009, §3), reshaped (the mode-0 fold of a row-major unfolding is a reshape).
 *
 * @param cpTensor - `[weights, factors]` with factors `(I_k, R)`.
 * @param options - `mask`: multiplied into the result.
 * @returns the full tensor, of the factors' dtype.
 * @example
 * ```ts
 * const a = tl.tensor([[1, 2], [3, 4]]);
 * const b = tl.tensor([[5, 6], [7, 8]]);
 * cpToTensor([tl.tensor([2, -1]), [a, b]]); // [[-2, -2], [6, 10]]
 * ```
 */
export function cpToTensor(cpTensor: CPTensorLike, options: CpToTensorOptions = {}): Tensor {
  return scope(() => {
    const cp = toCPTensor('cpToTensor', cpTensor);
    const { weights, factors, shape } = cp;
    let full: Tensor;
    if (factors.length === 1) {
      full = sum(multiply(factors[0]!, weights), 1);
    } else {
      const kr = currentBackend().khatriRao(factors.slice(1));
      full = reshape(matmul(multiply(factors[0]!, weights), transpose(kr)), shape);
    }
    const mask = options.mask;
    return mask === undefined || mask === null ? full : multiply(full, mask);
  });
}

/**
 * The mode-`mode` unfolding of a CP tensor, `(I_mode, Π_{k≠mode} I_k)`, without forming the full tensor first:
 * `(A⁽ᵐᵒᵈᵉ⁾ · diag(w)) · khatriRao(A⁽ᵏ⁾, k ≠ mode)ᵀ`. TensorLy's `cp_to_unfolded`.
 *
 * @param cpTensor - `[weights, factors]` with factors `(I_k, R)`.
 * @param mode - the mode to unfold along.
 * @returns equal to `unfold(cpToTensor(cpTensor), mode)`.
 * @example
 * ```ts
 * cpToUnfolded(cp, 1); // (I_1, I_0 * I_2) for a third-order cp
 * ```
 */
export function cpToUnfolded(cpTensor: CPTensorLike, mode: number): Tensor {
  return scope(() => {
    const cp = toCPTensor('cpToUnfolded', cpTensor);
    const m = normAxis('cpToUnfolded', 'mode', mode, cp.factors.length);
    const scaled = multiply(cp.factors[m]!, cp.weights);
    if (cp.factors.length === 1) return reshape(sum(scaled, 1), [cp.shape[0]!, 1]);
    const kr = currentBackend().khatriRao(cp.factors.filter((_, i) => i !== m));
    return matmul(scaled, transpose(kr));
  });
}

/**
 * The full tensor of a CP tensor, flattened in row-major order, `(Π I_k,)`. TensorLy's `cp_to_vec`.
 *
 * @example
 * ```ts
 * cpToVec(cp); // same values as tl.reshape(cpToTensor(cp), [-1])
 * ```
 */
export function cpToVec(cpTensor: CPTensorLike): Tensor {
  return scope(() => {
    return reshape(cpToTensor(toCPTensor('cpToVec', cpTensor)), [-1]);
  });
}

/**
 * The l2 (Frobenius) norm of the full tensor, computed from the factors in `O(N R² I)`:
 * `‖X‖² = Σ (w wᵀ) ∗ (A⁽⁰⁾ᵀA⁽⁰⁾) ∗ … ∗ (A⁽ᴺ⁻¹⁾ᵀA⁽ᴺ⁻¹⁾)` (Kolda & Bader 2009, §3.1). TensorLy's `cp_norm`.
 *
 * @returns a 0-d tensor.
 * @example
 * ```ts
 * tl.item(cpNorm(cp)); // equals tl.item(tl.norm(cpToTensor(cp)))
 * ```
 */
export function cpNorm(cpTensor: CPTensorLike): Tensor {
  return scope(() => {
    const { weights, factors, rank } = toCPTensor('cpNorm', cpTensor);
    let gram = ones([rank, rank], context(factors[0]!));
    for (const f of factors) gram = multiply(gram, matmul(transpose(f), conj(f)));
    gram = multiply(gram, multiply(reshape(weights, [-1, 1]), reshape(weights, [1, -1])));
    return sqrt(sum(gram));
  });
}

/**
 * A CP tensor with every factor column scaled to unit l2 norm and the scales absorbed into the weights (the
 * first factor first takes the old weights). Columns of norm 0 are left as they are. The full tensor is
 * unchanged. TensorLy's `cp_normalize`.
 *
 * @returns a new CPTensor; the input is not modified.
 * @example
 * ```ts
 * const [weights, factors] = cpNormalize(cp); // tl.norm(factors[k], 2, 0) is all ones
 * ```
 */
export function cpNormalize(cpTensor: CPTensorLike): CPTensor {
  return scope(() => {
    const cp = toCPTensor('cpNormalize', cpTensor);
    let weights = cp.weights;
    const normalized: Tensor[] = [];
    cp.factors.forEach((factor, i) => {
      let f = factor;
      if (i === 0) {
        f = multiply(f, weights);
        weights = ones([cp.rank], context(f));
      }
      const scales = norm(f, 2, 0);
      weights = multiply(weights, scales);
      // A zero column stays zero instead of becoming NaN.
      normalized.push(divide(f, reshape(where(equal(scales, 0), 1, scales), [1, -1])));
    });
    return new CPTensor(weights, normalized);
  });
}

/** Options of {@link cpFlipSign}. */
export interface CpFlipSignOptions {
  /** The mode whose factor receives the negative signs; default 0. */
  mode?: number;
  /** Summarises a factor's columns: `func(factor, 0)` gives one value per column whose sign is used; default `mean`. */
  func?: (factor: Tensor, axis: number) => Tensor;
}

/**
 * A CP tensor whose factor columns have non-negative summaries (the mean by default) in every mode but `mode`,
 * which absorbs the signs, and whose weights are non-negative. The full tensor is unchanged.
 * TensorLy's `cp_flip_sign` (which modifies its input; this does not).
 *
 * @param cpTensor - the CP tensor.
 * @param options - `mode` (default 0) receives the signs; `func` summarises a column (default the mean).
 * @returns a new CPTensor.
 * @example
 * ```ts
 * const [w, f] = cpFlipSign(cp); // tl.mean(f[1], 0) and tl.mean(f[2], 0) are >= 0, w >= 0
 * ```
 */
export function cpFlipSign(cpTensor: CPTensorLike, options: CpFlipSignOptions = {}): CPTensor {
  return scope(() => {
    const cp = toCPTensor('cpFlipSign', cpTensor);
    const mode = normAxis('cpFlipSign', 'mode', options.mode ?? 0, cp.factors.length);
    const func = options.func ?? ((x: Tensor, axis: number) => mean(x, axis));
    const factors = [...cp.factors];
    let target = factors[mode]!;
    for (let k = 0; k < factors.length; k++) {
      if (k === mode) continue;
      const signs = sign(func(factors[k]!, 0));
      target = multiply(target, signs);
      factors[k] = multiply(factors[k]!, signs);
    }
    factors[mode] = multiply(target, sign(cp.weights));
    return new CPTensor(abs(cp.weights), factors);
  });
}

/** Options of {@link cpModeDot}. */
export interface CpModeDotOptions {
  /** With a vector: keep the contracted mode as a mode of size 1 instead of removing it. Default false. */
  keepDim?: boolean;
  /** Copy the weights and the factors left unchanged instead of sharing them with the input. Default false. */
  copy?: boolean;
}

/**
 * The mode-`mode` product of a CP tensor with a matrix `(J, I_mode)` (the mode's factor becomes `M A⁽ᵐᵒᵈᵉ⁾`) or
 * a vector `(I_mode,)` (the mode is contracted: `vᵀA⁽ᵐᵒᵈᵉ⁾` scales the rows of a neighbouring factor), without
 * forming the full tensor. TensorLy's `cp_mode_dot`; unlike TensorLy it never modifies its input, and with
 * `keepDim` the contracted mode becomes a `(1, R)` factor (TensorLy leaves an invalid 1-d factor).
 *
 * @param cpTensor - the CP tensor, full shape `(I_0, ..., I_{N-1})`.
 * @param matrixOrVector - `(J, I_mode)` or `(I_mode,)`.
 * @param mode - the mode to multiply.
 * @param options - `keepDim`, `copy`.
 * @returns a CPTensor of shape `(…, J, …)` for a matrix, `(…, I_{mode-1}, I_{mode+1}, …)` for a vector.
 * @example
 * ```ts
 * cpModeDot(cp, tl.ones([7, 4]), 1).shape; // [5, 7, 6] for cp of shape [5, 4, 6]
 * cpModeDot(cp, tl.ones([6]), 2).shape;    // [5, 4]
 * ```
 */
export function cpModeDot(
  cpTensor: CPTensorLike,
  matrixOrVector: Tensor,
  mode: number,
  options: CpModeDotOptions = {},
): CPTensor {
  return scope(() => {
    const fn = 'cpModeDot';
    const cp = toCPTensor(fn, cpTensor);
    const m = normAxis(fn, 'mode', mode, cp.factors.length);
    const { product, contract } = modeDotFactor(
      fn,
      cp.shape,
      cp.factors[m]!,
      matrixOrVector,
      m,
      options.keepDim === true,
    );
    const dup = options.copy === true;
    const factors = cp.factors.map((f) => (dup ? copyTensor(f) : f));
    const weights = dup ? copyTensor(cp.weights) : cp.weights;
    if (!contract) {
      factors[m] = product;
    } else {
      if (factors.length === 1) {
        throw new ArgumentError(
          fn,
          'cpTensor',
          'at least two modes to contract one with a vector',
          `shape [${cp.shape}]`,
        );
      }
      factors.splice(m, 1);
      const into = Math.max(m - 1, 0);
      factors[into] = multiply(factors[into]!, product);
    }
    return new CPTensor(weights, factors);
  });
}

/** Options of {@link cpLstsqGrad}. */
export interface CpLstsqGradOptions {
  /** Also compute the loss `½‖X − [w; A…]‖²` (returned as `loss`, otherwise `loss` is `null`). Default false. */
  returnLoss?: boolean;
  /** Multiplied into the residual (0 marks missing entries), broadcast to the full shape. */
  mask?: Tensor | null;
}

/** What {@link cpLstsqGrad} returns. */
export interface CpLstsqGradResult {
  /** The gradient with respect to each factor, as a CP tensor with unit weights. */
  gradient: CPTensor;
  /** `½‖mask ∗ (X − [w; A…])‖²` as a 0-d tensor when `returnLoss` was set, else `null`. */
  loss: Tensor | null;
}

/**
 * The gradient of `½‖X − [w; A⁽⁰⁾, …, A⁽ᴺ⁻¹⁾]‖²` with respect to each factor:
 * `−MTTKRP(X − X̂, mode) · diag(w)` (not with respect to the weights). TensorLy's `cp_lstsq_grad`; the return
 * type does not depend on `returnLoss`.
 *
 * @param cpTensor - the model.
 * @param tensor - the dense tensor `X`, of the model's full shape.
 * @param options - `returnLoss`, `mask`.
 * @returns `{ gradient, loss }`.
 * @example
 * ```ts
 * const { gradient, loss } = cpLstsqGrad(cp, x, { returnLoss: true });
 * const step = cp.factors.map((f, k) => tl.subtract(f, tl.multiply(gradient.factors[k], 1e-3)));
 * ```
 */
export function cpLstsqGrad(
  cpTensor: CPTensorLike,
  tensor: Tensor,
  options: CpLstsqGradOptions = {},
): CpLstsqGradResult {
  return scope(() => {
    const cp = toCPTensor('cpLstsqGrad', cpTensor);
    const ts = isTensor(tensor) ? shapeOf(tensor) : undefined;
    if (ts === undefined || ts.length !== cp.shape.length || ts.some((d, i) => d !== cp.shape[i])) {
      throw new ArgumentError('cpLstsqGrad', 'tensor', `a tensor of shape [${cp.shape.join(', ')}]`, tensor);
    }
    let diff = subtract(tensor, cpToTensor(cp));
    if (options.mask !== undefined && options.mask !== null) diff = multiply(diff, options.mask);
    const grads = cp.factors.map((_, k) =>
      cp.factors.length === 1
        ? negative(multiply(reshape(diff, [-1, 1]), cp.weights))
        : negative(unfoldingDotKhatriRao(diff, cp, k)),
    );
    const loss = options.returnLoss === true ? multiply(sum(multiply(diff, conj(diff))), 0.5) : null;
    return { gradient: new CPTensor(null, grads), loss };
  });
}
