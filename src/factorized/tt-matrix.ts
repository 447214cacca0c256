import { ArgumentError } from '../errors.js';
import { isTensor, reshape, shape as shapeOf, tensordot, transpose, unfold, scope } from '../ops.js';
import type { Tensor } from '../types.js';
import { FactorizedTensor } from './factorized-tensor.js';
import { prodOf, type RankSpec } from './rounding.js';
import { validateTtRank } from './tt-tensor.js';

/** Anything TensorLy accepts as a TT-matrix: a {@link TTMatrix} or the list of its cores. */
export type TTMatrixLike = TTMatrix | readonly Tensor[];

/** The tensorized shape (left then right dimensions) and the rank of a TT-matrix. */
export interface TTMatrixShapeRank {
  /** `[I_0, ..., I_{N-1}, J_0, ..., J_{N-1}]`: row dimensions, then column dimensions. */
  shape: number[];
  /** `[1, R_1, ..., R_{N-1}, 1]`. */
  rank: number[];
}

function coresOf(fn: string, ttm: TTMatrixLike): readonly Tensor[] {
  if (ttm instanceof TTMatrix) return ttm.factors;
  if (Array.isArray(ttm)) return ttm;
  throw new ArgumentError(fn, 'ttMatrix', 'a TTMatrix or a list of fourth-order cores', ttm);
}

