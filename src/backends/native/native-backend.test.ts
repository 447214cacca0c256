import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { conformanceSuite } from '../../backend/conformance/index.js';
import tl from '../../index.js';
import { BackendError, LinAlgError } from '../../errors.js';
import { loadNativeAddon, type NativeAddon } from '../../backend/native-addon.js';
import { RandomState } from '../../random/random-state.js';
import { JsBackend } from '../js/js-backend.js';
import { jsKernels, kernels } from '../js/linalg/kernels.js';
import { NdArray } from '../js/ndarray.js';
import type { NativeBackend } from './native-backend.js';

const indexUrl = new URL('../../index.js', import.meta.url).href;

function runNode(code: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { stdout: r.stdout.trim(), stderr: r.stderr, status: r.status };
}

let native: NativeBackend | null = null;
let unavailable = '';
try {
  native = (await tl.loadBackend('native')) as NativeBackend;
} catch (err) {
  unavailable = `the native addon is not built here (${(err as Error).message})`;
}

const js = new JsBackend();

/** A seeded standard-normal matrix (a js tensor: both backends share the type). */
function rand(m: number, n: number, seed: number): NdArray {
  return js.tensor(new RandomState(seed).standardNormal(m * n), { shape: [m, n] });
}

function maxAbsDiff(a: NdArray, b: NdArray): number {
  assert.deepEqual(js.shape(a), js.shape(b));
  const x = a.values();
  const y = b.values();
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(Number(x[i]) - Number(y[i])));
  return d;
}

/** `A ≈ U·diag(s)·Vᵀ` over the first k singular triplets. */
function reconstructionError(a: NdArray, u: NdArray, s: NdArray, vt: NdArray): number {
  const k = js.shape(s)[0]!;
  const uk = js.index(u, [null, { start: 0, stop: k, step: 1 }]);
  const vk = js.index(vt, [{ start: 0, stop: k, step: 1 }]);
  return maxAbsDiff(js.matmul(js.multiply(uk, js.reshape(s, [1, k])), vk), a);
}

