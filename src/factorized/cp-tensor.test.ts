import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dtypeName } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import {
  arange,
  diag,
  eye,
  matmul,
  mean,
  norm,
  ones,
  reshape,
  shape,
  tensor,
  toArray,
  toTypedArray,
  transpose,
  unfold,
} from '../ops.js';
import { randomCp } from '../random/generators.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import { cpPermuteFactors } from './cp-permute-factors.js';
import {
  CPTensor,
  cpFlipSign,
  cpLstsqGrad,
  cpModeDot,
  cpNorm,
  cpNormalize,
  cpToTensor,
  cpToUnfolded,
  cpToVec,
  validateCpRank,
  validateCpTensor,
} from './cp-tensor.js';
import { boundFor, tolFor } from '../test-utils/tolerance.js';

// Loose enough for a float32 backend when the values are O(1); exact integer results use `exact`.
const modeDot = (x: Tensor, m: Tensor, mode: number): Tensor => currentBackend().modeDot(x, m, mode);

const tol: Tolerance = tolFor({ rtol: 1e-8, atol: 1e-10 });
const exact: Tolerance = tolFor({ rtol: 1e-12, atol: 0 });

function close(x: Tensor, expected: NestedArray, t: Tolerance = tol, msg = ''): void {
  assertClose(currentBackend(), x, expected, t, msg);
}
function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol, msg = ''): void {
  assert.deepEqual(shape(x), shape(y), `${msg} shape`);
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t, msg);
}
function matrix(rows: number, cols: number, start: number): Tensor {
  return reshape(arange(start, start + rows * cols, 1, { dtype: 'float64' }), [rows, cols]);
}
/** TensorLy's test factors: arange blocks of shapes (3,3), (4,3), (2,3), (2,3). */
function arangeFactors(): Tensor[] {
  return [matrix(3, 3, 1), matrix(4, 3, 10), matrix(2, 3, 22), matrix(2, 3, 28)];
}

/** Σ_r w_r a⁽⁰⁾_r ∘ … computed entry by entry on the host: the definition of a CP tensor. */
function naiveCp(weights: number[], factors: number[][][]): number[] {
  const dims = factors.map((f) => f.length);
  const size = dims.reduce((p, d) => p * d, 1);
  const out = new Array<number>(size).fill(0);
  const idx = new Array<number>(dims.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    let rem = flat;
    for (let k = dims.length - 1; k >= 0; k--) {
      idx[k] = rem % dims[k]!;
      rem = Math.floor(rem / dims[k]!);
    }
    let s = 0;
    for (let r = 0; r < weights.length; r++) {
      let p = weights[r]!;
      for (let k = 0; k < dims.length; k++) p *= factors[k]![idx[k]!]![r]!;
      s += p;
    }
    out[flat] = s;
  }
  return out;
}

describe('CPTensor', () => {
  test('destructures as [weights, factors], validates, and defaults weights to ones', () => {
    const cp = new CPTensor(null, [matrix(3, 2, 0), matrix(4, 2, 0)]);
    const [w, f] = cp;
    assert.equal(w, cp.weights);
    assert.equal(f, cp.factors);
    close(w, [1, 1]);
    assert.deepEqual([...cp.shape], [3, 4]);
    assert.equal(cp.rank, 2);
    assert.equal(cp.length, 2);
    assert.equal(cp[0], cp.weights);
    assert.match(String(cp), /rank-2 CPTensor of shape \[3, 4\]/);
  });

  test('does not share the caller factors array', () => {
    const factors = [matrix(3, 2, 0), matrix(4, 2, 0)];
    const cp = new CPTensor(null, factors);
    factors.pop();
    assert.equal(cp.factors.length, 2);
  });

  test('copy is deep and equal', () => {
    const cp = randomCp([3, 4, 5], 4, { randomState: 0 });
    const c = cp.copy();
    assert.notEqual(c.factors[0], cp.factors[0]);
    closeTensors(c.toTensor(), cp.toTensor());
  });

  test('methods agree with the functions', () => {
    const cp = randomCp([3, 4, 5], 2, { randomState: 1, normaliseFactors: false });
    closeTensors(cp.toVec(), cpToVec(cp));
    closeTensors(cp.toUnfolded(2), cpToUnfolded(cp, 2));
    closeTensors(cp.norm(), norm(cp.toTensor()));
    closeTensors(cp.normalize().toTensor(), cp.toTensor());
    closeTensors(cp.modeDot(ones([2, 4]), 1).toTensor(), modeDot(cp.toTensor(), ones([2, 4]), 1));
  });
});

