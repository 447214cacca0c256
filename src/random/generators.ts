/**
 * Random tensors and random factorized tensors, drawn from a seeded {@link RandomState} in the same order as
 * TensorLy's `tensorly.random`, so that the same seed gives the same values as TensorLy with NumPy.
 *
 * @module
 */
import type { Seed } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import { CPTensor, cpNormalize, cpToTensor, validateCpRank } from '../factorized/cp-tensor.js';
import { Parafac2Tensor, parafac2Normalise, parafac2ToTensor } from '../factorized/parafac2-tensor.js';
import type { RankSpec } from '../factorized/rounding.js';
import { TRTensor, trToTensor, validateTrRank } from '../factorized/tr-tensor.js';
import { TTMatrix, ttMatrixToTensor, validateTtMatrixRank } from '../factorized/tt-matrix.js';
import { TTTensor, ttToTensor, validateTtRank } from '../factorized/tt-tensor.js';
import { TuckerTensor, tuckerToTensor, validateTuckerRank } from '../factorized/tucker-tensor.js';
import { abs, checkRandomState, index, ones, qr, tensor, scope } from '../ops.js';
import type { DType, Tensor } from '../types.js';
import { RandomState } from './random-state.js';

/** Options shared by the random generators: the seed and the dtype of the tensors made. */
export interface RandomOptions {
  /** An integer seed, a {@link RandomState} (advanced by the call), or `null`/absent for an unpredictable one. */
  randomState?: Seed;
  /** Element type of the tensors made; default float64 (TensorLy's default context). */
  dtype?: DType;
}

/** Options of the factorized generators: return the full tensor instead of the factorization. */
export interface RandomFullOption {
  /**
   * Return the full tensor instead of the factorized one. The return type follows the literal: `full: true`
   * gives a `Tensor`, `false`/absent the factorized class.
   */
  full?: boolean;
}

/**
 * A random generator: TensorLy's `tl.random` seed handling (`check_random_state`), so `rng(0)` draws the same
 * stream as NumPy's `np.random.RandomState(0)`. A RandomState passes through unchanged; `null`/absent seeds one
 * unpredictably.
 *
 * @param seed - an integer, a RandomState, or nothing.
 * @example
 * ```ts
 * const r = tl.random.rng(0);
 * r.randomSample(3); // Float64Array [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]
 * randomCp([3, 4, 5], 2, { randomState: r });
 * ```
 */
export function rng(seed?: Seed): RandomState {
  return RandomState.fromSeed(seed);
}

/** `size` uniform [0, 1) samples as a tensor of `shape` (NumPy's `random_sample(shape)`, row-major). */
function sample(state: RandomState, shape: readonly number[], dtype: DType | undefined): Tensor {
  const values = state.randomSample([...shape]);
  return dtype === undefined ? tensor(values, { shape }) : tensor(values, { shape, dtype });
}

function checkShapeArg(fn: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new ArgumentError(fn, 'shape', 'a list of non-negative integers', shape);
  }
}

/**
 * A tensor of uniform [0, 1) samples. TensorLy's `random.random_tensor`.
 *
 * @param shape - the tensor's shape.
 * @param options - `randomState`, `dtype`.
 * @example
 * ```ts
 * randomTensor([2, 3], { randomState: 0 }); // same values as TensorLy's random_tensor((2, 3), random_state=0)
 * ```
 */
export function randomTensor(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return scope(() => {
    checkShapeArg('randomTensor', shape);
    return sample(checkRandomState(options.randomState), shape, options.dtype);
  });
}

/** Options of {@link randomCp}. */
export interface RandomCpOptions extends RandomOptions, RandomFullOption {
  /** Orthonormal factor columns (Q of the QR of each random factor); needs `rank <= min(shape)`. Default false. */
  orthogonal?: boolean;
  /** Normalise the factor columns, moving their norms into the weights. Default true. */
  normaliseFactors?: boolean;
}

