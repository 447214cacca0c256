import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { arange, eye, index, matmul, multiply, reshape, shape, tensor, toTypedArray } from '../ops.js';
import { RandomState } from '../random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { khatriRao } from './khatri-rao.js';
import { kronecker } from './kronecker.js';
import { tolFor } from '../test-utils/tolerance.js';

// Loose enough for a float32 backend: the largest hard-coded values (~1.7e5) are exact in float32.
const tol: Tolerance = tolFor({ rtol: 1e-6, atol: 1e-6 });

function close(x: Tensor, expected: NestedArray, msg = ''): void {
  assertClose(currentBackend(), x, expected, tol, msg);
}
function same(x: Tensor, y: Tensor, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), tol, msg);
}
function random(dims: number[], seed: number): Tensor {
  const size = dims.reduce((p, d) => p * d, 1);
  return tensor(new RandomState(seed).standardNormal(size), { shape: dims });
}
function arangeMatrix(start: number, rows: number, cols: number): Tensor {
  return reshape(arange(start, start + rows * cols), [rows, cols]);
}

describe('kronecker (TensorLy test_kronecker)', () => {
  test('hard-coded products', () => {
    const f32 = { dtype: 'float32' } as const;
    close(
      kronecker([
        tensor(
          [
            [1, 2, 3],
            [3, 2, 1],
          ],
          f32,
        ),
        tensor(
          [
            [2, 1],
            [2, 3],
          ],
          f32,
        ),
      ]),
      [
        [2, 1, 4, 2, 6, 3],
        [2, 3, 4, 6, 6, 9],
        [6, 3, 4, 2, 2, 1],
        [6, 9, 4, 6, 2, 3],
      ],
    );
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [0, 5],
      [6, 7],
    ]);
    const ab: NestedArray = [
      [0, 5, 0, 10],
      [6, 7, 12, 14],
      [0, 15, 0, 20],
      [18, 21, 24, 28],
    ];
    close(kronecker([a, b]), ab);
    // A third matrix: blocks are c[i, j] times the product of the other two.
    const c = tensor([
      [0, 1],
      [2, 0],
    ]);
    const res = kronecker([c, a, b]);
    assert.deepEqual(shape(res), [8, 8]);
    const cv = [
      [0, 1],
      [2, 0],
    ];
    for (const i of [0, 1]) {
      for (const j of [0, 1]) {
        const block = index(res, [
          { start: 4 * i, stop: 4 * i + 4 },
          { start: 4 * j, stop: 4 * j + 4 },
        ]);
        close(
          block,
          (ab as number[][]).map((r) => r.map((v) => v * cv[i]![j]!)),
          `block ${i}${j}`,
        );
      }
    }
  });

  test('reverse', () => {
    const a = tensor([
      [1, 2],
      [0, 3],
    ]);
    const b = tensor([
      [0.5, 1],
      [1, 2],
    ]);
    close(kronecker([a, b]), [
      [0.5, 1, 1, 2],
      [1, 2, 2, 4],
      [0, 0, 1.5, 3],
      [0, 0, 3, 6],
    ]);
    const list = [a, b];
    close(kronecker(list, { reverse: true }), [
      [0.5, 1, 1, 2],
      [0, 1.5, 0, 3],
      [1, 2, 2, 4],
      [0, 3, 0, 6],
    ]);
    assert.equal(list[0], a, 'the list is not reversed in place');
  });

  test('shapes, skipMatrix, and agreement with khatriRao for single columns', () => {
    const w = [random([2, 3], 1), random([4, 5], 2), random([6, 7], 3)];
    assert.deepEqual(shape(kronecker(w)), [48, 105]);
    same(kronecker(w, { skipMatrix: 1 }), kronecker([w[0]!, w[2]!]));
    same(kronecker(w, { skipMatrix: 0 }), kronecker(w.slice(1)));
    const cols = [random([2, 1], 4), random([4, 1], 5), random([6, 1], 6)];
    same(kronecker(cols), khatriRao(cols));
  });

  test('errors', () => {
    assert.throws(() => kronecker([]), ArgumentError);
    assert.throws(() => kronecker([tensor([1, 2])]), ArgumentError);
  });
});

