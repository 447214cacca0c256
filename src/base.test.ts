import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  fold,
  matricize,
  partialFold,
  partialTensorToVec,
  partialUnfold,
  partialVecToTensor,
  tensorToVec,
  unfold,
  vecToTensor,
} from './base.js';
import { currentBackend } from './backend/state.js';
import { ArgumentError } from './errors.js';
import { add, arange, index, reshape, shape, tensor, toTypedArray, transpose } from './ops.js';
import { RandomState } from './random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from './test-utils/assert.js';
import type { NestedArray, Tensor } from './types.js';
import { tolFor } from './test-utils/tolerance.js';

// Layout operations are exact on every backend.
const tol: Tolerance = tolFor({ rtol: 0, atol: 0 });

function close(x: Tensor, expected: NestedArray, msg = ''): void {
  assertClose(currentBackend(), x, expected, tol, msg);
}
function same(x: Tensor, y: Tensor, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), tol, msg);
}
function random(dims: number[], seed: number): Tensor {
  const size = dims.reduce((p, d) => p * d, 1);
  return tensor(new RandomState(seed).randomSample(size), { shape: dims });
}
const X = (): Tensor => reshape(arange(24), [3, 4, 2]);

// TensorLy's test_core.py hard-coded unfoldings of arange(24).reshape(3, 4, 2).
const UNFOLDINGS: NestedArray[] = [
  [
    [0, 1, 2, 3, 4, 5, 6, 7],
    [8, 9, 10, 11, 12, 13, 14, 15],
    [16, 17, 18, 19, 20, 21, 22, 23],
  ],
  [
    [0, 1, 8, 9, 16, 17],
    [2, 3, 10, 11, 18, 19],
    [4, 5, 12, 13, 20, 21],
    [6, 7, 14, 15, 22, 23],
  ],
  [
    [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22],
    [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23],
  ],
];