/**
 * A random CP tensor: factors `(I_k, R)` of uniform [0, 1) samples drawn mode by mode, unit weights, then
 * (by default) normalised. TensorLy's `random.random_cp`.
 *
 * @param shape - shape of the full tensor.
 * @param rank - the CP rank, or `'same'` / a fraction (see `validateCpRank`).
 * @param options - `full`, `orthogonal`, `randomState`, `normaliseFactors` (default true), `dtype`.
 * @returns a CPTensor, or with `full: true` the full tensor.
 * @example
 * ```ts
 * const cp = randomCp([3, 4, 5], 2, { randomState: 0 }); // TensorLy's random_cp((3, 4, 5), 2, random_state=0)
 * const x = randomCp([3, 4, 5], 2, { full: true, randomState: 0 });
 * ```
 */
export function randomCp(
  shape: readonly number[],
  rank: RankSpec,
  options: RandomCpOptions & { full: true },
): Tensor;
export function randomCp(
  shape: readonly number[],
  rank: RankSpec,
  options?: RandomCpOptions & { full?: false },
): CPTensor;
export function randomCp(
  shape: readonly number[],
  rank: RankSpec,
  options?: RandomCpOptions,
): Tensor | CPTensor;
export function randomCp(
  shape: readonly number[],
  rank: RankSpec,
  options: RandomCpOptions = {},
): Tensor | CPTensor {
  return scope(() => {
    const fn = 'randomCp';
    checkShapeArg(fn, shape);
    const r = validateCpRank(shape, rank);
    if (options.orthogonal === true && r > Math.min(...shape)) {
      throw new ArgumentError(
        fn,
        'rank',
        `at most min(shape) = ${Math.min(...shape)} for orthogonal factors`,
        r,
      );
    }
    const state = checkRandomState(options.randomState);
    let factors = shape.map((s) => sample(state, [s, r], options.dtype));
    const weights = ones([r], options.dtype === undefined ? {} : { dtype: options.dtype });
    if (options.orthogonal === true) factors = factors.map((f) => qr(f)[0]);
    if (options.full === true) return cpToTensor([weights, factors]);
    if (options.normaliseFactors ?? true) return cpNormalize([weights, factors]);
    return new CPTensor(weights, factors);
  });
}

/** Options of {@link randomTucker}. */
export interface RandomTuckerOptions extends RandomOptions, RandomFullOption {
  /** Factors with orthonormal columns (from the QR of a square random matrix); needs `rank[k] <= shape[k]`. */
  orthogonal?: boolean;
  /** Take absolute values of the core and the factors. Default false. */
  nonNegative?: boolean;
}

/**
 * A random Tucker tensor: factors drawn mode by mode (`(I_k, R_k)` uniform samples, or with `orthogonal` the
 * first `R_k` columns of the Q of an `(I_k, I_k)` sample), then the core `(R_0, …)`. TensorLy's
 * `random.random_tucker`.
 *
 * @param shape - shape of the full tensor.
 * @param rank - the multilinear rank: a list, one integer for all modes, or `'same'` / a fraction.
 * @param options - `full`, `orthogonal`, `randomState`, `nonNegative`, `dtype`.
 * @returns a TuckerTensor, or with `full: true` the full tensor.
 * @example
 * ```ts
 * const t = randomTucker([3, 4, 5], [2, 2, 3], { randomState: 0 });
 * ```
 */
export function randomTucker(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomTuckerOptions & { full: true },
): Tensor;
export function randomTucker(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomTuckerOptions & { full?: false },
): TuckerTensor;
export function randomTucker(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomTuckerOptions,
): Tensor | TuckerTensor;
export function randomTucker(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomTuckerOptions = {},
): Tensor | TuckerTensor {
  return scope(() => {
    const fn = 'randomTucker';
    checkShapeArg(fn, shape);
    const state = checkRandomState(options.randomState);
    const ranks = validateTuckerRank(shape, rank);
    if (ranks.length !== shape.length) {
      throw new ArgumentError(fn, 'rank', `${shape.length} ranks, one per mode`, ranks);
    }
    const orthogonal = options.orthogonal === true;
    if (orthogonal) {
      ranks.forEach((r, i) => {
        if (r > shape[i]!) {
          throw new ArgumentError(
            fn,
            'rank',
            `rank[${i}] <= shape[${i}] = ${shape[i]} for orthogonal factors`,
            ranks,
          );
        }
      });
    }
    let factors = shape.map((s, i) => {
      const r = ranks[i]!;
      if (!orthogonal) return sample(state, [s, r], options.dtype);
      const [q] = qr(sample(state, [s, s], options.dtype));
      return index(q, [null, { start: 0, stop: r }]);
    });
    let core = sample(state, ranks, options.dtype);
    if (options.nonNegative === true) {
      factors = factors.map((f) => abs(f));
      core = abs(core);
    }
    if (options.full === true) return tuckerToTensor([core, factors]);
    return new TuckerTensor(core, factors);
  });
}

