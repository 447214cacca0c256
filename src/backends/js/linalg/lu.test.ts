import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../../errors.js';
import { det, inv, luFactor, luSolve, solve } from './lu.js';

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
      for (let j = 0; j < n; j++) c[i * n + j]! += aip * b[p * n + j]!;
    }
  return c;
}

function maxAbs(a: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  return mx;
}

/** Asserts `‖A·X - B‖ <= tol·(‖A‖·‖X‖ + ‖B‖)` in the max norm scaled by `n` (a backward-error bound). */
function checkSolution(
  a: Float64Array,
  x: Float64Array,
  b: Float64Array,
  n: number,
  nrhs: number,
  tol = 1e-13,
) {
  const ax = mul(a, x, n, n, nrhs);
  let err = 0;
  for (let i = 0; i < n * nrhs; i++) err = Math.max(err, Math.abs(ax[i]! - b[i]!));
  const bound = tol * Math.max(1, n) * (maxAbs(a) * maxAbs(x) + maxAbs(b));
  assert.ok(err <= bound, `residual ${err} > ${bound}`);
}

/** Rebuilds `A` from `luFactor`'s result: undo the row exchanges applied to `L·U`. */
function reconstruct(lu: Float64Array, piv: Int32Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j < i) l[i * n + j] = lu[i * n + j]!;
      else u[i * n + j] = lu[i * n + j]!;
      if (i === j) l[i * n + i] = 1;
    }
  const pa = mul(l, u, n, n, n);
  for (let i = n - 1; i >= 0; i--) {
    const p = piv[i]!;
    for (let c = 0; c < n; c++) {
      const t = pa[i * n + c]!;
      pa[i * n + c] = pa[p * n + c]!;
      pa[p * n + c] = t;
    }
  }
  return pa;
}

describe('luFactor', () => {
  test('a known 2×2 factorisation', () => {
    const { lu, piv, sign } = luFactor(Float64Array.of(1, 2, 3, 4), 2);
    assert.deepEqual(Array.from(piv), [1, 1]);
    assert.equal(sign, -1);
    assert.deepEqual(Array.from(lu), [3, 4, 1 / 3, 2 - (1 / 3) * 4]);
  });

  test('P·A = L·U with |L| <= 1 on random matrices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.nat(), (n, seed) => {
        const a = randomMatrix(n, n, seed);
        const copy = a.slice();
        const { lu, piv, sign } = luFactor(a, n);
        assert.deepEqual(a, copy, 'input not modified');
        let parity = 1;
        for (let i = 0; i < n; i++) {
          assert.ok(piv[i]! >= i && piv[i]! < n, 'pivot rows come from below');
          if (piv[i] !== i) parity = -parity;
          for (let j = 0; j < i; j++) assert.ok(Math.abs(lu[i * n + j]!) <= 1, 'partial pivoting bounds L');
        }
        assert.equal(sign, parity);
        const back = reconstruct(lu, piv, n);
        for (let i = 0; i < n * n; i++) assert.ok(Math.abs(back[i]! - a[i]!) < 1e-13 * Math.max(1, n));
      }),
      { numRuns: 80 },
    );
  });

  test('exactly singular input throws LinAlgError', () => {
    assert.throws(() => luFactor(Float64Array.of(1, 2, 2, 4), 2), LinAlgError);
    assert.throws(() => luFactor(new Float64Array(9), 3), LinAlgError);
  });
});

