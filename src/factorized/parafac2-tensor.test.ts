import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { matmul, norm, ones, reshape, shape, tensor, toTypedArray, unfold } from '../ops.js';
import { randomCp, randomParafac2 } from '../random/generators.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { cpToTensor } from './cp-tensor.js';
import {
  applyParafac2Projections,
  Parafac2Tensor,
  parafac2Normalise,
  parafac2ToSlice,
  parafac2ToSlices,
  parafac2ToTensor,
  parafac2ToUnfolded,
  parafac2ToVec,
  validateParafac2Tensor,
} from './parafac2-tensor.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-8, atol: 1e-10 });
const exact: Tolerance = tolFor({ rtol: 0, atol: 0 });

function close(x: Tensor, expected: NestedArray, t: Tolerance = tol): void {
  assertClose(currentBackend(), x, expected, t);
}
function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol): void {
  assert.deepEqual(shape(x), shape(y));
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t);
}
const f32 = (data: NestedArray) => tensor(data, { dtype: 'float32' });

// TensorLy's hand-computed example (float32 throughout).
const weights = f32([2, 3]);
const factors = [
  f32([
    [1, 1],
    [1, 0],
  ]),
  f32([
    [2, 1],
    [1, 2],
  ]),
  f32([
    [1, 1],
    [1, 0],
    [1, 0],
  ]),
];

describe('validateParafac2Tensor', () => {
  const p = randomParafac2(
    [
      [4, 5],
      [4, 5],
      [4, 5],
    ],
    2,
    { randomState: 12345 },
  );
  const [w, f, proj] = p;

  test('shape and rank', () => {
    const want = {
      shape: [
        [4, 5],
        [4, 5],
        [4, 5],
      ],
      rank: 2,
    };
    assert.deepEqual(validateParafac2Tensor([w, f, proj]), want);
    assert.deepEqual(validateParafac2Tensor({ weights: w, factors: f, projections: proj }), want);
    assert.deepEqual(validateParafac2Tensor(p), want);
    assert.equal(p.length, 3);
    assert.equal(p[2], p.projections);
    assert.match(String(p), /rank-2 Parafac2Tensor/);
  });

  test('a factor with the wrong rank', () => {
    for (let mode = 0; mode < 3; mode++) {
      const bad = [...f];
      bad[mode] = ones([shape(f[mode]!)[0]!, 3]);
      assert.throws(() => validateParafac2Tensor([w, bad, proj]), ArgumentError, `mode ${mode}`);
    }
  });

  test('not three factors, not one projection per slice, wrong weights', () => {
    assert.throws(() => validateParafac2Tensor([w, f.slice(1), proj]), /exactly three factor/);
    assert.throws(() => validateParafac2Tensor([w, f, proj.slice(1)]), /one projection per slice/);
    assert.throws(() => validateParafac2Tensor([tensor([1]), f, proj]), /weights of shape \[2\]/);
  });

  test('projections that are not orthonormal', () => {
    assert.throws(() => validateParafac2Tensor([w, f, proj.map(() => ones([4, 2]))]), /orthonormal/);
  });
});

describe('parafac2ToTensor and slices', () => {
  test("TensorLy's hand-computed tensor, padded with zeros", () => {
    const projections = [
      f32([
        [0, 0],
        [1, 0],
        [0, 1],
      ]),
      f32([
        [1, 0],
        [0, 0],
        [0, -1],
      ]),
    ];
    close(
      parafac2ToTensor([weights, factors, projections]),
      [
        [
          [0, 0, 0],
          [7, 4, 4],
          [8, 2, 2],
        ],
        [
          [4, 4, 4],
          [0, 0, 0],
          [-2, -2, -2],
        ],
      ],
      exact,
    );
  });

  const projections = [
    f32([
      [1, 0],
      [0, 1],
    ]),
    f32([
      [1, 0],
      [0, 0],
      [0, -1],
    ]),
  ];
  const slices = [
    [
      [7, 4, 4],
      [8, 2, 2],
    ],
    [
      [4, 4, 4],
      [0, 0, 0],
      [-2, -2, -2],
    ],
  ];

  test("TensorLy's hand-computed slices", () => {
    slices.forEach((s, i) => {
      close(parafac2ToSlice([weights, factors, projections], i), s, exact);
    });
    parafac2ToSlices([weights, factors, projections]).forEach((s, i) => {
      close(s, slices[i]!, exact);
    });
    close(parafac2ToSlice([weights, factors, projections], -1, { validate: false }), slices[1]!, exact);
    close(parafac2ToTensor([weights, factors, projections]), [[...slices[0]!, [0, 0, 0]], slices[1]!], exact);
    assert.throws(() => parafac2ToSlice([weights, factors, projections], 2), /sliceIdx/);
  });

  test('apply projections: P_i B', () => {
    const [w, [a, evolving, c]] = applyParafac2Projections([weights, factors, projections]);
    assert.equal(w, weights);
    assert.equal(a, factors[0]);
    assert.equal(c, factors[2]);
    evolving.forEach((bi, i) => {
      closeTensors(bi, matmul(projections[i]!, factors[1]!));
    });
  });

  test('unfolded and vec agree with the full tensor; normalise keeps it', () => {
    const p = randomParafac2(
      [
        [4, 5],
        [3, 5],
        [4, 5],
      ],
      2,
      { randomState: 12345 },
    );
    const full = parafac2ToTensor(p);
    assert.deepEqual(shape(full), [3, 4, 5]);
    for (let m = 0; m < 3; m++) closeTensors(parafac2ToUnfolded(p, m), unfold(full, m));
    closeTensors(parafac2ToVec(p), reshape(full, [-1]));
    closeTensors(p.toVec(), reshape(full, [-1]));
    closeTensors(p.toUnfolded(1), unfold(full, 1));
    closeTensors(p.norm(), norm(full));
    const n = parafac2Normalise(p);
    for (const f of n.factors) close(norm(f, 2, 0), [1, 1]);
    closeTensors(parafac2ToTensor(n), full);
  });
});

describe('Parafac2Tensor.fromCPTensor', () => {
  test('represents the same tensor as the CP tensor', () => {
    const cp = randomCp([3, 4, 5], 2, { randomState: 0 });
    const p = Parafac2Tensor.fromCPTensor(cp);
    closeTensors(parafac2ToTensor(p), cpToTensor(cp));
    assert.equal(p.projections.length, 3);
  });

  test('rejects a PARAFAC2 tensor unless allowed', () => {
    const p = randomParafac2(
      [
        [3, 4],
        [3, 4],
      ],
      2,
      { randomState: 0 },
    );
    assert.throws(() => Parafac2Tensor.fromCPTensor(p), /parafac2TensorOk/);
    assert.equal(Parafac2Tensor.fromCPTensor(p, { parafac2TensorOk: true }), p);
    assert.throws(() => Parafac2Tensor.fromCPTensor(randomCp([3, 4], 2)), /third-order/);
  });
});
