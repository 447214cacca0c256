import type { Seed } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import { CPTensor, cpToTensor, validateCpRank } from '../factorized/cp-tensor.js';
import {
  context,
  matmul,
  multiply,
  norm,
  ones,
  reshape,
  shape as shapeOf,
  solve,
  subtract,
  take,
  transpose,
} from '../ops.js';
import { RandomState } from '../random/random-state.js';
import type { SvdMethod } from '../tenalg/svd-interface.js';
import type { Tensor } from '../types.js';
import {
  type AlgorithmBody,
  type IterativeOptions,
  keepOnly,
  now,
  runAsync,
  runSync,
  throwIfAborted,
  untracked,
} from './iterate.js';
import { type CpInit, initializeCp, ParafacResult } from './parafac.js';

/** Options of {@link sampleKhatriRao}. */
export interface SampleKhatriRaoOptions {
  /** Leave this matrix out of the product. */
  skipMatrix?: number | null;
  /** Row indices to use per (kept) matrix instead of drawing them. */
  indicesList?: readonly (readonly number[])[] | null;
  /** Seed or generator for the draws (pass one generator across calls in a loop). */
  randomState?: Seed;
}

/** What {@link sampleKhatriRao} returns. */
export interface SampledKhatriRao {
  /** The sampled rows of the Khatri–Rao product, `(nSamples, R)`. */
  sampledKr: Tensor;
  /** The row drawn from each (kept) matrix, one list per matrix. */
  indicesList: number[][];
  /** The sampled rows' indices in the full Khatri–Rao product. */
  indicesKr: number[];
}

/**
 * Random rows of the Khatri–Rao product of `matrices` without forming it (Battaglino, Ballard & Kolda,
 * "A practical randomized CP tensor decomposition", SIAM J. Matrix Anal. Appl. 39(2), 2018): each sampled
 * row is the element-wise product of one uniformly drawn row per matrix. TensorLy's `sample_khatri_rao`.
 *
 * @param matrices - matrices `(I_k, R)`.
 * @param nSamples - number of rows to draw.
 * @returns the sampled rows `(nSamples, R)`, the row drawn from each matrix, and the rows' indices in the full product.
 * @example
 * ```ts
 * const { sampledKr } = tl.decomposition.sampleKhatriRao(cp.factors, 50, { skipMatrix: 0, randomState: rng });
 * ```
 */
export function sampleKhatriRao(
  matrices: readonly Tensor[],
  nSamples: number,
  options: SampleKhatriRaoOptions = {},
): SampledKhatriRao {
  const fn = 'sampleKhatriRao';
  if (!Number.isInteger(nSamples) || nSamples < 1)
    throw new ArgumentError(fn, 'nSamples', 'a positive integer', nSamples);
  const skip = options.skipMatrix;
  const kept = skip === undefined || skip === null ? [...matrices] : matrices.filter((_, i) => i !== skip);
  if (kept.length === 0)
    throw new ArgumentError(fn, 'matrices', 'at least one matrix besides the skipped one', matrices);
  const sizes = kept.map((m) => shapeOf(m)[0]!);
  let indicesList: number[][];
  if (options.indicesList) {
    if (options.indicesList.length !== kept.length) {
      throw new ArgumentError(
        fn,
        'indicesList',
        `${kept.length} lists of row indices`,
        options.indicesList.length,
      );
    }
    indicesList = options.indicesList.map((l) => [...l]);
  } else {
    const rng = RandomState.fromSeed(options.randomState);
    indicesList = sizes.map((s) => Array.from(rng.randint(0, s, nSamples) as ArrayLike<number>));
  }
  const rank = shapeOf(kept[0]!)[1]!;
  let sampled = ones([nSamples, rank], context(kept[0]!));
  kept.forEach((m, k) => {
    sampled = multiply(sampled, take(m, indicesList[k]!, 0));
  });
  const indicesKr = new Array<number>(nSamples).fill(0);
  indicesList.forEach((indices, k) => {
    for (let s = 0; s < nSamples; s++) indicesKr[s] = indicesKr[s]! * sizes[k]! + indices[s]!;
  });
  return { sampledKr: sampled, indicesList, indicesKr };
}

/** Options of {@link randomisedParafac} (TensorLy's keyword arguments in camelCase). */
export interface RandomisedParafacOptions extends IterativeOptions {
  /** Maximum number of sweeps (default 100). */
  nIterMax?: number;
  /** Initialisation (default `'random'`). */
  init?: CpInit;
  /** SVD method for `'svd'` initialisation. */
  svd?: SvdMethod;
  /** Convergence tolerance on the relative error (default 1e-8). */
  tol?: number;
  /** Stop after this many sweeps without a new best error (default 20; 0 disables). */
  maxStagnation?: number;
  /** Seed or generator for the initialisation and the row draws. */
  randomState?: Seed;
  /** TensorLy's callback: `(cp, error)` after each sweep (and `(cp)` before the first); `true` stops. */
  callback?: (cp: CPTensor, recError?: number) => unknown;
}

