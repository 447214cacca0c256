/**
 * Fused tensor-algebra kernels of the js backend: unfold/fold as strided views or block copies, the Khatri–Rao
 * product in one pass per operand, and the mode-n product and MTTKRP as strided matrix products over the
 * tensor's own layout (no transposed copies, no explicit Khatri–Rao product of the full size).
 *
 * Floating inputs compute in float64; the result is float32 when every operand is float32 (as NumPy would give),
 * float64 otherwise. Callers (the JsBackend overrides) send other dtypes to the generic implementations.
 *
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import type { TypedArray } from '../../../types.js';
import { gemm } from '../linalg/gemm.js';
import { kernels } from '../linalg/kernels.js';
import { transpose as transposeMatrix } from '../linalg/svd.js';
import { allocate, NdArray, rowMajorStrides, sizeOf } from '../ndarray.js';
import { axisOf } from './validate.js';
import { newF64 } from '../pool.js';

/** Whether every argument is a float32 or float64 NdArray (what the numeric kernels handle). */
export function allFloat(...xs: readonly unknown[]): boolean {
  return xs.every((x) => x instanceof NdArray && (x.dtype === 'float64' || x.dtype === 'float32'));
}

/** Whether the fused Khatri–Rao kernel applies: a non-empty list of float matrices with equal column counts. */
export function khatriRaoApplies(matrices: readonly unknown[]): matrices is NdArray[] {
  if (!Array.isArray(matrices) || matrices.length === 0 || !allFloat(...matrices)) return false;
  const list = matrices as readonly NdArray[];
  const r = list[0]!.shape[1];
  return list.every((m) => m.ndim === 2 && m.shape[1] === r);
}

/** float32 when every operand is float32, else float64. */
function outDType(xs: readonly NdArray[]): 'float32' | 'float64' {
  return xs.every((x) => x.dtype === 'float32') ? 'float32' : 'float64';
}

/** The elements of `x` in row-major order as float64: the buffer itself when it already is one (read only). */
function packedF64(x: NdArray): Float64Array {
  const v = x.values();
  return v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
}

/** `x` as a float64 buffer, offset and strides for strided reads (no copy for float64 data). */
function stridedF64(x: NdArray): { data: Float64Array; offset: number; strides: readonly number[] } {
  if (x.data instanceof Float64Array) return { data: x.data, offset: x.offset, strides: x.strides };
  return { data: packedF64(x), offset: 0, strides: rowMajorStrides(x.shape) };
}

/** A result NdArray from a float64 buffer, converted to float32 when asked. */
function result(buf: Float64Array, shape: readonly number[], dtype: 'float32' | 'float64'): NdArray {
  return new NdArray(dtype === 'float64' ? buf : Float32Array.from(buf), shape, dtype);
}

/** Products of the leading and trailing dimensions around `mode`. */
function around(shape: readonly number[], mode: number): [before: number, dim: number, after: number] {
  let before = 1;
  let after = 1;
  for (let k = 0; k < mode; k++) before *= shape[k]!;
  for (let k = mode + 1; k < shape.length; k++) after *= shape[k]!;
  return [before, shape[mode]!, after];
}

// ---------------------------------------------------------------- unfold / fold

/**
 * The stride that walks the axes of `x` other than `mode` as one merged row-major axis, or `null` when they
 * cannot be merged without a copy. Axes of length 1 place no constraint.
 */
function mergedStride(x: NdArray, mode: number): number | null {
  let stride: number | null = null;
  let expected: number | null = null;
  for (let k = x.ndim - 1; k >= 0; k--) {
    if (k === mode || x.shape[k] === 1) continue;
    const s = x.strides[k]!;
    if (expected === null) stride = s;
    else if (s !== expected) return null;
    expected = s * x.shape[k]!;
  }
  return stride ?? 1;
}

/**
 * Mode-`mode` unfolding `(I_mode, Π_{k≠mode} I_k)`, row-major (TensorLy's convention). A strided view when the
 * other axes merge into one (always for mode 0 and the last mode of a contiguous tensor, as NumPy's
 * `reshape(moveaxis(...))`); otherwise a packed copy by contiguous blocks.
 */
