import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cpToTensor } from '../factorized/cp-tensor.js';
import { item, norm, shape, subtract, tensor as makeTensor, toArray } from '../ops.js';
import { randomCp } from '../random/generators.js';
import { RandomState } from '../random/random-state.js';
import { khatriRao } from '../tenalg/khatri-rao.js';
import { randomisedParafac, randomisedParafacAsync, sampleKhatriRao } from './randomised-parafac.js';
import { boundFor } from '../test-utils/tolerance.js';

describe('randomisedParafac (CPRAND)', () => {
  test("TensorLy's test: 10x10x10 rank 4, 100 samples, relative error < 0.05", () => {
    const rng = RandomState.fromSeed(1234);
    rng.randomSample(1000);
    const x = randomCp([10, 10, 10], 4, { full: true, randomState: rng });
    const cp = randomisedParafac(x, 4, 100, { maxStagnation: 20, nIterMax: 60, tol: 0, randomState: rng });
    for (const f of cp.factors) assert.deepEqual(shape(f), [10, 4]);
    const err = item(norm(subtract(cpToTensor(cp), x))) / item(norm(x));
    assert.ok(err < 0.05, `error ${err}`);
  });

  test("reproduces TensorLy 0.9's error on the same data and draws", () => {
    // TensorLy: randomised_parafac(x, 4, n_samples=30, n_iter_max=100, tol=1e-8) -> 0.003998281550716893.
    const rng = RandomState.fromSeed(1234);
    const x = randomCp([10, 10, 10], 4, { full: true, randomState: rng });
    const cp = randomisedParafac(x, 4, 30, { nIterMax: 100, tol: 1e-8, randomState: rng });
    assert.equal(cp.errors.length, 100);
    assert.ok(
      Math.abs(cp.errors.at(-1)! - 0.003998281550716893) < boundFor(1e-9, 1e-4),
      `${cp.errors.at(-1)}`,
    );
  });

  test('sampleKhatriRao rows are rows of the full Khatri-Rao product', () => {
    const ms = [0, 1, 2].map((s) => makeTensor(new RandomState(s).randomSample(12), { shape: [4, 3] }));
    const { sampledKr, indicesKr, indicesList } = sampleKhatriRao(ms, 7, { skipMatrix: 1, randomState: 3 });
    assert.equal(indicesList.length, 2);
    const full = toArray(khatriRao([ms[0]!, ms[2]!])) as number[][];
    assert.deepEqual(
      toArray(sampledKr),
      indicesKr.map((i) => full[i]),
    );
    assert.throws(() => sampleKhatriRao(ms, 0), /nSamples/);
  });

  test('async agrees', async () => {
    const x = randomCp([6, 7, 8], 2, { full: true, randomState: 1 });
    const a = randomisedParafac(x, 2, 20, { nIterMax: 5, randomState: 0 });
    const b = await randomisedParafacAsync(x, 2, 20, { nIterMax: 5, randomState: 0 });
    assert.deepEqual(b.errors, a.errors);
  });
});
