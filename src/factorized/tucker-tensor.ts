import { normAxis } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  copy as copyTensor,
  divide,
  equal,
  isTensor,
  multiply,
  norm,
  reshape,
  shape as shapeOf,
  unfold,
  where,
  scope,
} from '../ops.js';
import { multiModeDot } from '../tenalg/mode-dot.js';
import type { Tensor } from '../types.js';
import { FactorizedTensor, modeDotFactor } from './factorized-tensor.js';
import {
  checkShape,
  fractionOf,
  prodOf,
  type RankSpec,
  type Rounding,
  roundingFunction,
} from './rounding.js';

/** Anything TensorLy accepts as a Tucker tensor: a {@link TuckerTensor}, `{ core, factors }` or `[core, factors]`. */
export type TuckerTensorLike =
  | TuckerTensor
  | {
      /** The core tensor `(R_0, ..., R_{N-1})`. */
      readonly core: Tensor;
      /** Factors `(I_k, R_k)`. */
      readonly factors: readonly Tensor[];
    }
  | readonly [core: Tensor, factors: readonly Tensor[]];

/** The size of the full tensor and the multilinear rank of a Tucker tensor. */
export interface TuckerShapeRank {
  /** Length of each mode of the full tensor, `[I_0, ..., I_{N-1}]`. */
  shape: number[];
  /** Multilinear rank, the core's shape `[R_0, ..., R_{N-1}]`. */
  rank: number[];
}

function unpack(fn: string, t: TuckerTensorLike): [Tensor, readonly Tensor[]] {
  if (t instanceof TuckerTensor) return [t.core, t.factors];
  if (Array.isArray(t)) {
    const pair = t as readonly unknown[];
    if (pair.length === 2 && isTensor(pair[0]) && Array.isArray(pair[1])) {
      return [pair[0] as Tensor, pair[1] as readonly Tensor[]];
    }
  } else if (t !== null && typeof t === 'object') {
    const obj = t as { core?: unknown; factors?: unknown };
    if (isTensor(obj.core) && Array.isArray(obj.factors)) return [obj.core, obj.factors as readonly Tensor[]];
  }
  throw new ArgumentError(fn, 'tuckerTensor', 'a TuckerTensor, { core, factors } or [core, factors]', t);
}

