import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initializeCp, type ParafacResult } from '../decomposition/parafac.js';
import { CPTensor, cpToTensor } from '../factorized/cp-tensor.js';
import { abs, all, greaterEqual, item, max, subtract, toArray } from '../ops.js';
import { randomCp } from '../random/generators.js';
import { RandomState } from '../random/random-state.js';
import type { Seed } from '../backend/backend.js';
import type { Tensor } from '../types.js';

/** Options both non-negative CP algorithms take in these tests. */
interface NnCpOptions {
  nIterMax?: number;
  tol?: number;
  init?: 'svd' | 'random' | CPTensor;
  normalizeFactors?: boolean;
  randomState?: Seed;
  fixedModes?: readonly number[];
}

/** TensorLy's non-negative CP test problem: a (6, 3, 12) tensor from a random CP with absolute factors. */
export function nonNegativeCpProblem(seed: number, rank: number, normalise: boolean) {
  const rng = RandomState.fromSeed(seed);
  const cp = randomCp([6, 3, 12], rank, { randomState: rng, normaliseFactors: normalise });
  const nn = new CPTensor(
    cp.weights,
    cp.factors.map((f) => abs(f)),
  );
  return { rng, nn, x: cpToTensor(nn) };
}

const maxAbs = (a: Tensor, b: Tensor) => item(max(abs(subtract(a, b))));

/**
 * TensorLy's `test_non_negative_parafac` bars for a non-negative CP algorithm: over ranks, inits,
 * normalisation and seeds, errors decrease (within 1e-3), factors stay >= 0, relative error < 0.07,
 * max abs error < 0.1, and a fixed mode keeps its (weight-folded) initial factor without mutating the init.
 */
export function nonNegativeCpBars(
  decompose: (x: Tensor, rank: number, options: NnCpOptions) => ParafacResult,
): void {
  for (const [trueRank, rank] of [
    [1, 1],
    [3, 3],
  ] as const)
    for (const init of ['svd', 'random'] as const)
      for (const normalizeFactors of [false, true])
        for (const seed of [1, 2]) {
          test(`rank ${trueRank}->${rank} init=${init} normalize=${normalizeFactors} seed=${seed}`, () => {
            const { rng, nn, x } = nonNegativeCpProblem(seed, trueRank, normalizeFactors);
            const res = decompose(x, rank, {
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
            // TensorLy's test compares with the init after mutating it (issue #594); here the init is untouched.
            const fixed0 = decompose(x, trueRank, { nIterMax: 1, init: nn, fixedModes: [0] });
            const start = initializeCp(x, trueRank, { init: nn });
            assert.deepEqual(toArray(fixed0.factors[0]!), toArray(start.factors[0]!));
            assert.deepEqual(
              toArray(nn.factors[0]!),
              toArray(abs(nn.factors[0]!)),
              'the init is not mutated',
            );
          });
        }
}
