import { NotSupportedError } from '../../../errors.js';
import type { JsDType, NdArray } from '../ndarray.js';

/** An operand of an element-wise op: a tensor, or a plain number broadcast as a "weak" scalar. */
export type Operand = NdArray | number;

/** Order of the promotion lattice (bool < uint8 < int32 < int64 < float32 < float64), with one exception below. */
const RANK: Record<JsDType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, float32: 4, float64: 5 };

/** Whether `dtype` is float32 or float64. */
export function isFloatDType(dtype: JsDType): dtype is 'float32' | 'float64' {
  return dtype === 'float64' || dtype === 'float32';
}

/**
 * The dtype two arrays combine to, as NumPy's `promote_types` restricted to the js dtypes: the larger in
 * bool < uint8 < int32 < int64 < float32 < float64, except that int32 or int64 with float32 gives float64
 * (float32 cannot hold every 32-bit integer).
 */
export function promoteTypes(a: JsDType, b: JsDType): JsDType {
  if (a === b) return a;
  const [lo, hi] = RANK[a] < RANK[b] ? [a, b] : [b, a];
  if (hi === 'float32' && (lo === 'int32' || lo === 'int64')) return 'float64';
  return hi;
}

/**
 * The dtype an array of `dtype` combined with the number `s` gives. Numbers are "weak" (NumPy 2, NEP 50):
 * a float array keeps its dtype whatever the number; an integer or bool array keeps an integer dtype when `s`
 * is an integer it can hold (bool becomes int32), and otherwise moves to the next dtype that holds it
 * (uint8 -> int32 -> float64); a non-integer number gives float64.
 *
 * NumPy 2 raises an OverflowError for `uint8_array + 300`; promoting to int32 instead (as NumPy 1 did)
 * keeps the value.
 */
export function withScalar(dtype: JsDType, s: number): JsDType {
  if (isFloatDType(dtype)) return dtype;
  if (!Number.isInteger(s)) return 'float64';
  if (dtype === 'int64') return Number.isSafeInteger(s) ? 'int64' : 'float64';
  if (dtype === 'uint8' && s >= 0 && s <= 255) return 'uint8';
  return s >= -2147483648 && s <= 2147483647 ? 'int32' : 'float64';
}

/**
 * The dtype of an element-wise result over `operands` (NumPy's `result_type` with weak Python scalars): the
 * arrays' dtypes promoted with {@link promoteTypes}, then each number applied with {@link withScalar}.
 * Numbers alone give float64. 0-d tensors count as arrays, not as weak scalars.
 *
 * @example
 * ```ts
 * resultType(float32Array, 2.5);   // 'float32'
 * resultType(int32Array, float32Array); // 'float64'
 * resultType(boolArray, 3);        // 'int32'
 * resultType(1, 2);                // 'float64'
 * ```
 */
export function resultType(...operands: readonly Operand[]): JsDType {
  let dtype: JsDType | undefined;
  for (const x of operands) {
    if (typeof x !== 'number') dtype = dtype === undefined ? x.dtype : promoteTypes(dtype, x.dtype);
  }
  if (dtype === undefined) return 'float64';
  for (const x of operands) if (typeof x === 'number') dtype = withScalar(dtype, x);
  return dtype;
}

/**
 * The dtype of a float-valued function (true division, sqrt, exp, log, trig, digamma) of `dtype`:
 * float32 stays float32, everything else gives float64.
 */
export function floatResultType(dtype: JsDType): 'float32' | 'float64' {
  return dtype === 'float32' ? 'float32' : 'float64';
}

/**
 * Throws NotSupportedError when `x` is an int64 tensor: int64 is storage and interchange only in the js
 * backend (its BigInt64Array storage would need a separate, slow arithmetic path).
 */
export function rejectInt64(fn: string, arg: string, x: Operand | null): void {
  if (x !== null && typeof x !== 'number' && x.dtype === 'int64') {
    throw new NotSupportedError(
      `${fn}: argument '${arg}' is an int64 tensor; int64 is storage-only in the js backend, ` +
        `convert it first with astype(x, 'int32') or astype(x, 'float64')`,
    );
  }
}
