import { ArgumentError } from '../errors.js';
import { isTensor, matmul, moveaxis, reshape, shape as shapeOf, unfold, scope } from '../ops.js';
import type { Tensor } from '../types.js';
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

/** Anything TensorLy accepts as a tensor ring: a {@link TRTensor} or the list of its cores. */
export type TRTensorLike = TRTensor | readonly Tensor[];

/** The size of the full tensor and the TR rank (`N + 1` bond dimensions, the first equal to the last). */
export interface TRShapeRank {
  /** Length of each mode of the full tensor. */
  shape: number[];
  /** `[R_0, R_1, ..., R_{N-1}, R_0]`. */
  rank: number[];
}

function coresOf(fn: string, tr: TRTensorLike): readonly Tensor[] {
  if (tr instanceof TRTensor) return tr.factors;
  if (Array.isArray(tr)) return tr;
  throw new ArgumentError(fn, 'factors', 'a TRTensor or a list of third-order cores', tr);
}

/** TensorLy's `_validate_tr_tensor`; errors name `fn`. */
function check(fn: string, factors: readonly Tensor[]): TRShapeRank {
  if (factors.length < 2) {
    throw new ArgumentError(fn, 'factors', 'at least two cores (a tensor ring)', `${factors.length} core(s)`);
  }
  const shapes = factors.map((factor, i) => {
    const s = isTensor(factor) ? shapeOf(factor) : undefined;
    if (s === undefined || s.length !== 3) {
      throw new ArgumentError(
        fn,
        'factors',
        `factors[${i}] to be a third-order core (R_${i}, I_${i}, R_${i + 1})`,
        factor,
      );
    }
    return s;
  });
  const shape: number[] = [];
  const rank: number[] = [];
  shapes.forEach((s, i) => {
    // The ring closes: the first core's left rank is the last core's right rank.
    const j = (i + shapes.length - 1) % shapes.length;
    const prev = shapes[j]!;
    if (prev[2] !== s[0]) {
      throw new ArgumentError(
        fn,
        'factors',
        `factors[${i}].shape[0] == factors[${j}].shape[2] == ${prev[2]} (consecutive ranks match)`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    shape.push(s[1]!);
    rank.push(s[0]!);
  });
  rank.push(shapes[shapes.length - 1]![2]!);
  return { shape, rank };
}

/**
 * A tensor in tensor-ring form: cores `(R_k, I_k, R_{k+1})` with `R_N = R_0`,
 * `X[i_0, …, i_{N-1}] = trace(G⁽⁰⁾[:, i_0, :] … G⁽ᴺ⁻¹⁾[:, i_{N-1}, :])` (Zhao et al. 2016).
 * TensorLy's `TRTensor`. Validated on construction, immutable, iterable over its cores.
 *
 * @example
 * ```ts
 * const tr = new TRTensor([tl.ones([2, 3, 2]), tl.ones([2, 4, 2])]);
 * tr.rank;       // [2, 2, 2]
 * tr.toTensor(); // (3, 4), all 4
 * ```
 */
export class TRTensor extends FactorizedTensor {
  /** The cores, `(R_k, I_k, R_{k+1})`. */
  readonly factors: readonly Tensor[];
  /** Shape of the full tensor. */
  readonly shape: readonly number[];
  /** The TR rank, `[R_0, ..., R_{N-1}, R_0]`. */
  readonly rank: readonly number[];

  /** @param factors - the cores (the array is copied). */
  constructor(factors: readonly Tensor[]) {
    super();
    if (!Array.isArray(factors)) throw new ArgumentError('TRTensor', 'factors', 'a list of cores', factors);
    const { shape, rank } = check('TRTensor', factors);
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

  /** The full tensor, see {@link trToTensor}. */
  toTensor(): Tensor {
    return trToTensor(this);
  }
  /** The mode-`mode` unfolding, see {@link trToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return trToUnfolded(this, mode);
  }
  /** The full tensor flattened, see {@link trToVec}. */
  toVec(): Tensor {
    return trToVec(this);
  }
  /** `"rank-[..] tensor ring tensor of shape [..]"`. */
  override toString(): string {
    return `factors list : rank-[${this.rank.join(', ')}] tensor ring tensor of shape [${this.shape.join(', ')}]`;
  }
}

/**
 * Validates tensor-ring cores and returns the full shape and the TR rank. TensorLy's `_validate_tr_tensor`.
 *
 * @throws ArgumentError with fewer than two cores, a core that is not third-order, or ranks that do not chain
 *   around the ring.
 * @example
 * ```ts
 * validateTrTensor([tl.ones([2, 3, 4]), tl.ones([4, 5, 2])]); // { shape: [3, 5], rank: [2, 4, 2] }
 * ```
 */
export function validateTrTensor(factors: TRTensorLike): TRShapeRank {
  if (factors instanceof TRTensor) return { shape: [...factors.shape], rank: [...factors.rank] };
  return check('validateTrTensor', coresOf('validateTrTensor', factors));
}

/**
 * The full tensor of a tensor ring. The cores but the last are chained by matrix products into
 * `(R_0, I_0 … I_{N-2}, R_{N-1})`; the ring is then closed by one product with the last core that sums over both
 * `R_{N-1}` and `R_0`. TensorLy's `tr_to_tensor`.
 *
 * @returns `(I_0, …, I_{N-1})`.
 * @example
 * ```ts
 * trToTensor([tl.ones([2, 3, 2]), tl.ones([2, 4, 2])]); // (3, 4), all 4
 * ```
 */
export function trToTensor(factors: TRTensorLike): Tensor {
  return scope(() => {
    const cores = coresOf('trToTensor', factors);
    const { shape } = factors instanceof TRTensor ? factors : check('trToTensor', cores);
    const n = cores.length;
    const first = shapeOf(cores[0]!);
    const last = shapeOf(cores[n - 1]!);
    const r0 = first[0]!;
    const rLast = last[0]!;
    let full = reshape(cores[0]!, [-1, first[2]!]);
    for (let k = 1; k < n - 1; k++) {
      const s = shapeOf(cores[k]!);
      full = reshape(matmul(full, reshape(cores[k]!, [s[0]!, -1])), [-1, s[2]!]);
    }
    // (R_0, I_0…I_{N-2}, R_{N-1}) -> (I_0…I_{N-2}, R_{N-1} R_0), to meet the last core as (R_{N-1} R_0, I_{N-1}).
    full = reshape(moveaxis(reshape(full, [r0, -1, rLast]), 0, -1), [-1, rLast * r0]);
    const closing = reshape(moveaxis(cores[n - 1]!, -1, 1), [-1, shape[n - 1]!]);
    return reshape(matmul(full, closing), shape);
  });
}

/**
 * The mode-`mode` unfolding of the full tensor of a tensor ring. TensorLy's `tr_to_unfolded`.
 *
 * @example
 * ```ts
 * trToUnfolded(tr, 1); // (I_1, -1)
 * ```
 */
export function trToUnfolded(factors: TRTensorLike, mode: number): Tensor {
  return scope(() => {
    return unfold(trToTensor(factors), mode);
  });
}

/**
 * The full tensor of a tensor ring, flattened in row-major order. TensorLy's `tr_to_vec`.
 *
 * @example
 * ```ts
 * trToVec(tr); // (Π I_k,)
 * ```
 */
export function trToVec(factors: TRTensorLike): Tensor {
  return scope(() => {
    return reshape(trToTensor(factors), [-1]);
  });
}

/** Options of {@link validateTrRank}. */
export interface ValidateTrRankOptions {
  /** How a fractional rank becomes an integer; default `'round'` (ties to even). */
  rounding?: Rounding;
}

/**
 * The TR rank `[R, …, R]` (`N + 1` entries) for a tensor of shape `tensorShape`. TensorLy's `validate_tr_rank`:
 * - `'same'` (default) or a fraction `f`: one rank `R = rounding(√(f Π I_k / Σ I_k))` for every bond;
 * - an integer `R`: `[R, …, R]`;
 * - a list: must have `N + 1` entries with `rank[0] == rank[N]`.
 *
 * @example
 * ```ts
 * validateTrRank([10, 10, 10], 'same'); // [6, 6, 6, 6]
 * validateTrRank([3, 4, 5], [2, 3, 4, 2]); // [2, 3, 4, 2]
 * ```
 */
export function validateTrRank(
  tensorShape: readonly number[],
  rank: RankSpec | readonly number[] = 'same',
  options: ValidateTrRankOptions = {},
): number[] {
  const fn = 'validateTrRank';
  const round = roundingFunction(fn, options.rounding);
  checkShape(fn, 'tensorShape', tensorShape);
  const n = tensorShape.length;
  const fraction = Array.isArray(rank) ? undefined : fractionOf(rank);
  if (fraction !== undefined) {
    const solution = Math.trunc(round(Math.sqrt((prodOf(tensorShape) * fraction) / sumOf(tensorShape))));
    return new Array<number>(n + 1).fill(solution);
  }
  if (typeof rank === 'number') {
    if (!Number.isInteger(rank) || rank < 1) {
      throw new ArgumentError(fn, 'rank', "'same', a fraction, a positive integer or a list", rank);
    }
    return new Array<number>(n + 1).fill(rank);
  }
  if (!Array.isArray(rank))
    throw new ArgumentError(fn, 'rank', "'same', a fraction, an integer or a list", rank);
  if (rank.length !== n + 1) {
    throw new ArgumentError(fn, 'rank', `${n + 1} ranks (one more than the order of the tensor)`, rank);
  }
  if (!rank.every((r) => Number.isInteger(r) && r >= 1)) {
    throw new ArgumentError(fn, 'rank', 'a list of positive integers', rank);
  }
  if (rank[0] !== rank[n]) {
    throw new ArgumentError(fn, 'rank', 'rank[0] == rank[-1] (the ring closes)', rank);
  }
  return [...(rank as readonly number[])];
}
