import { ArgumentError } from '../errors.js';

/** A regularization weight for every mode (one number, or absent for none) or one per mode. */
export type RegularizationWeights = number | readonly (number | null | undefined)[] | null | undefined;

/**
 * Expands ridge and sparsity weights to one number per mode (absent means 0) and, when some mode has a sparsity
 * penalty, gives every mode with neither penalty a ridge weight equal to the largest sparsity weight, which keeps
 * the penalized problem well posed (TensorLy warns when it does this; here it is silent and documented).
 * TensorLy's `solvers.penalizations.process_regularization_weights`.
 *
 * @param ridgeCoefficients - ridge (ℓ₂²) weights.
 * @param sparsityCoefficients - sparsity (ℓ₁) weights.
 * @param nModes - the number of modes.
 * @returns `[ridge, sparsity]`, two new arrays of `nModes` numbers.
 * @example
 * ```ts
 * processRegularizationWeights(null, [1, 2, 0, 4], 4); // [[0, 0, 4, 0], [1, 2, 0, 4]]
 * ```
 */
export function processRegularizationWeights(
  ridgeCoefficients: RegularizationWeights,
  sparsityCoefficients: RegularizationWeights,
  nModes: number,
): [ridge: number[], sparsity: number[]] {
  if (!Number.isInteger(nModes) || nModes < 0) {
    throw new ArgumentError('processRegularizationWeights', 'nModes', 'a non-negative integer', nModes);
  }
  const expand = (arg: string, w: RegularizationWeights): number[] => {
    if (w === null || w === undefined || typeof w === 'number') return new Array<number>(nModes).fill(w ?? 0);
    if (!Array.isArray(w) || w.length < nModes) {
      throw new ArgumentError(
        'processRegularizationWeights',
        arg,
        `a number or a list of ${nModes} numbers`,
        w,
      );
    }
    return w.slice(0, nModes).map((v) => v ?? 0);
  };
  const ridge = expand('ridgeCoefficients', ridgeCoefficients);
  const sparsity = expand('sparsityCoefficients', sparsityCoefficients);
  if (sparsity.some((s) => s !== 0)) {
    const maxSparsity = Math.max(...sparsity);
    for (let i = 0; i < nModes; i++) {
      if (Math.abs(sparsity[i]!) + Math.abs(ridge[i]!) === 0) ridge[i] = maxSparsity;
    }
  }
  return [ridge, sparsity];
}
