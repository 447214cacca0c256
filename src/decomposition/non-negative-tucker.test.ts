import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { all, greaterEqual, item, abs } from '../ops.js';
import { randomTucker } from '../random/generators.js';
import { nonNegativeTucker, nonNegativeTuckerAsync } from './non-negative-tucker.js';
import { boundFor } from '../test-utils/tolerance.js';

describe('nonNegativeTucker (multiplicative updates)', () => {
  const x = abs(randomTucker([8, 9, 10], [3, 4, 2], { full: true, randomState: 1 }));

  test("reproduces TensorLy 0.9's errors on the same data, core and factors non-negative", () => {
    // TensorLy: 0.03534842029832703 after 50 sweeps (svd init), 0.04074898193540366 (random init, seed 0).
    const t = nonNegativeTucker(x, [3, 4, 2], { nIterMax: 50, tol: 1e-10 });
    assert.equal(t.errors.length, 50);
    assert.ok(Math.abs(t.errors.at(-1)! - 0.03534842029832703) < boundFor(1e-9, 1e-4), `${t.errors.at(-1)}`);
    assert.equal(item(all(greaterEqual(t.core, 0))), 1);
    for (const f of t.factors) assert.equal(item(all(greaterEqual(f, 0))), 1);
    const r = nonNegativeTucker(x, [3, 4, 2], { nIterMax: 50, tol: 1e-10, init: 'random', randomState: 0 });
    assert.ok(Math.abs(r.errors.at(-1)! - 0.04074898193540366) < boundFor(1e-9, 1e-4), `${r.errors.at(-1)}`);
  });

  test('defaults to 10 sweeps like TensorLy; async agrees; bad ranks rejected', async () => {
    assert.equal(nonNegativeTucker(x, [3, 4, 2], { tol: 0 }).errors.length, 10);
    const a = nonNegativeTucker(x, [3, 4, 2], { nIterMax: 5 });
    const b = await nonNegativeTuckerAsync(x, [3, 4, 2], { nIterMax: 5 });
    assert.deepEqual(b.errors, a.errors);
    assert.throws(() => nonNegativeTucker(x, [3, 0, 2]), /rank/);
  });
});
