import { ArgumentError } from '../../../errors.js';
import { digamma as digammaScalar } from '../../../math/special.js';
import { allocate, type JsDType, NdArray, type NumericArray, sizeOf } from '../ndarray.js';
import { broadcastShapes, type LoopPlan, loopPlan, Odometer } from './broadcast.js';
import { floatResultType, isFloatDType, type Operand, rejectInt64, resultType } from './dtypes.js';
import { asArray, asArrayOrScalar } from './validate.js';
import { newF64 } from '../pool.js';

// Element-wise ops of the js backend.
//
// Speed comes from three layers, tried in order:
// 1. contiguous float64 (or float32) operands of one shape, or one of them a number: one flat loop per op
//    (unrolled by four for float64: about 35% faster), in functions that only ever see one typed-array type
//    (V8 then emits monomorphic element access; mixing array types in one loop costs about 40%);
// 2. anything else float64: the operands are walked through broadcast strides (stride 0 along repeated
//    axes), axes merged where possible (see `loopPlan`), with a float64-only row kernel;
// 3. everything else (integer, bool, mixed dtypes): the same walk with a kernel over any numeric storage.
// Each kernel switches on the op once per row, never per element, and calls no closure per element.

// Binary op codes. OR, IMUL and IPOW are the bool/integer forms that `add`, `multiply` and `power` switch to.
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAX = 4;
const MIN = 5;
const POW = 6;
const OR = 7;
const IMUL = 8;
const IPOW = 9;

// Comparison op codes.
const GT = 0;
const GE = 1;
const LT = 2;
const LE = 3;
const EQ = 4;

// Unary op codes.
const NEG = 0;
const ABS = 1;
const SIGN = 2;
const SQRT = 3;
const EXP = 4;
const LOG = 5;
const LOG2 = 6;
const SIN = 7;
const COS = 8;
const TAN = 9;
const ASIN = 10;
const ACOS = 11;
const ATAN = 12;
const SINH = 13;
const COSH = 14;
const TANH = 15;
const ASINH = 16;
const ACOSH = 17;
const ATANH = 18;
const DIGAMMA = 19;
const ISNAN = 20;
const ISFINITE = 21;

// ------------------------------------------------------------------------------------------- scalar helpers

/**
 * `a ** b` as C's `pow` (which NumPy uses): `1 ** y` is 1 for every y and `(-1) ** ±Infinity` is 1, where
 * JavaScript gives NaN.
 */
function powC(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY))) return 1;
  return a ** b;
}

