import { ArgumentError } from '../../../errors.js';
import { NdArray } from '../ndarray.js';

/** `[2, 3]` as text, for error messages. */
function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The shape that NumPy's broadcasting gives `shapes`: they are aligned on their last axis, and along each
 * axis the lengths must agree or be 1 (a missing leading axis counts as 1).
 *
 * @param fn - the op, named in the error.
 * @param shapes - the operands' shapes.
 * @param names - the operands' argument names (default `a`, `b`, `c`, ...); the error names the first one
 *   that cannot join the shapes before it.
 * @throws ArgumentError "operands could not be broadcast together" naming the op and the shapes.
 */
export function broadcastShapes(
  fn: string,
  shapes: readonly (readonly number[])[],
  names?: readonly string[],
): number[] {
  let out: number[] = [];
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k]!;
    if (k === 0) {
      out = [...s];
      continue;
    }
    const nd = Math.max(out.length, s.length);
    const next = new Array<number>(nd);
    for (let i = 0; i < nd; i++) {
      const p = out.length - nd + i;
      const q = s.length - nd + i;
      const d1 = p >= 0 ? out[p]! : 1;
      const d2 = q >= 0 ? s[q]! : 1;
      if (d1 === d2 || d2 === 1) next[i] = d1;
      else if (d1 === 1) next[i] = d2;
      else {
        const arg = names?.[k] ?? String.fromCharCode(97 + k);
        const all = shapes.map(shapeText).join(' ');
        throw new ArgumentError(
          fn,
          arg,
          `a shape that broadcasts against ${shapeText(out)} (operands could not be broadcast together with shapes ${all})`,
          { shape: s },
        );
      }
    }
    out = next;
  }
  return out;
}

/**
 * The strides through which an array of `shape`/`strides` is read when broadcast to `outShape`: missing
 * leading axes and axes of length 1 get stride 0. `outShape` must be a broadcast of `shape`.
 */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
): number[] {
  const nd = outShape.length;
  const lead = nd - shape.length;
  const out = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const j = i - lead;
    out[i] = j < 0 || shape[j] === 1 ? 0 : strides[j]!;
  }
  return out;
}

/**
 * A read-only broadcast view of `x` with shape `shape` (stride 0 along repeated axes), sharing `x`'s buffer.
 * Materialise it with `values()` / `packed()` before writing anywhere.
 *
 * @throws ArgumentError when `x` does not broadcast to `shape`.
 */
export function broadcastTo(fn: string, arg: string, x: NdArray, shape: readonly number[]): NdArray {
  const target = broadcastShapes(fn, [shape, x.shape], ['shape', arg]);
  if (target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new ArgumentError(fn, arg, `a tensor that broadcasts to ${shapeText(shape)}`, x);
  }
  return new NdArray(x.data, shape, x.dtype, broadcastStrides(x.shape, x.strides, shape), x.offset);
}

/**
 * How to walk several strided operands over a common output shape, with the output in row-major order:
 * `rows` rows of `inner` elements each. Row `r` of the output starts at `r * inner`; operand `j` starts
 * each row where an {@link Odometer} over `outerShape` with `outerStrides[j]` puts it, and steps
 * `innerStrides[j]` inside the row.
 */
export interface LoopPlan {
  /** Length of the innermost (tight) loop. */
  inner: number;
  /** Number of rows (product of `outerShape`). */
  rows: number;
  /** Per operand: step inside a row. */
  innerStrides: number[];
  /** The outer axes, after merging. */
  outerShape: number[];
  /** Per operand: strides along `outerShape`. */
  outerStrides: number[][];
}

/**
 * Plans a loop over `outShape` (size > 0) reading `operands` through broadcast strides.
 *
 * Axes of length 1 are dropped and neighbouring axes are merged whenever every operand steps through them
 * as through one longer axis, so contiguous or simply broadcast operands become one long row or a few long
 * rows: the innermost loop stays long, whatever the nominal rank.
 */
export function loopPlan(
  outShape: readonly number[],
  operands: readonly { readonly shape: readonly number[]; readonly strides: readonly number[] }[],
): LoopPlan {
  const m = operands.length;
  const full = operands.map((op) => broadcastStrides(op.shape, op.strides, outShape));
  // Merged axes, built from the last axis outwards.
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let i = outShape.length - 1; i >= 0; i--) {
    const d = outShape[i]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    let mergeable = last >= 0;
    if (mergeable) {
      const len = dims[last]!;
      for (let j = 0; j < m; j++) {
        if (full[j]![i] !== strides[j]![last]! * len) {
          mergeable = false;
          break;
        }
      }
    }
    if (mergeable) dims[last]! *= d;
    else {
      dims.push(d);
      for (let j = 0; j < m; j++) strides[j]!.push(full[j]![i]!);
    }
  }
  if (dims.length === 0) {
    return {
      inner: 1,
      rows: 1,
      innerStrides: new Array<number>(m).fill(0),
      outerShape: [],
      outerStrides: strides,
    };
  }
  dims.reverse();
  for (const s of strides) s.reverse();
  const nd = dims.length;
  const inner = dims[nd - 1]!;
  const outerShape = dims.slice(0, nd - 1);
  let rows = 1;
  for (const d of outerShape) rows *= d;
  return {
    inner,
    rows,
    innerStrides: strides.map((s) => s[nd - 1]!),
    outerShape,
    outerStrides: strides.map((s) => s.slice(0, nd - 1)),
  };
}

/**
 * Row starts of several operands over the outer axes of a {@link LoopPlan}, advanced one row at a time
 * (an odometer: the last outer axis turns fastest). Allocation-free per step.
 *
 * @example
 * ```ts
 * const plan = loopPlan(shape, [a, b]);
 * const it = new Odometer(plan.outerShape, plan.outerStrides, [a.offset, b.offset]);
 * for (let r = 0; r < plan.rows; r++, it.next()) kernel(plan.inner, a.data, it.pos[0], ..., out, r * plan.inner);
 * ```
 */
export class Odometer {
  /** Current row start of each operand in its buffer. */
  readonly pos: number[];
  private readonly idx: number[];
  private readonly shape: readonly number[];
  private readonly strides: readonly (readonly number[])[];

  constructor(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[]) {
    this.shape = shape;
    this.strides = strides;
    this.pos = [...offsets];
    this.idx = new Array<number>(shape.length).fill(0);
  }

  /** Moves every operand to the start of the next row. */
  next(): void {
    const { shape, strides, pos, idx } = this;
    const m = pos.length;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      const d = shape[ax]!;
      const i = idx[ax]! + 1;
      if (i < d) {
        idx[ax] = i;
        for (let j = 0; j < m; j++) pos[j]! += strides[j]![ax]!;
        return;
      }
      idx[ax] = 0;
      for (let j = 0; j < m; j++) pos[j]! -= strides[j]![ax]! * (d - 1);
    }
  }
}
