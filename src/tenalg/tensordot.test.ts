import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArgumentError } from '../errors.js';
import { tensordot as npTensordot, index, shape, tensor, toTypedArray } from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import { inner } from './inner.js';
import { modeDot, multiModeDot } from './mode-dot.js';
import { tensordot, validateContractionModes } from './tensordot.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-6, atol: 1e-6 });

function same(x: Tensor, y: Tensor, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), tol, msg);
}
function random(dims: number[], seed: number): Tensor {
  const size = dims.reduce((p, d) => p * d, 1);
  return tensor(new RandomState(seed).randomSample(size), { shape: dims });
}

describe('validateContractionModes (TensorLy test_validate_contraction_modes)', () => {
  const s1 = [3, 4, 5, 2, 2, 4];
  const s2 = [3, 3, 5, 2, 3, 4];
  test('pairs, shared lists, single modes, negative modes', () => {
    assert.deepEqual(
      validateContractionModes(s1, s2, [
        [0, 1, 4],
        [1, 5, 3],
      ]),
      [
        [0, 1, 4],
        [1, 5, 3],
      ],
    );
    assert.deepEqual(
      validateContractionModes(
        s1,
        s2,
        [
          [0, 2],
          [0, 2],
        ],
        true,
      ),
      [
        [0, 2],
        [0, 2],
      ],
    );
    assert.deepEqual(validateContractionModes(s1, s2, [0, 2, 5], true), [
      [0, 2, 5],
      [0, 2, 5],
    ]);
    assert.deepEqual(validateContractionModes(s1, s2, 0, true), [[0], [0]]);
    assert.deepEqual(
      validateContractionModes(s1, s2, [
        [0, -2, -1],
        [1, -3, -1],
      ]),
      [
        [0, 4, 5],
        [1, 3, 5],
      ],
    );
    assert.deepEqual(validateContractionModes([3, 4, 5], [4, 5], 2), [
      [1, 2],
      [0, 1],
    ]);
    assert.deepEqual(validateContractionModes([3], [3], []), [[], []]);
  });
  test('errors', () => {
    assert.throws(() => validateContractionModes(s1, s2, [[0, 1], [1]]), ArgumentError);
    assert.throws(() => validateContractionModes(s1, s2, [[1], [1]]), ArgumentError);
    assert.throws(() => validateContractionModes(s1, s2, [[9], [1]]), ArgumentError);
  });
});

describe('tensordot (TensorLy test_batched_tensordot)', () => {
  const shp = [3, 4, 2];
  const vecs = shp.map((s, i) => random([s], 10 + i));
  const t = random(shp, 1);

  test('contracting every mode is the inner product', () => {
    const expected = inner(t, t, { nModes: 3 });
    same(tensordot(t, t, 3), expected);
    same(
      tensordot(t, t, [
        [0, 1, 2],
        [0, 1, 2],
      ]),
      expected,
    );
  });

  test('one mode with a vector is the mode product', () => {
    for (let mode = 0; mode < 3; mode++)
      same(tensordot(t, vecs[mode]!, [mode, 0]), modeDot(t, vecs[mode]!, mode));
    same(
      tensordot(tensordot(t, vecs[0]!, [0, 0]), vecs[1]!, [0, 0]),
      multiModeDot(t, vecs.slice(0, 2), { modes: [0, 1] }),
    );
  });

  test('batched contraction, sample by sample', () => {
    const a = random([4, 2, 3, 3], 2);
    const b = random([3, 4, 2, 3], 3);
    const res = tensordot(
      a,
      b,
      [
        [0, 3],
        [1, 3],
      ],
      { batchedModes: [1, 2] },
    );
    assert.deepEqual(shape(res), [2, 3, 3]);
    for (let i = 0; i < 2; i++) {
      const expected = npTensordot(index(a, [null, i]), index(b, [null, null, i]), [
        [0, 2],
        [1, 2],
      ]);
      same(index(res, [i]), expected, `batch ${i}`);
    }
  });

  test('batch modes stay where they were in tensor1', () => {
    const a = random([3, 5, 4], 4);
    const b = random([4, 2], 5);
    const res = tensordot(a, b, [], { batchedModes: [[2], [0]] });
    assert.deepEqual(shape(res), [3, 5, 4, 2]);
    const out = Array.from(toTypedArray(res), Number);
    const av = Array.from(toTypedArray(a), Number);
    const bv = Array.from(toTypedArray(b), Number);
    assertValuesClose(
      [out[((1 * 5 + 2) * 4 + 3) * 2 + 1]!],
      [av[(1 * 5 + 2) * 4 + 3]! * bv[3 * 2 + 1]!],
      tol,
    );
  });

  test('no contraction: outer products and their shapes', () => {
    const a = random([4, 3, 3], 6);
    const b = random([3, 4, 2], 7);
    assert.deepEqual(shape(tensordot(a, b, [], { batchedModes: [] })), [4, 3, 3, 3, 4, 2]);
    assert.deepEqual(shape(tensordot(a, b, [], { batchedModes: [[0], [1]] })), [4, 3, 3, 3, 2]);
  });

  test('errors: mode counts, sizes, repeated modes', () => {
    assert.throws(
      () =>
        tensordot(t, t, [
          [0, 2],
          [0, 1, 2],
        ]),
      ArgumentError,
    );
    assert.throws(() => tensordot(t, vecs[1]!, [0, 0]), ArgumentError);
    assert.throws(() => tensordot(t, t, [0, 0], { batchedModes: 0 }), ArgumentError);
  });
});
