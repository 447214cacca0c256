import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { helperThreadReady } from '../../../test-utils/threads.js';
import { gemm, gemmHelperShare, gemmSub, gemmThreads, heldOperands, holdOperand, matmul } from './gemm.js';

/** Deterministic uniform(-0.5, 0.5) values from a seed (LCG; enough for test matrices). */
function randomValues(len: number, seed: number): Float64Array {
  const a = new Float64Array(len);
  let s = (seed >>> 0) + 1;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

/** A strided view of a random `(rows, cols)` matrix: storage, offset and strides. */
interface View {
  data: Float64Array;
  off: number;
  rs: number;
  cs: number;
}

/**
 * Lays out a `(rows, cols)` matrix with the given layout: row-major or column-major (a transposed view),
 * with `pad` unused elements per line and `off` leading elements, or flipped (negative strides).
 */
function makeView(
  rows: number,
  cols: number,
  layout: 'row' | 'col' | 'flip',
  pad: number,
  off: number,
  seed: number,
): View {
  const data = randomValues(
    off + Math.max(rows, 1) * Math.max(cols, 1) + pad * Math.max(rows, cols, 1),
    seed,
  );
  if (layout === 'row') return { data, off, rs: cols + pad, cs: 1 };
  if (layout === 'col') return { data, off, rs: 1, cs: rows + pad };
  // Last row first, last column first: every stride negative.
  const rs = -(cols + pad);
  return { data, off: off + (rows - 1) * (cols + pad) + (cols - 1), rs, cs: -1 };
}

function at(v: View, i: number, j: number): number {
  return v.data[v.off + i * v.rs + j * v.cs]!;
}

/** Checks `c` against the naive sum, with a tolerance scaled by `Σ|a||b|` (the condition of each entry). */
function checkProduct(
  m: number,
  n: number,
  k: number,
  a: View,
  b: View,
  c: Float64Array,
  cOff: number,
  ldc: number,
  c0: Float64Array,
  beta: 0 | 1,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = beta === 1 ? c0[cOff + i * ldc + j]! : 0;
      let mag = Math.abs(s);
      for (let p = 0; p < k; p++) {
        s += at(a, i, p) * at(b, p, j);
        mag += Math.abs(at(a, i, p) * at(b, p, j));
      }
      const got = c[cOff + i * ldc + j]!;
      assert.ok(Math.abs(got - s) <= 1e-14 * (mag + 1), `C[${i}][${j}] = ${got}, expected ${s}`);
    }
  }
  // Everything outside the (m, n) window of C is untouched.
  for (let idx = 0; idx < c.length; idx++) {
    const rel = idx - cOff;
    const inside = rel >= 0 && Math.floor(rel / ldc) < m && rel % ldc < n;
    if (!inside) assert.equal(c[idx], c0[idx], `C outside the window changed at ${idx}`);
  }
}

function runCase(
  m: number,
  n: number,
  k: number,
  la: 'row' | 'col' | 'flip',
  lb: 'row' | 'col' | 'flip',
  pad: number,
  cPad: number,
  beta: 0 | 1,
  seed: number,
): void {
  const a = makeView(m, k, la, pad, 3, seed);
  const b = makeView(k, n, lb, pad, 1, seed + 1);
  const aCopy = a.data.slice();
  const bCopy = b.data.slice();
  const ldc = n + cPad;
  const cOff = 2;
  const c0 = randomValues(cOff + m * ldc + 3, seed + 2);
  const c = c0.slice();
  gemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, cOff, ldc, beta);
  checkProduct(m, n, k, a, b, c, cOff, ldc, c0, beta);
  assert.deepEqual(a.data, aCopy, 'A was modified');
  assert.deepEqual(b.data, bCopy, 'B was modified');
}

/** Runs `gemmSub` on a random C and checks `C - A·B` entry by entry against the naive sum, within `tol`. */
function checkGemmSub(m: number, n: number, k: number, a: View, b: View, seed: number, tol: number): void {
  const c0 = randomValues(m * n, seed);
  const c = c0.slice();
  gemmSub(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, 0, n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let t = c0[i * n + j]!;
      for (let p = 0; p < k; p++) t -= at(a, i, p) * at(b, p, j);
      assert.ok(Math.abs(c[i * n + j]! - t) < tol, `C[${i}][${j}]`);
    }
}

const layout = fc.constantFrom<'row' | 'col' | 'flip'>('row', 'col', 'flip');

