import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { unfold } from '../base.js';
import { ArgumentError } from '../errors.js';
import { matmul, ones, shape, tensor, toTypedArray } from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import { khatriRao } from './khatri-rao.js';
import { unfoldingDotKhatriRao } from './mttkrp.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-5, atol: 1e-6 });

function same(x: Tensor, y: Tensor, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), tol, msg);
}
function random(dims: number[], seed: number): Tensor {
  const size = dims.reduce((p, d) => p * d, 1);
  return tensor(new RandomState(seed).randomSample(size), { shape: dims });
}

describe('unfoldingDotKhatriRao (TensorLy test_unfolding_dot_khatri_rao)', () => {
  test('equals the unfolding times the explicit Khatri-Rao product, every mode', () => {
    const dims = [10, 10, 10, 4];
    const rank = 5;
    const x = random(dims, 0);
    const weights = random([rank], 1);
    const factors = dims.map((d, i) => random([d, rank], 2 + i));
    for (let mode = 0; mode < 4; mode++) {
      const expected = matmul(unfold(x, mode), khatriRao(factors, { weights, skipMatrix: mode }));
      same(unfoldingDotKhatriRao(x, [weights, factors], mode), expected, `mode ${mode}`);
      same(unfoldingDotKhatriRao(x, { weights, factors }, mode), expected, `object form, mode ${mode}`);
    }
  });

  test('property: every mode of random shapes, with and without weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.nat(1000),
        (dims, rank, weighted, seed) => {
          const x = random(dims, seed);
          const factors = dims.map((d, i) => random([d, rank], seed + 1 + i));
          const weights = weighted ? random([rank], seed + 99) : null;
          for (let mode = 0; mode < dims.length; mode++) {
            const expected = matmul(unfold(x, mode), khatriRao(factors, { weights, skipMatrix: mode }));
            same(unfoldingDotKhatriRao(x, { weights, factors }, mode), expected, `mode ${mode}`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('the factor of the unfolded mode is not used', () => {
    const x = random([3, 4, 5], 7);
    const factors = [random([3, 2], 8), random([4, 2], 9), random([5, 2], 10)];
    same(
      unfoldingDotKhatriRao(x, [null, [factors[0]!, ones([7, 2]), factors[2]!]], 1),
      unfoldingDotKhatriRao(x, [null, factors], 1),
    );
  });

  test('errors', () => {
    const x = random([3, 4, 5], 7);
    const f = [random([3, 2], 8), random([4, 2], 9), random([5, 2], 10)];
    assert.throws(() => unfoldingDotKhatriRao(x, [null, f.slice(0, 2)], 0), ArgumentError);
    assert.throws(
      () => unfoldingDotKhatriRao(x, [null, [f[0]!, f[1]!, random([6, 2], 1)]], 0),
      ArgumentError,
    );
    assert.throws(
      () => unfoldingDotKhatriRao(x, [null, [f[0]!, f[1]!, random([5, 3], 1)]], 0),
      ArgumentError,
    );
    assert.throws(() => unfoldingDotKhatriRao(x, [ones([3]), f], 0), ArgumentError);
    assert.throws(() => unfoldingDotKhatriRao(x, [null, f], 3), ArgumentError);
    assert.throws(() => unfoldingDotKhatriRao(x, f as never, 0), ArgumentError);
  });
});
