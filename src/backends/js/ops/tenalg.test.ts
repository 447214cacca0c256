import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Backend } from '../../../backend/backend.js';
import { ArgumentError } from '../../../errors.js';
import { RandomState } from '../../../random/random-state.js';
import { assertValuesClose, type Tolerance } from '../../../test-utils/assert.js';
import { JsBackend } from '../js-backend.js';
import type { NdArray } from '../ndarray.js';

// The fused kernels sum in another order than the generic path: float64 rounding only.
const tol: Tolerance = { rtol: 1e-10, atol: 1e-12 };
const tol32: Tolerance = { rtol: 1e-5, atol: 1e-6 };

const js = new JsBackend();
const generic = Backend.prototype;

function random(dims: number[], seed: number, dtype: 'float64' | 'float32' = 'float64'): NdArray {
  const size = dims.reduce((p, d) => p * d, 1);
  return js.tensor(new RandomState(seed).standardNormal(size), { shape: dims, dtype });
}
function same(x: NdArray, y: NdArray, t: Tolerance = tol, msg = ''): void {
  assert.deepEqual(js.shape(x), js.shape(y), `${msg} shape`);
  assert.equal(x.dtype, y.dtype, `${msg} dtype`);
  assertValuesClose(Array.from(js.toTypedArray(x), Number), Array.from(js.toTypedArray(y), Number), t, msg);
}
/** A non-contiguous view with the values of `x`: a transposed copy transposed back. */
function strided(x: NdArray): NdArray {
  const n = x.ndim;
  const rev = Array.from({ length: n }, (_, i) => n - 1 - i);
  return js.transpose(js.copy(js.transpose(x, rev)), rev);
}
const dimsArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 });

