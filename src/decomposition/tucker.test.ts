import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArgumentError } from '../errors.js';
import { tuckerToTensor } from '../factorized/tucker-tensor.js';
import { add, item, multiply, norm, shape, subtract, tensor as makeTensor, toArray } from '../ops.js';
import { randomTucker } from '../random/generators.js';
import { RandomState } from '../random/random-state.js';
import type { Tensor } from '../types.js';
import { partialTucker, tucker, tuckerAsync } from './tucker.js';
import { boundFor } from '../test-utils/tolerance.js';

const relError = (a: Tensor, b: Tensor) => item(norm(subtract(a, b))) / item(norm(b));

function noisyTucker(): Tensor {
  const x = randomTucker([8, 9, 10], [3, 4, 2], { full: true, randomState: 1 });
  const noise = makeTensor(new RandomState(2).standardNormal(720), { shape: [8, 9, 10] });
  return add(x, multiply(noise, 0.01));
}

describe('tucker (HOOI)', () => {
  const x = noisyTucker();

  test("matches TensorLy 0.9's figures on the same data", () => {
    // TensorLy: tucker(noisy, (3,4,2), n_iter_max=50, tol=1e-10) stops after 3 iterations at 0.006036206054079754.
    const t = tucker(x, [3, 4, 2], { nIterMax: 50, tol: 1e-10 });
    assert.equal(t.errors.length, 3);
    assert.ok(Math.abs(t.errors[2]! - 0.006036206054079754) < boundFor(1e-12, 1e-4));
    assert.deepEqual(shape(t.core), [3, 4, 2]);
    assert.deepEqual(
      t.factors.map((f) => shape(f)),
      [
        [8, 3],
        [9, 4],
        [10, 2],
      ],
    );
    assert.ok(Math.abs(relError(tuckerToTensor(t), x) - 0.00603620605399713) < boundFor(1e-10, 1e-4));
  });

  test('partialTucker over some modes (TensorLy: 0.005977169632127343 after 3 iterations)', () => {
    const t = partialTucker(x, [3, 2], { modes: [0, 2], nIterMax: 20, tol: 1e-10 });
    assert.equal(t.errors.length, 3);
    assert.ok(Math.abs(t.errors[2]! - 0.005977169632127343) < boundFor(1e-12, 1e-4));
    assert.deepEqual(shape(t.core), [3, 9, 2]);
  });

  test('factors are orthonormal', () => {
    const t = tucker(x, [3, 4, 2], { nIterMax: 10 });
    for (const f of t.factors) {
      const g = toArray(multiply(1, f)) as number[][];
      const k = g[0]!.length;
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) {
          let s = 0;
          for (const row of g) s += row[a]! * row[b]!;
          assert.ok(Math.abs(s - (a === b ? 1 : 0)) < boundFor(1e-10, 1e-4));
        }
    }
  });

  test('fixed factors stay as given', () => {
    const init = tucker(x, [3, 4, 2], { nIterMax: 2 });
    const t = tucker(x, [3, 4, 2], { init, fixedFactors: [1], nIterMax: 5 });
    assert.deepEqual(toArray(t.factors[1]!), toArray(init.factors[1]!));
    // TensorLy 0.9 passes the full rank list to partial_tucker with the free modes only, so mode 2 gets
    // rank 4 (a rank-(3, 4, 4) result). Here each free mode keeps its own rank.
    assert.deepEqual(shape(t.core), [3, 4, 2]);
    assert.ok(relError(tuckerToTensor(t), x) < 0.007);
  });

  test('masked tucker fits the observed entries', () => {
    const rng = new RandomState(5);
    const mask = makeTensor(
      Float64Array.from(rng.randomSample(720), (v) => (v < 0.9 ? 1 : 0)),
      { shape: [8, 9, 10] },
    );
    const t = tucker(multiply(x, mask), [3, 4, 2], { mask, nIterMax: 100, tol: 1e-12 });
    const observedErr =
      item(norm(multiply(subtract(tuckerToTensor(t), x), mask))) / item(norm(multiply(x, mask)));
    // TensorLy 0.9 on the same data and mask: 0.03340293378792014.
    assert.ok(
      Math.abs(observedErr - 0.03340293378792014) < boundFor(1e-10, 1e-4),
      `observed error ${observedErr}`,
    );
  });

  test('random init, async entry point and bad ranks', async () => {
    const t = await tuckerAsync(x, [3, 4, 2], { init: 'random', randomState: 0, nIterMax: 30, tol: 1e-10 });
    assert.ok(relError(tuckerToTensor(t), x) < 0.01);
    assert.throws(() => partialTucker(x, [3, 0], { modes: [0, 1] }), ArgumentError);
    assert.throws(() => partialTucker(x, [3], { modes: [0, 1] }), ArgumentError);
    assert.throws(() => tucker(x, [3, 4, 2], { fixedFactors: [0] }), /init/);
  });
});
