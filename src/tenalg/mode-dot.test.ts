import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { currentBackend } from '../backend/state.js';
import { fold, unfold } from '../base.js';
import { ArgumentError } from '../errors.js';
import {
  arange,
  divide,
  index,
  item,
  matmul,
  ones,
  reshape,
  shape,
  tensor,
  toTypedArray,
  transpose,
} from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { kronecker } from './kronecker.js';
import { modeDot, multiModeDot } from './mode-dot.js';
import { tolFor } from '../test-utils/tolerance.js';

// Loose enough for a float32 backend on O(1)-O(100) values.
const tol: Tolerance = tolFor({ rtol: 1e-5, atol: 1e-6 });

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

const X = (): Tensor =>
  tensor([
    [
      [1, 13],
      [4, 16],
      [7, 19],
      [10, 22],
    ],
    [
      [2, 14],
      [5, 17],
      [8, 20],
      [11, 23],
    ],
    [
      [3, 15],
      [6, 18],
      [9, 21],
      [12, 24],
    ],
  ]);

describe('modeDot (TensorLy test_mode_dot)', () => {
  test('tensor times matrix, hard-coded', () => {
    const res = modeDot(
      X(),
      tensor([
        [1, 3, 5],
        [2, 4, 6],
      ]),
      0,
    );
    close(res, [
      [
        [22, 130],
        [49, 157],
        [76, 184],
        [103, 211],
      ],
      [
        [28, 172],
        [64, 208],
        [100, 244],
        [136, 280],
      ],
    ]);
    same(
      modeDot(
        X(),
        tensor([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
        0,
        { transpose: true },
      ),
      res,
      'transpose',
    );
  });

  test('tensor times vector, hard-coded', () => {
    close(modeDot(X(), tensor([1, 2, 3, 4]), 1), [
      [70, 190],
      [80, 200],
      [90, 210],
    ]);
    close(modeDot(reshape(arange(24), [3, 4, 2]), arange(4), 1), [
      [28, 34],
      [76, 82],
      [124, 130],
    ]);
    close(modeDot(tensor([1, 2, 3]), tensor([1, 1, 1]), 0), 6, 'vector times vector is 0-d');
  });

  test('property: equals fold(M @ unfold(x, mode)) on every mode, transposed and with vectors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (dims, modeSeed, j, seed) => {
          const x = random(dims, seed);
          const mode = modeSeed % dims.length;
          const m = random([j, dims[mode]!], seed + 1);
          const newShape = [...dims];
          newShape[mode] = j;
          const expected = fold(matmul(m, unfold(x, mode)), mode, newShape);
          same(modeDot(x, m, mode), expected, 'matrix');
          same(modeDot(x, transpose(m), mode, { transpose: true }), expected, 'transposed');
          const v = random([dims[mode]!], seed + 2);
          const vecExpected = reshape(
            matmul(reshape(v, [1, -1]), unfold(x, mode)),
            dims.filter((_, i) => i !== mode),
          );
          same(modeDot(x, v, mode), vecExpected, 'vector');
        },
      ),
      { numRuns: 50 },
    );
  });

  test('the unfolded equivalence on random data', () => {
    const x = random([2, 4, 5], 3);
    const u = random([3, 4], 4);
    const res = modeDot(x, u, 1);
    assert.deepEqual(shape(res), [2, 3, 5]);
    same(unfold(res, 1), matmul(u, unfold(x, 1)));
    same(modeDot(x, u, -2), res, 'negative mode');
  });

  test('errors: size mismatch, bad mode, tensor operand', () => {
    const x = random([2, 4, 5], 3);
    const u = random([3, 4], 4);
    assert.throws(() => modeDot(x, u, 0), ArgumentError);
    assert.throws(() => modeDot(x, u, 1, { transpose: true }), ArgumentError);
    assert.throws(() => modeDot(x, index(u, [null, 0]), 0), ArgumentError);
    assert.throws(() => modeDot(x, x, 0), ArgumentError);
    assert.throws(() => modeDot(x, u, 3), ArgumentError);
  });

  test('does not mutate its inputs', () => {
    const x = random([2, 3, 4], 5);
    const m = random([2, 3], 6);
    const before = Array.from(toTypedArray(x), Number);
    modeDot(x, m, 1);
    assert.deepEqual(Array.from(toTypedArray(x), Number), before);
  });
});

describe('multiModeDot (TensorLy test_multi_mode_dot)', () => {
  test('hard-coded: vectors contract to a scalar', () => {
    const res = multiModeDot(
      tensor([
        [1, 2],
        [0, -1],
      ]),
      [tensor([2, 1]), tensor([-1, 1])],
      { modes: [0, 1] },
    );
    assert.deepEqual(shape(res), []);
    close(res, 1);
  });

  test('transpose equals dot with the transpose', () => {
    const x = reshape(arange(12), [3, 4]);
    const u = random([3, 5], 7);
    same(multiModeDot(x, [u], { modes: [0], transpose: true }), matmul(transpose(u), x));
  });

  test('equals the Kronecker expression on every mode', () => {
    const dims = [2, 3, 4, 5];
    const x = random(dims, 8);
    const factors = dims.map((d, i) => random([d, d], 10 + i));
    const res = multiModeDot(x, factors);
    same(unfold(res, 0), matmul(matmul(factors[0]!, unfold(x, 0)), transpose(kronecker(factors.slice(1)))));
    for (let i = 0; i < 4; i++) {
      const idx = [0, 1, 2, 3].filter((j) => j !== i);
      const sub = idx.map((j) => factors[j]!);
      const expected = matmul(matmul(factors[i]!, unfold(x, i)), transpose(kronecker(sub)));
      same(unfold(res, i), expected, `mode ${i}`);
      same(matmul(factors[i]!, unfold(multiModeDot(x, sub, { modes: idx }), i)), expected, `modes ${idx}`);
    }
  });

  test('skip', () => {
    const dims = [2, 3, 4, 5];
    const x = random(dims, 9);
    const factors = dims.map((d, i) => random([d, d], 20 + i));
    same(
      multiModeDot(x, factors, { skip: 1 }),
      multiModeDot(x, [factors[0]!, factors[2]!, factors[3]!], { modes: [0, 2, 3] }),
    );
  });

  test('vectors in any order: sum and average pooling', () => {
    const dims = [3, 5, 4, 2];
    const x = ones(dims);
    const vecs = dims.map((d) => ones([d]));
    const res = multiModeDot(x, vecs);
    assert.deepEqual(shape(res), []);
    assertValuesClose([item(res)], [120], tol);
    const avg = vecs.map((v, i) => divide(v, dims[i]!));
    for (const modes of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
    ]) {
      const r = multiModeDot(
        x,
        modes.map((i) => avg[i]!),
        { modes },
      );
      assertValuesClose([item(r)], [1], tol, `modes ${modes}`);
    }
  });

  test('errors: modes and list lengths differ', () => {
    assert.throws(() => multiModeDot(ones([2, 3]), [ones([2])], { modes: [0, 1] }), ArgumentError);
    assert.throws(() => multiModeDot(ones([2, 3]), [ones([2])], { modes: [4] }), ArgumentError);
  });
});