/** TensorLy's `_validate_tt_matrix`; errors name `fn`. */
function check(fn: string, factors: readonly Tensor[]): TTMatrixShapeRank {
  if (factors.length === 0) throw new ArgumentError(fn, 'ttMatrix', 'at least one core', factors);
  const left: number[] = [];
  const right: number[] = [];
  const rank: number[] = [];
  let prevRank = 1;
  factors.forEach((factor, i) => {
    const s = isTensor(factor) ? shapeOf(factor) : undefined;
    if (s === undefined || s.length !== 4) {
      throw new ArgumentError(
        fn,
        'ttMatrix',
        `factors[${i}] to be a fourth-order core (R_${i}, I_${i}, J_${i}, R_${i + 1})`,
        factor,
      );
    }
    if (i === 0 && s[0] !== 1) {
      throw new ArgumentError(
        fn,
        'ttMatrix',
        'factors[0].shape[0] == 1 (boundary condition)',
        `shape [${s}]`,
      );
    }
    if (i > 0 && s[0] !== prevRank) {
      throw new ArgumentError(
        fn,
        'ttMatrix',
        `factors[${i}].shape[0] == factors[${i - 1}].shape[3] == ${prevRank}`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    if (i === factors.length - 1 && s[3] !== 1) {
      throw new ArgumentError(
        fn,
        'ttMatrix',
        `factors[${i}].shape[3] == 1 (boundary condition)`,
        `factors[${i}] of shape [${s.join(', ')}]`,
      );
    }
    left.push(s[1]!);
    right.push(s[2]!);
    rank.push(s[0]!);
    prevRank = s[3]!;
  });
  rank.push(prevRank);
  return { shape: [...left, ...right], rank };
}

/**
 * A matrix in TT-matrix (matrix product operator) form: a `(Π I_k, Π J_k)` matrix tensorized as
 * `(I_0, …, I_{N-1}, J_0, …, J_{N-1})` and held as cores `(R_k, I_k, J_k, R_{k+1})` with `R_0 = R_N = 1`
 * (Oseledets 2010). TensorLy's `TTMatrix`. Validated on construction, immutable, iterable over its cores.
 *
 * @example
 * ```ts
 * const ttm = new TTMatrix([tl.ones([1, 2, 3, 2]), tl.ones([2, 4, 5, 1])]);
 * ttm.shape;      // [2, 4, 3, 5]
 * ttm.toMatrix(); // (8, 15)
 * ```
 */
export class TTMatrix extends FactorizedTensor {
  /** The cores, `(R_k, I_k, J_k, R_{k+1})`. */
  readonly factors: readonly Tensor[];
  /** The tensorized shape, `[I_0, ..., I_{N-1}, J_0, ..., J_{N-1}]`. */
  readonly shape: readonly number[];
  /** Number of cores `N`. */
  readonly order: number;
  /** Row dimensions `[I_0, ..., I_{N-1}]`. */
  readonly leftShape: readonly number[];
  /** Column dimensions `[J_0, ..., J_{N-1}]`. */
  readonly rightShape: readonly number[];
  /** `[1, R_1, ..., R_{N-1}, 1]`. */
  readonly rank: readonly number[];

  /** @param factors - the cores `(R_k, I_k, J_k, R_{k+1})` (the array is copied). */
  constructor(factors: readonly Tensor[]) {
    super();
    if (!Array.isArray(factors)) throw new ArgumentError('TTMatrix', 'factors', 'a list of cores', factors);
    const { shape, rank } = check('TTMatrix', factors);
    this.factors = Object.freeze([...factors]);
    this.shape = Object.freeze(shape);
    this.order = factors.length;
    this.leftShape = Object.freeze(shape.slice(0, this.order));
    this.rightShape = Object.freeze(shape.slice(this.order));
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

  /** The full tensorized matrix, see {@link ttMatrixToTensor}. */
  toTensor(): Tensor {
    return ttMatrixToTensor(this);
  }
  /** The matrix `(Π I_k, Π J_k)`, see {@link ttMatrixToMatrix}. */
  toMatrix(): Tensor {
    return ttMatrixToMatrix(this);
  }
  /** The mode-`mode` unfolding of the tensorized matrix, see {@link ttMatrixToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return ttMatrixToUnfolded(this, mode);
  }
  /** The tensorized matrix flattened, see {@link ttMatrixToVec}. */
  toVec(): Tensor {
    return ttMatrixToVec(this);
  }
  /** `"rank-[..] TT-Matrix of tensorized shape [..] corresponding to a matrix of size m x n"`. */
  override toString(): string {
    return (
      `factors list : rank-[${this.rank.join(', ')}] TT-Matrix of tensorized shape [${this.shape.join(', ')}]` +
      ` corresponding to a matrix of size ${prodOf(this.leftShape)} x ${prodOf(this.rightShape)}`
    );
  }
}

/**
 * Validates TT-matrix cores and returns the tensorized shape and the rank. TensorLy's `_validate_tt_matrix`.
 *
 * @throws ArgumentError when a core is not fourth-order, consecutive ranks differ or a boundary rank is not 1.
 * @example
 * ```ts
 * validateTtMatrix([tl.ones([1, 2, 3, 1])]); // { shape: [2, 3], rank: [1, 1] }
 * ```
 */
export function validateTtMatrix(ttMatrix: TTMatrixLike): TTMatrixShapeRank {
  if (ttMatrix instanceof TTMatrix) return { shape: [...ttMatrix.shape], rank: [...ttMatrix.rank] };
  return check('validateTtMatrix', coresOf('validateTtMatrix', ttMatrix));
}

/**
 * The full tensorized matrix `(I_0, …, I_{N-1}, J_0, …, J_{N-1})` of a TT-matrix: the cores contracted over
 * their bonds, then the interleaved `(I_0, J_0, I_1, J_1, …)` axes regrouped. TensorLy's `tt_matrix_to_tensor`.
 *
 * @example
 * ```ts
 * ttMatrixToTensor([tl.ones([1, 2, 3, 2]), tl.ones([2, 4, 5, 1])]); // (2, 4, 3, 5), all 2
 * ```
 */
export function ttMatrixToTensor(ttMatrix: TTMatrixLike): Tensor {
  return scope(() => {
    const cores = coresOf('ttMatrixToTensor', ttMatrix);
    const { shape } = ttMatrix instanceof TTMatrix ? ttMatrix : check('ttMatrixToTensor', cores);
    const n = cores.length;
    let res = cores[0]!;
    for (let k = 1; k < n; k++) res = tensordot(res, cores[k]!, [[-1], [0]]);
    const interleaved: number[] = [];
    for (let k = 0; k < n; k++) interleaved.push(shape[k]!, shape[n + k]!);
    const order: number[] = [];
    for (let k = 0; k < 2 * n; k += 2) order.push(k);
    for (let k = 1; k < 2 * n; k += 2) order.push(k);
    return transpose(reshape(res, interleaved), order);
  });
}

/**
 * The matrix `(Π I_k, Π J_k)` that a TT-matrix represents. TensorLy's `tt_matrix_to_matrix`.
 *
 * @example
 * ```ts
 * ttMatrixToMatrix(ttm); // (8, 27) for a TT-matrix of tensorized shape [2, 2, 2, 3, 3, 3]
 * ```
 */
export function ttMatrixToMatrix(ttMatrix: TTMatrixLike): Tensor {
  return scope(() => {
    const cores = coresOf('ttMatrixToMatrix', ttMatrix);
    const rows = prodOf(cores.map((c) => shapeOf(c)[1] ?? 0));
    return reshape(ttMatrixToTensor(ttMatrix), [rows, -1]);
  });
}

/**
 * The mode-`mode` unfolding of the tensorized matrix of a TT-matrix. TensorLy's `tt_matrix_to_unfolded`.
 *
 * @example
 * ```ts
 * ttMatrixToUnfolded(ttm, 0); // (I_0, -1)
 * ```
 */
export function ttMatrixToUnfolded(ttMatrix: TTMatrixLike, mode: number): Tensor {
  return scope(() => {
    return unfold(ttMatrixToTensor(ttMatrix), mode);
  });
}

/**
 * The tensorized matrix of a TT-matrix, flattened in row-major order. TensorLy's `tt_matrix_to_vec`.
 *
 * @example
 * ```ts
 * ttMatrixToVec(ttm); // (Π I_k · Π J_k,)
 * ```
 */
export function ttMatrixToVec(ttMatrix: TTMatrixLike): Tensor {
  return scope(() => {
    return reshape(ttMatrixToTensor(ttMatrix), [-1]);
  });
}

/**
 * The rank of a TT-matrix for a tensorized shape `(I_0, …, I_{N-1}, J_0, …, J_{N-1})`: the TT rank of a tensor
 * of shape `(I_0 J_0, …, I_{N-1} J_{N-1})`, see {@link validateTtRank}. TensorLy's `validate_tt_matrix_rank`.
 *
 * @throws ArgumentError when the tensorized shape has an odd number of dimensions.
 * @example
 * ```ts
 * validateTtMatrixRank([2, 2, 2, 3, 3, 3], 2); // [1, 2, 2, 1]
 * ```
 */
export function validateTtMatrixRank(
  tensorizedShape: readonly number[],
  rank: RankSpec | readonly number[] = 'same',
): number[] {
  const n = Math.floor(tensorizedShape.length / 2);
  if (!Array.isArray(tensorizedShape) || n * 2 !== tensorizedShape.length) {
    throw new ArgumentError(
      'validateTtMatrixRank',
      'tensorizedShape',
      'as many row dimensions as column dimensions (an even number of entries)',
      tensorizedShape,
    );
  }
  const full = tensorizedShape.slice(0, n).map((s, i) => s * tensorizedShape[n + i]!);
  return validateTtRank(full, rank);
}
