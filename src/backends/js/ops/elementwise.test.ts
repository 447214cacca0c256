import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, NotSupportedError } from '../../../errors.js';
import { JsBackend } from '../js-backend.js';
import { type JsDType, NdArray } from '../ndarray.js';
import { broadcastShapes, broadcastStrides, broadcastTo, loopPlan, Odometer } from './broadcast.js';
import { floatResultType, promoteTypes, resultType, withScalar } from './dtypes.js';
import * as ew from './elementwise.js';

const b = new JsBackend();

const arr = (values: number[], dtype: JsDType, shape = [values.length]) => b.tensor(values, { shape, dtype });

describe('js: broadcast helpers', () => {
  test('broadcastShapes follows NumPy and names the operand at fault', () => {
    assert.deepEqual(broadcastShapes('f', [[2, 1], [3]]), [2, 3]);
    assert.deepEqual(broadcastShapes('f', [[], [4, 1], [1, 5]]), [4, 5]);
    assert.deepEqual(
      broadcastShapes('f', [
        [0, 1],
        [1, 3],
      ]),
      [0, 3],
    );
    assert.deepEqual(broadcastShapes('f', [[]]), []);
    assert.throws(
      () => broadcastShapes('f', [[2], [3], [4]], ['x', 'y', 'z']),
      (e: unknown) => e instanceof ArgumentError && e.argument === 'y' && e.message.includes('[2] [3] [4]'),
    );
  });
  test('broadcastStrides gives stride 0 along new and length-1 axes', () => {
    assert.deepEqual(broadcastStrides([3, 1], [1, 1], [2, 3, 4]), [0, 1, 0]);
    assert.deepEqual(broadcastStrides([], [], [2, 2]), [0, 0]);
  });
  test('broadcastTo is a view that reads repeated values; rejects non-broadcastable shapes', () => {
    const x = arr([1, 2, 3], 'float64');
    const v = broadcastTo('f', 'x', x, [2, 3]);
    assert.equal(v.data, x.data);
    assert.deepEqual(b.toArray(v), [
      [1, 2, 3],
      [1, 2, 3],
    ]);
    assert.throws(() => broadcastTo('f', 'x', x, [3, 2]), ArgumentError);
    assert.throws(() => broadcastTo('f', 'x', b.ones([2, 3]), [3]), ArgumentError);
  });
  test('loopPlan merges axes that operands walk as one', () => {
    const c = { shape: [4, 5, 6], strides: [30, 6, 1] };
    let p = loopPlan([4, 5, 6], [c, c]);
    assert.equal(p.inner, 120);
    assert.equal(p.rows, 1);
    // A column vector broadcast over rows: the inner loop stays the row.
    p = loopPlan(
      [1000, 1000],
      [
        { shape: [1000, 1000], strides: [1000, 1] },
        { shape: [1000, 1], strides: [1, 1] },
      ],
    );
    assert.equal(p.inner, 1000);
    assert.deepEqual(p.innerStrides, [1, 0]);
    assert.deepEqual(p.outerStrides, [[1000], [1]]);
    // Transposed operand: nothing merges.
    p = loopPlan([3, 2], [{ shape: [3, 2], strides: [1, 3] }]);
    assert.equal(p.inner, 2);
    assert.equal(p.rows, 3);
    // Length-1 axes disappear.
    p = loopPlan([1, 1], [{ shape: [1, 1], strides: [7, 9] }]);
    assert.deepEqual([p.inner, p.rows], [1, 1]);
  });
  test('property: Odometer visits the row starts in row-major order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (shape) => {
        const strides = shape.map((_, i) => 10 ** i);
        const it = new Odometer(shape, [strides], [7]);
        const rows = shape.reduce((p, d) => p * d, 1);
        for (let r = 0; r < rows; r++, it.next()) {
          let rem = r;
          let want = 7;
          for (let ax = shape.length - 1; ax >= 0; ax--) {
            want += (rem % shape[ax]!) * strides[ax]!;
            rem = Math.floor(rem / shape[ax]!);
          }
          assert.equal(it.pos[0], want);
        }
      }),
    );
  });
});

describe('js: dtype promotion rules', () => {
  test('promoteTypes agrees with numpy.promote_types on every pair', () => {
    const order: JsDType[] = ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'];
    // numpy.promote_types, row by row in `order`.
    const numpy = [
      ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'],
      ['uint8', 'uint8', 'int32', 'int64', 'float32', 'float64'],
      ['int32', 'int32', 'int32', 'int64', 'float64', 'float64'],
      ['int64', 'int64', 'int64', 'int64', 'float64', 'float64'],
      ['float32', 'float32', 'float64', 'float64', 'float32', 'float64'],
      ['float64', 'float64', 'float64', 'float64', 'float64', 'float64'],
    ];
    order.forEach((x, i) => {
      order.forEach((y, j) => {
        assert.equal(promoteTypes(x, y), numpy[i]![j], `${x} + ${y}`);
      });
    });
  });
  test('numbers are weak scalars', () => {
    assert.equal(withScalar('float32', 1e300), 'float32');
    assert.equal(withScalar('bool', 2), 'int32');
    assert.equal(withScalar('uint8', 255), 'uint8');
    assert.equal(withScalar('uint8', 256), 'int32');
    assert.equal(withScalar('uint8', -1), 'int32');
    assert.equal(withScalar('int32', 2 ** 31), 'float64');
    assert.equal(withScalar('int32', Number.NaN), 'float64');
    assert.equal(withScalar('int32', Number.POSITIVE_INFINITY), 'float64');
    assert.equal(resultType(1, 2), 'float64');
    assert.equal(resultType(arr([1], 'float32'), b.tensor(1)), 'float64');
    assert.equal(resultType(arr([1], 'uint8'), 2, arr([1], 'bool')), 'uint8');
    assert.equal(floatResultType('int32'), 'float64');
    assert.equal(floatResultType('float32'), 'float32');
  });
});

