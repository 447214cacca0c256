import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CPTensor } from '../factorized/cp-tensor.js';
import { add, divide, eye, item, matmul, norm, randn, reshape, tensor, transpose } from '../ops.js';
import { cpVonneumannEntropy, ttVonneumannEntropy, vonneumannEntropy } from './entropy.js';
import { boundFor } from '../test-utils/tolerance.js';

const state1 = [0.03004805, 0.42426117, 0.5483771, 0.4784077, 0.25792725, 0.34388784, 0.99927586, 0.96605812];
const state2 = [
  0.84250089, 0.43429687, 0.26551928, 0.18262211, 0.55584835, 0.2565509, 0.33197401, 0.97741178,
];

function density(states: number[][]): ReturnType<typeof tensor> {
  let rho = tensor(new Array(64).fill(0), { shape: [8, 8] });
  for (const s of states) {
    const v = tensor([s]);
    const u = divide(v, norm(v));
    rho = add(rho, matmul(transpose(u), u));
  }
  return divide(rho, states.length);
}

describe('vonneumannEntropy', () => {
  test('a pure state has entropy 0', () => {
    const s = randn([8, 1], 0);
    const u = divide(s, norm(s));
    assert.ok(Math.abs(item(vonneumannEntropy(matmul(u, transpose(u))))) < boundFor(1e-3, 1e-4));
  });

  test('the mixed state of TensorLy’s test: 0.5546, as a matrix and as a (4, 2, 4, 2) tensor', () => {
    const rho = density([state1, state2]);
    assert.ok(Math.abs(item(vonneumannEntropy(rho)) - 0.5546) < 5e-4);
    assert.ok(Math.abs(item(vonneumannEntropy(reshape(rho, [4, 2, 4, 2]))) - 0.5546) < 5e-4);
  });

  test('a maximally mixed qubit has entropy 1, n of them n', () => {
    assert.ok(
      Math.abs(
        item(
          vonneumannEntropy(
            tensor([
              [0.5, 0],
              [0, 0.5],
            ]),
          ),
        ) - 1,
      ) < 1e-12,
    );
    assert.ok(Math.abs(item(vonneumannEntropy(divide(eye(8), 8))) - 3) < boundFor(1e-12, 1e-4));
  });

  test('a size that is not a square is rejected', () => {
    assert.throws(
      () =>
        vonneumannEntropy(
          tensor([
            [1, 0, 0],
            [0, 1, 0],
          ]),
        ),
      /square number of entries/,
    );
  });
});

describe('ttVonneumannEntropy', () => {
  test('a product (pure) state in rank-1 TT form has entropy 0', () => {
    const a = [0.6, 0.8];
    const b = [1, 0];
    // rho[i1, i2, j1, j2] = a_i1 b_i2 a_j1 b_j2: four rank-1 cores.
    const core = (v: number[]) => tensor([v.map((x) => [x])]);
    assert.ok(
      Math.abs(item(ttVonneumannEntropy([core(a), core(b), core(a), core(b)]))) < boundFor(1e-12, 1e-4),
    );
  });

  test('a maximally mixed qubit in TT form: entropy 1', () => {
    const g0 = tensor([
      [
        [1, 0],
        [0, 1],
      ],
    ]);
    const g1 = tensor([
      [[0.5], [0]],
      [[0], [0.5]],
    ]);
    assert.ok(Math.abs(item(ttVonneumannEntropy([g0, g1])) - 1) < boundFor(1e-12, 1e-4));
  });
});

describe('cpVonneumannEntropy', () => {
  test('orthonormal components: the entropy of the weights', () => {
    assert.ok(
      Math.abs(item(cpVonneumannEntropy(new CPTensor(tensor([0.5, 0.5]), [eye(2), eye(2)]))) - 1) < 1e-12,
    );
    const u = tensor([[0.6], [0.8]]);
    assert.ok(Math.abs(item(cpVonneumannEntropy(new CPTensor(null, [u, u])))) < boundFor(1e-12, 1e-4));
  });
});
