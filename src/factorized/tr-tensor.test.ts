import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  arange,
  norm,
  ones,
  reshape,
  shape,
  subtract,
  multiply,
  tensor,
  toArray,
  toTypedArray,
  unfold,
} from '../ops.js';
import { randomTr } from '../random/generators.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { Tensor } from '../types.js';
import {
  TRTensor,
  trToTensor,
  trToUnfolded,
  trToVec,
  validateTrRank,
  validateTrTensor,
} from './tr-tensor.js';
import { tolFor } from '../test-utils/tolerance.js';

const tol: Tolerance = tolFor({ rtol: 1e-8, atol: 1e-10 });

function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol): void {
  assert.deepEqual(shape(x), shape(y));
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t);
}

/** trace(G0[:, i0, :] G1[:, i1, :] ...) for every index, on the host: the definition of a tensor ring. */
function naiveTr(cores: number[][][][]): number[] {
  const dims = cores.map((c) => c[0]!.length);
  const size = dims.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const idx: number[] = [];
    let rem = flat;
    for (let k = dims.length - 1; k >= 0; k--) {
      idx[k] = rem % dims[k]!;
      rem = Math.floor(rem / dims[k]!);
    }
    // Product of the slices, as a dense matrix.
    const r0 = cores[0]!.length;
    let acc: number[][] = Array.from({ length: r0 }, (_, i) =>
      Array.from({ length: r0 }, (_, j) => (i === j ? 1 : 0)),
    );
    cores.forEach((core, k) => {
      const slice = core.map((row) => row[idx[k]!]!);
      acc = acc.map((row) => slice[0]!.map((_, j) => row.reduce((s, a, l) => s + a * slice[l]![j]!, 0)));
    });
    out.push(acc.reduce((s, row, i) => s + row[i]!, 0));
  }
  return out;
}

describe('TRTensor and validateTrTensor', () => {
  test('shape and rank', () => {
    const tr = randomTr([6, 4, 5], [3, 2, 2, 3], { randomState: 12345 });
    assert.deepEqual(validateTrTensor(tr.factors), { shape: [6, 4, 5], rank: [3, 2, 2, 3] });
    assert.deepEqual(validateTrTensor(tr), { shape: [6, 4, 5], rank: [3, 2, 2, 3] });
    assert.equal(tr.length, 3);
    assert.match(String(tr), /tensor ring tensor of shape \[6, 4, 5\]/);
  });

  test('errors name the offending core', () => {
    const factors = [...randomTr([6, 4, 5], [3, 2, 2, 3], { randomState: 0 }).factors];
    factors[0] = ones([4, 4]);
    assert.throws(() => validateTrTensor(factors), /third-order core/);
    factors[0] = ones([3, 6, 4]);
    assert.throws(() => validateTrTensor(factors), /factors\[1\] of shape \[2, 4, 2\]/);
    factors[0] = ones([2, 6, 2]);
    assert.throws(() => validateTrTensor(factors), /factors\[0\] of shape \[2, 6, 2\]/);
    assert.throws(() => new TRTensor([ones([2, 3, 2])]), /at least two cores/);
  });
});

describe('trToTensor', () => {
  test('values (from TensorLy)', () => {
    const f = [
      reshape(arange(0, 12, 1, { dtype: 'float64' }), [2, 3, 2]),
      subtract(reshape(arange(0, 8, 1, { dtype: 'float64' }), [2, 2, 2]), 3),
      multiply(reshape(arange(0, 4, 1, { dtype: 'float64' }), [2, 1, 2]), 0.5),
    ];
    assertClose(
      currentBackend(),
      trToTensor(f),
      [
        [[-0.5], [53.5]],
        [[-2.5], [75.5]],
        [[-4.5], [97.5]],
      ],
      tol,
    );
  });

  test('random ring (TensorLy values for seed 0)', () => {
    const tr = randomTr([2, 3, 2], [2, 1, 2, 2], { randomState: 0 });
    assertClose(
      currentBackend(),
      tr.toTensor(),
      [
        [
          [0.3782443282092095, 0.6997618724667786],
          [0.41123860076510665, 0.8380066386335817],
          [0.7610211448255088, 1.0347585745507022],
        ],
        [
          [0.4254569925186808, 0.6881498993036917],
          [0.46152597377238425, 0.8159426480352996],
          [0.8610564876215756, 1.0570172459634493],
        ],
      ],
      tol,
    );
  });

  test('property: equals the trace of the product of slices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (dims, bonds, seed) => {
          const rank = [...bonds.slice(0, dims.length), bonds[0]!];
          const tr = randomTr(dims, rank, { randomState: seed });
          const cores = tr.factors.map((c) => toArray(c) as number[][][]);
          assertValuesClose(Array.from(toTypedArray(trToTensor(tr)), Number), naiveTr(cores), tol);
        },
      ),
      { numRuns: 30 },
    );
  });

  test('unfolded, vec and norm agree with the full tensor', () => {
    const tr = randomTr([3, 4, 2], [2, 3, 2, 2], { randomState: 4 });
    const full = trToTensor(tr);
    for (let m = 0; m < 3; m++) closeTensors(trToUnfolded(tr, m), unfold(full, m));
    closeTensors(trToVec(tr), reshape(full, [-1]));
    closeTensors(tr.toVec(), reshape(full, [-1]));
    closeTensors(tr.toUnfolded(0), unfold(full, 0));
    closeTensors(tr.norm(), norm(full));
    closeTensors(trToTensor([tensor([[[2]]]), tensor([[[3], [4]]])]), tensor([[6, 8]]));
  });
});

describe('validateTrRank', () => {
  test('examples (values from TensorLy)', () => {
    assert.deepEqual(validateTrRank([10, 10, 10]), [6, 6, 6, 6]);
    assert.deepEqual(validateTrRank([3, 4, 5], 0.5), [2, 2, 2, 2]);
    assert.deepEqual(validateTrRank([3, 4, 5], 2), [2, 2, 2, 2]);
    assert.deepEqual(validateTrRank([3, 4, 5], [2, 3, 4, 2]), [2, 3, 4, 2]);
  });

  test('property: floor keeps at most, ceil at least, the parameter count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 4, maxLength: 4 }), (dims) => {
        const n = dims.reduce((p, d) => p * d, 1);
        const params = (r: number[]) => dims.reduce((p, s, i) => p + r[i]! * s * r[i + 1]!, 0);
        assert.ok(params(validateTrRank(dims, 'same', { rounding: 'floor' })) <= n);
        assert.ok(params(validateTrRank(dims, 'same', { rounding: 'ceil' })) >= n);
      }),
      { numRuns: 50 },
    );
  });

  test('bad ranks', () => {
    assert.throws(() => validateTrRank([3, 4, 5, 6], [2, 3, 4, 2]), /5 ranks/);
    assert.throws(() => validateTrRank([3, 4, 5, 6], [2, 3, 4, 2, 3]), /ring closes/);
    assert.throws(() => validateTrRank([3, 4], 0), ArgumentError);
  });
});
