import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { lstsq, pinv } from './lstsq.js';

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const a = new Float64Array(rows * cols);
  let s = (seed >>> 0) + 1;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

function mul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + aip * b[p * n + j]!;
    }
  return c;
}

function tr(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]! - b[i]!));
  return mx;
}

/** A random `m × n` matrix of rank `r` (as a product of random factors). */
function lowRank(m: number, n: number, r: number, seed: number): Float64Array {
  if (r >= Math.min(m, n)) return randomMatrix(m, n, seed);
  return mul(randomMatrix(m, r, seed), randomMatrix(r, n, seed + 1), m, r, n);
}

describe('lstsq', () => {
  test('NumPy results, including when residuals are empty', () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]);
    const b = new Float64Array([1, 2, 4]);
    const full = lstsq(a, 3, 2, b, 1);
    assert.ok(maxDiff(full.x, [2 / 3, 1 / 12]) < 1e-14);
    assert.equal(full.rank, 2);
    assert.equal(full.residuals.length, 1);
    assert.ok(Math.abs(full.residuals[0]! - 1 / 6) < 1e-14);
    assert.ok(maxDiff(full.s, [9.525518091565107, 0.5143005806586441]) < 1e-13);
    // square: m <= n, no residuals
    const sq = lstsq(a.subarray(0, 4), 2, 2, b.subarray(0, 2), 1);
    assert.equal(sq.residuals.length, 0);
    assert.ok(maxDiff(sq.x, [0, 0.5]) < 1e-14);
    // rank deficient: no residuals, minimum-norm solution
    const rd = lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), 3, 2, b, 1);
    assert.equal(rd.rank, 1);
    assert.equal(rd.residuals.length, 0);
    assert.ok(maxDiff(rd.x, [0.24285714285714285, 0.48571428571428577]) < 1e-14);
    // underdetermined
    const ud = lstsq(new Float64Array([1, 2, 3]), 1, 3, new Float64Array([1]), 1);
    assert.equal(ud.rank, 1);
    assert.equal(ud.residuals.length, 0);
    assert.ok(maxDiff(ud.x, [1 / 14, 2 / 14, 3 / 14]) < 1e-15);
    // all zeros: rank 0, x = 0
    const z = lstsq(new Float64Array(6), 3, 2, new Float64Array([1, 1, 1]), 1);
    assert.equal(z.rank, 0);
    assert.deepEqual(Array.from(z.x), [0, 0]);
    assert.deepEqual(Array.from(z.s), [0, 0]);
    assert.equal(z.residuals.length, 0);
  });

  test('empty shapes follow NumPy', () => {
    const a = lstsq(new Float64Array(0), 0, 3, new Float64Array(0), 2);
    assert.deepEqual([a.x.length, a.residuals.length, a.rank, a.s.length], [6, 0, 0, 0]);
    const b = lstsq(new Float64Array(0), 3, 0, new Float64Array([1, 2, 3, 4, 5, 6]), 2);
    assert.deepEqual([b.x.length, b.rank, b.s.length], [0, 0, 0]);
    assert.deepEqual(Array.from(b.residuals), [1 + 9 + 25, 4 + 16 + 36]);
    const c = lstsq(new Float64Array(0), 0, 0, new Float64Array(0), 2);
    assert.equal(c.residuals.length, 0);
    const d = lstsq(new Float64Array([1, 2, 3, 4]), 2, 2, new Float64Array(0), 0);
    assert.equal(d.x.length, 0);
  });

  test('rcond decides the rank', () => {
    const a = new Float64Array([1, 0, 0, 1e-10]);
    assert.equal(lstsq(a, 2, 2, new Float64Array([1, 1]), 1).rank, 2);
    const cut = lstsq(a, 2, 2, new Float64Array([1, 1]), 1, 1e-8);
    assert.equal(cut.rank, 1);
    assert.deepEqual(Array.from(cut.x), [1, 0]);
  });

  test('rejects bad input', () => {
    assert.throws(() => lstsq(new Float64Array(4), 2, 2, new Float64Array(3), 1), ArgumentError);
    assert.throws(() => lstsq(new Float64Array(4), 2, 2, new Float64Array(2), 1, Number.NaN), ArgumentError);
    assert.throws(
      () => lstsq(new Float64Array([1, Number.NaN, 0, 1]), 2, 2, new Float64Array(2), 1),
      (e: unknown) => e instanceof LinAlgError && /lstsq: input contains NaN or Inf/.test(e.message),
    );
    assert.throws(
      () => lstsq(new Float64Array([1, 0, 0, 1]), 2, 2, new Float64Array([1, Number.NaN]), 1),
      LinAlgError,
    );
  });

  test('property: normal equations, minimum norm, residuals present exactly when NumPy has them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        (m, n, nrhs, r, seed) => {
          const a = lowRank(m, n, r, seed);
          const b = randomMatrix(m, nrhs, seed + 2);
          const aCopy = a.slice();
          const bCopy = b.slice();
          const { x, residuals, rank, s } = lstsq(a, m, n, b, nrhs);
          assert.deepEqual(a, aCopy);
          assert.deepEqual(b, bCopy);
          assert.equal(x.length, n * nrhs);
          assert.equal(s.length, Math.min(m, n));
          assert.equal(rank, Math.min(r, m, n));
          assert.equal(residuals.length, rank === n && m > n ? nrhs : 0);
          // Aᵀ(A·x - b) = 0
          const ax = mul(a, x, m, n, nrhs);
          const res = ax.map((v, i) => v - b[i]!);
          const ne = mul(tr(a, m, n), res, n, m, nrhs);
          for (const v of ne) assert.ok(Math.abs(v) < 1e-11, `normal equations ${v}`);
          // minimum norm: x = pinv(A)·b
          const xp = mul(pinv(a, m, n, 1e-10), b, n, m, nrhs);
          assert.ok(maxDiff(x, xp) < 1e-9);
          for (let q = 0; q < residuals.length; q++) {
            let ss = 0;
            for (let i = 0; i < m; i++) ss += res[i * nrhs + q]! ** 2;
            assert.ok(Math.abs(residuals[q]! - ss) < 1e-12);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('tall and wide systems on the QR path', () => {
    for (const [m, n] of [
      [60, 8],
      [8, 60],
    ] as const) {
      const a = randomMatrix(m, n, 9);
      const b = randomMatrix(m, 2, 10);
      const { x } = lstsq(a, m, n, b, 2);
      const res = mul(a, x, m, n, 2).map((v, i) => v - b[i]!);
      for (const v of mul(tr(a, m, n), res, n, m, 2)) assert.ok(Math.abs(v) < 1e-12);
    }
  });
});

