import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../../errors.js';
import type { IndexSpec } from '../../types.js';
import type { Backend } from '../backend.js';
import type { ConformanceOptions } from './index.js';

const s = (start?: number | null, stop?: number | null, step?: number | null) => ({ start, stop, step });

/** Indexing, functional updates, joining and reordering. */
export function indexingSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  const m = () => b.reshape(b.arange(12), [3, 4]);

  describe(`${b.name}: indexing`, () => {
    it('index with integers, negatives, slices, negative steps and null (NumPy basic indexing)', () => {
      assert.deepEqual(b.toArray(b.index(m(), [1])), [4, 5, 6, 7]);
      assert.deepEqual(b.toArray(b.index(m(), [null, s(1, 3)])), [
        [1, 2],
        [5, 6],
        [9, 10],
      ]);
      assert.deepEqual(b.toArray(b.index(m(), [s(null, null, -1)])), [
        [8, 9, 10, 11],
        [4, 5, 6, 7],
        [0, 1, 2, 3],
      ]);
      assert.deepEqual(b.toArray(b.index(m(), [-1, s(null, null, 2)])), [8, 10]);
      assert.deepEqual(b.toArray(b.index(m(), [s(-2), s(3, 0, -2)])), [
        [7, 5],
        [11, 9],
      ]);
      assert.deepEqual(b.toArray(b.index(m(), [1, 2])), 6);
      assert.deepEqual(b.shape(b.index(m(), [s(5, 9)])), [0, 4]);
    });
    it('index errors name the argument', () => {
      assert.throws(() => b.index(m(), [3]), ArgumentError);
      assert.throws(() => b.index(m(), [0, 0, 0]), ArgumentError);
      assert.throws(() => b.index(m(), [s(0, 2, 0)]), ArgumentError);
    });
    it('indexUpdate returns a new tensor and leaves the input unchanged (TensorLy index_update intent)', () => {
      const x = m();
      const before = b.toArray(x);
      assert.deepEqual(b.toArray(b.indexUpdate(x, [null, 1], 0)), [
        [0, 0, 2, 3],
        [4, 0, 6, 7],
        [8, 0, 10, 11],
      ]);
      assert.deepEqual(
        b.toArray(
          b.indexUpdate(
            x,
            [s(0, 2), s(2)],
            b.tensor([
              [9, 8],
              [7, 6],
            ]),
          ),
        ),
        [
          [0, 1, 9, 8],
          [4, 5, 7, 6],
          [8, 9, 10, 11],
        ],
      );
      assert.deepEqual(b.toArray(b.indexUpdate(x, [2], b.tensor([1, 1, 1, 1]))), [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [1, 1, 1, 1],
      ]);
      assert.deepEqual(b.toArray(x), before);
      assert.throws(() => b.indexUpdate(x, [0], b.tensor([1, 2, 3])), ArgumentError);
    });
    it('property: indexUpdate(x, spec, index(x, spec)) == x', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -3, max: 2 }),
          fc.integer({ min: 0, max: 4 }),
          fc.integer({ min: 1, max: 2 }),
          (row, start, step) => {
            const spec: IndexSpec = [row, s(start, null, step)];
            const x = m();
            assert.deepEqual(b.toArray(b.indexUpdate(x, spec, b.index(x, spec))), b.toArray(x));
          },
        ),
        { numRuns: 40 },
      );
    });
    it('take gathers along an axis, negative positions allowed', () => {
      assert.deepEqual(b.toArray(b.take(m(), [2, 0, -1], 1)), [
        [2, 0, 3],
        [6, 4, 7],
        [10, 8, 11],
      ]);
      assert.deepEqual(b.toArray(b.take(m(), [1], 0)), [[4, 5, 6, 7]]);
      assert.throws(() => b.take(m(), [4], 1), ArgumentError);
    });
  });

  describe(`${b.name}: joining and reordering`, () => {
    it('concatenate along each axis, with errors naming the offending tensor', () => {
      assert.deepEqual(b.shape(b.concatenate([m(), b.ones([1, 4])], 0)), [4, 4]);
      assert.deepEqual(
        b.toArray(
          b.concatenate(
            [
              b.tensor([[1], [2]]),
              b.tensor([
                [3, 4],
                [5, 6],
              ]),
            ],
            1,
          ),
        ),
        [
          [1, 3, 4],
          [2, 5, 6],
        ],
      );
      assert.deepEqual(b.toArray(b.concatenate([b.tensor([1, 2]), b.tensor([3])], -1)), [1, 2, 3]);
      assert.throws(() => b.concatenate([m(), b.ones([1, 3])], 0), /tensors\[1\]/);
      assert.throws(() => b.concatenate([]), ArgumentError);
    });
    it('property: concatenate then index recovers the parts', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (p, q) => {
          const a = b.reshape(b.arange(p * 2), [p, 2]);
          const c = b.add(b.reshape(b.arange(q * 2), [q, 2]), 100);
          const joined = b.concatenate([a, c], 0);
          assert.deepEqual(b.toArray(b.index(joined, [s(0, p)])), b.toArray(a));
          assert.deepEqual(b.toArray(b.index(joined, [s(p)])), b.toArray(c));
        }),
        { numRuns: 20 },
      );
    });
    it('stack, flip, moveaxis, squeeze, expandDims', () => {
      assert.deepEqual(b.toArray(b.stack([b.tensor([1, 2]), b.tensor([3, 4])], 1)), [
        [1, 3],
        [2, 4],
      ]);
      assert.deepEqual(b.toArray(b.flip(m(), 1)), [
        [3, 2, 1, 0],
        [7, 6, 5, 4],
        [11, 10, 9, 8],
      ]);
      assert.deepEqual(
        b.toArray(
          b.flip(
            b.tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
        ),
        [
          [4, 3],
          [2, 1],
        ],
      );
      const x = b.zeros([2, 3, 4]);
      assert.deepEqual(b.shape(b.moveaxis(x, 0, -1)), [3, 4, 2]);
      assert.deepEqual(b.shape(b.moveaxis(x, [0, 1], [2, 0])), [3, 4, 2]);
      assert.deepEqual(b.shape(b.squeeze(b.zeros([1, 3, 1]))), [3]);
      assert.deepEqual(b.shape(b.squeeze(b.zeros([1, 3, 1]), 0)), [3, 1]);
      assert.throws(() => b.squeeze(b.zeros([2, 3]), 0), ArgumentError);
      assert.deepEqual(b.shape(b.expandDims(b.zeros([2, 3]), -1)), [2, 3, 1]);
    });
    it('diag both ways with k = -1, 0, 1', () => {
      assert.deepEqual(b.toArray(b.diag(b.tensor([1, 2]))), [
        [1, 0],
        [0, 2],
      ]);
      assert.deepEqual(b.toArray(b.diag(b.tensor([1, 2]), 1)), [
        [0, 1, 0],
        [0, 0, 2],
        [0, 0, 0],
      ]);
      assert.deepEqual(b.toArray(b.diag(b.tensor([1, 2]), -1)), [
        [0, 0, 0],
        [1, 0, 0],
        [0, 2, 0],
      ]);
      assert.deepEqual(b.toArray(b.diag(m())), [0, 5, 10]);
      assert.deepEqual(b.toArray(b.diag(m(), 1)), [1, 6, 11]);
      assert.deepEqual(b.toArray(b.diag(m(), -1)), [4, 9]);
      assert.throws(() => b.diag(b.zeros([2, 2, 2])), ArgumentError);
    });
  });
}
