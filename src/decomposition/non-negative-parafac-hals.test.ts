import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CPTensor, cpToTensor } from '../factorized/cp-tensor.js';
import { abs, all, greaterEqual, item, max, subtract, sum, toArray } from '../ops.js';
import { randomCp } from '../random/generators.js';
import { RandomState } from '../random/random-state.js';
import type { Tensor } from '../types.js';
import {
  nonNegativeParafacHals as nonNegativeParafac,
  nonNegativeParafacHalsAsync as nonNegativeParafacAsync,
} from './non-negative-parafac-hals.js';
import { initializeCp } from './parafac.js';

const maxAbs = (a: Tensor, b: Tensor) => item(max(abs(subtract(a, b))));

function problem(seed: number, rank: number, normalise: boolean) {
  const rng = RandomState.fromSeed(seed);
  const cp = randomCp([6, 3, 12], rank, { randomState: rng, normaliseFactors: normalise });
  const nn = new CPTensor(
    cp.weights,
    cp.factors.map((f) => abs(f)),
  );
  return { rng, nn, x: cpToTensor(nn) };
}

describe('nonNegativeParafacHals (TensorLy test_non_negative_parafac bars: rel < 0.07, max abs < 0.1)', () => {
  for (const [trueRank, rank] of [
    [1, 1],
    [3, 3],
  ] as const)
    for (const init of ['svd', 'random'] as const)
      for (const normalizeFactors of [false, true])
        for (const seed of [1, 2]) {
          test(`rank ${trueRank}->${rank} init=${init} normalize=${normalizeFactors} seed=${seed}`, () => {
            const { rng, nn, x } = problem(seed, trueRank, normalizeFactors);
            const res = nonNegativeParafac(x, rank, {
              nIterMax: 80,
              tol: 1e-6,
              init,
              normalizeFactors,
              randomState: rng,
            });
            for (let i = 1; i < res.errors.length; i++)
              assert.ok(res.errors[i]! - res.errors[i - 1]! <= 1e-3);
            for (const f of res.factors) assert.equal(item(all(greaterEqual(f, 0))), 1);
            assert.ok(res.errors.at(-1)! < 0.07, `error ${res.errors.at(-1)}`);
            assert.ok(maxAbs(cpToTensor(res), x) < 0.1);
            // A fixed mode keeps its initial factor: the init's factor with non-unit weights folded in as their
            // geometric mean. (TensorLy's test compares with the init after mutating it, issue #594.)
            const fixed0 = nonNegativeParafac(x, trueRank, { nIterMax: 1, init: nn, fixedModes: [0] });
            const start = initializeCp(x, trueRank, { init: nn });
            assert.deepEqual(toArray(fixed0.factors[0]!), toArray(start.factors[0]!));
            assert.deepEqual(
              toArray(nn.factors[0]!),
              toArray(abs(nn.factors[0]!)),
              'the init is not mutated',
            );
          });
        }

  test("reaches TensorLy 0.9's errors on the same data", () => {
    // TensorLy: after 80 sweeps, 0.002247559334251954 (svd init) then 0.0011343602603406102 (random init,
    // drawing from the same generator).
    const { rng, x } = problem(1, 3, true);
    const a = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'svd', randomState: rng });
    assert.ok(a.errors.at(-1)! < 0.002247559334251954 * 1.05, `${a.errors.at(-1)}`);
    const b = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'random', randomState: rng });
    assert.ok(b.errors.at(-1)! < 0.0011343602603406102 * 1.05, `${b.errors.at(-1)}`);
  });

  test('sparsity coefficients and unconstrained modes', () => {
    const { x } = problem(2, 3, false);
    const sparse = nonNegativeParafac(x, 3, { nIterMax: 50, sparsityCoefficients: [null, null, 1] });
    const dense = nonNegativeParafac(x, 3, { nIterMax: 50 });
    assert.ok(item(sum(sparse.factors[2]!)) <= item(sum(dense.factors[2]!)) * (1 + 1e-9));
    const free = nonNegativeParafac(x, 3, { nIterMax: 30, nnModes: [0, 1] });
    assert.ok(free.errors.at(-1)! < 0.07);
    assert.throws(() => nonNegativeParafac(x, 3, { sparsityCoefficients: [1, 2] }), /sparsityCoefficients/);
  });

  test('async entry point agrees; bad options are rejected', async () => {
    const { x } = problem(2, 3, false);
    const a = nonNegativeParafac(x, 3, { nIterMax: 10 });
    const b = await nonNegativeParafacAsync(x, 3, { nIterMax: 10 });
    assert.deepEqual(b.errors, a.errors);
    assert.throws(() => nonNegativeParafac(x, 3, { nIterMax: 1.5 }), /nIterMax/);
    assert.throws(() => nonNegativeParafac(x, 0), /rank/);
  });
});