/**
 * A random tensor train: cores `(R_k, I_k, R_{k+1})` of uniform samples, drawn in order. TensorLy's
 * `random.random_tt`.
 *
 * @param shape - shape of the full tensor.
 * @param rank - `[1, R_1, …, 1]`, one integer for all bonds, or `'same'` / a fraction (see `validateTtRank`).
 * @param options - `full`, `randomState`, `dtype`.
 * @returns a TTTensor, or with `full: true` the full tensor.
 * @example
 * ```ts
 * const tt = randomTt([3, 4, 5], [1, 2, 3, 1], { randomState: 0 });
 * ```
 */
export function randomTt(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & { full: true },
): Tensor;
export function randomTt(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & { full?: false },
): TTTensor;
export function randomTt(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & RandomFullOption,
): Tensor | TTTensor;
export function randomTt(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & RandomFullOption = {},
): Tensor | TTTensor {
  return scope(() => {
    checkShapeArg('randomTt', shape);
    const ranks = validateTtRank(shape, rank);
    const state = checkRandomState(options.randomState);
    const factors = shape.map((s, i) => sample(state, [ranks[i]!, s, ranks[i + 1]!], options.dtype));
    if (options.full === true) return ttToTensor(factors);
    return new TTTensor(factors);
  });
}

/**
 * A random TT-matrix for a tensorized shape `(I_0, …, I_{N-1}, J_0, …, J_{N-1})`: cores
 * `(R_k, I_k, J_k, R_{k+1})` of uniform samples. TensorLy's `random.random_tt_matrix`, including its seeding:
 * each core is drawn from `randomState` afresh, so an integer seed restarts the stream for every core (the
 * cores then share their leading values) while a RandomState continues it.
 *
 * @param shape - the tensorized shape (row dimensions, then column dimensions).
 * @param rank - `[1, R_1, …, 1]`, one integer, or `'same'` / a fraction.
 * @param options - `full`, `randomState`, `dtype`.
 * @returns a TTMatrix, or with `full: true` the full tensorized matrix.
 * @example
 * ```ts
 * const ttm = randomTtMatrix([2, 2, 2, 3, 3, 3], 2, { randomState: tl.random.rng(0) });
 * ttm.toMatrix(); // (8, 27)
 * ```
 */
export function randomTtMatrix(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & { full: true },
): Tensor;
export function randomTtMatrix(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & { full?: false },
): TTMatrix;
export function randomTtMatrix(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & RandomFullOption,
): Tensor | TTMatrix;
export function randomTtMatrix(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & RandomFullOption = {},
): Tensor | TTMatrix {
  return scope(() => {
    checkShapeArg('randomTtMatrix', shape);
    const ranks = validateTtMatrixRank(shape, rank);
    const n = Math.floor(shape.length / 2);
    const factors: Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const state = checkRandomState(options.randomState);
      factors.push(sample(state, [ranks[i]!, shape[i]!, shape[n + i]!, ranks[i + 1]!], options.dtype));
    }
    if (options.full === true) return ttMatrixToTensor(factors);
    return new TTMatrix(factors);
  });
}

/**
 * A random tensor ring: cores `(R_k, I_k, R_{k+1})` of uniform samples, drawn in order, with `R_N = R_0`.
 * TensorLy's `random.random_tr`.
 *
 * @param shape - shape of the full tensor.
 * @param rank - `[R_0, …, R_0]` (`N + 1` entries), one integer, or `'same'` / a fraction.
 * @param options - `full`, `randomState`, `dtype`.
 * @returns a TRTensor, or with `full: true` the full tensor.
 * @example
 * ```ts
 * const tr = randomTr([3, 4, 5], [2, 3, 4, 2], { randomState: 0 });
 * ```
 */