describe('validateCpTensor', () => {
  const cp = cpNormalize(randomCp([3, 4, 5], 3, { randomState: 12345 }));
  const [weights, factors] = cp;

  test('returns shape and rank for every accepted form', () => {
    const want = { shape: [3, 4, 5], rank: 3 };
    assert.deepEqual(validateCpTensor(cp), want);
    assert.deepEqual(validateCpTensor([weights, factors]), want);
    assert.deepEqual(validateCpTensor({ weights, factors }), want);
    assert.deepEqual(validateCpTensor([null, factors]), want);
    assert.deepEqual(validateCpTensor({ factors }), want);
  });

  test('a factor with the wrong rank is named', () => {
    const bad = [ones([4, 4]), ...factors.slice(1)];
    assert.throws(
      () => validateCpTensor([weights, bad]),
      (e: unknown) => e instanceof ArgumentError && /factors\[1\] of shape \[4, 3\]/.test(e.message),
    );
  });

  test('wrong number of weights', () => {
    assert.throws(() => validateCpTensor([tensor([1, 2]), factors]), /weights of shape \[3\]/);
  });

  test('not enough factors for the weights', () => {
    assert.throws(() => validateCpTensor([tensor([1]), factors.slice(0, 1)]), ArgumentError);
  });

  test('non-matrix factors and malformed input', () => {
    assert.throws(() => validateCpTensor([null, [ones([2, 2, 2])]]), /factors\[0\] to be a matrix/);
    assert.throws(() => validateCpTensor([null, []]), ArgumentError);
    assert.throws(() => validateCpTensor(42 as never), ArgumentError);
    assert.throws(() => new CPTensor(null, [ones([3])]), ArgumentError);
  });
});