/** Integer power with 32-bit wrap-around (NumPy's int32 `power`), by repeated squaring. */
function ipow(base: number, e: number): number {
  if (e < 0) {
    throw new ArgumentError(
      'power',
      'b',
      'non-negative exponents for integer tensors (convert to a float dtype first)',
      e,
    );
  }
  let r = 1;
  let b = base | 0;
  let k = e;
  while (k > 0) {
    if (k & 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
    k = Math.floor(k / 2);
  }
  return r;
}

/** NumPy's sign: -1, 0 (also for -0) or 1; NaN stays NaN. Branch-free but for NaN. */
function signOf(v: number): number {
  return Number.isNaN(v) ? v : +(v > 0) - +(v < 0);
}

// Selections below go through a two-slot scratch array indexed by a 0/1 comparison result instead of
// `c ? x : y` or Math.max: on unsorted data those compile to branches that mispredict about half the time
// (measured 5 ms against 1.8 ms per 1e6 elements). JavaScript is single-threaded and the kernels never
// re-enter, so one module-level scratch is safe.
const SEL = new Float64Array(2);
/** Four-slot scratch for `clip`'s one-step select. */
const SEL4 = new Float64Array(4);

/** `max(v, w)` with NaN from either side winning and `w` on ties (so `max(-0, 0)` is 0), as NumPy's `maximum`. */
function maxNaN(v: number, w: number): number {
  SEL[0] = v;
  SEL[1] = w;
  return SEL[+(v <= w) | +Number.isNaN(w)]!;
}

/** `min(v, w)` with NaN from either side winning and `w` on ties, as NumPy's `minimum`. */
function minNaN(v: number, w: number): number {
  SEL[0] = v;
  SEL[1] = w;
  return SEL[+(w <= v) | +Number.isNaN(w)]!;
}

/**
 * `out[io + i] = maximum(a[ia + i], s)` (or minimum) over float64, with the number `s` loaded into the
 * select scratch once per call. `sFirst` says `s` is the first operand, so that ties pick the second one as
 * NumPy does; a NaN `s` makes every result NaN.
 */
function extremeF64(
  isMax: boolean,
  a: Float64Array,
  ia: number,
  s: number,
  out: Float64Array,
  io: number,
  n: number,
  sFirst: boolean,
): void {
  if (Number.isNaN(s)) {
    out.fill(Number.NaN, io, io + n);
    return;
  }
  const sel = SEL;
  sel[1] = s;
  // Index 1 picks s. A NaN element makes every comparison false and so is kept.
  if (isMax && sFirst) {
    for (let i = 0; i < n; i++) {
      const v = a[ia + i]!;
      sel[0] = v;
      out[io + i] = sel[+(v < s)]!;
    }
  } else if (isMax) {
    for (let i = 0; i < n; i++) {
      const v = a[ia + i]!;
      sel[0] = v;
      out[io + i] = sel[+(v <= s)]!;
    }
  } else if (sFirst) {
    for (let i = 0; i < n; i++) {
      const v = a[ia + i]!;
      sel[0] = v;
      out[io + i] = sel[+(s < v)]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = a[ia + i]!;
      sel[0] = v;
      out[io + i] = sel[+(s <= v)]!;
    }
  }
}

// ------------------------------------------------------------------------------ contiguous float64 kernels

/** `out = a op b` over contiguous float64 data, unrolled by four. */
function f64vv(op: number, a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  switch (op) {
    case ADD:
      for (; i < n4; i += 4) {
        out[i] = a[i]! + b[i]!;
        out[i + 1] = a[i + 1]! + b[i + 1]!;
        out[i + 2] = a[i + 2]! + b[i + 2]!;
        out[i + 3] = a[i + 3]! + b[i + 3]!;
      }
      for (; i < n; i++) out[i] = a[i]! + b[i]!;
      return;
    case SUB:
      for (; i < n4; i += 4) {
        out[i] = a[i]! - b[i]!;
        out[i + 1] = a[i + 1]! - b[i + 1]!;
        out[i + 2] = a[i + 2]! - b[i + 2]!;
        out[i + 3] = a[i + 3]! - b[i + 3]!;
      }
      for (; i < n; i++) out[i] = a[i]! - b[i]!;
      return;
    case MUL:
      for (; i < n4; i += 4) {
        out[i] = a[i]! * b[i]!;
        out[i + 1] = a[i + 1]! * b[i + 1]!;
        out[i + 2] = a[i + 2]! * b[i + 2]!;
        out[i + 3] = a[i + 3]! * b[i + 3]!;
      }
      for (; i < n; i++) out[i] = a[i]! * b[i]!;
      return;
    case DIV:
      for (; i < n4; i += 4) {
        out[i] = a[i]! / b[i]!;
        out[i + 1] = a[i + 1]! / b[i + 1]!;
        out[i + 2] = a[i + 2]! / b[i + 2]!;
        out[i + 3] = a[i + 3]! / b[i + 3]!;
      }
      for (; i < n; i++) out[i] = a[i]! / b[i]!;
      return;
    case MAX:
      for (; i < n4; i += 4) {
        out[i] = maxNaN(a[i]!, b[i]!);
        out[i + 1] = maxNaN(a[i + 1]!, b[i + 1]!);
        out[i + 2] = maxNaN(a[i + 2]!, b[i + 2]!);
        out[i + 3] = maxNaN(a[i + 3]!, b[i + 3]!);
      }
      for (; i < n; i++) out[i] = maxNaN(a[i]!, b[i]!);
      return;
    case MIN:
      for (; i < n4; i += 4) {
        out[i] = minNaN(a[i]!, b[i]!);
        out[i + 1] = minNaN(a[i + 1]!, b[i + 1]!);
        out[i + 2] = minNaN(a[i + 2]!, b[i + 2]!);
        out[i + 3] = minNaN(a[i + 3]!, b[i + 3]!);
      }
      for (; i < n; i++) out[i] = minNaN(a[i]!, b[i]!);
      return;
  }
}

/** `out = a op s` over contiguous float64 data. */
function f64vs(op: number, a: Float64Array, s: number, out: Float64Array, n: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  switch (op) {
    case ADD:
      for (; i < n4; i += 4) {
        out[i] = a[i]! + s;
        out[i + 1] = a[i + 1]! + s;
        out[i + 2] = a[i + 2]! + s;
        out[i + 3] = a[i + 3]! + s;
      }
      for (; i < n; i++) out[i] = a[i]! + s;
      return;
    case SUB:
      for (; i < n4; i += 4) {
        out[i] = a[i]! - s;
        out[i + 1] = a[i + 1]! - s;
        out[i + 2] = a[i + 2]! - s;
        out[i + 3] = a[i + 3]! - s;
      }
      for (; i < n; i++) out[i] = a[i]! - s;
      return;
    case MUL:
      for (; i < n4; i += 4) {
        out[i] = a[i]! * s;
        out[i + 1] = a[i + 1]! * s;
        out[i + 2] = a[i + 2]! * s;
        out[i + 3] = a[i + 3]! * s;
      }
      for (; i < n; i++) out[i] = a[i]! * s;
      return;
    case DIV:
      for (; i < n4; i += 4) {
        out[i] = a[i]! / s;
        out[i + 1] = a[i + 1]! / s;
        out[i + 2] = a[i + 2]! / s;
        out[i + 3] = a[i + 3]! / s;
      }
      for (; i < n; i++) out[i] = a[i]! / s;
      return;
    case MAX:
      extremeF64(true, a, 0, s, out, 0, n, false);
      return;
    case MIN:
      extremeF64(false, a, 0, s, out, 0, n, false);
      return;
  }
}

/** `out = s op b` over contiguous float64 data (only the ops where order matters differ from `f64vs`). */
function f64sv(op: number, s: number, b: Float64Array, out: Float64Array, n: number): void {
  switch (op) {
    case SUB:
      for (let i = 0; i < n; i++) out[i] = s - b[i]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++) out[i] = s / b[i]!;
      return;
    case MAX:
    case MIN:
      extremeF64(op === MAX, b, 0, s, out, 0, n, true);
      return;
    default:
      f64vs(op, b, s, out, n);
  }
}

// ------------------------------------------------------------------------------ contiguous float32 kernels
// Separate copies of the float64 ones so that each stays monomorphic. Computing in double and rounding on
// store gives the correctly rounded float32 result for + - * / (double has more than 2·24 + 2 bits).

