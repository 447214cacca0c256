import type { Seed } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { CPTensor, cpNorm, cpNormalize, cpToTensor, validateCpRank } from '../factorized/cp-tensor.js';
import {
  abs,
  add,
  all,
  prod,
  equal,
  concatenate,
  context,
  copy,
  eye,
  index,
  item,
  matmul,
  multiply,
  ndim,
  norm,
  ones,
  qr,
  reshape,
  shape as shapeOf,
  solve,
  sort,
  subtract,
  sum,
  tensor as makeTensor,
  transpose,
  unfold,
  where,
  zerosLike,
} from '../ops.js';
import { randomCp } from '../random/generators.js';
import { RandomState } from '../random/random-state.js';
import { leftSvdInterface, type SvdMethod } from '../tenalg/svd-interface.js';
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
import { type CvgCriterion, convergenceCriterion, converged, freeModes, iterationCount } from './options.js';

export type { CvgCriterion } from './options.js';

/** How `parafac` starts: from SVDs of the unfoldings, from random factors, or from a given CP tensor. */
export type CpInit = 'svd' | 'random' | CPTensor;

/** Options of {@link initializeCp}. */
export interface InitializeCpOptions {
  /** `'svd'` (default), `'random'`, or a CP tensor to start from (never modified). */
  init?: CpInit;
  /** SVD method for `'svd'` initialisation (default `'truncated_svd'`). */
  svd?: SvdMethod;
  /** Make the initial factors non-negative (absolute values; NNDSVD for `'svd'`). */
  nonNegative?: boolean;
  /** Seed or generator for the random parts. */
  randomState?: Seed;
  /** Normalise the initial factors into the weights. */
  normalizeFactors?: boolean;
  /** Missing-value mask (1 = observed), used by the SVD initialisation. */
  mask?: Tensor | null;
  /** Imputation rounds of the masked SVD (default 5). */
  svdMaskRepeats?: number;
}

/**
 * Initial factors for CP decompositions (TensorLy's `initialize_cp`): leading left singular vectors of
 * each unfolding (the first scaled by the singular values; random columns pad modes shorter than the
 * rank), uniform random factors, or a user CP tensor whose non-unit weights are folded into the factors
 * as their geometric mean.
 *
 * @param tensor - the tensor to decompose, `(I_0, ..., I_{N-1})`.
 * @param rank - the number of components.
 * @returns a CP tensor with unit weights (unless `normalizeFactors`).
 */
export function initializeCp(tensor: Tensor, rank: number, options: InitializeCpOptions = {}): CPTensor {
  const init = options.init ?? 'svd';
  const rng = RandomState.fromSeed(options.randomState);
  const ctx = context(tensor);
  const shape = shapeOf(tensor);
  let factors: Tensor[];
  if (init === 'random') {
    factors = randomCp(shape, rank, {
      normaliseFactors: false,
      randomState: rng,
      dtype: ctx.dtype,
    }).factors.slice();
  } else if (init === 'svd') {
    factors = [];
    for (let mode = 0; mode < shape.length; mode++) {
      const maskUnfold = options.mask ? unfold(options.mask, mode) : null;
      let [u, s] = leftSvdInterface(unfold(tensor, mode), {
        nEigenvecs: rank,
        method: options.svd ?? 'truncated_svd',
        nonNegative: options.nonNegative ?? false,
        mask: maskUnfold,
        nIterMaskImputation: options.svdMaskRepeats ?? 5,
      });
      if (mode === 0) {
        const k = Math.min(rank, shapeOf(s)[0]!);
        const scaled = multiply(index(u, [null, { stop: k }]), reshape(index(s, [{ stop: k }]), [1, k]));
        u = k < shapeOf(u)[1]! ? concatenate([scaled, index(u, [null, { start: k }])], 1) : scaled;
      }
      if (shape[mode]! < rank) {
        const rows = shapeOf(u)[0]!;
        const missing = rank - shape[mode]!;
        const randomPart = makeTensor(rng.randomSample(rows * missing), {
          shape: [rows, missing],
          dtype: ctx.dtype,
        });
        u = concatenate([u, randomPart], 1);
      }
      factors.push(index(u, [null, { stop: rank }]));
    }
  } else if (init instanceof CPTensor) {
    if (init.rank !== rank)
      throw new ArgumentError('parafac', 'init', `a CP tensor of rank ${rank}`, `rank ${init.rank}`);
    const w = init.weights;
    const allOnes = item(all(equal(w, 1))) === 1;
    if (allOnes) factors = init.factors.map((f) => copy(f));
    else {
      // TensorLy folds non-unit weights into every factor as their geometric mean.
      const avg = item(prod(w)) ** (1 / shapeOf(w)[0]!);
      factors = init.factors.map((f) => multiply(f, avg));
    }
  } else {
    throw new ArgumentError('parafac', 'init', "'svd', 'random' or a CPTensor", init);
  }
  if (options.nonNegative) factors = factors.map((f) => abs(f));
  let cp = new CPTensor(null, factors);
  if (options.normalizeFactors) cp = cpNormalize(cp);
  return cp;
}