describe('cpToTensor', () => {
  test("TensorLy's hard-coded 3x4x2x2 reconstruction", () => {
    const want = [
      [
        [
          [46754, 51524],
          [52748, 58130],
        ],
        [
          [59084, 65114],
          [66662, 73466],
        ],
        [
          [71414, 78704],
          [80576, 88802],
        ],
        [
          [83744, 92294],
          [94490, 104138],
        ],
      ],
      [
        [
          [113165, 124784],
          [127790, 140912],
        ],
        [
          [143522, 158264],
          [162080, 178730],
        ],
        [
          [173879, 191744],
          [196370, 216548],
        ],
        [
          [204236, 225224],
          [230660, 254366],
        ],
      ],
      [
        [
          [179576, 198044],
          [202832, 223694],
        ],
        [
          [227960, 251414],
          [257498, 283994],
        ],
        [
          [276344, 304784],
          [312164, 344294],
        ],
        [
          [324728, 358154],
          [366830, 404594],
        ],
      ],
    ];
    close(cpToTensor([ones([3]), arangeFactors()]), want, exact);
  });

  test('every unfolding is U_i · khatriRao(others)ᵀ', () => {
    const rows = [3, 4, 2];
    const matrices = rows.map((k) => matrix(k, 4, 0));
    const full = cpToTensor([null, matrices]);
    for (let i = 0; i < rows.length; i++) {
      const others = matrices.filter((_, j) => j !== i);
      const want = matmul(matrices[i]!, transpose(currentBackend().khatriRao(others)));
      closeTensors(unfold(full, i), want, exact);
    }
  });

  test('weights, computed by hand', () => {
    const a = matrix(2, 2, 1);
    const b = matrix(2, 2, 5);
    close(
      cpToTensor([tensor([2, -1]), [a, b]]),
      [
        [-2, -2],
        [6, 10],
      ],
      exact,
    );
  });

  test('weights match A diag(w) khatriRao(B, C)ᵀ', () => {
    const [w, f] = randomCp([5, 5, 5], 5, { randomState: 3 });
    const want = reshape(
      matmul(matmul(f[0]!, diag(w)), transpose(currentBackend().khatriRao(f.slice(1)))),
      [5, 5, 5],
    );
    closeTensors(cpToTensor([w, f]), want);
  });

  test('first-order and second-order CP tensors', () => {
    const a = matrix(3, 2, 1);
    close(cpToTensor([tensor([1, 2]), [a]]), [1 + 4, 3 + 8, 5 + 12], exact);
    const b = matrix(2, 2, 0);
    closeTensors(cpToTensor([null, [a, b]]), matmul(a, transpose(b)), exact);
  });

  test('mask zeroes entries', () => {
    const cp = randomCp([2, 3], 2, { randomState: 0 });
    const mask = tensor([
      [1, 0, 1],
      [0, 1, 1],
    ]);
    const full = toTypedArray(cpToTensor(cp));
    const masked = toTypedArray(cpToTensor(cp, { mask }));
    const m = [1, 0, 1, 0, 1, 1];
    for (let i = 0; i < 6; i++) assert.equal(masked[i], m[i]! * Number(full[i]));
  });

  test('property: equals the sum of weighted outer products', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (dims, rank, seed) => {
          const cp = randomCp(dims, rank, { randomState: seed, normaliseFactors: true });
          const w = Array.from(toTypedArray(cp.weights), Number);
          const f = cp.factors.map((x) => toArray(x) as number[][]);
          assertValuesClose(Array.from(toTypedArray(cpToTensor(cp)), Number), naiveCp(w, f), tol);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('cpToUnfolded and cpToVec', () => {
  test('match the unfolded and flattened full tensor', () => {
    const cp = new CPTensor(ones([3]), arangeFactors());
    const full = cpToTensor(cp);
    for (let mode = 0; mode < 4; mode++) closeTensors(cpToUnfolded(cp, mode), unfold(full, mode), exact);
    closeTensors(cpToVec(cp), reshape(full, [-1]), exact);
  });

  test('property: cpToUnfolded == unfold(cpToTensor) for every mode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (dims, rank, seed) => {
          const cp = randomCp(dims, rank, { randomState: seed });
          const full = cpToTensor(cp);
          for (let mode = 0; mode < dims.length; mode++)
            closeTensors(cpToUnfolded(cp, mode), unfold(full, mode));
        },
      ),
      { numRuns: 30 },
    );
  });

  test('negative modes count from the end; out-of-range modes throw', () => {
    const cp = randomCp([2, 3, 4], 2, { randomState: 0 });
    closeTensors(cpToUnfolded(cp, -1), cpToUnfolded(cp, 2));
    assert.throws(() => cpToUnfolded(cp, 3), ArgumentError);
  });
});