function* body(
  tensor: Tensor,
  rankIn: number | 'same',
  nSamples: number,
  options: RandomisedParafacOptions,
): AlgorithmBody<ParafacResult> {
  const fn = 'randomisedParafac';
  const started = now();
  const shape = shapeOf(tensor);
  const n = shape.length;
  const rank = validateCpRank(shape, rankIn);
  if (!Number.isInteger(rank) || rank < 1) throw new ArgumentError(fn, 'rank', 'a positive integer', rankIn);
  if (!Number.isInteger(nSamples) || nSamples < 1)
    throw new ArgumentError(fn, 'nSamples', 'a positive integer', nSamples);
  const nIterMax = options.nIterMax ?? 100;
  const tol = options.tol ?? 1e-8;
  const maxStagnation = options.maxStagnation ?? 20;
  const rng = RandomState.fromSeed(options.randomState);
  const init = initializeCp(tensor, rank, {
    init: options.init ?? 'random',
    svd: options.svd,
    randomState: rng,
  });
  let factors = init.factors.slice();
  const weights = ones([rank], context(tensor));
  const normTensor = yield norm(tensor, 2);
  const flat = reshape(tensor, [-1]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const errors: number[] = [];
  let minError = 0;
  let stagnation = 0;
  let iterations = 0;
  untracked(() => options.callback?.(new CPTensor(weights, factors)));
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    for (let mode = 0; mode < n; mode++) {
      const { sampledKr, indicesList } = sampleKhatriRao(factors, nSamples, {
        skipMatrix: mode,
        randomState: rng,
      });
      // The sampled fibres X[i_0[s], ..., :, ..., i_{N-1}[s]] as an (nSamples, I_mode) matrix, gathered by flat index.
      const others = [...Array(n).keys()].filter((m) => m !== mode);
      const im = shape[mode]!;
      const flatIdx = new Array<number>(nSamples * im);
      for (let s = 0; s < nSamples; s++) {
        let base = 0;
        others.forEach((m, k) => {
          base += indicesList[k]![s]! * strides[m]!;
        });
        for (let i = 0; i < im; i++) flatIdx[s * im + i] = base + i * strides[mode]!;
      }
      const sampledUnfolding = reshape(take(flat, flatIdx, 0), [nSamples, im]);
      const gram = matmul(transpose(sampledKr), sampledKr);
      const rhs = matmul(transpose(sampledKr), sampledUnfolding);
      factors = factors.slice();
      factors[mode] = transpose(solve(gram, rhs));
    }
    let recError = Number.NaN;
    if (maxStagnation || tol || options.callback || options.onIteration) {
      recError = (yield norm(subtract(tensor, cpToTensor(new CPTensor(weights, factors))), 2)) / normTensor;
    }
    const stop = untracked(() => {
      let halt = options.callback?.(new CPTensor(weights, factors), recError) === true;
      halt =
        options.onIteration?.({ iteration, error: recError, elapsedMs: now() - started }) === true || halt;
      return halt;
    });
    if (stop) break;
    if (maxStagnation || tol) {
      if (!minError || recError < minError) {
        minError = recError;
        stagnation = -1;
      }
      stagnation++;
      errors.push(recError);
      if (
        iteration > 1 &&
        ((tol && Math.abs(errors[errors.length - 2]! - recError) < tol) ||
          (stagnation && stagnation > maxStagnation))
      ) {
        break;
      }
    }
    keepOnly(factors, weights, flat);
  }
  return new ParafacResult(new CPTensor(weights, factors), errors, null, iterations);
}

/**
 * Randomised CP-ALS (CPRAND; Battaglino, Ballard & Kolda 2018), TensorLy's `randomised_parafac`: each
 * least-squares update uses `nSamples` random rows of the Khatri–Rao product and the matching fibres of
 * the tensor instead of the whole unfolding.
 *
 * @param tensor - the tensor to decompose.
 * @param rank - number of components.
 * @param nSamples - rows sampled per update.
 * @returns a {@link ParafacResult}.
 * @example
 * ```ts
 * const cp = tl.decomposition.randomisedParafac(x, 4, 100, { nIterMax: 100, randomState: 0 });
 * ```
 */
export function randomisedParafac(
  tensor: Tensor,
  rank: number | 'same',
  nSamples: number,
  options: RandomisedParafacOptions = {},
): ParafacResult {
  return runSync(() => body(tensor, rank, nSamples, options));
}

/** {@link randomisedParafac} without blocking, cancellable with `signal`. */
export function randomisedParafacAsync(
  tensor: Tensor,
  rank: number | 'same',
  nSamples: number,
  options: RandomisedParafacOptions = {},
): Promise<ParafacResult> {
  return runAsync(() => body(tensor, rank, nSamples, options), options.signal);
}
