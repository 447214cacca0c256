import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { helperThreadReady, jsonOnOneThread } from '../../../test-utils/threads.js';
import { eigh, eigvalsh } from './eigh.js';

/** Deterministic symmetric matrix with uniform(-0.5, 0.5) entries. */
function randomSymmetric(n: number, seed: number): Float64Array {
  const a = new Float64Array(n * n);
  let s = (seed >>> 0) + 1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const v = s / 4294967296 - 0.5;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  return a;
}

/** Symmetric `Q·diag(w)·Qᵀ` with `Q` the eigenvectors of a random matrix. */
function withSpectrum(w: number[], seed: number): Float64Array {
  const n = w.length;
  const q = eigh(randomSymmetric(n, seed), n).v;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += q[i * n + k]! * w[k]! * q[j * n + k]!;
      a[i * n + j] = t;
    }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}

/** Checks `A·V = V·diag(w)`, `VᵀV = I`, ascending `w`, agreement with `eigvalsh`; returns `w`. */
function checkEigh(a: Float64Array, n: number, tol = 1e-13): Float64Array {
  const copy = a.slice();
  const { w, v } = eigh(a, n);
  assert.deepEqual(a, copy, 'input mutated');
  assert.equal(w.length, n);
  assert.equal(v.length, n * n);
  let scale = 1;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 1; i < n; i++) assert.ok(w[i]! >= w[i - 1]!, 'ascending');
  let res = 0;
  let orth = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let t = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        // Only the lower triangle counts.
        const aik = k <= i ? a[i * n + k]! : a[k * n + i]!;
        t += aik * v[k * n + j]!;
        o += v[k * n + i]! * v[k * n + j]!;
      }
      res = Math.max(res, Math.abs(t - v[i * n + j]! * w[j]!));
      orth = Math.max(orth, Math.abs(o - (i === j ? 1 : 0)));
    }
  assert.ok(res <= tol * scale * Math.max(n, 1), `residual ${res}`);
  assert.ok(orth <= tol * Math.max(n, 1), `orthogonality ${orth}`);
  const w2 = eigvalsh(a, n);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(w2[i]! - w[i]!) <= tol * scale * Math.max(n, 1));
  return w;
}