describe('solve', () => {
  test('a known system', () => {
    // 3x + y = 9, x + 2y = 8.
    assert.deepEqual(Array.from(solve(Float64Array.of(3, 1, 1, 2), 2, Float64Array.of(9, 8), 1)), [2, 3]);
  });

  test('needs pivoting: a zero leading entry', () => {
    assert.deepEqual(Array.from(solve(Float64Array.of(0, 1, 1, 0), 2, Float64Array.of(5, 7), 1)), [7, 5]);
  });

  test('A·solve(A, B) = B on random systems (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 6 }),
        fc.nat(),
        (n, nrhs, seed) => {
          const a = randomMatrix(n, n, seed);
          const b = randomMatrix(n, nrhs, seed + 1);
          const bCopy = b.slice();
          const x = solve(a, n, b, nrhs);
          assert.equal(x.length, n * nrhs);
          assert.deepEqual(b, bCopy, 'B not modified');
          checkSolution(a, x, b, n, nrhs);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('sizes spanning several recursion levels, one and many right-hand sides', () => {
    for (const [n, nrhs] of [
      [37, 1],
      [150, 1],
      [150, 37],
      [213, 300],
    ] as const) {
      const a = randomMatrix(n, n, n);
      const b = randomMatrix(n, nrhs, nrhs);
      checkSolution(a, solve(a, n, b, nrhs), b, n, nrhs);
    }
  });

  test('the unblocked path of small orders agrees with the recursive factorisation', () => {
    for (const n of [1, 2, 7, 16, 24]) {
      const a = randomMatrix(n, n, 40 + n);
      const b = randomMatrix(n, 3, 50 + n);
      const x = solve(a, n, b, 3);
      const y = luSolve(luFactor(a, n), n, b, 3);
      for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-10 * (1 + Math.abs(y[i]!)));
      checkSolution(a, x, b, n, 3);
    }
    // A zero column in the middle of a small matrix: singular on the unblocked path too.
    const a = randomMatrix(12, 12, 6);
    for (let i = 0; i < 12; i++) a[i * 12 + 7] = 0;
    assert.throws(() => solve(a, 12, randomMatrix(12, 1, 7), 1), LinAlgError);
  });

  test('luSolve reuses one factorisation', () => {
    const n = 30;
    const a = randomMatrix(n, n, 3);
    const f = luFactor(a, n);
    for (const seed of [4, 5]) {
      const b = randomMatrix(n, 2, seed);
      assert.deepEqual(luSolve(f, n, b, 2), solve(a, n, b, 2));
    }
  });

  test('singular or non-finite input throws LinAlgError', () => {
    assert.throws(() => solve(Float64Array.of(1, 2, 2, 4), 2, Float64Array.of(1, 1), 1), LinAlgError);
    // Singular only in a late column, past the element-by-element panels: a zero column stays zero.
    const n = 30;
    const a = randomMatrix(n, n, 8);
    for (let i = 0; i < n; i++) a[i * n + 20] = 0;
    assert.throws(() => solve(a, n, randomMatrix(n, 1, 9), 1), LinAlgError);
    assert.throws(
      () => solve(Float64Array.of(1, Number.NaN, 0, 1), 2, Float64Array.of(1, 1), 1),
      LinAlgError,
    );
    assert.throws(
      () => solve(Float64Array.of(1, 0, 0, 1), 2, Float64Array.of(Number.POSITIVE_INFINITY, 1), 1),
      LinAlgError,
    );
  });

  test('bad arguments throw ArgumentError', () => {
    assert.throws(() => solve(new Float64Array(3), 2, new Float64Array(2), 1), ArgumentError);
    assert.throws(() => solve(new Float64Array(4), 2, new Float64Array(3), 2), ArgumentError);
    assert.throws(() => solve(new Float64Array(4), 2, new Float64Array(2), -1), ArgumentError);
    assert.throws(() => luFactor(new Float64Array(4), 1.5), ArgumentError);
  });
});

describe('inv', () => {
  test('a known inverse (NumPy values)', () => {
    const a = Float64Array.of(2, -1, 0, 3, -1, 2, -1, 1, 0, -1, 2, 5, 1, 1, 1, 1);
    const want = [
      0.28846153846153844, -0.11538461538461546, -0.21153846153846154, 0.3076923076923077,
      -0.07692307692307694, 0.23076923076923075, -0.07692307692307694, 0.3846153846153846,
      -0.3269230769230769, -0.26923076923076916, 0.17307692307692307, 0.3846153846153846, 0.11538461538461539,
      0.15384615384615388, 0.11538461538461539, -0.07692307692307694,
    ];
    const got = inv(a, 4);
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(got[i]! - want[i]!) < 1e-15, `[${i}]`);
  });

  test('A·inv(A) = I (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.nat(), (n, seed) => {
        const a = randomMatrix(n, n, seed);
        const ai = inv(a, n);
        const eye = new Float64Array(n * n);
        for (let i = 0; i < n; i++) eye[i * n + i] = 1;
        checkSolution(a, ai, eye, n, n);
      }),
      { numRuns: 60 },
    );
  });

  test('singular input throws LinAlgError', () => {
    assert.throws(() => inv(Float64Array.of(1, 2, 2, 4), 2), LinAlgError);
    assert.throws(() => inv(Float64Array.of(0), 1), LinAlgError);
  });
});

describe('det', () => {
  test('known values', () => {
    assert.equal(det(Float64Array.of(1, 2, 3, 4), 2), -2);
    assert.ok(
      Math.abs(det(Float64Array.of(2, -1, 0, 3, -1, 2, -1, 1, 0, -1, 2, 5, 1, 1, 1, 1), 4) + 52) < 1e-12,
    );
    assert.equal(det(Float64Array.of(7), 1), 7);
    assert.equal(det(new Float64Array(0), 0), 1);
    // A permutation matrix (one transposition) and a triangular matrix.
    assert.equal(det(Float64Array.of(0, 1, 0, 1, 0, 0, 0, 0, 1), 3), -1);
    assert.equal(det(Float64Array.of(2, 5, 7, 0, 3, 1, 0, 0, -4), 3), -24);
  });

  test('exactly singular gives 0, no error', () => {
    assert.equal(det(Float64Array.of(1, 2, 2, 4), 2), 0);
    assert.equal(det(new Float64Array(16), 4), 0);
  });

  test('NaN propagates', () => {
    assert.ok(Number.isNaN(det(Float64Array.of(1, Number.NaN, 3, 4), 2)));
  });

  test('det(A·B) = det(A)·det(B), det(Aᵀ) = det(A), det(cA) = cⁿ·det(A) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), (n, seed) => {
        const a = randomMatrix(n, n, seed);
        const b = randomMatrix(n, n, seed + 7);
        const da = det(a, n);
        const db = det(b, n);
        // The product rule loses digits with the conditioning of A and B (seed 761792010 at n = 30 needs more
        // than 1e-11), so the bound is 1e-8 relative.
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-8 * Math.max(Math.abs(x), Math.abs(y));
        assert.ok(close(det(mul(a, b, n, n, n), n), da * db), 'product rule');
        const at = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) at[j * n + i] = a[i * n + j]!;
        assert.ok(close(det(at, n), da), 'transpose');
        assert.ok(
          close(
            det(
              a.map((x) => 2 * x),
              n,
            ),
            da * 2 ** n,
          ),
          'scaling',
        );
      }),
      { numRuns: 60 },
    );
  });
});
