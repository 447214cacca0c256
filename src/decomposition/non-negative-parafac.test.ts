import assert from 'node:assert/strict';
import { nonNegativeCpBars, nonNegativeCpProblem } from '../test-utils/non-negative-cp.js';
import { describe, test } from 'node:test';
import { nonNegativeParafac, nonNegativeParafacAsync } from './non-negative-parafac.js';
import { boundFor } from '../test-utils/tolerance.js';

describe('nonNegativeParafac (TensorLy test_non_negative_parafac bars: rel < 0.07, max abs < 0.1)', () => {
  nonNegativeCpBars(nonNegativeParafac);

  test("reproduces TensorLy 0.9's errors on the same data", () => {
    // TensorLy: after 80 sweeps, 0.03632417822190114 (svd init) then 0.033216814917469285 (random init,
    // drawing from the same generator).
    const { rng, x } = nonNegativeCpProblem(1, 3, true);
    const a = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'svd', randomState: rng });
    assert.equal(a.errors.length, 80);
    assert.ok(Math.abs(a.errors.at(-1)! - 0.03632417822190114) < boundFor(1e-9, 1e-4), `${a.errors.at(-1)}`);
    const b = nonNegativeParafac(x, 3, { nIterMax: 80, tol: 1e-6, init: 'random', randomState: rng });
    assert.ok(Math.abs(b.errors.at(-1)! - 0.033216814917469285) < boundFor(1e-9, 1e-4), `${b.errors.at(-1)}`);
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
