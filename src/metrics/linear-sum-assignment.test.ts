import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../errors.js';
import { linearSumAssignment } from './linear-sum-assignment.js';

/** The best total over every injective row -> column map, by enumeration. */
function bruteForce(cost: number[], n: number, m: number, maximize: boolean): number {
  let best = maximize ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const usedCols = new Array<boolean>(m).fill(false);
  const usedRows = new Array<boolean>(n).fill(false);
  const k = Math.min(n, m);
  // Choose k rows (all of them when n <= m) and assign distinct columns.
  const go = (row: number, picked: number, total: number): void => {
    if (picked === k) {
      best = maximize ? Math.max(best, total) : Math.min(best, total);
      return;
    }
    if (row === n) return;
    if (n - row > k - picked) go(row + 1, picked, total);
    usedRows[row] = true;
    for (let j = 0; j < m; j++) {
      if (usedCols[j]) continue;
      usedCols[j] = true;
      go(row + 1, picked + 1, total + cost[row * m + j]!);
      usedCols[j] = false;
    }
    usedRows[row] = false;
  };
  go(0, 0, 0);
  return best;
}

function total(cost: number[], m: number, rows: number[], cols: number[]): number {
  return rows.reduce((s, r, i) => s + cost[r * m + cols[i]!]!, 0);
}

describe('linearSumAssignment', () => {
  test("SciPy's documented example", () => {
    assert.deepEqual(linearSumAssignment([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3), {
      rowInd: [0, 1, 2],
      colInd: [1, 0, 2],
    });
  });

  test('rectangular problems, both ways, minimising and maximising (values from SciPy)', () => {
    const c = [1, 2, 3, 4, 2, 4, 6, 8, 3, 6, 9, 1];
    assert.deepEqual(linearSumAssignment(c, 3, 4), { rowInd: [0, 1, 2], colInd: [1, 0, 3] });
    assert.deepEqual(linearSumAssignment(c, 3, 4, true), { rowInd: [0, 1, 2], colInd: [1, 3, 2] });
    const t = [1, 2, 3, 2, 4, 6, 3, 6, 9, 4, 8, 1];
    assert.deepEqual(linearSumAssignment(t, 4, 3), { rowInd: [0, 1, 3], colInd: [1, 0, 2] });
  });

  test('empty and degenerate problems', () => {
    assert.deepEqual(linearSumAssignment([], 0, 0), { rowInd: [], colInd: [] });
    assert.deepEqual(linearSumAssignment([], 0, 3), { rowInd: [], colInd: [] });
    assert.deepEqual(linearSumAssignment([5], 1, 1), { rowInd: [0], colInd: [0] });
  });

  test('property: the total is optimal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 25, maxLength: 25 }),
        (n, m, maximize, pool) => {
          const cost = pool.slice(0, n * m);
          const { rowInd, colInd } = linearSumAssignment(cost, n, m, maximize);
          assert.equal(rowInd.length, Math.min(n, m));
          assert.equal(new Set(colInd).size, colInd.length);
          assert.deepEqual(
            rowInd,
            [...rowInd].sort((a, b) => a - b),
          );
          const got = total(cost, m, rowInd, colInd);
          assert.ok(Math.abs(got - bruteForce(cost, n, m, maximize)) <= 1e-9 * (1 + Math.abs(got)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('bad input', () => {
    assert.throws(() => linearSumAssignment([1, 2, 3], 2, 2), ArgumentError);
    assert.throws(() => linearSumAssignment([1, Number.NaN, 3, 4], 2, 2), /finite/);
  });
});