describe('js tensor-algebra kernels agree with the generic Backend implementations', () => {
  test('unfold and fold, contiguous and strided, every mode and dtype', () => {
    fc.assert(
      fc.property(dimsArb, fc.nat(), fc.nat(1000), fc.boolean(), (dims, modeSeed, seed, view) => {
        const base = random(dims, seed);
        const x = view ? strided(base) : base;
        const mode = modeSeed % dims.length;
        const u = js.unfold(x, mode);
        same(u, generic.unfold.call(js, x, mode) as NdArray, tol, 'unfold');
        same(js.fold(u, mode, dims), x, tol, 'fold');
        const uv = strided(u);
        same(
          js.fold(uv, mode, dims),
          generic.fold.call(js, uv, mode, dims) as NdArray,
          tol,
          'fold of a view',
        );
      }),
      { numRuns: 80 },
    );
    for (const dtype of ['int32', 'bool', 'float32', 'int64'] as const) {
      const x = js.astype(js.reshape(js.arange(0, 60), [3, 4, 5]), dtype);
      for (let mode = 0; mode < 3; mode++) {
        const u = js.unfold(x, mode);
        assert.equal(u.dtype, dtype);
        assert.deepEqual(
          js.toArray(u),
          js.toArray(generic.unfold.call(js, x, mode) as NdArray),
          `${dtype} ${mode}`,
        );
        assert.deepEqual(js.toArray(js.fold(u, mode, [3, 4, 5])), js.toArray(x));
      }
    }
  });

  test('unfold copies of middle modes are packed row-major matrices', () => {
    const x = random([3, 40, 20], 1);
    const u = js.unfold(x, 1);
    assert.ok(u.isContiguous);
    same(u, generic.unfold.call(js, x, 1) as NdArray);
  });

  test('khatriRao', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        fc.boolean(),
        (rows, r, seed, view) => {
          const mats = rows.map((d, i) =>
            view ? strided(random([d, r], seed + i)) : random([d, r], seed + i),
          );
          same(js.khatriRao(mats), generic.khatriRao.call(js, mats) as NdArray);
        },
      ),
      { numRuns: 60 },
    );
    const f32 = [random([3, 2], 1, 'float32'), random([4, 2], 2, 'float32')];
    same(js.khatriRao(f32), generic.khatriRao.call(js, f32) as NdArray, tol32, 'float32');
    const mixed = [random([3, 2], 1, 'float32'), random([4, 2], 2)];
    same(js.khatriRao(mixed), generic.khatriRao.call(js, mixed) as NdArray, tol32, 'float32 with float64');
    const ints = [js.astype(random([3, 2], 1), 'int32'), js.astype(random([2, 2], 2), 'int32')];
    same(js.khatriRao(ints), generic.khatriRao.call(js, ints) as NdArray, tol, 'int32 (generic path)');
  });

  test('modeDot with matrices, transposed matrices and vectors', () => {
    fc.assert(
      fc.property(
        dimsArb,
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        fc.boolean(),
        (dims, modeSeed, j, seed, view) => {
          const mode = modeSeed % dims.length;
          const base = random(dims, seed);
          const x = view ? strided(base) : base;
          const m = random([j, dims[mode]!], seed + 1);
          const mt = random([dims[mode]!, j], seed + 2);
          const v = random([dims[mode]!], seed + 3);
          same(js.modeDot(x, m, mode), generic.modeDot.call(js, x, m, mode, false) as NdArray, tol, 'matrix');
          same(
            js.modeDot(x, mt, mode, true),
            generic.modeDot.call(js, x, mt, mode, true) as NdArray,
            tol,
            'T',
          );
          same(
            js.modeDot(x, strided(m), mode),
            generic.modeDot.call(js, x, m, mode, false) as NdArray,
            tol,
            'view',
          );
          same(js.modeDot(x, v, mode), generic.modeDot.call(js, x, v, mode, false) as NdArray, tol, 'vector');
        },
      ),
      { numRuns: 80 },
    );
  });

  test('modeDot dtypes', () => {
    const x = random([3, 4, 5], 1, 'float32');
    const m = random([2, 4], 2, 'float32');
    same(js.modeDot(x, m, 1), generic.modeDot.call(js, x, m, 1, false) as NdArray, tol32, 'float32');
    const m64 = random([2, 4], 2);
    same(js.modeDot(x, m64, 1), generic.modeDot.call(js, x, m64, 1, false) as NdArray, tol32, 'mixed');
    const xi = js.astype(js.reshape(js.arange(0, 60), [3, 4, 5]), 'int32');
    const mi = js.astype(js.ones([2, 4]), 'int32');
    same(js.modeDot(xi, mi, 1), generic.modeDot.call(js, xi, mi, 1, false) as NdArray, tol, 'int32');
  });

  test('mttkrp, every mode, both middle-mode strategies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        fc.boolean(),
        (dims, r, seed, view) => {
          const base = random(dims, seed);
          const x = view ? strided(base) : base;
          const factors = dims.map((d, i) => random([d, r], seed + 1 + i));
          for (let mode = 0; mode < dims.length; mode++) {
            same(
              js.mttkrp(x, factors, mode),
              generic.mttkrp.call(js, x, factors, mode) as NdArray,
              tol,
              `${mode}`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
    // Middle modes with a long tail (left contraction by GEMM) and a long head (right contraction).
    for (const dims of [
      [2, 3, 40],
      [40, 3, 2],
    ]) {
      const x = random(dims, 5);
      const factors = dims.map((d, i) => random([d, 3], 6 + i));
      same(js.mttkrp(x, factors, 1), generic.mttkrp.call(js, x, factors, 1) as NdArray, tol, `${dims}`);
    }
    const x32 = random([3, 4, 5], 1, 'float32');
    const f32 = [random([3, 2], 2, 'float32'), random([4, 2], 3, 'float32'), random([5, 2], 4, 'float32')];
    same(js.mttkrp(x32, f32, 1), generic.mttkrp.call(js, x32, f32, 1) as NdArray, tol32, 'float32');
  });

  test('errors name the argument', () => {
    const x = random([3, 4, 5], 1);
    assert.throws(() => js.modeDot(x, random([2, 3], 2), 1), ArgumentError);
    assert.throws(
      () => js.mttkrp(x, [random([3, 2], 1), random([5, 2], 2), random([5, 2], 3)], 0),
      ArgumentError,
    );
    assert.throws(() => js.mttkrp(x, [random([3, 2], 1)], 0), ArgumentError);
    assert.throws(() => js.unfold(x, 3), ArgumentError);
  });
});
