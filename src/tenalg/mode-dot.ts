import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { ndim, shape as shapeOf, scope } from '../ops.js';
import type { Tensor } from '../types.js';

/** Options of {@link modeDot}. */
export interface ModeDotOptions {
  /**
   * Multiply by the transpose of the matrix (conjugate transpose for complex tensors): the matrix is then
   * `(I_mode, J)` instead of `(J, I_mode)`. Default false. Ignored for vectors.
   */
  transpose?: boolean;
}

/**
 * The mode-`mode` (n-mode) product of a tensor with a matrix or a vector, `tensor ×ₙ M`
 * (Kolda & Bader 2009, §2.5). With a matrix `(J, I_mode)` the axis `mode` is replaced by one of length `J`;
 * with a vector `(I_mode,)` it is contracted away. TensorLy's `tenalg.mode_dot`.
 *
 * Equal to `fold(M @ unfold(tensor, mode), mode, newShape)`; backends may compute it without unfolding (the
 * js backend runs strided matrix products over the original layout).
 *
 * @param tensor - a tensor of shape `(I_0, ..., I_{N-1})`.
 * @param matrixOrVector - a matrix `(J, I_mode)` (`(I_mode, J)` with `transpose`) or a vector `(I_mode,)`.
 * @param mode - the mode to multiply along (negative counts from the end).
 * @param options - `transpose`.
 * @returns shape `(I_0, ..., J, ..., I_{N-1})` for a matrix, `(I_0, ..., I_{mode-1}, I_{mode+1}, ...)` for a vector.
 * @example
 * ```ts
 * const x = tl.ones([3, 4, 2]);
 * modeDot(x, tl.ones([5, 4]), 1);                       // shape [3, 5, 2]
 * modeDot(x, tl.ones([4, 5]), 1, { transpose: true });  // shape [3, 5, 2]
 * modeDot(x, tl.ones([4]), 1);                          // shape [3, 2]
 * ```
 */
export function modeDot(
  tensor: Tensor,
  matrixOrVector: Tensor,
  mode: number,
  options: ModeDotOptions = {},
): Tensor {
  return scope(() => {
    const shape = shapeOf(tensor);
    const n = shape.length;
    if (!Number.isInteger(mode) || mode < -n || mode >= n) {
      throw new ArgumentError('modeDot', 'mode', `an integer mode in [${-n}, ${n})`, mode);
    }
    const m = mode < 0 ? mode + n : mode;
    const ms = shapeOf(matrixOrVector);
    const transpose = options.transpose ?? false;
    if (ms.length === 2) {
      const dim = transpose ? 0 : 1;
      if (ms[dim] !== shape[m]) {
        throw new ArgumentError(
          'modeDot',
          'matrixOrVector',
          `a matrix with ${shape[m]} ${transpose ? 'rows' : 'columns'} (mode ${m} of the tensor has length ${shape[m]})`,
          `a matrix of shape [${ms.join(', ')}]`,
        );
      }
    } else if (ms.length === 1) {
      if (ms[0] !== shape[m]) {
        throw new ArgumentError(
          'modeDot',
          'matrixOrVector',
          `a vector of length ${shape[m]} (the length of mode ${m})`,
          `a vector of length ${ms[0]}`,
        );
      }
    } else {
      throw new ArgumentError(
        'modeDot',
        'matrixOrVector',
        'a matrix or a vector',
        `a ${ms.length}-d tensor of shape [${ms.join(', ')}]`,
      );
    }
    return currentBackend().modeDot(tensor, matrixOrVector, m, transpose);
  });
}

/** Options of {@link multiModeDot}. */
export interface MultiModeDotOptions {
  /** The mode of each matrix or vector; default `[0, 1, ..., list.length - 1]`. */
  modes?: readonly number[] | null;
  /**
   * Position of a matrix to skip, counted in the list after it is ordered by mode (TensorLy's convention;
   * the same as the list position when `modes` is absent or ascending).
   */
  skip?: number | null;
  /** Multiply by the (conjugate) transposes of the matrices. Default false. */
  transpose?: boolean;
}

/**
 * The n-mode product of a tensor with several matrices or vectors, one per mode:
 * `tensor ×₀ M₀ ×₁ M₁ ⋯` (Kolda & Bader 2009, §2.5). The products along different modes commute; they are
 * applied in increasing mode order, and a vector removes its mode (later modes shift down).
 * TensorLy's `tenalg.multi_mode_dot`.
 *
 * @param tensor - a tensor of shape `(I_0, ..., I_{N-1})`.
 * @param matrixOrVecList - matrices `(J_k, I_{modes[k]})` (transposed with `transpose`) or vectors.
 * @param options - `modes`, `skip`, `transpose`.
 * @returns the tensor multiplied along every listed mode.
 * @example
 * ```ts
 * const x = tl.ones([2, 3, 4]);
 * multiModeDot(x, [tl.ones([5, 2]), tl.ones([6, 3]), tl.ones([7, 4])]); // shape [5, 6, 7]
 * multiModeDot(x, [tl.ones([3]), tl.ones([4])], { modes: [1, 2] });      // shape [2]
 * ```
 */
export function multiModeDot(
  tensor: Tensor,
  matrixOrVecList: readonly Tensor[],
  options: MultiModeDotOptions = {},
): Tensor {
  return scope(() => {
    if (!Array.isArray(matrixOrVecList)) {
      throw new ArgumentError(
        'multiModeDot',
        'matrixOrVecList',
        'a list of matrices or vectors',
        matrixOrVecList,
      );
    }
    const n = ndim(tensor);
    const modes = options.modes ?? matrixOrVecList.map((_, i) => i);
    if (modes.length !== matrixOrVecList.length) {
      throw new ArgumentError(
        'multiModeDot',
        'modes',
        `one mode per matrix or vector (${matrixOrVecList.length})`,
        modes,
      );
    }
    const normModes = modes.map((m) => {
      if (!Number.isInteger(m) || m < -n || m >= n) {
        throw new ArgumentError('multiModeDot', 'modes', `modes in [${-n}, ${n})`, modes);
      }
      return m < 0 ? m + n : m;
    });
    const { skip = null, transpose = false } = options;
    if (skip !== null && !Number.isInteger(skip)) {
      throw new ArgumentError('multiModeDot', 'skip', 'an integer position or null', skip);
    }
    // A stable sort by mode, as TensorLy's `sorted(zip(...), key=mode)`.
    const order = normModes.map((m, i) => [m, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let res = tensor;
    let decrement = 0;
    order.forEach(([mode, i], position) => {
      if (skip !== null && position === skip) return;
      const m = matrixOrVecList[i]!;
      res = modeDot(res, m, mode - decrement, { transpose });
      if (ndim(m) === 1) decrement++;
    });
    return res;
  });
}
