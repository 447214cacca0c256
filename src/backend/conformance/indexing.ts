import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../../errors.js';
import type { IndexSpec } from '../../types.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

const s = (start?: number | null, stop?: number | null, step?: number | null) => ({ start, stop, step });

/** Indexing, functional updates, joining and reordering. */
export function indexingSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  const m = () => b.reshape(b.arange(12), [3, 4]);
  const x3 = () => b.reshape(b.arange(24), [2, 3, 4]);

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
    it('index a 3-d tensor: mixed integers, negative steps, clamped bounds (NumPy)', () => {
      assert.deepEqual(b.toArray(b.index(x3(), [1, null, s(null, null, -2)])), [
        [15, 13],
        [19, 17],
        [23, 21],
      ]);
      assert.deepEqual(b.toArray(b.index(x3(), [null, -1])), [
        [8, 9, 10, 11],
        [20, 21, 22, 23],
      ]);
      assert.deepEqual(b.toArray(b.index(x3(), [-1, s(1), s(1, null, 2)])), [
        [17, 19],
        [21, 23],
      ]);
      assert.deepEqual(b.toArray(b.index(x3(), [null, s(null, null, -1), 2])), [
        [10, 6, 2],
        [22, 18, 14],
      ]);
      // Out-of-range slice bounds clamp, as in Python.
      assert.deepEqual(b.toArray(b.index(x3(), [0, s(-100, 100), s(10, 0, -3)])), [[3], [7], [11]]);
      assert.deepEqual(b.toArray(b.index(x3(), [0, null, s(-2, null, -2)])), [
        [2, 0],
        [6, 4],
        [10, 8],
      ]);
      assert.deepEqual(b.shape(b.index(x3(), [null, s(2, 1)])), [2, 0, 4]);
      assert.deepEqual(b.shape(b.index(x3(), [])), [2, 3, 4]);
      assert.equal(b.item(b.index(x3(), [-2, -3, -4])), 0);
    });
    it('index keeps the dtype and returns a new tensor (the source is untouched by updates of it)', () => {
      const t = b.tensor([5, 6, 7], { dtype: 'int32' });
      const part = b.index(t, [s(1)]);
      assert.equal(dtypeName(b.context(part).dtype), 'int32');
      const changed = b.indexUpdate(part, [0], 0);
      assert.deepEqual(b.toArray(changed), [0, 7]);
      assert.deepEqual(b.toArray(part), [6, 7]);
      assert.deepEqual(b.toArray(t), [5, 6, 7]);
    });
    it('index rejects non-integer positions, negative out-of-range ones and non-lists', () => {
      assert.throws(() => b.index(m(), [-4]), ArgumentError);
      assert.throws(() => b.index(m(), [1.5]), ArgumentError);
      assert.throws(() => b.index(m(), [s(0, 2, 1.5)]), ArgumentError);
      assert.throws(() => b.index(m(), 1 as never), /indices/);
    });
    it('indexUpdate broadcasts a row into a block, keeps x dtype, and checks the values shape', () => {
      assert.deepEqual(b.toArray(b.indexUpdate(m(), [s(0, 2)], b.tensor([1, 2, 3, 4]))), [
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [8, 9, 10, 11],
      ]);
      assert.deepEqual(b.toArray(b.indexUpdate(m(), [s(null, null, 2), s(null, null, -3)], 7)), [
        [7, 1, 2, 7],
        [4, 5, 6, 7],
        [7, 9, 10, 7],
      ]);
      // An empty region takes nothing and changes nothing.
      assert.deepEqual(b.toArray(b.indexUpdate(m(), [s(3)], 1)), b.toArray(m()));
      const ints = b.tensor([1, 2, 3], { dtype: 'int32' });
      const up = b.indexUpdate(ints, [1], 9.75);
      assert.equal(dtypeName(b.context(up).dtype), 'int32');
      assert.deepEqual(b.toArray(up), [1, 9, 3]);
      assert.throws(() => b.indexUpdate(m(), [s(0, 2)], b.ones([3, 4])), /values/);
      assert.throws(() => b.indexUpdate(m(), [5], 0), ArgumentError);
      assert.throws(() => b.indexUpdate(m(), [0], 'a' as never), /values/);
    });
    it('property: indexUpdate(x, spec, index(x, spec)) == x, and the update lands where index reads', () => {
      const entry = (n: number) =>
        fc.oneof(
          fc.constant(null),
          fc.integer({ min: -n, max: n - 1 }),
          fc.record({
            start: fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
            stop: fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
            step: fc.option(fc.constantFrom(1, 2, 3, -1, -2)),
          }),
        );
      fc.assert(
        fc.property(
          fc
            .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
            .chain((shape) =>
              fc.tuple(fc.constant(shape), fc.tuple(...shape.map((d) => entry(d))), fc.nat(shape.length)),
            ),
          ([shape, entries, k]) => {
            const spec: IndexSpec = entries.slice(0, k + 1);
            const size = shape.reduce((p, d) => p * d, 1);
            const t = b.reshape(b.arange(size), shape);
            const before = b.toArray(t);
            const part = b.index(t, spec);
            assert.deepEqual(b.toArray(b.indexUpdate(t, spec, part)), before);
            const marked = b.indexUpdate(t, spec, -1);
            assert.equal(b.toArray(b.all(b.equal(b.index(marked, spec), -1))), true);
            // Exactly the region changed.
            const changed = b.item(b.sum(b.equal(marked, -1)));
            assert.equal(
              changed,
              b.shape(part).reduce((p, d) => p * d, 1),
            );
            assert.deepEqual(b.toArray(t), before);
          },
        ),
        { numRuns: 80 },
      );
    });
    it('take along the last and middle axes, with an Int32Array and with no positions', () => {
      assert.deepEqual(b.toArray(b.take(x3(), new Int32Array([2, -3]), 1)), [
        [
          [8, 9, 10, 11],
          [0, 1, 2, 3],
        ],
        [
          [20, 21, 22, 23],
          [12, 13, 14, 15],
        ],
      ]);
      assert.deepEqual(b.toArray(b.take(x3(), [3, 3, 0], -1)), [
        [
          [3, 3, 0],
          [7, 7, 4],
          [11, 11, 8],
        ],
        [
          [15, 15, 12],
          [19, 19, 16],
          [23, 23, 20],
        ],
      ]);
      assert.deepEqual(b.shape(b.take(x3(), [], 2)), [2, 3, 0]);
      assert.throws(() => b.take(m(), [-4], 0), ArgumentError);
      assert.throws(() => b.take(m(), [0.5], 0), ArgumentError);
      assert.throws(() => b.take(m(), [0], 2), /axis/);
      assert.throws(() => b.take(m(), 0 as never, 0), /indices/);
    });
    it('wide rows (long contiguous runs): index, indexUpdate, take, concatenate and flip', () => {
      const w = b.reshape(b.arange(60), [3, 20]);
      const row = (r: number) => Array.from({ length: 20 }, (_, j) => 20 * r + j);
      assert.deepEqual(b.toArray(b.index(w, [s(1)])), [row(1), row(2)]);
      assert.deepEqual(b.toArray(b.index(w, [s(null, null, -2)])), [row(2), row(0)]);
      const block = b.reshape(b.add(b.arange(40), 1000), [2, 20]);
      assert.deepEqual(b.toArray(b.indexUpdate(w, [s(1)], block)), [
        row(0),
        ...(b.toArray(block) as number[][]),
      ]);
      assert.deepEqual(b.toArray(b.take(w, [2, -3], 0)), [row(2), row(0)]);
      assert.deepEqual(
        b.toArray(b.concatenate([w, w], 1)),
        [0, 1, 2].map((r) => [...row(r), ...row(r)]),
      );
      assert.deepEqual(b.toArray(b.concatenate([w, w], 0)), [0, 1, 2, 0, 1, 2].map(row));
      assert.deepEqual(b.toArray(b.flip(w, 0)), [row(2), row(1), row(0)]);
      assert.deepEqual(
        b.toArray(b.flip(w, 1)),
        [0, 1, 2].map((r) => row(r).reverse()),
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
    it('concatenate 3-d tensors along each axis (NumPy)', () => {
      const a = x3();
      const part0 = b.add(b.reshape(b.arange(12), [1, 3, 4]), 100);
      const c0 = b.concatenate([a, part0], 0);
      assert.deepEqual(b.shape(c0), [3, 3, 4]);
      assert.deepEqual(b.toArray(b.index(c0, [2])), [
        [100, 101, 102, 103],
        [104, 105, 106, 107],
        [108, 109, 110, 111],
      ]);
      assert.deepEqual(b.toArray(b.index(c0, [s(0, 2)])), b.toArray(a));
      const c1 = b.concatenate([a, b.add(b.reshape(b.arange(8), [2, 1, 4]), 100)], 1);
      assert.deepEqual(b.shape(c1), [2, 4, 4]);
      assert.deepEqual(b.toArray(b.index(c1, [null, 3])), [
        [100, 101, 102, 103],
        [104, 105, 106, 107],
      ]);
      const c2 = b.concatenate([a, b.add(b.reshape(b.arange(12), [2, 3, 2]), 100), b.zeros([2, 3, 0])], -1);
      assert.deepEqual(b.shape(c2), [2, 3, 6]);
      assert.deepEqual(b.toArray(b.index(c2, [null, null, s(4)])), [
        [
          [100, 101],
          [102, 103],
          [104, 105],
        ],
        [
          [106, 107],
          [108, 109],
          [110, 111],
        ],
      ]);
      assert.deepEqual(b.toArray(b.index(c2, [1, 2, s(null, 4)])), [20, 21, 22, 23]);
      assert.deepEqual(b.toArray(b.concatenate([b.tensor([1, 2])])), [1, 2]);
    });
    it('concatenate promotes mixed dtypes like NumPy', () => {
      const ints = b.tensor([1, 2], { dtype: 'int32' });
      const bools = b.tensor([true, false]);
      const mixed = b.concatenate([ints, bools]);
      assert.equal(dtypeName(b.context(mixed).dtype), 'int32');
      assert.deepEqual(b.toArray(mixed), [1, 2, 1, 0]);
      const floats = b.concatenate([ints, b.tensor([0.5])]);
      assert.equal(dtypeName(b.context(floats).dtype), o.floatDtype);
      assert.deepEqual(b.toArray(floats), [1, 2, 0.5]);
    });
    it('concatenate errors name the offending tensor or argument', () => {
      assert.throws(() => b.concatenate([m(), m(), b.ones([3])], 0), /tensors\[2\]/);
      assert.throws(() => b.concatenate([m(), b.ones([3, 2])], 0), /tensors\[1\]/);
      assert.throws(() => b.concatenate([m(), m()], 2), /axis/);
      assert.throws(() => b.concatenate([b.tensor(1), b.tensor(2)]), ArgumentError);
      assert.throws(() => b.concatenate([m(), 'x' as never]), /tensors\[1\]/);
    });
    it('flip over several axes, a negative axis, or all; the input is unchanged', () => {
      const t = x3();
      const before = b.toArray(t);
      assert.deepEqual(b.toArray(b.flip(t, [0, 2])), [
        [
          [15, 14, 13, 12],
          [19, 18, 17, 16],
          [23, 22, 21, 20],
        ],
        [
          [3, 2, 1, 0],
          [7, 6, 5, 4],
          [11, 10, 9, 8],
        ],
      ]);
      assert.deepEqual(b.toArray(b.flip(t, -2)), [
        [
          [8, 9, 10, 11],
          [4, 5, 6, 7],
          [0, 1, 2, 3],
        ],
        [
          [20, 21, 22, 23],
          [16, 17, 18, 19],
          [12, 13, 14, 15],
        ],
      ]);
      assert.deepEqual(
        b.toArray(b.flip(t)),
        b.toArray(b.index(t, [s(null, null, -1), s(null, null, -1), s(null, null, -1)])),
      );
      assert.deepEqual(b.toArray(t), before);
      assert.throws(() => b.flip(t, 3), /axis/);
      assert.throws(() => b.flip(t, [1, 1]), ArgumentError);
    });
    it('property: flip twice is the identity; concatenate of flipped halves is the flip', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
          fc.nat(2),
          (shape, a) => {
            const axis = a % shape.length;
            const size = shape.reduce((p, d) => p * d, 1);
            const t = b.reshape(b.arange(size), shape);
            assert.deepEqual(b.toArray(b.flip(b.flip(t, axis), axis)), b.toArray(t));
            const n = shape[axis]!;
            const half = n >> 1;
            const cut = (spec: (number | null | { start?: number; stop?: number })[]) => b.index(t, spec);
            const head = cut(shape.map((_, k) => (k === axis ? { stop: half } : null)));
            const tail = cut(shape.map((_, k) => (k === axis ? { start: half } : null)));
            assert.deepEqual(
              b.toArray(b.concatenate([b.flip(tail, axis), b.flip(head, axis)], axis)),
              b.toArray(b.flip(t, axis)),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
    it('property: concatenate then index recovers the parts, along any axis of random shapes', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
          fc.nat(2),
          (shape, lengths, a) => {
            const axis = a % shape.length;
            let offset = 0;
            const parts = lengths.map((len, i) => {
              const sh = shape.map((d, k) => (k === axis ? len : d));
              const size = sh.reduce((p, d) => p * d, 1);
              return b.add(b.reshape(b.arange(size), sh), 100 * i);
            });
            const joined = b.concatenate(parts, axis);
            for (let i = 0; i < parts.length; i++) {
              const len = lengths[i]!;
              const spec = shape.map((_, k) => (k === axis ? s(offset, offset + len) : null));
              assert.deepEqual(b.toArray(b.index(joined, spec)), b.toArray(parts[i]!));
              offset += len;
            }
            assert.equal(b.shape(joined)[axis], offset);
          },
        ),
        { numRuns: 40 },
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
    it('diag of non-square matrices and far diagonals; bad input throws', () => {
      assert.deepEqual(b.toArray(b.diag(m(), 2)), [2, 7]);
      assert.deepEqual(b.toArray(b.diag(m(), -2)), [8]);
      assert.deepEqual(b.shape(b.diag(m(), 4)), [0]);
      assert.deepEqual(b.shape(b.diag(m(), -5)), [0]);
      assert.deepEqual(b.shape(b.diag(b.zeros([0]))), [0, 0]);
      assert.throws(() => b.diag(b.tensor(1)), /'x'/);
      assert.throws(() => b.diag(m(), 0.5), /'k'/);
    });
    it('property: diag(diag(v, k), k) == v', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 6 }),
          fc.integer({ min: -3, max: 3 }),
          (v, k) => {
            const t = b.tensor(v);
            const mat = b.diag(t, k);
            assert.deepEqual(b.shape(mat), [v.length + Math.abs(k), v.length + Math.abs(k)]);
            assert.deepEqual(b.toArray(b.diag(mat, k)), v);
            assert.equal(
              b.item(b.sum(b.abs(mat))),
              v.reduce((p, q) => p + Math.abs(q), 0),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  });
}