describe('cpNormalize', () => {
  test('unit columns, same tensor', () => {
    const cp = randomCp([3, 4, 5], 4, { randomState: 0, normaliseFactors: false });
    const [weights, factors] = cpNormalize(cp);
    for (const f of factors) close(norm(f, 2, 0), [1, 1, 1, 1]);
    closeTensors(cpToTensor([weights, factors]), cpToTensor(cp));
  });

  test('zero columns stay zero (no NaN) and get weight 0', () => {
    const a = tensor([
      [1, 0],
      [2, 0],
    ]);
    const b = tensor([
      [3, 1],
      [4, 1],
    ]);
    const [w, f] = cpNormalize([null, [a, b]]);
    close(w, [Math.sqrt(5) * 5, 0]);
    close(f[0]!, [
      [1 / Math.sqrt(5), 0],
      [2 / Math.sqrt(5), 0],
    ]);
  });

  test('property: normalising keeps the tensor and gives unit columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (dims, rank, seed) => {
          const cp = randomCp(dims, rank, { randomState: seed, normaliseFactors: false });
          const n = cpNormalize(cp);
          closeTensors(n.toTensor(), cp.toTensor());
          for (const f of n.factors)
            assertValuesClose(Array.from(toTypedArray(norm(f, 2, 0)), Number), new Array(rank).fill(1), tol);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('cpFlipSign', () => {
  test('positive column means outside the target mode, same tensor', () => {
    const cp = randomCp([3, 4, 5], 4, { randomState: 7 });
    const signed = new CPTensor(cp.weights, [
      cp.factors[0]!,
      currentBackend().multiply(cp.factors[1]!, tensor([-1, 1, -1, 1])),
      currentBackend().multiply(cp.factors[2]!, tensor([-1, -1, 1, 1])),
    ]);
    const [weights, factors] = cpFlipSign(signed);
    for (const k of [1, 2]) for (const m of toTypedArray(mean(factors[k]!, 0))) assert.ok(Number(m) > 0);
    closeTensors(weights, cp.weights);
    closeTensors(cpToTensor([weights, factors]), cpToTensor(signed));
    // The input is not modified.
    assert.ok(Number(toTypedArray(mean(signed.factors[1]!, 0))[0]) < 0);
  });

  test('negative weights move their sign into the target mode', () => {
    const cp = new CPTensor(tensor([-2, 3]), [matrix(2, 2, 1), matrix(3, 2, 1)]);
    const flipped = cpFlipSign(cp, { mode: 1 });
    close(flipped.weights, [2, 3]);
    closeTensors(flipped.toTensor(), cp.toTensor());
  });

  test('a custom summary function', () => {
    const cp = new CPTensor(null, [tensor([[-1], [3]]), tensor([[-5], [1]])]);
    const flipped = cpFlipSign(cp, { func: (x, axis) => currentBackend().sum(x, axis) });
    close(flipped.factors[1]!, [[5], [-1]]);
    closeTensors(flipped.toTensor(), cp.toTensor());
  });
});

describe('cpModeDot', () => {
  const cp = randomCp([5, 4, 6], 3, { orthogonal: true, randomState: 1 });
  const full = cpToTensor(cp);
  const rng = currentBackend().checkRandomState(12345);
  const m = tensor(rng.randomSample([7, 4]), { shape: [7, 4] });
  const v = tensor(rng.randomSample(6));

  test('with a matrix equals modeDot on the full tensor', () => {
    const res = cpModeDot(cp, m, 1, { copy: true });
    closeTensors(cpToTensor(res), modeDot(full, m, 1));
    assert.deepEqual([...res.shape], [5, 7, 6]);
    closeTensors(cpToTensor(cp), full, exact, 'input unchanged');
  });

  test('with a vector contracts the mode', () => {
    const res = cpModeDot(cp, v, 2);
    closeTensors(cpToTensor(res), modeDot(full, v, 2));
    const first = cpModeDot(cp, tensor(rng.randomSample(5)), 0);
    assert.deepEqual([...first.shape], [4, 6]);
  });

  test('keepDim keeps a mode of size 1', () => {
    const res = cpModeDot(cp, v, 2, { keepDim: true });
    assert.deepEqual([...res.shape], [5, 4, 1]);
    closeTensors(reshape(cpToTensor(res), [5, 4]), modeDot(full, v, 2));
  });

  test('mismatched sizes and ranks are rejected', () => {
    assert.throws(() => cpModeDot(cp, ones([7, 5]), 1), /a matrix with 4 columns/);
    assert.throws(() => cpModeDot(cp, ones([5]), 2), /a vector of length 6/);
    assert.throws(() => cpModeDot(cp, ones([2, 2, 2]), 0), ArgumentError);
    assert.throws(() => cpModeDot(cp, m, 3), ArgumentError);
  });
});

describe('cpNorm', () => {
  test('equals the norm of the full tensor (TensorLy: (8, 5, 6, 4), rank 25)', () => {
    const cp = randomCp([8, 5, 6, 4], 25, { randomState: 0 });
    const want = toTypedArray(norm(cpToTensor(cp)))[0]!;
    assertValuesClose([Number(toTypedArray(cpNorm(cp))[0])], [Number(want)], tol);
  });

  test('counts the weights', () => {
    const cp = new CPTensor(tensor([3, -4]), [eye(2), eye(2)]);
    close(cpNorm(cp), 5, exact);
  });
});

describe('validateCpRank', () => {
  test('examples', () => {
    assert.equal(validateCpRank([10, 10, 10]), 33);
    assert.equal(validateCpRank([10, 10, 10], 0.5, { rounding: 'floor' }), 16);
    assert.equal(validateCpRank([10, 10, 10], 0.5, { rounding: 'ceil' }), 17);
    assert.equal(validateCpRank([10, 10, 10], 4), 4);
    // 25 / 10 = 2.5 and 49 / 14 = 3.5: NumPy rounds ties to even.
    assert.equal(validateCpRank([5, 5], 'same'), 2);
    assert.equal(validateCpRank([7, 7], 'same'), 4);
    assert.equal(validateCpRank([5, 3], 'same'), 2);
  });

  test('property: floor keeps at most, ceil at least, the parameter count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 4, maxLength: 4 }), (dims) => {
        const nParam = dims.reduce((p, d) => p * d, 1);
        const sum = dims.reduce((p, d) => p + d, 0);
        assert.ok(validateCpRank(dims, 'same', { rounding: 'floor' }) * sum <= nParam);
        assert.ok(validateCpRank(dims, 'same', { rounding: 'ceil' }) * sum >= nParam);
      }),
    );
  });

  test('bad arguments', () => {
    assert.throws(() => validateCpRank([3, 3], 'same', { rounding: 'up' as never }), /rounding/);
    assert.throws(() => validateCpRank([3, 3], -1), ArgumentError);
    assert.throws(() => validateCpRank([3, 0], 2), /tensorShape/);
  });
});