export function unfold(x: NdArray, mode: number): NdArray {
  const m = axisOf('unfold', 'mode', mode, x.ndim);
  const dim = x.shape[m]!;
  const rest = dim === 0 ? sizeOf(x.shape.filter((_, k) => k !== m)) : x.size / dim;
  const stride = mergedStride(x, m);
  if (stride !== null) return new NdArray(x.data, [dim, rest], x.dtype, [x.strides[m]!, stride], x.offset);
  const [before, , after] = around(x.shape, m);
  const src = (x.isContiguous ? x.data : x.packed()) as TypedArray;
  const base = x.isContiguous ? x.offset : 0;
  const out = allocate(x.dtype, x.size);
  const row = before * after;
  if (after >= 16) {
    // x[a, i, :] is a contiguous run of `after` elements that lands whole in row i; rows are written in order.
    for (let i = 0; i < dim; i++) {
      for (let a = 0; a < before; a++) {
        const from = base + (a * dim + i) * after;
        (out as Float64Array).set((src as Float64Array).subarray(from, from + after), i * row + a * after);
      }
    }
  } else {
    const s = src as Float64Array;
    const o = out as Float64Array;
    for (let i = 0; i < dim; i++) {
      let dst = i * row;
      for (let a = 0; a < before; a++) {
        let p = base + (a * dim + i) * after;
        for (let b = 0; b < after; b++) o[dst++] = s[p++]!;
      }
    }
  }
  return new NdArray(out, [dim, rest], x.dtype);
}

/**
 * Refolds a `(shape[mode], Π_{k≠mode} shape[k])` matrix into a tensor of `shape`: always a strided view (the
 * matrix's second axis splits into the other axes), so it costs nothing whatever the matrix's layout.
 * Returns `null` when `unfolded` is not such a matrix (the caller falls back to the generic reshape path).
 */
export function fold(unfolded: NdArray, mode: number, shape: readonly number[]): NdArray | null {
  const m = axisOf('fold', 'mode', mode, shape.length);
  const rest = sizeOf(shape.filter((_, k) => k !== m));
  if (unfolded.ndim !== 2 || unfolded.shape[0] !== shape[m] || unfolded.shape[1] !== rest) return null;
  const strides = new Array<number>(shape.length);
  let s = unfolded.strides[1]!;
  for (let k = shape.length - 1; k >= 0; k--) {
    if (k === m) continue;
    strides[k] = s;
    s *= shape[k]!;
  }
  strides[m] = unfolded.strides[0]!;
  return new NdArray(unfolded.data, shape, unfolded.dtype, strides, unfolded.offset);
}

// ---------------------------------------------------------------- Khatri–Rao

/** Khatri–Rao product of packed row-major float64 matrices `(I_k, R)` into `out` (`Π I_k · R` entries). */
function khatriRaoInto(
  mats: readonly Float64Array[],
  rows: readonly number[],
  R: number,
  out: Float64Array,
): void {
  if (mats.length === 1) {
    out.set(mats[0]!);
    return;
  }
  let cur = mats[0]!;
  let curRows = rows[0]!;
  for (let k = 1; k < mats.length; k++) {
    const next = mats[k]!;
    const sr = rows[k]! * R;
    const last = k === mats.length - 1;
    const dst = last ? out : newF64(curRows * sr);
    // Row i of the running product times every row of `next`: a block of sr contiguous outputs per i.
    for (let i = 0; i < curRows; i++) {
      const ci = i * R;
      const base = i * sr;
      for (let j = 0; j < sr; j += R) {
        const o = base + j;
        let r = 0;
        for (; r + 3 < R; r += 4) {
          dst[o + r] = cur[ci + r]! * next[j + r]!;
          dst[o + r + 1] = cur[ci + r + 1]! * next[j + r + 1]!;
          dst[o + r + 2] = cur[ci + r + 2]! * next[j + r + 2]!;
          dst[o + r + 3] = cur[ci + r + 3]! * next[j + r + 3]!;
        }
        for (; r < R; r++) dst[o + r] = cur[ci + r]! * next[j + r]!;
      }
    }
    cur = dst;
    curRows *= rows[k]!;
  }
}

/** The Khatri–Rao product of float matrices `(I_k, R)` with equal `R`, as `(Π I_k, R)`. Shapes are checked by the caller. */
export function khatriRao(matrices: readonly NdArray[]): NdArray {
  const R = matrices[0]!.shape[1]!;
  const rows = matrices.map((m) => m.shape[0]!);
  const total = rows.reduce((p, d) => p * d, 1);
  // Written in full by khatriRaoInto, so the kernels' (possibly recycled) output memory will do.
  const out = kernels().output(total * R);
  const packed = matrices.map((m) => packedF64(m));
  const pair = kernels().khatriRaoPair;
  if (pair !== null && packed.length === 2 && total * R > 0)
    pair(packed[0]!, rows[0]!, packed[1]!, rows[1]!, R, out);
  else khatriRaoInto(packed, rows, R, out);
  return result(out, [total, R], outDType(matrices));
}

/**
 * Intermediates of {@link mttkrp} up to this many elements (2 MiB) live in reused scratch buffers: the
 * Khatri–Rao product of a 100³ tensor's other factors at rank 10 is 10⁵ elements, and a fresh array that size
 * every sweep costs more in page faults than the product itself. At most five such buffers are kept.
 */
