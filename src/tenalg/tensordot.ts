import { ArgumentError, describe } from '../errors.js';
import { matmul, reshape, shape as shapeOf, transpose, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * Modes of a contraction as TensorLy writes them:
 * - a count `n`: the last `n` modes of the first tensor with the first `n` of the second (for batched modes,
 *   `n` is one mode, the same in both);
 * - a pair `[modes1, modes2]` (each a mode or a list of modes): `modes1[i]` of the first tensor with
 *   `modes2[i]` of the second;
 * - any other list of modes (length other than 2): the same modes in both tensors.
 */
export type ContractionModes = number | readonly (number | readonly number[])[];

/** Options of {@link tensordot}. */
export interface TensordotOptions {
  /**
   * Modes that index a batch: `batchedModes[0][i]` of the first tensor goes with `batchedModes[1][i]` of the
   * second, and each batch entry is contracted separately. Same notation as `modes`. Default: none.
   */
  batchedModes?: ContractionModes;
}

function asModeList(fn: string, arg: string, value: unknown, all: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return [...value];
  throw new ArgumentError(fn, arg, 'a mode, a list of modes, or a pair of those', describe(all));
}

/**
 * Validates contraction (or batch) modes of two tensors of shapes `shape1` and `shape2` and returns them as
 * two lists of non-negative modes. TensorLy's `tenalg_utils._validate_contraction_modes`.
 *
 * @param shape1 - the first tensor's shape.
 * @param shape2 - the second tensor's shape.
 * @param modes - see {@link ContractionModes}.
 * @param batchedModes - whether `modes` are batch modes (a count then names one mode of both tensors).
 * @returns `[modes1, modes2]`, of equal lengths, each mode in range.
 * @example
 * ```ts
 * validateContractionModes([3, 4, 5], [5, 4], [[1, 2], [1, 0]]); // [[1, 2], [1, 0]]
 * validateContractionModes([3, 4, 5], [4, 5], 2);                 // [[1, 2], [0, 1]]
 * ```
 */
export function validateContractionModes(
  shape1: readonly number[],
  shape2: readonly number[],
  modes: ContractionModes,
  batchedModes = false,
): [number[], number[]] {
  const fn = 'tensordot';
  const arg = batchedModes ? 'batchedModes' : 'modes';
  let modes1: number[];
  let modes2: number[];
  if (typeof modes === 'number') {
    if (!Number.isInteger(modes)) throw new ArgumentError(fn, arg, 'an integer', modes);
    if (batchedModes) {
      modes1 = [modes];
      modes2 = [modes];
    } else {
      if (modes < 0 || modes > shape1.length || modes > shape2.length) {
        throw new ArgumentError(fn, arg, 'a count no larger than either rank', modes);
      }
      modes1 = [];
      modes2 = [];
      for (let i = 0; i < modes; i++) {
        modes1.push(shape1.length - modes + i);
        modes2.push(i);
      }
    }
  } else if (Array.isArray(modes) && modes.length === 2) {
    modes1 = asModeList(fn, arg, modes[0], modes);
    modes2 = asModeList(fn, arg, modes[1], modes);
  } else if (Array.isArray(modes)) {
    modes1 = asModeList(fn, arg, modes, modes);
    modes2 = [...modes1];
  } else {
    throw new ArgumentError(fn, arg, 'a count, a list of modes, or a pair of lists', modes);
  }
  if (modes1.length !== modes2.length) {
    throw new ArgumentError(
      fn,
      arg,
      `the same number of ${batchedModes ? 'batched modes' : 'modes to contract'} in both tensors`,
      `${modes1.length} modes for tensor1 and ${modes2.length} for tensor2`,
    );
  }
  const norm = (m: number, n: number): number => {
    if (!Number.isInteger(m) || m < -n || m >= n) {
      throw new ArgumentError(fn, arg, `modes in [${-n}, ${n})`, describe(modes));
    }
    return m < 0 ? m + n : m;
  };
  modes1 = modes1.map((m) => norm(m, shape1.length));
  modes2 = modes2.map((m) => norm(m, shape2.length));
  for (let i = 0; i < modes1.length; i++) {
    if (shape1[modes1[i]!] !== shape2[modes2[i]!]) {
      throw new ArgumentError(
        fn,
        arg,
        `${batchedModes ? 'batch' : 'contracted'} modes of equal lengths in both tensors`,
        `mode ${modes1[i]} of length ${shape1[modes1[i]!]} and mode ${modes2[i]} of length ${shape2[modes2[i]!]}`,
      );
    }
  }
  return [modes1, modes2];
}

/**
 * Batched tensor contraction: sums products over `modes` (mode `modes1[i]` of `tensor1` with `modes2[i]` of
 * `tensor2`), separately for each entry of the `batchedModes`. The result has the modes of `tensor1` that are
 * not contracted (batch modes included), in their order, then the free modes of `tensor2`.
 * TensorLy's `tenalg.tensordot`.
 *
 * @param tensor1 - the first tensor.
 * @param tensor2 - the second tensor.
 * @param modes - the modes to contract, see {@link ContractionModes}; `[]` contracts nothing (outer product).
 * @param options - `batchedModes`.
 * @returns the contraction.
 * @example
 * ```ts
 * tensordot(tl.ones([3, 4, 5]), tl.ones([5, 4, 2]), [[1, 2], [1, 0]]); // shape [3, 2], all 20
 * tensordot(tl.ones([6, 3, 4]), tl.ones([6, 4]), [2, 1], { batchedModes: 0 }); // shape [6, 3]
 * ```
 */
export function tensordot(
  tensor1: Tensor,
  tensor2: Tensor,
  modes: ContractionModes,
  options: TensordotOptions = {},
): Tensor {
  return scope(() => {
    const s1 = shapeOf(tensor1);
    const s2 = shapeOf(tensor2);
    const [modes1, modes2] = validateContractionModes(s1, s2, modes);
    const [batch1, batch2] = validateContractionModes(s1, s2, options.batchedModes ?? [], true);
    const used1 = [...batch1, ...modes1];
    const used2 = [...batch2, ...modes2];
    if (new Set(used1).size !== used1.length || new Set(used2).size !== used2.length) {
      throw new ArgumentError(
        'tensordot',
        'modes',
        'modes that appear once per tensor, batched and contracted together',
        `[${used1.join(', ')}] and [${used2.join(', ')}]`,
      );
    }
    const k = modes1.reduce((p, m) => p * s1[m]!, 1);
    const batchShape = batch1.map((m) => s1[m]!);
    const free1 = s1.map((_, i) => i).filter((i) => !used1.includes(i));
    const free2 = s2.map((_, i) => i).filter((i) => !used2.includes(i));
    const freeShape1 = free1.map((i) => s1[i]!);
    const freeShape2 = free2.map((i) => s2[i]!);
    const m = freeShape1.reduce((p, d) => p * d, 1);
    const n = freeShape2.reduce((p, d) => p * d, 1);
    const a = reshape(transpose(tensor1, [...batch1, ...free1, ...modes1]), [...batchShape, m, k]);
    const b = reshape(transpose(tensor2, [...batch2, ...modes2, ...free2]), [...batchShape, k, n]);
    let res = reshape(matmul(a, b), [...batchShape, ...freeShape1, ...freeShape2]);
    // Batch modes go back among tensor1's free modes, where they were in tensor1 (TensorLy's final transpose).
    const finalModes: number[] = [];
    let freeCounter = 0;
    for (let i = 0; i < s1.length; i++) {
      if (modes1.includes(i)) continue;
      const b = batch1.indexOf(i);
      finalModes.push(b >= 0 ? b : batch1.length + freeCounter++);
    }
    const total = batchShape.length + freeShape1.length + freeShape2.length;
    for (let i = finalModes.length; i < total; i++) finalModes.push(i);
    if (finalModes.some((p, i) => p !== i)) res = transpose(res, finalModes);
    return res;
  });
}
