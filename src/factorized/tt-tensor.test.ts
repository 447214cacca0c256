import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { norm, ones, reshape, shape, tensor, toTypedArray, unfold } from '../ops.js';
import { randomTr, randomTt, randomTtMatrix } from '../random/generators.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { TRTensor } from './tr-tensor.js';
import { TTMatrix } from './tt-matrix.js';
import {
  padTtRank,
  TTTensor,
  ttToTensor,
  ttToUnfolded,
  ttToVec,
  validateTtRank,
  validateTtTensor,
} from './tt-tensor.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-8, atol: 1e-10 });

function close(x: Tensor, expected: NestedArray, t: Tolerance = tol): void {
  assertClose(currentBackend(), x, expected, t);
}
function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol): void {
  assert.deepEqual(shape(x), shape(y));
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t);
}
function ttParams(dims: readonly number[], rank: readonly number[]): number {
  return dims.reduce((p, s, i) => p + rank[i]! * s * rank[i + 1]!, 0);
}

describe('TTTensor and validateTtTensor', () => {
  test('shape and rank', () => {
    const tt = randomTt([3, 4, 5], [1, 3, 2, 1], { randomState: 0 });
    assert.deepEqual(validateTtTensor(tt.factors), { shape: [3, 4, 5], rank: [1, 3, 2, 1] });
    assert.deepEqual(validateTtTensor(tt), { shape: [3, 4, 5], rank: [1, 3, 2, 1] });
    assert.equal(tt.length, 3);
    assert.deepEqual([...tt].length, 3);
    assert.match(String(tt), /rank-\[1, 3, 2, 1\]/);
  });

  test('errors name the offending core', () => {
    const factors = [...randomTt([3, 4, 5], [1, 3, 2, 1], { randomState: 0 }).factors];
    factors[0] = ones([4, 4]);
    assert.throws(() => validateTtTensor(factors), /factors\[0\] to be a third-order core/);
    factors[0] = ones([1, 3, 2]);
    assert.throws(
      () => validateTtTensor(factors),
      (e: unknown) => e instanceof ArgumentError && /factors\[1\] of shape \[3, 4, 2\]/.test(e.message),
    );
    factors[0] = ones([3, 3, 2]);
    assert.throws(() => validateTtTensor(factors), /boundary condition/);
    assert.throws(() => new TTTensor([ones([1, 2, 2])]), /boundary condition/);
    assert.throws(() => ttToTensor([ones([1, 2, 3]), ones([2, 2, 1])]), ArgumentError);
  });
});

describe('ttToTensor', () => {
  test("Rodomanov's example: X[i, j, k] = i + j + k (1-based)", () => {
    // A. Rodomanov, "Introduction to the Tensor Train Decomposition and Its Applications in Machine Learning",
    // HSE seminar, Moscow, 2016.
    const g0 = [
      [
        [1, 1],
        [2, 1],
        [3, 1],
      ],
    ];
    const g1 = [
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
      ],
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
    ];
    const g2 = [
      [[1], [1]],
      [[1], [2]],
    ];
    const want: number[][][] = [];
    for (let i = 0; i < 3; i++) {
      const plane: number[][] = [];
      for (let j = 0; j < 4; j++) plane.push([i + j + 3, i + j + 4]);
      want.push(plane);
    }
    close(ttToTensor([tensor(g0), tensor(g1), tensor(g2)]), want);
  });

  test('unfolded and vec agree with the full tensor; the norm too', () => {
    const tt = randomTt([3, 4, 5, 2], [1, 2, 3, 2, 1], { randomState: 5 });
    const full = ttToTensor(tt);
    for (let m = 0; m < 4; m++) closeTensors(ttToUnfolded(tt, m), unfold(full, m));
    closeTensors(ttToVec(tt), reshape(full, [-1]));
    closeTensors(tt.toVec(), reshape(full, [-1]));
    closeTensors(tt.toUnfolded(1), unfold(full, 1));
    closeTensors(tt.norm(), norm(full));
  });

  test('a single core is a vector', () => {
    close(ttToTensor([tensor([[[1], [2], [3]]])]), [1, 2, 3]);
  });
});

