import { ArgumentError } from '../errors.js';
import {
  TuckerTensor,
  tuckerNormalize,
  tuckerToTensor,
  validateTuckerRank,
} from '../factorized/tucker-tensor.js';
import { index, item, matmul, norm, reshape, shape as shapeOf, subtract, transpose, unfold } from '../ops.js';
import { activeSetNnls } from '../solvers/active-set-nnls.js';
import { fista } from '../solvers/fista.js';
import { halsNnls } from '../solvers/hals-nnls.js';
import { kronecker } from '../tenalg/kronecker.js';
import { modeDot, multiModeDot } from '../tenalg/mode-dot.js';
import { truncatedSvd } from '../tenalg/truncated-svd.js';
import type { Tensor } from '../types.js';
import { tensorToVec } from '../base.js';
import {
  type AlgorithmBody,
  keepOnly,
  now,
  runAsync,
  runSync,
  throwIfAborted,
  untracked,
} from './iterate.js';
import { freeModes, iterationCount } from './options.js';
import { initializeTucker, type PartialTuckerOptions, TuckerResult } from './tucker.js';

/** Options of {@link nonNegativeTuckerHals} (TensorLy's keyword arguments in camelCase). */
export interface NonNegativeTuckerHalsOptions
  extends Omit<PartialTuckerOptions, 'modes' | 'mask' | 'svdMaskRepeats'> {
  /** ℓ₁ penalty per factor (one number for all modes, or one per mode; null for none). */
  sparsityCoefficients?: number | readonly (number | null)[] | null;
  /** ℓ₁ penalty on the core (FISTA only). */
  coreSparsityCoefficient?: number | null;
  /** Modes whose factors stay as initialised (the last mode cannot be fixed). */
  fixedModes?: readonly number[];
  /** Normalise the factors into the core after each sweep. */
  normalizeFactors?: boolean;
  /** Solve each factor's non-negative least squares to high precision. */
  exact?: boolean;
  /** Core update: `'fista'` (default, accelerated proximal gradient) or `'active_set'` (exact NNLS). */
  algorithm?: 'fista' | 'active_set';
}

function* body(
  tensor: Tensor,
  rankIn: number | 'same' | readonly number[],
  options: NonNegativeTuckerHalsOptions,
): AlgorithmBody<TuckerResult> {
  const fn = 'nonNegativeTuckerHals';
  const started = now();
  const shape = shapeOf(tensor);
  const n = shape.length;
  if (n < 2) throw new ArgumentError(fn, 'tensor', 'a tensor with at least two axes', tensor);
  const rank = validateTuckerRank(shape, rankIn);
  if (rank.length !== n || rank.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new ArgumentError(fn, 'rank', `${n} positive integers`, rankIn);
  }
  const nIterMax = iterationCount(fn, options.nIterMax, 100);
  const tol = options.tol ?? 1e-8;
  const algorithm = options.algorithm ?? 'fista';
  if (algorithm !== 'fista' && algorithm !== 'active_set') {
    throw new ArgumentError(fn, 'algorithm', "'fista' or 'active_set'", algorithm);
  }
  const sc = options.sparsityCoefficients;
  const sparsity: (number | null)[] =
    sc === undefined || sc === null || typeof sc === 'number' ? Array(n).fill(sc ?? null) : [...sc];
  if (sparsity.length !== n)
    throw new ArgumentError(fn, 'sparsityCoefficients', `one value per mode (${n})`, sc);
  const modes = freeModes(fn, options.fixedModes, n);
  for (let m = 0; m < n; m++) if (!modes.includes(m)) sparsity[m] = null;
  const allModes = [...Array(n).keys()];
  let [core, factors] = initializeTucker(tensor, rank, allModes, { ...options, nonNegative: true });
  const normTensor = yield norm(tensor, 2);
  const errors: number[] = [];
  let iterations = 0;
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    let grams: Tensor[] = factors.slice();
    let tensorCross: Tensor = tensor;
    for (const mode of modes) {
      grams = factors.map((f, i) => (i === mode ? f : matmul(transpose(f), f)));
      const coreCross = multiModeDot(core, grams, { skip: mode });
      const utu = matmul(unfold(coreCross, mode), transpose(unfold(core, mode)));
      tensorCross = multiModeDot(tensor, factors, { skip: mode, transpose: true });
      const utm = transpose(matmul(unfold(tensorCross, mode), transpose(unfold(core, mode))));
      const v = halsNnls(utm, utu, {
        V: transpose(factors[mode]!),
        nIterMax: 100,
        sparsityCoefficient: sparsity[mode],
        exact: options.exact ?? false,
      });
      factors = factors.slice();
      factors[mode] = transpose(v);
    }
    grams = grams.slice();
    grams[n - 1] = matmul(transpose(factors[n - 1]!), factors[n - 1]!);
    if (algorithm === 'fista') {
      const estimate = multiModeDot(tensor, factors, { transpose: true });
      let lr = 1;
      // TensorLy's step: the product of the inverse largest singular values of the Gram matrices.
      for (const g of grams) lr /= item(index(truncatedSvd(g)[1], [0]));
      core = fista(estimate, grams, {
        x: core,
        nIterMax,
        sparsityCoef: options.coreSparsityCoefficient ?? null,
        lr,
      });
    } else {
      const last = modes[modes.length - 1]!;
      const vec = tensorToVec(modeDot(tensorCross, transpose(factors[last]!), last));
      const x = activeSetNnls(vec, kronecker(grams), { x: tensorToVec(core), nIterMax });
      core = reshape(x, shapeOf(core));
    }
    const recError =
      (yield norm(subtract(tensor, tuckerToTensor(new TuckerTensor(core, factors))), 2)) / normTensor;
    errors.push(recError);
    if (
      untracked(() => options.onIteration?.({ iteration, error: recError, elapsedMs: now() - started })) ===
      true
    )
      break;
    if (iteration > 1 && tol && Math.abs(errors[errors.length - 2]! - recError) < tol) break;
    if (options.normalizeFactors) {
      const normalized = tuckerNormalize(new TuckerTensor(core, factors));
      core = normalized.core;
      factors = normalized.factors.slice();
    }
    keepOnly(core, factors);
  }
  return new TuckerResult(core, factors, errors, iterations);
}

/**
 * Non-negative Tucker decomposition by HALS for the factors and FISTA or an active-set NNLS for the core
 * (Marmoret et al., "Nonnegative Tucker decomposition with beta-divergence", 2020; TensorLy's
 * `non_negative_tucker_hals`), with optional ℓ₁ sparsity on factors and core.
 *
 * @param tensor - a non-negative tensor.
 * @param rank - core shape.
 * @returns a {@link TuckerResult} with non-negative core and factors.
 * @example
 * ```ts
 * const t = tl.decomposition.nonNegativeTuckerHals(x, [3, 3, 3], { algorithm: 'active_set' });
 * ```
 */
export function nonNegativeTuckerHals(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: NonNegativeTuckerHalsOptions = {},
): TuckerResult {
  return runSync(() => body(tensor, rank, options), tensor);
}

/**
 * {@link nonNegativeTuckerHals} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function nonNegativeTuckerHalsAsync(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: NonNegativeTuckerHalsOptions = {},
): Promise<TuckerResult> {
  return runAsync(() => body(tensor, rank, options), options.signal, tensor);
}
