import type { Seed } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import { TuckerTensor, validateTuckerRank } from '../factorized/tucker-tensor.js';
import {
  abs,
  add,
  context,
  multiply,
  ndim,
  norm,
  shape as shapeOf,
  subtract,
  tensor as makeTensor,
  unfold,
} from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { modeDot, multiModeDot } from '../tenalg/mode-dot.js';
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

/** A Tucker starting point: `'svd'` (HOSVD), `'random'`, or `[core, factors]` / a TuckerTensor. */
export type TuckerInit = 'svd' | 'random' | TuckerTensor | readonly [Tensor, readonly Tensor[]];

/** Options of {@link partialTucker}. */
export interface PartialTuckerOptions extends IterativeOptions {
  /** Modes to decompose (default: all). */
  modes?: readonly number[];
  /** Maximum HOOI iterations (default 100). */
  nIterMax?: number;
  /** Initialisation (default `'svd'`). */
  init?: TuckerInit;
  /** Stops when the error changes by less than `tol` after the second iteration (default 1e-4). */
  tol?: number;
  /** SVD method of the initialisation (the HOOI loop always uses the truncated SVD, as TensorLy). */
  svd?: SvdMethod;
  /** Seed or generator for random parts. */
  randomState?: Seed;
  /** Missing-value mask (1 = observed); missing entries are re-imputed from the model each iteration. */
  mask?: Tensor | null;
  /** Imputation rounds of the masked SVD initialisation (default 5). */
  svdMaskRepeats?: number;
}

/** What {@link partialTucker} returns (TensorLy's `((core, factors), rec_errors)`): factors of the decomposed modes only. */
export class PartialTuckerResult {
  /** The core: the decomposed modes shrunk to their ranks, the others untouched. */
  readonly core: Tensor;
  /** One factor `(I_mode, rank)` per decomposed mode, in the order of `modes`. */
  readonly factors: readonly Tensor[];
  /** The decomposed modes. */
  readonly modes: readonly number[];
  /** Relative reconstruction error after each iteration. */
  readonly errors: number[];
  /** Iterations run. */
  readonly iterations: number;
  constructor(
    core: Tensor,
    factors: readonly Tensor[],
    modes: readonly number[],
    errors: number[],
    iterations: number,
  ) {
    this.core = core;
    this.factors = factors;
    this.modes = modes;
    this.errors = errors;
    this.iterations = iterations;
  }
}

/** A Tucker decomposition with its fit history. */
export class TuckerResult extends TuckerTensor {
  /** Relative reconstruction error after each iteration. */
  readonly errors: number[];
  /** Iterations run. */
  readonly iterations: number;
  constructor(core: Tensor, factors: readonly Tensor[], errors: number[], iterations: number) {
    super(core, factors);
    this.errors = errors;
    this.iterations = iterations;
  }
}

/**
 * A Tucker starting point (TensorLy's `initialize_tucker`): HOSVD factors and the projected core, random
 * uniform ones (core shifted by 0.01), or a given Tucker tensor; `nonNegative` takes absolute values (and
 * NNDSVD for the SVD).
 *
 * @returns `[core, factors]` for the given `modes`.
 */
export function initializeTucker(
  tensor: Tensor,
  rank: readonly number[],
  modes: readonly number[],
  options: PartialTuckerOptions & { nonNegative?: boolean } = {},
): [Tensor, Tensor[]] {
  const [core, factors] = initTucker(tensor, rank, modes, options);
  if (!options.nonNegative) return [core, factors];
  return [abs(core), factors.map((f) => abs(f))];
}

function initTucker(
  tensor: Tensor,
  rank: readonly number[],
  modes: readonly number[],
  options: PartialTuckerOptions & { nonNegative?: boolean },
): [Tensor, Tensor[]] {
  const init = options.init ?? 'svd';
  if (init === 'svd') {
    const factors = modes.map((mode, i) => {
      const [u] = leftSvdInterface(unfold(tensor, mode), {
        nEigenvecs: rank[i]!,
        method: options.svd ?? 'truncated_svd',
        nonNegative: options.nonNegative ?? false,
        mask: options.mask ? unfold(options.mask, mode) : null,
        nIterMaskImputation: options.svdMaskRepeats ?? 5,
        randomState: options.randomState,
      });
      return u;
    });
    return [multiModeDot(tensor, factors, { modes, transpose: true }), factors];
  }
  if (init === 'random') {
    const rng = RandomState.fromSeed(options.randomState);
    const ctx = context(tensor);
    const coreShape = modes.map((_, i) => rank[i]!);
    const core = add(
      makeTensor(rng.randomSample(coreShape.reduce((p, d) => p * d, 1)), {
        shape: coreShape,
        dtype: ctx.dtype,
      }),
      0.01,
    );
    const shape = shapeOf(tensor);
    const factors = modes.map((mode, i) =>
      makeTensor(rng.randomSample(shape[mode]! * rank[i]!), {
        shape: [shape[mode]!, rank[i]!],
        dtype: ctx.dtype,
      }),
    );
    return [core, factors];
  }
  if (init instanceof TuckerTensor) return [init.core, init.factors.slice()];
  if (Array.isArray(init) && init.length === 2) return [init[0] as Tensor, [...(init[1] as Tensor[])]];
  throw new ArgumentError('partialTucker', 'init', "'svd', 'random' or a Tucker tensor", init);
}

