import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { qr } from './qr.js';

/** Deterministic uniform(-0.5, 0.5) entries from a seed (LCG; enough for test matrices). */
function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const a = new Float64Array(rows * cols);
  let s = (seed >>> 0) + 1;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

/** max |QᵀQ - I| over the `cols` columns of row-major `q (rows, cols)`. */
function orthError(q: Float64Array, rows: number, cols: number): number {
  let err = 0;
  for (let p = 0; p < cols; p++)
    for (let r = p; r < cols; r++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += q[i * cols + p]! * q[i * cols + r]!;
      err = Math.max(err, Math.abs(t - (p === r ? 1 : 0)));
    }
  return err;
}

/** max |Q·R - A| / max(1, max |A|). */
function reconstructionError(
  q: Float64Array,
  r: Float64Array,
  a: Float64Array,
  m: number,
  kq: number,
  n: number,
) {
  let err = 0;
  let scale = 1;
  for (let i = 0; i < m * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < kq; p++) s += q[i * kq + p]! * r[p * n + j]!;
      err = Math.max(err, Math.abs(s - a[i * n + j]!));
    }
  return err / scale;
}

function assertUpperTriangular(r: Float64Array, rows: number, n: number): void {
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < Math.min(i, n); j++)
      assert.equal(r[i * n + j], 0, `R[${i}][${j}] below the diagonal`);
}

/** Checks shapes and every property of the three modes on `a (m, n)`. */
function checkQr(a: Float64Array, m: number, n: number, tol = 1e-13): void {
  const copy = a.slice();
  const k = Math.min(m, n);
  const red = qr(a, m, n, 'reduced');
  assert.ok(red.q);
  assert.equal(red.q.length, m * k);
  assert.equal(red.r.length, k * n);
  assert.ok(orthError(red.q, m, k) < tol, 'reduced Q orthonormal');
  assert.ok(reconstructionError(red.q, red.r, a, m, k, n) < tol, 'reduced Q·R = A');
  assertUpperTriangular(red.r, k, n);

  const full = qr(a, m, n, 'complete');
  assert.ok(full.q);
  assert.equal(full.q.length, m * m);
  assert.equal(full.r.length, m * n);
  assert.ok(orthError(full.q, m, m) < tol, 'complete Q orthogonal');
  assert.ok(reconstructionError(full.q, full.r, a, m, m, n) < tol, 'complete Q·R = A');
  assertUpperTriangular(full.r, m, n);
  // The complete factors extend the reduced ones.
  assert.deepEqual(full.r.subarray(0, k * n), red.r);

  const ronly = qr(a, m, n, 'r');
  assert.equal(ronly.q, null);
  assert.deepEqual(ronly.r, red.r);
  assert.deepEqual(a, copy, 'input not modified');
}

function assertAllClose(got: ArrayLike<number>, want: readonly number[], tol: number): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `[${i}]: ${got[i]} vs ${want[i]}`);
}