describe('unfold / fold', () => {
  test('unfoldings of the 3x4x2 arange (TensorLy test_unfold)', () => {
    for (let mode = 0; mode < 3; mode++) {
      close(unfold(X(), mode), UNFOLDINGS[mode]!, `mode ${mode}`);
      close(tensorToVec(unfold(X(), mode)), (UNFOLDINGS[mode] as number[][]).flat(), `mode ${mode} raveled`);
    }
    close(unfold(X(), -1), UNFOLDINGS[2]!, 'negative mode');
  });

  test('folds of the hard-coded unfoldings (TensorLy test_fold)', () => {
    const x = X();
    for (let mode = 0; mode < 3; mode++) {
      same(fold(tensor(UNFOLDINGS[mode]!), mode, [3, 4, 2]), x, `mode ${mode}`);
      same(fold(unfold(x, mode), mode, [3, 4, 2]), x, `round trip ${mode}`);
    }
    const y = random([2, 3, 4, 5], 0);
    for (let mode = 0; mode < 4; mode++) same(fold(unfold(y, mode), mode, [2, 3, 4, 5]), y);
  });

  test('property: fold(unfold(x, m), m, shape) == x, and unfold is moveaxis + reshape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(100),
        (dims, modeSeed, seed) => {
          const x = random(dims, seed);
          const mode = modeSeed % dims.length;
          const u = unfold(x, mode);
          const rest = dims.reduce((p, d) => p * d, 1) / dims[mode]!;
          assert.deepEqual(shape(u), [dims[mode], rest]);
          const perm = [mode, ...dims.map((_, i) => i).filter((i) => i !== mode)];
          same(u, reshape(transpose(x, perm), [dims[mode]!, rest]));
          same(fold(u, mode, dims), x);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('fold and unfold of transposed (non-contiguous) inputs', () => {
    const x = transpose(random([3, 4, 5], 1), [2, 0, 1]);
    for (let mode = 0; mode < 3; mode++) same(fold(unfold(x, mode), mode, [5, 3, 4]), x);
    const u = transpose(reshape(arange(24), [8, 3]));
    same(fold(u, 0, [3, 2, 4]), reshape(transpose(reshape(arange(24), [8, 3])), [3, 2, 4]));
  });

  test('errors', () => {
    assert.throws(() => unfold(X(), 3), ArgumentError);
    assert.throws(() => fold(tensor(UNFOLDINGS[0]!), 0, [3, 4, 3]), ArgumentError);
  });
});

describe('vectorising', () => {
  test('tensorToVec and vecToTensor (TensorLy test_tensor_to_vec / test_vec_to_tensor)', () => {
    const vec = tensorToVec(X());
    close(
      vec,
      Array.from({ length: 24 }, (_, i) => i),
    );
    same(vecToTensor(vec, [3, 4, 2]), X());
    const y = random([3, 4, 5, 2], 2);
    same(vecToTensor(tensorToVec(y), [3, 4, 5, 2]), y);
  });
});

/** TensorLy's samples tensor: `n` copies of `x + i` stacked along a new first (or last) axis. */
function samples(n: number, last: boolean): Tensor {
  const x = Array.from(toTypedArray(arange(24)), Number);
  const values: number[] = [];
  if (!last) for (let i = 0; i < n; i++) values.push(...x.map((v) => v + i));
  else for (const v of x) for (let i = 0; i < n; i++) values.push(v + i);
  return tensor(values, { shape: last ? [3, 4, 2, n] : [n, 3, 4, 2] });
}

describe('partial unfolding', () => {
  test('samples first (TensorLy test_partial_unfold)', () => {
    const t = samples(3, false);
    for (let mode = 0; mode < 3; mode++) {
      const unfolded = partialUnfold(t, { mode, skipBegin: 1 });
      const raveled = partialUnfold(t, { mode, skipBegin: 1, ravelTensors: true });
      for (let j = 0; j < 3; j++) {
        same(index(unfolded, [j]), add(unfold(X(), mode), j));
        same(index(raveled, [j]), add(tensorToVec(unfold(X(), mode)), j));
      }
    }
  });

  test('samples last', () => {
    const t = samples(3, true);
    for (let mode = 0; mode < 3; mode++) {
      const unfolded = partialUnfold(t, { mode, skipBegin: 0, skipEnd: 1 });
      const raveled = partialUnfold(t, { mode, skipBegin: 0, skipEnd: 1, ravelTensors: true });
      for (let j = 0; j < 3; j++) {
        same(transpose(index(transpose(unfolded), [j])), add(unfold(X(), mode), j));
        same(index(transpose(raveled), [j]), add(tensorToVec(unfold(X(), mode)), j));
      }
    }
  });

  test('partialFold inverts partialUnfold (TensorLy test_partial_fold)', () => {
    const unfolded = tensor([UNFOLDINGS[0]!, UNFOLDINGS[0]!, UNFOLDINGS[0]!] as NestedArray);
    const folded = partialFold(unfolded, 0, [3, 3, 4, 2], { skipBegin: 1 });
    for (let i = 0; i < 3; i++) same(index(folded, [i]), X());
    const shp = [3, 4, 5, 6];
    const x = random(shp, 3);
    for (const i of [0, 1]) {
      for (let mode = 0; mode < 3; mode++) {
        for (const ravelTensors of [false, true]) {
          const u = partialUnfold(x, { mode, skipBegin: i, skipEnd: 1 - i, ravelTensors });
          same(partialFold(u, mode, shp, { skipBegin: i, skipEnd: 1 - i }), x);
        }
      }
    }
  });

  test('partialTensorToVec / partialVecToTensor (TensorLy tests)', () => {
    const t = samples(3, false);
    const v = partialTensorToVec(t, { skipBegin: 1 });
    for (let j = 0; j < 3; j++) same(index(v, [j]), add(tensorToVec(X()), j));
    const tl = samples(3, true);
    const vl = partialTensorToVec(tl, { skipBegin: 0, skipEnd: 1 });
    for (let j = 0; j < 3; j++) same(index(transpose(vl), [j]), add(tensorToVec(X()), j));

    const r = random([2, 3, 4, 5], 4);
    const tt = partialTensorToVec(r, { skipBegin: 0, skipEnd: 2 });
    assert.deepEqual(shape(tt), [6, 4, 5]);
    same(partialVecToTensor(tt, [2, 3, 4, 5], { skipBegin: 0, skipEnd: 2 }), r);

    const vectorised = tensor([0, 1, 2].map((i) => Array.from({ length: 24 }, (_, k) => k + i)));
    const folded = partialVecToTensor(vectorised, [3, 3, 4, 2], { skipBegin: 1 });
    for (let i = 0; i < 3; i++) same(index(folded, [i]), add(X(), i));
    const x = random([3, 4, 5, 6], 5);
    for (const i of [0, 1]) {
      const vec = partialTensorToVec(x, { skipBegin: i, skipEnd: 1 - i });
      same(partialVecToTensor(vec, [3, 4, 5, 6], { skipBegin: i, skipEnd: 1 - i }), x);
    }
  });

  test('errors', () => {
    assert.throws(() => partialUnfold(X(), { mode: 2 }), ArgumentError);
    assert.throws(() => partialUnfold(X(), { skipBegin: 2, skipEnd: 1 }), ArgumentError);
    assert.throws(() => partialFold(X(), 0, [3, 4, 2], { skipBegin: -1 }), ArgumentError);
  });
});

describe('matricize (TensorLy test_matricize)', () => {
  const t = (): Tensor => random([2, 3, 4, 3, 5], 6);
  test('equals unfold for one row mode, and reshape for leading modes', () => {
    const x = t();
    for (let i = 0; i < 5; i++) same(matricize(x, i), unfold(x, i));
    same(matricize(x, [0, 1, 2]), reshape(x, [24, -1]));
    assert.deepEqual(shape(matricize(x, [1, 3])), [9, 40]);
  });
  test('column modes in a given order', () => {
    const x = t();
    same(matricize(x, [1], { columnModes: [4, 3, 2, 0] }), reshape(transpose(x, [1, 4, 3, 2, 0]), [3, -1]));
  });
  test('errors: missing or duplicate modes', () => {
    const x = t();
    assert.throws(() => matricize(x, [0, 1], { columnModes: [2, 3] }), ArgumentError);
    assert.throws(() => matricize(x, [0, 2, 3, 4], { columnModes: [1, 1] }), ArgumentError);
    assert.throws(() => matricize(x, [0, 0]), ArgumentError);
    assert.throws(() => matricize(x, [7]), ArgumentError);
  });
});