/** `out = a op b` over contiguous float32 data. */
function f32vv(op: number, a: Float32Array, b: Float32Array, out: Float32Array, n: number): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
      return;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
      return;
    case MAX:
      for (let i = 0; i < n; i++) out[i] = maxNaN(a[i]!, b[i]!);
      return;
    case MIN:
      for (let i = 0; i < n; i++) out[i] = minNaN(a[i]!, b[i]!);
      return;
  }
}

/** `out = a op s` (or `s op a` when `swap`) over contiguous float32 data; `s` is already a float32 value. */
function f32vs(op: number, a: Float32Array, s: number, out: Float32Array, n: number, swap: boolean): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i]! + s;
      return;
    case SUB:
      if (swap) for (let i = 0; i < n; i++) out[i] = s - a[i]!;
      else for (let i = 0; i < n; i++) out[i] = a[i]! - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i]! * s;
      return;
    case DIV:
      if (swap) for (let i = 0; i < n; i++) out[i] = s / a[i]!;
      else for (let i = 0; i < n; i++) out[i] = a[i]! / s;
      return;
    case MAX:
      if (swap) for (let i = 0; i < n; i++) out[i] = maxNaN(s, a[i]!);
      else for (let i = 0; i < n; i++) out[i] = maxNaN(a[i]!, s);
      return;
    case MIN:
      if (swap) for (let i = 0; i < n; i++) out[i] = minNaN(s, a[i]!);
      else for (let i = 0; i < n; i++) out[i] = minNaN(a[i]!, s);
      return;
  }
}

// ------------------------------------------------------------------------------------ strided row kernels

/**
 * `out[io..] = a[ia..] op b[ib..]` over `n` unit-stride float64 elements, unrolled by four: the rows of a
 * broadcast such as `(1000, 1000) + (1, 1000)`. (The flat kernels above have no offsets; offsets cost them
 * about a quarter of their speed.)
 */
function f64vvAt(
  op: number,
  n: number,
  a: Float64Array,
  ia: number,
  b: Float64Array,
  ib: number,
  out: Float64Array,
  io: number,
): void {
  const n4 = n - (n % 4);
  let i = 0;
  switch (op) {
    case ADD:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! + b[ib + i]!;
        out[io + i + 1] = a[ia + i + 1]! + b[ib + i + 1]!;
        out[io + i + 2] = a[ia + i + 2]! + b[ib + i + 2]!;
        out[io + i + 3] = a[ia + i + 3]! + b[ib + i + 3]!;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! + b[ib + i]!;
      return;
    case SUB:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! - b[ib + i]!;
        out[io + i + 1] = a[ia + i + 1]! - b[ib + i + 1]!;
        out[io + i + 2] = a[ia + i + 2]! - b[ib + i + 2]!;
        out[io + i + 3] = a[ia + i + 3]! - b[ib + i + 3]!;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! - b[ib + i]!;
      return;
    case MUL:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! * b[ib + i]!;
        out[io + i + 1] = a[ia + i + 1]! * b[ib + i + 1]!;
        out[io + i + 2] = a[ia + i + 2]! * b[ib + i + 2]!;
        out[io + i + 3] = a[ia + i + 3]! * b[ib + i + 3]!;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! * b[ib + i]!;
      return;
    case DIV:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! / b[ib + i]!;
        out[io + i + 1] = a[ia + i + 1]! / b[ib + i + 1]!;
        out[io + i + 2] = a[ia + i + 2]! / b[ib + i + 2]!;
        out[io + i + 3] = a[ia + i + 3]! / b[ib + i + 3]!;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! / b[ib + i]!;
      return;
    case MAX:
      for (; i < n; i++) out[io + i] = maxNaN(a[ia + i]!, b[ib + i]!);
      return;
    case MIN:
      for (; i < n; i++) out[io + i] = minNaN(a[ia + i]!, b[ib + i]!);
      return;
  }
}

/**
 * `out[io..] = a[ia..] op s` (or `s op a[ia..]` when `swap`) over `n` unit-stride float64 elements, unrolled
 * by four: the rows of a broadcast such as `(1000, 1000) + (1000, 1)`, where the other operand is constant
 * along the row.
 */
function f64vsAt(
  op: number,
  n: number,
  a: Float64Array,
  ia: number,
  s: number,
  out: Float64Array,
  io: number,
  swap: boolean,
): void {
  const n4 = n - (n % 4);
  let i = 0;
  if (swap && op === SUB) {
    for (; i < n; i++) out[io + i] = s - a[ia + i]!;
    return;
  }
  if (swap && op === DIV) {
    for (; i < n; i++) out[io + i] = s / a[ia + i]!;
    return;
  }
  switch (op) {
    case ADD:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! + s;
        out[io + i + 1] = a[ia + i + 1]! + s;
        out[io + i + 2] = a[ia + i + 2]! + s;
        out[io + i + 3] = a[ia + i + 3]! + s;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! + s;
      return;
    case SUB:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! - s;
        out[io + i + 1] = a[ia + i + 1]! - s;
        out[io + i + 2] = a[ia + i + 2]! - s;
        out[io + i + 3] = a[ia + i + 3]! - s;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! - s;
      return;
    case MUL:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! * s;
        out[io + i + 1] = a[ia + i + 1]! * s;
        out[io + i + 2] = a[ia + i + 2]! * s;
        out[io + i + 3] = a[ia + i + 3]! * s;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! * s;
      return;
    case DIV:
      for (; i < n4; i += 4) {
        out[io + i] = a[ia + i]! / s;
        out[io + i + 1] = a[ia + i + 1]! / s;
        out[io + i + 2] = a[ia + i + 2]! / s;
        out[io + i + 3] = a[ia + i + 3]! / s;
      }
      for (; i < n; i++) out[io + i] = a[ia + i]! / s;
      return;
    case MAX:
      extremeF64(true, a, ia, s, out, io, n, swap);
      return;
    case MIN:
      extremeF64(false, a, ia, s, out, io, n, swap);
      return;
  }
}

