import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { isTensor, multiply, reshape, shape as shapeOf, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * A CP tensor as the MTTKRP takes it: an object `{ weights, factors }` (a `CPTensor` is one) or a pair
 * `[weights, factors]`; `weights` may be `null` or absent (all ones).
 */
export type CpTensorInput =
  | {
      /** Weights `(R,)`, or null for ones. */
      readonly weights?: Tensor | null;
      /** Factors `(I_k, R)`. */
      readonly factors: readonly Tensor[];
    }
  | readonly [weights: Tensor | null | undefined, factors: readonly Tensor[]];

function unpackCp(cpTensor: CpTensorInput): [Tensor | null, readonly Tensor[]] {
  if (Array.isArray(cpTensor)) {
    const pair = cpTensor as readonly unknown[];
    if (pair.length === 2 && Array.isArray(pair[1])) {
      return [(pair[0] ?? null) as Tensor | null, pair[1] as readonly Tensor[]];
    }
  } else if (
    cpTensor !== null &&
    typeof cpTensor === 'object' &&
    Array.isArray((cpTensor as { factors?: unknown }).factors)
  ) {
    const obj = cpTensor as { weights?: Tensor | null; factors: readonly Tensor[] };
    return [obj.weights ?? null, obj.factors];
  }
  throw new ArgumentError(
    'unfoldingDotKhatriRao',
    'cpTensor',
    'a CP tensor: { weights, factors } or [weights, factors]',
    cpTensor,
  );
}

/**
 * The MTTKRP (matricised tensor times Khatri–Rao product): `unfold(tensor, mode) @ khatriRao(factors,
 * { weights, skipMatrix: mode })`, the core of every CP-ALS update (Kolda & Bader 2009, §3.4). Backends compute
 * it without forming the Khatri–Rao product or the unfolding when that is cheaper (the js backend contracts
 * one side with a matrix product and the other with a Hadamard-accumulate loop).
 * TensorLy's `tenalg.unfolding_dot_khatri_rao`.
 *
 * @param tensor - a tensor of shape `(I_0, ..., I_{N-1})`.
 * @param cpTensor - `{ weights, factors }` or `[weights, factors]`: `N` factors `(I_k, R)` and weights `(R,)`
 *   or `null`; `factors[mode]` is not used (only its column count is checked).
 * @param mode - the mode of the unfolding (negative counts from the end).
 * @returns a matrix of shape `(I_mode, R)`.
 * @example
 * ```ts
 * const x = tl.ones([3, 4, 5]);
 * const factors = [tl.ones([3, 2]), tl.ones([4, 2]), tl.ones([5, 2])];
 * unfoldingDotKhatriRao(x, { weights: null, factors }, 1); // shape [4, 2], all 15
 * ```
 */
export function unfoldingDotKhatriRao(tensor: Tensor, cpTensor: CpTensorInput, mode: number): Tensor {
  return scope(() => {
    const [weights, factors] = unpackCp(cpTensor);
    const shape = shapeOf(tensor);
    const n = shape.length;
    if (!Number.isInteger(mode) || mode < -n || mode >= n) {
      throw new ArgumentError('unfoldingDotKhatriRao', 'mode', `an integer mode in [${-n}, ${n})`, mode);
    }
    const m = mode < 0 ? mode + n : mode;
    if (n < 2) {
      throw new ArgumentError('unfoldingDotKhatriRao', 'tensor', 'a tensor of at least 2 modes', tensor);
    }
    if (factors.length !== n) {
      throw new ArgumentError(
        'unfoldingDotKhatriRao',
        'cpTensor',
        `${n} factors (one per mode of the tensor)`,
        `${factors.length} factors`,
      );
    }
    let rank = -1;
    factors.forEach((f, k) => {
      const fs = isTensor(f) ? shapeOf(f) : null;
      if (fs === null || fs.length !== 2) {
        throw new ArgumentError('unfoldingDotKhatriRao', 'cpTensor', `factors[${k}] to be a matrix`, f);
      }
      if (rank === -1) rank = fs[1]!;
      if (fs[1] !== rank || (k !== m && fs[0] !== shape[k])) {
        throw new ArgumentError(
          'unfoldingDotKhatriRao',
          'cpTensor',
          `factors[${k}] of shape [${k === m ? 'any' : shape[k]}, ${rank}]`,
          `shape [${fs.join(', ')}]`,
        );
      }
    });
    if (weights !== null) {
      const ws = isTensor(weights) ? shapeOf(weights) : null;
      if (ws === null || ws.length !== 1 || ws[0] !== rank) {
        throw new ArgumentError('unfoldingDotKhatriRao', 'cpTensor', `weights of shape [${rank}]`, weights);
      }
    }
    const res = currentBackend().mttkrp(tensor, factors, m);
    // The weights scale the Khatri–Rao columns, hence the result's columns.
    return weights === null ? res : multiply(res, reshape(weights, [1, -1]));
  });
}
