import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { CPTensor, cpNorm, cpNormalize, validateCpRank } from '../factorized/cp-tensor.js';
import {
  abs,
  add,
  matmul,
  multiply,
  norm,
  ones,
  reshape,
  shape as shapeOf,
  solve,
  sqrt,
  subtract,
  sum,
  transpose,
  context,
} from '../ops.js';
import { halsNnls } from '../solvers/hals-nnls.js';
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
import { MttkrpTree } from './mttkrp-tree.js';
import { convergenceCriterion, converged, iterationCount } from './options.js';
import { type CvgCriterion, type InitializeCpOptions, initializeCp, ParafacResult } from './parafac.js';

/** Options of {@link nonNegativeParafacHals} (TensorLy's keyword arguments in camelCase). */
export interface NonNegativeParafacHalsOptions
  extends Omit<InitializeCpOptions, 'nonNegative' | 'mask' | 'svdMaskRepeats'>,
    IterativeOptions {
  /** Maximum number of sweeps (default 100). */
  nIterMax?: number;
  /** Convergence tolerance on the relative error (default 1e-7). */
  tol?: number;
  /** ℓ₁ penalty per mode (one number for all modes, or one per mode; null for none). */
  sparsityCoefficients?: number | readonly (number | null)[] | null;
  /** Modes kept as initialised. */
  fixedModes?: readonly number[];
  /** Modes constrained to be non-negative: `'all'` (default), or a list (others are solved unconstrained). */
  nnModes?: 'all' | readonly number[] | null;
  /** Solve each non-negative least-squares problem to high precision (slow). */
  exact?: boolean;
  /** `'abs_rec_error'` (default) or `'rec_error'`. */
  cvgCriterion?: CvgCriterion;
}

function* body(
  tensor: Tensor,
  rankIn: number | 'same',
  options: NonNegativeParafacHalsOptions,
): AlgorithmBody<ParafacResult> {
  const fn = 'nonNegativeParafacHals';
  const started = now();
  const shape = shapeOf(tensor);
  const n = shape.length;
  if (n < 2) throw new ArgumentError(fn, 'tensor', 'a tensor with at least two axes', tensor);
  const rank = validateCpRank(shape, rankIn);
  if (!Number.isInteger(rank) || rank < 1) throw new ArgumentError(fn, 'rank', 'a positive integer', rankIn);
  const nIterMax = iterationCount(fn, options.nIterMax, 100);
  const tol = options.tol ?? 1e-7;
  const cvg = convergenceCriterion(fn, options.cvgCriterion);
  const fixed = new Set(options.fixedModes ?? []);
  for (const m of fixed)
    if (!Number.isInteger(m) || m < 0 || m >= n)
      throw new ArgumentError(fn, 'fixedModes', `modes in [0, ${n})`, m);
  const sc = options.sparsityCoefficients;
  const sparsity: (number | null)[] =
    sc === undefined || sc === null || typeof sc === 'number' ? Array(n).fill(sc ?? null) : [...sc];
  if (sparsity.length !== n)
    throw new ArgumentError(fn, 'sparsityCoefficients', `one value per mode (${n})`, sc);
  const nnModes = new Set(
    options.nnModes === undefined || options.nnModes === 'all'
      ? [...Array(n).keys()]
      : (options.nnModes ?? []),
  );
  const init = initializeCp(tensor, rank, { ...options, nonNegative: true });
  let weights = init.weights;
  let factors = init.factors.slice();
  const modes = [...Array(n).keys()].filter((m) => !fixed.has(m));
  const tree = MttkrpTree.applies(shape) ? new MttkrpTree(shape) : null;
  const backend = currentBackend();
  const normTensor = yield norm(tensor, 2);
  const ctx = context(tensor);
  const errors: number[] = [];
  let iterations = 0;
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    let mttkrp: Tensor | null = null;
    for (const mode of modes) {
      let gram = ones([rank, rank], ctx);
      for (let i = 0; i < n; i++)
        if (i !== mode) gram = multiply(gram, matmul(transpose(factors[i]!), factors[i]!));
      gram = multiply(multiply(reshape(weights, [-1, 1]), gram), reshape(weights, [1, -1]));
      const raw = tree !== null ? tree.mttkrp(tensor, factors, mode) : backend.mttkrp(tensor, factors, mode);
      mttkrp = multiply(raw, reshape(weights, [1, -1]));
      factors = factors.slice();
      if (nnModes.has(mode)) {
        const v = halsNnls(transpose(mttkrp), gram, {
          V: transpose(factors[mode]!),
          nIterMax: 100,
          sparsityCoefficient: sparsity[mode],
          exact: options.exact ?? false,
        });
        factors[mode] = transpose(v);
      } else {
        factors[mode] = transpose(solve(transpose(gram), transpose(mttkrp)));
      }
      if (options.normalizeFactors && mode !== modes[modes.length - 1]) {
        const normalized = cpNormalize(new CPTensor(weights, factors));
        weights = normalized.weights;
        factors = normalized.factors.slice();
      }
    }
    if ((tol || options.onIteration) && mttkrp !== null) {
      // TensorLy's formula, with the MTTKRP of the last updated mode against the last factor.
      const factorsNorm = cpNorm(new CPTensor(weights, factors));
      const iprod = sum(multiply(mttkrp, factors[n - 1]!));
      const sq = subtract(
        add(normTensor * normTensor, multiply(factorsNorm, factorsNorm)),
        multiply(iprod, 2),
      );
      const recError = (yield sqrt(abs(sq))) / normTensor;
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
    keepOnly(weights, factors, tree);
  }
  return new ParafacResult(new CPTensor(weights, factors), errors, null, iterations);
}

/**
 * Non-negative CP decomposition by hierarchical alternating least squares (HALS; Cichocki & Phan 2009,
 * Gillis & Glineur 2012), TensorLy's `non_negative_parafac_hals`: each mode's factor is the exact
 * block-coordinate update of a non-negative least-squares problem, optionally sparse (`sparsityCoefficients`)
 * or unconstrained for modes outside `nnModes`.
 *
 * @param tensor - the tensor to decompose.
 * @param rank - number of components.
 * @returns a {@link ParafacResult} (factors of `nnModes` are non-negative).
 * @example
 * ```ts
 * const cp = tl.decomposition.nonNegativeParafacHals(x, 3, { nIterMax: 100 });
 * ```
 */
export function nonNegativeParafacHals(
  tensor: Tensor,
  rank: number | 'same',
  options: NonNegativeParafacHalsOptions = {},
): ParafacResult {
  return runSync(() => body(tensor, rank, options), tensor);
}

/**
 * {@link nonNegativeParafacHals} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function nonNegativeParafacHalsAsync(
  tensor: Tensor,
  rank: number | 'same',
  options: NonNegativeParafacHalsOptions = {},
): Promise<ParafacResult> {
  return runAsync(() => body(tensor, rank, options), options.signal, tensor);
}
