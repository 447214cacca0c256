import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { arange, ones, reshape, shape, toTypedArray, unfold } from '../ops.js';
import { randomTtMatrix } from '../random/generators.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import {
  TTMatrix,
  ttMatrixToMatrix,
  ttMatrixToTensor,
  ttMatrixToUnfolded,
  ttMatrixToVec,
  validateTtMatrix,
  validateTtMatrixRank,
} from './tt-matrix.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-8, atol: 1e-10 });

function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol): void {
  assert.deepEqual(shape(x), shape(y));
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t);
}

describe('TTMatrix', () => {
  test('shapes of the tensor, matrix and vector (TensorLy: (2, 2, 2, 3, 3, 3), rank 2)', () => {
    const ttm = randomTtMatrix([2, 2, 2, 3, 3, 3], 2, { randomState: 0 });
    assert.deepEqual(shape(ttMatrixToTensor(ttm)), [2, 2, 2, 3, 3, 3]);
    assert.deepEqual(shape(ttMatrixToMatrix(ttm)), [8, 27]);
    assert.deepEqual(shape(ttMatrixToVec(ttm)), [8 * 27]);
    assert.deepEqual([...ttm.leftShape], [2, 2, 2]);
    assert.deepEqual([...ttm.rightShape], [3, 3, 3]);
    assert.deepEqual([...ttm.rank], [1, 2, 2, 1]);
    assert.equal(ttm.order, 3);
    assert.match(String(ttm), /matrix of size 8 x 27/);
    closeTensors(ttm.toMatrix(), reshape(ttm.toTensor(), [8, 27]));
    closeTensors(ttm.toVec(), reshape(ttm.toTensor(), [-1]));
    closeTensors(ttm.toUnfolded(2), unfold(ttm.toTensor(), 2));
    closeTensors(ttMatrixToUnfolded(ttm, 4), unfold(ttm.toTensor(), 4));
  });

  test('values (from TensorLy)', () => {
    const f0 = reshape(arange(0, 12, 1, { dtype: 'float64' }), [1, 2, 3, 2]);
    const f1 = reshape(arange(1, 5, 1, { dtype: 'float64' }), [2, 2, 1, 1]);
    assertClose(
      currentBackend(),
      ttMatrixToMatrix([f0, f1]),
      [
        [3, 11, 19],
        [4, 16, 28],
        [27, 35, 43],
        [40, 52, 64],
      ],
      { rtol: 1e-12, atol: 0 },
    );
    assert.deepEqual(shape(ttMatrixToTensor([f0, f1])), [2, 2, 3, 1]);
  });

  test('validation', () => {
    assert.deepEqual(validateTtMatrix([ones([1, 2, 3, 1])]), { shape: [2, 3], rank: [1, 1] });
    assert.throws(() => new TTMatrix([ones([1, 2, 3])]), /fourth-order core/);
    assert.throws(() => new TTMatrix([ones([1, 2, 3, 2]), ones([3, 2, 2, 1])]), /factors\[1\] of shape/);
    assert.throws(() => new TTMatrix([ones([2, 2, 3, 1])]), /boundary/);
    assert.throws(() => new TTMatrix([]), ArgumentError);
  });

  test('validateTtMatrixRank (values from TensorLy)', () => {
    assert.deepEqual(validateTtMatrixRank([2, 2, 2, 3, 3, 3], 2), [1, 2, 2, 1]);
    assert.deepEqual(validateTtMatrixRank([2, 2, 2, 3, 3, 3]), [1, 5, 5, 1]);
    assert.throws(() => validateTtMatrixRank([2, 2, 2, 3, 3]), /even number/);
  });
});
