/**
 * TensorLy's `tensorly.base`: unfolding, folding and vectorising tensors.
 *
 * Conventions (TensorLy's, kept exactly): the mode-`n` unfolding moves axis `n` to the front and reshapes the
 * rest in row-major (C) order, so its columns are ordered differently from Kolda & Bader's column-major
 * definition (Kolda & Bader 2009, "Tensor Decompositions and Applications", SIAM Review 51(3)); vectorising is a
 * row-major flatten.
 *
 * @module
 */
import { ArgumentError } from './errors.js';
import { ndim, reshape, shape as shapeOf, transpose, scope } from './ops.js';
import type { Tensor } from './types.js';

export { fold, unfold } from './ops.js';

/**
 * Vectorises a tensor: its elements in row-major order as a vector. TensorLy's `tensor_to_vec`.
 *
 * @param tensor - a tensor of shape `(I_0, ..., I_{N-1})`.
 * @returns a vector of shape `(I_0 · ... · I_{N-1},)`.
 * @example
 * ```ts
 * tensorToVec(tl.tensor([[1, 2], [3, 4]])); // [1, 2, 3, 4]
 * ```
 */
export function tensorToVec(tensor: Tensor): Tensor {
  return scope(() => {
    return reshape(tensor, [-1]);
  });
}

/**
 * Folds a vector back into a tensor of `shape` (row-major), the inverse of {@link tensorToVec}.
 * TensorLy's `vec_to_tensor`.
 *
 * @param vec - a vector of shape `(I_0 · ... · I_{N-1},)`.
 * @param shape - the shape of the tensor, `(I_0, ..., I_{N-1})`.
 * @returns a tensor of shape `shape`.
 * @example
 * ```ts
 * vecToTensor(tl.arange(6), [2, 3]); // [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export function vecToTensor(vec: Tensor, shape: readonly number[]): Tensor {
  return scope(() => {
    return reshape(vec, shape);
  });
}

/** Options of {@link partialUnfold}. */
export interface PartialUnfoldOptions {
  /** The mode to unfold, counted among the modes that are not skipped (default 0). */
  mode?: number;
  /** Number of leading modes left untouched, for example a batch of samples (default 1). */
  skipBegin?: number;
  /** Number of trailing modes left untouched (default 0). */
  skipEnd?: number;
  /** Also flatten each unfolded tensor into a vector (default false). */
  ravelTensors?: boolean;
}

/** Options of {@link partialFold}, {@link partialTensorToVec} and {@link partialVecToTensor}. */
export interface PartialFoldOptions {
  /** Number of leading modes left untouched (default 1). */
  skipBegin?: number;
  /** Number of trailing modes left untouched (default 0). */
  skipEnd?: number;
}

function checkSkips(fn: string, skipBegin: number, skipEnd: number, n: number): void {
  if (!Number.isInteger(skipBegin) || skipBegin < 0) {
    throw new ArgumentError(fn, 'skipBegin', 'a non-negative integer', skipBegin);
  }
  if (!Number.isInteger(skipEnd) || skipEnd < 0) {
    throw new ArgumentError(fn, 'skipEnd', 'a non-negative integer', skipEnd);
  }
  if (skipBegin + skipEnd >= n) {
    throw new ArgumentError(
      fn,
      'skipBegin',
      `skipBegin + skipEnd smaller than the number of modes (${n})`,
      `skipBegin ${skipBegin} and skipEnd ${skipEnd}`,
    );
  }
}

/** Validates a mode counted among the `inner` non-skipped modes; negative values count from the end. */
function innerMode(fn: string, mode: number, inner: number): number {
  if (!Number.isInteger(mode) || mode < -inner || mode >= inner) {
    throw new ArgumentError(fn, 'mode', `an integer mode in [${-inner}, ${inner})`, mode);
  }
  return mode < 0 ? mode + inner : mode;
}

/** The permutation that moves axis `from` to position `to`, keeping the others in order. */
function moveAxisPerm(n: number, from: number, to: number): number[] {
  const perm: number[] = [];
  for (let i = 0; i < n; i++) if (i !== from) perm.push(i);
  perm.splice(to, 0, from);
  return perm;
}