function* partialTuckerBody(
  tensorIn: Tensor,
  rankIn: number | readonly number[] | null,
  options: PartialTuckerOptions,
): AlgorithmBody<PartialTuckerResult> {
  const started = now();
  let tensor = tensorIn;
  const shape = shapeOf(tensor);
  const modes = options.modes ?? [...shape.keys()];
  for (const m of modes) {
    if (!Number.isInteger(m) || m < 0 || m >= shape.length)
      throw new ArgumentError('partialTucker', 'modes', `modes in [0, ${shape.length})`, m);
  }
  let rank: number[];
  if (rankIn === null || rankIn === undefined) rank = modes.map((m) => shape[m]!);
  else if (typeof rankIn === 'number') rank = modes.map(() => rankIn);
  else rank = [...rankIn];
  if (rank.length !== modes.length || rank.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new ArgumentError('partialTucker', 'rank', `${modes.length} positive integers`, rankIn);
  }
  const nIterMax = options.nIterMax ?? 100;
  const tol = options.tol ?? 1e-4;
  const mask = options.mask ?? null;

  // multiModeDot contracts in increasing mode order (and `skip` counts in that order): with increasing
  // modes, the sweep can share the products between modes.
  const increasing = modes.every((m, i) => i === 0 || m > modes[i - 1]!);
  let [core, factors] = initTucker(tensor, rank, modes, options);
  const normTensor = yield norm(tensor, 2);
  const errors: number[] = [];
  let iterations = 0;
  for (let iteration = 0; iteration < nIterMax; iteration++) {
    throwIfAborted(options.signal);
    iterations = iteration + 1;
    if (mask !== null) {
      tensor = add(
        multiply(tensor, mask),
        multiply(multiModeDot(core, factors, { modes }), subtract(1, mask)),
      );
    }
    if (increasing) {
      // The same products as below, sharing their prefixes: `prefix` is the tensor times
      // the already updated factors of the modes before i, so each mode's approximation only contracts the
      // modes after it, and the core is the last prefix. Two tensor-sized products per sweep instead of
      // one per mode plus one for the core.
      let prefix = tensor;
      for (let i = 0; i < modes.length; i++) {
        // The modes after i, contracted last mode first: on a row-major tensor the last mode's product is
        // one GEMM (the middle modes' are batches of small ones), and it shrinks the tensor the most early.
        let approx = prefix;
        for (let j = modes.length - 1; j > i; j--) {
          approx = modeDot(approx, factors[j]!, modes[j]!, { transpose: true });
        }
        const [u] = leftSvdInterface(unfold(approx, modes[i]!), {
          nEigenvecs: rank[i]!,
          randomState: options.randomState,
        });
        factors = factors.slice();
        factors[i] = u;
        prefix = modeDot(prefix, u, modes[i]!, { transpose: true });
      }
      core = prefix;
    } else {
      for (let i = 0; i < modes.length; i++) {
        const approx = multiModeDot(tensor, factors, { modes, skip: i, transpose: true });
        const [u] = leftSvdInterface(unfold(approx, modes[i]!), {
          nEigenvecs: rank[i]!,
          randomState: options.randomState,
        });
        factors = factors.slice();
        factors[i] = u;
      }
      core = multiModeDot(tensor, factors, { modes, transpose: true });
    }
    const coreNorm = yield norm(core, 2);
    const recError = Math.sqrt(Math.abs(normTensor * normTensor - coreNorm * coreNorm)) / normTensor;
    errors.push(recError);
    if (
      untracked(() => options.onIteration?.({ iteration, error: recError, elapsedMs: now() - started })) ===
      true
    )
      break;
    if (iteration > 1 && tol && Math.abs(errors[errors.length - 2]! - recError) < tol) break;
    keepOnly(tensor, core, factors);
  }
  return new PartialTuckerResult(core, factors, modes, errors, iterations);
}

