import { ArgumentError } from '../errors.js';
import { matmul, multiply, reshape, shape as shapeOf, sum, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link inner}. */
export interface InnerOptions {
  /**
   * Number of modes to contract: the last `nModes` of `tensor1` with the first `nModes` of `tensor2`.
   * Absent or `null`: the full inner product of two tensors of the same shape.
   */
  nModes?: number | null;
}

/**
 * Generalised inner product: the sum of products over the last `nModes` modes of `tensor1` and the first
 * `nModes` modes of `tensor2`, or the plain inner product `⟨X, Y⟩ = Σ X·Y` of two same-shape tensors when
 * `nModes` is absent. TensorLy's `tenalg.inner`.
 *
 * @param tensor1 - a tensor of shape `(I..., K...)`.
 * @param tensor2 - a tensor of shape `(K..., J...)` (the shape of `tensor1` without `nModes`).
 * @param options - `nModes`.
 * @returns a 0-d tensor without `nModes`, else a tensor of shape `(I..., J...)`.
 * @example
 * ```ts
 * inner(tl.tensor([1, 2, 3]), tl.tensor([4, 5, 6]));              // 0-d tensor 32
 * inner(tl.ones([3, 4]), tl.ones([4, 2]), { nModes: 1 });         // shape [3, 2], all 4
 * ```
 */
export function inner(tensor1: Tensor, tensor2: Tensor, options: InnerOptions = {}): Tensor {
  return scope(() => {
    const s1 = shapeOf(tensor1);
    const s2 = shapeOf(tensor2);
    const nModes = options.nModes ?? null;
    if (nModes === null) {
      if (s1.length !== s2.length || s1.some((d, i) => d !== s2[i])) {
        throw new ArgumentError(
          'inner',
          'tensor2',
          `a tensor of the same shape as tensor1 ([${s1.join(', ')}]) when nModes is absent`,
          tensor2,
        );
      }
      return sum(multiply(tensor1, tensor2));
    }
    if (!Number.isInteger(nModes) || nModes < 0 || nModes > s1.length || nModes > s2.length) {
      throw new ArgumentError('inner', 'nModes', 'a count no larger than either rank', nModes);
    }
    const common = s1.slice(s1.length - nModes);
    if (common.some((d, i) => d !== s2[i])) {
      throw new ArgumentError(
        'inner',
        'tensor2',
        `a tensor whose first ${nModes} modes are [${common.join(', ')}] (the last modes of tensor1)`,
        tensor2,
      );
    }
    const k = common.reduce((p, d) => p * d, 1);
    const rows = s1.slice(0, s1.length - nModes);
    const cols = s2.slice(nModes);
    const m = rows.reduce((p, d) => p * d, 1);
    const n = cols.reduce((p, d) => p * d, 1);
    const res = matmul(reshape(tensor1, [m, k]), reshape(tensor2, [k, n]));
    return reshape(res, [...rows, ...cols]);
  });
}
