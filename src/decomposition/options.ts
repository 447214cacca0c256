import { ArgumentError } from '../errors.js';

/** Convergence criteria of the CP algorithms: stop when |Δerror| < tol, or when Δerror < tol. */
export type CvgCriterion = 'abs_rec_error' | 'rec_error';

/** `nIterMax`, validated as a non-negative integer (`fallback` when absent). */
export function iterationCount(fn: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(fn, 'nIterMax', 'a non-negative integer', value);
  return n;
}

/** `cvgCriterion`, validated (default `'abs_rec_error'`). */
export function convergenceCriterion(fn: string, value: CvgCriterion | undefined): CvgCriterion {
  const c = value ?? 'abs_rec_error';
  if (c !== 'abs_rec_error' && c !== 'rec_error') {
    throw new ArgumentError(fn, 'cvgCriterion', "'abs_rec_error' or 'rec_error'", c);
  }
  return c;
}

/** Whether the error decrease between the last two errors meets the criterion. */
export function converged(criterion: CvgCriterion, previous: number, current: number, tol: number): boolean {
  const decrease = previous - current;
  return criterion === 'abs_rec_error' ? Math.abs(decrease) < tol : decrease < tol;
}

/**
 * The modes to update, in order, given `fixedModes` (validated). The last mode is never fixed, as in
 * TensorLy: the error formula needs its MTTKRP (TensorLy warns and un-fixes it).
 */
export function freeModes(fn: string, fixedModes: readonly number[] | undefined, nModes: number): number[] {
  const fixed = new Set(fixedModes ?? []);
  for (const m of fixed) {
    if (!Number.isInteger(m) || m < 0 || m >= nModes)
      throw new ArgumentError(fn, 'fixedModes', `modes in [0, ${nModes})`, m);
  }
  fixed.delete(nModes - 1);
  return [...Array(nModes).keys()].filter((m) => !fixed.has(m));
}
