import { ArgumentError } from '../errors.js';
import {
  abs,
  concatenate,
  context,
  divide,
  equal,
  eye,
  index,
  isTensor,
  item,
  matmul,
  max,
  multiply,
  norm,
  ones,
  qr,
  reshape,
  shape as shapeOf,
  stack,
  subtract,
  transpose,
  unfold,
  where,
  zeros,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { type CPTensorLike, toCPTensor } from './cp-tensor.js';
import { FactorizedTensor } from './factorized-tensor.js';

/**
 * Anything TensorLy accepts as a PARAFAC2 tensor: a {@link Parafac2Tensor}, `{ weights, factors, projections }`
 * or `[weights, factors, projections]`; `weights` may be `null` (ones).
 */
export type Parafac2TensorLike =
  | Parafac2Tensor
  | {
      /** Weights `(R,)`, or null for ones. */
      readonly weights?: Tensor | null;
      /** Factors `[A (I, R), B (R, R), C (K, R)]`. */
      readonly factors: readonly Tensor[];
      /** One orthonormal projection `(J_i, R)` per slice. */
      readonly projections: readonly Tensor[];
    }
  | readonly [weights: Tensor | null | undefined, factors: readonly Tensor[], projections: readonly Tensor[]];

/** The shape of each slice `(J_i, K)` and the rank of a PARAFAC2 tensor. */
export interface Parafac2ShapeRank {
  /** One `[J_i, K]` per slice `i` along the first mode. */
  shape: [number, number][];
  /** Number of components `R`. */
  rank: number;
}

/** How far `PᵀP` may be from the identity for a projection to count as orthonormal (TensorLy's bound). */
const ORTHONORMAL_TOL = 1e-5;

function unpack(fn: string, p: Parafac2TensorLike): [Tensor | null, readonly Tensor[], readonly Tensor[]] {
  if (p instanceof Parafac2Tensor) return [p.weights, p.factors, p.projections];
  if (Array.isArray(p)) {
    const t = p as readonly unknown[];
    if (t.length === 3 && Array.isArray(t[1]) && Array.isArray(t[2])) {
      return [(t[0] ?? null) as Tensor | null, t[1] as readonly Tensor[], t[2] as readonly Tensor[]];
    }
  } else if (p !== null && typeof p === 'object') {
    const o = p as { weights?: Tensor | null; factors?: unknown; projections?: unknown };
    if (Array.isArray(o.factors) && Array.isArray(o.projections)) {
      return [o.weights ?? null, o.factors as readonly Tensor[], o.projections as readonly Tensor[]];
    }
  }
  throw new ArgumentError(
    fn,
    'parafac2Tensor',
    'a Parafac2Tensor, { weights, factors, projections } or [weights, factors, projections]',
    p,
  );
}

function matrixShape(fn: string, what: string, x: unknown): [number, number] {
  const s = isTensor(x) ? shapeOf(x) : undefined;
  if (s === undefined || s.length !== 2)
    throw new ArgumentError(fn, 'parafac2Tensor', `${what} to be a matrix`, x);
  return [s[0]!, s[1]!];
}

/** TensorLy's `_validate_parafac2_tensor`; errors name `fn`. */
function check(
  fn: string,
  weights: Tensor | null,
  factors: readonly Tensor[],
  projections: readonly Tensor[],
): Parafac2ShapeRank {
  if (factors.length !== 3) {
    throw new ArgumentError(
      fn,
      'parafac2Tensor',
      'exactly three factor matrices [A, B, C]',
      `${factors.length} factors`,
    );
  }
  const shapes = factors.map((f, i) => matrixShape(fn, `factors[${i}]`, f));
  const [nSlices, rank] = shapes[0]!;
  if (projections.length !== nSlices) {
    throw new ArgumentError(
      fn,
      'parafac2Tensor',
      `one projection per slice (factors[0] has ${nSlices} rows)`,
      `${projections.length} projections`,
    );
  }
  shapes.forEach(([, r], i) => {
    if (r !== rank) {
      throw new ArgumentError(
        fn,
        'parafac2Tensor',
        `every factor to have ${rank} columns like factors[0]`,
        `factors[${i}] with ${r} columns`,
      );
    }
  });
  const k = shapes[2]![0];
  const shape: [number, number][] = projections.map((p, i) => {
    const [j, r] = matrixShape(fn, `projections[${i}]`, p);
    if (r !== rank) {
      throw new ArgumentError(
        fn,
        'parafac2Tensor',
        `projections with ${rank} columns (the rank)`,
        `projections[${i}] of shape [${j}, ${r}]`,
      );
    }
    const gram = matmul(transpose(p), p);
    const err = item(max(abs(subtract(gram, eye(rank, rank, context(gram))))));
    if (!(err <= ORTHONORMAL_TOL)) {
      throw new ArgumentError(
        fn,
        'parafac2Tensor',
        `orthonormal projections (PᵀP = I): max |PᵀP − I| = ${err.toPrecision(3)} for projections[${i}]`,
        p,
      );
    }
    return [j, k];
  });
  if (weights !== null) {
    const ws = isTensor(weights) ? shapeOf(weights) : undefined;
    if (ws === undefined || ws.length !== 1 || ws[0] !== rank) {
      throw new ArgumentError(fn, 'parafac2Tensor', `weights of shape [${rank}]`, weights);
    }
  }
  return { shape, rank };
}

/** `p` as a validated {@link Parafac2Tensor} (itself when it already is one); errors name `fn`. */
export function toParafac2Tensor(fn: string, p: Parafac2TensorLike): Parafac2Tensor {
  return scope(() => {
    if (p instanceof Parafac2Tensor) return p;
    const [w, f, proj] = unpack(fn, p);
    check(fn, w, f, proj);
    return new Parafac2Tensor(w, f, proj);
  });
}

/** Options of {@link Parafac2Tensor.fromCPTensor}. */
export interface FromCPTensorOptions {
  /** Accept a PARAFAC2 tensor (returned as a Parafac2Tensor) instead of rejecting it. Default false. */
  parafac2TensorOk?: boolean;
}

/**
 * A tensor in PARAFAC2 form (Harshman 1972; Kiers, ten Berge & Bro 1999): slices `X_i = B_i diag(a_i) Cᵀ`, with
 * `A (I, R)`, `C (K, R)`, and evolving factors `B_i = P_i B` where each projection `P_i (J_i, R)` is orthonormal
 * and `B (R, R)` is shared, so that `B_iᵀB_i` is the same for every slice. Slices may have different `J_i`.
 * TensorLy's `Parafac2Tensor`. Validated on construction; immutable; destructures as
 * `const [weights, factors, projections] = p`.
 *
 * @example
 * ```ts
 * const p = randomParafac2([[4, 5], [6, 5]], 2, { randomState: 0 });
 * p.shape;                // [[4, 5], [6, 5]]
 * parafac2ToSlices(p);    // [(4, 5), (6, 5)]
 * ```
 */
export class Parafac2Tensor extends FactorizedTensor {
  /** Weight of each component, `(R,)`. */
  readonly weights: Tensor;
  /** `[A (I, R), B (R, R), C (K, R)]`. */
  readonly factors: readonly Tensor[];
  /** One orthonormal projection `P_i (J_i, R)` per slice. */
  readonly projections: readonly Tensor[];
  /** `[J_i, K]` for each slice. */
  readonly shape: readonly (readonly [number, number])[];
  /** Number of components `R`. */
  readonly rank: number;

  /**
   * @param weights - `(R,)` or `null` for ones.
   * @param factors - `[A (I, R), B (R, R), C (K, R)]`.
   * @param projections - `I` orthonormal matrices `(J_i, R)`.
   */
  constructor(
    weights: Tensor | null | undefined,
    factors: readonly Tensor[],
    projections: readonly Tensor[],
  ) {
    super();
    if (!Array.isArray(factors)) {
      throw new ArgumentError('Parafac2Tensor', 'factors', 'an array of three matrices', factors);
    }
    if (!Array.isArray(projections)) {
      throw new ArgumentError('Parafac2Tensor', 'projections', 'an array of matrices', projections);
    }
    const { shape, rank } = check('Parafac2Tensor', weights ?? null, factors, projections);
    this.weights = weights ?? ones([rank], context(factors[0]!));
    this.factors = Object.freeze([...factors]);
    this.projections = Object.freeze([...projections]);
    this.shape = Object.freeze(shape.map((s) => Object.freeze(s)));
    this.rank = rank;
  }

  /** `p` as a Parafac2Tensor (itself when it already is one), validated. */
  static from(p: Parafac2TensorLike): Parafac2Tensor {
    return toParafac2Tensor('Parafac2Tensor.from', p);
  }

  /**
   * A PARAFAC2 tensor equal to a third-order CP tensor `[w; A, B, C]`: every slice gets the projection `Q` of
   * `B = QR` and the shared factor becomes `R`. TensorLy's `Parafac2Tensor.from_CPTensor`.
   *
   * @param cpTensor - a CP tensor with three factors (or, with `parafac2TensorOk`, a PARAFAC2 tensor).
   * @example
   * ```ts
   * const p = Parafac2Tensor.fromCPTensor(randomCp([3, 4, 5], 2));
   * ```
   */
  static fromCPTensor(
    cpTensor: CPTensorLike | Parafac2TensorLike,
    options: FromCPTensorOptions = {},
  ): Parafac2Tensor {
    const fn = 'Parafac2Tensor.fromCPTensor';
    const isParafac2 =
      cpTensor instanceof Parafac2Tensor ||
      (Array.isArray(cpTensor) && cpTensor.length === 3) ||
      (!Array.isArray(cpTensor) &&
        typeof cpTensor === 'object' &&
        cpTensor !== null &&
        'projections' in cpTensor);
    if (isParafac2) {
      if (options.parafac2TensorOk === true) return toParafac2Tensor(fn, cpTensor as Parafac2TensorLike);
      throw new ArgumentError(
        fn,
        'cpTensor',
        'a CP tensor (pass parafac2TensorOk: true to accept a PARAFAC2 tensor)',
        'a PARAFAC2 tensor',
      );
    }
    const cp = toCPTensor(fn, cpTensor as CPTensorLike);
    if (cp.factors.length !== 3) {
      throw new ArgumentError(fn, 'cpTensor', 'a third-order CP tensor', `${cp.factors.length} factors`);
    }
    const [a, b, c] = cp.factors as [Tensor, Tensor, Tensor];
    const [q, r] = qr(b);
    const nSlices = shapeOf(a)[0]!;
    return new Parafac2Tensor(cp.weights, [a, r, c], new Array<Tensor>(nSlices).fill(q));
  }

  /** The weights, as `p[0]` in TensorLy. */
  get 0(): Tensor {
    return this.weights;
  }
  /** The factors, as `p[1]` in TensorLy. */
  get 1(): readonly Tensor[] {
    return this.factors;
  }
  /** The projections, as `p[2]` in TensorLy. */
  get 2(): readonly Tensor[] {
    return this.projections;
  }
  /** Always 3: a PARAFAC2 tensor behaves as `[weights, factors, projections]`. */
  get length(): 3 {
    return 3;
  }
  /** Yields `weights`, `factors`, then `projections`. */
  *[Symbol.iterator](): Iterator<Tensor | readonly Tensor[]> {
    yield this.weights;
    yield this.factors;
    yield this.projections;
  }

  /** The full tensor, zero-padded, see {@link parafac2ToTensor}. */
  toTensor(): Tensor {
    return parafac2ToTensor(this);
  }
  /** The full tensor flattened, see {@link parafac2ToVec}. */
  toVec(): Tensor {
    return parafac2ToVec(this);
  }
  /** The mode-`mode` unfolding of the full tensor, see {@link parafac2ToUnfolded}. */
  toUnfolded(mode: number): Tensor {
    return parafac2ToUnfolded(this, mode);
  }
  /** `"(weights, factors, projections) : rank-R Parafac2Tensor of shape [..]"`. */
  override toString(): string {
    const shape = this.shape.map((s) => `[${s.join(', ')}]`).join(', ');
    return `(weights, factors, projections) : rank-${this.rank} Parafac2Tensor of shape [${shape}]`;
  }
}

/**
 * Validates a PARAFAC2 tensor and returns each slice's shape and the rank. TensorLy's
 * `_validate_parafac2_tensor`.
 *
 * @throws ArgumentError when there are not three factors, not one projection per row of `A`, column counts
 *   differ from the rank, a projection is not orthonormal (`max |PᵀP − I| > 1e-5`) or the weights are not `(R,)`.
 * @example
 * ```ts
 * validateParafac2Tensor(randomParafac2([[4, 5], [3, 5]], 2)); // { shape: [[4, 5], [3, 5]], rank: 2 }
 * ```
 */
export function validateParafac2Tensor(parafac2Tensor: Parafac2TensorLike): Parafac2ShapeRank {
  if (parafac2Tensor instanceof Parafac2Tensor) {
    return { shape: parafac2Tensor.shape.map((s) => [s[0], s[1]]), rank: parafac2Tensor.rank };
  }
  const [w, f, p] = unpack('validateParafac2Tensor', parafac2Tensor);
  return check('validateParafac2Tensor', w, f, p);
}

/**
 * A PARAFAC2 tensor whose factor columns have unit l2 norm, the scales absorbed into the weights (zero columns
 * are left as they are). The slices are unchanged. TensorLy's `parafac2_normalise`.
 *
 * @example
 * ```ts
 * const [weights, factors] = parafac2Normalise(p); // tl.norm(factors[k], 2, 0) is all ones
 * ```
 */
export function parafac2Normalise(parafac2Tensor: Parafac2TensorLike): Parafac2Tensor {
  return scope(() => {
    const p = toParafac2Tensor('parafac2Normalise', parafac2Tensor);
    const factors = [...p.factors];
    factors[0] = multiply(factors[0]!, p.weights);
    let weights = ones([p.rank], context(factors[0]!));
    for (let i = 0; i < factors.length; i++) {
      const scales = norm(factors[i]!, 2, 0);
      weights = multiply(weights, scales);
      factors[i] = divide(factors[i]!, where(equal(scales, 0), 1, scales));
    }
    return new Parafac2Tensor(weights, factors, p.projections);
  });
}

/**
 * The evolving factors `B_i = P_i B` of a PARAFAC2 tensor, as the CP-like form `[A, [B_0, B_1, …], C]` where
 * `X_{ijk} = Σ_r w_r A_{ir} (B_i)_{jr} C_{kr}`. TensorLy's `apply_parafac2_projections`.
 *
 * @returns `[weights, [A, evolvingFactors, C]]`.
 * @example
 * ```ts
 * const [weights, [a, bs, c]] = applyParafac2Projections(p); // bs[i] is (J_i, R)
 * ```
 */
export function applyParafac2Projections(
  parafac2Tensor: Parafac2TensorLike,
): [weights: Tensor, factors: [a: Tensor, evolving: Tensor[], c: Tensor]] {
  return scope(() => {
    const p = toParafac2Tensor('applyParafac2Projections', parafac2Tensor);
    const [a, b, c] = p.factors as [Tensor, Tensor, Tensor];
    return [p.weights, [a, p.projections.map((proj) => matmul(proj, b)), c]];
  });
}

/** Options of {@link parafac2ToSlice} and {@link parafac2ToSlices}. */
export interface Parafac2ToSliceOptions {
  /** Validate the PARAFAC2 tensor first (orthonormality included). Default true. */
  validate?: boolean;
}

/** Unpacks without validation, for callers that asked to skip it. */
function parts(
  fn: string,
  p: Parafac2TensorLike,
  validate: boolean,
): [Tensor, Tensor, Tensor, Tensor | null, readonly Tensor[]] {
  const [w, f, proj] = p instanceof Parafac2Tensor ? [p.weights, p.factors, p.projections] : unpack(fn, p);
  if (validate && !(p instanceof Parafac2Tensor)) check(fn, w, f, proj);
  if (f.length !== 3)
    throw new ArgumentError(fn, 'parafac2Tensor', 'exactly three factor matrices', `${f.length}`);
  return [f[0]!, f[1]!, f[2]!, w, proj];
}

/**
 * Slice `sliceIdx` along the first mode of a PARAFAC2 tensor, `X_i = P_i B diag(w ∗ a_i) Cᵀ`, `(J_i, K)`.
 * TensorLy's `parafac2_to_slice`.
 *
 * @param parafac2Tensor - the PARAFAC2 tensor.
 * @param sliceIdx - `i`, in `[0, I)`.
 * @param options - `validate` (default true).
 * @example
 * ```ts
 * parafac2ToSlice(p, 0); // (J_0, K)
 * ```
 */
export function parafac2ToSlice(
  parafac2Tensor: Parafac2TensorLike,
  sliceIdx: number,
  options: Parafac2ToSliceOptions = {},
): Tensor {
  return scope(() => {
    const fn = 'parafac2ToSlice';
    const [a, b, c, w, projections] = parts(fn, parafac2Tensor, options.validate ?? true);
    if (!Number.isInteger(sliceIdx) || sliceIdx < -projections.length || sliceIdx >= projections.length) {
      throw new ArgumentError(fn, 'sliceIdx', `an integer in [0, ${projections.length})`, sliceIdx);
    }
    const i = sliceIdx < 0 ? sliceIdx + projections.length : sliceIdx;
    let row = index(a, [i]);
    if (w !== null) row = multiply(row, w);
    const bi = matmul(projections[i]!, b);
    return matmul(multiply(bi, row), transpose(c));
  });
}

/**
 * Every slice along the first mode of a PARAFAC2 tensor, as a list (slices may differ in size).
 * TensorLy's `parafac2_to_slices`.
 *
 * @example
 * ```ts
 * parafac2ToSlices(p); // [(J_0, K), (J_1, K), ...]
 * ```
 */
export function parafac2ToSlices(
  parafac2Tensor: Parafac2TensorLike,
  options: Parafac2ToSliceOptions = {},
): Tensor[] {
  return scope(() => {
    const [a, b, c, w, projections] = parts('parafac2ToSlices', parafac2Tensor, options.validate ?? true);
    const aw = w === null ? a : multiply(a, w);
    const ct = transpose(c);
    return projections.map((proj, i) => matmul(multiply(matmul(proj, b), index(aw, [i])), ct));
  });
}

/**
 * The full tensor `(I, max J_i, K)` of a PARAFAC2 tensor; slices shorter than the longest are padded with
 * zeros. TensorLy's `parafac2_to_tensor`.
 *
 * @example
 * ```ts
 * parafac2ToTensor(p); // (I, max J_i, K)
 * ```
 */
export function parafac2ToTensor(parafac2Tensor: Parafac2TensorLike): Tensor {
  return scope(() => {
    const slices = parafac2ToSlices(parafac2Tensor);
    const lengths = slices.map((s) => shapeOf(s)[0]!);
    const longest = Math.max(...lengths);
    // Padding each slice then stacking costs one pass; updating a zero tensor slice by slice would copy it I times.
    const padded = slices.map((s, i) => {
      const missing = longest - lengths[i]!;
      if (missing === 0) return s;
      return concatenate([s, zeros([missing, shapeOf(s)[1]!], context(s))], 0);
    });
    return stack(padded, 0);
  });
}

/**
 * The mode-`mode` unfolding of the (zero-padded) full tensor of a PARAFAC2 tensor. TensorLy's
 * `parafac2_to_unfolded`.
 *
 * @example
 * ```ts
 * parafac2ToUnfolded(p, 2); // (K, I * max J_i)
 * ```
 */
export function parafac2ToUnfolded(parafac2Tensor: Parafac2TensorLike, mode: number): Tensor {
  return scope(() => {
    return unfold(parafac2ToTensor(parafac2Tensor), mode);
  });
}

/**
 * The (zero-padded) full tensor of a PARAFAC2 tensor, flattened in row-major order. TensorLy's
 * `parafac2_to_vec`.
 *
 * @example
 * ```ts
 * parafac2ToVec(p); // (I * max J_i * K,)
 * ```
 */
export function parafac2ToVec(parafac2Tensor: Parafac2TensorLike): Tensor {
  return scope(() => {
    return reshape(parafac2ToTensor(parafac2Tensor), [-1]);
  });
}