describe('qr', () => {
  test("matches NumPy's factors (LAPACK sign convention)", () => {
    const a = Float64Array.of(2, -1, 0, 3, -1, 2, -1, 1, 0, -1, 2, 5, 1, 1, 1, 1, 4, 0, -2, 1);
    const { q, r } = qr(a, 5, 4, 'reduced');
    // numpy.linalg.qr(a) (OpenBLAS), rounded to 6 decimals.
    assertAllClose(
      r,
      [
        -4.690416, 0.639602, 1.279204, -2.132007, 0, -2.567277, 1.48725, 1.416428, 0, 0, -2.480267, -3.47571,
        0, 0, 0, 4.285757,
      ],
      1e-6,
    );
    assert.ok(q);
    assertAllClose(
      q.subarray(0, 8),
      [-0.426401, 0.283286, -0.05005, 0.353659, 0.213201, -0.72592, 0.077856, 0.642445],
      1e-6,
    );
  });

  test('a wide matrix, complete mode (NumPy values)', () => {
    const { q, r } = qr(Float64Array.of(-3, 4, 0, 1, 1, 0), 2, 3, 'complete');
    assertAllClose(r, [3.162278, -3.478505, 0, 0, 2.213594, 0], 1e-6);
    assert.ok(q);
    assertAllClose(q, [-0.948683, 0.316228, 0.316228, 0.948683], 1e-6);
  });

  test('1×1: H = I, R keeps the sign', () => {
    const { q, r } = qr(Float64Array.of(-3), 1, 1, 'reduced');
    assert.deepEqual(Array.from(q ?? []), [1]);
    assert.deepEqual(Array.from(r), [-3]);
  });

  test('zero matrix: Q = I, R = 0 (as LAPACK)', () => {
    const red = qr(new Float64Array(6), 3, 2, 'reduced');
    assert.deepEqual(Array.from(red.q ?? []), [1, 0, 0, 1, 0, 0]);
    assert.deepEqual(Array.from(red.r), [0, 0, 0, 0]);
    const full = qr(new Float64Array(6), 3, 2, 'complete');
    assert.deepEqual(Array.from(full.q ?? []), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  test('a zero column skips its reflector (NumPy values)', () => {
    const { q, r } = qr(Float64Array.of(0, 1, 0, 2, 0, 2), 3, 2, 'reduced');
    assertAllClose(q ?? [], [1, 0, 0, -Math.SQRT1_2, 0, -Math.SQRT1_2], 1e-15);
    assertAllClose(r, [0, 1, 0, -2 * Math.SQRT2], 1e-15);
  });

  test('empty shapes', () => {
    const a = qr(new Float64Array(0), 0, 3, 'complete');
    assert.equal(a.q?.length, 0);
    assert.equal(a.r.length, 0);
    const b = qr(new Float64Array(0), 3, 0, 'reduced');
    assert.equal(b.q?.length, 0);
    assert.equal(b.r.length, 0);
    const c = qr(new Float64Array(0), 3, 0, 'complete');
    assert.deepEqual(Array.from(c.q ?? []), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  test('random shapes, every mode (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }), fc.nat(), (m, n, seed) =>
        checkQr(randomMatrix(m, n, seed), m, n),
      ),
      { numRuns: 150 },
    );
  });

  test('shapes spanning several panels and recursion levels', () => {
    for (const [m, n] of [
      [120, 45],
      [45, 120],
      [90, 90],
      [300, 17],
      [17, 300],
    ] as const) {
      checkQr(randomMatrix(m, n, m * 1000 + n), m, n, 1e-12);
    }
  });

  test('a large panel width (k >= 400)', () => {
    const m = 420;
    const n = 410;
    const a = randomMatrix(m, n, 3);
    const { q, r } = qr(a, m, n, 'reduced');
    assert.ok(q);
    assert.ok(orthError(q, m, n) < 1e-12);
    assert.ok(reconstructionError(q, r, a, m, n, n) < 1e-12);
  });

  test('rank-deficient input still gives orthonormal Q and Q·R = A', () => {
    const m = 40;
    const n = 30;
    const u = randomMatrix(m, 3, 7);
    const v = randomMatrix(3, n, 8);
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) for (let p = 0; p < 3; p++) a[i * n + j]! += u[i * 3 + p]! * v[p * n + j]!;
    checkQr(a, m, n);
  });

  test('extreme scales neither overflow nor underflow', () => {
    for (const scale of [1e-300, 1e300, 1e-310]) {
      const base = randomMatrix(12, 7, 4);
      const a = base.map((x) => x * scale);
      const { q, r } = qr(a, 12, 7, 'reduced');
      assert.ok(q);
      assert.ok(orthError(q, 12, 7) < 1e-13, `Q orthonormal at scale ${scale}`);
      const { r: r1 } = qr(base, 12, 7, 'r');
      for (let i = 0; i < r.length; i++) {
        assert.ok(Number.isFinite(r[i]!));
        // Subnormal inputs (1e-310) carry fewer significant bits.
        const tol = scale < 1e-307 ? 1e-4 : 1e-13;
        assert.ok(Math.abs(r[i]! / scale - r1[i]!) <= tol, `R[${i}] at scale ${scale}`);
      }
    }
  });

  test('NaN or Inf input throws LinAlgError', () => {
    assert.throws(() => qr(Float64Array.of(1, Number.NaN, 3, 4), 2, 2, 'reduced'), LinAlgError);
    assert.throws(() => qr(Float64Array.of(1, 2, Number.NEGATIVE_INFINITY, 4), 2, 2, 'r'), LinAlgError);
  });

  test('too short a buffer throws ArgumentError', () => {
    assert.throws(() => qr(new Float64Array(5), 2, 3, 'reduced'), ArgumentError);
  });
});