/** One row of a broadcast binary op, float64 only: unit-stride rows go to the unrolled kernels above. */
function rowF64(
  op: number,
  n: number,
  a: Float64Array,
  ia: number,
  sa: number,
  b: Float64Array,
  ib: number,
  sb: number,
  out: Float64Array,
  io: number,
): void {
  if (op <= MIN) {
    if (sa === 1 && sb === 1) {
      f64vvAt(op, n, a, ia, b, ib, out, io);
      return;
    }
    if (sa === 1 && sb === 0) {
      f64vsAt(op, n, a, ia, b[ib]!, out, io, false);
      return;
    }
    if (sa === 0 && sb === 1) {
      f64vsAt(op, n, b, ib, a[ia]!, out, io, true);
      return;
    }
  }
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! + b[ib]!;
      return;
    case SUB:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! - b[ib]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! * b[ib]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! / b[ib]!;
      return;
    case MAX:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = maxNaN(a[ia]!, b[ib]!);
      return;
    case MIN:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = minNaN(a[ia]!, b[ib]!);
      return;
    case POW:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = powC(a[ia]!, b[ib]!);
      return;
  }
}

/**
 * One row of a broadcast binary op over any numeric storage. Values are read as doubles and the store into
 * `out` converts: integer stores wrap as NumPy's fixed-width integers do (IMUL keeps the low 32 bits exact).
 */
function rowAny(
  op: number,
  n: number,
  a: NumericArray,
  ia: number,
  sa: number,
  b: NumericArray,
  ib: number,
  sb: number,
  out: NumericArray,
  io: number,
): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! + b[ib]!;
      return;
    case SUB:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! - b[ib]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! * b[ib]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = a[ia]! / b[ib]!;
      return;
    case MAX:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = maxNaN(a[ia]!, b[ib]!);
      return;
    case MIN:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = minNaN(a[ia]!, b[ib]!);
      return;
    case POW:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = powC(a[ia]!, b[ib]!);
      return;
    case OR:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +((a[ia]! | b[ib]!) !== 0);
      return;
    case IMUL:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = Math.imul(a[ia]!, b[ib]!);
      return;
    case IPOW:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = ipow(a[ia]!, b[ib]!);
      return;
  }
}

/** One row of a broadcast comparison, into 0/1 bytes. */
function rowCmp(
  op: number,
  n: number,
  a: NumericArray,
  ia: number,
  sa: number,
  b: NumericArray,
  ib: number,
  sb: number,
  out: Uint8Array,
  io: number,
): void {
  switch (op) {
    case GT:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! > b[ib]!);
      return;
    case GE:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! >= b[ib]!);
      return;
    case LT:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! < b[ib]!);
      return;
    case LE:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! <= b[ib]!);
      return;
    case EQ:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! === b[ib]!);
      return;
  }
}

/** {@link rowCmp} for float64 operands only, kept apart so that its element access stays monomorphic. */
function rowCmpF64(
  op: number,
  n: number,
  a: Float64Array,
  ia: number,
  sa: number,
  b: Float64Array,
  ib: number,
  sb: number,
  out: Uint8Array,
  io: number,
): void {
  if (sb === 0) {
    // Comparing with a number (x > 0): hoisting the constant read is worth about 30%.
    const y = b[ib]!;
    switch (op) {
      case GT:
        for (let i = 0; i < n; i++, ia += sa) out[io + i] = +(a[ia]! > y);
        return;
      case GE:
        for (let i = 0; i < n; i++, ia += sa) out[io + i] = +(a[ia]! >= y);
        return;
      case LT:
        for (let i = 0; i < n; i++, ia += sa) out[io + i] = +(a[ia]! < y);
        return;
      case LE:
        for (let i = 0; i < n; i++, ia += sa) out[io + i] = +(a[ia]! <= y);
        return;
      case EQ:
        for (let i = 0; i < n; i++, ia += sa) out[io + i] = +(a[ia]! === y);
        return;
    }
  }
  switch (op) {
    case GT:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! > b[ib]!);
      return;
    case GE:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! >= b[ib]!);
      return;
    case LT:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! < b[ib]!);
      return;
    case LE:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! <= b[ib]!);
      return;
    case EQ:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[io + i] = +(a[ia]! === b[ib]!);
      return;
  }
}

/** One row of a unary op; `out` is float for the math functions, the input dtype for NEG/ABS/SIGN, bytes for tests. */
function rowUnary(
  op: number,
  n: number,
  x: NumericArray,
  ix: number,
  sx: number,
  out: NumericArray,
  io: number,
): void {
  switch (op) {
    case NEG:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = -x[ix]!;
      return;
    case ABS:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.abs(x[ix]!);
      return;
    case SIGN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = signOf(x[ix]!);
      return;
    case SQRT:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.sqrt(x[ix]!);
      return;
    case EXP:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.exp(x[ix]!);
      return;
    case LOG:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.log(x[ix]!);
      return;
    case LOG2:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.log2(x[ix]!);
      return;
    case SIN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.sin(x[ix]!);
      return;
    case COS:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.cos(x[ix]!);
      return;
    case TAN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.tan(x[ix]!);
      return;
    case ASIN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.asin(x[ix]!);
      return;
    case ACOS:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.acos(x[ix]!);
      return;
    case ATAN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.atan(x[ix]!);
      return;
    case SINH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.sinh(x[ix]!);
      return;
    case COSH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.cosh(x[ix]!);
      return;
    case TANH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.tanh(x[ix]!);
      return;
    case ASINH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.asinh(x[ix]!);
      return;
    case ACOSH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.acosh(x[ix]!);
      return;
    case ATANH:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = Math.atanh(x[ix]!);
      return;
    case DIGAMMA:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = digammaScalar(x[ix]!);
      return;
    case ISNAN:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = +Number.isNaN(x[ix]!);
      return;
    case ISFINITE:
      for (let i = 0; i < n; i++, ix += sx) out[io + i] = +(x[ix]! - x[ix]! === 0);
      return;
  }
}