describe('cpLstsqGrad', () => {
  const cp = randomCp([2, 3, 4], 2, { randomState: 0, normaliseFactors: false });

  test('is zero at the model itself', () => {
    const { gradient, loss } = cpLstsqGrad(cp, cpToTensor(cp));
    assert.equal(loss, null);
    assert.ok(Number(toTypedArray(cpNorm(gradient))[0]) <= 1e-6);
  });

  test('is a descent direction, and reports the loss', () => {
    const dense = randomCp([2, 3, 4], 2, { full: true, randomState: 1, normaliseFactors: false });
    const before = Number(toTypedArray(norm(currentBackend().subtract(cpToTensor(cp), dense)))[0]);
    const { gradient, loss } = cpLstsqGrad(cp, dense, { returnLoss: true });
    assert.ok(loss !== null);
    assertValuesClose([Number(toTypedArray(loss)[0])], [0.5 * before * before], tol);
    const stepped = new CPTensor(
      cp.weights,
      cp.factors.map((f, k) =>
        currentBackend().subtract(f, currentBackend().multiply(gradient.factors[k]!, 1e-3)),
      ),
    );
    const after = Number(toTypedArray(norm(currentBackend().subtract(cpToTensor(stepped), dense)))[0]);
    assert.ok(after < before);
  });

  test('equals the finite-difference gradient', () => {
    const dense = randomCp([2, 3, 4], 2, { full: true, randomState: 2 });
    const { gradient } = cpLstsqGrad(cp, dense);
    const loss = (c: CPTensor) => {
      const d = toTypedArray(currentBackend().subtract(dense, cpToTensor(c)));
      let s = 0;
      for (const x of d) s += Number(x) * Number(x);
      return s / 2;
    };
    const f1 = toArray(cp.factors[1]!) as number[][];
    const h = boundFor(1e-6, 1e-3);
    f1[2]![1]! += h;
    const bumped = new CPTensor(cp.weights, [cp.factors[0]!, tensor(f1), cp.factors[2]!]);
    const numeric = (loss(bumped) - loss(cp)) / h;
    const analytic = (toArray(gradient.factors[1]!) as number[][])[2]![1]!;
    assertValuesClose([analytic], [numeric], tolFor({ rtol: 1e-4, atol: 1e-6 }, { rtol: 1e-2, atol: 1e-3 }));
  });

  test('the mask removes entries from the residual', () => {
    const dense = randomCp([2, 3, 4], 2, { full: true, randomState: 2 });
    const { loss } = cpLstsqGrad(cp, dense, { returnLoss: true, mask: currentBackend().zeros([2, 3, 4]) });
    close(loss!, 0, exact);
    assert.throws(() => cpLstsqGrad(cp, ones([2, 3])), /tensor of shape \[2, 3, 4\]/);
  });
});