/** TensorLy's `_validate_tucker_tensor` on unpacked parts; errors name `fn`. */
function check(fn: string, core: Tensor, factors: readonly Tensor[]): TuckerShapeRank {
  if (factors.length < 2) {
    throw new ArgumentError(
      fn,
      'tuckerTensor',
      'a core and at least two factors',
      `${factors.length} factor(s)`,
    );
  }
  const coreShape = shapeOf(core);
  if (factors.length !== coreShape.length) {
    throw new ArgumentError(
      fn,
      'tuckerTensor',
      `one factor per mode of the core (core of shape [${coreShape.join(', ')}])`,
      `${factors.length} factors`,
    );
  }
  const shape: number[] = [];
  factors.forEach((factor, i) => {
    const s = isTensor(factor) ? shapeOf(factor) : undefined;
    if (s === undefined || s.length !== 2) {
      throw new ArgumentError(fn, 'tuckerTensor', `factors[${i}] to be a matrix (I_${i}, R_${i})`, factor);
    }
    if (s[1] !== coreShape[i]) {
      throw new ArgumentError(
        fn,
        'tuckerTensor',
        `factors[${i}].shape[1] == core.shape[${i}] == ${coreShape[i]}`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    shape.push(s[0]!);
  });
  return { shape, rank: coreShape };
}

/** `t` as a validated {@link TuckerTensor} (itself when it already is one); errors name `fn`. */
export function toTuckerTensor(fn: string, t: TuckerTensorLike): TuckerTensor {
  return scope(() => {
    if (t instanceof TuckerTensor) return t;
    const [core, factors] = unpack(fn, t);
    check(fn, core, factors);
    return new TuckerTensor(core, factors);
  });
}

/**
 * A tensor in Tucker form: a core `(R_0, …, R_{N-1})` multiplied in every mode by a factor `(I_k, R_k)`,
 * `X = G ×₀ A⁽⁰⁾ ×₁ A⁽¹⁾ … ×ₙ₋₁ A⁽ᴺ⁻¹⁾` (Tucker 1966; Kolda & Bader 2009, §4). TensorLy's `TuckerTensor`.
 *
 * Validated on construction; immutable; destructures as `const [core, factors] = tucker`.
 *
 * @example
 * ```ts
 * const t = new TuckerTensor(tl.ones([2, 3]), [tl.ones([4, 2]), tl.ones([5, 3])]);
 * t.shape; // [4, 5]
 * t.rank;  // [2, 3]
 * ```
 */
export class TuckerTensor extends FactorizedTensor {
  /** The core tensor, `(R_0, ..., R_{N-1})`. */
  readonly core: Tensor;
  /** One factor matrix per mode, `(I_k, R_k)`. */
  readonly factors: readonly Tensor[];
  /** Shape of the full tensor, `[I_0, ..., I_{N-1}]`. */
  readonly shape: readonly number[];
  /** Multilinear rank, the core's shape. */
  readonly rank: readonly number[];

  /**
   * @param core - `(R_0, ..., R_{N-1})`.
   * @param factors - one matrix `(I_k, R_k)` per mode (the array is copied).
   */
  constructor(core: Tensor, factors: readonly Tensor[]) {
    super();
    if (!isTensor(core)) throw new ArgumentError('TuckerTensor', 'core', 'a tensor', core);
    if (!Array.isArray(factors)) {
      throw new ArgumentError('TuckerTensor', 'factors', 'an array of matrices', factors);
    }
    const { shape, rank } = check('TuckerTensor', core, factors);
    this.core = core;
    this.factors = Object.freeze([...factors]);
    this.shape = Object.freeze(shape);
    this.rank = Object.freeze(rank);
  }

  /** `t` as a TuckerTensor (itself when it already is one), validated. */
  static from(t: TuckerTensorLike): TuckerTensor {
    return toTuckerTensor('TuckerTensor.from', t);
  }

  /** The core, as `t[0]` in TensorLy. */
  get 0(): Tensor {
    return this.core;
  }
  /** The factors, as `t[1]` in TensorLy. */
  get 1(): readonly Tensor[] {
    return this.factors;
  }
  /** Always 2: a Tucker tensor behaves as the pair `[core, factors]`. */
  get length(): 2 {
    return 2;
  }
  /** Yields `core`, then `factors`. */
  *[Symbol.iterator](): Iterator<Tensor | readonly Tensor[]> {
    yield this.core;
    yield this.factors;
  }

  /** The full tensor, see {@link tuckerToTensor}. */
  toTensor(): Tensor {
    return tuckerToTensor(this);
  }
  /** The mode-`mode` unfolding, see {@link tuckerToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return tuckerToUnfolded(this, mode);
  }
  /** The full tensor flattened, see {@link tuckerToVec}. */
  toVec(): Tensor {
    return tuckerToVec(this);
  }
  /** The mode-`mode` product with a matrix or vector, see {@link tuckerModeDot}. */
  modeDot(matrixOrVector: Tensor, mode: number, options: TuckerModeDotOptions = {}): TuckerTensor {
    return tuckerModeDot(this, matrixOrVector, mode, options);
  }
  /** Unit-norm factor columns with the scales absorbed into the core, see {@link tuckerNormalize}. */
  normalize(): TuckerTensor {
    return tuckerNormalize(this);
  }
  /** A deep copy. TensorLy's `tucker_copy`. */
  copy(): TuckerTensor {
    return new TuckerTensor(
      copyTensor(this.core),
      this.factors.map((f) => copyTensor(f)),
    );
  }
  /** `"rank-[..] TuckerTensor of shape [..]"`. */
  override toString(): string {
    return `Decomposed rank-[${this.rank.join(', ')}] TuckerTensor of shape [${this.shape.join(', ')}]`;
  }
}

/**
 * Validates a Tucker tensor and returns the full shape and the multilinear rank. TensorLy's
 * `_validate_tucker_tensor`.
 *
 * @param tuckerTensor - a {@link TuckerTensor}, `{ core, factors }` or `[core, factors]`.
 * @throws ArgumentError with fewer than two factors, a factor count that differs from the core's order, or a
 *   factor whose column count is not the core's size in that mode.
 * @example
 * ```ts
 * validateTuckerTensor([tl.ones([2, 3]), [tl.ones([4, 2]), tl.ones([5, 3])]]); // { shape: [4, 5], rank: [2, 3] }
 * ```
 */
export function validateTuckerTensor(tuckerTensor: TuckerTensorLike): TuckerShapeRank {
  if (tuckerTensor instanceof TuckerTensor) {
    return { shape: [...tuckerTensor.shape], rank: [...tuckerTensor.rank] };
  }
  const [core, factors] = unpack('validateTuckerTensor', tuckerTensor);
  return check('validateTuckerTensor', core, factors);
}

/** Options of {@link tuckerToTensor}, {@link tuckerToUnfolded} and {@link tuckerToVec}. */
export interface TuckerToTensorOptions {
  /** Index (in mode order) of a factor to leave out of the product. */
  skipFactor?: number | null;
  /** Multiply by the transposed factors (projects a full tensor onto the core's space). Default false. */
  transposeFactors?: boolean;
  /** The modes the factors apply to (default `0, 1, ...`); with fewer factors than core modes. */
  modes?: readonly number[] | null;
}

/**
 * The full tensor of a Tucker tensor, `G ×₀ A⁽⁰⁾ … ×ₙ₋₁ A⁽ᴺ⁻¹⁾`, `(I_0, …, I_{N-1})`. TensorLy's
 * `tucker_to_tensor`.
 *
 * @param tuckerTensor - `[core, factors]`.
 * @param options - `skipFactor`, `transposeFactors`, `modes` (as TensorLy's `multi_mode_dot`).
 * @example
 * ```ts
 * tuckerToTensor([core, factors]);                          // full tensor
 * tuckerToTensor([x, factors], { transposeFactors: true }); // projects x onto the factors
 * ```
 */
export function tuckerToTensor(tuckerTensor: TuckerTensorLike, options: TuckerToTensorOptions = {}): Tensor {
  return scope(() => {
    const [core, factors] = unpack('tuckerToTensor', tuckerTensor);
    return multiModeDot(core, factors, {
      modes: options.modes ?? null,
      skip: options.skipFactor ?? null,
      transpose: options.transposeFactors === true,
    });
  });
}

/**
 * The mode-`mode` unfolding of the full tensor of a Tucker tensor. TensorLy's `tucker_to_unfolded`.
 *
 * @param tuckerTensor - `[core, factors]`.
 * @param mode - the mode to unfold along (default 0).
 * @param options - `skipFactor`, `transposeFactors`.
 * @example
 * ```ts
 * tuckerToUnfolded(tucker, 1); // (I_1, -1)
 * ```
 */
export function tuckerToUnfolded(
  tuckerTensor: TuckerTensorLike,
  mode = 0,
  options: Omit<TuckerToTensorOptions, 'modes'> = {},
): Tensor {
  return scope(() => {
    return unfold(tuckerToTensor(tuckerTensor, options), mode);
  });
}

/**
 * The full tensor of a Tucker tensor, flattened in row-major order. TensorLy's `tucker_to_vec`.
 *
 * @example
 * ```ts
 * tuckerToVec(tucker); // (Π I_k,)
 * ```
 */
export function tuckerToVec(
  tuckerTensor: TuckerTensorLike,
  options: Omit<TuckerToTensorOptions, 'modes'> = {},
): Tensor {
  return scope(() => {
    return reshape(tuckerToTensor(tuckerTensor, options), [-1]);
  });
}

/** Options of {@link tuckerModeDot}. */
export interface TuckerModeDotOptions {
  /** With a vector: keep the contracted mode as a mode of size 1 instead of removing it. Default false. */
  keepDim?: boolean;
  /** Copy the core and the factors left unchanged instead of sharing them with the input. Default false. */
  copy?: boolean;
}

/**
 * The mode-`mode` product of a Tucker tensor with a matrix `(J, I_mode)` (the factor becomes `M A⁽ᵐᵒᵈᵉ⁾`) or a
 * vector `(I_mode,)` (the core is contracted with `vᵀA⁽ᵐᵒᵈᵉ⁾`), without forming the full tensor. TensorLy's
 * `tucker_mode_dot`; never modifies its input.
 *
 * @example
 * ```ts
 * tuckerModeDot(tucker, tl.ones([7, 4]), 1).shape; // [5, 7, 6] for a tucker of shape [5, 4, 6]
 * ```
 */
export function tuckerModeDot(
  tuckerTensor: TuckerTensorLike,
  matrixOrVector: Tensor,
  mode: number,
  options: TuckerModeDotOptions = {},
): TuckerTensor {
  return scope(() => {
    const fn = 'tuckerModeDot';
    const t = toTuckerTensor(fn, tuckerTensor);
    const m = normAxis(fn, 'mode', mode, t.factors.length);
    const { product, contract } = modeDotFactor(
      fn,
      t.shape,
      t.factors[m]!,
      matrixOrVector,
      m,
      options.keepDim === true,
    );
    const dup = options.copy === true;
    const factors = t.factors.map((f) => (dup ? copyTensor(f) : f));
    let core = dup ? copyTensor(t.core) : t.core;
    if (!contract) {
      factors[m] = product;
    } else {
      if (factors.length <= 2) {
        throw new ArgumentError(
          fn,
          'tuckerTensor',
          'at least three modes to contract one away',
          `shape [${t.shape}]`,
        );
      }
      factors.splice(m, 1);
      core = currentBackend().modeDot(core, product, m, false);
    }
    return new TuckerTensor(core, factors);
  });
}

/**
 * A Tucker tensor whose factor columns have unit l2 norm, the scales absorbed into the core (zero columns are
 * left as they are). The full tensor is unchanged. TensorLy's `tucker_normalize`.
 *
 * @example
 * ```ts
 * const [core, factors] = tuckerNormalize(tucker); // tl.norm(factors[k], 2, 0) is all ones
 * ```
 */
export function tuckerNormalize(tuckerTensor: TuckerTensorLike): TuckerTensor {
  return scope(() => {
    const t = toTuckerTensor('tuckerNormalize', tuckerTensor);
    const order = t.factors.length;
    let core = t.core;
    const normalized = t.factors.map((factor, i) => {
      const scales = norm(factor, 2, 0);
      const bshape = new Array<number>(order).fill(1);
      bshape[i] = -1;
      core = multiply(core, reshape(scales, bshape));
      return divide(factor, reshape(where(equal(scales, 0), 1, scales), [1, -1]));
    });
    return new TuckerTensor(core, normalized);
  });
}

/** Options of {@link validateTuckerRank}. */
export interface ValidateTuckerRankOptions {
  /** How a fractional rank becomes integers; default `'round'` (ties to even). */
  rounding?: Rounding;
  /** Modes kept at full size: `rank[i] = tensorShape[i]` for each `i` listed. */
  fixedModes?: readonly number[] | null;
}

/**
 * The multilinear rank for a Tucker decomposition of a tensor of shape `tensorShape`. TensorLy's
 * `validate_tucker_rank`:
 * - a list is returned as is (copied);
 * - an integer is used for every mode (the fixed modes keep their size);
 * - `'same'` (default) or a fraction `f` picks ranks `R_k = max(rounding(c · I_k), 1)` where `c` solves
 *   `Π I_k · c^N + Σ I_k² · c = f · Π I_k` (the decomposition holds `f` times the full tensor's parameters);
 *   fixed modes keep their size and are left out of the scaling.
 *
 * @example
 * ```ts
 * validateTuckerRank([10, 10, 10], 3);                               // [3, 3, 3]
 * validateTuckerRank([10, 10, 10], 'same');                          // [9, 9, 9]
 * validateTuckerRank([4, 10, 10], 0.5, { fixedModes: [0] });         // [4, 5, 5]
 * ```
 */
export function validateTuckerRank(
  tensorShape: readonly number[],
  rank: RankSpec | readonly number[] = 'same',
  options: ValidateTuckerRankOptions = {},
): number[] {
  const fn = 'validateTuckerRank';
  const round = roundingFunction(fn, options.rounding);
  checkShape(fn, 'tensorShape', tensorShape);
  const n = tensorShape.length;
  const fixed = (options.fixedModes ?? []).map((m) => normAxis(fn, 'fixedModes', m, n));
  if (Array.isArray(rank)) {
    if (!rank.every((r) => Number.isInteger(r) && r >= 0)) {
      throw new ArgumentError(fn, 'rank', 'a list of non-negative integers', rank);
    }
    return [...(rank as readonly number[])];
  }
  const fraction = fractionOf(rank);
  if (fraction === undefined) {
    if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0) {
      throw new ArgumentError(fn, 'rank', "'same', a fraction, an integer or a list of integers", rank);
    }
    return tensorShape.map((s, i) => (fixed.includes(i) ? s : (rank as number)));
  }
  if (!(fraction > 0)) throw new ArgumentError(fn, 'rank', 'a positive fraction', rank);
  const nParamTensor = prodOf(tensorShape);
  const free = tensorShape.filter((_, i) => !fixed.includes(i));
  const fixedSizes = tensorShape.filter((_, i) => fixed.includes(i));
  let linear = 0;
  for (const s of free) linear += s * s;
  for (const s of fixedSizes) linear += s * s;
  const order = free.length;
  // The parameter count grows monotonically in c, so the root in [0, max(f, 1)] is unique: bisect it to
  // machine precision (TensorLy uses Brent's method to 2e-12; the roots agree far below the rounding step).
  const f = (c: number): number => nParamTensor * c ** order + linear * c - fraction * nParamTensor;
  let lo = 0;
  let hi = Math.max(fraction, 1);
  for (let it = 0; it < 200 && hi - lo > 0; it++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  const c = (lo + hi) / 2;
  return tensorShape.map((s, i) => (fixed.includes(i) ? s : Math.max(Math.trunc(round(s * c)), 1)));
}