/**
 * One row of `clip` with number bounds (`-Infinity`/`Infinity` for absent ones, never NaN); NaN in `x`
 * propagates. One select among `[x, lo, hi, hi]`: index 1 when `x <= lo`, 2 when `hi <= x`, 3 (hi, as
 * `minimum` is applied last) when both hold because `lo > hi`; ties pick the bound, as NumPy's.
 */
function rowClip(
  n: number,
  x: NumericArray,
  ix: number,
  sx: number,
  out: NumericArray,
  io: number,
  lo: number,
  hi: number,
): void {
  const sel = SEL4;
  sel[1] = lo;
  sel[2] = hi;
  sel[3] = hi;
  for (let i = 0; i < n; i++, ix += sx) {
    const v = x[ix]!;
    sel[0] = v;
    out[io + i] = sel[+(v <= lo) | (+(hi <= v) << 1)]!;
  }
}

/** One row of `where`: `cond ? x : y`, any non-zero (NaN included) counting as true. */
function rowWhere(
  n: number,
  c: NumericArray,
  ic: number,
  sc: number,
  x: NumericArray,
  ix: number,
  sx: number,
  y: NumericArray,
  iy: number,
  sy: number,
  out: NumericArray,
  io: number,
): void {
  const sel = SEL;
  for (let i = 0; i < n; i++, ic += sc, ix += sx, iy += sy) {
    sel[0] = y[iy]!;
    sel[1] = x[ix]!;
    out[io + i] = sel[+(c[ic]! !== 0)]!;
  }
}

// ----------------------------------------------------------------------------------------------- drivers

/** A 0-d tensor of `dtype` holding `s` (converted as the dtype stores it: float32 rounds). */
function scalarArray(s: number, dtype: JsDType): NdArray {
  const data = allocate(dtype, 1) as NumericArray;
  data[0] = s;
  return new NdArray(data, [], dtype);
}

