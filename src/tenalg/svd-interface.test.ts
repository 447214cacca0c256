import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  abs,
  argmax,
  eye,
  index,
  indexUpdate,
  item,
  matmul,
  min,
  multiply,
  norm,
  reshape,
  shape,
  subtract,
  sum,
  svd,
  tensor,
  toArray,
  toTypedArray,
  transpose,
  zerosLike,
} from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { makeSvdNonNegative } from './make-svd-non-negative.js';
import { randomizedRangeFinder, randomizedSvd } from './randomized-svd.js';
import { svdFlip } from './svd-flip.js';
import { SVD_FUNS, svdInterface } from './svd-interface.js';
import { symeigSvd } from './symeig-svd.js';
import { truncatedSvd } from './truncated-svd.js';
import { tolFor } from '../test-utils/tolerance.js';

// Loose enough for a float32 backend (TensorLy compares singular values to 3 decimals, 2 for randomized).
const tol: Tolerance = tolFor({ rtol: 1e-4, atol: 1e-4 });

function uniform(dims: number[], seed: number): Tensor {
  return tensor(new RandomState(seed).randomSample(dims[0]! * dims[1]!), { shape: dims });
}
function gaussian(dims: number[], seed: number): Tensor {
  return tensor(new RandomState(seed).standardNormal(dims[0]! * dims[1]!), { shape: dims });
}
function values(x: Tensor): number[] {
  return Array.from(toTypedArray(x), Number);
}
/** `U·diag(S)·V` for the first `len(S)` triplets. */
function reconstruct(u: Tensor, s: Tensor, v: Tensor): Tensor {
  const r = shape(s)[0]!;
  return matmul(multiply(index(u, [null, { stop: r }]), reshape(s, [1, -1])), index(v, [{ stop: r }]));
}
function sqError(a: Tensor, b: Tensor): number {
  const d = subtract(a, b);
  return item(sum(multiply(d, d)));
}
function orthogonalityError(q: Tensor, rows: boolean): number {
  const g = rows ? matmul(q, transpose(q)) : matmul(transpose(q), q);
  return item(norm(subtract(g, eye(shape(g)[0]!))));
}