describe('khatriRao (TensorLy test_khatri_rao)', () => {
  test('shape', () => {
    const res = khatriRao([arangeMatrix(0, 3, 4), arangeMatrix(0, 4, 4), arangeMatrix(0, 2, 4)]);
    assert.deepEqual(shape(res), [24, 4]);
  });

  test('classic examples', () => {
    const t1 = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const t2 = tensor([
      [1, 4, 7],
      [2, 5, 8],
      [3, 6, 9],
    ]);
    close(khatriRao([t1, t2]), [
      [1, 8, 21],
      [2, 10, 24],
      [3, 12, 27],
      [4, 20, 42],
      [8, 25, 48],
      [12, 30, 54],
      [7, 32, 63],
      [14, 40, 72],
      [21, 48, 81],
    ]);
    const a = tensor([
      [1, 0, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 2],
    ]);
    const b = tensor([
      [1, 0, 0, 3],
      [0, 1, 0, 4],
      [0, 0, 1, 5],
    ]);
    close(khatriRao([a, b]), [
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 3],
      [0, 1, 0, 4],
      [0, 0, 0, 5],
      [0, 0, 0, 6],
      [0, 0, 0, 8],
      [0, 0, 1, 10],
    ]);
  });

  test('four arange matrices, skipMatrix, one matrix', () => {
    const u = [arangeMatrix(1, 3, 3), arangeMatrix(10, 4, 3), arangeMatrix(22, 2, 3), arangeMatrix(28, 2, 3)];
    close(khatriRao(u), [
      [6160, 14674, 25920],
      [6820, 16192, 28512],
      [7000, 16588, 29160],
      [7750, 18304, 32076],
      [8008, 18676, 32400],
      [8866, 20608, 35640],
      [9100, 21112, 36450],
      [10075, 23296, 40095],
      [9856, 22678, 38880],
      [10912, 25024, 42768],
      [11200, 25636, 43740],
      [12400, 28288, 48114],
      [11704, 26680, 45360],
      [12958, 29440, 49896],
      [13300, 30160, 51030],
      [14725, 33280, 56133],
      [24640, 36685, 51840],
      [27280, 40480, 57024],
      [28000, 41470, 58320],
      [31000, 45760, 64152],
      [32032, 46690, 64800],
      [35464, 51520, 71280],
      [36400, 52780, 72900],
      [40300, 58240, 80190],
      [39424, 56695, 77760],
      [43648, 62560, 85536],
      [44800, 64090, 87480],
      [49600, 70720, 96228],
      [46816, 66700, 90720],
      [51832, 73600, 99792],
      [53200, 75400, 102060],
      [58900, 83200, 112266],
      [43120, 58696, 77760],
      [47740, 64768, 85536],
      [49000, 66352, 87480],
      [54250, 73216, 96228],
      [56056, 74704, 97200],
      [62062, 82432, 106920],
      [63700, 84448, 109350],
      [70525, 93184, 120285],
      [68992, 90712, 116640],
      [76384, 100096, 128304],
      [78400, 102544, 131220],
      [86800, 113152, 144342],
      [81928, 106720, 136080],
      [90706, 117760, 149688],
      [93100, 120640, 153090],
      [103075, 133120, 168399],
    ]);
    same(khatriRao(u, { skipMatrix: 1 }), khatriRao([u[0]!, u[2]!, u[3]!]));
    same(khatriRao(u, { skipMatrix: 0 }), khatriRao(u.slice(1)));
    same(khatriRao([u[0]!]), u[0]!);
  });

  test('weights and mask (values from TensorLy)', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [1, 1],
      [2, 0],
      [0, 3],
    ]);
    const w = tensor([2, -1]);
    const weighted: NestedArray = [
      [2, -2],
      [4, 0],
      [0, -6],
      [6, -4],
      [12, 0],
      [0, -12],
    ];
    close(khatriRao([a, b], { weights: w }), weighted);
    close(khatriRao([a, b, a], { weights: w, skipMatrix: 2 }), weighted);
    close(khatriRao([a, b], { weights: w, mask: tensor([1, 0, 1, 1, 0, 1]) }), [
      [2, -2],
      [0, 0],
      [0, -6],
      [6, -4],
      [0, 0],
      [0, -12],
    ]);
    // One matrix left: the weights still apply (TensorLy ignores them there).
    close(khatriRao([a], { weights: w }), [
      [2, -2],
      [6, -4],
    ]);
  });

  test('vectors count as single-column matrices', () => {
    close(khatriRao([tensor([1, 2]), tensor([3, 4])]), [[3], [4], [6], [8]]);
  });

  test('property: rows are products of the factors rows (row-major order)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (rows, r, seed) => {
          const mats = rows.map((d, i) => random([d, r], seed + i));
          const kr = khatriRao(mats);
          const vals = mats.map((m) => Array.from(toTypedArray(m), Number));
          const got = Array.from(toTypedArray(kr), Number);
          const total = rows.reduce((p, d) => p * d, 1);
          assert.deepEqual(shape(kr), [total, r]);
          const want: number[] = [];
          for (let row = 0; row < total; row++) {
            let rem = row;
            const idx = new Array<number>(rows.length);
            for (let k = rows.length - 1; k >= 0; k--) {
              idx[k] = rem % rows[k]!;
              rem = Math.floor(rem / rows[k]!);
            }
            for (let c = 0; c < r; c++) {
              let p = 1;
              for (let k = 0; k < rows.length; k++) p *= vals[k]![idx[k]! * r + c]!;
              want.push(p);
            }
          }
          assertValuesClose(got, want, tol);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('the Khatri-Rao product is the column-wise Kronecker product', () => {
    const a = random([3, 2], 11);
    const b = random([4, 2], 12);
    const kr = khatriRao([a, b]);
    const kron = kronecker([a, b]);
    // Column r of the Khatri-Rao product is column r*(2+1) of the Kronecker product.
    for (const r of [0, 1]) same(index(kr, [null, r]), index(kron, [null, 3 * r]));
    same(matmul(kr, eye(2)), multiply(kr, 1));
  });

  test('errors: column mismatch, non-matrices, bad weights or mask', () => {
    const shapes = [
      [3, 4],
      [3, 4],
      [3, 2],
    ];
    assert.throws(() => khatriRao(shapes.map(([i, j]) => arangeMatrix(0, i!, j!))), ArgumentError);
    assert.throws(() => khatriRao([eye(3), reshape(arange(12), [3, 2, 2])]), ArgumentError);
    assert.throws(() => khatriRao([]), ArgumentError);
    assert.throws(() => khatriRao([eye(2), eye(2)], { weights: tensor([1, 2, 3]) }), ArgumentError);
    assert.throws(() => khatriRao([eye(2), eye(2)], { mask: tensor([1, 2, 3]) }), ArgumentError);
  });
});