/** An operand as a tensor: arrays pass, numbers become 0-d tensors of the computation dtype. */
function asTensor(x: Operand, dtype: JsDType): NdArray {
  return typeof x === 'number' ? scalarArray(x, dtype) : x;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs a binary row kernel over the broadcast of `a` and `b` into a new tensor of `outDtype`. */
function broadcastBinary(
  fn: string,
  names: readonly [string, string],
  op: number,
  a: NdArray,
  b: NdArray,
  outDtype: JsDType,
  compare: boolean,
): NdArray {
  const shape =
    a.shape.length === b.shape.length && sameShape(a.shape, b.shape)
      ? [...a.shape]
      : broadcastShapes(fn, [a.shape, b.shape], names);
  const size = sizeOf(shape);
  const out = allocate(outDtype, size) as NumericArray;
  if (size === 0) return new NdArray(out, shape, outDtype);
  const plan: LoopPlan = loopPlan(shape, [a, b]);
  const { inner, rows } = plan;
  const sa = plan.innerStrides[0]!;
  const sb = plan.innerStrides[1]!;
  const ad = a.data as NumericArray;
  const bd = b.data as NumericArray;
  const it = new Odometer(plan.outerShape, plan.outerStrides, [a.offset, b.offset]);
  const pos = it.pos;
  if (compare) {
    if (ad instanceof Float64Array && bd instanceof Float64Array) {
      for (let r = 0; r < rows; r++, it.next())
        rowCmpF64(op, inner, ad, pos[0]!, sa, bd, pos[1]!, sb, out as Uint8Array, r * inner);
    } else {
      for (let r = 0; r < rows; r++, it.next())
        rowCmp(op, inner, ad, pos[0]!, sa, bd, pos[1]!, sb, out as Uint8Array, r * inner);
    }
  } else if (ad instanceof Float64Array && bd instanceof Float64Array && out instanceof Float64Array) {
    for (let r = 0; r < rows; r++, it.next())
      rowF64(op, inner, ad, pos[0]!, sa, bd, pos[1]!, sb, out, r * inner);
  } else {
    for (let r = 0; r < rows; r++, it.next())
      rowAny(op, inner, ad, pos[0]!, sa, bd, pos[1]!, sb, out, r * inner);
  }
  return new NdArray(out, shape, outDtype);
}

/** Tries the flat float64/float32 kernels; returns null when the operands do not qualify. */
function flatFloat(op: number, a: Operand, b: Operand, dtype: JsDType): NdArray | null {
  if (op > MIN || !isFloatDType(dtype)) return null;
  if (typeof a !== 'number') {
    if (a.dtype !== dtype || !a.isContiguous) return null;
    const n = a.size;
    if (typeof b === 'number') {
      if (dtype === 'float64') {
        const out = newF64(n);
        f64vs(op, a.values() as Float64Array, b, out, n);
        return new NdArray(out, a.shape, dtype);
      }
      const out = new Float32Array(n);
      f32vs(op, a.values() as Float32Array, Math.fround(b), out, n, false);
      return new NdArray(out, a.shape, dtype);
    }
    if (b.dtype !== dtype || !sameShape(a.shape, b.shape) || !b.isContiguous) return null;
    if (dtype === 'float64') {
      const out = newF64(n);
      f64vv(op, a.values() as Float64Array, b.values() as Float64Array, out, n);
      return new NdArray(out, a.shape, dtype);
    }
    const out = new Float32Array(n);
    f32vv(op, a.values() as Float32Array, b.values() as Float32Array, out, n);
    return new NdArray(out, a.shape, dtype);
  }
  if (typeof b === 'number' || b.dtype !== dtype || !b.isContiguous) return null;
  const n = b.size;
  if (dtype === 'float64') {
    const out = newF64(n);
    f64sv(op, a, b.values() as Float64Array, out, n);
    return new NdArray(out, b.shape, dtype);
  }
  const out = new Float32Array(n);
  f32vs(op, b.values() as Float32Array, Math.fround(a), out, n, true);
  return new NdArray(out, b.shape, dtype);
}

/** Validates and runs an arithmetic op, choosing the result dtype and the bool/integer variant of the op. */
function arithmetic(fn: string, op: number, aIn: unknown, bIn: unknown): NdArray {
  const a = asArrayOrScalar(fn, 'a', aIn);
  const b = asArrayOrScalar(fn, 'b', bIn);
  rejectInt64(fn, 'a', a);
  rejectInt64(fn, 'b', b);
  let dtype = resultType(a, b);
  let code = op;
  if (op === DIV) dtype = floatResultType(dtype);
  else if (dtype === 'bool') {
    // NumPy's bool arithmetic: + is logical or, * is logical and, - is an error; power has no bool loop.
    if (op === SUB) {
      throw new ArgumentError(
        fn,
        'b',
        'numeric tensors (subtracting bool tensors is not defined; convert with astype first)',
        b,
      );
    }
    if (op === ADD) code = OR;
    else if (op === POW) {
      dtype = 'int32';
      code = IPOW;
    }
  } else if (!isFloatDType(dtype)) {
    if (op === MUL) code = IMUL;
    else if (op === POW) {
      code = IPOW;
      if (typeof b === 'number') ipow(1, b);
    }
  }
  const flat = flatFloat(code, a, b, dtype);
  if (flat !== null) return flat;
  return broadcastBinary(fn, ['a', 'b'], code, asTensor(a, dtype), asTensor(b, dtype), dtype, false);
}

/** Validates and runs a comparison; numbers are converted to the promoted dtype first, as NumPy does. */
function comparison(fn: string, op: number, aIn: unknown, bIn: unknown): NdArray {
  const a = asArrayOrScalar(fn, 'a', aIn);
  const b = asArrayOrScalar(fn, 'b', bIn);
  rejectInt64(fn, 'a', a);
  rejectInt64(fn, 'b', b);
  const dtype = resultType(a, b);
  return broadcastBinary(fn, ['a', 'b'], op, asTensor(a, dtype), asTensor(b, dtype), 'bool', true);
}

/** Runs a unary row kernel over `x` into a new tensor of `outDtype`. */
function mapUnary(op: number, x: NdArray, outDtype: JsDType): NdArray {
  const size = x.size;
  const out = allocate(outDtype, size) as NumericArray;
  if (size === 0) return new NdArray(out, x.shape, outDtype);
  if (x.isContiguous) {
    rowUnary(op, size, x.data as NumericArray, x.offset, 1, out, 0);
    return new NdArray(out, x.shape, outDtype);
  }
  const plan = loopPlan(x.shape, [x]);
  const it = new Odometer(plan.outerShape, plan.outerStrides, [x.offset]);
  const { inner, rows } = plan;
  const sx = plan.innerStrides[0]!;
  const xd = x.data as NumericArray;
  for (let r = 0; r < rows; r++, it.next()) rowUnary(op, inner, xd, it.pos[0]!, sx, out, r * inner);
  return new NdArray(out, x.shape, outDtype);
}

/** A float-valued unary function: float32 stays float32, everything else gives float64. */
function floatUnary(fn: string, op: number, xIn: unknown): NdArray {
  const x = asArray(fn, 'x', xIn);
  rejectInt64(fn, 'x', x);
  return mapUnary(op, x, floatResultType(x.dtype));
}

// --------------------------------------------------------------------------------------------- binary ops

/** Element-wise `a + b` with broadcasting (bool + bool is logical or, as NumPy). */
export function add(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('add', ADD, a, b);
}

/** Element-wise `a - b` with broadcasting (not defined for two bool operands). */
export function subtract(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('subtract', SUB, a, b);
}

/** Element-wise `a * b` with broadcasting (integers wrap at 32 bits like NumPy's int32). */
export function multiply(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('multiply', MUL, a, b);
}

/** Element-wise true division `a / b` with broadcasting; integer and bool operands give float64. */
export function divide(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('divide', DIV, a, b);
}

/**
 * Element-wise `a ** b` with broadcasting. Float powers follow C's `pow` (`1 ** NaN` is 1); integer powers
 * wrap at 32 bits and reject negative exponents, as NumPy does; bool operands give int32.
 */
export function power(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('power', POW, a, b);
}

/** Element-wise maximum with broadcasting; NaN in either operand gives NaN. */
export function maximum(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('maximum', MAX, a, b);
}

/** Element-wise minimum with broadcasting; NaN in either operand gives NaN. */
export function minimum(a: NdArray | number, b: NdArray | number): NdArray {
  return arithmetic('minimum', MIN, a, b);
}

/** Element-wise `a > b` as a bool tensor. */
export function greater(a: NdArray | number, b: NdArray | number): NdArray {
  return comparison('greater', GT, a, b);
}

/** Element-wise `a >= b` as a bool tensor. */
export function greaterEqual(a: NdArray | number, b: NdArray | number): NdArray {
  return comparison('greaterEqual', GE, a, b);
}

/** Element-wise `a < b` as a bool tensor. */
export function less(a: NdArray | number, b: NdArray | number): NdArray {
  return comparison('less', LT, a, b);
}

/** Element-wise `a <= b` as a bool tensor. */
export function lessEqual(a: NdArray | number, b: NdArray | number): NdArray {
  return comparison('lessEqual', LE, a, b);
}

/** Element-wise `a == b` as a bool tensor (NaN equals nothing). */
export function equal(a: NdArray | number, b: NdArray | number): NdArray {
  return comparison('equal', EQ, a, b);
}

// ---------------------------------------------------------------------------------------------- unary ops

/** Element-wise absolute value, keeping the dtype (int32's minimum wraps to itself, as NumPy). */
export function abs(x: NdArray): NdArray {
  const a = asArray('abs', 'x', x);
  rejectInt64('abs', 'x', a);
  if (a.dtype === 'bool' || a.dtype === 'uint8') return a.clone();
  return mapUnary(ABS, a, a.dtype);
}

/** Element-wise sign (-1, 0 or 1; NaN stays NaN), keeping the dtype. */
export function sign(x: NdArray): NdArray {
  const a = asArray('sign', 'x', x);
  rejectInt64('sign', 'x', a);
  // sign(0) = 0 and sign(1) = 1: bool and uint8 only need the values squashed to 0/1.
  return mapUnary(SIGN, a, a.dtype);
}

/** Element-wise square root (float64 for integer input, float32 kept). */
export function sqrt(x: NdArray): NdArray {
  return floatUnary('sqrt', SQRT, x);
}

/** Element-wise exponential. */
export function exp(x: NdArray): NdArray {
  return floatUnary('exp', EXP, x);
}

/** Element-wise natural logarithm (NaN below 0, -Infinity at 0). */
export function log(x: NdArray): NdArray {
  return floatUnary('log', LOG, x);
}

/** Element-wise base-2 logarithm. */
export function log2(x: NdArray): NdArray {
  return floatUnary('log2', LOG2, x);
}

/** Element-wise sine. */
export function sin(x: NdArray): NdArray {
  return floatUnary('sin', SIN, x);
}

/** Element-wise cosine. */
export function cos(x: NdArray): NdArray {
  return floatUnary('cos', COS, x);
}

/** Element-wise tangent. */
export function tan(x: NdArray): NdArray {
  return floatUnary('tan', TAN, x);
}

/** Element-wise inverse sine (NaN outside [-1, 1]). */
export function arcsin(x: NdArray): NdArray {
  return floatUnary('arcsin', ASIN, x);
}

/** Element-wise inverse cosine (NaN outside [-1, 1]). */
export function arccos(x: NdArray): NdArray {
  return floatUnary('arccos', ACOS, x);
}

/** Element-wise inverse tangent. */
export function arctan(x: NdArray): NdArray {
  return floatUnary('arctan', ATAN, x);
}

/** Element-wise hyperbolic sine. */
export function sinh(x: NdArray): NdArray {
  return floatUnary('sinh', SINH, x);
}

/** Element-wise hyperbolic cosine. */
export function cosh(x: NdArray): NdArray {
  return floatUnary('cosh', COSH, x);
}

/** Element-wise hyperbolic tangent. */
export function tanh(x: NdArray): NdArray {
  return floatUnary('tanh', TANH, x);
}

/** Element-wise inverse hyperbolic sine. */
export function arcsinh(x: NdArray): NdArray {
  return floatUnary('arcsinh', ASINH, x);
}

/** Element-wise inverse hyperbolic cosine (NaN below 1). */
export function arccosh(x: NdArray): NdArray {
  return floatUnary('arccosh', ACOSH, x);
}

/** Element-wise inverse hyperbolic tangent (±Infinity at ±1, NaN beyond). */
export function arctanh(x: NdArray): NdArray {
  return floatUnary('arctanh', ATANH, x);
}

/** Element-wise digamma function (SciPy's `digamma`), through `math/special`'s scalar version. */
export function digamma(x: NdArray): NdArray {
  return floatUnary('digamma', DIGAMMA, x);
}

/** Element-wise NaN test as a bool tensor (always false for integer and bool tensors, int64 included). */
export function isnan(x: NdArray): NdArray {
  const a = asArray('isnan', 'x', x);
  if (!isFloatDType(a.dtype)) return new NdArray(allocate('bool', a.size), a.shape, 'bool');
  return mapUnary(ISNAN, a, 'bool');
}

/** Element-wise finiteness test as a bool tensor (always true for integer and bool tensors, int64 included). */
export function isfinite(x: NdArray): NdArray {
  const a = asArray('isfinite', 'x', x);
  if (!isFloatDType(a.dtype)) {
    const out = allocate('bool', a.size) as Uint8Array;
    out.fill(1);
    return new NdArray(out, a.shape, 'bool');
  }
  return mapUnary(ISFINITE, a, 'bool');
}

/** Element-wise `-x`, keeping the dtype (unsigned and 32-bit integers wrap, as NumPy); not defined for bool. */
export function negative(x: NdArray): NdArray {
  const a = asArray('negative', 'x', x);
  rejectInt64('negative', 'x', a);
  if (a.dtype === 'bool') {
    throw new ArgumentError(
      'negative',
      'x',
      'a numeric tensor (negating bool is not defined; use astype)',
      a,
    );
  }
  return mapUnary(NEG, a, a.dtype);
}

// ----------------------------------------------------------------------------------------- where and clip

/**
 * `condition ? x : y` element-wise, broadcasting all three. `condition` may have any dtype (non-zero and NaN
 * count as true); the result dtype is that of combining `x` and `y` (two numbers give float64).
 */
export function where(condition: NdArray, x: NdArray | number, y: NdArray | number): NdArray {
  let c = asArray('where', 'condition', condition);
  const xa = asArrayOrScalar('where', 'x', x);
  const ya = asArrayOrScalar('where', 'y', y);
  rejectInt64('where', 'x', xa);
  rejectInt64('where', 'y', ya);
  if (c.dtype === 'int64') {
    const v = c.values() as BigInt64Array;
    const bytes = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) bytes[i] = v[i] !== 0n ? 1 : 0;
    c = new NdArray(bytes, c.shape, 'bool');
  }
  const dtype = resultType(xa, ya);
  const xt = asTensor(xa, dtype);
  const yt = asTensor(ya, dtype);
  const shape = broadcastShapes('where', [c.shape, xt.shape, yt.shape], ['condition', 'x', 'y']);
  const size = sizeOf(shape);
  const out = allocate(dtype, size) as NumericArray;
  if (size === 0) return new NdArray(out, shape, dtype);
  const plan = loopPlan(shape, [c, xt, yt]);
  const { inner, rows } = plan;
  const [sc, sx, sy] = plan.innerStrides as [number, number, number];
  const it = new Odometer(plan.outerShape, plan.outerStrides, [c.offset, xt.offset, yt.offset]);
  const pos = it.pos;
  const cd = c.data as NumericArray;
  const xd = xt.data as NumericArray;
  const yd = yt.data as NumericArray;
  for (let r = 0; r < rows; r++, it.next()) {
    rowWhere(inner, cd, pos[0]!, sc, xd, pos[1]!, sx, yd, pos[2]!, sy, out, r * inner);
  }
  return new NdArray(out, shape, dtype);
}