describe('validateTtRank', () => {
  test('examples (values from TensorLy)', () => {
    assert.deepEqual(validateTtRank([4, 5, 4, 8, 5], 0.2, { rounding: 'floor' }), [1, 4, 4, 6, 6, 1]);
    assert.deepEqual(validateTtRank([4, 5, 4, 8, 5], 0.2, { rounding: 'ceil' }), [1, 5, 5, 7, 7, 1]);
    assert.deepEqual(validateTtRank([3, 4, 5]), [1, 3, 3, 1]);
    assert.deepEqual(validateTtRank([3, 4, 5], 'same', { constantRank: true }), [1, 3, 3, 1]);
    assert.deepEqual(
      validateTtRank([6, 7, 8, 9], 0.5, { constantRank: true, rounding: 'floor' }),
      [1, 9, 9, 9, 1],
    );
    assert.deepEqual(validateTtRank([3, 4, 5], 10, { allowOverparametrization: false }), [1, 3, 5, 1]);
    assert.deepEqual(validateTtRank([5, 6], 0.5), [1, 1, 1]);
    assert.deepEqual(validateTtRank([3, 4, 5], 2), [1, 2, 2, 1]);
    assert.deepEqual(validateTtRank([3, 4, 5], [1, 2, 3, 1]), [1, 2, 3, 1]);
  });

  test('a matrix with a constant rank (TensorLy divides by zero here)', () => {
    // R (I_0 + I_1) = 0.5 * 30 -> R = 1.36..
    assert.deepEqual(validateTtRank([5, 6], 0.5, { constantRank: true }), [1, 1, 1]);
  });

  test('property: floor keeps at most, ceil at least, the fraction of parameters', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 9 }), { minLength: 4, maxLength: 4 }), (dims) => {
        const n = dims.reduce((p, d) => p * d, 1);
        assert.ok(ttParams(dims, validateTtRank(dims, 0.2, { rounding: 'floor' })) <= n * 0.2);
        assert.ok(ttParams(dims, validateTtRank(dims, 0.2, { rounding: 'ceil' })) >= n * 0.2);
      }),
      { numRuns: 50 },
    );
  });

  test('bad ranks', () => {
    assert.throws(() => validateTtRank([3, 4, 5], [1, 3, 1]), /4 ranks/);
    assert.throws(() => validateTtRank([3, 4, 5], [1, 3, 3, 3]), /boundary/);
    assert.throws(() => validateTtRank([3, 4, 5], [2, 3, 3, 1]), /boundary/);
    assert.throws(() => validateTtRank([3, 4, 5], 0), ArgumentError);
    assert.throws(() => validateTtRank([3, 4, 5], 'same', { rounding: 'x' as never }), /rounding/);
  });
});

describe('padTtRank', () => {
  for (const nPadding of [1, 2]) {
    test(`tensor train, ring and TT-matrix keep their tensor (padding ${nPadding})`, () => {
      const tt = randomTt([4, 3, 5, 2], [1, 2, 2, 2, 1], { randomState: 0 });
      const paddedTt = new TTTensor(padTtRank(tt, { nPadding }));
      closeTensors(paddedTt.toTensor(), tt.toTensor());
      assert.deepEqual([...paddedTt.rank], [1, 2 + nPadding, 2 + nPadding, 2 + nPadding, 1]);

      const tr = randomTr([4, 3, 5, 2], [2, 3, 4, 5, 2], { randomState: 1 });
      const paddedTr = new TRTensor(padTtRank(tr, { nPadding, padBoundaries: true }));
      closeTensors(paddedTr.toTensor(), tr.toTensor());
      assert.deepEqual(
        [...paddedTr.rank],
        [2, 3, 4, 5, 2].map((r) => r + nPadding),
      );

      const ttm = randomTtMatrix([2, 3, 3, 4, 2, 2], [1, 2, 3, 1], { randomState: 2 });
      const paddedTtm = new TTMatrix(padTtRank(ttm.factors, { nPadding }));
      closeTensors(paddedTtm.toTensor(), ttm.toTensor());
      assert.deepEqual([...paddedTtm.rank], [1, 2 + nPadding, 3 + nPadding, 1]);
    });
  }

  test('bad arguments', () => {
    assert.throws(() => padTtRank([ones([1, 2, 1])], { nPadding: -1 }), /nPadding/);
    assert.throws(() => padTtRank([ones([2])]), ArgumentError);
  });
});