describe('SVD functions (TensorLy test_svd)', () => {
  const sizes = [
    [100, 100],
    [100, 5],
    [10, 10],
    [10, 4],
    [5, 100],
  ];
  const ranks = [90, 4, 5, 4, 5];
  for (const method of SVD_FUNS) {
    test(`${method}: singular values, reconstruction and orthogonality`, () => {
      const decimalTol: Tolerance =
        method === 'randomized_svd' ? { rtol: 0, atol: 5e-3 } : { rtol: 0, atol: 5e-4 };
      sizes.forEach((s, i) => {
        const n = ranks[i]!;
        const m = uniform(s, 100 + i);
        const [fU, fS, fV] = svdInterface(m, { nEigenvecs: n, method, randomState: 0 });
        assert.deepEqual(shape(fU), [s[0], n]);
        assert.deepEqual(shape(fS), [n]);
        assert.deepEqual(shape(fV), [n, s[1]]);
        const [U, S, V] = svd(m, false);
        const sTrue = index(S, [{ stop: n }]);
        assertValuesClose(values(abs(fS)), values(sTrue), decimalTol, `${method} ${s}`);
        const trueErr = sqError(
          m,
          reconstruct(index(U, [null, { stop: n }]), sTrue, index(V, [{ stop: n }])),
        );
        const err = sqError(m, reconstruct(fU, fS, fV));
        assert.ok(err <= trueErr * 1.05 + 0.1, `${method} ${s}: reconstruction ${err} vs ${trueErr}`);
        assert.ok(orthogonalityError(fU, false) <= 0.01, `${method} ${s}: U orthogonality`);
        assert.ok(orthogonalityError(fV, true) <= 0.01, `${method} ${s}: V orthogonality`);
      });
    });

    test(`${method}: rejects non-matrices`, () => {
      const t = tensor(new RandomState(1).randomSample(27), { shape: [3, 3, 3] });
      assert.throws(() => svdInterface(t, { nEigenvecs: 2, method }), ArgumentError);
    });
  }

  test('rank-deficient matrices give finite, orthonormal vectors', () => {
    const m = matmul(gaussian([20, 5], 12), gaussian([5, 20], 23));
    const [u, s, v] = truncatedSvd(m, 6);
    assert.ok(sqError(m, reconstruct(u, s, v)) <= 0.1);
    assert.ok(values(u).every(Number.isFinite));
    assert.ok(values(v).every(Number.isFinite));
    const m2 = matmul(gaussian([4, 2], 1), gaussian([2, 4], 12));
    const [u2, , v2] = truncatedSvd(m2, 3);
    assert.ok(orthogonalityError(u2, false) <= 0.01);
    assert.ok(orthogonalityError(v2, true) <= 0.01);
  });

  test('more eigenvectors than max(m, n) are clipped', () => {
    const m = uniform([6, 4], 5);
    for (const fn of [truncatedSvd, symeigSvd, randomizedSvd]) {
      const [u, s, v] = fn(m, 50, { randomState: 0 });
      assert.equal(shape(u)[1]! <= 6, true, fn.name);
      assert.equal(shape(s)[0], 4, fn.name);
      assert.equal(shape(v)[1], 4, fn.name);
    }
    assert.throws(() => truncatedSvd(m, 0), ArgumentError);
  });

  test('randomized SVD: an integer seed and an equally seeded RandomState give the same result', () => {
    const m = uniform([30, 20], 6);
    const a = randomizedSvd(m, 5, { randomState: 7 });
    const b = randomizedSvd(m, 5, { randomState: new RandomState(7) });
    for (let i = 0; i < 3; i++) assert.deepEqual(values(a[i]!), values(b[i]!));
    // A wide matrix takes the transposed path; the leading singular values still agree.
    const c = randomizedSvd(transpose(m), 5, { randomState: 7, nIter: 4 });
    assertValuesClose(values(c[1]).slice(0, 2), values(truncatedSvd(m, 2)[1]), { rtol: 2e-2, atol: 0 });
  });

  test('randomizedRangeFinder: orthonormal basis of the range of a low-rank matrix', () => {
    const a = matmul(gaussian([30, 3], 2), gaussian([3, 20], 3));
    const q = randomizedRangeFinder(a, 3, { randomState: 0 });
    assert.deepEqual(shape(q), [30, 3]);
    assert.ok(orthogonalityError(q, false) < 1e-6);
    const proj = matmul(q, matmul(transpose(q), a));
    assert.ok(sqError(proj, a) < 1e-6 * item(sum(multiply(a, a))));
  });
});

