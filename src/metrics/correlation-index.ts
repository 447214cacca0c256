import { ArgumentError } from '../errors.js';
import {
  abs,
  concatenate,
  conj,
  divide,
  isTensor,
  item,
  matmul,
  max,
  norm,
  shape as shapeOf,
  subtract,
  sum,
  toTypedArray,
  transpose,
  scope,
} from '../ops.js';
import type { Tensor } from '../types.js';

/** How {@link correlationIndex} compares two lists of factor matrices. */
export type CorrelationIndexMethod = 'stacked' | 'max_score' | 'min_score' | 'avg_score';

/** Options of {@link correlationIndex}. */
export interface CorrelationIndexOptions {
  /** Scores below this are reported as 0. Default `5e-16`. */
  tol?: number;
  /**
   * `'stacked'` (default): stack each list's matrices vertically and score the two stacks (the original method);
   * `'max_score'`, `'min_score'`, `'avg_score'`: score each pair of matrices and take the largest (most
   * conservative), smallest or mean score.
   */
  method?: CorrelationIndexMethod;
}

const METHODS: readonly CorrelationIndexMethod[] = ['stacked', 'max_score', 'min_score', 'avg_score'];

/**
 * CorrIndex, a distance between two sets of factor matrices that ignores column scaling and permutation: 0 when
 * the columns match up to scale and order, up to 1 otherwise (Sobhani et al. 2022, "CorrIndex: a permutation
 * invariant performance index", Signal Processing 195). TensorLy's `metrics.correlation_index`.
 *
 * For unit-norm column matrices `X₁ (I, R₁)`, `X₂ (I, R₂)` and `C = |X₁ᴴX₂|`:
 * `score = (Σ_i |max_j C_ij − 1| + Σ_j |max_i C_ij − 1|) / (R₁ + R₂)`.
 *
 * @param factors1 - factor matrices `[A_0, ..., A_{N-1}]`, each `(I_k, R)`.
 * @param factors2 - factor matrices of the same shapes.
 * @param options - `tol` (default 5e-16), `method` (default `'stacked'`).
 * @returns the score, in `[0, 1]`; lower means more similar.
 * @example
 * ```ts
 * correlationIndex(cp1.factors, cp2.factors); // 0 when cp2's columns are a rescaled permutation of cp1's
 * ```
 */
export function correlationIndex(
  factors1: readonly Tensor[],
  factors2: readonly Tensor[],
  options: CorrelationIndexOptions = {},
): number {
  return scope(() => {
    const fn = 'correlationIndex';
    const tol = options.tol ?? 5e-16;
    const method = options.method ?? 'stacked';
    for (const [arg, factors] of [
      ['factors1', factors1],
      ['factors2', factors2],
    ] as const) {
      if (
        !Array.isArray(factors) ||
        factors.length === 0 ||
        !factors.every((f) => isTensor(f) && shapeOf(f).length === 2)
      ) {
        throw new ArgumentError(fn, arg, 'a non-empty list of matrices', factors);
      }
      if (new Set(factors.map((f) => shapeOf(f)[1])).size !== 1) {
        throw new ArgumentError(fn, arg, 'loading matrices of the same rank (column count)', factors);
      }
    }
    if (!METHODS.includes(method)) {
      throw new ArgumentError(fn, 'method', `one of ${METHODS.map((m) => `'${m}'`).join(', ')}`, method);
    }
    const x1 = method === 'stacked' ? [concatenate(factors1, 0)] : [...factors1];
    const x2 = method === 'stacked' ? [concatenate(factors2, 0)] : [...factors2];
    if (x1.length !== x2.length) {
      throw new ArgumentError(fn, 'factors2', `${x1.length} matrices like factors1`, x2.length);
    }
    const scores = x1.map((a, k) => {
      const b = x2[k]!;
      const sa = shapeOf(a);
      const sb = shapeOf(b);
      if (sa[0] !== sb[0] || sa[1] !== sb[1]) {
        throw new ArgumentError(
          fn,
          'factors2',
          `factor matrices of the same shapes ([${sa.join(', ')}])`,
          `[${sb.join(', ')}]`,
        );
      }
      const score = pairScore(unit(fn, 'factors1', a), unit(fn, 'factors2', b));
      return score < tol ? 0 : score;
    });
    if (method === 'stacked') return scores[0]!;
    if (method === 'max_score') return Math.max(...scores);
    if (method === 'min_score') return Math.min(...scores);
    return scores.reduce((p, q) => p + q, 0) / scores.length;
  });
}

/** CorrIndex of two matrices with unit-norm columns. */
function pairScore(a: Tensor, b: Tensor): number {
  const c = abs(matmul(conj(transpose(a)), b));
  const [r1, r2] = shapeOf(c);
  const rows = sum(abs(subtract(max(c, 1), 1)));
  const cols = sum(abs(subtract(max(c, 0), 1)));
  return (item(rows) + item(cols)) / (r1! + r2!);
}

/** `m` with unit-norm columns; a zero column is an error. */
function unit(fn: string, arg: string, m: Tensor): Tensor {
  const norms = norm(m, 2, 0);
  const values = toTypedArray(norms);
  for (let i = 0; i < values.length; i++) {
    if (Number(values[i]!) === 0)
      throw new ArgumentError(fn, arg, 'columns of non-zero norm', `column ${i} of norm 0`);
  }
  return divide(m, norms);
}
