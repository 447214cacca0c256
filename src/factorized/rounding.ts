import { ArgumentError } from '../errors.js';

/** How a fractional rank is turned into an integer: to nearest (ties to even, as NumPy's `round`), down, or up. */
export type Rounding = 'round' | 'floor' | 'ceil';

/** A rank given as TensorLy does: `'same'` (as many parameters as the full tensor) or a number. */
export type RankSpec = 'same' | number;

/**
 * NumPy's `round`: to the nearest integer, ties to the even one (`2.5 -> 2`, `3.5 -> 4`), unlike `Math.round`.
 * Rank rules must round exactly like TensorLy, or a boundary case gives a different rank.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends ties up; a tie whose upper neighbour is odd belongs to the even one below.
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The rounding function named by `rounding`, or an ArgumentError naming `fn`. */
export function roundingFunction(fn: string, rounding: Rounding | undefined): (x: number) => number {
  switch (rounding ?? 'round') {
    case 'round':
      return roundHalfEven;
    case 'floor':
      return Math.floor;
    case 'ceil':
      return Math.ceil;
    default:
      throw new ArgumentError(fn, 'rounding', "'round', 'floor' or 'ceil'", rounding);
  }
}

/**
 * Whether `rank` asks for a fraction of the full tensor's parameter count (`'same'` or a non-integer number)
 * rather than an explicit integer rank. JavaScript has one number type, so TensorLy's float/int distinction
 * becomes integer/non-integer: `0.5` is a fraction, `2` an explicit rank, and `'same'` stands for the fraction 1.
 */
export function fractionOf(rank: unknown): number | undefined {
  if (rank === 'same') return 1;
  if (typeof rank === 'number' && Number.isFinite(rank) && !Number.isInteger(rank)) return rank;
  return undefined;
}

/** Checks that `shape` is a list of positive integers (a tensor shape), naming `fn` and `arg` otherwise. */
export function checkShape(fn: string, arg: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ArgumentError(fn, arg, 'a list of positive integers', shape);
  }
}

/** Product of the entries of `xs` (1 for an empty list). */
export function prodOf(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

/** Sum of the entries of `xs`. */
export function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