if (native === null) {
  test('native backend', { skip: unavailable }, () => {});
} else {
  const nb = native;

  // The whole conformance suite: the contract holds with the LAPACK kernels swapped in.
  conformanceSuite(nb, { tol: { rtol: 1e-10, atol: 1e-12 }, floatDtype: 'float64' });

  describe('native backend: LAPACK kernels agree with the js kernels', () => {
    for (const [m, n] of [
      [7, 4],
      [4, 7],
      [6, 6],
      [60, 9],
      [9, 60],
      [120, 120],
    ] as const) {
      test(`svd, qr, lstsq and pinv of a (${m}, ${n}) matrix`, () => {
        const a = rand(m, n, m * 100 + n);
        const before = a.values().slice();
        for (const full of [true, false]) {
          const [u, s, vt] = nb.svd(a, full);
          const [, sj] = js.svd(a, full);
          assert.ok(maxAbsDiff(s, sj) < 1e-12 * Math.max(m, n), 'singular values');
          assert.deepEqual(nb.shape(u), [m, full ? m : Math.min(m, n)]);
          assert.deepEqual(nb.shape(vt), [full ? n : Math.min(m, n), n]);
          assert.ok(reconstructionError(a, u, s, vt) < 1e-12 * Math.max(m, n));
          // Orthonormal columns / rows.
          const k = nb.shape(u)[1]!;
          assert.ok(maxAbsDiff(nb.matmul(nb.transpose(u), u), js.eye(k)) < 1e-12 * m);
          assert.ok(maxAbsDiff(nb.matmul(vt, nb.transpose(vt)), js.eye(nb.shape(vt)[0]!)) < 1e-12 * n);
        }
        for (const mode of ['reduced', 'complete', 'r'] as const) {
          const [q, r] = nb.qr(a, mode);
          const [qj, rj] = js.qr(a, mode);
          // The same Householder convention as the js kernel (and NumPy): equal, not just equivalent.
          assert.ok(maxAbsDiff(r, rj) < 1e-11 * Math.max(m, n), `R (${mode})`);
          assert.ok(maxAbsDiff(q, qj) < 1e-11 * Math.max(m, n), `Q (${mode})`);
        }
        const b = rand(m, 3, 7);
        const [x, res, rank, sv] = nb.lstsq(a, b);
        const [xj, resj, rankj, svj] = js.lstsq(a, b);
        assert.equal(rank, rankj);
        assert.ok(maxAbsDiff(x, xj) < 1e-10);
        assert.ok(maxAbsDiff(res, resj) < 1e-9 * m);
        assert.ok(maxAbsDiff(sv, svj) < 1e-12 * m);
        assert.ok(maxAbsDiff(nb.pinv(a), js.pinv(a)) < 1e-10);
        assert.deepEqual(a.values(), before, 'the input is never written');
      });
    }

    test('eigh, cholesky, inv and solve of a symmetric positive definite matrix (lower triangle read)', () => {
      for (const n of [1, 5, 40, 130]) {
        const g = rand(n, n, n);
        const a = js.add(js.matmul(js.transpose(g), g), js.multiply(js.eye(n), n));
        // Garbage in the upper triangle: only the lower one is read, as NumPy does.
        const lowerOnly = js.add(js.multiply(a, js.tensor(lowerMask(n))), js.tensor(upperNoise(n)));
        const before = lowerOnly.values().slice();
        const [w, v] = nb.eigh(lowerOnly);
        const [wj] = js.eigh(a);
        assert.ok(maxAbsDiff(w, wj) < 1e-10 * n * n);
        assert.ok(
          maxAbsDiff(nb.matmul(nb.multiply(v, nb.reshape(w, [1, n])), nb.transpose(v)), a) < 1e-9 * n,
        );
        const l = nb.cholesky(lowerOnly);
        assert.ok(maxAbsDiff(l, js.cholesky(a)) < 1e-10 * n);
        assert.deepEqual(lowerOnly.values(), before);
        assert.ok(maxAbsDiff(nb.inv(a), js.inv(a)) < 1e-12 * n);
        const b = rand(n, 1, 3);
        const bv = nb.reshape(b, [n]);
        assert.ok(maxAbsDiff(nb.solve(a, bv), js.solve(a, bv)) < 1e-12 * n);
        const bm = rand(n, 4, 5);
        assert.ok(maxAbsDiff(nb.solve(a, bm), js.solve(a, bm)) < 1e-12 * n);
      }
    });

    test('solve of general (pivoting) systems: one, a few and many right-hand sides, inputs untouched', () => {
      for (const n of [17, 60, 257]) {
        // Small leading entries force row interchanges in the factorisation.
        const a = js.add(rand(n, n, 30 + n), js.multiply(js.eye(n), 1e-3));
        const aBefore = a.values().slice();
        for (const nrhs of [1, 2, 7, n + 3]) {
          const b = rand(n, nrhs, nrhs);
          const bBefore = b.values().slice();
          const x = nb.solve(a, b);
          assert.deepEqual(nb.shape(x), [n, nrhs]);
          // The residual, and agreement with the js kernel (relative to the solution's size).
          const scale = 1 + (js.item(js.max(js.abs(x))) as number);
          assert.ok(maxAbsDiff(js.matmul(a, x), b) < 1e-9 * n * scale, `residual n=${n} nrhs=${nrhs}`);
          assert.ok(maxAbsDiff(x, js.solve(a, b)) < 1e-9 * n * scale, `agreement n=${n} nrhs=${nrhs}`);
          assert.deepEqual(b.values(), bBefore);
        }
        assert.deepEqual(a.values(), aBefore);
      }
    });

    test('failures are LinAlgErrors with the js messages, and leave the js kernels in place', () => {
      const singular = js.tensor([
        [1, 2],
        [2, 4],
      ]);
      assert.throws(() => nb.solve(singular, js.tensor([1, 1])), {
        name: 'LinAlgError',
        message: /singular/,
      });
      assert.throws(() => nb.inv(singular), { name: 'LinAlgError', message: /singular/ });
      assert.throws(
        () => nb.cholesky(js.tensor([[-1]])),
        (e) => e instanceof LinAlgError,
      );
      const nan = js.tensor([
        [1, Number.NaN],
        [0, 1],
      ]);
      for (const f of [() => nb.svd(nan), () => nb.qr(nan), () => nb.inv(nan), () => nb.lstsq(nan, nan)])
        assert.throws(f, { name: 'LinAlgError', message: /NaN or Inf/ });
      assert.equal(kernels(), jsKernels, 'a throwing native call restores the js kernels');
    });
  });

  describe('native backend: BLAS products', () => {
    test('matmul of transposed, strided, batched and broadcast operands equals the js result', () => {
      const a = rand(70, 90, 1);
      const b = rand(90, 50, 2);
      const cases: [NdArray, NdArray][] = [
        [a, b],
        [js.transpose(rand(90, 70, 3)), b],
        [a, js.transpose(rand(50, 90, 4))],
        [js.transpose(rand(90, 70, 3)), js.transpose(rand(50, 90, 4))],
        // Negative strides: not a BLAS layout, the js kernel takes it.
        [js.flip(a, 1), b],
        [js.index(rand(140, 90, 5), [{ start: 0, stop: null, step: 2 }]), b],
        [js.reshape(rand(3 * 70, 90, 6), [3, 70, 90]), b],
        [js.reshape(rand(3 * 70, 90, 6), [3, 70, 90]), js.reshape(rand(3 * 90, 50, 7), [3, 90, 50])],
      ];
      for (const [x, y] of cases) assert.ok(maxAbsDiff(nb.matmul(x, y), js.matmul(x, y)) < 1e-11);
      // dot, tensordot and einsum reach the same GEMM.
      assert.ok(maxAbsDiff(nb.einsum('ij,jk->ik', a, b), js.matmul(a, b)) < 1e-11);
      assert.ok(maxAbsDiff(nb.tensordot(a, b, 1), js.matmul(a, b)) < 1e-11);
    });

    test('float32 matrices use sgemm and stay float32', () => {
      const a = js.astype(rand(64, 80, 8), 'float32');
      const b = js.astype(rand(80, 72, 9), 'float32');
      for (const [x, y] of [
        [a, b],
        [js.transpose(js.astype(rand(80, 64, 10), 'float32')), b],
      ] as const) {
        const c = nb.matmul(x, y);
        assert.equal(c.dtype, 'float32');
        assert.ok(maxAbsDiff(c, js.matmul(x, y)) < 1e-4);
      }
    });

    test('property: matmul agrees with js for any shape and either operand transposed', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 40 }),
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 0, max: 1000 }),
          (m, n, k, ta, tb, seed) => {
            const a = ta ? js.transpose(rand(k, m, seed)) : rand(m, k, seed);
            const b = tb ? js.transpose(rand(n, k, seed + 1)) : rand(k, n, seed + 1);
            return maxAbsDiff(nb.matmul(a, b), js.matmul(a, b)) < 1e-11;
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('native backend: skinny products split between two threads', () => {
    /** `C = alpha·op(A)·op(B) + beta·C` by plain loops, row-major, with leading dimensions. */
    const reference: NativeAddon['dgemm'] = (
      ta,
      tb,
      m,
      n,
      k,
      alpha,
      a,
      offA,
      lda,
      b,
      offB,
      ldb,
      beta,
      c,
      offC,
      ldc,
    ) => {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            s += a[offA + (ta ? p * lda + i : i * lda + p)]! * b[offB + (tb ? j * ldb + p : p * ldb + j)]!;
          }
          c[offC + i * ldc + j] = alpha * s + beta * c[offC + i * ldc + j]!;
        }
      }
    };

    // At least 2^21 multiply-adds with a side thinner than 32: split along the longest side. One column or one
    // row of C: a matrix-vector product (dgemv).
    const shapes: [string, number, number, number][] = [
      ['rows', 2100, 6, 170],
      ['columns', 6, 2100, 170],
      ['depth', 17, 9, 14000],
      ['dgemv, one column', 300, 1, 200],
      ['dgemv, one row', 1, 300, 200],
      ['dgemv, one value', 1, 1, 5000],
    ];
    for (const [split, m, n, k] of shapes) {
      test(`${split.startsWith('dgemv') ? split : `split by ${split}`}: (${m}, ${k}) x (${k}, ${n}), every transpose, offsets, alpha -1, beta 1`, () => {
        const addon = loadNativeAddon();
        assert.ok(nb.blasThreads >= 1);
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const lda = (ta ? m : k) + 3;
            const ldb = (tb ? k : n) + 2;
            const ldc = n + 1;
            const a = new RandomState(1).standardNormal(5 + (ta ? k : m) * lda);
            const b = new RandomState(2).standardNormal(7 + (tb ? n : k) * ldb);
            const c0 = new RandomState(3).standardNormal(4 + m * ldc);
            const expected = c0.slice();
            reference(ta, tb, m, n, k, -1, a, 5, lda, b, 7, ldb, 1, expected, 4, ldc);
            const got = c0.slice();
            addon.dgemm(ta, tb, m, n, k, -1, a, 5, lda, b, 7, ldb, 1, got, 4, ldc);
            let worst = 0;
            for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
            assert.ok(worst < 1e-9, `ta=${ta} tb=${tb}: max difference ${worst}`);
            // Padding around the blocks is left alone.
            assert.equal(got[0], c0[0]);
            assert.equal(got[4 + ldc - 1], c0[4 + ldc - 1]);
          }
        }
        // The same through matmul, float64 and float32 (sgemm splits the same way).
        const x = rand(m, k, 4);
        const y = rand(k, n, 5);
        assert.ok(maxAbsDiff(nb.matmul(x, y), js.matmul(x, y)) < 1e-9);
        const x32 = js.astype(x, 'float32');
        const y32 = js.astype(y, 'float32');
        const c32 = nb.matmul(x32, y32);
        assert.equal(c32.dtype, 'float32');
        assert.ok(maxAbsDiff(js.astype(c32, 'float64'), js.matmul(x, y)) < 2e-3 * Math.sqrt(k));
      });
    }
  });

  describe('native backend: Khatri–Rao products', () => {
    test('of two matrices (the addon loop) and of three equal the js results, views and float32 included', () => {
      const cases: NdArray[][] = [
        [rand(100, 10, 1), rand(100, 10, 2)],
        [js.transpose(rand(7, 30, 3)), rand(11, 7, 4)],
        [rand(5, 1, 5), rand(9, 1, 6)],
        [rand(4, 3, 7), rand(6, 3, 8), rand(5, 3, 9)],
        [js.astype(rand(20, 4, 10), 'float32'), js.astype(rand(30, 4, 11), 'float32')],
      ];
      for (const ms of cases) {
        const got = nb.khatriRao(ms);
        const want = js.khatriRao(ms);
        assert.deepEqual(nb.shape(got), js.shape(want));
        assert.equal(got.dtype, want.dtype);
        assert.equal(maxAbsDiff(got, want), 0);
      }
    });
  });

  describe('native backend: recycled output memory', () => {
    test('allocF64 hands back freed blocks; matmul results are right whatever the recycled memory held', () => {
      const addonUrl = new URL('../../backend/native-addon.js', import.meta.url).href;
      // A child process with --expose-gc: fill pooled blocks with NaN, free them, then check that new blocks
      // come from the pool (they still hold NaN) and that products written into such blocks are exact.
      const code = `
        import tl from '${indexUrl}';
        import { loadNativeAddon } from '${addonUrl}';
        const addon = loadNativeAddon();
        const poison = async () => {
          for (let i = 0; i < 8; i++) addon.allocF64(40000).fill(Number.NaN);
          globalThis.gc();
          await new Promise((r) => setTimeout(r, 20));
          globalThis.gc();
        };
        await poison();
        let reused = 0;
        for (let i = 0; i < 4; i++) if (Number.isNaN(addon.allocF64(40000)[0])) reused++;
        const nb = await tl.loadBackend('native');
        const js = await tl.loadBackend('js');
        const rand = (shape, seed) => tl.random.randomTensor(shape, { randomState: seed });
        const worst = (x, y) => {
          const a = js.toArray(js.reshape(x, [-1])), b = js.toArray(js.reshape(y, [-1]));
          let w = a.length === b.length ? 0 : Infinity;
          for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
          return w;
        };
        const results = [];
        for (const [x, y] of [
          [rand([200, 300], 1), rand([300, 200], 2)],
          [js.transpose(rand([300, 200], 3)), rand([300, 190], 4)],
          [rand([3, 100, 50], 5), rand([50, 120], 6)],
          [js.flip(rand([200, 30], 7), 1), rand([30, 200], 8)],
          [rand([200, 0], 9), rand([0, 200], 10)],
        ]) {
          await poison();
          const c = nb.matmul(x, y);
          results.push(worst(c, js.matmul(x, y)));
        }
        console.log(JSON.stringify({ reused, results, size: addon.allocF64(5).length }));
      `;
      const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout.trim()) as { reused: number; results: number[]; size: number };
      assert.ok(out.reused > 0, 'no freed block was handed back');
      assert.equal(out.size, 5);
      for (const w of out.results) assert.ok(w < 1e-10, `max difference ${w}`);
    });
  });

  describe('native backend: one array type with js', () => {
    test('js and native tensors are the same objects: no conversion, no copy', () => {
      const x = tl.backendContext('js', () =>
        tl.tensor([
          [1, 2],
          [3, 4],
        ]),
      );
      assert.ok(x instanceof NdArray);
      assert.equal(tl.toBackend(x, 'native'), x);
      const y = tl.backendContext('native', () => tl.matmul(x, x));
      assert.deepEqual(
        tl.backendContext('js', () => tl.toArray(y)),
        [
          [7, 10],
          [15, 22],
        ],
      );
    });

    test('the backend reports its name and OpenBLAS threads', () => {
      assert.equal(nb.name, 'native');
      assert.ok(nb.blasThreads >= 1);
      assert.match(nb.blasConfig, /OpenBLAS/);
      const one = runNode(
        `import tl from '${indexUrl}'; const b = await tl.loadBackend('native'); console.log(b.blasThreads);`,
        { OPENBLAS_NUM_THREADS: '1' },
      );
      assert.equal(one.stdout, '1', one.stderr);
      const before = nb.blasThreads;
      nb.blasThreads = 1;
      assert.equal(nb.blasThreads, 1);
      const a = rand(300, 300, 1);
      assert.ok(maxAbsDiff(nb.matmul(a, a), js.matmul(a, a)) < 1e-10);
      nb.blasThreads = before;
      assert.equal(nb.blasThreads, before);
      assert.throws(() => {
        nb.blasThreads = 0;
      }, /positive integer/);
    });
  });
}

