import { ArgumentError } from '../errors.js';
import {
  abs,
  conj,
  divide,
  isTensor,
  matmul,
  norm,
  shape as shapeOf,
  toTypedArray,
  transpose,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';
import { linearSumAssignment } from './linear-sum-assignment.js';

/** Options of {@link congruenceCoefficient}. */
export interface CongruenceCoefficientOptions {
  /** Compare columns by the absolute value of their cosine (so a sign flip counts as a match). Default true. */
  absoluteValue?: boolean;
}

/**
 * The best mean (Tucker) congruence coefficient, that is cosine similarity, between the columns of two matrices,
 * and the column permutation that achieves it (found with the Hungarian method). With lists of matrices, the
 * congruence of a column pair is the product of its congruences in each pair of matrices (the factors of two CP
 * decompositions, say), and one permutation serves them all. TensorLy's `metrics.congruence_coefficient`.
 *
 * @param matrix1 - `(I, R)`, or a list of matrices `(I_k, R)`.
 * @param matrix2 - as `matrix1`, same shapes: the matrices whose columns are permuted.
 * @param options - `absoluteValue` (default true).
 * @returns `[congruence, permutation]`: the mean congruence of the matched columns, and for each column `i` of
 *   `matrix1` the column `permutation[i]` of `matrix2` it is matched with.
 * @throws ArgumentError when the lists differ in length, the matrices in column count or paired row count, or a
 *   column has norm 0.
 * @example
 * ```ts
 * const a = tl.tensor([[1, 0], [0, 1], [1, 1]]);
 * const b = tl.tensor([[0, 2], [3, 0], [3, 2]]);
 * congruenceCoefficient(a, b); // [1, [1, 0]]
 * ```
 */
export function congruenceCoefficient(
  matrix1: Tensor | readonly Tensor[],
  matrix2: Tensor | readonly Tensor[],
  options: CongruenceCoefficientOptions = {},
): [congruence: number, permutation: number[]] {
  return scope(() => {
    const fn = 'congruenceCoefficient';
    const list1 = isTensor(matrix1) ? [matrix1] : matrix1;
    const list2 = isTensor(matrix2) ? [matrix2] : matrix2;
    if (!Array.isArray(list1) || list1.length === 0) {
      throw new ArgumentError(fn, 'matrix1', 'a matrix or a non-empty list of matrices', matrix1);
    }
    if (!Array.isArray(list2) || list2.length !== list1.length) {
      throw new ArgumentError(fn, 'matrix2', `as many matrices as matrix1 (${list1.length})`, matrix2);
    }
    const shapes1 = list1.map((m, i) => matrixShape(fn, 'matrix1', m, i));
    const shapes2 = list2.map((m, i) => matrixShape(fn, 'matrix2', m, i));
    const rank = shapes1[0]![1];
    for (const [arg, shapes] of [
      ['matrix1', shapes1],
      ['matrix2', shapes2],
    ] as const) {
      shapes.forEach((s, i) => {
        if (s[1] !== rank) {
          throw new ArgumentError(
            fn,
            arg,
            `matrices with ${rank} columns`,
            `matrix ${i} with ${s[1]} columns`,
          );
        }
      });
    }
    const total = new Float64Array(rank * rank).fill(1);
    for (let k = 0; k < list1.length; k++) {
      if (shapes1[k]![0] !== shapes2[k]![0]) {
        throw new ArgumentError(
          fn,
          'matrix2',
          `pairs of matrices with equal row counts (${shapes1[k]![0]} in matrix1[${k}])`,
          `${shapes2[k]![0]} rows`,
        );
      }
      const unit1 = unitColumns(fn, 'matrix1', list1[k]!);
      const unit2 = unitColumns(fn, 'matrix2', list2[k]!);
      let congruence = matmul(transpose(conj(unit1)), unit2);
      if (options.absoluteValue ?? true) congruence = abs(congruence);
      const values = toTypedArray(congruence);
      for (let i = 0; i < total.length; i++) total[i] = total[i]! * Number(values[i]!);
    }
    const { rowInd, colInd } = linearSumAssignment(total, rank, rank, true);
    let score = 0;
    const permutation = new Array<number>(rank).fill(0);
    rowInd.forEach((r, k) => {
      const c = colInd[k]!;
      score += total[r * rank + c]!;
      permutation[r] = c;
    });
    return [score / rank, permutation];
  });
}

function matrixShape(fn: string, arg: string, m: unknown, i: number): [number, number] {
  const s = isTensor(m) ? shapeOf(m) : undefined;
  if (s === undefined || s.length !== 2)
    throw new ArgumentError(fn, arg, `matrix ${i} to be a 2-d tensor`, m);
  return [s[0]!, s[1]!];
}

/** `m` with unit-norm columns; a zero column is an error (its cosine is undefined). */
function unitColumns(fn: string, arg: string, m: Tensor): Tensor {
  const norms = norm(m, 2, 0);
  const values = toTypedArray(norms);
  for (let i = 0; i < values.length; i++) {
    if (Number(values[i]!) === 0) {
      throw new ArgumentError(fn, arg, 'columns of non-zero l2 norm', `column ${i} of norm 0`);
    }
  }
  return divide(m, norms);
}
