import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError } from '../../errors.js';
import { assertClose, assertValuesClose } from '../../test-utils/assert.js';
import type { NestedArray, Tensor } from '../../types.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

type Op2 = 'add' | 'subtract' | 'multiply' | 'divide' | 'power' | 'maximum' | 'minimum';
type Cmp = 'greater' | 'greaterEqual' | 'less' | 'lessEqual' | 'equal';
type Op1 =
  | 'negative'
  | 'abs'
  | 'sign'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'log2'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'arcsin'
  | 'arccos'
  | 'arctan'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'arcsinh'
  | 'arccosh'
  | 'arctanh'
  | 'digamma'
  | 'isnan'
  | 'isfinite';

const BINARY: readonly Op2[] = ['add', 'subtract', 'multiply', 'divide', 'power', 'maximum', 'minimum'];
const COMPARISONS: readonly Cmp[] = ['greater', 'greaterEqual', 'less', 'lessEqual', 'equal'];
const UNARY: readonly Op1[] = [
  'negative',
  'abs',
  'sign',
  'sqrt',
  'exp',
  'log',
  'log2',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'digamma',
  'isnan',
  'isfinite',
];

/** The scalar meaning of each binary op and comparison, for reference results (NumPy semantics on floats). */
const SCALAR: Record<Op2 | Cmp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
  power: (x, y) => x ** y,
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.min(x, y)),
  greater: (x, y) => (x > y ? 1 : 0),
  greaterEqual: (x, y) => (x >= y ? 1 : 0),
  less: (x, y) => (x < y ? 1 : 0),
  lessEqual: (x, y) => (x <= y ? 1 : 0),
  equal: (x, y) => (x === y ? 1 : 0),
};

/** Row-major values of a broadcast operand, read at every position of `outShape` (test reference). */
function broadcastValues(
  values: ArrayLike<number>,
  shape: readonly number[],
  outShape: readonly number[],
): number[] {
  const nd = outShape.length;
  const size = outShape.reduce((p, d) => p * d, 1);
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[nd - shape.length + i] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rem = flat;
    let pos = 0;
    for (let ax = nd - 1; ax >= 0; ax--) {
      const d = outShape[ax]!;
      pos += (rem % d) * strides[ax]!;
      rem = Math.floor(rem / d);
    }
    out.push(Number(values[pos]));
  }
  return out;
}

/** Arbitrary: an output shape (rank 0-4, lengths 0-4) and two shapes that broadcast to it. */
const broadcastPair = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }).chain((out) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.integer({ min: 0, max: out.length }),
      fc.integer({ min: 0, max: out.length }),
    )
    .map(([onesA, onesB, dropA, dropB]) => {
      // Setting a length to 1 in one operand only keeps the pair broadcastable.
      const a = out.map((d, i) => (onesA[i] ? 1 : d)).slice(dropA);
      const b = out.map((d, i) => (onesB[i] && !onesA[i] ? 1 : d)).slice(dropB);
      return { a, b };
    }),
);