/** Options of {@link parafac} (TensorLy's keyword arguments in camelCase). */
export interface ParafacOptions extends InitializeCpOptions, IterativeOptions {
  /** Maximum number of ALS iterations (default 100). */
  nIterMax?: number;
  /** Convergence tolerance on the relative reconstruction error (default 1e-8; 0 runs every iteration). */
  tol?: number;
  /** Orthogonalise the factors by QR for the first `orthogonalise` iterations (`true`: every iteration). */
  orthogonalise?: boolean | number;
  /** Keep the `sparsity` largest residual entries (an integer count, or a fraction of the size) as a sparse component. */
  sparsity?: number | null;
  /** Ridge penalty added to each least-squares system (default 0). */
  l2Reg?: number;
  /** Stop on |Δerror| < tol (`'abs_rec_error'`, default) or Δerror < tol (`'rec_error'`). */
  cvgCriterion?: CvgCriterion;
  /** Modes whose factors stay as initialised. The last mode cannot be fixed (it is un-fixed, as TensorLy). */
  fixedModes?: readonly number[];
  /** Bro's line search: extrapolate every second iteration after the fifth. */
  linesearch?: boolean;
  /**
   * TensorLy's callback: called with the CP tensor and the relative error before the first iteration and
   * after each one; returning `true` stops.
   */
  callback?: (cp: CPTensor, recError: number) => unknown;
}

/** What {@link parafac} returns: the CP tensor with its fit history. */
export class ParafacResult extends CPTensor {
  /**
   * Relative reconstruction error after each iteration that computed one: every iteration when `tol > 0` or a
   * `callback`/`onIteration` listens (line-search iterations excepted, as TensorLy), else none.
   */
  readonly errors: number[];
  /** The sparse component when `sparsity` was given, else `null`. */
  readonly sparseComponent: Tensor | null;
  /** Iterations run. */
  readonly iterations: number;

  constructor(cp: CPTensor, errors: number[], sparseComponent: Tensor | null, iterations: number) {
    super(cp.weights, cp.factors);
    this.errors = errors;
    this.sparseComponent = sparseComponent;
    this.iterations = iterations;
  }
}

/** What {@link cpErrorCalc} returns: the unnormalised error, and the tensor and norm after re-imputation. */
export interface CpErrorResult {
  /** ‖X − model (− sparse part)‖ as a 0-d tensor. */
  err: Tensor;
  /** The tensor, with missing entries re-imputed from the model when a mask is given. */
  t: Tensor;
  /** The norm of `t`. */
  nt: Tensor;
}

/**
 * Reconstruction error of a CP model (TensorLy's `error_calc`): from the MTTKRP of the last mode through
 * ‖X‖² − 2⟨X, M⟩ + ‖M‖² when possible, else by forming the model (with a mask, re-imputing the missing
 * entries first; with `sparsity`, subtracting the sparse part of the residual).
 */
export function cpErrorCalc(
  tensor: Tensor,
  normTensor: Tensor,
  weights: Tensor,
  factors: readonly Tensor[],
  options: { sparsity?: number; mask?: Tensor | null; mttkrp?: Tensor | null },
): CpErrorResult {
  const sparsity = options.sparsity ?? 0;
  const mask = options.mask ?? null;
  const mttkrp = options.mttkrp ?? null;
  let t = tensor;
  let nt = normTensor;
  if (mask !== null || mttkrp === null || sparsity > 0) {
    const lowRank = cpToTensor(new CPTensor(weights, factors));
    if (mask !== null) {
      t = add(multiply(t, mask), multiply(lowRank, subtract(1, mask)));
      nt = norm(t, 2);
    }
    let resid = subtract(t, lowRank);
    if (sparsity > 0) resid = subtract(resid, sparsify(resid, sparsity));
    return { err: norm(resid, 2), t, nt };
  }
  const factorsNorm = cpNorm(new CPTensor(weights, factors));
  const iprod = sum(multiply(mttkrp, factors[factors.length - 1]!));
  const sq = add(subtract(multiply(nt, nt), multiply(iprod, 2)), multiply(factorsNorm, factorsNorm));
  return { err: currentBackend().sqrt(abs(sq)), t, nt };
}

