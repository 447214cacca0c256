import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { ones, shape, tensor, toTypedArray } from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import { higherOrderMoment } from './higher-order-moment.js';
import { batchedOuter, outer } from './outer.js';
import { tensordot } from './tensordot.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-6, atol: 1e-7 });

function same(x: Tensor, y: Tensor, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), tol, msg);
}

describe('outer and batchedOuter (TensorLy test_outer_product)', () => {
  test('outer equals tensordot over no modes', () => {
    const rng = new RandomState(1234);
    const x = tensor(rng.randomSample([4, 5, 6]), { shape: [4, 5, 6] });
    const y = tensor(rng.randomSample([3, 4]), { shape: [3, 4] });
    const z = tensor(rng.randomSample(2), { shape: [2] });
    const res = outer([x, y, z]);
    assert.deepEqual(shape(res), [4, 5, 6, 3, 4, 2]);
    same(res, tensordot(tensordot(x, y, []), z, []));
  });

  test('outer, hard-coded', () => {
    assertClose(currentBackend(), outer([tensor([1, 2]), tensor([3, 4, 5])]), [
      [3, 4, 5],
      [6, 8, 10],
    ]);
    same(outer([tensor([1, 2])]), tensor([1, 2]), 'one tensor');
  });

  test('batchedOuter equals tensordot with a batched mode', () => {
    const rng = new RandomState(1234);
    const x = tensor(rng.randomSample([3, 4, 5, 6]), { shape: [3, 4, 5, 6] });
    const y = tensor(rng.randomSample([3, 3]), { shape: [3, 3] });
    const z = tensor(rng.randomSample([3, 2]), { shape: [3, 2] });
    const res = batchedOuter([x, y, z]);
    assert.deepEqual(shape(res), [3, 4, 5, 6, 3, 2]);
    same(res, tensordot(tensordot(x, y, [], { batchedModes: 0 }), z, [], { batchedModes: 0 }));
  });

  test('errors', () => {
    assert.throws(() => outer([]), ArgumentError);
    assert.throws(() => batchedOuter([ones([3, 2]), ones([4, 2])]), ArgumentError);
  });
});

describe('higherOrderMoment', () => {
  test('second moment, hard-coded', () => {
    assertClose(
      currentBackend(),
      higherOrderMoment(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        2,
      ),
      [
        [5, 7],
        [7, 10],
      ],
    );
  });

  test('order 1 is the mean; order 3 by explicit sums', () => {
    const rng = new RandomState(3);
    const x = tensor(rng.standardNormal([5, 3]), { shape: [5, 3] });
    const v = Array.from(toTypedArray(x), Number);
    assertValuesClose(
      Array.from(toTypedArray(higherOrderMoment(x, 1)), Number),
      [0, 1, 2].map((j) => [0, 1, 2, 3, 4].reduce((s, n) => s + v[n * 3 + j]!, 0) / 5),
      tol,
    );
    const m3 = higherOrderMoment(x, 3);
    assert.deepEqual(shape(m3), [3, 3, 3]);
    const want: number[] = [];
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let n = 0; n < 5; n++) s += v[n * 3 + a]! * v[n * 3 + b]! * v[n * 3 + c]!;
          want.push(s / 5);
        }
    assertValuesClose(Array.from(toTypedArray(m3), Number), want, tol);
  });

  test('tensor samples', () => {
    assert.deepEqual(shape(higherOrderMoment(ones([4, 2, 3]), 2)), [2, 3, 2, 3]);
  });

  test('errors', () => {
    assert.throws(() => higherOrderMoment(ones([3, 2]), 0), ArgumentError);
  });
});