describe('pinv', () => {
  test('known values', () => {
    assert.deepEqual(Array.from(pinv(new Float64Array([2, 0, 0, 0]), 2, 2)), [0.5, 0, 0, 0]);
    const p = pinv(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2);
    const ref = [-4 / 3, -1 / 3, 2 / 3, 13 / 12, 1 / 3, -5 / 12];
    assert.ok(maxDiff(p, ref) < 1e-14);
    assert.equal(pinv(new Float64Array(0), 0, 3).length, 0);
    assert.deepEqual(Array.from(pinv(new Float64Array(6), 2, 3)), [0, 0, 0, 0, 0, 0]);
  });

  test('rejects bad input', () => {
    assert.throws(() => pinv(new Float64Array(3), 2, 2), ArgumentError);
    assert.throws(() => pinv(new Float64Array([Number.NaN]), 1, 1), LinAlgError);
  });

  test('property: the four Moore–Penrose conditions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        (m, n, r, seed) => {
          const a = lowRank(m, n, r, seed);
          const p = pinv(a, m, n, 1e-10);
          assert.equal(p.length, n * m);
          const ap = mul(a, p, m, n, m);
          const pa = mul(p, a, n, m, n);
          assert.ok(maxDiff(mul(ap, a, m, m, n), a) < 1e-10, 'A·P·A = A');
          assert.ok(maxDiff(mul(pa, p, n, n, m), p) < 1e-8, 'P·A·P = P');
          assert.ok(maxDiff(ap, tr(ap, m, m)) < 1e-10, 'A·P symmetric');
          assert.ok(maxDiff(pa, tr(pa, n, n)) < 1e-10, 'P·A symmetric');
        },
      ),
      { numRuns: 300 },
    );
  });
});
