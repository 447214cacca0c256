import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { item, multiply, add, randn, tensor, zerosLike } from '../ops.js';
import { assertClose, type Tolerance } from '../test-utils/assert.js';
import { randomTensor } from '../random/generators.js';
import {
  correlation,
  covariance,
  MSE,
  R2Score,
  RMSE,
  reflectiveCorrelationCoefficient,
  standardDeviation,
  variance,
} from './regression.js';
import { boundFor, tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-6, atol: 1e-6 });
const f32 = (d: number[] | number[][]) => tensor(d, { dtype: 'float32' });

describe('regression metrics', () => {
  test('MSE and RMSE (TensorLy values)', () => {
    assertClose(currentBackend(), MSE(f32([1, 0, 2, -2]), f32([1, -1, 1, -1])), 0.75, tol);
    assertClose(currentBackend(), RMSE(f32([1, 0, 2, -2]), f32([0, -1, 1, -1])), 1, tol);
    assertClose(
      currentBackend(),
      MSE(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([
          [1, 1],
          [1, 1],
        ]),
        { axis: 1 },
      ),
      [0.5, 6.5],
      tol,
    );
  });

  test('R2Score: 1 for itself, 0 for zeros or twice the data', () => {
    const x = randn([5, 4, 3], 0);
    assert.equal(item(R2Score(x, x)), 1);
    assert.equal(item(R2Score(x, multiply(x, 2))), 0);
    assert.equal(item(R2Score(x, zerosLike(x))), 0);
  });

  test('correlation (TensorLy cases)', () => {
    const a = randomTensor([10], { randomState: 0 });
    assertClose(currentBackend(), correlation(a, add(multiply(a, 2), 1)), 1, tol);
    assertClose(currentBackend(), correlation(a, add(multiply(a, -2), 1)), -1, tol);
    assertClose(currentBackend(), correlation(f32([1, 2, 3, 2, 1]), f32([1, 2, 3, 4, 5])), 0, tol);
    const rows = f32([
      [1, 2, 3, 2, 1],
      [1, 2, 3, 2, 1],
      [1, 2, 3, 2, 1],
    ]);
    const ramp = f32([
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
    assertClose(currentBackend(), correlation(rows, ramp, { axis: 1 }), [0, 0, 0], tol);
  });

  test('covariance, variance, standard deviation, reflective correlation', () => {
    assertClose(currentBackend(), covariance(tensor([1, 2, 3]), tensor([2, 4, 6])), 4 / 3, tol);
    assertClose(currentBackend(), variance(tensor([1, 2, 3])), 2 / 3, tol);
    assertClose(currentBackend(), standardDeviation(tensor([1, 3])), 1, tol);
    assertClose(
      currentBackend(),
      variance(
        tensor([
          [1, 2],
          [3, 6],
        ]),
        { axis: 0 },
      ),
      [1, 4],
      tol,
    );
    assertClose(currentBackend(), reflectiveCorrelationCoefficient(tensor([1, 2]), tensor([2, 4])), 1, tol);
    assertClose(currentBackend(), reflectiveCorrelationCoefficient(tensor([1, 0]), tensor([0, 3])), 0, tol);
    assert.ok(
      Math.abs(item(covariance(tensor([1, 2, 3]), tensor([3, 2, 1]))) + 2 / 3) < boundFor(1e-12, 1e-4),
    );
  });
});