const SCRATCH_MAX = 1 << 18;
const scratchBuffers: (Float64Array | undefined)[] = [];

/**
 * A scratch buffer of `n` elements for intermediate `slot` of one call (contents undefined), reused across
 * calls so that small MTTKRPs allocate only their result; never returned to callers. Large ones are allocated.
 */
function scratch(slot: number, n: number): Float64Array {
  if (n > SCRATCH_MAX) return new Float64Array(n);
  let buf = scratchBuffers[slot];
  if (buf === undefined || buf.length < n) {
    buf = new Float64Array(Math.max(n, 1024));
    scratchBuffers[slot] = buf;
  }
  return buf.length === n ? buf : buf.subarray(0, n);
}

/**
 * The Khatri–Rao product of packed float64 matrices as a packed float64 buffer, for reading only: a single
 * matrix is returned as is, and a product is computed into scratch `slot`.
 */
function khatriRaoF64(
  mats: readonly Float64Array[],
  rows: readonly number[],
  R: number,
  slot: number,
): Float64Array {
  if (mats.length === 1) return mats[0]!;
  let total = 1;
  for (const d of rows) total *= d;
  const out = scratch(slot, total * R);
  if (mats.length === 0) out.fill(1);
  else khatriRaoInto(mats, rows, R, out);
  return out;
}

// ---------------------------------------------------------------- mode-n product

/**
 * The mode-`mode` product with a matrix `(J, I_mode)` (`(I_mode, J)` read transposed when `transpose`) or a
 * vector `(I_mode,)`. Viewing `x` as `(A, I, B)` (dimensions before, at and after the mode), the result
 * `(A, J, B)` is `M·X_a` for each `a`: one strided matrix product for the first and last modes, `A` of them for
 * a middle mode, with no transposed copy of `x`. Shapes are checked by the caller.
 */
export function modeDot(x: NdArray, matrixOrVector: NdArray, mode: number, transpose: boolean): NdArray {
  const m = axisOf('modeDot', 'mode', mode, x.ndim);
  const [A, I, B] = around(x.shape, m);
  const isVec = matrixOrVector.ndim === 1;
  const need = isVec ? 0 : transpose ? 0 : 1;
  if ((matrixOrVector.ndim !== 1 && matrixOrVector.ndim !== 2) || matrixOrVector.shape[need] !== I) {
    throw new ArgumentError(
      'modeDot',
      'matrixOrVector',
      isVec
        ? `a vector of length ${I}`
        : `a matrix with ${I} ${transpose ? 'rows' : 'columns'} (mode ${m} has length ${I})`,
      matrixOrVector,
    );
  }
  const mat = stridedF64(matrixOrVector);
  let J: number;
  let mRs: number;
  let mCs: number;
  if (isVec) {
    J = 1;
    mRs = 0;
    mCs = mat.strides[0]!;
  } else if (transpose) {
    J = matrixOrVector.shape[1]!;
    mRs = mat.strides[1]!;
    mCs = mat.strides[0]!;
  } else {
    J = matrixOrVector.shape[0]!;
    mRs = mat.strides[0]!;
    mCs = mat.strides[1]!;
  }
  const xs = packedF64(x);
  const out = newF64(A * J * B);
  if (B === 1) {
    // Last mode: (A, I) · Mᵀ (I, J).
    gemm(A, J, I, xs, 0, I, 1, mat.data, mat.offset, mCs, mRs, out, 0, J, 0);
  } else {
    for (let a = 0; a < A; a++) {
      gemm(J, B, I, mat.data, mat.offset, mRs, mCs, xs, a * I * B, B, 1, out, a * J * B, B, 0);
    }
  }
  const shape = [...x.shape];
  if (isVec) shape.splice(m, 1);
  else shape[m] = J;
  return result(out, shape, outDType([x, matrixOrVector]));
}

// ---------------------------------------------------------------- MTTKRP

/**
 * MTTKRP `unfold(x, mode) · khatriRao(factors without mode)`, `(I_mode, R)`, without the unfolding and, for a
 * middle mode, without the full Khatri–Rao product. Viewing `x` as `(L, I, Q)` (dimensions before, at and after
 * the mode), with `K_L` and `K_Q` the Khatri–Rao products of the factors before and after the mode:
 * - mode 0: `X (I, Q) · K_Q`; last mode: `X (L, I)ᵀ · K_L`; one matrix product each;
 * - middle mode: the larger side is contracted by a matrix product, leaving an intermediate of the smaller
 *   side's size, and the other side by a Hadamard-accumulate loop:
 *   `T (L·I, R) = X (L·I, Q) · K_Q`, then `out[i, r] = Σ_l K_L[l, r]·T[l, i, r]` (or the mirror image).
 * The products are computed transposed (`outᵀ = Kᵀ·Xᵀ`), which suits the GEMM's packing when `R` is small.
 * Shapes are checked by the caller.
 */
