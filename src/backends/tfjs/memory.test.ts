import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTfjsBackend } from './index.js';
import type { TfjsBackend, TfTensor as Tensor } from './tfjs-backend.js';

// tf.memory().numTensors must be the same before and after every op, results aside: each op runs in
// tf.tidy, and the results (the only tensors that may survive) are counted and then disposed.

/** Every method of the backend, along its prototype chain. */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  let proto = Object.getPrototypeOf(obj);
  while (proto !== null && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const desc = Object.getOwnPropertyDescriptor(proto, key)!;
      if (typeof desc.value === 'function' && key !== 'constructor') names.add(key);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...names];
}

/** Methods that return no tensor (inspection, dtype facts, the memory hooks), checked separately. */
const NO_TENSOR = new Set([
  'isTensor',
  'context',
  'shape',
  'ndim',
  'toArray',
  'toTypedArray',
  'item',
  'eps',
  'finfo',
  'checkRandomState',
  'toString',
  'dispose',
  'track',
  'toArrayAsync',
  'itemAsync',
]);

type Call = (b: TfjsBackend, x: Record<string, Tensor>) => unknown;

/** One call per op, on small inputs. */
const CALLS: Record<string, Call> = {
  tensor: (b) =>
    b.tensor([
      [1, 2],
      [3, 4],
    ]),
  copy: (b, x) => b.copy(x.m!),
  astype: (b, x) => b.astype(x.m!, 'int32'),
  full: (b) => b.full([2, 2], 3),
  eye: (b) => b.eye(3),
  arange: (b) => b.arange(5),
  zeros: (b) => b.zeros([2]),
  ones: (b) => b.ones([2]),
  zerosLike: (b, x) => b.zerosLike(x.m!),
  linspace: (b) => b.linspace(0, 1, 5),
  reshape: (b, x) => b.reshape(x.m!, [-1]),
  transpose: (b, x) => b.transpose(x.m!),
  concatenate: (b, x) => b.concatenate([x.m!, x.m!], 1),
  flip: (b, x) => b.flip(x.m!),
  index: (b, x) => b.index(x.m!, [{ start: 2, step: -1 }, 1]),
  indexUpdate: (b, x) => b.indexUpdate(x.m!, [0], 7),
  take: (b, x) => b.take(x.m!, [2, 0], 0),
  moveaxis: (b, x) => b.moveaxis(x.t!, 0, -1),
  squeeze: (b, x) => b.squeeze(x.row!),
  expandDims: (b, x) => b.expandDims(x.v!, 0),
  stack: (b, x) => b.stack([x.v!, x.v!], 1),
  add: (b, x) => b.add(x.m!, 1),
  subtract: (b, x) => b.subtract(x.m!, x.v!),
  multiply: (b, x) => b.multiply(x.m!, x.m!),
  divide: (b, x) => b.divide(x.i!, 2),
  power: (b, x) => b.power(x.m!, 2.5),
  maximum: (b, x) => b.maximum(x.m!, 0.5),
  minimum: (b, x) => b.minimum(x.m!, x.v!),
  greater: (b, x) => b.greater(x.m!, 0.5),
  greaterEqual: (b, x) => b.greaterEqual(x.m!, x.v!),
  less: (b, x) => b.less(x.i!, 1.5),
  lessEqual: (b, x) => b.lessEqual(x.m!, 0.5),
  equal: (b, x) => b.equal(x.m!, x.m!),
  where: (b, x) => b.where(x.c!, x.m!, 0),
  negative: (b, x) => b.negative(x.m!),
  clip: (b, x) => b.clip(x.m!, 0.2, 0.8),
  abs: (b, x) => b.abs(x.m!),
  sign: (b, x) => b.sign(x.m!),
  sqrt: (b, x) => b.sqrt(x.m!),
  exp: (b, x) => b.exp(x.m!),
  log: (b, x) => b.log(x.m!),
  log2: (b, x) => b.log2(x.m!),
  sin: (b, x) => b.sin(x.m!),
  cos: (b, x) => b.cos(x.m!),
  tan: (b, x) => b.tan(x.m!),
  arcsin: (b, x) => b.arcsin(x.m!),
  arccos: (b, x) => b.arccos(x.m!),
  arctan: (b, x) => b.arctan(x.m!),
  sinh: (b, x) => b.sinh(x.m!),
  cosh: (b, x) => b.cosh(x.m!),
  tanh: (b, x) => b.tanh(x.m!),
  arcsinh: (b, x) => b.arcsinh(x.m!),
  arccosh: (b, x) => b.arccosh(x.m1!),
  arctanh: (b, x) => b.arctanh(x.m!),
  digamma: (b, x) => b.digamma(x.m!),
  isnan: (b, x) => b.isnan(x.m!),
  isfinite: (b, x) => b.isfinite(x.m!),
  conj: (b, x) => b.conj(x.m!),
  asin: (b, x) => b.asin(x.m!),
  acos: (b, x) => b.acos(x.m!),
  atan: (b, x) => b.atan(x.m!),
  asinh: (b, x) => b.asinh(x.m!),
  acosh: (b, x) => b.acosh(x.m1!),
  atanh: (b, x) => b.atanh(x.m!),
  sum: (b, x) => b.sum(x.t!, [0, 2]),
  prod: (b, x) => b.prod(x.m!, 1, true),
  max: (b, x) => b.max(x.m!, 0),
  min: (b, x) => b.min(x.m!),
  all: (b, x) => b.all(x.m!, 1),
  any: (b, x) => b.any(x.i!),
  argmax: (b, x) => b.argmax(x.m!, 0),
  argmin: (b, x) => b.argmin(x.m!),
  cumsum: (b, x) => b.cumsum(x.m!, 1),
  sort: (b, x) => b.sort(x.m!, 0),
  argsort: (b, x) => b.argsort(x.m!, null, true),
  mean: (b, x) => b.mean(x.m!, 0),
  countNonzero: (b, x) => b.countNonzero(x.m!),
  trace: (b, x) => b.trace(x.m!),
  logsumexp: (b, x) => b.logsumexp(x.m!, 1),
  norm: (b, x) => b.norm(x.m!, 3, 0),
  matmul: (b, x) => b.matmul(x.m!, x.m!),
  diag: (b, x) => b.diag(x.v!, 1),
  einsum: (b, x) => b.einsum('ij,jk->ik', x.m!, x.m!),
  solve: (b, x) => b.solve(x.spd!, x.v!),
  lstsq: (b, x) => b.lstsq(x.m!, x.v!),
  qr: (b, x) => b.qr(x.m!),
  svd: (b, x) => b.svd(x.m!),
  eigh: (b, x) => b.eigh(x.spd!),
  cholesky: (b, x) => b.cholesky(x.spd!),
  inv: (b, x) => b.inv(x.spd!),
  dot: (b, x) => b.dot(x.t!, x.m!),
  tensordot: (b, x) => b.tensordot(x.t!, x.m!, [[2], [0]]),
  kron: (b, x) => b.kron(x.m!, x.m!),
  leftSvd: (b, x) => b.leftSvd(x.m!),
  pinv: (b, x) => b.pinv(x.m!),
  unfold: (b, x) => b.unfold(x.t!, 1),
  fold: (b, x) => b.fold(x.u!, 1, [2, 3, 3]),
  khatriRao: (b, x) => b.khatriRao([x.m!, x.m!, x.m!]),
  mttkrp: (b, x) => b.mttkrp(x.t!, [x.w!, x.m!, x.m!], 1),
  modeDot: (b, x) => b.modeDot(x.t!, x.m!, 2, true),
  randn: (b) => b.randn([2, 3], 0),
  gamma: (b) => b.gamma(2, 1, [3], 0),
  scope: (b, x) => b.scope(() => b.sqrt(b.sum(b.multiply(x.m!, x.m!)))),
};

