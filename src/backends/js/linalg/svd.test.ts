import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { helperThreadReady, jsonOnOneThread } from '../../../test-utils/threads.js';
import { svd, svdRows } from './svd.js';

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

/** Row-major product `(m, k)·(k, n)`. */
function mul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + aip * b[p * n + j]!;
    }
  return c;
}

function maxAbs(a: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  return mx;
}

/** max |QᵀQ - I| for the columns of the row-major `rows × cols` matrix `q`. */
function orthColsError(q: Float64Array, rows: number, cols: number): number {
  let err = 0;
  for (let p = 0; p < cols; p++)
    for (let r = 0; r < cols; r++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += q[i * cols + p]! * q[i * cols + r]!;
      err = Math.max(err, Math.abs(t - (p === r ? 1 : 0)));
    }
  return err;
}

/** max |QQᵀ - I| for the rows of `q`. */
function orthRowsError(q: Float64Array, rows: number, cols: number): number {
  let err = 0;
  for (let p = 0; p < rows; p++)
    for (let r = 0; r < rows; r++) {
      let t = 0;
      for (let j = 0; j < cols; j++) t += q[p * cols + j]! * q[r * cols + j]!;
      err = Math.max(err, Math.abs(t - (p === r ? 1 : 0)));
    }
  return err;
}

/** Checks every property of an SVD of `a` and returns `s`. */
function checkSvd(a: Float64Array, m: number, n: number, full: boolean, tol = 1e-13): Float64Array {
  const copy = a.slice();
  const { u, s, vt } = svd(a, m, n, full, true);
  assert.deepEqual(a, copy, 'input mutated');
  const k = Math.min(m, n);
  const uc = full ? m : k;
  const vr = full ? n : k;
  assert.equal(s.length, k);
  assert.equal(u!.length, m * uc);
  assert.equal(vt!.length, vr * n);
  for (let i = 0; i < k; i++) {
    assert.ok(s[i]! >= 0, 's non-negative');
    if (i > 0) assert.ok(s[i]! <= s[i - 1]!, 's descending');
  }
  const scale = Math.max(1, maxAbs(a));
  // U[:, :k]·diag(s)·Vt[:k, :] = A
  const us = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let q = 0; q < k; q++) us[i * k + q] = u![i * uc + q]! * s[q]!;
  const rec = mul(us, vt!.subarray(0, k * n), m, k, n);
  let err = 0;
  for (let i = 0; i < rec.length; i++) err = Math.max(err, Math.abs(rec[i]! - a[i]!));
  assert.ok(err <= tol * scale * Math.max(m, n, 1), `reconstruction error ${err}`);
  assert.ok(orthColsError(u!, m, uc) <= tol * Math.max(m, 1), 'U orthonormal');
  assert.ok(orthRowsError(vt!, vr, n) <= tol * Math.max(n, 1), 'V orthonormal');
  const values = svd(a, m, n, full, false);
  assert.equal(values.u, null);
  assert.equal(values.vt, null);
  for (let i = 0; i < k; i++) assert.ok(Math.abs(values.s[i]! - s[i]!) <= tol * scale * Math.max(m, n));
  return s;
}