describe('eigh', () => {
  test('known values', () => {
    const { w, v } = eigh(new Float64Array([2, 1, 1, 2]), 2);
    assert.ok(Math.abs(w[0]! - 1) < 1e-15 && Math.abs(w[1]! - 3) < 1e-15);
    assert.ok(Math.abs(Math.abs(v[0]!) - Math.SQRT1_2) < 1e-15);
    // NumPy: eigvalsh([[4,1,2],[1,3,0],[2,0,5]])
    const w3 = checkEigh(new Float64Array([4, 1, 2, 1, 3, 0, 2, 0, 5]), 3);
    const ref = [1.8548973087995775, 3.476023602918134, 6.669079088282287];
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(w3[i]! - ref[i]!) < 1e-13);
    assert.deepEqual(Array.from(eigh(new Float64Array([-7]), 1).w), [-7]);
    assert.deepEqual(Array.from(eigh(new Float64Array([-7]), 1).v), [1]);
  });

  test('reads only the lower triangle', () => {
    const lower = new Float64Array([4, 99, Number.NaN, 1, 3, Number.POSITIVE_INFINITY, 2, 0, 5]);
    const ref = eigvalsh(new Float64Array([4, 1, 2, 1, 3, 0, 2, 0, 5]), 3);
    assert.deepEqual(eigvalsh(lower, 3), ref);
    const w = eigh(lower, 3).w;
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(w[i]! - ref[i]!) < 1e-14);
  });

  test('empty, diagonal, repeated and clustered eigenvalues', () => {
    const e = eigh(new Float64Array(0), 0);
    assert.equal(e.w.length, 0);
    assert.equal(e.v.length, 0);
    const diag = new Float64Array(16);
    [3, -1, 2, -1].forEach((x, i) => {
      diag[i * 4 + i] = x;
    });
    assert.deepEqual(Array.from(checkEigh(diag, 4)), [-1, -1, 2, 3]);
    const eye = new Float64Array(25);
    for (let i = 0; i < 5; i++) eye[i * 5 + i] = 1;
    assert.deepEqual(Array.from(checkEigh(eye, 5)), [1, 1, 1, 1, 1]);
    const spec = [1, 1, 1, 2, 2, 1 + 1e-12, -3, 0, 0, 5];
    const w = checkEigh(withSpectrum(spec, 11), spec.length);
    const sorted = [...spec].sort((x, y) => x - y);
    for (let i = 0; i < spec.length; i++) assert.ok(Math.abs(w[i]! - sorted[i]!) < 1e-13);
    checkEigh(new Float64Array(9), 3);
  });

  test('extreme scales', () => {
    const a = randomSymmetric(6, 4);
    const ref = eigvalsh(a, 6);
    for (const f of [1e300, 1e-300]) {
      const w = checkEigh(
        a.map((x) => x * f),
        6,
      );
      for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i]! / f - ref[i]!) < 1e-14);
    }
    // tridiagonal with a wide spread (graded)
    const n = 6;
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      g[i * n + i] = 10 ** (-3 * i);
      if (i > 0) g[i * n + i - 1] = 10 ** (-3 * i + 1);
    }
    checkEigh(g, n);
  });

  test('rejects bad input', () => {
    assert.throws(
      () => eigh(new Float64Array([1, 0, Number.NaN, 1]), 2),
      (e: unknown) => e instanceof LinAlgError && /eigh: input contains NaN or Inf/.test(e.message),
    );
    assert.throws(() => eigvalsh(new Float64Array([Number.NEGATIVE_INFINITY]), 1), LinAlgError);
    assert.throws(() => eigh(new Float64Array(5), 2), ArgumentError);
    assert.throws(() => eigvalsh(new Float64Array(4), 2.5), ArgumentError);
  });

  test('property: A·V = V·diag(w), orthonormal V, ascending w', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 1 << 30 }), (n, seed) => {
        checkEigh(randomSymmetric(n, seed), n);
      }),
      { numRuns: 300 },
    );
  });

  test('blocked accumulation of the eigenvectors (64 reflectors and more): repeated, zero and graded spectra', () => {
    for (const n of [64, 65, 66, 97]) checkEigh(randomSymmetric(n, n), n, 1e-14);
    const w = Array.from({ length: 70 }, (_, i) => (i < 30 ? -2 : i < 60 ? 5 : i - 60));
    const got = checkEigh(withSpectrum(w, 3), 70);
    const sorted = w.slice().sort((x, y) => x - y);
    for (let i = 0; i < 70; i++) assert.ok(Math.abs(got[i]! - sorted[i]!) < 1e-12);
    assert.deepEqual(Array.from(checkEigh(new Float64Array(70 * 70), 70)), new Array(70).fill(0));
    const graded = withSpectrum(
      Array.from({ length: 80 }, (_, i) => 10 ** (-(10 * i) / 79)),
      4,
    );
    checkEigh(graded, 80);
  });

  test('two-thread tridiagonalisation (65536 entries and more): accurate; the eigenvalues of one thread, bit for bit', async () => {
    await helperThreadReady();
    const n = 280;
    const w2 = checkEigh(randomSymmetric(n, 31), n, 1e-14);
    // The same matrix in a process on one thread: the steps split their sums the same way, so the same bits.
    const url = new URL('./eigh.js', import.meta.url).href;
    const code = `
      const { eigh } = await import('${url}');
      const n = ${n};
      const a = new Float64Array(n * n);
      let s = 32;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          a[i * n + j] = a[j * n + i] = s / 4294967296 - 0.5;
        }
      const r = eigh(a, n);
      console.log(JSON.stringify([Array.from(r.w), Array.from(r.v)]));`;
    const one = jsonOnOneThread(code) as number[][];
    assert.deepEqual(one[0], Array.from(w2), 'the same eigenvalues, to the bit');
    // The eigenvectors are built with GEMMs, which split some products by depth on two threads: rounding only.
    const v = eigh(randomSymmetric(n, 31), n).v;
    for (let i = 0; i < v.length; i++) assert.ok(Math.abs(one[1]![i]! - v[i]!) < 1e-13);
  });

  test('larger sizes stay accurate (rotations recorded and applied in column blocks, see rotations.ts)', () => {
    checkEigh(randomSymmetric(150, 5), 150, 1e-14);
    checkEigh(randomSymmetric(210, 6), 210, 1e-14);
  });
});