/**
 * Unfolds a tensor while leaving `skipBegin` leading and `skipEnd` trailing modes untouched: with the
 * defaults, `tensor[i]` is unfolded along `mode` for each sample `i`. TensorLy's `partial_unfold`.
 *
 * @param tensor - a tensor of shape `(B_0, ..., I_0, ..., I_{K-1}, ..., E_0, ...)`.
 * @param options - `mode` (among the unskipped modes), `skipBegin` (default 1), `skipEnd` (default 0),
 *   `ravelTensors` (flatten each unfolding).
 * @returns shape `(B..., I_mode, -1, E...)`, or `(B..., -1, E...)` with `ravelTensors`.
 * @example
 * ```ts
 * const x = tl.reshape(tl.arange(24), [2, 3, 4]);
 * partialUnfold(x, { mode: 1 }); // shape [2, 4, 3]: unfold(x[i], 1) for each i
 * ```
 */
export function partialUnfold(tensor: Tensor, options: PartialUnfoldOptions = {}): Tensor {
  return scope(() => {
    const { mode = 0, skipBegin = 1, skipEnd = 0, ravelTensors = false } = options;
    const shape = shapeOf(tensor);
    const n = shape.length;
    checkSkips('partialUnfold', skipBegin, skipEnd, n);
    const m = innerMode('partialUnfold', mode, n - skipBegin - skipEnd);
    // The merged size is spelled out rather than -1, which cannot be inferred for empty tensors.
    const inner = shape.slice(skipBegin, n - skipEnd);
    const merged = inner.reduce((p, d, i) => (ravelTensors || i !== m ? p * d : p), 1);
    const newShape = [
      ...shape.slice(0, skipBegin),
      ...(ravelTensors ? [merged] : [inner[m]!, merged]),
      ...shape.slice(n - skipEnd),
    ];
    return reshape(transpose(tensor, moveAxisPerm(n, m + skipBegin, skipBegin)), newShape);
  });
}

/**
 * Refolds a partially unfolded tensor (the output of {@link partialUnfold}, raveled or not) into a tensor of
 * `shape`. TensorLy's `partial_fold`.
 *
 * @param unfolded - a partially unfolded tensor.
 * @param mode - the mode it was unfolded along (among the unskipped modes).
 * @param shape - the shape of the full tensor, skipped modes included.
 * @param options - `skipBegin` (default 1), `skipEnd` (default 0).
 * @returns a tensor of shape `shape`.
 * @example
 * ```ts
 * const x = tl.reshape(tl.arange(24), [2, 3, 4]);
 * partialFold(partialUnfold(x, { mode: 1 }), 1, [2, 3, 4]); // equals x
 * ```
 */
export function partialFold(
  unfolded: Tensor,
  mode: number,
  shape: readonly number[],
  options: PartialFoldOptions = {},
): Tensor {
  return scope(() => {
    const { skipBegin = 1, skipEnd = 0 } = options;
    const n = shape.length;
    checkSkips('partialFold', skipBegin, skipEnd, n);
    const m = innerMode('partialFold', mode, n - skipBegin - skipEnd);
    const moved = [...shape];
    const [dim] = moved.splice(skipBegin + m, 1);
    moved.splice(skipBegin, 0, dim!);
    // Inverse of moving axis skipBegin + m to skipBegin: move skipBegin back to skipBegin + m.
    return transpose(reshape(unfolded, moved), moveAxisPerm(n, skipBegin, skipBegin + m));
  });
}

/**
 * Vectorises a tensor while leaving `skipBegin` leading and `skipEnd` trailing modes untouched.
 * TensorLy's `partial_tensor_to_vec`.
 *
 * @param tensor - the tensor.
 * @param options - `skipBegin` (default 1), `skipEnd` (default 0).
 * @returns shape `(B..., -1, E...)`.
 * @example
 * ```ts
 * partialTensorToVec(tl.ones([5, 3, 4])); // shape [5, 12]
 * ```
 */
