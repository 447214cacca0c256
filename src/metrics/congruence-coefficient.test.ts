import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArgumentError } from '../errors.js';
import { abs, divide, matmul, norm, ones, tensor, toArray, transpose } from '../ops.js';
import { rng } from '../random/generators.js';
import type { Tensor } from '../types.js';
import { congruenceCoefficient } from './congruence-coefficient.js';
import { boundFor } from '../test-utils/tolerance.js';

/** TensorLy's slow reference: every permutation of the columns, the best mean congruence. */
function slowCongruence(a: Tensor, b: Tensor, absoluteValue: boolean): [number, number[]] {
  let c = matmul(transpose(divide(a, norm(a, 2, 0))), divide(b, norm(b, 2, 0)));
  if (absoluteValue) c = abs(c);
  const m = toArray(c) as number[][];
  const r = m.length;
  let best = Number.NEGATIVE_INFINITY;
  let bestPerm: number[] = [];
  const perm: number[] = [];
  const used = new Array<boolean>(r).fill(false);
  const go = (i: number, s: number): void => {
    if (i === r) {
      if (s / r > best) {
        best = s / r;
        bestPerm = [...perm];
      }
      return;
    }
    for (let j = 0; j < r; j++) {
      if (used[j]) continue;
      used[j] = true;
      perm.push(j);
      go(i + 1, s + m[i]![j]!);
      perm.pop();
      used[j] = false;
    }
  };
  go(0, 0);
  return [best, bestPerm];
}

describe('congruenceCoefficient', () => {
  for (const I of [1, 3, 5, 10, 100]) {
    for (const R of [1, 3, 5]) {
      for (const absoluteValue of [true, false]) {
        test(`matches the brute force: I=${I}, R=${R}, absoluteValue=${absoluteValue}`, () => {
          const r = rng(1234);
          const a = tensor(r.standardNormal([I, R]), { shape: [I, R] });
          const b = tensor(r.standardNormal([I, R]), { shape: [I, R] });
          const [fast, fastPerm] = congruenceCoefficient(a, b, { absoluteValue });
          const [slow, slowPerm] = slowCongruence(a, b, absoluteValue);
          assert.ok(Math.abs(fast - slow) <= 1e-12 * Math.max(1, Math.abs(slow)), `${fast} vs ${slow}`);
          // With one row every column is ±1 alike: the permutation is not unique.
          if (I !== 1) assert.deepEqual(fastPerm, slowPerm);
        });
      }
    }
  }

  test('values from TensorLy, single matrices and lists', () => {
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
    const [c0, p0] = congruenceCoefficient(a[0]!, b[0]!);
    assert.ok(Math.abs(c0 - 0.7153527608232662) < boundFor(1e-12, 1e-4));
    assert.deepEqual(p0, [1, 0]);
    const [c1, p1] = congruenceCoefficient(a, b);
    assert.ok(Math.abs(c1 - 0.5304308655622759) < boundFor(1e-12, 1e-4));
    assert.deepEqual(p1, [0, 1]);
  });

  test('the documented example', () => {
    const [c, p] = congruenceCoefficient(
      tensor([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
      tensor([
        [0, 2],
        [3, 0],
        [3, 2],
      ]),
    );
    assert.ok(Math.abs(c - 1) < boundFor(1e-12, 1e-4));
    assert.deepEqual(p, [1, 0]);
  });

  test('bad input', () => {
    assert.throws(
      () => congruenceCoefficient([ones([3, 2])], [ones([3, 2]), ones([3, 2])]),
      /as many matrices/,
    );
    assert.throws(() => congruenceCoefficient(ones([3, 2]), ones([3, 3])), /2 columns/);
    assert.throws(() => congruenceCoefficient(ones([3, 2]), ones([4, 2])), /row counts/);
    assert.throws(
      () =>
        congruenceCoefficient(
          tensor([
            [1, 0],
            [1, 0],
          ]),
          ones([2, 2]),
        ),
      /non-zero l2 norm/,
    );
    assert.throws(() => congruenceCoefficient(ones([3]), ones([3])), ArgumentError);
  });
});
