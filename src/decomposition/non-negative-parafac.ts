import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { CPTensor, cpNormalize, cpToTensor, validateCpRank } from '../factorized/cp-tensor.js';
import {
  add,
  clip,
  context,
  divide,
  eps,
  matmul,
  multiply,
  ndim,
  norm,
  reshape,
  shape as shapeOf,
  subtract,
  transpose,
} from '../ops.js';
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
import { MttkrpTree } from './mttkrp-tree.js';
import { convergenceCriterion, converged, freeModes, iterationCount } from './options.js';
import {
  type CvgCriterion,
  cpErrorCalc,
  type InitializeCpOptions,
  initializeCp,
  ParafacResult,
} from './parafac.js';
import type { IterativeOptions } from './iterate.js';

/** Options of {@link nonNegativeParafac} (TensorLy's keyword arguments in camelCase). */
export interface NonNegativeParafacOptions
  extends Omit<InitializeCpOptions, 'nonNegative'>,
    IterativeOptions {
  /** Maximum number of sweeps (default 100). */
  nIterMax?: number;
  /** Convergence tolerance on the relative error (default 1e-6; 0 runs every sweep). */
  tol?: number;
  /** `'abs_rec_error'` (default) or `'rec_error'`. */
  cvgCriterion?: CvgCriterion;
  /** Modes kept as initialised (the last mode cannot be fixed). */
  fixedModes?: readonly number[];
}

function* body(
  tensorIn: Tensor,
  rankIn: number | 'same',
  options: NonNegativeParafacOptions,
): AlgorithmBody<ParafacResult> {
  const fn = 'nonNegativeParafac';
  const started = now();
  let tensor = tensorIn;
  const shape = shapeOf(tensor);
  const n = shape.length;
  const rank = validateCpRank(shape, rankIn);
  if (!Number.isInteger(rank) || rank < 1) throw new ArgumentError(fn, 'rank', 'a positive integer', rankIn);
  const nIterMax = iterationCount(fn, options.nIterMax, 100);
  const tol = options.tol ?? 1e-6;
  const cvg = convergenceCriterion(fn, options.cvgCriterion);
  const mask = options.mask ?? null;
  const epsilon = eps(context(tensor).dtype);
  const init = initializeCp(tensor, rank, { ...options, nonNegative: true });
  let weights = init.weights;
  let factors = init.factors.slice();
  const modes = freeModes(fn, options.fixedModes, n);
  const tree = MttkrpTree.applies(shape) && mask === null ? new MttkrpTree(shape) : null;
  const backend = currentBackend();
  let normTensor = norm(tensor, 2);
  const errors: number[] = [];
  let iterations = 0;
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    let mttkrp: Tensor | null = null;
    for (const mode of modes) {
      let accum: Tensor | null = null;
      for (let i = 0; i < n; i++) {
        if (i === mode) continue;
        const g = matmul(transpose(factors[i]!), factors[i]!);
        accum = accum === null ? g : multiply(accum, g);
      }
      accum = multiply(multiply(reshape(weights, [-1, 1]), accum!), reshape(weights, [1, -1]));
      if (mask !== null)
        tensor = add(
          multiply(tensor, mask),
          cpToTensor(new CPTensor(weights, factors), { mask: subtract(1, mask) }),
        );
      const raw = tree !== null ? tree.mttkrp(tensor, factors, mode) : backend.mttkrp(tensor, factors, mode);
      mttkrp = multiply(raw, reshape(weights, [1, -1]));
      const numerator = clip(mttkrp, epsilon, null);
      const denominator = clip(matmul(factors[mode]!, accum), epsilon, null);
      factors = factors.slice();
      factors[mode] = divide(multiply(factors[mode]!, numerator), denominator);
      if (options.normalizeFactors && mode !== modes[modes.length - 1]) {
        const normalized = cpNormalize(new CPTensor(weights, factors));
        weights = normalized.weights;
        factors = normalized.factors.slice();
      }
    }
    if (tol || options.onIteration) {
      const r = cpErrorCalc(tensor, normTensor, weights, factors, { mask, mttkrp });
      tensor = r.t;
      normTensor = r.nt;
      const recError = (yield r.err) / (yield normTensor);
      errors.push(recError);
      if (
        untracked(() => options.onIteration?.({ iteration, error: recError, elapsedMs: now() - started })) ===
        true
      )
        break;
      if (tol && iteration >= 1 && converged(cvg, errors[errors.length - 2]!, recError, tol)) break;
    }
    if (options.normalizeFactors) {
      const normalized = cpNormalize(new CPTensor(weights, factors));
      weights = normalized.weights;
      factors = normalized.factors.slice();
    }
    keepOnly(tensor, normTensor, weights, factors, tree);
  }
  return new ParafacResult(new CPTensor(weights, factors), errors, null, iterations);
}

/**
 * Non-negative CP decomposition by multiplicative updates (Lee & Seung, 2001; Shashua & Hazan, 2005), as
 * TensorLy's `non_negative_parafac`: NNDSVD or random non-negative initialisation, factors stay `>= 0`.
 *
 * @param tensor - a non-negative tensor.
 * @param rank - number of components.
 * @returns a {@link ParafacResult} with non-negative factors and the error history.
 * @example
 * ```ts
 * const cp = tl.decomposition.nonNegativeParafac(x, 3, { nIterMax: 200 });
 * ```
 */
export function nonNegativeParafac(
  tensor: Tensor,
  rank: number | 'same',
  options: NonNegativeParafacOptions = {},
): ParafacResult {
  if (ndim(tensor) < 2)
    throw new ArgumentError('nonNegativeParafac', 'tensor', 'a tensor with at least two axes', tensor);
  return runSync(() => body(tensor, rank, options), tensor);
}

/**
 * {@link nonNegativeParafac} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function nonNegativeParafacAsync(
  tensor: Tensor,
  rank: number | 'same',
  options: NonNegativeParafacOptions = {},
): Promise<ParafacResult> {
  if (ndim(tensor) < 2)
    throw new ArgumentError('nonNegativeParafac', 'tensor', 'a tensor with at least two axes', tensor);
  return runAsync(() => body(tensor, rank, options), options.signal, tensor);
}