describe('svdInterface (TensorLy test_svd.py)', () => {
  test('shapes with a mask and non-negativity: S >= 0, and U, V >= 0 when asked', () => {
    for (const s of [
      [10, 5],
      [10, 10],
      [5, 10],
    ]) {
      for (const rank of [1, 3, 5, 8, 10]) {
        for (const nn of [false, true]) {
          const rng = new RandomState(1234);
          const x = tensor(rng.randomSample(s[0]! * s[1]!), { shape: s });
          const mask = indexUpdate(zerosLike(x), [1, 3], 1);
          const [u, sv, v] = svdInterface(x, {
            nEigenvecs: rank,
            nonNegative: nn,
            mask,
            nIterMaskImputation: 3,
          });
          assert.ok(item(min(sv)) >= 0, `S >= 0 for ${s} rank ${rank}`);
          if (nn) {
            assert.ok(item(min(u)) >= 0, `U >= 0 for ${s} rank ${rank}`);
            assert.ok(item(min(v)) >= 0, `V >= 0 for ${s} rank ${rank}`);
          }
        }
      }
    }
  });

  test('fixed-rank matrices are reproduced', () => {
    for (const s of [
      [10, 5],
      [10, 10],
      [5, 10],
    ]) {
      for (const rank of [1, 3, 10]) {
        for (const uBasedFlipSign of [false, true]) {
          const rng = new RandomState(1234);
          const r = tensor(rng.randomSample(s[0]! * rank), { shape: [s[0]!, rank] });
          const l = tensor(rng.randomSample(rank * s[1]!), { shape: [rank, s[1]!] });
          const x = matmul(r, l);
          const [u, sv, v] = svdInterface(x, { nEigenvecs: rank, nonNegative: false, uBasedFlipSign });
          const err = item(norm(subtract(x, reconstruct(u, sv, v)))) / item(norm(x));
          assert.ok(err < 1e-5, `${s} rank ${rank}: ${err}`);
        }
      }
    }
  });

  test('values and signs agree with TensorLy', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 10],
      [1, 0, 2],
    ]);
    const b = currentBackend();
    const [u, s, v] = svdInterface(m, { nEigenvecs: 2 });
    assertClose(b, s, [17.510656102879583, 1.2922681494967505], tol);
    assertClose(
      b,
      u,
      [
        [0.20825107578761204, 0.24362198185348682],
        [0.5009403143479161, -0.1644163252988691],
        [0.8333388592787866, -0.08316975339843558],
        [0.10600300236429003, 0.9522071172033105],
      ],
      tol,
    );
    assertClose(
      b,
      v,
      [
        [0.46551010439606527, 0.5475474214794492, 0.6953360079388744],
        [-0.03406760117462156, -0.7739846334248552, 0.6322872652302898],
      ],
      tol,
    );
    const [u2, , v2] = svdInterface(m, { nEigenvecs: 2, uBasedFlipSign: false });
    assertClose(
      b,
      index(u2, [null, 1]),
      [-0.24362198185348682, 0.1644163252988691, 0.08316975339843558, -0.9522071172033105],
      tol,
    );
    assertClose(b, index(v2, [1]), [0.03406760117462156, 0.7739846334248552, -0.6322872652302898], tol);
    const [w, , h] = svdInterface(m, { nEigenvecs: 2, nonNegative: true });
    assertClose(
      b,
      w,
      [
        [0.8714419511519648, 0.22212636061913596],
        [2.096221607955768, 4.083333333333333],
        [3.487167779345788, 4.083333333333333],
        [0.44357736380922097, 0.8681905462340906],
      ],
      tol,
    );
    assertClose(
      b,
      h,
      [
        [1.9479612872184413, 2.291252477412952, 2.9096846927333657],
        [4.083333333333333, 4.083333333333333, 0.8961556475591453],
      ],
      tol,
    );
  });

  test('every method gives the same signs (deterministic sign flipping)', () => {
    const m = uniform([12, 7], 9);
    const [u0, , v0] = svdInterface(m, { nEigenvecs: 3 });
    for (const method of ['symeig_svd', 'randomized_svd'] as const) {
      const [u, , v] = svdInterface(m, { nEigenvecs: 3, method, randomState: 0, nIter: 6 });
      assertValuesClose(values(u), values(u0), { rtol: 1e-3, atol: 1e-3 }, method);
      assertValuesClose(values(v), values(v0), { rtol: 1e-3, atol: 1e-3 }, method);
    }
    // The largest-magnitude entry of each column of U is positive.
    const idx = values(argmax(abs(u0), 0));
    idx.forEach((row, col) => {
      assert.ok(values(index(u0, [row, col]))[0]! > 0);
    });
  });

  test('masked SVD imputes missing entries of a low-rank matrix', () => {
    const x = matmul(gaussian([12, 2], 4), gaussian([2, 9], 5));
    const missing = [
      [0, 0],
      [3, 5],
      [7, 2],
      [11, 8],
    ];
    let corrupted = x;
    let mask = tensor(new Float64Array(12 * 9).fill(1), { shape: [12, 9] });
    for (const [i, j] of missing) {
      corrupted = indexUpdate(corrupted, [i!, j!], 0);
      mask = indexUpdate(mask, [i!, j!], 0);
    }
    const err = (n: number): number => {
      const [u, s, v] = svdInterface(corrupted, { nEigenvecs: 2, mask, nIterMaskImputation: n });
      return sqError(reconstruct(u, s, v), x);
    };
    const none = err(0);
    const many = err(100);
    assert.ok(many < none / 100, `imputation helps: ${many} vs ${none}`);
  });

  test('a custom SVD function and bad methods', () => {
    const m = uniform([5, 4], 1);
    let called = 0;
    const custom = (a: Tensor, k?: number | null) => {
      called++;
      return truncatedSvd(a, k);
    };
    svdInterface(m, { method: custom, nEigenvecs: 2 });
    assert.equal(called, 1);
    assert.throws(() => svdInterface(m, { method: 'nope' as never }), ArgumentError);
  });
});

