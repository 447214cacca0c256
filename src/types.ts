/**
 * Types shared by the backend contract, the backends and everything above them.
 *
 * @module
 */

/** Names of the element types tensorly-ts knows. A backend may support a subset. */
export type DTypeName =
  | 'float64'
  | 'float32'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'bool'
  | 'complex64'
  | 'complex128';

/**
 * A dtype as accepted by every op: a dtype name, or a backend's own dtype object (which must say
 * its name). `tl.float32` returns the backend's object, so code written against it stays portable.
 */
export type DType =
  | DTypeName
  | {
      /** The dtype's name. */
      readonly name: DTypeName;
    };

/**
 * The least every backend's tensor type offers: its shape. Backends use their own classes
 * (`NdArray` for `js`, `tf.Tensor` for `tfjs`); code above the backends never looks inside.
 */
export interface Tensor {
  /** Length of each axis. */
  readonly shape: readonly number[];
}

/** Nested JavaScript arrays of numbers or booleans, any depth (a plain number is a 0-d tensor). */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Typed arrays a tensor's data can live in, one per storage dtype. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array | BigInt64Array;

/** Options of tensor-creating ops: the element type (backend default when absent). */
export interface TensorOptions {
  /** Element type of the new tensor. */
  dtype?: DType;
}

/** Options of `tensor()`: dtype, and the shape of a flat typed array or flat array. */
export interface TensorDataOptions extends TensorOptions {
  /** Shape to give flat data (its size must match). */
  shape?: readonly number[];
}

/** What `tl.context(x)` returns: the options that create a tensor like `x` (TensorLy's `**tl.context(x)`). */
export interface TensorContext {
  /** Element type of the tensor. */
  dtype: DType;
}

/** The data `tensor()` accepts: nested arrays, a number, a typed array (with `shape`), or a tensor. */
export type TensorInput<T> = NestedArray | TypedArray | ArrayLike<number> | T;

/** An axis argument: one axis, several, or every axis (`null`/`undefined`). Negative axes count from the end. */
export type Axes = number | readonly number[] | null | undefined;

/** A slice of one axis, as Python's `start:stop:step`; missing ends mean "from the start" / "to the end". */
export interface Slice {
  /** First position (negative counts from the end); default: the start (the end for a negative step). */
  readonly start?: number | null;
  /** Position where the slice stops, excluded; default: past the end (before the start for a negative step). */
  readonly stop?: number | null;
  /** Distance between positions, non-zero; default 1. */
  readonly step?: number | null;
}

/**
 * One entry per leading axis, NumPy basic indexing: an integer picks one position and drops the axis,
 * a {@link Slice} keeps the axis, `null` keeps the whole axis. Missing trailing entries mean whole axes.
 */
export type IndexSpec = readonly (number | Slice | null)[];

/** Limits of a floating dtype, as NumPy's `finfo`. */
export interface FloatInfo {
  /** Difference between 1 and the next representable number. */
  eps: number;
  /** Largest finite value. */
  max: number;
  /** Most negative finite value. */
  min: number;
  /** Smallest positive normal value. */
  tiny: number;
  /** Bits of storage. */
  bits: number;
  /** The dtype's name. */
  dtype: DTypeName;
}

/** Orders `norm` accepts: any positive p, or `'inf'`. */
export type NormOrder = number | 'inf';

/** Modes of `qr`: reduced (`(m, k)`, `(k, n)`), complete (`(m, m)`, `(m, n)`), or R alone. */
export type QrMode = 'reduced' | 'complete' | 'r';