/** Zeros all but the `card` entries of largest magnitude (TensorLy's `sparsify_tensor`). */
function sparsify(t: Tensor, card: number): Tensor {
  const size = shapeOf(t).reduce((p, d) => p * d, 1);
  if (card >= size) return t;
  const sorted = sort(reshape(abs(t), [-1]), null);
  const bound = index(sorted, [size - card]);
  return where(currentBackend().less(abs(t), bound), zerosLike(t), t);
}

/**
 * CANDECOMP/PARAFAC decomposition by alternating least squares (Kolda & Bader, 2009), faithful to
 * TensorLy's `parafac`: SVD or random initialisation, ridge `l2Reg`, missing values (`mask`, re-imputed at
 * each iteration, Tomasi & Bro 2005), a sparse component (`sparsity`), orthogonalisation, fixed modes and
 * Bro's line search. The error is computed from the MTTKRP identity
 * ‖X‖² − 2⟨X, M⟩ + ‖M‖² without forming the reconstruction when possible.
 *
 * @param tensor - the tensor to decompose, `(I_0, ..., I_{N-1})`.
 * @param rank - number of components (TensorLy's `validate_cp_rank` rules: an integer, `'same'` or a fraction).
 * @param options - TensorLy's keyword arguments in camelCase, plus `onIteration` and `signal`.
 * @returns a {@link ParafacResult}: the CP tensor (`weights (R,)`, `factors[k] (I_k, R)`), `errors`, `sparseComponent`.
 * @example
 * ```ts
 * const x = tl.random.randomCp([10, 11, 12], 3, { full: true, randomState: 0 });
 * const cp = tl.decomposition.parafac(x, 3, { nIterMax: 200, tol: 1e-10 });
 * cp.errors.at(-1); // relative error
 * ```
 */
export function parafac(tensor: Tensor, rank: number | 'same', options: ParafacOptions = {}): ParafacResult {
  return runSync(() => parafacBody(tensor, rank, options), tensor);
}

/**
 * {@link parafac} without blocking: scalars are read asynchronously (GPU engines) and `signal` can cancel.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 *
 * @example
 * ```ts
 * const cp = await tl.decomposition.parafacAsync(x, 3, { signal: AbortSignal.timeout(5000) });
 * ```
 */
export function parafacAsync(
  tensor: Tensor,
  rank: number | 'same',
  options: ParafacOptions = {},
): Promise<ParafacResult> {
  return runAsync(() => parafacBody(tensor, rank, options), options.signal, tensor);
}

function validateOptions(tensor: Tensor, options: ParafacOptions): void {
  const fn = 'parafac';
  iterationCount(fn, options.nIterMax, 100);
  if (options.tol !== undefined && !(options.tol >= 0))
    throw new ArgumentError(fn, 'tol', 'a number >= 0', options.tol);
  if (options.l2Reg !== undefined && !(options.l2Reg >= 0))
    throw new ArgumentError(fn, 'l2Reg', 'a number >= 0', options.l2Reg);
  convergenceCriterion(fn, options.cvgCriterion);
  if (options.mask) {
    const ms = shapeOf(options.mask);
    const ts = shapeOf(tensor);
    if (ms.length !== ts.length || ms.some((d, i) => d !== ts[i])) {
      throw new ArgumentError(fn, 'mask', `a tensor of the tensor's shape [${ts.join(', ')}]`, options.mask);
    }
  }
  freeModes(fn, options.fixedModes, ndim(tensor));
}

