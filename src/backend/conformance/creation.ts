import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertClose } from '../../test-utils/assert.js';
import { ArgumentError } from '../../errors.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

/** Creation, inspection, reshape and transpose. */
export function creationSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  const f = o.floatDtype;

  describe(`${b.name}: creation and inspection`, () => {
    it('tensor from nested arrays keeps values and shape', () => {
      const x = b.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assert.deepEqual(b.shape(x), [2, 3]);
      assert.equal(b.ndim(x), 2);
      assert.deepEqual(b.toArray(x), [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assert.equal(dtypeName(b.context(x).dtype), f);
    });
    it('tensor of a number is 0-d; item reads it', () => {
      const x = b.tensor(3.5);
      assert.deepEqual(b.shape(x), []);
      assert.equal(b.ndim(x), 0);
      assert.equal(b.item(x), 3.5);
      assert.equal(b.toArray(x), 3.5);
    });
    it('dtype option overrides inference', () => {
      const x = b.tensor([1.7, -2.2], { dtype: 'int32' });
      assert.equal(dtypeName(b.context(x).dtype), 'int32');
      assert.deepEqual(b.toArray(x), [1, -2]);
      const y = b.tensor([1, 2], { dtype: b.float32 });
      assert.equal(dtypeName(b.context(y).dtype), 'float32');
    });
    it('booleans give a bool tensor', () => {
      const x = b.tensor([true, false]);
      assert.equal(dtypeName(b.context(x).dtype), 'bool');
      assert.deepEqual(b.toArray(x), [true, false]);
    });
    it('typed arrays with a shape; the input is copied, never aliased', () => {
      const data = new Float32Array([1, 2, 3, 4, 5, 6]);
      const x = b.tensor(data, { shape: [3, 2] });
      assert.deepEqual(b.shape(x), [3, 2]);
      assert.equal(dtypeName(b.context(x).dtype), 'float32');
      data[0] = 100;
      assert.deepEqual(b.toArray(x), [
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      const i = b.tensor(new Int32Array([1, 2]));
      assert.equal(dtypeName(b.context(i).dtype), 'int32');
    });
    it('ragged nested arrays and bad shapes are rejected with ArgumentError', () => {
      assert.throws(() => b.tensor([[1, 2], [3]]), ArgumentError);
      assert.throws(() => b.tensor(new Float64Array(5), { shape: [2, 2] }), ArgumentError);
      assert.throws(() => b.tensor('abc' as never), ArgumentError);
    });
    it('empty tensors', () => {
      const x = b.tensor([]);
      assert.deepEqual(b.shape(x), [0]);
      assert.deepEqual(b.toArray(x), []);
      assert.deepEqual(b.shape(b.zeros([0, 3])), [0, 3]);
    });
    it('zeros, ones, full, eye, zerosLike', () => {
      assert.deepEqual(b.toArray(b.zeros([2, 2])), [
        [0, 0],
        [0, 0],
      ]);
      assert.deepEqual(b.toArray(b.ones([3])), [1, 1, 1]);
      assert.deepEqual(b.toArray(b.full([2], 7)), [7, 7]);
      assert.deepEqual(b.toArray(b.eye(2, 3)), [
        [1, 0, 0],
        [0, 1, 0],
      ]);
      assert.deepEqual(b.toArray(b.eye(2)), [
        [1, 0],
        [0, 1],
      ]);
      const z = b.zerosLike(b.tensor([[1, 2]], { dtype: 'int32' }));
      assert.deepEqual(b.shape(z), [1, 2]);
      assert.equal(dtypeName(b.context(z).dtype), 'int32');
      assert.throws(() => b.zeros([-1]), ArgumentError);
      assert.throws(() => b.eye(-2), ArgumentError);
    });
    it('arange follows NumPy (length ceil((stop - start) / step))', () => {
      assert.deepEqual(b.toArray(b.arange(5)), [0, 1, 2, 3, 4]);
      assert.deepEqual(b.toArray(b.arange(1, 2, 0.25)), [1, 1.25, 1.5, 1.75]);
      assert.deepEqual(b.toArray(b.arange(5, 0, -2)), [5, 3, 1]);
      assert.deepEqual(b.toArray(b.arange(3, 1)), []);
      assert.throws(() => b.arange(0, 1, 0), ArgumentError);
    });
    it('linspace includes both ends', () => {
      assertClose(b, b.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], o.tol);
      assert.deepEqual(b.shape(b.linspace(0, 1, 0)), [0]);
    });
    it('copy shares nothing with its source', () => {
      const x = b.tensor([1, 2, 3]);
      const y = b.copy(x);
      assert.deepEqual(b.toArray(y), [1, 2, 3]);
      assert.notEqual(x, y);
    });
    it('astype converts (truncating to integers) and keeps the input', () => {
      const x = b.tensor([1.9, -1.9, 0]);
      const i = b.astype(x, 'int32');
      assert.deepEqual(b.toArray(i), [1, -1, 0]);
      assert.deepEqual(b.toArray(b.astype(x, 'bool')), [true, true, false]);
      assert.deepEqual(b.toArray(x), [1.9, -1.9, 0]);
    });
    it('toTypedArray gives row-major values, also of transposed views', () => {
      const x = b.tensor([
        [1, 2],
        [3, 4],
      ]);
      assert.deepEqual([...(b.toTypedArray(b.transpose(x)) as Float64Array)], [1, 3, 2, 4]);
    });
    it('finfo and eps as NumPy', () => {
      assert.equal(b.eps('float64'), 2.220446049250313e-16);
      assert.equal(b.eps(b.float32), 1.1920928955078125e-7);
      assert.throws(() => b.finfo('int32'), ArgumentError);
    });
  });

  describe(`${b.name}: reshape and transpose`, () => {
    const x = b.reshape(b.arange(24), [2, 3, 4]);
    it('reshape with -1 infers a dimension', () => {
      assert.deepEqual(b.shape(b.reshape(x, [4, -1])), [4, 6]);
      assert.deepEqual(b.toArray(b.reshape(b.arange(4), [2, 2])), [
        [0, 1],
        [2, 3],
      ]);
    });
    it('reshape rejects incompatible shapes and double -1', () => {
      assert.throws(() => b.reshape(x, [5, -1]), ArgumentError);
      assert.throws(() => b.reshape(x, [-1, -1]), ArgumentError);
      assert.throws(() => b.reshape(x, [2, 3]), ArgumentError);
    });
    it('transpose reverses axes by default and permutes with axes', () => {
      const t = b.transpose(x);
      assert.deepEqual(b.shape(t), [4, 3, 2]);
      const p = b.transpose(x, [1, 0, 2]);
      assert.deepEqual(b.shape(p), [3, 2, 4]);
      assert.deepEqual(b.toArray(b.transpose(b.tensor([[1, 2, 3]]))), [[1], [2], [3]]);
      assert.throws(() => b.transpose(x, [0, 0, 1]), ArgumentError);
      assert.throws(() => b.transpose(x, [0, 1]), ArgumentError);
    });
    it('reshape of a transposed view reads in row-major order of the view', () => {
      const m = b.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assert.deepEqual(b.toArray(b.reshape(b.transpose(m), [-1])), [1, 4, 2, 5, 3, 6]);
    });
    it('property: transpose(transpose(x, p), inverse(p)) == x and reshape round trips', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }),
          fc.integer({ min: 0, max: 1000 }),
          (shape, seed) => {
            const size = shape.reduce((p, d) => p * d, 1);
            const t = b.reshape(b.arange(size), shape);
            const perm = shape.map((_, i) => i);
            // Deterministic shuffle from the seed.
            for (let i = perm.length - 1; i > 0; i--) {
              const j = (seed * (i + 7)) % (i + 1);
              [perm[i], perm[j]] = [perm[j]!, perm[i]!];
            }
            const inv = new Array<number>(perm.length);
            perm.forEach((p, i) => {
              inv[p] = i;
            });
            const back = b.transpose(b.transpose(t, perm), inv);
            assert.deepEqual(b.toArray(back), b.toArray(t));
            assert.deepEqual(b.toArray(b.reshape(b.reshape(t, [-1]), shape)), b.toArray(t));
          },
        ),
        { numRuns: 60 },
      );
    });
  });
}
