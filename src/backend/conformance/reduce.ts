import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../../errors.js';
import { assertClose } from '../../test-utils/assert.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

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
    it('property: the sum over all axes equals the sum of per-axis sums', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
          fc.nat(2),
          (shape, a) => {
            const axis = a % shape.length;
            const size = shape.reduce((p, d) => p * d, 1);
            const t = b.reshape(b.arange(size, undefined, undefined, { dtype: o.floatDtype }), shape);
            assertClose(b, b.sum(b.sum(t, axis)), (size * (size - 1)) / 2, o.tol);
          },
        ),
        { numRuns: 40 },
      );
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
