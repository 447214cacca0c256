import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { arange, item, matmul, ones, reshape, shape, toTypedArray } from '../ops.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import { inner } from './inner.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-6, atol: 1e-6 });

describe('inner (TensorLy test_inner)', () => {
  const t1 = () => reshape(arange(12), [3, 4]);
  const t2 = () => reshape(arange(8), [4, 2]);

  test('one common mode is a matrix product', () => {
    const res = inner(t1(), t2(), { nModes: 1 });
    assertValuesClose(
      Array.from(toTypedArray(res), Number),
      Array.from(toTypedArray(matmul(t1(), t2())), Number),
      tol,
    );
    assert.deepEqual(shape(res), [3, 2]);
  });

  test('no nModes: the inner product, a 0-d tensor', () => {
    const res = inner(t1(), t1());
    assert.deepEqual(shape(res), []);
    assertValuesClose([item(res)], [506], tol);
    assertClose(currentBackend(), inner(t1(), t1(), { nModes: 2 }), 506, tol);
  });

  test('zero common modes is the outer product', () => {
    assert.deepEqual(shape(inner(ones([2, 3]), ones([4]), { nModes: 0 })), [2, 3, 4]);
  });

  test('errors', () => {
    assert.throws(() => inner(t1(), t2()), ArgumentError);
    assert.throws(() => inner(t1(), t1(), { nModes: 1 }), ArgumentError);
    assert.throws(() => inner(t1(), t2(), { nModes: 3 }), ArgumentError);
  });
});