/** Element-wise ops: arithmetic, comparisons, unary math, where, clip, dtype promotion and broadcasting. */
export function elementwiseSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  const f = o.floatDtype;
  const dt = (x: Tensor) => dtypeName(b.context(x as never).dtype);
  /** The dtype a float64 result comes in on this backend. */
  const F64 = f;
  const t = (data: NestedArray, dtype?: string) =>
    b.tensor(data as never, dtype === undefined ? undefined : { dtype: dtype as never });
  /** A float tensor of `shape` with distinct, non-integer values (some negative). */
  const seq = (shape: number[], start = 0) => {
    const n = shape.reduce((p, d) => p * d, 1);
    return b.reshape(b.add(b.multiply(b.arange(start, start + n), 0.5), -1.25), shape);
  };

  describe(`${b.name}: element-wise arithmetic`, () => {
    it('binary ops on equal shapes', () => {
      const x = t([
        [2, 3],
        [0.5, 4],
      ]);
      const y = t([
        [3, 0.5],
        [-2, 0],
      ]);
      assertClose(
        b,
        b.add(x, y),
        [
          [5, 3.5],
          [-1.5, 4],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.subtract(x, y),
        [
          [-1, 2.5],
          [2.5, 4],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.multiply(x, y),
        [
          [6, 1.5],
          [-1, 0],
        ],
        o.tol,
      );
      assertClose(b, b.divide(t([1, -2, 3]), t([4, 8, -0.5])), [0.25, -0.25, -6], o.tol);
      assertClose(
        b,
        b.power(x, y),
        [
          [8, 1.7320508075688772],
          [4, 1],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.maximum(x, y),
        [
          [3, 3],
          [0.5, 4],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.minimum(x, y),
        [
          [2, 0.5],
          [-2, 0],
        ],
        o.tol,
      );
      for (const op of BINARY) assert.equal(dt(b[op](x, y)), f, op);
    });
    it('division by zero gives infinities and NaN', () => {
      assertClose(b, b.divide(t([1, -1, 0]), t([0, 0, 0])), [Infinity, -Infinity, NaN], o.tol);
    });
    it('row vector + column vector broadcasts to a matrix', () => {
      const row = t([[1, 2, 3]]);
      const col = t([[10], [20]]);
      assertClose(
        b,
        b.add(row, col),
        [
          [11, 12, 13],
          [21, 22, 23],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.subtract(col, row),
        [
          [9, 8, 7],
          [19, 18, 17],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.multiply(t([1, 2, 3]), col),
        [
          [10, 20, 30],
          [20, 40, 60],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.maximum(t([[0], [5]]), t([1, 4, 6])),
        [
          [1, 4, 6],
          [5, 5, 6],
        ],
        o.tol,
      );
      assert.deepEqual(b.shape(b.add(b.ones([2, 1, 3]), b.ones([4, 1]))), [2, 4, 3]);
    });
    it('a number on either side', () => {
      const x = t([1, 2, 4]);
      assertClose(b, b.add(x, 1), [2, 3, 5], o.tol);
      assertClose(b, b.add(1, x), [2, 3, 5], o.tol);
      assertClose(b, b.subtract(x, 1), [0, 1, 3], o.tol);
      assertClose(b, b.subtract(1, x), [0, -1, -3], o.tol);
      assertClose(b, b.divide(x, 2), [0.5, 1, 2], o.tol);
      assertClose(b, b.divide(2, x), [2, 1, 0.5], o.tol);
      assertClose(b, b.power(x, 2), [1, 4, 16], o.tol);
      assertClose(b, b.power(2, x), [2, 4, 16], o.tol);
      assertClose(b, b.maximum(x, 2), [2, 2, 4], o.tol);
      assertClose(b, b.minimum(2, x), [1, 2, 2], o.tol);
    });
    it('two numbers give a 0-d float tensor', () => {
      const r = b.add(2, 3);
      assert.deepEqual(b.shape(r), []);
      assert.equal(b.item(r), 5);
      assert.equal(dt(r), F64);
      assert.equal(b.item(b.divide(1, 4)), 0.25);
      assert.equal(dt(b.greater(2, 1)), 'bool');
      assert.equal(b.toArray(b.greater(2, 1)), true);
    });
    it('0-d tensors broadcast like numbers', () => {
      const s = b.tensor(10);
      assertClose(b, b.add(t([[1, 2]]), s), [[11, 12]], o.tol);
      assertClose(b, b.subtract(s, t([1, 2])), [9, 8], o.tol);
      const z = b.multiply(s, b.tensor(3));
      assert.deepEqual(b.shape(z), []);
      assert.equal(b.item(z), 30);
    });
    it('empty shapes', () => {
      assert.deepEqual(b.shape(b.add(b.zeros([0, 3]), b.ones([1, 3]))), [0, 3]);
      assert.deepEqual(b.shape(b.add(b.zeros([0]), 5)), [0]);
      assert.deepEqual(b.shape(b.multiply(b.zeros([2, 0]), b.zeros([1, 1]))), [2, 0]);
      assert.deepEqual(b.shape(b.exp(b.zeros([0, 2]))), [0, 2]);
      assert.deepEqual(b.shape(b.greater(b.zeros([3, 0]), 0)), [3, 0]);
      assert.deepEqual(b.shape(b.where(b.zeros([0]), 1, 2)), [0]);
      assert.deepEqual(b.shape(b.clip(b.zeros([0, 1]), 0, 1)), [0, 1]);
      assert.deepEqual(b.toArray(b.add(b.zeros([0]), b.zeros([0]))), []);
    });
    it('non-contiguous views (transposes) are read in their own order', () => {
      const m = t([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const mt = b.transpose(m);
      assertClose(
        b,
        b.add(mt, t([[10, 20]])),
        [
          [11, 24],
          [12, 25],
          [13, 26],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.multiply(mt, mt),
        [
          [1, 16],
          [4, 25],
          [9, 36],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.exp(b.multiply(mt, 0)),
        [
          [1, 1],
          [1, 1],
          [1, 1],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(mt, 2, 5),
        [
          [2, 4],
          [2, 5],
          [3, 5],
        ],
        o.tol,
      );
    });
    it('maximum and minimum propagate NaN from either side', () => {
      const x = t([1, Number.NaN, 3, Number.NaN]);
      const y = t([Number.NaN, 2, 1, Number.NaN]);
      assertClose(b, b.maximum(x, y), [NaN, NaN, 3, NaN], o.tol);
      assertClose(b, b.minimum(x, y), [NaN, NaN, 1, NaN], o.tol);
      assertClose(b, b.maximum(t([1, 5]), Number.NaN), [NaN, NaN], o.tol);
      assertClose(b, b.minimum(Number.NaN, t([1, 5])), [NaN, NaN], o.tol);
      assertClose(
        b,
        b.maximum(b.transpose(t([[1, Number.NaN]])), t([[0, 2]])),
        [
          [1, 2],
          [NaN, NaN],
        ],
        o.tol,
      );
    });
    it('property: binary ops and comparisons agree with a scalar reference under broadcasting', () => {
      fc.assert(
        fc.property(
          broadcastPair,
          fc.constantFrom<Op2 | Cmp>(...BINARY, ...COMPARISONS),
          ({ a, b: bs }, op) => {
            // Powers get positive bases and small exponents so that float32 backends do not overflow.
            const x = op === 'power' ? b.abs(seq(a)) : seq(a);
            const y = op === 'power' ? b.divide(seq(bs, 3), 32) : seq(bs, 3);
            const r = b[op](x, y);
            const out = b.shape(r);
            const xv = broadcastValues(b.toTypedArray(x) as Float64Array, a, out);
            const yv = broadcastValues(b.toTypedArray(y) as Float64Array, bs, out);
            const want = xv.map((v, i) => SCALAR[op](v, yv[i]!));
            const got = Array.from(b.toTypedArray(r) as Float64Array, Number);
            assert.equal(got.length, want.length);
            assertValuesClose(got, want, o.tol, op);
            assert.equal(dt(r), COMPARISONS.includes(op as Cmp) ? 'bool' : f);
          },
        ),
        { numRuns: 150 },
      );
    });
    it('property: add and multiply commute; a - b = -(b - a)', () => {
      fc.assert(
        fc.property(broadcastPair, ({ a, b: bs }) => {
          const x = seq(a);
          const y = seq(bs, 5);
          assertClose(b, b.add(x, y), b.toArray(b.add(y, x)), o.tol);
          assertClose(b, b.multiply(x, y), b.toArray(b.multiply(y, x)), o.tol);
          assertClose(b, b.subtract(x, y), b.toArray(b.negative(b.subtract(y, x))), o.tol);
        }),
        { numRuns: 60 },
      );
    });
  });

  describe(`${b.name}: dtype promotion`, () => {
    it('float32 with a number stays float32; float32 with float64 gives float64', () => {
      const x = t([1, 2], 'float32');
      assert.equal(dt(b.multiply(x, 2.5)), 'float32');
      assert.equal(dt(b.add(0.1, x)), 'float32');
      assert.equal(dt(b.divide(x, 3)), 'float32');
      assert.equal(dt(b.maximum(x, 1e300)), 'float32');
      assert.equal(dt(b.add(x, t([1, 2]))), F64);
      assert.equal(dt(b.add(x, t([1, 2], 'float32'))), 'float32');
    });
    it('int32 with float32 gives float64; int32 with int32 stays int32', () => {
      const i = t([1, 2], 'int32');
      assert.equal(dt(b.add(i, t([1, 2], 'float32'))), F64);
      assert.equal(dt(b.multiply(i, t([3, 4], 'int32'))), 'int32');
      assert.deepEqual(b.toArray(b.multiply(i, t([3, 4], 'int32'))), [3, 8]);
      assert.equal(dt(b.add(i, t([1.5, 2]))), F64);
    });
    it('integer tensors with numbers: integers keep the dtype, fractions give float64', () => {
      const i = t([1, 2], 'int32');
      assert.equal(dt(b.add(i, 3)), 'int32');
      assert.deepEqual(b.toArray(b.add(i, 3)), [4, 5]);
      assert.equal(dt(b.multiply(2, i)), 'int32');
      const h = b.multiply(i, 2.5);
      assert.equal(dt(h), F64);
      assertClose(b, h, [2.5, 5], o.tol);
      assert.equal(dt(b.subtract(i, 0.5)), F64);
    });
    it('divide of integers gives float64', () => {
      const q = b.divide(t([1, 3], 'int32'), t([2, 2], 'int32'));
      assert.equal(dt(q), F64);
      assertClose(b, q, [0.5, 1.5], o.tol);
      assert.equal(dt(b.divide(t([1, 3], 'int32'), 2)), F64);
    });
    it('bool + bool in add is logical or (bool); bool with an integer gives int32', () => {
      const p = t([true, false, false]);
      const q = t([true, true, false]);
      const s = b.add(p, q);
      assert.equal(dt(s), 'bool');
      assert.deepEqual(b.toArray(s), [true, true, false]);
      const m = b.multiply(p, q);
      assert.equal(dt(m), 'bool');
      assert.deepEqual(b.toArray(m), [true, false, false]);
      const n = b.add(p, 1);
      assert.equal(dt(n), 'int32');
      assert.deepEqual(b.toArray(n), [2, 1, 1]);
      assert.equal(dt(b.add(p, t([1, 2, 3], 'int32'))), 'int32');
      assert.equal(dt(b.multiply(p, 0.5)), F64);
    });
    it('comparisons give bool, whatever the operands', () => {
      for (const op of COMPARISONS) {
        assert.equal(dt(b[op](t([1, 2], 'int32'), 1.5)), 'bool', op);
        assert.equal(dt(b[op](t([1, 2], 'float32'), t([1, 3]))), 'bool', op);
      }
    });
    it('a number compared with a float32 tensor is rounded to float32 first (NumPy 2)', () => {
      const x = t([0.1, 0.2], 'float32');
      assert.deepEqual(b.toArray(b.equal(x, 0.1)), [true, false]);
      assert.deepEqual(b.toArray(b.greater(x, 0.1)), [false, true]);
    });
    it('unary math: integers give float64, float32 stays; abs, sign and negative keep the dtype', () => {
      const i = t([4, -9], 'int32');
      for (const op of ['sqrt', 'exp', 'log', 'sin', 'tanh', 'arctan'] as const) {
        assert.equal(dt(b[op](i)), F64, op);
        assert.equal(dt(b[op](t([1, 2], 'float32'))), 'float32', op);
      }
      assertClose(b, b.sqrt(b.abs(i)), [2, 3], o.tol);
      assert.equal(dt(b.abs(i)), 'int32');
      assert.deepEqual(b.toArray(b.abs(i)), [4, 9]);
      assert.equal(dt(b.sign(i)), 'int32');
      assert.deepEqual(b.toArray(b.sign(i)), [1, -1]);
      assert.equal(dt(b.negative(i)), 'int32');
      assert.deepEqual(b.toArray(b.negative(i)), [-4, 9]);
      assert.equal(dt(b.sign(t([-2], 'float32'))), 'float32');
      assert.equal(dt(b.isnan(i)), 'bool');
      assert.equal(dt(b.isfinite(t([1]))), 'bool');
    });
  });

  describe(`${b.name}: comparisons, where and clip`, () => {
    it('comparison values, with broadcasting and numbers', () => {
      const x = t([1, 2, 3]);
      assert.deepEqual(b.toArray(b.greater(x, 2)), [false, false, true]);
      assert.deepEqual(b.toArray(b.greaterEqual(x, 2)), [false, true, true]);
      assert.deepEqual(b.toArray(b.less(x, 2)), [true, false, false]);
      assert.deepEqual(b.toArray(b.lessEqual(x, 2)), [true, true, false]);
      assert.deepEqual(b.toArray(b.equal(x, 2)), [false, true, false]);
      assert.deepEqual(b.toArray(b.less(2, x)), [false, false, true]);
      assert.deepEqual(b.toArray(b.greater(x, t([[0], [2]]))), [
        [true, true, true],
        [false, false, true],
      ]);
      assert.deepEqual(b.toArray(b.equal(t([Number.NaN, 1]), t([Number.NaN, 1]))), [false, true]);
      assert.deepEqual(b.toArray(b.less(t([Number.NaN]), Number.POSITIVE_INFINITY)), [false]);
    });
    it('where picks x where the condition holds, broadcasting all three', () => {
      const cond = t([[true], [false]]);
      assertClose(
        b,
        b.where(cond, t([1, 2, 3]), 0),
        [
          [1, 2, 3],
          [0, 0, 0],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.where(cond, 5, t([[7, 8, 9]])),
        [
          [5, 5, 5],
          [7, 8, 9],
        ],
        o.tol,
      );
      assertClose(b, b.where(t([1, 0, -2]), t([1, 2, 3]), t([-1, -2, -3])), [1, -2, 3], o.tol);
      assert.equal(dt(b.where(t([true]), t([1], 'float32'), 0)), 'float32');
      assert.equal(dt(b.where(t([true]), 1, 0)), F64);
      assert.equal(dt(b.where(t([true]), t([1], 'int32'), 2)), 'int32');
    });
    it("where as TensorLy's test: arange(24) < 6 over 1-d, 2-d and 3-d shapes", () => {
      for (const shape of [[24], [6, 4], [2, 3, 4]]) {
        const x = b.reshape(b.arange(24), shape);
        const out = b.where(b.less(x, 6), b.zeros(shape), b.ones(shape));
        const got = Array.from(b.toTypedArray(out) as Float64Array, Number);
        assert.deepEqual(
          got,
          Array.from({ length: 24 }, (_, i) => (i < 6 ? 0 : 1)),
          `shape [${shape}]`,
        );
      }
    });
    it('property: where agrees with a scalar reference', () => {
      fc.assert(
        fc.property(broadcastPair, ({ a, b: bs }) => {
          const cond = b.greater(seq(a), 0);
          const y = seq(bs, 1);
          const r = b.where(cond, 100, y);
          const out = b.shape(r);
          const cv = broadcastValues(b.toTypedArray(cond) as Uint8Array, a, out);
          const yv = broadcastValues(b.toTypedArray(y) as Float64Array, bs, out);
          assertValuesClose(
            Array.from(b.toTypedArray(r) as Float64Array, Number),
            cv.map((c, i) => (c ? 100 : yv[i]!)),
            o.tol,
          );
        }),
        { numRuns: 80 },
      );
    });
    it("clip of [[1,2,3],[4,5,6]] to (2, 5), one-sided, and with tensor bounds (TensorLy's test_clip)", () => {
      const x = t([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assertClose(
        b,
        b.clip(x, 2, 5),
        [
          [2, 2, 3],
          [4, 5, 5],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, 3),
        [
          [3, 3, 3],
          [4, 5, 6],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, null, 2),
        [
          [1, 2, 2],
          [2, 2, 2],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, undefined, 4),
        [
          [1, 2, 3],
          [4, 4, 4],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, t([[3], [2]]), 4),
        [
          [3, 3, 3],
          [4, 4, 4],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, 0, t([2, 4, 6])),
        [
          [1, 2, 3],
          [2, 4, 6],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.clip(x, b.tensor(2), b.tensor(5)),
        [
          [2, 2, 3],
          [4, 5, 5],
        ],
        o.tol,
      );
      const v = t([0, -1, 1]);
      assertClose(b, b.clip(v, 0), [0, 0, 1], o.tol);
      assertClose(b, b.clip(v, null, 0), [0, -1, 0], o.tol);
    });
    it('clip with no bounds is a copy; min > max gives max; NaN propagates', () => {
      const x = t([1, 2, 3]);
      const c = b.clip(x, null, null);
      assert.deepEqual(b.toArray(c), [1, 2, 3]);
      assert.notEqual(c, x);
      assertClose(b, b.clip(x, 3, 1), [1, 1, 1], o.tol);
      assertClose(b, b.clip(t([Number.NaN, 0]), 1, 2), [NaN, 1], o.tol);
      assertClose(b, b.clip(x, Number.NaN, 2), [NaN, NaN, NaN], o.tol);
      assertClose(b, b.clip(x, t([0, Number.NaN, 0]), null), [1, NaN, 3], o.tol);
    });
    it('clip keeps the dtype of x with number bounds and promotes like NumPy otherwise', () => {
      assert.equal(dt(b.clip(t([1, 5], 'float32'), 0, 2)), 'float32');
      const i = b.clip(t([1, 5, -3], 'int32'), 0, 2);
      assert.equal(dt(i), 'int32');
      assert.deepEqual(b.toArray(i), [1, 2, 0]);
      const h = b.clip(t([1, 5], 'int32'), 1.5, 2.5);
      assert.equal(dt(h), F64);
      assertClose(b, h, [1.5, 2.5], o.tol);
    });
    it('clip of an all-negative tensor to 0 gives zeros (TensorLy regression)', () => {
      const neg = b.subtract(b.zeros([10, 10]), 0.1);
      const c = b.clip(neg, 0);
      assert.ok(Array.from(b.toTypedArray(b.equal(c, 0)) as Uint8Array).every((v) => v === 1));
    });
    it('property: clip stays within the bounds and equals minimum(maximum(x, lo), hi)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 }),
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: 0, max: 3, noNaN: true }),
          (shape, lo, width) => {
            const x = seq(shape);
            const hi = lo + width;
            const c = b.clip(x, lo, hi);
            const want = Array.from(b.toTypedArray(x) as Float64Array, (v) => Math.min(Math.max(v, lo), hi));
            assertValuesClose(Array.from(b.toTypedArray(c) as Float64Array, Number), want, o.tol);
            assertClose(b, b.clip(x, lo, null), b.toArray(b.maximum(x, lo)), o.tol);
            assertClose(b, b.clip(x, null, hi), b.toArray(b.minimum(x, hi)), o.tol);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe(`${b.name}: element-wise functions`, () => {
    const ref: Record<string, [number[], number[]]> = {
      sqrt: [
        [0, 2, 9],
        [0, Math.SQRT2, 3],
      ],
      exp: [
        [-1, 0, 1.5],
        [0.3678794411714424, 1, 4.481689070338065],
      ],
      log: [
        [0.5, 1, 10],
        [-Math.LN2, 0, Math.LN10],
      ],
      log2: [
        [0.25, 3, 1024],
        [-2, 1.584962500721156, 10],
      ],
      sin: [
        [-1.2, 0, 0.7],
        [-0.9320390859672263, 0, 0.644217687237691],
      ],
      cos: [
        [-1.2, 0, 0.7],
        [0.3623577544766737, 1, 0.7648421872844886],
      ],
      tan: [
        [-1.2, 0, 0.7],
        [-2.5721516221263183, 0, 0.8422883804630793],
      ],
      arctan: [
        [-1.2, 0, 0.7],
        [-0.8760580505981934, 0, 0.6107259643892086],
      ],
      sinh: [
        [-1.2, 0, 0.7],
        [-1.5094613554121727, 0, 0.7585837018395335],
      ],
      cosh: [
        [-1.2, 0, 0.7],
        [1.8106555673243747, 1, 1.255169005630943],
      ],
      tanh: [
        [-1.2, 0, 0.7],
        [-0.8336546070121552, 0, 0.6043677771171634],
      ],
      arcsinh: [
        [-1.2, 0, 0.7],
        [-1.015973134179692, 0, 0.6526665660823557],
      ],
      arcsin: [
        [-0.9, 0, 0.3],
        [-1.1197695149986342, 0, 0.30469265401539747],
      ],
      arccos: [
        [-0.9, 0, 0.3],
        [2.6905658417935308, 1.5707963267948966, 1.266103672779499],
      ],
      arctanh: [
        [-0.9, 0, 0.3],
        [-1.4722194895832204, 0, 0.3095196042031117],
      ],
      arccosh: [
        [1, 1.5, 10],
        [0, 0.9624236501192069, 2.993222846126381],
      ],
      // SciPy's digamma.
      digamma: [
        [0.5, 1, 2.5, 10, -0.5],
        [
          -1.9635100260214235, -0.5772156649015329, 0.7031566406452432, 2.251752589066721,
          0.03648997397857651,
        ],
      ],
    };
    for (const [name, [input, want]] of Object.entries(ref)) {
      it(`${name} values (NumPy/SciPy)`, () => {
        assertClose(b, b[name as Op1](t(input)), want, o.tol, name);
      });
    }
    it('out-of-domain inputs give NaN or infinities', () => {
      assertClose(b, b.sqrt(t([-1])), [NaN], o.tol);
      assertClose(b, b.log(t([0, -1])), [-Infinity, NaN], o.tol);
      assertClose(b, b.arcsin(t([2])), [NaN], o.tol);
      assertClose(b, b.arccosh(t([0.5])), [NaN], o.tol);
      assertClose(b, b.arctanh(t([1, -1])), [Infinity, -Infinity], o.tol);
    });
    it('sign and abs of negatives, zeros, infinities and NaN', () => {
      const x = t([-2.5, -0, 0, 3, Number.NEGATIVE_INFINITY, Number.NaN]);
      assertClose(b, b.sign(x), [-1, 0, 0, 1, -1, NaN], o.tol);
      assertClose(b, b.abs(x), [2.5, 0, 0, 3, Infinity, NaN], o.tol);
      assertClose(b, b.negative(t([1, -2, 0])), [-1, 2, 0], o.tol);
      assert.deepEqual(b.toArray(b.sign(t([-7, 0, 7], 'int32'))), [-1, 0, 1]);
    });
    it('isnan and isfinite', () => {
      const x = t([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]);
      assert.deepEqual(b.toArray(b.isnan(x)), [false, true, false, false, false]);
      assert.deepEqual(b.toArray(b.isfinite(x)), [true, false, false, false, true]);
      assert.deepEqual(b.toArray(b.isnan(t([1, 2], 'int32'))), [false, false]);
      assert.deepEqual(b.toArray(b.isfinite(t([1, 2], 'int32'))), [true, true]);
    });
    it('power follows NumPy at the edges: x ** 0 = 1, 1 ** y = 1', () => {
      assertClose(b, b.power(t([0, Number.NaN, 2]), 0), [1, 1, 1], o.tol);
      assertClose(b, b.power(1, t([Number.NaN, Number.POSITIVE_INFINITY, 3])), [1, 1, 1], o.tol);
      assertClose(b, b.power(t([4, -8]), 0.5), [2, NaN], o.tol);
    });
    it('the aliases asin, acos, atan, asinh, acosh, atanh agree with arc*', () => {
      const u = t([-0.9, 0, 0.3]);
      const v = t([1, 1.5, 10]);
      assertClose(b, b.asin(u), b.toArray(b.arcsin(u)), o.tol);
      assertClose(b, b.acos(u), b.toArray(b.arccos(u)), o.tol);
      assertClose(b, b.atan(u), b.toArray(b.arctan(u)), o.tol);
      assertClose(b, b.asinh(u), b.toArray(b.arcsinh(u)), o.tol);
      assertClose(b, b.acosh(v), b.toArray(b.arccosh(v)), o.tol);
      assertClose(b, b.atanh(u), b.toArray(b.arctanh(u)), o.tol);
    });
    const vec = fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 0, maxLength: 30 });
    const pos = fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 0, maxLength: 30 });
    it('property: sin² + cos² = 1', () => {
      fc.assert(
        fc.property(vec, (xs) => {
          const x = t(xs);
          const s = b.add(b.power(b.sin(x), 2), b.multiply(b.cos(x), b.cos(x)));
          assertClose(
            b,
            s,
            xs.map(() => 1),
            o.tol,
          );
        }),
      );
    });
    it('property: exp(log x) = x and sqrt(x)² = x for x > 0', () => {
      fc.assert(
        fc.property(pos, (xs) => {
          const x = t(xs);
          assertClose(b, b.exp(b.log(x)), xs, o.tol);
          const r = b.sqrt(x);
          assertClose(b, b.multiply(r, r), xs, o.tol);
          assertClose(b, b.power(2, b.log2(x)), xs, o.tol);
        }),
      );
    });
    it('property: tanh = sinh / cosh; arctan(tan x) = x on (-π/2, π/2)', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { maxLength: 20 }), (xs) => {
          const x = t(xs);
          assertClose(b, b.tanh(x), b.toArray(b.divide(b.sinh(x), b.cosh(x))), o.tol);
          assertClose(b, b.arctan(b.tan(x)), xs, o.tol);
          assertClose(b, b.arcsinh(b.sinh(x)), xs, o.tol);
        }),
      );
    });
  });

  describe(`${b.name}: element-wise inputs and errors`, () => {
    it('no op changes its inputs', () => {
      const x = t([
        [0.5, -1.5, 2],
        [3, 0.25, -0.75],
      ]);
      const y = t([[2], [-3]]);
      const xt = b.transpose(x);
      const snapshot = (v: Tensor) => JSON.stringify(b.toArray(v as never));
      const before = [snapshot(x), snapshot(y), snapshot(xt)];
      const check = (what: string) =>
        assert.deepEqual([snapshot(x), snapshot(y), snapshot(xt)], before, `${what} changed an input`);
      for (const op of [...BINARY, ...COMPARISONS]) {
        b[op](x, y);
        b[op](xt, 2);
        b[op](3, x);
        check(op);
      }
      for (const op of UNARY) {
        b[op](x);
        b[op](xt);
        check(op);
      }
      b.where(b.greater(x, 0), x, y);
      b.where(xt, xt, 0);
      b.clip(x, 0, 1);
      b.clip(x, y, null);
      b.clip(xt, null, null);
      check('where/clip');
      // Results are new tensors, not the inputs.
      assert.notEqual(b.add(x, 0), x);
      assert.notEqual(b.clip(x, -10, 10), x);
    });
    it('a plain object as an argument is rejected with ArgumentError', () => {
      const x = t([1, 2]);
      const bad = { shape: [2] } as never;
      for (const op of [...BINARY, ...COMPARISONS]) {
        assert.throws(() => b[op](x, bad), ArgumentError, op);
        assert.throws(() => b[op](bad, x), ArgumentError, op);
      }
      for (const op of UNARY) assert.throws(() => b[op](bad), ArgumentError, op);
      assert.throws(() => b.where(bad, x, x), ArgumentError);
      assert.throws(() => b.where(x, bad, x), ArgumentError);
      assert.throws(() => b.clip(bad, 0, 1), ArgumentError);
      assert.throws(() => b.clip(x, bad, 1), ArgumentError);
      assert.throws(() => b.add(x, 'a' as never), ArgumentError);
    });
    it('incompatible shapes: ArgumentError naming the op and both shapes', () => {
      const x = b.ones([2, 3]);
      const y = b.ones([4]);
      for (const op of [...BINARY, ...COMPARISONS]) {
        assert.throws(
          () => b[op](x, y),
          (e: unknown) =>
            e instanceof ArgumentError &&
            e.message.includes(op) &&
            e.message.includes('could not be broadcast') &&
            e.message.includes('[2, 3]') &&
            e.message.includes('[4]'),
          op,
        );
      }
      assert.throws(() => b.add(b.ones([0]), b.ones([2])), ArgumentError);
      assert.throws(() => b.where(b.ones([2]), b.ones([3]), 0), /where.*could not be broadcast/s);
      assert.throws(() => b.clip(x, b.ones([3, 1]), null), /clip.*could not be broadcast/s);
      assert.throws(() => b.clip(x, null, b.ones([5])), /clip.*could not be broadcast/s);
    });
  });
}
