import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tensorToVec } from '../base.js';
import { ArgumentError } from '../errors.js';
import { item, matmul, min, reshape, shape, tensor, toTypedArray, transpose, zeros } from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { kronecker } from '../tenalg/kronecker.js';
import { assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import { activeSetNnls } from './active-set-nnls.js';
import { admm } from './admm.js';
import { fista } from './fista.js';
import { halsNnls } from './hals-nnls.js';
import { processRegularizationWeights } from './penalizations.js';
import { boundFor, tolFor } from '../test-utils/tolerance.js';

// TensorLy's tests compare to 2 decimals.
const tol: Tolerance = tolFor({ rtol: 0, atol: 1e-2 });

function values(x: Tensor): number[] {
  return Array.from(toTypedArray(x), Number);
}
function uniform(dims: number[], seed: number): Tensor {
  return tensor(new RandomState(seed).randomSample(dims[0]! * dims[1]!), { shape: dims });
}
/** TensorLy's NNLS test problem: a (20, 10) uniform, a non-negative truth, its normal equations. */
function problem(cols: number, seed: number): { truth: Tensor; atb: Tensor; ata: Tensor; a: Tensor } {
  const a = uniform([20, 10], seed);
  const truth = uniform([10, cols], seed + 1);
  const b = matmul(a, truth);
  return { a, truth, atb: matmul(transpose(a), b), ata: matmul(transpose(a), a) };
}

describe('halsNnls (TensorLy test_hals_nnls)', () => {
  test('recovers a non-negative solution', () => {
    const { truth, atb, ata } = problem(1, 0);
    assertValuesClose(values(halsNnls(atb, ata)), values(truth), tol);
    assertValuesClose(
      values(halsNnls(atb, ata, { exact: true })),
      values(truth),
      tolFor({ rtol: 0, atol: 1e-6 }),
    );
  });

  test('from a given V (not modified), with several right-hand sides', () => {
    const { truth, atb, ata } = problem(3, 2);
    const v0 = zeros([10, 3]);
    const v = halsNnls(atb, ata, { V: v0, nIterMax: 5000, tol: 0 });
    assertValuesClose(values(v), values(truth), tol);
    assert.ok(values(v0).every((e) => e === 0));
  });

  test('the non-negativity bound, penalties and the callback', () => {
    const { atb, ata } = problem(2, 4);
    const neg = matmul(
      ata,
      tensor([
        [-1, 1],
        [2, -1],
        [1, 1],
        [0, 0],
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    );
    assert.ok(item(min(halsNnls(neg, ata))) >= 0);
    // On float32 backends the bound itself is stored as float32 (0.0099999998).
    assert.ok(item(min(halsNnls(neg, ata, { epsilon: 0.01 }))) >= 0.01 * (1 - boundFor(0, 1e-6)));
    const plain = values(halsNnls(atb, ata, { exact: true }));
    const sparse = values(halsNnls(atb, ata, { exact: true, sparsityCoefficient: 5 }));
    const ridge = values(halsNnls(atb, ata, { exact: true, ridgeCoefficient: 5 }));
    const sum = (v: number[]) => v.reduce((s, e) => s + e, 0);
    assert.ok(sum(sparse) < sum(plain));
    assert.ok(sum(ridge.map((e) => e * e)) < sum(plain.map((e) => e * e)));
    const errors: number[] = [];
    halsNnls(atb, ata, {
      callback: (v, e) => {
        assert.deepEqual(shape(v), [10, 2]);
        errors.push(e);
        return errors.length === 3;
      },
    });
    assert.equal(errors.length, 3);
  });

  test('errors', () => {
    const { atb, ata } = problem(1, 0);
    assert.throws(() => halsNnls(atb, zeros([3, 3])), ArgumentError);
    assert.throws(() => halsNnls(atb, ata, { V: zeros([2, 2]) }), ArgumentError);
    assert.throws(
      () => halsNnls(atb, zeros([10, 10]), { V: zeros([10, 1]), nonzeroRows: true }),
      ArgumentError,
    );
  });
});

describe('fista (TensorLy test_fista)', () => {
  test('recovers a non-negative solution', () => {
    const { truth, atb, ata } = problem(1, 10);
    assertValuesClose(values(fista(atb, ata, { tol: 1e-15, nIterMax: 5000 })), values(truth), tol);
  });

  test('a list of matrices stands for their Kronecker product', () => {
    const rng = new RandomState(3);
    const a0 = uniform([6, 3], 20);
    const a1 = uniform([5, 2], 21);
    const g = [matmul(transpose(a0), a0), matmul(transpose(a1), a1)];
    const utm = tensor(rng.randomSample(6), { shape: [3, 2] });
    const byList = fista(utm, g, { nIterMax: 300, tol: 0 });
    const byKron = fista(tensorToVec(utm), kronecker(g), { nIterMax: 300, tol: 0 });
    assertValuesClose(values(byList), values(byKron), tolFor({ rtol: 1e-6, atol: 1e-8 }));
  });

  test('unconstrained with a ridge penalty', () => {
    const { atb, ata } = problem(1, 12);
    const x = fista(atb, ata, { nonNegative: false, ridgeCoef: 0.1, nIterMax: 3000, tol: 0 });
    assert.deepEqual(shape(x), [10, 1]);
    assert.ok(values(x).every(Number.isFinite));
  });
});

describe('activeSetNnls (TensorLy test_active_set_nnls)', () => {
  test('recovers a non-negative solution', () => {
    const { truth, atb, ata } = problem(1, 30);
    const x = activeSetNnls(tensorToVec(atb), ata);
    assert.deepEqual(shape(x), [10]);
    assertValuesClose(values(reshape(x, [10, 1])), values(truth), tol);
  });

  test('an active constraint: matches HALS solved exactly', () => {
    const { a } = problem(1, 40);
    const b = tensor(new RandomState(41).standardNormal(20), { shape: [20, 1] });
    const atb = matmul(transpose(a), b);
    const ata = matmul(transpose(a), a);
    const x = activeSetNnls(tensorToVec(atb), ata);
    assert.ok(values(x).every((e) => e >= 0));
    assert.ok(
      values(x).some((e) => e === 0),
      'some constraint is active',
    );
    assertValuesClose(
      values(x),
      values(halsNnls(atb, ata, { exact: true })),
      tolFor({ rtol: 0, atol: 1e-6 }),
    );
    const warm = activeSetNnls(tensorToVec(atb), ata, { x });
    assertValuesClose(values(warm), values(x), tolFor({ rtol: 0, atol: 1e-9 }));
  });
});

describe('admm (TensorLy test_admm)', () => {
  test('without constraints: the least-squares solution', () => {
    const a = uniform([20, 10], 50);
    const truth = uniform([10, 10], 51);
    const b = matmul(a, truth);
    const atb = matmul(transpose(a), b);
    const ata = matmul(transpose(a), a);
    const [x] = admm(transpose(atb), transpose(ata), zeros([10, 10]), zeros([10, 10]));
    assertValuesClose(values(transpose(x)), values(truth), tol);
  });

  test('with a non-negativity constraint', () => {
    const { atb, ata, truth } = problem(1, 60);
    const [x, split, dual] = admm(transpose(atb), ata, zeros([1, 10]), zeros([1, 10]), {
      nonNegative: true,
      nConst: 1,
      nIterMax: 2000,
      tol: 1e-10,
    });
    assert.deepEqual(shape(split), [10, 1]);
    assert.deepEqual(shape(dual), [1, 10]);
    assert.ok(item(min(x)) >= 0);
    assertValuesClose(values(transpose(x)), values(truth), tol);
  });

  test('errors', () => {
    assert.throws(() => admm(zeros([3, 2]), zeros([3, 3]), zeros([3, 2]), zeros([3, 2])), ArgumentError);
  });
});

describe('processRegularizationWeights (TensorLy test_process_regularization_weights)', () => {
  test('lists pass through', () => {
    assert.deepEqual(processRegularizationWeights([0, 0, 2, 0], [1, 2, 0, 4], 4), [
      [0, 0, 2, 0],
      [1, 2, 0, 4],
    ]);
  });
  test('unregularized modes get the largest sparsity as ridge', () => {
    assert.deepEqual(processRegularizationWeights(null, [1, 2, 0, 4], 4)[0], [0, 0, 4, 0]);
  });
  test('scalars expand', () => {
    assert.deepEqual(processRegularizationWeights(null, 1, 4)[1], [1, 1, 1, 1]);
    assert.deepEqual(processRegularizationWeights(undefined, undefined, 2), [
      [0, 0],
      [0, 0],
    ]);
  });
});