describe('cpPermuteFactors', () => {
  const cp1 = randomCp([3, 4, 5], 4, { randomState: 0 });
  const permute = (cp: CPTensor, order: number[], sign = (_k: number) => 1) =>
    new CPTensor(
      currentBackend().take(cp.weights, order, 0),
      cp.factors.map((f, k) => currentBackend().multiply(currentBackend().take(f, order, 1), sign(k))),
    );

  test('one tensor: the result represents the same tensor', () => {
    const cp2 = randomCp([3, 4, 5], 4, { randomState: 1 });
    const [permuted, permutations] = cpPermuteFactors(cp1, cp2);
    closeTensors(cpToTensor(permuted), cpToTensor(cp2));
    assert.equal(permutations.length, 1);
    assert.deepEqual([...permutations[0]!].sort(), [0, 1, 2, 3]);
  });

  test('a list of tensors: recovers the permutations', () => {
    const order1 = [1, 0, 3, 2];
    const order2 = [3, 1, 2, 0];
    const cp2 = permute(cp1, order1);
    const cp3 = permute(cp1, order2);
    const [permuted, permutations] = cpPermuteFactors(cp1, [cp2, cp3]);
    assert.deepEqual(permutations, [order1, order2]);
    closeTensors(cpToTensor(permuted[0]!), cpToTensor(cp2));
    closeTensors(cpToTensor(permuted[1]!), cpToTensor(cp3));
    // Aligned: the permuted factors' columns are the reference's.
    closeTensors(permuted[1]!.factors[0]!, cp1.factors[0]!);
    assert.equal(permuted.length, 2);
  });

  test('sign flips do not hide a match (TensorLy issue #487)', () => {
    const order = [3, 1, 2, 0];
    const cp2 = permute(cp1, order, (k) => (-1) ** (k + 1));
    const [, [perm]] = cpPermuteFactors(cp1, cp2);
    assert.deepEqual(perm, order);
    const [one] = cpPermuteFactors(cp1, [cp2]);
    assert.ok(Array.isArray(one));
  });

  test('a rank mismatch is rejected', () => {
    assert.throws(() => cpPermuteFactors(cp1, randomCp([3, 4, 5], 3, { randomState: 0 })), ArgumentError);
  });
});

describe('dtype', () => {
  test('float32 factors give float32 results', () => {
    const f32 = (t: Tensor) => currentBackend().astype(t, 'float32');
    const cp = new CPTensor(null, [f32(matrix(2, 2, 0)), f32(matrix(3, 2, 0))]);
    const full = cpToTensor(cp);
    assert.equal(dtypeName(currentBackend().context(full).dtype), 'float32');
    assert.equal(dtypeName(currentBackend().context(cp.weights).dtype), 'float32');
    assert.equal(dtypeName(currentBackend().context(cpNormalize(cp).weights).dtype), 'float32');
    closeTensors(full, matmul(matrix(2, 2, 0), transpose(matrix(3, 2, 0))), tolFor({ rtol: 1e-6, atol: 0 }));
  });
});