function* parafacBody(
  tensorIn: Tensor,
  rankIn: number | 'same',
  options: ParafacOptions,
): AlgorithmBody<ParafacResult> {
  const started = now();
  let tensor = tensorIn;
  const shape = shapeOf(tensor);
  const nModes = shape.length;
  if (nModes < 1) throw new ArgumentError('parafac', 'tensor', 'a tensor with at least one axis', tensor);
  validateOptions(tensor, options);
  const rank = validateCpRank(shape, rankIn);
  if (!Number.isInteger(rank) || rank < 1)
    throw new ArgumentError('parafac', 'rank', 'a positive integer', rankIn);
  const nIterMax = options.nIterMax ?? 100;
  const tol = options.tol ?? 1e-8;
  const mask = options.mask ?? null;
  const cvg = options.cvgCriterion ?? 'abs_rec_error';
  const orthogonalise =
    options.orthogonalise === true
      ? nIterMax
      : options.orthogonalise === false || options.orthogonalise === undefined
        ? 0
        : options.orthogonalise;
  const linesearch = options.linesearch ?? false;
  const ctx = context(tensor);
  const backend = currentBackend();

  const init = initializeCp(tensor, rank, {
    init: options.init ?? 'svd',
    svd: options.svd ?? 'truncated_svd',
    randomState: options.randomState,
    normalizeFactors: options.normalizeFactors ?? false,
    mask,
    svdMaskRepeats: options.svdMaskRepeats ?? 5,
  });
  let weights = init.weights;
  let factors = init.factors.slice();

  const fixed = new Set(options.fixedModes ?? []);
  if (fixed.size === nModes) {
    return new ParafacResult(new CPTensor(weights, factors), [], null, 0);
  }
  // TensorLy warns and un-fixes the last mode (its error formula needs the last factor's MTTKRP).
  fixed.delete(nModes - 1);
  const modes = [...Array(nModes).keys()].filter((m) => !fixed.has(m));

  let sparsity = 0;
  if (options.sparsity !== undefined && options.sparsity !== null && options.sparsity !== 0) {
    const size = shape.reduce((p, d) => p * d, 1);
    sparsity = Number.isInteger(options.sparsity) ? options.sparsity : Math.trunc(options.sparsity * size);
  }

  let normTensor = norm(tensor, 2);
  const l2Reg = options.l2Reg ?? 0;
  const ridge = l2Reg ? multiply(eye(rank, rank, ctx), l2Reg) : null;

  const errorCalc = (w: Tensor, fs: Tensor[], mttkrp: Tensor | null) =>
    cpErrorCalc(tensor, normTensor, w, fs, { sparsity, mask, mttkrp });

  const tree = MttkrpTree.applies(shape) ? new MttkrpTree(shape) : null;
  const unitWeights = !options.normalizeFactors;
  const errors: number[] = [];
  const report = (iteration: number, error: number): boolean =>
    untracked(() => {
      let stop = false;
      if (options.callback) stop = options.callback(new CPTensor(weights, factors), error) === true || stop;
      if (options.onIteration)
        stop = options.onIteration({ iteration, error, elapsedMs: now() - started }) === true || stop;
      return stop;
    });

  let normValue = yield normTensor;
  if (options.callback || options.onIteration) {
    const { err, nt } = errorCalc(weights, factors, null);
    const e = (yield err) / (mask === null ? normValue : yield nt);
    if (report(-1, e)) return finish(0);
  }

  let accPow = 2;
  let accFail = 0;
  const maxFail = 4;
  let weightsLast = weights;
  let factorsLast = factors;
  let iterations = 0;
  // grams[i] = factors[i]ᵀ·factors[i], valid while gramOf[i] is the current factors[i] object.
  const grams: Tensor[] = [];
  const gramOf: (Tensor | null)[] = factors.map(() => null);

  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    if (orthogonalise && iteration <= orthogonalise) {
      factors = factors.map((f) => (Math.min(...shapeOf(f)) >= rank ? qr(f)[0] : f));
    }
    if (linesearch && iteration % 2 === 0) {
      factorsLast = factors;
      weightsLast = weights;
    }
    // Gram matrices of every factor, carried over from the previous iteration: only a factor replaced
    // since (orthogonalisation, normalisation, line search) needs a new one.
    for (let i = 0; i < nModes; i++) {
      if (gramOf[i] !== factors[i]) {
        grams[i] = matmul(transpose(factors[i]!), factors[i]!);
        gramOf[i] = factors[i]!;
      }
    }
    let mttkrp: Tensor | null = null;
    // Small tensors with unit weights: the backend's fused sweep when it has one (the same arithmetic).
    const swept =
      unitWeights && tree === null
        ? (backend.cpAlsSweep?.(tensor, factors, grams, modes, l2Reg) ?? null)
        : null;
    if (swept !== null) {
      factors = swept.factors;
      for (const mode of modes) {
        grams[mode] = swept.grams[mode]!;
        gramOf[mode] = factors[mode]!;
      }
      mttkrp = swept.mttkrp;
    }
    const wRow = unitWeights ? weights : reshape(weights, [1, -1]);
    const wCol = unitWeights ? weights : reshape(weights, [-1, 1]);
    for (const mode of swept === null ? modes : []) {
      let pinv: Tensor | null = null;
      for (let i = 0; i < nModes; i++)
        if (i !== mode) pinv = pinv === null ? grams[i]! : multiply(pinv, grams[i]!);
      if (pinv === null) pinv = ones([rank, rank], ctx);
      if (ridge !== null) pinv = add(pinv, ridge);
      const raw = tree !== null ? tree.mttkrp(tensor, factors, mode) : backend.mttkrp(tensor, factors, mode);
      // Weights stay ones unless factors are normalised (line search extrapolates ones to ones), and
      // scaling by ones is exact, so those products are skipped.
      if (!unitWeights) pinv = multiply(multiply(wCol, pinv), wRow);
      mttkrp = unitWeights ? raw : multiply(raw, wRow);
      // TensorLy solves with pinvᵀ; pinv is symmetric (a Hadamard product of Gram matrices, scaled by the
      // weights on both sides, plus a multiple of I), so the transposition is skipped.
      const factor = transpose(solve(pinv, transpose(mttkrp)));
      factors = factors.slice();
      factors[mode] = factor;
      grams[mode] = matmul(transpose(factor), factor);
      gramOf[mode] = factor;
    }

    const lineIter = linesearch && iteration % 2 === 0 && iteration > 5;
    let unnormErr: number | null = null;
    if ((tol || options.callback || options.onIteration) && !lineIter) {
      const r = errorCalc(weights, factors, mttkrp);
      tensor = r.t;
      normTensor = r.nt;
      unnormErr = yield r.err;
    } else if (mask !== null) {
      tensor = add(
        multiply(tensor, mask),
        cpToTensor(new CPTensor(weights, factors), { mask: subtract(1, mask) }),
      );
    }

    if (lineIter) {
      const jump = iteration ** (1 / accPow);
      const newWeights = add(weightsLast, multiply(subtract(weights, weightsLast), jump));
      const newFactors = factors.map((f, i) =>
        add(factorsLast[i]!, multiply(subtract(f, factorsLast[i]!), jump)),
      );
      const cand = errorCalc(newWeights, newFactors, null);
      const candErr = yield cand.err;
      const candNorm = mask === null ? normValue : yield cand.nt;
      if (candErr / candNorm < errors[errors.length - 1]!) {
        factors = newFactors;
        weights = newWeights;
        tensor = cand.t;
        normTensor = cand.nt;
        unnormErr = candErr;
        accFail = 0;
      } else {
        const r = errorCalc(weights, factors, mttkrp);
        tensor = r.t;
        normTensor = r.nt;
        unnormErr = yield r.err;
        accFail++;
        if (accFail === maxFail) {
          accPow += 1;
          accFail = 0;
        }
      }
    }

    // TensorLy records no error on line-search iterations; the callback then sees the previous one.
    if (unnormErr !== null && !lineIter) {
      if (mask !== null) normValue = yield normTensor;
      errors.push(unnormErr / normValue);
    }
    const recError = errors.length > 0 ? errors[errors.length - 1]! : Number.NaN;
    if ((options.callback || options.onIteration) && report(iteration, recError)) break;

    if (
      tol &&
      iteration >= 1 &&
      errors.length >= 2 &&
      converged(cvg, errors[errors.length - 2]!, errors[errors.length - 1]!, tol)
    ) {
      break;
    }
    if (options.normalizeFactors) {
      const normalized = cpNormalize(new CPTensor(weights, factors));
      weights = normalized.weights;
      factors = normalized.factors.slice();
    }
    // Free this iteration's intermediates and replaced factors (engines with explicit memory).
    keepOnly(tensor, normTensor, weights, factors, weightsLast, factorsLast, ridge, tree, grams);
  }
  return finish(iterations);

  function finish(iters: number): ParafacResult {
    const cp = new CPTensor(weights, factors);
    const sparse = sparsity > 0 ? sparsify(subtract(tensor, cpToTensor(cp)), sparsity) : null;
    return new ParafacResult(cp, errors, sparse, iters);
  }
}