export function mttkrp(x: NdArray, factors: readonly NdArray[], mode: number): NdArray {
  const n = x.ndim;
  const m = axisOf('mttkrp', 'mode', mode, n);
  if (factors.length !== n)
    throw new ArgumentError('mttkrp', 'factors', `${n} factor matrices`, factors.length);
  const R = factors[0]!.shape[1]!;
  factors.forEach((f, k) => {
    if (f.ndim !== 2 || f.shape[1] !== R || (k !== m && f.shape[0] !== x.shape[k])) {
      throw new ArgumentError(
        'mttkrp',
        'factors',
        `factors[${k}] of shape [${k === m ? 'any' : x.shape[k]}, ${R}]`,
        f,
      );
    }
  });
  const packed = factors.map((f, k) => (k === m ? null : packedF64(f)));
  const dtype = outDType([x, ...factors.filter((_, k) => k !== m)]);
  const I = x.shape[m]!;
  const { data, transposed } = mttkrpRaw(packedF64(x), x.shape, packed, m, R);
  if (!transposed) return result(data, [I, R], dtype);
  return result(transposeMatrix(data, R, I, 1, newF64(I * R)), [I, R], dtype);
}

/**
 * The arithmetic of {@link mttkrp} on raw arrays, unchecked: `xs` the tensor's elements in row-major order,
 * `packed[k]` factor k as a row-major `(I_k, R)` array (ignored for the mode). Returns the MTTKRP `(I, R)`
 * (a new array), or its transpose `(R, I)` in scratch memory that the next call overwrites (`transposed`).
 */
export function mttkrpRaw(
  xs: Float64Array,
  shape: readonly number[],
  packed: readonly (Float64Array | null)[],
  m: number,
  R: number,
): { data: Float64Array; transposed: boolean } {
  const n = shape.length;
  const [L, I, Q] = around(shape, m);
  const left = () => khatriRaoF64(packed.slice(0, m) as Float64Array[], shape.slice(0, m), R, 0);
  const right = () => khatriRaoF64(packed.slice(m + 1) as Float64Array[], shape.slice(m + 1), R, 1);
  if (m === 0) {
    // out = X (I, Q) · K_Q (Q, R): the tensor's rows are read as they lie (the GEMM's skinny path).
    const out = newF64(I * R);
    gemm(I, R, Q, xs, 0, Q, 1, right(), 0, R, 1, out, 0, R, 0);
    return { data: out, transposed: false };
  }
  // The other branches compute outᵀ (R, I): with the skinny dimension R as the rows of the GEMM.
  const outT = scratch(4, R * I);
  if (m === n - 1) {
    // outᵀ = K_Lᵀ (R, L) · X (L, I).
    gemm(R, I, L, left(), 0, 1, R, xs, 0, I, 1, outT, 0, I, 0);
  } else if (L <= Q) {
    // T (L·I, R) = X (L·I, Q) · K_Q (Q, R), the tensor's rows read as they lie; then
    // outᵀ[r, i] = Σ_l K_L[l, r]·T[l, i, r].
    const kq = right();
    const kl = left();
    const LI = L * I;
    const t = scratch(2, LI * R);
    outT.fill(0);
    gemm(LI, R, Q, xs, 0, Q, 1, kq, 0, R, 1, t, 0, R, 0);
    for (let r = 0; r < R; r++) {
      const oOff = r * I;
      for (let l = 0; l < L; l++) {
        const c = kl[l * R + r]!;
        let tOff = l * I * R + r;
        for (let i = 0; i < I; i++, tOff += R) outT[oOff + i] = outT[oOff + i]! + c * t[tOff]!;
      }
    }
  } else {
    // W (R, I·Q) = K_Lᵀ (R, L) · X (L, I·Q); then outᵀ[r, i] = Σ_q W[r, i, q]·K_Q[q, r].
    const kq = right();
    const kl = left();
    const w = scratch(2, R * I * Q);
    gemm(R, I * Q, L, kl, 0, 1, R, xs, 0, I * Q, 1, w, 0, I * Q, 0);
    const kqT = scratch(3, R * Q);
    for (let q = 0; q < Q; q++) for (let r = 0; r < R; r++) kqT[r * Q + q] = kq[q * R + r]!;
    for (let r = 0; r < R; r++) {
      const kOff = r * Q;
      for (let i = 0; i < I; i++) {
        const wOff = (r * I + i) * Q;
        let s = 0;
        for (let q = 0; q < Q; q++) s += w[wOff + q]! * kqT[kOff + q]!;
        outT[r * I + i] = s;
      }
    }
  }
  return { data: outT, transposed: true };
}
