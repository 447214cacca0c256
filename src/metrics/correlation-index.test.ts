import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArgumentError } from '../errors.js';
import { diag, full, index, matmul, ones, take, tensor } from '../ops.js';
import { randomTensor, rng } from '../random/generators.js';
import { correlationIndex } from './correlation-index.js';
import { boundFor } from '../test-utils/tolerance.js';

describe('correlationIndex', () => {
  const n = 37;
  const x1 = randomTensor([n, n], { randomState: 0 });
  const perm = Array.from(rng(1).permutation(n));
  const xPerm = take(x1, perm, 1);
  const xScaled = matmul(x1, diag(full([n], -17)));
  const cuts = [0, 5, 11, 20, 27, n];
  const split = (x: typeof x1) => cuts.slice(1).map((stop, i) => index(x, [{ start: cuts[i]!, stop }]));

  test('invariant to column permutation and scaling (TensorLy test)', () => {
    assert.ok(Math.abs(correlationIndex(split(x1), split(xPerm))) < boundFor(1e-12, 1e-4));
    assert.ok(Math.abs(correlationIndex(split(x1), split(xScaled))) < boundFor(1e-12, 1e-4));
    for (const method of ['max_score', 'min_score', 'avg_score'] as const) {
      assert.ok(Math.abs(correlationIndex(split(x1), split(xPerm), { method })) < boundFor(1e-12, 1e-4));
    }
  });

  test('values from TensorLy for every method', () => {
    const a = [
      tensor([
        [1, 2],
        [3, 4],
        [5, 7],
      ]),
      tensor([
        [1, 0],
        [2, 1],
      ]),
    ];
    const b = [
      tensor([
        [2, 1],
        [1, 3],
        [0, 5],
      ]),
      tensor([
        [1, 1],
        [0, 2],
      ]),
    ];
    const want = {
      stacked: 0.1614576411617644,
      max_score: 0.16458980337503162,
      min_score: 0.14304931052419503,
      avg_score: 0.15381955694961333,
    };
    for (const [method, value] of Object.entries(want)) {
      assert.ok(
        Math.abs(correlationIndex(a, b, { method: method as never }) - value) < boundFor(1e-12, 1e-4),
        method,
      );
    }
  });

  test('scores below tol are 0', () => {
    const a = [
      tensor([
        [1, 2],
        [3, 4],
        [5, 7],
      ]),
    ];
    const b = [
      tensor([
        [2, 1],
        [1, 3],
        [0, 5],
      ]),
    ];
    assert.equal(correlationIndex(a, b, { tol: 1 }), 0);
  });

  test('bad input', () => {
    assert.throws(() => correlationIndex([ones([3, 2]), ones([3, 3])], [ones([3, 2])]), /same rank/);
    assert.throws(
      () => correlationIndex([ones([3, 2])], [ones([3, 2])], { method: 'best' as never }),
      /method/,
    );
    assert.throws(() => correlationIndex([ones([3, 2])], [ones([4, 2])]), /same shapes/);
    assert.throws(
      () =>
        correlationIndex(
          [
            tensor([
              [1, 0],
              [1, 0],
            ]),
          ],
          [ones([2, 2])],
        ),
      /non-zero norm/,
    );
    assert.throws(() => correlationIndex([], [ones([2, 2])]), ArgumentError);
  });
});