/**
 * Limits `x` to `[min, max]` as NumPy's `clip` (`minimum(maximum(x, min), max)`): either bound may be a
 * tensor (broadcast), a number, or absent (`null`/`undefined`; both absent gives a copy). NaN propagates
 * from `x` and from the bounds; where `min > max` the result is `max`. Never mutates `x`.
 */
export function clip(x: NdArray, min?: NdArray | number | null, max?: NdArray | number | null): NdArray {
  const a = asArray('clip', 'x', x);
  const lo = min === undefined || min === null ? null : asArrayOrScalar('clip', 'min', min);
  const hi = max === undefined || max === null ? null : asArrayOrScalar('clip', 'max', max);
  rejectInt64('clip', 'x', a);
  rejectInt64('clip', 'min', lo);
  rejectInt64('clip', 'max', hi);
  if (lo === null && hi === null) return a.clone();
  const bounds = [lo, hi].filter((v): v is Operand => v !== null);
  const dtype = resultType(a, ...bounds);
  const tensors: NdArray[] = [a];
  const names = ['x'];
  if (lo !== null && typeof lo !== 'number') {
    tensors.push(lo);
    names.push('min');
  }
  if (hi !== null && typeof hi !== 'number') {
    tensors.push(hi);
    names.push('max');
  }
  // Checked up front so that the error names the bound at fault whichever order the passes run in.
  broadcastShapes(
    'clip',
    tensors.map((t) => t.shape),
    names,
  );
  if ((lo === null || typeof lo === 'number') && (hi === null || typeof hi === 'number')) {
    // Number bounds: one pass. Bounds are first stored as the result dtype stores them (float32 rounds).
    const loV = lo === null ? Number.NEGATIVE_INFINITY : (scalarArray(lo, dtype).data as NumericArray)[0]!;
    const hiV = hi === null ? Number.POSITIVE_INFINITY : (scalarArray(hi, dtype).data as NumericArray)[0]!;
    const size = a.size;
    const out = allocate(dtype, size) as NumericArray;
    if (size === 0) return new NdArray(out, a.shape, dtype);
    if (Number.isNaN(loV) || Number.isNaN(hiV)) {
      // A NaN bound makes every element NaN, as minimum/maximum would (only float results can hold one).
      out.fill(Number.NaN);
      return new NdArray(out, a.shape, dtype);
    }
    const plan = loopPlan(a.shape, [a]);
    const it = new Odometer(plan.outerShape, plan.outerStrides, [a.offset]);
    const { inner, rows } = plan;
    const sx = plan.innerStrides[0]!;
    const xd = a.data as NumericArray;
    for (let r = 0; r < rows; r++, it.next()) rowClip(inner, xd, it.pos[0]!, sx, out, r * inner, loV, hiV);
    return new NdArray(out, a.shape, dtype);
  }
  let out: NdArray = a;
  if (lo !== null)
    out = broadcastBinary('clip', ['x', 'min'], MAX, asTensor(out, dtype), asTensor(lo, dtype), dtype, false);
  if (hi !== null)
    out = broadcastBinary('clip', ['x', 'max'], MIN, asTensor(out, dtype), asTensor(hi, dtype), dtype, false);
  return out;
}
