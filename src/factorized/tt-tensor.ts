import { ArgumentError } from '../errors.js';
import {
  context,
  indexUpdate,
  isTensor,
  matmul,
  reshape,
  shape as shapeOf,
  unfold,
  zeros,
  scope,
} from '../ops.js';
import type { Slice, Tensor } from '../types.js';
import { FactorizedTensor } from './factorized-tensor.js';
import {
  checkShape,
  fractionOf,
  prodOf,
  type RankSpec,
  type Rounding,
  roundingFunction,
  sumOf,
} from './rounding.js';

/** Anything TensorLy accepts as a tensor train: a {@link TTTensor} or the list of its cores. */
export type TTTensorLike = TTTensor | readonly Tensor[];

/** The size of the full tensor and the TT rank (bond dimensions, `N + 1` of them with ones at both ends). */
export interface TTShapeRank {
  /** Length of each mode of the full tensor. */
  shape: number[];
  /** `[1, R_1, ..., R_{N-1}, 1]`. */
  rank: number[];
}

/** The cores of a tensor train given as a {@link TTTensor} or a list. */
function coresOf(fn: string, tt: TTTensorLike): readonly Tensor[] {
  if (tt instanceof TTTensor) return tt.factors;
  if (Array.isArray(tt)) return tt;
  throw new ArgumentError(fn, 'factors', 'a TTTensor or a list of third-order cores', tt);
}