export function partialTensorToVec(tensor: Tensor, options: PartialFoldOptions = {}): Tensor {
  return scope(() => {
    return partialUnfold(tensor, { mode: 0, ...options, ravelTensors: true });
  });
}

/**
 * Refolds a partially vectorised tensor into a tensor of `shape`, the inverse of
 * {@link partialTensorToVec}. TensorLy's `partial_vec_to_tensor`.
 *
 * @param matrix - a partially vectorised tensor.
 * @param shape - the shape of the full tensor, skipped modes included.
 * @param options - `skipBegin` (default 1), `skipEnd` (default 0).
 * @returns a tensor of shape `shape`.
 * @example
 * ```ts
 * partialVecToTensor(tl.ones([5, 12]), [5, 3, 4]); // shape [5, 3, 4]
 * ```
 */
export function partialVecToTensor(
  matrix: Tensor,
  shape: readonly number[],
  options: PartialFoldOptions = {},
): Tensor {
  return scope(() => {
    return partialFold(matrix, 0, shape, options);
  });
}

/** Options of {@link matricize}. */
export interface MatricizeOptions {
  /**
   * Modes that index the columns, in the desired order; default: the modes not in `rowModes`, ascending.
   * When given, `rowModes` and `columnModes` together must name every mode exactly once.
   */
  columnModes?: number | readonly number[] | null;
}

/**
 * Reshapes a tensor into a matrix whose rows are indexed by `rowModes` and whose columns by the other modes
 * (row-major within each group). `matricize(x, n)` equals `unfold(x, n)`. TensorLy's `matricize`.
 *
 * @param tensor - a tensor of shape `(I_0, ..., I_{N-1})`.
 * @param rowModes - the mode or modes that index the rows, in order.
 * @param options - `columnModes`: the modes that index the columns, in order.
 * @returns a matrix of shape `(Π_{rowModes} I_k, Π_{columnModes} I_k)`.
 * @example
 * ```ts
 * const x = tl.ones([2, 3, 4, 5]);
 * matricize(x, [1, 3]);                      // shape [15, 8]
 * matricize(x, [0], { columnModes: [3, 2, 1] }); // shape [2, 60]
 * ```
 */
export function matricize(
  tensor: Tensor,
  rowModes: number | readonly number[],
  options: MatricizeOptions = {},
): Tensor {
  return scope(() => {
    const shape = shapeOf(tensor);
    const n = ndim(tensor);
    const rows = typeof rowModes === 'number' ? [rowModes] : [...rowModes];
    const checkModes = (arg: string, modes: number[]): number[] =>
      modes.map((m) => {
        if (!Number.isInteger(m) || m < -n || m >= n) {
          throw new ArgumentError('matricize', arg, `modes in [${-n}, ${n})`, modes);
        }
        return m < 0 ? m + n : m;
      });
    const rowIdx = checkModes('rowModes', rows);
    if (new Set(rowIdx).size !== rowIdx.length) {
      throw new ArgumentError('matricize', 'rowModes', 'distinct modes', rowModes);
    }
    let colIdx: number[];
    const { columnModes } = options;
    if (columnModes === undefined || columnModes === null) {
      colIdx = [];
      for (let i = 0; i < n; i++) if (!rowIdx.includes(i)) colIdx.push(i);
    } else {
      colIdx = checkModes('columnModes', typeof columnModes === 'number' ? [columnModes] : [...columnModes]);
      const all = [...rowIdx, ...colIdx].sort((a, b) => a - b);
      if (all.length !== n || all.some((m, i) => m !== i)) {
        throw new ArgumentError(
          'matricize',
          'columnModes',
          `modes that, with rowModes, name each of the ${n} modes exactly once`,
          columnModes,
        );
      }
    }
    const rowSize = rowIdx.reduce((p, i) => p * shape[i]!, 1);
    const colSize = colIdx.reduce((p, i) => p * shape[i]!, 1);
    return reshape(transpose(tensor, [...rowIdx, ...colIdx]), [rowSize, colSize]);
  });
}