describe('svdFlip', () => {
  const b = () => currentBackend();
  test('U-based: the largest-magnitude entry of each column of U becomes positive', () => {
    const [u, v] = svdFlip(
      tensor([
        [1, -3],
        [2, 1],
      ]),
      tensor([
        [1, 1],
        [1, -1],
      ]),
    );
    assertClose(b(), u, [
      [1, 3],
      [2, -1],
    ]);
    assertClose(b(), v, [
      [1, 1],
      [-1, 1],
    ]);
  });

  test('V-based', () => {
    const [u, v] = svdFlip(
      tensor([
        [1, 3],
        [2, -1],
      ]),
      tensor([
        [1, 2],
        [-3, 1],
      ]),
      false,
    );
    assertClose(b(), u, [
      [1, -3],
      [2, 1],
    ]);
    assertClose(b(), v, [
      [1, 2],
      [3, -1],
    ]);
  });

  test('mismatched counts: signs are cut or padded with ones', () => {
    const [, v] = svdFlip(
      tensor([[-1], [0]]),
      tensor([
        [1, 1],
        [2, 2],
      ]),
    );
    assertClose(b(), v, [
      [-1, -1],
      [2, 2],
    ]);
    const [u] = svdFlip(
      tensor([
        [1, 2, 3],
        [1, 2, 3],
      ]),
      tensor([[-1, 0]]),
      false,
    );
    assertClose(b(), u, [
      [-1, 2, 3],
      [-1, 2, 3],
    ]);
  });
});

describe('makeSvdNonNegative (NNDSVD)', () => {
  const m = (): Tensor =>
    tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 10],
      [1, 0, 2],
    ]);
  const expected: Record<string, [NestedArray, NestedArray]> = {
    nndsvd: [
      [
        [0.8714419511519645, 0.22212636061913574, 0.5994717516039005],
        [2.0962216079557674, 0.0, 0.07907614098697774],
        [3.4871677793457874, 0.0, 0.0],
        [0.44357736380922075, 0.8681905462340904, 0.0],
      ],
      [
        [1.947961287218441, 2.291252477412952, 2.9096846927333653],
        [0.0, 0.0, 0.8961556475591451],
        [0.0, 0.4119895992991888, 0.4425878298301193],
      ],
    ],
    nndsvda: [
      [
        [0.8714419511519648, 0.22212636061913596, 0.5994717516039008],
        [2.096221607955768, 4.083333333333333, 0.07907614098697796],
        [3.487167779345788, 4.083333333333333, 4.083333333333333],
        [0.44357736380922097, 0.8681905462340906, 4.083333333333333],
      ],
      [
        [1.9479612872184413, 2.291252477412952, 2.9096846927333657],
        [4.083333333333333, 4.083333333333333, 0.8961556475591453],
        [4.083333333333333, 0.41198959929918905, 0.4425878298301195],
      ],
    ],
  };
  for (const kind of ['nndsvd', 'nndsvda'] as const) {
    test(`${kind}: TensorLy's values, whatever the signs of the SVD`, () => {
      const [u, s, v] = svd(m(), false);
      for (const flip of [1, -1]) {
        const [w, h] = makeSvdNonNegative(m(), multiply(u, flip), s, multiply(v, flip), kind);
        assertClose(currentBackend(), w, expected[kind]![0], tol);
        assertClose(currentBackend(), h, expected[kind]![1], tol);
      }
    });
  }

  test('true means nndsvda; bad kinds throw', () => {
    const [u, s, v] = svd(m(), false);
    assert.deepEqual(
      toArray(makeSvdNonNegative(m(), u, s, v, true)[0]),
      toArray(makeSvdNonNegative(m(), u, s, v)[0]),
    );
    assert.throws(() => makeSvdNonNegative(m(), u, s, v, 'nmf' as never), ArgumentError);
  });
});
