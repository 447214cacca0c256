import { ArgumentError } from '../errors.js';
import { isTensor, take, scope } from '../ops.js';
import { congruenceCoefficient } from '../metrics/congruence-coefficient.js';
import { CPTensor, type CPTensorLike, cpNormalize, toCPTensor } from './cp-tensor.js';

/** Whether `x` is one CP tensor rather than a list of them (a `[weights, factors]` pair is one CP tensor). */
function isSingleCp(x: unknown): boolean {
  if (x instanceof CPTensor) return true;
  if (!Array.isArray(x)) return true;
  return x.length === 2 && (x[0] === null || x[0] === undefined || isTensor(x[0])) && Array.isArray(x[1]);
}

/**
 * Reorders the components of CP tensors to match a reference: for each tensor, the column permutation that
 * maximises the congruence (cosine similarity) of its factors with the reference's is found with the Hungarian
 * method (see {@link congruenceCoefficient}), and applied to its weights and every factor. The tensors they
 * represent are unchanged. TensorLy's `cp_permute_factors`.
 *
 * @param refCpTensor - the reference CP tensor.
 * @param tensorsToPermute - a CP tensor, or a list of CP tensors, of the reference's rank and shape.
 * @returns `[permuted, permutations]`: the permuted CP tensor (a list when a list was given: unlike TensorLy, a
 *   one-element list gives a one-element list) and one permutation per tensor, where `permutation[i]` is the
 *   component moved to position `i`.
 * @example
 * ```ts
 * const [aligned, [perm]] = cpPermuteFactors(cp1, cp2); // aligned.factors[k][:, i] ~ cp1.factors[k][:, i]
 * ```
 */
export function cpPermuteFactors(
  refCpTensor: CPTensorLike,
  tensorsToPermute: CPTensorLike,
): [CPTensor, number[][]];
export function cpPermuteFactors(
  refCpTensor: CPTensorLike,
  tensorsToPermute: readonly CPTensorLike[],
): [CPTensor[], number[][]];
export function cpPermuteFactors(
  refCpTensor: CPTensorLike,
  tensorsToPermute: CPTensorLike | readonly CPTensorLike[],
): [CPTensor | CPTensor[], number[][]] {
  return scope(() => {
    const fn = 'cpPermuteFactors';
    const single = isSingleCp(tensorsToPermute);
    const list = single ? [tensorsToPermute as CPTensorLike] : (tensorsToPermute as readonly CPTensorLike[]);
    const ref = cpNormalize(toCPTensor(fn, refCpTensor));
    const permuted: CPTensor[] = [];
    const permutations: number[][] = [];
    list.forEach((item, i) => {
      const cp = toCPTensor(fn, item);
      if (cp.rank !== ref.rank || cp.factors.length !== ref.factors.length) {
        throw new ArgumentError(
          fn,
          'tensorsToPermute',
          `CP tensors of rank ${ref.rank} with ${ref.factors.length} factors like the reference`,
          `tensor ${i} of rank ${cp.rank} with ${cp.factors.length} factors`,
        );
      }
      const [, permutation] = congruenceCoefficient(ref.factors, cpNormalize(cp).factors);
      permuted.push(
        new CPTensor(
          take(cp.weights, permutation, 0),
          cp.factors.map((f) => take(f, permutation, 1)),
        ),
      );
      permutations.push(permutation);
    });
    return [single ? permuted[0]! : permuted, permutations];
  });
}
