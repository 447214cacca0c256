import assert from 'node:assert/strict';
import { nonNegativeCpBars, nonNegativeCpProblem } from '../test-utils/non-negative-cp.js';
import { describe, test } from 'node:test';
import { item, sum } from '../ops.js';
import { boundFor } from '../test-utils/tolerance.js';
import {
  nonNegativeParafacHals as nonNegativeParafac,
  nonNegativeParafacHalsAsync as nonNegativeParafacAsync,
} from './non-negative-parafac-hals.js';

describe('nonNegativeParafacHals (TensorLy test_non_negative_parafac bars: rel < 0.07, max abs < 0.1)', () => {
  nonNegativeCpBars(nonNegativeParafac);

  test("reaches TensorLy 0.9's errors on the same data", () => {
    // TensorLy: after 80 sweeps, 0.002247559334251954 (svd init) then 0.0011343602603406102 (random init,
    // drawing from the same generator).
    const { rng, x } = nonNegativeCpProblem(1, 3, true);
    const a = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'svd', randomState: rng });
    assert.ok(a.errors.at(-1)! < 0.002247559334251954 * boundFor(1.05, 2), `${a.errors.at(-1)}`);
    const b = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'random', randomState: rng });
    assert.ok(b.errors.at(-1)! < 0.0011343602603406102 * boundFor(1.05, 2), `${b.errors.at(-1)}`);
  });

  test('sparsity coefficients and unconstrained modes', () => {
    const { x } = nonNegativeCpProblem(2, 3, false);
    const sparse = nonNegativeParafac(x, 3, { nIterMax: 50, sparsityCoefficients: [null, null, 1] });
    const dense = nonNegativeParafac(x, 3, { nIterMax: 50 });
    assert.ok(item(sum(sparse.factors[2]!)) <= item(sum(dense.factors[2]!)) * (1 + 1e-9));
    const free = nonNegativeParafac(x, 3, { nIterMax: 30, nnModes: [0, 1] });
    assert.ok(free.errors.at(-1)! < 0.07);
    assert.throws(() => nonNegativeParafac(x, 3, { sparsityCoefficients: [1, 2] }), /sparsityCoefficients/);
  });

  test('async entry point agrees; bad options are rejected', async () => {
    const { x } = nonNegativeCpProblem(2, 3, false);
    const a = nonNegativeParafac(x, 3, { nIterMax: 10 });
    const b = await nonNegativeParafacAsync(x, 3, { nIterMax: 10 });
    assert.deepEqual(b.errors, a.errors);
    assert.throws(() => nonNegativeParafac(x, 3, { nIterMax: 1.5 }), /nIterMax/);
    assert.throws(() => nonNegativeParafac(x, 0), /rank/);
  });
});