describe('js: integer and bool semantics', () => {
  test('int32 arithmetic wraps at 32 bits like NumPy', () => {
    assert.deepEqual(b.toArray(b.add(arr([2147483647], 'int32'), 1)), [-2147483648]);
    assert.deepEqual(
      b.toArray(b.multiply(arr([46341, 65536], 'int32'), arr([46341, 65536], 'int32'))),
      [-2147479015, 0],
    );
    assert.deepEqual(b.toArray(b.abs(arr([-(2 ** 31)], 'int32'))), [-2147483648]);
  });
  test('uint8 wraps; numbers out of its range promote to int32', () => {
    const u = arr([250, 1], 'uint8');
    const s = b.add(u, 10);
    assert.equal(s.dtype, 'uint8');
    assert.deepEqual(b.toArray(s), [4, 11]);
    assert.deepEqual(b.toArray(b.subtract(arr([1], 'uint8'), arr([2], 'uint8'))), [255]);
    assert.deepEqual(b.toArray(b.multiply(arr([200], 'uint8'), arr([3], 'uint8'))), [88]);
    assert.deepEqual(b.toArray(b.negative(arr([1, 0], 'uint8'))), [255, 0]);
    const big = b.add(u, 300);
    assert.equal(big.dtype, 'int32');
    assert.deepEqual(b.toArray(big), [550, 301]);
    assert.equal(b.subtract(u, 1).dtype, 'uint8');
    assert.equal(b.subtract(u, -1).dtype, 'int32');
    assert.equal(b.add(u, arr([1], 'float32')).dtype, 'float32');
  });
  test('integer power wraps and rejects negative exponents', () => {
    assert.deepEqual(b.toArray(b.power(arr([2, 3], 'int32'), arr([10, 2], 'int32'))), [1024, 9]);
    assert.deepEqual(b.toArray(b.power(arr([3], 'int32'), 40)), [689956897]);
    assert.deepEqual(
      b.toArray(b.power(arr([7, -3], 'int32'), arr([13, 21], 'int32'))),
      [-1895237401, -1870418611],
    );
    assert.deepEqual(b.toArray(b.power(arr([0, 5], 'int32'), 0)), [1, 1]);
    assert.throws(() => b.power(arr([2], 'int32'), -1), ArgumentError);
    assert.throws(() => b.power(arr([2], 'int32'), arr([1, -1], 'int32')), ArgumentError);
    assertDtypeValues(b.power(arr([2], 'int32'), -1.5), 'float64', [2 ** -1.5]);
    assertDtypeValues(b.power(b.tensor([true, false]), b.tensor([true, true])), 'int32', [1, 0]);
  });
  test('bool: subtract and negative are errors, maximum/minimum are or/and', () => {
    const p = b.tensor([true, false, true]);
    const q = b.tensor([false, false, true]);
    assert.throws(() => b.subtract(p, q), ArgumentError);
    assert.throws(() => b.negative(p), ArgumentError);
    assertDtypeValues(b.maximum(p, q), 'bool', [1, 0, 1]);
    assertDtypeValues(b.minimum(p, q), 'bool', [0, 0, 1]);
    assertDtypeValues(b.abs(p), 'bool', [1, 0, 1]);
    assertDtypeValues(b.sign(p), 'bool', [1, 0, 1]);
    assertDtypeValues(b.sqrt(p), 'float64', [1, 0, 1]);
    assertDtypeValues(b.divide(p, 2), 'float64', [0.5, 0, 0.5]);
  });
  test('int64 is storage only: arithmetic throws NotSupportedError, tests and where conditions work', () => {
    const i = arr([1, 0, 3], 'int64');
    assert.throws(() => b.add(i, 1), NotSupportedError);
    assert.throws(() => b.exp(i), NotSupportedError);
    assert.throws(() => b.greater(i, 0), NotSupportedError);
    assert.throws(() => b.where(b.tensor([true]), i, 0), NotSupportedError);
    assert.throws(() => b.clip(i, 0, 1), NotSupportedError);
    assertDtypeValues(b.isnan(i), 'bool', [0, 0, 0]);
    assertDtypeValues(b.isfinite(i), 'bool', [1, 1, 1]);
    assertDtypeValues(b.where(i, 1, 2), 'float64', [1, 2, 1]);
  });
});

