import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { cholesky } from './cholesky.js';

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

/** `G·Gᵀ + shift·I` for a random `(n, n)` G: symmetric positive definite when `shift > 0`. */
function randomSpd(n: number, seed: number, shift = 0.1): Float64Array {
  const g = randomMatrix(n, n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? shift : 0;
      for (let p = 0; p < n; p++) s += g[i * n + p]! * g[j * n + p]!;
      a[i * n + j] = s;
    }
  return a;
}

/** Asserts L is lower triangular with a positive diagonal and `L·Lᵀ = A` to `tol` relative to max |A|. */
function checkFactor(a: Float64Array, l: Float64Array, n: number, tol: number): void {
  let scale = 1;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < n; i++) {
    assert.ok(l[i * n + i]! > 0, `L[${i}][${i}] > 0`);
    for (let j = i + 1; j < n; j++) assert.equal(l[i * n + j], 0, `L[${i}][${j}] above the diagonal`);
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p <= j; p++) s += l[i * n + p]! * l[j * n + p]!;
      assert.ok(Math.abs(s - a[i * n + j]!) <= tol * scale, `(L·Lᵀ)[${i}][${j}] = ${s}, A = ${a[i * n + j]}`);
    }
  }
}

describe('cholesky', () => {
  test('a known factor (NumPy example)', () => {
    const l = cholesky(Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98), 3);
    assert.deepEqual(Array.from(l), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  test('1×1 and 0×0', () => {
    assert.deepEqual(Array.from(cholesky(Float64Array.of(9), 1)), [3]);
    assert.equal(cholesky(new Float64Array(0), 0).length, 0);
  });

  test('L·Lᵀ = A on random SPD matrices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.nat(), (n, seed) => {
        const a = randomSpd(n, seed);
        const copy = a.slice();
        checkFactor(a, cholesky(a, n), n, 1e-13);
        assert.deepEqual(a, copy, 'input not modified');
      }),
      { numRuns: 80 },
    );
  });

  test('sizes spanning several recursion levels', () => {
    for (const n of [65, 130, 203]) {
      const a = randomSpd(n, n, 1);
      checkFactor(a, cholesky(a, n), n, 1e-12);
    }
  });

  test('reads only the lower triangle', () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const b = a.slice();
    b[1] = 1e9;
    b[2] = Number.NaN;
    b[5] = -7;
    assert.deepEqual(cholesky(b, 3), cholesky(a, 3));
  });

  test('not positive definite throws LinAlgError', () => {
    assert.throws(() => cholesky(Float64Array.of(1, 2, 2, 1), 2), LinAlgError);
    assert.throws(() => cholesky(Float64Array.of(-1), 1), LinAlgError);
    assert.throws(() => cholesky(new Float64Array(9), 3), LinAlgError);
    // Positive semidefinite, singular: a zero pivot.
    assert.throws(() => cholesky(Float64Array.of(1, 1, 1, 1), 2), /leading minor of order 2/);
    // Indefinite only in a late block (beyond the element-by-element leaf size).
    const n = 40;
    const a = randomSpd(n, 9, 0);
    for (let j = 0; j < n; j++) {
      a[(n - 1) * n + j] = 0;
      a[j * n + n - 1] = 0;
    }
    a[n * n - 1] = -1;
    assert.throws(() => cholesky(a, n), LinAlgError);
  });

  test('NaN or Inf in the lower triangle throws LinAlgError', () => {
    assert.throws(() => cholesky(Float64Array.of(4, 0, Number.NaN, 4), 2), LinAlgError);
    assert.throws(() => cholesky(Float64Array.of(Number.POSITIVE_INFINITY, 0, 0, 4), 2), LinAlgError);
  });

  test('bad arguments throw ArgumentError', () => {
    assert.throws(() => cholesky(new Float64Array(3), 2), ArgumentError);
    assert.throws(() => cholesky(new Float64Array(4), -1), ArgumentError);
  });
});