describe('gemm', () => {
  test('a known 2×3 · 3×2 product', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const b = Float64Array.of(7, 8, 9, 10, 11, 12);
    assert.deepEqual(Array.from(matmul(a, b, 2, 3, 2)), [58, 64, 139, 154]);
  });

  test('1×1 and an outer product (k = 1)', () => {
    assert.deepEqual(Array.from(matmul(Float64Array.of(3), Float64Array.of(-2), 1, 1, 1)), [-6]);
    const outer = matmul(Float64Array.of(1, 2, 3), Float64Array.of(4, 5), 3, 1, 2);
    assert.deepEqual(Array.from(outer), [4, 5, 8, 10, 12, 15]);
  });

  test('small shapes against the naive product, any strides (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        layout,
        layout,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.nat(),
        (m, n, k, la, lb, pad, cPad, beta, seed) => runCase(m, n, k, la, lb, pad, cPad, beta, seed),
      ),
      { numRuns: 300 },
    );
  });

  test('packed shapes against the naive product, any strides (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        layout,
        layout,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.nat(),
        (m, n, k, la, lb, pad, cPad, beta, seed) => runCase(m, n, k, la, lb, pad, cPad, beta, seed),
      ),
      { numRuns: 60 },
    );
  });

  test('shapes that cross every cache block boundary', () => {
    // One past the row block (128), depth block (256) and column block (513), with ragged edges.
    runCase(131, 520, 259, 'row', 'row', 0, 0, 1, 11);
    runCase(131, 520, 259, 'col', 'flip', 1, 3, 0, 12);
    runCase(257, 4, 600, 'row', 'col', 0, 0, 0, 13);
  });

  test('skinny products with contiguous rows (copied by rows), across their row, column and depth blocks', () => {
    // Few columns of C, A row-major: A's rows are copied; blocks of 326 rows at depth 100, depth blocks of
    // 10944 at 12 columns. With pad > 0 each row is copied on its own, else a block in one run.
    for (const [m, n, k] of [
      [700, 10, 100],
      [9, 2, 1000],
      [5, 12, 11000],
      [33, 5, 257],
    ] as const) {
      runCase(m, n, k, 'row', 'row', 0, 0, 0, m + n);
      runCase(m, n, k, 'row', 'col', 2, 1, 1, m + k);
    }
    // Few rows of C, B row-major: B's rows are copied; depth blocks of 256, column blocks of 513.
    for (const [m, n, k] of [
      [10, 1100, 600],
      [3, 14, 2000],
      [12, 515, 300],
      [5, 10, 100],
      [2, 4, 33],
      [7, 3, 700],
    ] as const) {
      runCase(m, n, k, 'row', 'row', 0, 0, 0, m + n);
      runCase(m, n, k, 'col', 'row', 1, 2, 1, n + k);
    }
    // C -= A·B on both paths.
    checkGemmSub(301, 7, 150, makeView(301, 150, 'row', 1, 0, 1), makeView(150, 7, 'row', 0, 0, 2), 3, 1e-12);
    checkGemmSub(7, 301, 150, makeView(7, 150, 'col', 0, 0, 4), makeView(150, 301, 'row', 3, 0, 5), 6, 1e-12);
  });

  test('degenerate shapes: thin, single row, single column', () => {
    for (const [m, n, k] of [
      [1, 200, 300],
      [200, 1, 300],
      [300, 2, 200],
      [1, 1, 5000],
      [2, 3, 1],
      [500, 500, 1],
    ] as const) {
      runCase(m, n, k, 'row', 'row', 0, 0, 0, m + n + k);
      runCase(m, n, k, 'col', 'col', 1, 1, 1, m * n + k);
    }
  });

  test('zero strides broadcast a row of B', () => {
    const a = randomValues(40 * 30, 5);
    const row = randomValues(25, 6);
    const c = new Float64Array(40 * 25);
    gemm(40, 25, 30, a, 0, 30, 1, row, 0, 0, 1, c, 0, 25, 0);
    for (let i = 0; i < 40; i++) {
      let rowSum = 0;
      for (let p = 0; p < 30; p++) rowSum += a[i * 30 + p]!;
      for (let j = 0; j < 25; j++)
        assert.ok(Math.abs(c[i * 25 + j]! - rowSum * row[j]!) < 1e-13, `C[${i}][${j}]`);
    }
  });

  test('k = 0: beta 0 writes zeros, beta 1 leaves C', () => {
    const c = Float64Array.of(1, 2, 3, 4);
    gemm(2, 2, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 2, 1, c, 0, 2, 1);
    assert.deepEqual(Array.from(c), [1, 2, 3, 4]);
    gemm(2, 2, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 2, 1, c, 0, 2, 0);
    assert.deepEqual(Array.from(c), [0, 0, 0, 0]);
  });

  test('m = 0 or n = 0 touches nothing', () => {
    const c = Float64Array.of(9, 9);
    gemm(0, 2, 3, new Float64Array(0), 0, 3, 1, new Float64Array(6), 0, 2, 1, c, 0, 2, 0);
    gemm(2, 0, 3, new Float64Array(6), 0, 3, 1, new Float64Array(0), 0, 0, 1, c, 0, 0, 0);
    assert.deepEqual(Array.from(c), [9, 9]);
    assert.equal(matmul(new Float64Array(0), new Float64Array(12), 0, 4, 3).length, 0);
  });

  test('NaN in A reaches its row of C; NaN in C is ignored when beta = 0', () => {
    for (const size of [4, 60]) {
      const a = randomValues(size * size, 1);
      a[size + 2] = Number.NaN;
      const b = randomValues(size * size, 2);
      const c = new Float64Array(size * size).fill(Number.NaN);
      gemm(size, size, size, a, 0, size, 1, b, 0, size, 1, c, 0, size, 0);
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) assert.equal(Number.isNaN(c[i * size + j]!), i === 1, `C[${i}][${j}]`);
    }
  });

  test('Infinity propagates', () => {
    const c = matmul(Float64Array.of(Number.POSITIVE_INFINITY, 1), Float64Array.of(2, 3), 1, 2, 1);
    assert.equal(c[0], Number.POSITIVE_INFINITY);
  });

  test('products with a few columns (computed transposed) agree with the naive sum', () => {
    runCase(300, 5, 40, 'row', 'row', 0, 3, 0, 41);
    runCase(257, 11, 64, 'col', 'flip', 1, 0, 1, 42);
    runCase(90, 1, 300, 'flip', 'col', 0, 2, 1, 43);
    checkGemmSub(200, 7, 30, makeView(200, 30, 'col', 0, 0, 44), makeView(30, 7, 'row', 0, 0, 45), 46, 1e-13);
  });

  test('gemmSub subtracts the product, on the loop and the packed paths', () => {
    for (const [m, n, k] of [
      [3, 1, 4],
      [2, 2, 2],
      [37, 29, 41],
    ] as const) {
      checkGemmSub(m, n, k, makeView(m, k, 'col', 1, 0, m), makeView(k, n, 'row', 0, 2, n), k, 1e-13);
    }
  });
});