/** Distinct tensors in a result (arrays searched), excluding the inputs. */
function resultTensors(b: TfjsBackend, r: unknown, inputs: readonly Tensor[]): Tensor[] {
  const out = new Set<Tensor>();
  const visit = (v: unknown) => {
    if (b.isTensor(v)) {
      if (!inputs.includes(v)) out.add(v);
    } else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(r);
  return [...out];
}

for (const engine of ['cpu', 'wasm'] as const) {
  const b = await createTfjsBackend({ engine });
  const tf = b.tf;
  describe(`tfjs (${engine}): no op leaks a tensor`, () => {
    test('the table covers every op of the contract', () => {
      const missing = methodNames(b).filter((n) => !NO_TENSOR.has(n) && !(n in CALLS));
      assert.deepEqual(missing, []);
    });
    for (const [name, call] of Object.entries(CALLS)) {
      test(name, () => {
        const inputs: Record<string, Tensor> = {
          m: b.tensor([
            [0.5, 0.25, 0.75],
            [0.125, 0.625, 0.375],
            [0.875, 0.0625, 0.3],
          ]),
          v: b.tensor([0.1, 0.2, 0.3]),
          i: b.tensor([1, 2, 3], { dtype: 'int32' }),
          t: b.tensor(
            Float32Array.from({ length: 18 }, (_, i) => i),
            { shape: [2, 3, 3] },
          ),
          row: b.tensor([[0.1, 0.2, 0.3]]),
          c: b.tensor([true, false, true]),
          m1: b.tensor([1.5, 2, 3.25]),
          u: b.tensor(
            Float32Array.from({ length: 18 }, (_, i) => i),
            { shape: [3, 6] },
          ),
          w: b.ones([2, 3]),
          spd: b.tensor([
            [4, 1, 0],
            [1, 3, 1],
            [0, 1, 2],
          ]),
        };
        const before = tf.memory().numTensors;
        const result = call(b, inputs);
        const made = resultTensors(b, result, Object.values(inputs));
        assert.equal(tf.memory().numTensors - before, made.length, `${name} leaked tensors`);
        b.dispose(made as never);
        b.dispose(Object.values(inputs) as never);
      });
    }
    test('inspection and reads create no tensor', async () => {
      const x = b.tensor([[1, 2]]);
      const before = tf.memory().numTensors;
      b.shape(x);
      b.ndim(x);
      b.context(x);
      b.toArray(x);
      b.toTypedArray(x);
      await b.toArrayAsync(x);
      const one = b.sum(x);
      await b.itemAsync(one);
      b.dispose(one);
      assert.equal(tf.memory().numTensors, before);
      b.dispose(x);
    });
    test('a failing op frees what it made', () => {
      const x = b.ones([2, 3]);
      const before = tf.memory().numTensors;
      assert.throws(() => b.matmul(x, x));
      b.scope(() => assert.throws(() => b.add(b.ones([2]), b.ones([3]))));
      assert.equal(tf.memory().numTensors, before);
      b.dispose(x);
    });
  });
}