/**
 * Tucker decomposition of the given modes by higher-order orthogonal iteration (HOOI; De Lathauwer et al.,
 * 2000), TensorLy's `partial_tucker`. The error is computed from the core's norm.
 *
 * @param tensor - the tensor to decompose.
 * @param rank - core size per decomposed mode (one integer for all, or `null` to keep the sizes).
 * @returns a {@link PartialTuckerResult}: `core` and one factor `(I_mode, rank)` per decomposed mode, with `errors`.
 * @example
 * ```ts
 * const t = tl.decomposition.partialTucker(x, [3, 3], { modes: [0, 2] });
 * ```
 */
export function partialTucker(
  tensor: Tensor,
  rank: number | readonly number[] | null,
  options: PartialTuckerOptions = {},
): PartialTuckerResult {
  return runSync(() => partialTuckerBody(tensor, rank, options), tensor);
}

/**
 * {@link partialTucker} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function partialTuckerAsync(
  tensor: Tensor,
  rank: number | readonly number[] | null,
  options: PartialTuckerOptions = {},
): Promise<PartialTuckerResult> {
  return runAsync(() => partialTuckerBody(tensor, rank, options), options.signal, tensor);
}

/** Options of {@link tucker}. */
export interface TuckerOptions extends Omit<PartialTuckerOptions, 'modes'> {
  /** Modes whose factors are kept from `init` (which must then be a Tucker tensor). */
  fixedFactors?: readonly number[];
}

function* tuckerBody(
  tensor: Tensor,
  rankIn: number | 'same' | readonly number[],
  options: TuckerOptions,
): AlgorithmBody<TuckerResult> {
  const fixed = [...(options.fixedFactors ?? [])].sort((a, b) => a - b);
  const n = ndim(tensor);
  if (fixed.length === 0) {
    const rank = validateTuckerRank(shapeOf(tensor), rankIn);
    const r = yield* partialTuckerBody(tensor, rank, { ...options, modes: [...Array(n).keys()] });
    return new TuckerResult(r.core, r.factors, r.errors, r.iterations);
  }
  const init = options.init;
  let core: Tensor;
  let factors: Tensor[];
  if (init instanceof TuckerTensor) [core, factors] = [init.core, init.factors.slice()];
  else if (Array.isArray(init) && init.length === 2)
    [core, factors] = [init[0] as Tensor, [...(init[1] as Tensor[])]];
  else {
    throw new ArgumentError(
      'tucker',
      'init',
      `a Tucker tensor to take the fixed factors [${fixed}] from`,
      init,
    );
  }
  for (const m of fixed)
    if (!Number.isInteger(m) || m < 0 || m >= n)
      throw new ArgumentError('tucker', 'fixedFactors', `modes in [0, ${n})`, m);
  const fixedFactors = fixed.map((m) => factors[m]!);
  core = multiModeDot(core, fixedFactors, { modes: fixed });
  const freeModes = [...Array(n).keys()].filter((m) => !fixed.includes(m));
  const freeFactors = freeModes.map((m) => factors[m]!);
  const rank =
    typeof rankIn === 'number' || rankIn === 'same'
      ? freeModes.map((m) => validateTuckerRank(shapeOf(tensor), rankIn)[m]!)
      : freeModes.map((m) => (rankIn as readonly number[])[m]!);
  const partial = yield* partialTuckerBody(tensor, rank, {
    ...options,
    modes: freeModes,
    init: [core, freeFactors],
  });
  const all: Tensor[] = [];
  let k = 0;
  for (let m = 0; m < n; m++) all.push(fixed.includes(m) ? factors[m]! : partial.factors[k++]!);
  const newCore = multiModeDot(partial.core, fixedFactors, { modes: fixed, transpose: true });
  return new TuckerResult(newCore, all, partial.errors, partial.iterations);
}

/**
 * Tucker decomposition by HOOI (TensorLy's `tucker`), optionally keeping some factors fixed.
 *
 * @param tensor - the tensor to decompose, `(I_0, ..., I_{N-1})`.
 * @param rank - core shape: one integer per mode, one integer for all, or `'same'`.
 * @returns a {@link TuckerResult} (`core`, `factors[k] (I_k, R_k)`, `errors`).
 * @example
 * ```ts
 * const t = tl.decomposition.tucker(x, [10, 10, 10], { nIterMax: 20 });
 * ```
 */
export function tucker(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: TuckerOptions = {},
): TuckerResult {
  return runSync(() => tuckerBody(tensor, rank, options), tensor);
}

/**
 * {@link tucker} without blocking, cancellable with `signal`.
 * `tensor` must not be modified until the promise settles (see `Backend.holdForReuse`).
 */
export function tuckerAsync(
  tensor: Tensor,
  rank: number | 'same' | readonly number[],
  options: TuckerOptions = {},
): Promise<TuckerResult> {
  return runAsync(() => tuckerBody(tensor, rank, options), options.signal, tensor);
}