export function randomTr(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & { full: true },
): Tensor;
export function randomTr(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & { full?: false },
): TRTensor;
export function randomTr(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options?: RandomOptions & RandomFullOption,
): Tensor | TRTensor;
export function randomTr(
  shape: readonly number[],
  rank: RankSpec | readonly number[],
  options: RandomOptions & RandomFullOption = {},
): Tensor | TRTensor {
  return scope(() => {
    checkShapeArg('randomTr', shape);
    const ranks = validateTrRank(shape, rank);
    const state = checkRandomState(options.randomState);
    const factors = shape.map((s, i) => sample(state, [ranks[i]!, s, ranks[i + 1]!], options.dtype));
    if (options.full === true) return trToTensor(factors);
    return new TRTensor(factors);
  });
}

/** Options of {@link randomParafac2}. */
export interface RandomParafac2Options extends RandomOptions, RandomFullOption {
  /** Normalise the factor columns, moving their norms into the weights. Default false. */
  normaliseFactors?: boolean;
}

/**
 * A random PARAFAC2 tensor with slices of shapes `shapes[i] = [J_i, K]`: first one orthonormal projection per
 * slice (the Q of a `(J_i, R)` uniform sample), then a random CP tensor `[A (I, R), B (R, R), C (K, R)]`
 * (not normalised). TensorLy's `random.random_parafac2`.
 *
 * @param shapes - `[J_i, K]` for each slice; every `K` must be equal.
 * @param rank - the number of components `R` (at most every `J_i`, for orthonormal projections).
 * @param options - `full`, `randomState`, `normaliseFactors` (default false), `dtype`.
 * @returns a Parafac2Tensor, or with `full: true` the (zero-padded) full tensor.
 * @example
 * ```ts
 * const p = randomParafac2([[4, 5], [6, 5], [5, 5]], 2, { randomState: 0 });
 * ```
 */
export function randomParafac2(
  shapes: readonly (readonly number[])[],
  rank: number,
  options: RandomParafac2Options & { full: true },
): Tensor;
export function randomParafac2(
  shapes: readonly (readonly number[])[],
  rank: number,
  options?: RandomParafac2Options & { full?: false },
): Parafac2Tensor;
export function randomParafac2(
  shapes: readonly (readonly number[])[],
  rank: number,
  options?: RandomParafac2Options,
): Tensor | Parafac2Tensor;
export function randomParafac2(
  shapes: readonly (readonly number[])[],
  rank: number,
  options: RandomParafac2Options = {},
): Tensor | Parafac2Tensor {
  return scope(() => {
    const fn = 'randomParafac2';
    if (
      !Array.isArray(shapes) ||
      shapes.length === 0 ||
      !shapes.every((s) => Array.isArray(s) && s.length === 2)
    ) {
      throw new ArgumentError(fn, 'shapes', 'a non-empty list of [J_i, K] pairs', shapes);
    }
    if (!Number.isInteger(rank) || rank < 1) throw new ArgumentError(fn, 'rank', 'a positive integer', rank);
    const k = shapes[0]![1]!;
    if (!shapes.every((s) => s[1] === k)) {
      throw new ArgumentError(fn, 'shapes', `matrices with an equal number of columns (${k})`, shapes);
    }
    shapes.forEach((s, i) => {
      if (s[0]! < rank) {
        throw new ArgumentError(
          fn,
          'rank',
          `at most shapes[${i}][0] = ${s[0]} (orthonormal projections)`,
          rank,
        );
      }
    });
    const state = checkRandomState(options.randomState);
    const projections = shapes.map((s) => qr(sample(state, [s[0]!, rank], options.dtype))[0]);
    const cp = randomCp([shapes.length, rank, k], rank, {
      normaliseFactors: false,
      randomState: state,
      ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
    });
    let p = new Parafac2Tensor(cp.weights, cp.factors, projections);
    if (options.normaliseFactors === true) p = parafac2Normalise(p);
    if (options.full === true) return parafac2ToTensor(p);
    return p;
  });
}
