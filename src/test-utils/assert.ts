import assert from 'node:assert/strict';
import type { Backend } from '../backend/backend.js';
import type { NestedArray, Tensor } from '../types.js';

/** Tolerances for comparing floating results: |a - e| <= atol + rtol * |e|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** float64 defaults. */
export const TIGHT: Tolerance = { rtol: 1e-10, atol: 1e-12 };

function flatten(v: NestedArray, out: number[], shape: number[], depth: number): void {
  if (Array.isArray(v)) {
    if (shape.length <= depth) shape.push(v.length);
    for (const item of v) flatten(item as NestedArray, out, shape, depth + 1);
  } else out.push(Number(v));
}

/** Flat values and shape of nested arrays. */
export function flat(v: NestedArray): { values: number[]; shape: number[] } {
  const values: number[] = [];
  const shape: number[] = [];
  flatten(v, values, shape, 0);
  return { values, shape };
}

/**
 * Asserts that tensor `actual` (of backend `b`) has the shape of `expected` and values within tolerance.
 * NaN matches NaN; infinities must match exactly.
 */
export function assertClose(
  b: Backend,
  actual: Tensor,
  expected: NestedArray,
  tol: Tolerance = TIGHT,
  message = '',
): void {
  const got = flat(b.toArray(actual as never));
  const want = flat(expected);
  const gotShape = b.shape(actual as never);
  const wantShape = Array.isArray(expected) ? want.shape : [];
  if (Array.isArray(expected) && want.values.length === 0) {
    // Empty expectations carry no inner shape; compare sizes only.
    assert.equal(got.values.length, 0, `${message} expected an empty tensor, got shape [${gotShape}]`);
    return;
  }
  assert.deepEqual(gotShape, wantShape, `${message} shape`);
  assertValuesClose(got.values, want.values, tol, message);
}

/** Element-wise closeness of two flat number lists. */
export function assertValuesClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: Tolerance = TIGHT,
  message = '',
): void {
  assert.equal(got.length, want.length, `${message} length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w)) {
      assert.ok(Number.isNaN(g), `${message} [${i}]: expected NaN, got ${g}`);
      continue;
    }
    if (!Number.isFinite(w)) {
      assert.equal(g, w, `${message} [${i}]`);
      continue;
    }
    const err = Math.abs(g - w);
    assert.ok(
      err <= tol.atol + tol.rtol * Math.abs(w),
      `${message} [${i}]: got ${g}, expected ${w} (error ${err})`,
    );
  }
}