describe('gemm on two threads', () => {
  test('large products split by rows, columns or depth agree with the naive sum, any layout, beta and sign', async () => {
    // The helper thread starts on demand; wait until it serves jobs (Node on two or more cores).
    for (let i = 0; i < 200 && gemmThreads() === 1; i++) await new Promise((r) => setTimeout(r, 10));
    if (process.env.TENSORLY_JS_THREADS !== '1' && (await import('node:os')).availableParallelism() >= 2)
      assert.equal(gemmThreads(), 2, 'the helper thread started');
    // The helper's share adapts to the threads' speeds; run at the default and at both extremes.
    const before = gemmHelperShare();
    for (const share of [0.5, 0.2, 0.6]) {
      gemmHelperShare(share);
      // Row split (m >= n), column split (n > m), ragged halves, strided and flipped operands.
      runCase(150, 130, 120, 'row', 'row', 0, 0, 0, 21);
      runCase(131, 140, 133, 'col', 'flip', 2, 3, 1, 22);
      runCase(97, 301, 80, 'flip', 'col', 1, 0, 1, 23);
      runCase(300, 64, 129, 'row', 'col', 0, 5, 0, 24);
      // Thin products: a long depth is split (partial products added), transposed operands copied whole.
      runCase(10, 96, 4000, 'col', 'row', 0, 0, 1, 25);
      runCase(12, 4000, 64, 'row', 'col', 0, 0, 0, 26);
      runCase(4000, 10, 48, 'col', 'flip', 1, 2, 1, 27);
    }
    gemmHelperShare(before);
    assert.equal(gemmHelperShare(5), 0.6);
    assert.equal(gemmHelperShare(-1), 0.2);
    gemmHelperShare(before);
    // gemmSub (beta 1, sign -1), as LU's trailing updates use it.
    checkGemmSub(
      140,
      150,
      110,
      makeView(140, 110, 'row', 0, 0, 31),
      makeView(110, 150, 'col', 0, 0, 32),
      33,
      1e-12,
    );
  });

  test('a held operand is mirrored once for the helper; products are unchanged; release drops it', async () => {
    for (let i = 0; i < 300 && gemmThreads() === 1; i++) await new Promise((r) => setTimeout(r, 10));
    const twoThreads = gemmThreads() === 2;
    if (process.env.TENSORLY_JS_THREADS !== '1' && (await import('node:os')).availableParallelism() >= 2)
      assert.ok(twoThreads, 'the helper thread started');
    // An MTTKRP-like pair: x (6000, 100) and a thin factor, in both orientations of the tensor.
    const m = 6000;
    const k = 100;
    const r = 10;
    const x = Float64Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
    const f = Float64Array.from({ length: k * r }, (_, i) => ((i * 104729) % 997) / 498 - 1);
    const g = Float64Array.from({ length: m * r }, (_, i) => ((i * 1299709) % 991) / 495 - 1);
    const products = () => {
      const c1 = new Float64Array(m * r); // x·f: rows of x
      gemm(m, r, k, x, 0, k, 1, f, 0, r, 1, c1, 0, r, 0);
      const c2 = new Float64Array(r * m); // fᵀ·xᵀ: x read column-major
      gemm(r, m, k, f, 0, 1, r, x, 0, 1, k, c2, 0, m, 0);
      const c3 = new Float64Array(r * k); // gᵀ·x: a long depth
      gemm(r, k, m, g, 0, 1, r, x, 0, k, 1, c3, 0, k, 0);
      return [c1, c2, c3];
    };
    const want = products();
    const copy = x.slice();
    const release = holdOperand(x);
    const inner = holdOperand(x); // holds nest
    assert.deepEqual(heldOperands(), twoThreads ? { held: 1, mirrored: 0 } : { held: 0, mirrored: 0 });
    // The same values (a depth split may fall elsewhere as the helper's share adapts: rounding differs).
    const close = (got: Float64Array[], what: string) => {
      for (let i = 0; i < got.length; i++)
        for (let j = 0; j < got[i]!.length; j++)
          assert.ok(Math.abs(got[i]![j]! - want[i]![j]!) < 1e-11, `${what}: ${i}, ${j}`);
    };
    close(products(), 'with the mirror');
    close(products(), 'and again');
    if (twoThreads)
      assert.deepEqual(heldOperands(), { held: 1, mirrored: 1 }, 'mirrored at the first product');
    inner();
    inner(); // a second call of one release function does nothing
    if (twoThreads) assert.deepEqual(heldOperands(), { held: 1, mirrored: 1 });
    release();
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 });
    assert.deepEqual(x, copy, 'the operand is not modified');
    // Released: products copy again, and see a modified operand. The last row is the helper's share (a
    // stale mirror would show there).
    const last = (m - 1) * k;
    x[last] = 5;
    const c = new Float64Array(m * r);
    gemm(m, r, k, x, 0, k, 1, f, 0, r, 1, c, 0, r, 0);
    let s0 = 0;
    for (let p = 0; p < k; p++) s0 += x[last + p]! * f[p * r]!;
    assert.ok(Math.abs(c[(m - 1) * r]! - s0) < 1e-12);
    // Small arrays are never held.
    holdOperand(new Float64Array(100))();
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 });
  });

  test('split products give the same bits whatever the helper share (depth splits always halve)', async () => {
    await helperThreadReady();
    // A long depth (split by depth), a tall and a wide product (split by rows and columns).
    const shapes: [number, number, number][] = [
      [10, 96, 6000],
      [600, 40, 300],
      [40, 600, 300],
    ];
    const before = gemmHelperShare();
    for (const [m, n, k] of shapes) {
      const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
      const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11));
      const results = [0.2, 0.45, 0.6].map((share) => {
        gemmHelperShare(share);
        const c = new Float64Array(m * n);
        gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 0);
        return c;
      });
      assert.deepEqual(results[1], results[0], `${m}x${n}x${k}`);
      assert.deepEqual(results[2], results[0], `${m}x${n}x${k}`);
    }
    gemmHelperShare(before);
  });

  test('TENSORLY_JS_THREADS=1 keeps one thread', () => {
    const url = new URL('./gemm.js', import.meta.url).href;
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const g = await import('${url}'); g.gemmThreads(); await new Promise((r) => setTimeout(r, 300)); console.log(g.gemmThreads());`,
      ],
      { env: { ...process.env, TENSORLY_JS_THREADS: '1' }, encoding: 'utf8' },
    );
    assert.equal(r.stdout.trim(), '1', r.stderr);
  });

  test('the helper thread starts under `node --input-type=module -e` and with per-process flags (--expose-gc)', () => {
    const url = new URL('./gemm.js', import.meta.url).href;
    const code = `
      const g = await import('${url}');
      g.gemmThreads();
      for (let i = 0; i < 200 && g.gemmThreads() === 1; i++) await new Promise((r) => setTimeout(r, 10));
      const n = 300;
      const a = new Float64Array(n * n).map((_, i) => (i % 7) - 3);
      const c = g.matmul(a, a, n, n, n);
      let s = 0;
      for (let p = 0; p < n; p++) s += a[(n - 1) * n + p] * a[p * n + (n - 1)];
      console.log(g.gemmThreads(), c[n * n - 1] === s);`;
    // Plain, with a per-process V8 flag a worker may not be given (the bench runs with --expose-gc), and both.
    for (const flags of [['--input-type=module'], ['--expose-gc', '--input-type=module']]) {
      const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), '2 true', `${flags.join(' ')}: ${r.stderr}`);
    }
  });
});