describe('svd', () => {
  test('known values (NumPy)', () => {
    const s = checkSvd(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2, false);
    assert.ok(Math.abs(s[0]! - 9.525518091565107) < 1e-13);
    assert.ok(Math.abs(s[1]! - 0.5143005806586441) < 1e-13);
    const d = svd(new Float64Array([3, 0, 0, -4]), 2, 2, true, true);
    assert.deepEqual(Array.from(d.s), [4, 3]);
    // A = U·diag(s)·Vt with the sign carried by the vectors.
    const one = svd(new Float64Array([-3]), 1, 1, false, true);
    assert.deepEqual(Array.from(one.s), [3]);
    assert.equal(one.u![0]! * one.vt![0]!, -1);
  });

  test('empty shapes follow NumPy', () => {
    const a = svd(new Float64Array(0), 0, 3, true, true);
    assert.equal(a.s.length, 0);
    assert.equal(a.u!.length, 0);
    assert.deepEqual(Array.from(a.vt!), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const b = svd(new Float64Array(0), 3, 0, false, true);
    assert.equal(b.u!.length, 0);
    assert.equal(b.vt!.length, 0);
    const c = svd(new Float64Array(0), 3, 0, true, true);
    assert.deepEqual(Array.from(c.u!), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.equal(svd(new Float64Array(0), 0, 0, false, false).s.length, 0);
  });

  test('zero, rank-deficient and repeated singular values', () => {
    assert.deepEqual(Array.from(checkSvd(new Float64Array(12), 4, 3, true)), [0, 0, 0]);
    // rank 1: outer product
    const x = [1, -2, 3, 0.5, 4];
    const y = [2, 1, -1, 3];
    const r1 = new Float64Array(20);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) r1[i * 4 + j] = x[i]! * y[j]!;
    const s1 = checkSvd(r1, 5, 4, false);
    assert.ok(Math.abs(s1[0]! - Math.sqrt(30.25 * 15)) < 1e-12);
    for (let i = 1; i < 4; i++) assert.ok(s1[i]! < 1e-14);
    // identity: every singular value is 1
    const eye = new Float64Array(36);
    for (let i = 0; i < 6; i++) eye[i * 6 + i] = 1;
    assert.deepEqual(Array.from(checkSvd(eye, 6, 6, true)), [1, 1, 1, 1, 1, 1]);
    // a matrix with s = [2, 2, 2, 1, 1]: U·diag(s)·Vᵀ with U, V from an SVD of a random matrix
    const base = svd(randomMatrix(5, 5, 7), 5, 5, false, true);
    const target = [2, 2, 2, 1, 1];
    const us = new Float64Array(25);
    for (let i = 0; i < 5; i++) for (let q = 0; q < 5; q++) us[i * 5 + q] = base.u![i * 5 + q]! * target[q]!;
    const rep = checkSvd(mul(us, base.vt!, 5, 5, 5), 5, 5, false);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(rep[i]! - target[i]!) < 1e-14);
  });

  test('tall (QR path), wide and complete bases', () => {
    for (const [m, n] of [
      [12, 3],
      [3, 12],
      [40, 25],
      [25, 40],
      [9, 9],
      [1, 7],
      [7, 1],
    ] as const) {
      checkSvd(randomMatrix(m, n, m * 31 + n), m, n, true);
      checkSvd(randomMatrix(m, n, m * 31 + n), m, n, false);
    }
  });

  test('graded and extreme scales keep relative accuracy of the large values', () => {
    const big = randomMatrix(6, 4, 3).map((v) => v * 1e300);
    const s = checkSvd(big, 6, 4, false);
    const ref = svd(randomMatrix(6, 4, 3), 6, 4, false, false).s;
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(s[i]! / 1e300 - ref[i]!) < 1e-14);
    const tiny = randomMatrix(4, 6, 3).map((v) => v * 1e-300);
    const st = svd(tiny, 4, 6, false, false).s;
    const rt = svd(randomMatrix(4, 6, 3), 4, 6, false, false).s;
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(st[i]! / 1e-300 - rt[i]!) < 1e-14);
    // diagonal with widely spread values: exact singular values
    const g = new Float64Array(16);
    [1e-20, 1, 1e20, 1e-5].forEach((v, i) => {
      g[i * 4 + i] = v;
    });
    assert.deepEqual(Array.from(svd(g, 4, 4, false, false).s), [1e20, 1, 1e-5, 1e-20]);
  });

  test('bidiagonal with tiny and zero entries converges (zero-shift path)', () => {
    const n = 8;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i === 3 ? 0 : 10 ** -i;
      if (i + 1 < n) a[i * n + i + 1] = 1;
    }
    checkSvd(a, n, n, false);
  });

  test('graded bidiagonal: both chase directions give relatively accurate values', () => {
    // B grows down the diagonal (chased bottom to top); its reversed transpose P·Bᵀ·P shrinks
    // (chased top to bottom). Both have the same singular values, to high relative accuracy.
    const n = 10;
    const b = new Float64Array(n * n);
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      b[i * n + i] = 10 ** (2 * i - 9);
      if (i + 1 < n) b[i * n + i + 1] = 0.7 * 10 ** (2 * i - 9);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r[i * n + j] = b[(n - 1 - j) * n + (n - 1 - i)]!;
    const sb = checkSvd(b, n, n, false);
    const sr = checkSvd(r, n, n, false);
    for (let i = 0; i < n; i++)
      assert.ok(Math.abs(sb[i]! - sr[i]!) <= 1e-13 * sr[i]!, `${sb[i]} vs ${sr[i]}`);
    assert.ok(sb[n - 1]! > 0 && sb[n - 1]! < 1e-8);
  });

  test('rejects bad input', () => {
    assert.throws(() => svd(new Float64Array([1, Number.NaN, 0, 1]), 2, 2, false, true), LinAlgError);
    assert.throws(
      () => svd(new Float64Array([1, Number.POSITIVE_INFINITY]), 1, 2, false, false),
      (e: unknown) => e instanceof LinAlgError && /svd: input contains NaN or Inf/.test(e.message),
    );
    assert.throws(() => svd(new Float64Array(5), 2, 3, false, true), ArgumentError);
    assert.throws(() => svd(new Float64Array(6), -2, -3, false, true), ArgumentError);
    assert.throws(() => svd([1, 2] as unknown as Float64Array, 1, 2, false, true), ArgumentError);
  });

  test('small matrices (one-sided Jacobi): accurate, and the values of the bidiagonal QR', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1 << 30 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 6 }),
        (k, long, wide, seed, full, rank) => {
          const [m, n] = wide ? [k, Math.max(k, long)] : [Math.max(k, long), k];
          const r = Math.min(rank, k);
          const a =
            rank >= k
              ? randomMatrix(m, n, seed)
              : mul(randomMatrix(m, r, seed), randomMatrix(r, n, seed + 1), m, r, n);
          const s = checkSvd(a, m, n, full);
          // The QR path (svdRows) on the same matrix: the same values to rounding.
          const q = svdRows(a, m, n, false, false).s;
          for (let i = 0; i < k; i++)
            assert.ok(Math.abs(s[i]! - q[i]!) <= 1e-14 * Math.max(1, q[0]!), `σ${i}`);
        },
      ),
      { numRuns: 500 },
    );
    // All zeros: U and V still orthonormal (completed), also for the longest sides.
    checkSvd(new Float64Array(15), 5, 3, true);
    checkSvd(new Float64Array(15), 3, 5, true);
    checkSvd(new Float64Array(384), 64, 6, true);
    checkSvd(new Float64Array(384), 6, 64, true);
  });

  test('small matrices: rank deficiency, graded columns and tiny or huge entries (review cases)', () => {
    // Exactly dependent columns leave rounding noise that a plain Jacobi sweep shrinks forever.
    const ones = checkSvd(new Float64Array(30).fill(1), 10, 3, true);
    assert.ok(Math.abs(ones[0]! - Math.sqrt(30)) < 1e-14 && ones[1]! < 1e-14 && ones[2]! < 1e-14);
    const singular = new Float64Array([-1, -2, 3, 0, 0, 2, 0, 2, 0, -1, 0, -1, -3, -1, -2, 0]);
    assert.ok(checkSvd(singular, 4, 4, true)[3]! < 1e-14);
    // Columns 1e100 apart: the small value keeps its relative accuracy.
    const e = 1e-100;
    const graded = checkSvd(new Float64Array([1, e, 1, 2 * e]), 2, 2, true);
    assert.ok(Math.abs(graded[1]! / (e / Math.SQRT2) - 1) < 1e-14, `${graded[1]}`);
    // Ranges beyond 2^-450 (ζ² would overflow) and tiny entries near rank one.
    checkSvd(new Float64Array([1, 1e-140, 1, 2e-140]), 2, 2, true);
    checkSvd(new Float64Array([1e144, 1e-144, 1e144, 2e-144]), 2, 2, true);
    const tiny = new Float64Array([
      1.9458133560897891e-292, 1.5381532650448928e-292, 1.3922995540840967e-292, 1.1006040730127352e-292,
    ]);
    checkSvd(tiny, 2, 2, true);
    checkSvd(
      tiny.map((v) => v * 2 ** 700),
      2,
      2,
      true,
    );
  });

  test('property: reconstruction, orthonormality, ordering on random shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 14 }),
        (m, n, seed, full, rank) => {
          // Random rank-limited matrices exercise the deflation paths.
          const r = Math.min(rank, m, n);
          const a =
            rank >= Math.min(m, n)
              ? randomMatrix(m, n, seed)
              : mul(randomMatrix(m, r, seed), randomMatrix(r, n, seed + 1), m, r, n);
          checkSvd(a, m, n, full);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('blocked accumulation of U and Vᵀ (64 reflectors and more): shapes, ranks, repeated and graded values', () => {
    // Square around the block threshold, tall through the QR path, wide through the transpose; thin and full.
    for (const [m, n] of [
      [64, 64],
      [65, 65],
      [150, 70],
      [70, 150],
      [100, 97],
    ] as const) {
      checkSvd(randomMatrix(m, n, m + 7 * n), m, n, false, 1e-14);
      checkSvd(randomMatrix(m, n, m + 7 * n), m, n, true, 1e-14);
    }
    // Rank 5 of a 120 × 80 matrix: 75 zero singular values.
    const low = checkSvd(mul(randomMatrix(120, 5, 1), randomMatrix(5, 80, 2), 120, 5, 80), 120, 80, true);
    for (let i = 5; i < 80; i++) assert.ok(low[i]! < 1e-13 * low[0]!);
    assert.deepEqual(Array.from(checkSvd(new Float64Array(70 * 66), 70, 66, true)), new Array(66).fill(0));
    // s = 3 (x40), 1 (x30) from orthonormal factors; then graded columns (scales 1 .. 1e-12).
    const base = svd(randomMatrix(70, 70, 9), 70, 70, false, true);
    const us = new Float64Array(70 * 70);
    for (let i = 0; i < 70; i++)
      for (let q = 0; q < 70; q++) us[i * 70 + q] = base.u![i * 70 + q]! * (q < 40 ? 3 : 1);
    const rep = checkSvd(mul(us, base.vt!, 70, 70, 70), 70, 70, false);
    for (let i = 0; i < 70; i++) assert.ok(Math.abs(rep[i]! - (i < 40 ? 3 : 1)) < 1e-13);
    const graded = randomMatrix(90, 80, 4);
    for (let i = 0; i < 90; i++) for (let j = 0; j < 80; j++) graded[i * 80 + j]! *= 10 ** (-(12 * j) / 79);
    checkSvd(graded, 90, 80, false);
  });

  test('results do not share the scratch of later calls (pool reuse and growth)', () => {
    const a = randomMatrix(6, 5, 11);
    const first = svd(a, 6, 5, true, true);
    const copies = [first.u!.slice(), first.s.slice(), first.vt!.slice()];
    // Larger and differently shaped calls reuse and then outgrow the pool.
    for (const [m, n] of [
      [6, 5],
      [40, 90],
      [300, 30],
      [9, 9],
    ] as const)
      svd(randomMatrix(m, n, m + n), m, n, false, true);
    assert.deepEqual([first.u, first.s, first.vt], copies);
    const again = svd(a, 6, 5, true, true);
    assert.deepEqual([again.u, again.s, again.vt], copies);
  });

  test('2 × 2 upper triangular blocks: values to high relative accuracy, orthogonal U and V', () => {
    // An upper triangular 2 × 2 input reaches the direct 2 × 2 step unchanged (its column needs no
    // reflection). Expected values: σ₁σ₂ = |f·h| and σ₁² + σ₂² = f² + g² + h².
    const cases: [number, number, number, number, number][] = [
      [1, 1e20, 1e-20, 1e20, 1e-40],
      [2, 0, -3, 3, 2],
      [0, 1, 1, Math.SQRT2, 0],
      [3, 4, 0, 5, 0],
      [1e-200, 1e-200, 1e200, 1e200, 1e-200],
      [-1e150, 1, 1e-150, 1e150, 1e-150],
      [1, 1e-10, 1 + 2 ** -50, 1.0000000000500004, 0.9999999999500004], // expected values in 80-digit decimal
    ];
    for (const [f, g, h, smax, smin] of cases) {
      const { u, s, vt } = svd(new Float64Array([f, g, 0, h]), 2, 2, true, true);
      const rel = (x: number, want: number) => (want === 0 ? Math.abs(x) : Math.abs(x - want) / want);
      assert.ok(rel(s[0]!, smax) < 1e-15, `σ₁ of ${[f, g, h]}: ${s[0]}`);
      assert.ok(rel(s[1]!, smin) < 4e-16 || (smin === 0 && s[1]! < 1e-300), `σ₂ of ${[f, g, h]}: ${s[1]}`);
      for (const q of [u!, vt!]) {
        assert.ok(Math.abs(q[0]! * q[0]! + q[2]! * q[2]! - 1) < 4e-16);
        assert.ok(Math.abs(q[0]! * q[1]! + q[2]! * q[3]!) < 4e-16);
      }
      // U·diag(s)·Vᵀ reproduces the input to within ε·σ₁.
      const want = [f, g, 0, h];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) {
          const v = u![i * 2]! * s[0]! * vt![j]! + u![i * 2 + 1]! * s[1]! * vt![2 + j]!;
          assert.ok(Math.abs(v - want[i * 2 + j]!) <= 4e-16 * s[0]!, `entry ${i},${j} of ${[f, g, h]}`);
        }
    }
  });

  test('two-thread bidiagonalisation (65536 entries and more): accurate; the singular values of one thread, bit for bit', async () => {
    await helperThreadReady();
    const [m, n] = [300, 260];
    const a = randomMatrix(m, n, 77);
    const s2 = checkSvd(a, m, n, false, 1e-14);
    checkSvd(randomMatrix(260, 300, 78), 260, 300, true, 1e-14);
    // The same matrix in a process on one thread: the steps split their sums the same way, so the same bits.
    const url = new URL('./svd.js', import.meta.url).href;
    const code = `
      const { svd } = await import('${url}');
      let s = 78;
      const a = new Float64Array(${m * n});
      for (let i = 0; i < a.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 4294967296 - 0.5; }
      const r = svd(a, ${m}, ${n}, false, true);
      console.log(JSON.stringify([r.s, r.u, r.vt].map((x) => Array.from(x))));`;
    const one = jsonOnOneThread(code) as number[][];
    assert.equal(one[0]!.length, n);
    assert.deepEqual(one[0], Array.from(s2), 'the same singular values, to the bit');
    // U and Vᵀ are built with GEMMs, which split some products by depth on two threads: rounding only.
    const two = svd(a, m, n, false, true);
    for (const [k, q] of [two.u!, two.vt!].entries())
      for (let i = 0; i < q.length; i++) assert.ok(Math.abs(one[k + 1]![i]! - q[i]!) < 1e-13);
  });

  test('larger sizes stay accurate', () => {
    checkSvd(randomMatrix(120, 80, 1), 120, 80, false, 1e-14);
    checkSvd(randomMatrix(300, 20, 2), 300, 20, false, 1e-14);
    checkSvd(randomMatrix(4, 2000, 3), 4, 2000, false, 1e-14);
    // Rotations recorded and applied in column blocks (rotations.ts), on two threads once the helper runs.
    checkSvd(randomMatrix(200, 190, 5), 200, 190, false, 1e-14);
    checkSvd(randomMatrix(190, 230, 6), 190, 230, true, 1e-14);
  });
});
