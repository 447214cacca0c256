import { ArgumentError } from '../errors.js';
import {
  TuckerTensor,
  tuckerNormalize,
  tuckerToTensor,
  validateTuckerRank,
} from '../factorized/tucker-tensor.js';
import {
  clip,
  divide,
  matmul,
  multiply,
  norm,
  shape as shapeOf,
  subtract,
  transpose,
  unfold,
} from '../ops.js';
import { modeDot, multiModeDot } from '../tenalg/mode-dot.js';
import type { Tensor } from '../types.js';
import {
  type AlgorithmBody,
  keepOnly,
  now,
  runAsync,
  runSync,
  throwIfAborted,
  untracked,
} from './iterate.js';
import { iterationCount } from './options.js';
import { initializeTucker, type PartialTuckerOptions, TuckerResult } from './tucker.js';

/** Options of {@link nonNegativeTucker} (TensorLy's keyword arguments in camelCase). */
export interface NonNegativeTuckerOptions
  extends Omit<PartialTuckerOptions, 'modes' | 'mask' | 'svdMaskRepeats'> {
  /** Normalise the factors into the core after each sweep. */
  normalizeFactors?: boolean;
}

/** TensorLy's floor for numerators and denominators of the multiplicative updates. */
const EPSILON = 1e-11;

function* body(
  tensor: Tensor,
  rankIn: number | 'same' | readonly number[],
  options: NonNegativeTuckerOptions,
): AlgorithmBody<TuckerResult> {
  const fn = 'nonNegativeTucker';
  const started = now();
  const shape = shapeOf(tensor);
  const n = shape.length;
  if (n < 2) throw new ArgumentError(fn, 'tensor', 'a tensor with at least two axes', tensor);
  const rank = validateTuckerRank(shape, rankIn);
  if (rank.length !== n || rank.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new ArgumentError(fn, 'rank', `${n} positive integers`, rankIn);
  }
  // TensorLy's default is only 10 sweeps; kept.
  const nIterMax = iterationCount(fn, options.nIterMax, 10);
  const tol = options.tol ?? 1e-4;
  let [core, factors] = initializeTucker(tensor, rank, [...Array(n).keys()], {
    ...options,
    nonNegative: true,
  });
  const normTensor = yield norm(tensor, 2);
  const errors: number[] = [];
  let iterations = 0;
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    for (let mode = 0; mode < n; mode++) {
      const b = transpose(
        unfold(tuckerToTensor(new TuckerTensor(core, factors), { skipFactor: mode }), mode),
      );
      const numerator = clip(matmul(unfold(tensor, mode), b), EPSILON, null);
      const denominator = clip(matmul(factors[mode]!, matmul(transpose(b), b)), EPSILON, null);
      factors = factors.slice();
      factors[mode] = multiply(factors[mode]!, divide(numerator, denominator));
    }
    const numerator = clip(multiModeDot(tensor, factors, { transpose: true }), EPSILON, null);
    let denominator = core;
    factors.forEach((f, i) => {
      denominator = modeDot(denominator, matmul(transpose(f), f), i);
    });
    core = multiply(core, divide(numerator, clip(denominator, EPSILON, null)));
    const recError =
      (yield norm(subtract(tensor, tuckerToTensor(new TuckerTensor(core, factors))), 2)) / normTensor;
    errors.push(recError);
    if (
      untracked(() => options.onIteration?.({ iteration, error: recError, elapsedMs: now() - started })) ===
      true
    )
      break;
    if (iteration > 1 && Math.abs(errors[errors.length - 2]! - recError) < tol) break;
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
 * Non-negative Tucker decomposition by multiplicative updates (Kim & Choi, 2007), TensorLy's
 * `non_negative_tucker`: core and factors stay `>= 0`. The default is TensorLy's 10 sweeps.
 *
 * @param tensor - a non-negative tensor.
 * @param rank - core shape (one integer per mode, one for all, or `'same'`).
 * @returns a {@link TuckerResult} with non-negative core and factors.
 * @example
 * ```ts
 * const t = tl.decomposition.nonNegativeTucker(x, [3, 3, 3], { nIterMax: 100 });
 * ```
 */
export function nonNegativeTucker(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: NonNegativeTuckerOptions = {},
): TuckerResult {
  return runSync(() => body(tensor, rank, options), tensor);
}

/**
 * {@link nonNegativeTucker} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function nonNegativeTuckerAsync(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: NonNegativeTuckerOptions = {},
): Promise<TuckerResult> {
  return runAsync(() => body(tensor, rank, options), options.signal, tensor);
}
