import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { abs, all, greaterEqual, item } from '../ops.js';
import { randomTucker } from '../random/generators.js';
import { nonNegativeTuckerHals, nonNegativeTuckerHalsAsync } from './non-negative-tucker-hals.js';
import { float32Only } from '../test-utils/tolerance.js';

describe('nonNegativeTuckerHals', () => {
  const x = abs(randomTucker([8, 9, 10], [3, 4, 2], { full: true, randomState: 1 }));

  test("FISTA and active-set core updates reach TensorLy 0.9's errors, all non-negative", () => {
    // TensorLy after 30 sweeps: 0.012233789190662389 (fista), 0.02633586702161786 (active_set).
    const expected = { fista: 0.012233789190662389, active_set: 0.02633586702161786 } as const;
    for (const algorithm of ['fista', 'active_set'] as const) {
      const t = nonNegativeTuckerHals(x, [3, 4, 2], { nIterMax: 30, tol: 1e-10, algorithm });
      assert.ok(
        float32Only ? t.errors.length >= 25 : t.errors.length === 30,
        `${t.errors.length} iterations`,
      );
      const rel = Math.abs(t.errors.at(-1)! - expected[algorithm]) / expected[algorithm];
      assert.ok(rel < 1e-4, `${algorithm}: ${t.errors.at(-1)}`);
      assert.equal(item(all(greaterEqual(t.core, 0))), 1);
      for (const f of t.factors) assert.equal(item(all(greaterEqual(f, 0))), 1);
    }
  });

  test('sparsity, async, bad options', async () => {
    const sparse = nonNegativeTuckerHals(x, [3, 4, 2], {
      nIterMax: 10,
      sparsityCoefficients: 0.1,
      coreSparsityCoefficient: 0.1,
    });
    assert.ok(sparse.errors.at(-1)! < 0.2);
    const a = nonNegativeTuckerHals(x, [3, 4, 2], { nIterMax: 3 });
    const b = await nonNegativeTuckerHalsAsync(x, [3, 4, 2], { nIterMax: 3 });
    assert.deepEqual(b.errors, a.errors);
    assert.throws(() => nonNegativeTuckerHals(x, [3, 4, 2], { algorithm: 'bogus' as never }), /algorithm/);
    assert.throws(
      () => nonNegativeTuckerHals(x, [3, 4, 2], { sparsityCoefficients: [1, 2] }),
      /sparsityCoefficients/,
    );
  });
});
