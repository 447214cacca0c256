import { ArgumentError } from '../errors.js';
import { multiply, reshape, shape as shapeOf, scope } from '../ops.js';
import type { Tensor } from '../types.js';

function checkList(fn: string, tensors: readonly Tensor[]): void {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ArgumentError(fn, 'tensors', 'a non-empty list of tensors', tensors);
  }
}

/**
 * Generalised outer product of tensors: `res[i..., j..., k...] = X[i...]·Y[j...]·Z[k...]`.
 * TensorLy's `tenalg.outer`.
 *
 * @param tensors - tensors of shapes `(I...)`, `(J...)`, ...
 * @returns a tensor of shape `(I..., J..., ...)`.
 * @example
 * ```ts
 * outer([tl.tensor([1, 2]), tl.tensor([3, 4, 5])]); // [[3, 4, 5], [6, 8, 10]]
 * ```
 */
export function outer(tensors: readonly Tensor[]): Tensor {
  return scope(() => {
    checkList('outer', tensors);
    let res = tensors[0]!;
    let resShape = shapeOf(res);
    for (let i = 1; i < tensors.length; i++) {
      const t = tensors[i]!;
      const s = shapeOf(t);
      res = multiply(
        reshape(res, [...resShape, ...s.map(() => 1)]),
        reshape(t, [...resShape.map(() => 1), ...s]),
      );
      resShape = [...resShape, ...s];
    }
    return res;
  });
}

/**
 * Outer product of batches of tensors, sample by sample:
 * `res[b, i..., j...] = X[b, i...]·Y[b, j...]`. TensorLy's `tenalg.batched_outer`.
 *
 * @param tensors - tensors of shapes `(B, I...)`, `(B, J...)`, ... with the same batch size `B`.
 * @returns a tensor of shape `(B, I..., J..., ...)`.
 * @example
 * ```ts
 * batchedOuter([tl.ones([5, 2]), tl.ones([5, 3])]); // shape [5, 2, 3]
 * ```
 */
export function batchedOuter(tensors: readonly Tensor[]): Tensor {
  return scope(() => {
    checkList('batchedOuter', tensors);
    let res = tensors[0]!;
    let resShape = shapeOf(res);
    if (resShape.length === 0) {
      throw new ArgumentError('batchedOuter', 'tensors', 'tensors with a leading batch mode', 'a 0-d tensor');
    }
    for (let i = 1; i < tensors.length; i++) {
      const t = tensors[i]!;
      const s = shapeOf(t);
      if (s.length === 0 || s[0] !== resShape[0]) {
        throw new ArgumentError(
          'batchedOuter',
          'tensors',
          `tensors with the same batch size (${resShape[0]})`,
          `tensors[${i}] of shape [${s.join(', ')}]`,
        );
      }
      const rest = s.slice(1);
      const resRest = resShape.slice(1);
      res = multiply(
        reshape(res, [...resShape, ...rest.map(() => 1)]),
        reshape(t, [s[0]!, ...resRest.map(() => 1), ...rest]),
      );
      resShape = [...resShape, ...rest];
    }
    return res;
  });
}