describe('native backend: without its addon', () => {
  test('setBackend and loadBackend say what to install', () => {
    const r = runNode(
      `import tl from '${indexUrl}';
       try { tl.setBackend('native'); } catch (e) { console.log('sync', e.name, e.message); }
       try { await tl.loadBackend('native'); } catch (e) { console.log('async', e.name, e.message); }
       console.log(tl.getBackend());`,
      { TENSORLY_NATIVE_ADDON: '/nonexistent/tensorly_native.node' },
    );
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines.slice(0, 2)) {
      assert.match(line, /BackendError/);
      assert.match(line, /apt-get install .*libopenblas-dev liblapacke-dev/);
      assert.match(line, /npm rebuild tensorly-ts/);
    }
    assert.equal(lines[2], 'js', 'the backend in effect is unchanged');
    assert.ok(new BackendError('x') instanceof Error);
  });

  test('an addon from an older tensorly-ts (functions missing) is refused, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorly-addon-'));
    const stale = join(dir, 'stale.cjs');
    // What an older build exports: the functions of its day, without the newer ones.
    writeFileSync(stale, 'const f = () => {}; module.exports = { dgemm: f, sgemm: f, getrs: f, config: f };');
    try {
      const r = runNode(
        `import tl from '${indexUrl}';
         try { await tl.loadBackend('native'); } catch (e) { console.log(e.name, e.message); }`,
        { TENSORLY_NATIVE_ADDON: stale },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /BackendError .*older tensorly-ts/);
      assert.match(r.stdout, /lacks gesdd, .*solveRows, .*khatriRao2, allocF64/);
      assert.match(r.stdout, /npm rebuild tensorly-ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function lowerMask(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j <= i ? 1 : 0)));
}

function upperNoise(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i ? 1e3 + i - j : 0)));
}
