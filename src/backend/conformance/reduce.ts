import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../../errors.js';
import { assertClose, assertValuesClose, flat } from '../../test-utils/assert.js';
import type { NestedArray } from '../../types.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

/**
 * NumPy's results (computed with NumPy 1.24) of `op(x, axis)` for `x = arange(24).reshape(2, 3, 4)`
 * (`x + 1` for prod): op, axis, result shape without keepdims, flat values.
 */
const NUMPY_TABLE: ['sum' | 'prod' | 'max' | 'min' | 'mean', number | number[] | null, number[], number[]][] =
  [
    ['sum', null, [], [276]],
    ['sum', 0, [3, 4], [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34]],
    ['sum', 1, [2, 4], [12, 15, 18, 21, 48, 51, 54, 57]],
    ['sum', 2, [2, 3], [6, 22, 38, 54, 70, 86]],
    ['sum', -1, [2, 3], [6, 22, 38, 54, 70, 86]],
    ['sum', [0, 1], [4], [60, 66, 72, 78]],
    ['sum', [0, 2], [3], [60, 92, 124]],
    ['sum', [1, 2], [2], [66, 210]],
    ['sum', [0, 1, 2], [], [276]],
    ['prod', null, [], [6.204484017332394e23]],
    ['prod', 0, [3, 4], [13, 28, 45, 64, 85, 108, 133, 160, 189, 220, 253, 288]],
    ['prod', 1, [2, 4], [45, 120, 231, 384, 4641, 5544, 6555, 7680]],
    ['prod', 2, [2, 3], [24, 1680, 11880, 43680, 116280, 255024]],
    ['prod', -1, [2, 3], [24, 1680, 11880, 43680, 116280, 255024]],
    ['prod', [0, 1], [4], [208845, 665280, 1514205, 2949120]],
    ['prod', [0, 2], [3], [1048320, 195350400, 3029685120]],
    ['prod', [1, 2], [2], [479001600, 1295295050649600]],
    ['prod', [0, 1, 2], [], [6.204484017332394e23]],
    ['max', null, [], [23]],
    ['max', 0, [3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
    ['max', 1, [2, 4], [8, 9, 10, 11, 20, 21, 22, 23]],
    ['max', 2, [2, 3], [3, 7, 11, 15, 19, 23]],
    ['max', -1, [2, 3], [3, 7, 11, 15, 19, 23]],
    ['max', [0, 1], [4], [20, 21, 22, 23]],
    ['max', [0, 2], [3], [15, 19, 23]],
    ['max', [1, 2], [2], [11, 23]],
    ['max', [0, 1, 2], [], [23]],
    ['min', null, [], [0]],
    ['min', 0, [3, 4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['min', 1, [2, 4], [0, 1, 2, 3, 12, 13, 14, 15]],
    ['min', 2, [2, 3], [0, 4, 8, 12, 16, 20]],
    ['min', -1, [2, 3], [0, 4, 8, 12, 16, 20]],
    ['min', [0, 1], [4], [0, 1, 2, 3]],
    ['min', [0, 2], [3], [0, 4, 8]],
    ['min', [1, 2], [2], [0, 12]],
    ['min', [0, 1, 2], [], [0]],
    ['mean', null, [], [11.5]],
    ['mean', 0, [3, 4], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]],
    ['mean', 1, [2, 4], [4, 5, 6, 7, 16, 17, 18, 19]],
    ['mean', 2, [2, 3], [1.5, 5.5, 9.5, 13.5, 17.5, 21.5]],
    ['mean', -1, [2, 3], [1.5, 5.5, 9.5, 13.5, 17.5, 21.5]],
    ['mean', [0, 1], [4], [10, 11, 12, 13]],
    ['mean', [0, 2], [3], [7.5, 11.5, 15.5]],
    ['mean', [1, 2], [2], [5.5, 17.5]],
    ['mean', [0, 1, 2], [], [11.5]],
  ];

/** Reductions, cumulative sums and sorting, with NumPy's values. */
export function reduceSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  const x = () => b.reshape(b.arange(24, undefined, undefined, { dtype: o.floatDtype }), [2, 3, 4]);

  describe(`${b.name}: reductions`, () => {
    it("sum over every axis and tuple of axes, with and without keepdims (TensorLy's table)", () => {
      const cases: [number | number[] | null, unknown, number[]][] = [
        [null, 276, [1, 1, 1]],
        [
          0,
          [
            [12, 14, 16, 18],
            [20, 22, 24, 26],
            [28, 30, 32, 34],
          ],
          [1, 3, 4],
        ],
        [
          1,
          [
            [12, 15, 18, 21],
            [48, 51, 54, 57],
          ],
          [2, 1, 4],
        ],
        [
          2,
          [
            [6, 22, 38],
            [54, 70, 86],
          ],
          [2, 3, 1],
        ],
        [
          [0, 1],
          [60, 66, 72, 78],
          [1, 1, 4],
        ],
        [
          [0, 2],
          [60, 92, 124],
          [1, 3, 1],
        ],
        [
          [1, 2],
          [66, 210],
          [2, 1, 1],
        ],
      ];
      for (const [axis, values, keptShape] of cases) {
        assertClose(b, b.sum(x(), axis), values as never, o.tol, `sum axis ${axis}`);
        assert.deepEqual(b.shape(b.sum(x(), axis, true)), keptShape, `keepdims axis ${axis}`);
      }
      assertClose(
        b,
        b.sum(x(), -1),
        [
          [6, 22, 38],
          [54, 70, 86],
        ],
        o.tol,
      );
    });
    it('sum, prod, max, min, mean over every axis and tuple of axes, with and without keepdims (NumPy)', () => {
      for (const [op, axis, shape, values] of NUMPY_TABLE) {
        const input = op === 'prod' ? b.add(x(), 1) : x();
        const label = `${op} axis ${JSON.stringify(axis)}`;
        const r = b[op](input, axis);
        assert.deepEqual(b.shape(r), shape, `${label} shape`);
        assertValuesClose(flat(b.toArray(r) as NestedArray).values, values, o.tol, label);
        const axes =
          axis === null ? [0, 1, 2] : (Array.isArray(axis) ? axis : [axis]).map((a) => (a + 3) % 3);
        const kept = b[op](input, axis, true);
        assert.deepEqual(
          b.shape(kept),
          [2, 3, 4].map((d, i) => (axes.includes(i) ? 1 : d)),
          `${label} keepdims shape`,
        );
        assertValuesClose(flat(b.toArray(kept) as NestedArray).values, values, o.tol, `${label} keepdims`);
      }
    });
    it('reductions of a transposed (strided) tensor match reductions of its source', () => {
      const t = b.transpose(x(), [2, 0, 1]); // shape [4, 2, 3]
      assertClose(b, b.sum(t, 0), b.toArray(b.sum(x(), 2)), o.tol);
      assertClose(b, b.sum(t, [1, 2]), b.toArray(b.sum(x(), [0, 1])), o.tol);
      assertClose(b, b.max(t, 2), b.toArray(b.transpose(b.max(x(), 1), [1, 0])), o.tol);
      assertClose(b, b.mean(t, 1), b.toArray(b.transpose(b.mean(x(), 0), [1, 0])), o.tol);
      assertClose(b, b.sum(t), 276, o.tol);
    });
    it('result dtypes: mean and sums of floats are floats, all/any bool, argmax int32', () => {
      const ints = b.tensor([1, 2, 4], { dtype: 'int32' });
      assert.equal(dtypeName(b.context(b.mean(ints)).dtype), o.floatDtype);
      assertClose(b, b.mean(ints), 7 / 3, o.tol);
      assert.equal(dtypeName(b.context(b.sum(ints)).dtype), 'int32');
      assert.equal(b.item(b.sum(ints)), 7);
      assert.equal(dtypeName(b.context(b.max(ints)).dtype), 'int32');
      assert.equal(dtypeName(b.context(b.sum(x())).dtype), o.floatDtype);
      assert.equal(dtypeName(b.context(b.any(x(), 0)).dtype), 'bool');
      assert.equal(dtypeName(b.context(b.argmin(x(), 0)).dtype), 'int32');
      assert.equal(b.item(b.sum(b.tensor([true, true, false]))), 2);
    });
    it('NaN propagates through sum, mean, prod, max, min and cumsum, column by column', () => {
      const t = b.tensor([
        [1, Number.NaN, 3],
        [4, 5, 6],
      ]);
      assertClose(b, b.sum(t, 0), [5, Number.NaN, 9], o.tol);
      assertClose(b, b.mean(t, 1), [Number.NaN, 5], o.tol);
      assertClose(b, b.prod(t, 0), [4, Number.NaN, 18], o.tol);
      assertClose(b, b.max(t, 0), [4, Number.NaN, 6], o.tol);
      assertClose(b, b.min(t, 1), [Number.NaN, 4], o.tol);
      assertClose(b, b.max(b.tensor([Number.NaN, 1, 2])), Number.NaN, o.tol);
      // Reduced axes on both sides of a kept one: partial results combine, NaN must survive.
      const cube = b.tensor([
        [
          [Number.NaN, 1],
          [2, 3],
        ],
        [
          [4, 5],
          [6, Number.NaN],
        ],
      ]);
      assertClose(b, b.max(cube, [0, 2]), [Number.NaN, Number.NaN], o.tol);
      assertClose(b, b.min(cube, [0, 2]), [Number.NaN, Number.NaN], o.tol);
      assertClose(b, b.sum(cube, [0, 2]), [Number.NaN, Number.NaN], o.tol);
      assertClose(b, b.max(cube, [1, 2]), [Number.NaN, Number.NaN], o.tol);
      assertClose(
        b,
        b.cumsum(t, 1),
        [
          [1, Number.NaN, Number.NaN],
          [4, 9, 15],
        ],
        o.tol,
      );
      // NaN is non-zero for all/any, as in NumPy.
      assert.equal(b.toArray(b.all(b.tensor([Number.NaN, 1]))), true);
      assert.equal(b.toArray(b.any(b.tensor([Number.NaN, 0]))), true);
      // The first NaN wins argmax and argmin, along an axis too.
      assert.equal(b.item(b.argmin(b.tensor([3, Number.NaN, -1, Number.NaN]))), 1);
      assert.deepEqual(b.toArray(b.argmax(t, 0)), [1, 0, 1]);
      assert.deepEqual(b.toArray(b.argmin(t, 1)), [1, 0]);
      const late = b.tensor([
        [1, 2, 3],
        [4, Number.NaN, 0],
        [Number.NaN, 9, Number.NaN],
      ]);
      assert.deepEqual(b.toArray(b.argmax(late, 0)), [2, 1, 2]);
      assert.deepEqual(b.toArray(b.argmin(late, 0)), [2, 1, 2]);
      assert.deepEqual(b.toArray(b.argmin(late, 1)), [0, 1, 0]);
    });
    it('infinities: max/min/sum/argmax follow IEEE order', () => {
      const t = b.tensor([1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]);
      assert.equal(b.item(b.max(t)), Number.POSITIVE_INFINITY);
      assert.equal(b.item(b.min(t)), Number.NEGATIVE_INFINITY);
      assert.ok(Number.isNaN(b.item(b.sum(t))));
      assert.equal(b.item(b.argmax(t)), 1);
      assert.equal(b.item(b.argmin(t)), 2);
      assert.equal(b.item(b.max(b.tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]))), -Infinity);
    });
    it('empty inputs: identities where NumPy has them, errors where it has none', () => {
      assert.deepEqual(b.shape(b.sum(b.zeros([2, 0]), 1, true)), [2, 1]);
      assert.deepEqual(b.toArray(b.prod(b.zeros([2, 0]), 1)), [1, 1]);
      assert.deepEqual(b.toArray(b.all(b.zeros([0]))), true);
      assert.deepEqual(b.toArray(b.any(b.zeros([0]))), false);
      assert.ok(Number.isNaN(b.item(b.mean(b.zeros([0])))));
      // max over a non-empty axis of an empty tensor is an empty result; over an empty axis it throws.
      assert.deepEqual(b.shape(b.max(b.zeros([0, 3]), 1)), [0]);
      assert.throws(() => b.max(b.zeros([0, 3]), 0), ArgumentError);
      assert.throws(() => b.min(b.zeros([0, 0]), 1), ArgumentError);
      assert.throws(() => b.min(b.zeros([2, 0])), ArgumentError);
      assert.throws(() => b.argmax(b.zeros([0])), ArgumentError);
      assert.throws(() => b.argmin(b.zeros([2, 0]), 1), ArgumentError);
      assert.deepEqual(b.shape(b.argmax(b.zeros([3, 0]), 0)), [0]);
      assert.deepEqual(b.shape(b.cumsum(b.zeros([0, 2]))), [0]);
      assert.deepEqual(b.shape(b.cumsum(b.zeros([0, 2]), 1)), [0, 2]);
      assert.deepEqual(b.shape(b.sort(b.zeros([3, 0]))), [3, 0]);
      assert.deepEqual(b.shape(b.argsort(b.zeros([0, 3]), 0)), [0, 3]);
    });
    it('0-d inputs: reductions return the value, argmax 0, cumsum and flattened sort give 1-d', () => {
      const s = b.tensor(2.5);
      assert.equal(b.item(b.sum(s)), 2.5);
      assert.equal(b.item(b.max(s)), 2.5);
      assert.equal(b.item(b.mean(s)), 2.5);
      assert.equal(b.item(b.argmax(s)), 0);
      assert.deepEqual(b.toArray(b.cumsum(s)), [2.5]);
      assert.deepEqual(b.toArray(b.sort(s, null)), [2.5]);
      assert.throws(() => b.sort(s), ArgumentError);
    });
    it('bad axes throw ArgumentError naming axis', () => {
      assert.throws(() => b.sum(x(), 3), /axis/);
      assert.throws(() => b.sum(x(), -4), ArgumentError);
      assert.throws(() => b.max(x(), [0, 0]), ArgumentError);
      assert.throws(() => b.mean(x(), [1, -2]), ArgumentError);
      assert.throws(() => b.cumsum(x(), 3), ArgumentError);
      assert.throws(() => b.sort(x(), -4), ArgumentError);
      assert.throws(() => b.argsort(x(), 5), ArgumentError);
      assert.throws(() => b.argmin(x(), -4), ArgumentError);
    });
    it('non-tensors are rejected with an error naming x', () => {
      assert.throws(() => b.sum([1, 2] as never), /'x'/);
      assert.throws(() => b.argsort({} as never), /'x'/);
    });
    it('sum of a million float64 values is accurate (pairwise summation, like NumPy)', () => {
      if (o.floatDtype !== 'float64') return;
      const t = b.full([1_000_000], 0.1, { dtype: 'float64' });
      // Naive left-to-right summation is off by about 1.3e-6 here; pairwise by about 1e-10.
      const s = b.item(b.sum(t));
      assert.ok(Math.abs(s - 100_000) < 1e-8, `sum ${s}`);
      assert.ok(Math.abs(b.item(b.mean(t)) - 0.1) < 1e-13);
    });
    it('prod, max, min, mean', () => {
      assertClose(
        b,
        b.prod(
          b.tensor([
            [1, 2],
            [3, 4],
          ]),
          0,
        ),
        [3, 8],
        o.tol,
      );
      assertClose(
        b,
        b.max(x(), 1),
        [
          [8, 9, 10, 11],
          [20, 21, 22, 23],
        ],
        o.tol,
      );
      assertClose(b, b.min(x(), [0, 2]), [0, 4, 8], o.tol);
      assertClose(
        b,
        b.mean(x(), 0),
        [
          [6, 7, 8, 9],
          [10, 11, 12, 13],
          [14, 15, 16, 17],
        ],
        o.tol,
      );
      assert.equal(b.item(b.mean(x())), 11.5);
    });
    it('empty reductions: sum 0, prod 1, max throws', () => {
      assert.equal(b.item(b.sum(b.zeros([0]))), 0);
      assert.equal(b.item(b.prod(b.zeros([0]))), 1);
      assert.throws(() => b.max(b.zeros([0])), ArgumentError);
      assert.deepEqual(b.toArray(b.sum(b.zeros([0, 3]), 0)), [0, 0, 0]);
      assert.deepEqual(b.toArray(b.sum(b.ones([3, 0]), 1)), [0, 0, 0]);
    });
    it('NaN propagates through max/min and wins argmax/argmin', () => {
      const t = b.tensor([1, Number.NaN, 3]);
      assert.ok(Number.isNaN(b.item(b.max(t))));
      assert.ok(Number.isNaN(b.item(b.min(t))));
      assert.equal(b.item(b.argmax(t)), 1);
    });
    it('all and any give bool tensors', () => {
      const t = b.tensor([
        [1, 0],
        [2, 3],
      ]);
      assert.deepEqual(b.toArray(b.all(t, 1)), [false, true]);
      assert.deepEqual(b.toArray(b.any(t, 0)), [true, true]);
      assert.equal(dtypeName(b.context(b.all(t)).dtype), 'bool');
      assert.equal(b.toArray(b.any(b.zeros([2]))), false);
    });
    it('argmax/argmin with and without axis (first occurrence)', () => {
      const t = b.tensor([
        [1, 5, 5],
        [7, 0, 7],
      ]);
      assert.deepEqual(b.toArray(b.argmax(t, 1)), [1, 0]);
      assert.deepEqual(b.toArray(b.argmin(t, 0)), [0, 1, 0]);
      assert.equal(b.item(b.argmax(t)), 3);
      assert.throws(() => b.argmax(t, 2), ArgumentError);
    });
    it('argmax/argmin along every axis of a 3-d tensor (NumPy)', () => {
      const y = b.tensor([
        [
          [0, 7, 3, 10],
          [6, 2, 9, 5],
          [1, 8, 4, 0],
        ],
        [
          [7, 3, 10, 6],
          [2, 9, 5, 1],
          [8, 4, 0, 7],
        ],
      ]);
      const want: [number, NestedArray, NestedArray][] = [
        [
          0,
          [
            [1, 0, 1, 0],
            [0, 1, 0, 0],
            [1, 0, 0, 1],
          ],
          [
            [0, 1, 0, 1],
            [1, 0, 1, 1],
            [0, 1, 1, 0],
          ],
        ],
        [
          1,
          [
            [1, 2, 1, 0],
            [2, 1, 0, 2],
          ],
          [
            [0, 1, 0, 2],
            [1, 0, 2, 1],
          ],
        ],
        [
          -1,
          [
            [3, 2, 1],
            [2, 1, 0],
          ],
          [
            [0, 1, 3],
            [1, 3, 2],
          ],
        ],
      ];
      for (const [axis, amax, amin] of want) {
        assert.deepEqual(b.toArray(b.argmax(y, axis)), amax, `argmax axis ${axis}`);
        assert.deepEqual(b.toArray(b.argmin(y, axis)), amin, `argmin axis ${axis}`);
      }
      assert.equal(b.item(b.argmax(y)), 3);
      assert.equal(b.item(b.argmin(y)), 0);
      assert.equal(b.item(b.argmax(y, null)), 3);
    });
    it('cumsum along the middle axis of a 3-d tensor; integer input stays integer', () => {
      assertClose(
        b,
        b.cumsum(x(), 1),
        [
          [
            [0, 1, 2, 3],
            [4, 6, 8, 10],
            [12, 15, 18, 21],
          ],
          [
            [12, 13, 14, 15],
            [28, 30, 32, 34],
            [48, 51, 54, 57],
          ],
        ],
        o.tol,
      );
      const c = b.cumsum(b.tensor([1, 2, 3], { dtype: 'int32' }));
      assert.equal(dtypeName(b.context(c).dtype), 'int32');
      assert.deepEqual(b.toArray(c), [1, 3, 6]);
    });
    it('property: the sum over all axes equals the sum of any per-axis sum, for random shapes', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
          fc.nat(3),
          fc.boolean(),
          fc.integer({ min: 1, max: 1_000_000 }),
          (shape, a, keepdims, seed) => {
            const axis = a % shape.length;
            const size = shape.reduce((p, d) => p * d, 1);
            const values = Array.from({ length: size }, (_, i) => (((i + 1) * seed) % 97) / 8 - 6);
            const t = b.tensor(values, { shape, dtype: o.floatDtype });
            const total = values.reduce((p, v) => p + v, 0);
            const partial = b.sum(t, axis, keepdims);
            const kept = [...shape];
            if (keepdims) kept[axis] = 1;
            else kept.splice(axis, 1);
            assert.deepEqual(b.shape(partial), kept);
            assertClose(b, b.sum(partial), total, { rtol: o.tol.rtol * 100, atol: o.tol.atol * 1000 + 1e-9 });
            assertClose(b, b.sum(t), total, { rtol: o.tol.rtol * 100, atol: o.tol.atol * 1000 + 1e-9 });
          },
        ),
        { numRuns: 60 },
      );
    });
    it('property: max/min along an axis bound every element and are attained', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
          fc.nat(2),
          fc.integer({ min: 1, max: 1_000 }),
          (shape, a, seed) => {
            const axis = a % shape.length;
            const size = shape.reduce((p, d) => p * d, 1);
            const values = Array.from({ length: size }, (_, i) => ((i * seed) % 13) - 6);
            const t = b.tensor(values, { shape });
            const hi = b.max(t, axis, true);
            const lo = b.min(t, axis, true);
            assert.equal(b.toArray(b.all(b.lessEqual(t, hi))), true);
            assert.equal(b.toArray(b.all(b.greaterEqual(t, lo))), true);
            assert.equal(b.toArray(b.all(b.any(b.equal(t, hi), axis))), true);
            assertClose(b, b.max(t), Math.max(...values), o.tol);
            assertClose(b, b.min(t), Math.min(...values), o.tol);
          },
        ),
        { numRuns: 40 },
      );
    });
    it('cumsum 1-d, 2-d and flattened', () => {
      const t = b.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assertClose(
        b,
        b.cumsum(t, 1),
        [
          [1, 3, 6],
          [4, 9, 15],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.cumsum(t, 0),
        [
          [1, 2, 3],
          [5, 7, 9],
        ],
        o.tol,
      );
      assertClose(b, b.cumsum(t), [1, 3, 6, 10, 15, 21], o.tol);
    });
    it('countNonzero, trace, norm orders (TensorLy test_norm)', () => {
      const a = b.tensor([
        [1, 4, 2],
        [3, 1, 5],
      ]);
      assert.equal(b.item(b.countNonzero(b.tensor([0, 1, 2, 0]))), 2);
      assert.equal(
        b.item(
          b.trace(
            b.tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
        ),
        5,
      );
      assertClose(b, b.norm(a), 7.483314773547883, o.tol);
      assertClose(b, b.norm(a, 1), 16, o.tol);
      assertClose(b, b.norm(a, 3), 6.091199348919784, o.tol);
      assertClose(b, b.norm(a, 'inf'), 5, o.tol);
      assertClose(b, b.norm(a, 2, 0), [Math.sqrt(10), Math.sqrt(17), Math.sqrt(29)], o.tol);
      assertClose(b, b.norm(a, 1, 1), [7, 9], o.tol);
    });
    it('logsumexp is stable for large values and follows its axis (default 0)', () => {
      assertClose(b, b.logsumexp(b.tensor([1000, 1000])), 1000 + Math.log(2), o.tol);
      const t = b.tensor([
        [0, 1],
        [2, 3],
      ]);
      assertClose(b, b.logsumexp(t), [Math.log(1 + Math.exp(2)), Math.log(Math.exp(1) + Math.exp(3))], o.tol);
      assertClose(b, b.logsumexp(t, 1), [Math.log(1 + Math.E), Math.log(Math.exp(2) + Math.exp(3))], o.tol);
      assertClose(b, b.logsumexp(t, null), Math.log(1 + Math.E + Math.exp(2) + Math.exp(3)), o.tol);
    });
  });

  describe(`${b.name}: sorting`, () => {
    it('sort ascending and descending along an axis; NaN last', () => {
      const t = b.tensor([
        [3, 1, 2],
        [0, 5, -1],
      ]);
      assertClose(
        b,
        b.sort(t),
        [
          [1, 2, 3],
          [-1, 0, 5],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.sort(t, 0),
        [
          [0, 1, -1],
          [3, 5, 2],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.sort(t, -1, true),
        [
          [3, 2, 1],
          [5, 0, -1],
        ],
        o.tol,
      );
      assertClose(b, b.sort(b.tensor([3, Number.NaN, 1])), [1, 3, Number.NaN], o.tol);
      assertClose(b, b.sort(t, null), [-1, 0, 1, 2, 3, 5], o.tol);
    });
    it('argsort is stable, with descending order', () => {
      assert.deepEqual(b.toArray(b.argsort(b.tensor([2, 1, 2, 1]))), [1, 3, 0, 2]);
      assert.deepEqual(b.toArray(b.argsort(b.tensor([2, 1, 2, 1]), -1, true)), [0, 2, 1, 3]);
      assert.deepEqual(
        b.toArray(
          b.argsort(
            b.tensor([
              [3, 1, 2],
              [0, 0, -1],
            ]),
            1,
          ),
        ),
        [
          [1, 2, 0],
          [2, 0, 1],
        ],
      );
    });
    it('sort and argsort along each axis of a 3-d tensor (NumPy, stable)', () => {
      const y = b.tensor([
        [
          [0, 7, 3, 10],
          [6, 2, 9, 5],
          [1, 8, 4, 0],
        ],
        [
          [7, 3, 10, 6],
          [2, 9, 5, 1],
          [8, 4, 0, 7],
        ],
      ]);
      assertClose(
        b,
        b.sort(y, 1),
        [
          [
            [0, 2, 3, 0],
            [1, 7, 4, 5],
            [6, 8, 9, 10],
          ],
          [
            [2, 3, 0, 1],
            [7, 4, 5, 6],
            [8, 9, 10, 7],
          ],
        ],
        o.tol,
      );
      assert.deepEqual(b.toArray(b.argsort(y, 1)), [
        [
          [0, 1, 0, 2],
          [2, 0, 2, 1],
          [1, 2, 1, 0],
        ],
        [
          [1, 0, 2, 1],
          [0, 2, 1, 0],
          [2, 1, 0, 2],
        ],
      ]);
      assert.deepEqual(b.toArray(b.argsort(y, 0)), [
        [
          [0, 1, 0, 1],
          [1, 0, 1, 1],
          [0, 1, 1, 0],
        ],
        [
          [1, 0, 1, 0],
          [0, 1, 0, 0],
          [1, 0, 0, 1],
        ],
      ]);
      assert.deepEqual(b.toArray(b.argsort(y, 0, true)), [
        [
          [1, 0, 1, 0],
          [0, 1, 0, 0],
          [1, 0, 0, 1],
        ],
        [
          [0, 1, 0, 1],
          [1, 0, 1, 1],
          [0, 1, 1, 0],
        ],
      ]);
    });
    it('argsort keeps ties in input order in long lanes, ascending and descending', () => {
      const v = Array.from({ length: 200 }, (_, i) => i % 7);
      const up = b.toArray(b.argsort(b.tensor(v))) as number[];
      // NumPy (kind='stable'): the 29 zeros in order, then the ones...
      assert.deepEqual(
        up.slice(0, 30),
        [
          0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98, 105, 112, 119, 126, 133, 140, 147, 154,
          161, 168, 175, 182, 189, 196, 1,
        ],
      );
      const down = b.toArray(b.argsort(b.tensor(v), -1, true)) as number[];
      assert.deepEqual(down.slice(0, 3), [6, 13, 20]);
      assert.deepEqual(down.slice(-3), [182, 189, 196]);
      assert.deepEqual(b.toArray(b.argsort(b.tensor([7, 3, 7, 1, 3, 7, 1]))), [3, 6, 1, 4, 0, 2, 5]);
      // -0 and +0 are equal: they keep their order.
      assert.deepEqual(b.toArray(b.argsort(b.tensor([0, -0, 0, -0]))), [0, 1, 2, 3]);
      // ... in short lanes and in long ones (which some engines sort by bit patterns).
      for (const n of [30, 100, 300]) {
        const zeros = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : -1));
        const zeroOrder = b.toArray(b.argsort(b.tensor(zeros))) as number[];
        assert.deepEqual(
          zeroOrder.slice(Math.floor(n / 3)),
          Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 2),
        );
      }
    });
    it('NaN sorts last ascending and first descending (NaN ranks above every number)', () => {
      const t = b.tensor([2, Number.NaN, 1, Number.NaN, Number.POSITIVE_INFINITY]);
      assertClose(b, b.sort(t), [1, 2, Number.POSITIVE_INFINITY, Number.NaN, Number.NaN], o.tol);
      assert.deepEqual(b.toArray(b.argsort(t)), [2, 0, 4, 1, 3]);
      assertClose(b, b.sort(t, -1, true), [Number.NaN, Number.NaN, Number.POSITIVE_INFINITY, 2, 1], o.tol);
      assert.deepEqual(b.toArray(b.argsort(t, -1, true)), [1, 3, 4, 0, 2]);
      const m = b.tensor([
        [Number.NaN, 1],
        [0, Number.NaN],
        [5, -1],
      ]);
      assertClose(
        b,
        b.sort(m, 0),
        [
          [0, -1],
          [5, 1],
          [Number.NaN, Number.NaN],
        ],
        o.tol,
      );
    });
    it('sort keeps the dtype; argsort gives int32', () => {
      const t = b.tensor([3, 1, 2], { dtype: 'int32' });
      assert.equal(dtypeName(b.context(b.sort(t)).dtype), 'int32');
      assert.deepEqual(b.toArray(b.sort(t)), [1, 2, 3]);
      assert.equal(dtypeName(b.context(b.argsort(t)).dtype), 'int32');
    });
    it('property: along any axis, sort is a sorted permutation, argsort is stable and indexes it', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 3 }),
          fc.nat(2),
          fc.boolean(),
          fc.array(fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constant(Number.NaN)), {
            minLength: 1,
            maxLength: 60,
          }),
          (dims, a, descending, pool) => {
            const shape = dims.slice(0, 3).map((d) => (d % 7) + (dims.length === 1 ? d : 0));
            const axis = a % shape.length;
            const size = shape.reduce((p, d) => p * d, 1);
            const values = Array.from({ length: size }, (_, i) => pool[i % pool.length]!);
            const t = b.tensor(values, { shape });
            const sorted = b.sort(t, axis, descending);
            const order = b.argsort(t, axis, descending);
            // Move the sorted axis last to read each lane.
            const perm = [...shape.keys()].filter((k) => k !== axis).concat([axis]);
            const lanesOf = (u: unknown) =>
              flat(b.toArray(b.transpose(u as never, perm)) as NestedArray).values;
            const n = shape[axis]!;
            const src = lanesOf(t);
            const got = lanesOf(sorted);
            const idx = lanesOf(order);
            const rank = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
            for (let start = 0; start < size; start += n) {
              const lane = src.slice(start, start + n);
              for (let i = 0; i < n; i++) {
                const j = idx[start + i]!;
                assert.ok(Object.is(lane[j], got[start + i]) || lane[j] === got[start + i]);
                if (i > 0) {
                  const p = idx[start + i - 1]!;
                  const [r0, r1] = [rank(lane[p]!), rank(lane[j]!)];
                  const isNaNPair = Number.isNaN(lane[p]!) && Number.isNaN(lane[j]!);
                  if (descending)
                    assert.ok(r0 > r1 || ((r0 === r1 || isNaNPair) && p < j), 'descending, stable');
                  else assert.ok(r0 < r1 || ((r0 === r1 || isNaNPair) && p < j), 'ascending, stable');
                }
              }
              assert.deepEqual(
                [...idx.slice(start, start + n)].sort((p, q) => p - q),
                [...Array(n).keys()],
              );
            }
          },
        ),
        { numRuns: 60 },
      );
    });
    it('property: sort gives a sorted permutation and argsort indexes it', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 0, maxLength: 30 }),
          (values) => {
            const t = b.tensor(values);
            const sorted = b.toArray(b.sort(t)) as number[];
            assert.deepEqual(
              sorted,
              [...values].sort((p, q) => p - q),
            );
            const order = b.toArray(b.argsort(t)) as number[];
            assert.deepEqual(
              order.map((i) => values[i]),
              sorted,
            );
          },
        ),
        { numRuns: 50 },
      );
    });
  });
}