/** TensorLy's `_validate_tt_tensor`; errors name `fn`. */
function check(fn: string, factors: readonly Tensor[]): TTShapeRank {
  if (factors.length === 0) throw new ArgumentError(fn, 'factors', 'at least one core', factors);
  const shape: number[] = [];
  const rank: number[] = [];
  let prevRank = 1;
  factors.forEach((factor, i) => {
    const s = isTensor(factor) ? shapeOf(factor) : undefined;
    if (s === undefined || s.length !== 3) {
      throw new ArgumentError(
        fn,
        'factors',
        `factors[${i}] to be a third-order core (R_${i}, I_${i}, R_${i + 1})`,
        factor,
      );
    }
    if (i === 0 && s[0] !== 1) {
      throw new ArgumentError(
        fn,
        'factors',
        'factors[0].shape[0] == 1 (boundary condition)',
        `factors[0] of shape [${s.join(', ')}]`,
      );
    }
    if (i > 0 && s[0] !== prevRank) {
      throw new ArgumentError(
        fn,
        'factors',
        `factors[${i}].shape[0] == factors[${i - 1}].shape[2] == ${prevRank} (consecutive ranks match)`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    if (i === factors.length - 1 && s[2] !== 1) {
      throw new ArgumentError(
        fn,
        'factors',
        `factors[${i}].shape[2] == 1 (boundary condition)`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    shape.push(s[1]!);
    rank.push(s[0]!);
    prevRank = s[2]!;
  });
  rank.push(prevRank);
  return { shape, rank };
}

/**
 * A tensor in tensor-train (TT, matrix-product-state) form: cores `(R_k, I_k, R_{k+1})` with `R_0 = R_N = 1`,
 * `X[i_0, …, i_{N-1}] = G⁽⁰⁾[:, i_0, :] G⁽¹⁾[:, i_1, :] … G⁽ᴺ⁻¹⁾[:, i_{N-1}, :]` (Oseledets 2011).
 * TensorLy's `TTTensor`. Validated on construction, immutable, iterable over its cores.
 *
 * @example
 * ```ts
 * const tt = new TTTensor([tl.ones([1, 3, 2]), tl.ones([2, 4, 1])]);
 * tt.shape; // [3, 4]
 * tt.rank;  // [1, 2, 1]
 * ```
 */
export class TTTensor extends FactorizedTensor {
  /** The cores, `(R_k, I_k, R_{k+1})`. */
  readonly factors: readonly Tensor[];
  /** Shape of the full tensor. */
  readonly shape: readonly number[];
  /** The TT rank, `[1, R_1, ..., R_{N-1}, 1]`. */
  readonly rank: readonly number[];

  /** @param factors - the cores `(R_k, I_k, R_{k+1})` (the array is copied). */
  constructor(factors: readonly Tensor[]) {
    super();
    if (!Array.isArray(factors)) throw new ArgumentError('TTTensor', 'factors', 'a list of cores', factors);
    const { shape, rank } = check('TTTensor', factors);
    this.factors = Object.freeze([...factors]);
    this.shape = Object.freeze(shape);
    this.rank = Object.freeze(rank);
  }

  /** The number of cores. */
  get length(): number {
    return this.factors.length;
  }
  /** Yields the cores in order. */
  *[Symbol.iterator](): Iterator<Tensor> {
    yield* this.factors;
  }

  /** The full tensor, see {@link ttToTensor}. */
  toTensor(): Tensor {
    return ttToTensor(this);
  }
  /** The mode-`mode` unfolding, see {@link ttToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return ttToUnfolded(this, mode);
  }
  /** The full tensor flattened, see {@link ttToVec}. */
  toVec(): Tensor {
    return ttToVec(this);
  }
  /** `"rank-[..] matrix-product-state tensor of shape [..]"`. */
  override toString(): string {
    return `factors list : rank-[${this.rank.join(', ')}] matrix-product-state tensor of shape [${this.shape.join(', ')}]`;
  }
}

/**
 * Validates tensor-train cores and returns the full shape and the TT rank. TensorLy's `_validate_tt_tensor`.
 *
 * @throws ArgumentError when a core is not third-order, consecutive ranks differ, or a boundary rank is not 1;
 *   the message names the core and its shape.
 * @example
 * ```ts
 * validateTtTensor([tl.ones([1, 3, 2]), tl.ones([2, 4, 1])]); // { shape: [3, 4], rank: [1, 2, 1] }
 * ```
 */
export function validateTtTensor(factors: TTTensorLike): TTShapeRank {
  if (factors instanceof TTTensor) return { shape: [...factors.shape], rank: [...factors.rank] };
  return check('validateTtTensor', coresOf('validateTtTensor', factors));
}

/**
 * The full tensor of a tensor train, contracting the cores left to right (each step one matrix product).
 * TensorLy's `tt_to_tensor`.
 *
 * @param factors - a TTTensor or its cores `(R_k, I_k, R_{k+1})`.
 * @returns `(I_0, …, I_{N-1})`.
 * @example
 * ```ts
 * ttToTensor([tl.ones([1, 3, 2]), tl.ones([2, 4, 1])]); // (3, 4), all 2
 * ```
 */
export function ttToTensor(factors: TTTensorLike): Tensor {
  return scope(() => {
    const cores = coresOf('ttToTensor', factors);
    const { shape } = factors instanceof TTTensor ? factors : check('ttToTensor', cores);
    let full = reshape(cores[0]!, [shape[0]!, -1]);
    for (let k = 1; k < cores.length; k++) {
      const core = cores[k]!;
      const [rPrev, , rNext] = shapeOf(core);
      full = reshape(matmul(full, reshape(core, [rPrev!, -1])), [-1, rNext!]);
    }
    return reshape(full, shape);
  });
}

/**
 * The mode-`mode` unfolding of the full tensor of a tensor train. TensorLy's `tt_to_unfolded`.
 *
 * @example
 * ```ts
 * ttToUnfolded(tt, 1); // (I_1, -1)
 * ```
 */
export function ttToUnfolded(factors: TTTensorLike, mode: number): Tensor {
  return scope(() => {
    return unfold(ttToTensor(factors), mode);
  });
}

/**
 * The full tensor of a tensor train, flattened in row-major order. TensorLy's `tt_to_vec`.
 *
 * @example
 * ```ts
 * ttToVec(tt); // (Π I_k,)
 * ```
 */
export function ttToVec(factors: TTTensorLike): Tensor {
  return scope(() => {
    return reshape(ttToTensor(factors), [-1]);
  });
}

/** Options of {@link validateTtRank}. */
export interface ValidateTtRankOptions {
  /** For `'same'` or a fraction: one rank for every bond instead of ranks proportional to the mode sizes. */
  constantRank?: boolean;
  /** How a fractional rank becomes integers; default `'round'` (ties to even). */
  rounding?: Rounding;
  /**
   * When false, clip each rank to what successive SVDs can realise: `R_{k+1} <= min(R_k I_k, Π_{j>k} I_j)`
   * (used by `tensorTrain`). Default true.
   */
  allowOverparametrization?: boolean;
}

/**
 * The TT rank `[1, R_1, …, R_{N-1}, 1]` for a tensor of shape `tensorShape`. TensorLy's `validate_tt_rank`:
 * - an integer `R` gives `[1, R, …, R, 1]`; a list must have `N + 1` entries with ones at both ends;
 * - `'same'` (default) or a fraction `f` picks the ranks whose cores hold `f` times the full tensor's
 *   parameters: with `constantRank` one rank for all bonds, otherwise ranks proportional to the mean size of
 *   the two modes each bond joins (a quadratic in the scale factor, solved exactly).
 *
 * @example
 * ```ts
 * validateTtRank([3, 4, 5], 2);                                  // [1, 2, 2, 1]
 * validateTtRank([4, 5, 4, 8, 5], 0.2, { rounding: 'floor' });   // [1, 4, 4, 6, 6, 1]
 * ```
 */
export function validateTtRank(
  tensorShape: readonly number[],
  rank: RankSpec | readonly number[] = 'same',
  options: ValidateTtRankOptions = {},
): number[] {
  const fn = 'validateTtRank';
  const round = roundingFunction(fn, options.rounding);
  checkShape(fn, 'tensorShape', tensorShape);
  const order = tensorShape.length;
  const fraction = Array.isArray(rank) ? undefined : fractionOf(rank);
  let ranks: number[];
  if (fraction !== undefined && options.constantRank === true) {
    const nParam = prodOf(tensorShape) * fraction;
    // Cores hold I_0 R + Σ_{inner} I_k R² + I_{N-1} R parameters: solve a R² + b R - nParam = 0.
    const a = sumOf(tensorShape.slice(1, -1));
    const b = tensorShape[0]! + tensorShape[order - 1]!;
    const root = a === 0 ? nParam / b : (-b + Math.sqrt(b * b + 4 * a * nParam)) / (2 * a);
    const solution = Math.trunc(round(root));
    ranks = [1, ...new Array<number>(order - 1).fill(solution), 1];
  } else if (fraction !== undefined) {
    if (order < 2) {
      ranks = [1, 1];
    } else {
      const avg: number[] = [];
      for (let i = 0; i < order - 1; i++) avg.push((tensorShape[i]! + tensorShape[i + 1]!) / 2);
      let a = 0;
      if (avg.length > 1) {
        for (let i = 1; i < order - 1; i++) a += avg[i - 1]! * tensorShape[i]! * avg[i]!;
      } else {
        a = avg[0]! ** 2 * tensorShape[0]!;
      }
      const b = tensorShape[0]! * avg[0]! + tensorShape[order - 1]! * avg[avg.length - 1]!;
      const c = -prodOf(tensorShape) * fraction;
      const scale = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
      ranks = [1, ...avg.map((d) => Math.max(Math.trunc(round(d * scale)), 1)), 1];
    }
  } else if (typeof rank === 'number') {
    if (!Number.isInteger(rank) || rank < 1) {
      throw new ArgumentError(fn, 'rank', "'same', a fraction, a positive integer or a list", rank);
    }
    ranks = [1, ...new Array<number>(order - 1).fill(rank), 1];
  } else if (Array.isArray(rank)) {
    if (rank.length !== order + 1) {
      throw new ArgumentError(fn, 'rank', `${order + 1} ranks (one more than the order of the tensor)`, rank);
    }
    if (!rank.every((r) => Number.isInteger(r) && r >= 1)) {
      throw new ArgumentError(fn, 'rank', 'a list of positive integers', rank);
    }
    if (rank[0] !== 1 || rank[order] !== 1) {
      throw new ArgumentError(fn, 'rank', 'rank[0] == rank[-1] == 1 (boundary conditions)', rank);
    }
    ranks = [...(rank as readonly number[])];
  } else {
    throw new ArgumentError(fn, 'rank', "'same', a fraction, a positive integer or a list", rank);
  }
  if (options.allowOverparametrization ?? true) return ranks;
  const clipped = [1];
  for (let i = 0; i < order - 1; i++) {
    const nRow = Math.trunc(ranks[i]! * tensorShape[i]!);
    const nColumn = prodOf(tensorShape.slice(i + 1));
    clipped.push(Math.min(nRow, nColumn, ranks[i + 1]!));
  }
  clipped.push(1);
  return clipped;
}

/** Options of {@link padTtRank}. */
export interface PadTtRankOptions {
  /** How much to add to every inner rank (bond dimension); default 1. */
  nPadding?: number;
  /** Pad the boundary ranks too (for a tensor ring); default false (a tensor train keeps 1 at both ends). */
  padBoundaries?: boolean;
}

/**
 * Cores of a tensor train (or ring, or TT-matrix) with ranks increased by zero padding, representing the same
 * tensor. TensorLy's `pad_tt_rank`.
 *
 * @param factors - cores `(R_k, …, R_{k+1})` (any order ≥ 2: TT cores are 3-d, TT-matrix cores 4-d), as a list
 *   or an object holding `factors` (TTTensor, TRTensor, TTMatrix).
 * @param options - `nPadding` (default 1), `padBoundaries` (default false).
 * @returns new cores `(R_k + p, …, R_{k+1} + p)`.
 * @example
 * ```ts
 * const padded = new TTTensor(padTtRank(tt, { nPadding: 2 })); // rank [1, R_1 + 2, ..., 1]
 * ```
 */
export function padTtRank(
  factors: readonly Tensor[] | { readonly factors: readonly Tensor[] },
  options: PadTtRankOptions = {},
): Tensor[] {
  return scope(() => {
    const fn = 'padTtRank';
    const list = Array.isArray(factors) ? factors : (factors as { factors?: readonly Tensor[] }).factors;
    if (!Array.isArray(list)) throw new ArgumentError(fn, 'factors', 'a list of cores', factors);
    const nPadding = options.nPadding ?? 1;
    if (!Number.isInteger(nPadding) || nPadding < 0) {
      throw new ArgumentError(fn, 'nPadding', 'a non-negative integer', nPadding);
    }
    const padBoundaries = options.padBoundaries === true;
    const n = list.length;
    return list.map((factor, i) => {
      const s = isTensor(factor) ? shapeOf(factor) : undefined;
      if (s === undefined || s.length < 2) {
        throw new ArgumentError(
          fn,
          'factors',
          `factors[${i}] to be a core (R_${i}, ..., R_${i + 1})`,
          factor,
        );
      }
      const left = i === 0 && !padBoundaries ? 0 : nPadding;
      const right = i === n - 1 && !padBoundaries ? 0 : nPadding;
      const r1 = s[0]!;
      const r2 = s[s.length - 1]!;
      const padded = [r1 + left, ...s.slice(1, -1), r2 + right];
      const where: (Slice | null)[] = [
        { start: 0, stop: r1 },
        ...s.slice(1, -1).map(() => null),
        { start: 0, stop: r2 },
      ];
      return indexUpdate(zeros(padded, context(factor)), where, factor);
    });
  });
}