describe('js: fast paths and views', () => {
  test('flat kernels handle offsets, odd lengths and both operand orders (float64 and float32)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const base = arr([9, 1, 2, 3, 4, 5, 6, 7, 8], dtype);
      // A contiguous view that starts at element 1.
      const x = new NdArray(base.data, [2, 4], dtype, undefined, 1);
      const y = b.reshape(b.arange(8, undefined, undefined, { dtype }), [2, 4]);
      assertDtypeValues(b.add(x, y), dtype, [1, 3, 5, 7, 9, 11, 13, 15]);
      assertDtypeValues(b.subtract(y, x), dtype, [-1, -1, -1, -1, -1, -1, -1, -1]);
      assertDtypeValues(b.subtract(10, x), dtype, [9, 8, 7, 6, 5, 4, 3, 2]);
      assertDtypeValues(b.divide(x, 2), dtype, [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
      assertDtypeValues(
        b.divide(2, x),
        dtype,
        [2, 1, 2 / 3, 0.5, 0.4, 1 / 3, 2 / 7, 0.25].map(Math.fround),
        1e-7,
      );
      assertDtypeValues(b.maximum(x, 4.5), dtype, [4.5, 4.5, 4.5, 4.5, 5, 6, 7, 8]);
      assertDtypeValues(b.minimum(4.5, x), dtype, [1, 2, 3, 4, 4.5, 4.5, 4.5, 4.5]);
      assertDtypeValues(b.multiply(x, x), dtype, [1, 4, 9, 16, 25, 36, 49, 64]);
    }
  });
  test('float32 results are rounded as float32 arithmetic rounds', () => {
    const x = arr([0.1, 1 / 3, 1e-8], 'float32');
    const got = b.add(x, 0.2);
    const xs = Array.from(x.data as Float32Array);
    assert.deepEqual(
      Array.from(got.data as Float32Array),
      xs.map((v) => Math.fround(v + Math.fround(0.2))),
    );
  });
  test('mixed dtypes, strided operands and broadcast rows go through the general path', () => {
    const m = b.reshape(b.arange(6), [2, 3]);
    const i = arr([1, 2], 'int32', [2, 1]);
    assertDtypeValues(b.add(b.transpose(m), arr([10, 20], 'int32')), 'float64', [10, 23, 11, 24, 12, 25]);
    assertDtypeValues(b.multiply(m, i), 'float64', [0, 1, 2, 6, 8, 10]);
    assertDtypeValues(b.power(m, arr([2, 1, 0], 'float32')), 'float64', [0, 1, 1, 9, 4, 1]);
    const other = b.transpose(b.reshape(b.arange(6), [3, 2]));
    assertDtypeValues(b.where(arr([1, 0], 'int32', [2, 1]), m, other), 'float64', [0, 1, 2, 1, 3, 5]);
  });
  test('signed zeros: maximum/minimum/clip return the second operand on ties, as NumPy', () => {
    const isNeg0 = (v: number) => Object.is(v, -0);
    const a = arr([-0, 0], 'float64');
    const c = arr([0, -0], 'float64');
    assert.deepEqual(Array.from(ew.maximum(a, c).data as Float64Array, isNeg0), [false, true]);
    assert.deepEqual(Array.from(ew.minimum(a, c).data as Float64Array, isNeg0), [false, true]);
    assert.deepEqual(Array.from(ew.clip(arr([-0], 'float64'), 0, 1).data as Float64Array, isNeg0), [false]);
    const neg0 = (x: NdArray) => isNeg0((x.data as Float64Array)[0]!);
    assert.deepEqual([ew.maximum(arr([-0], 'float64'), 0), ew.maximum(0, arr([-0], 'float64'))].map(neg0), [
      false,
      true,
    ]);
    assert.deepEqual([ew.minimum(arr([0], 'float64'), -0), ew.minimum(-0, arr([0], 'float64'))].map(neg0), [
      true,
      false,
    ]);
    const rows = b.reshape(arr([-0, -0, -0, -0], 'float64'), [2, 2]);
    assert.deepEqual(
      Array.from(ew.maximum(rows, arr([0, 0], 'float64', [2, 1])).data as Float64Array, isNeg0),
      [false, false, false, false],
    );
    assert.deepEqual(Array.from(ew.sign(arr([-0], 'float64')).data as Float64Array, isNeg0), [false]);
  });
  test('the exported functions validate their arguments like the backend methods', () => {
    assert.throws(() => ew.add({} as never, 1), ArgumentError);
    assert.throws(() => ew.exp(3 as never), ArgumentError);
    assert.throws(() => ew.clip(b.ones([2]), 'x' as never), ArgumentError);
  });
});

function assertDtypeValues(x: NdArray, dtype: JsDType, values: number[], rtol = 1e-12): void {
  assert.equal(x.dtype, dtype);
  const got = Array.from(x.values() as ArrayLike<number>, Number);
  assert.equal(got.length, values.length);
  got.forEach((g, k) => {
    const w = values[k]!;
    assert.ok(Math.abs(g - w) <= rtol * Math.abs(w) + 1e-12, `[${k}]: got ${g}, expected ${w}`);
  });
}
