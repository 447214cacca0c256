import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../errors.js';
import { RandomState } from '../../random/random-state.js';
import { assertClose, assertValuesClose, type Tolerance } from '../../test-utils/assert.js';
import type { Tensor } from '../../types.js';
import { type Backend, dtypeName } from '../backend.js';
import type { ConformanceOptions } from './index.js';

/** A dense reference array: row-major values and a shape, computed in plain JavaScript. */
interface Dense {
  shape: number[];
  v: number[];
}

const sizeOf = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Row-major strides of `shape` with 0 on length-1 axes (so that reading broadcasts). */
function broadcastStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(0);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = shape[i] === 1 ? 0 : step;
    step *= shape[i]!;
  }
  return s;
}

/** NumPy's matmul by explicit loops: 1-d promotion and removal, broadcast batch axes. */
function refMatmul(a: Dense, c: Dense): Dense {
  const as = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const cs = c.shape.length === 1 ? [c.shape[0]!, 1] : c.shape;
  const [m, k] = as.slice(-2) as [number, number];
  const n = cs[cs.length - 1]!;
  const ba = as.slice(0, -2);
  const bc = cs.slice(0, -2);
  const nd = Math.max(ba.length, bc.length);
  const pa = [...new Array<number>(nd - ba.length).fill(1), ...ba];
  const pc = [...new Array<number>(nd - bc.length).fill(1), ...bc];
  const batch = pa.map((d, i) => Math.max(d, pc[i]!));
  const sa = broadcastStrides(pa);
  const sc = broadcastStrides(pc);
  const nb = sizeOf(batch);
  const v: number[] = [];
  for (let t = 0; t < nb; t++) {
    let rem = t;
    let oa = 0;
    let oc = 0;
    for (let d = nd - 1; d >= 0; d--) {
      const i = rem % batch[d]!;
      rem = Math.floor(rem / batch[d]!);
      oa += i * sa[d]!;
      oc += i * sc[d]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.v[oa * m * k + i * k + p]! * c.v[oc * k * n + p * n + j]!;
        v.push(s);
      }
    }
  }
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(m);
  if (c.shape.length > 1) shape.push(n);
  return { shape, v };
}

/**
 * Einstein summation by explicit loops over every assignment of the letters (explicit `->` form only);
 * length-1 axes broadcast as in NumPy.
 */
function refEinsum(spec: string, ops: readonly Dense[]): Dense {
  const [lhs, out] = spec.split('->') as [string, string];
  const inputs = lhs.split(',');
  const sizes = new Map<string, number>();
  inputs.forEach((s, i) => {
    [...s].forEach((l, a) => {
      const d = ops[i]!.shape[a]!;
      if ((sizes.get(l) ?? 1) === 1) sizes.set(l, d);
    });
  });
  const letters = [...sizes.keys()];
  const outShape = [...out].map((l) => sizes.get(l)!);
  const v = new Array<number>(sizeOf(outShape)).fill(0);
  const total = sizeOf(letters.map((l) => sizes.get(l)!));
  const value = new Map<string, number>();
  for (let t = 0; t < total; t++) {
    let rem = t;
    for (let i = letters.length - 1; i >= 0; i--) {
      const d = sizes.get(letters[i]!)!;
      value.set(letters[i]!, rem % d);
      rem = Math.floor(rem / d);
    }
    let prod = 1;
    inputs.forEach((s, i) => {
      const op = ops[i]!;
      let flat = 0;
      [...s].forEach((l, a) => {
        flat = flat * op.shape[a]! + (op.shape[a] === 1 ? 0 : value.get(l)!);
      });
      prod *= op.v[flat]!;
    });
    let o = 0;
    for (const l of out) o = o * sizes.get(l)! + value.get(l)!;
    v[o]! += prod;
  }
  return { shape: outShape, v };
}

/** Products, einsum, factorizations and the norm-like reductions, checked by values and defining identities. */
export function linalgSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  // Factorizations lose a few digits against element-wise ops; capped so float32 backends stay meaningful.
  const loose: Tolerance = {
    rtol: Math.min(o.tol.rtol * 1e3, 1e-3),
    atol: Math.min(o.tol.atol * 1e4, 1e-3),
  };
  const f = o.floatDtype;
  const dense = (shape: number[], seed: number): Dense => ({
    shape,
    v: Array.from(new RandomState(seed).standardNormal(sizeOf(shape)), (x) => Math.round(x * 1000) / 1000),
  });
  const fromDense = (d: Dense) => b.tensor(Float64Array.from(d.v), { shape: d.shape, dtype: f });
  const rand = (m: number, n: number, seed: number) => fromDense(dense([m, n], seed));
  const vals = (x: Tensor) => Array.from(b.toTypedArray(x as never) as ArrayLike<number>, Number);
  const eye = (n: number) => b.eye(n, n, { dtype: f });
  const T = (x: Tensor) => b.transpose(x as never);
  const mm = (x: Tensor, y: Tensor) => b.matmul(x as never, y as never);
  /** Same shape and values within `tol`. */
  const close = (x: Tensor, y: Tensor | Dense, tol: Tolerance = loose, msg = '') => {
    const want =
      'v' in y && Array.isArray((y as Dense).v)
        ? (y as Dense)
        : { shape: b.shape(y as never), v: vals(y as Tensor) };
    assert.deepEqual(b.shape(x as never), want.shape, `${msg} shape`);
    assertValuesClose(vals(x), want.v, tol, msg);
  };
  const isFloat = (x: Tensor) => assert.equal(dtypeName(b.context(x as never).dtype), f);
  /** A well-conditioned random square matrix (diagonally shifted). */
  const wellConditioned = (n: number, seed: number) => b.add(rand(n, n, seed), b.multiply(eye(n), n + 2));
  const symmetric = (n: number, seed: number) => {
    const c = rand(n, n, seed);
    return b.add(c, T(c));
  };

  describe(`${b.name}: products and einsum`, () => {
    it("matmul shapes (TensorLy's table) and values", () => {
      const shapes: [number[], number[], number[]][] = [
        [[3], [3], []],
        [[2, 3], [3], [2]],
        [[3], [3, 4], [4]],
        [
          [2, 3],
          [3, 4],
          [2, 4],
        ],
        [
          [2, 3, 4],
          [4, 5],
          [2, 3, 5],
        ],
        [
          [2, 1, 3, 4],
          [5, 4, 2],
          [2, 5, 3, 2],
        ],
      ];
      shapes.forEach(([sa, sb, sc], i) => {
        const x = dense(sa, 10 + i);
        const y = dense(sb, 20 + i);
        const got = mm(fromDense(x), fromDense(y));
        assert.deepEqual(b.shape(got), sc);
        close(got, refMatmul(x, y), o.tol, `matmul [${sa}] @ [${sb}]`);
      });
      assertClose(b, b.matmul(b.tensor([1, 2, 3]), b.tensor([4, 5, 6])), 32, o.tol);
      assertClose(
        b,
        b.matmul(
          b.tensor([
            [1, 2],
            [3, 4],
          ]),
          b.tensor([
            [5, 6],
            [7, 8],
          ]),
        ),
        [
          [19, 22],
          [43, 50],
        ],
        o.tol,
      );
      // A transposed view as the left operand.
      assertClose(
        b,
        b.matmul(
          b.transpose(
            b.tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
          b.tensor([1, 1]),
        ),
        [4, 6],
        o.tol,
      );
    });
    it('matmul rejects mismatched shapes and 0-d operands', () => {
      assert.throws(() => b.matmul(b.ones([2, 3]), b.ones([2, 3])), ArgumentError);
      assert.throws(() => b.matmul(b.ones([3]), b.ones([4])), ArgumentError);
      assert.throws(() => b.matmul(b.ones([2, 3, 4]), b.ones([3, 4, 5])), ArgumentError);
      assert.throws(() => b.matmul(b.tensor(2), b.ones([2])), ArgumentError);
      assert.throws(() => b.matmul(b.ones([2]), b.tensor(2)), ArgumentError);
    });
    it('matmul keeps float dtypes and handles empty axes', () => {
      const x = b.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float32' },
      );
      assert.equal(dtypeName(b.context(b.matmul(x, x)).dtype), 'float32');
      isFloat(b.matmul(rand(2, 3, 1), rand(3, 2, 2)));
      assertClose(b, b.matmul(b.ones([2, 0]), b.ones([0, 3])), [
        [0, 0, 0],
        [0, 0, 0],
      ]);
      assert.deepEqual(b.shape(b.matmul(b.ones([0, 3]), b.ones([3, 4]))), [0, 4]);
      assert.deepEqual(b.shape(b.matmul(b.ones([2, 0, 3]), b.ones([3, 4]))), [2, 0, 4]);
    });
    it('property: matmul against explicit loops (batches broadcast, vectors, transposed operands)', () => {
      const dim = fc.integer({ min: 0, max: 4 });
      fc.assert(
        fc.property(
          fc.array(fc.record({ d: fc.integer({ min: 1, max: 3 }), ra: fc.nat(2), rb: fc.nat(2) }), {
            maxLength: 2,
          }),
          fc.record({ m: dim, k: dim, n: dim }),
          fc.record({ vecA: fc.boolean(), vecB: fc.boolean(), tA: fc.boolean(), tB: fc.boolean() }),
          fc.nat(1000),
          (batch, { m, k, n }, flags, seed) => {
            // Each batch axis is full, 1 (broadcast) or, when leading, absent for each operand.
            let ba = batch.map(({ d, ra }) => (ra === 1 ? 1 : d));
            let bb = batch.map(({ d, rb }) => (rb === 1 ? 1 : d));
            const lead = (bs: number[], r: number[]) =>
              bs.slice(r.findIndex((x) => x !== 2) >= 0 ? 0 : bs.length);
            ba = lead(
              ba,
              batch.map((x) => x.ra),
            );
            bb = lead(
              bb,
              batch.map((x) => x.rb),
            );
            const sa = flags.vecA ? [k] : [...ba, m, k];
            const sb = flags.vecB ? [k] : [...bb, k, n];
            const x = dense(sa, seed);
            const y = dense(sb, seed + 1);
            // Build the operand transposed and transpose it back: a strided view with the same values.
            const view = (d: Dense, t: boolean) => {
              if (!t || d.shape.length < 2) return fromDense(d);
              const r = d.shape.length;
              const perm = [...Array(r).keys()];
              [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
              return b.transpose(b.copy(b.transpose(fromDense(d), perm)), perm);
            };
            close(mm(view(x, flags.tA), view(y, flags.tB)), refMatmul(x, y), o.tol);
          },
        ),
        { numRuns: 80 },
      );
    });
    it('dot, tensordot (count and pairs of axis lists), kron', () => {
      assert.equal(b.item(b.dot(b.tensor([1, 2, 3]), b.tensor([4, 5, 6]))), 32);
      assertClose(
        b,
        b.dot(
          b.tensor([
            [1, 2],
            [3, 4],
          ]),
          b.tensor([1, -1]),
        ),
        [-1, -1],
        o.tol,
      );
      const x3 = dense([2, 3, 4], 3);
      const m2 = dense([4, 5], 4);
      close(b.dot(fromDense(x3), fromDense(m2)), refEinsum('ijk,kl->ijl', [x3, m2]), o.tol);
      const x = b.reshape(b.arange(24, undefined, undefined, { dtype: f }), [2, 3, 4]);
      const y = b.reshape(b.arange(12, undefined, undefined, { dtype: f }), [4, 3]);
      assertClose(
        b,
        b.tensordot(x, y, [
          [1, 2],
          [1, 0],
        ]),
        [440, 1232],
        o.tol,
      );
      const p = dense([3, 2, 4], 5);
      const q = dense([4, 3, 5], 6);
      close(
        b.tensordot(fromDense(p), fromDense(q), [
          [0, 2],
          [1, 0],
        ]),
        refEinsum('ijk,kil->jl', [p, q]),
        o.tol,
      );
      close(b.tensordot(fromDense(p), fromDense(q), 1), refEinsum('ijk,klm->ijlm', [p, q]), o.tol);
      assert.deepEqual(b.shape(b.tensordot(x, b.ones([4, 5]), 1)), [2, 3, 5]);
      assert.deepEqual(b.shape(b.tensordot(x, x, 0)), [2, 3, 4, 2, 3, 4]);
      assert.throws(() => b.tensordot(x, y, 2), ArgumentError);
      assert.throws(() => b.tensordot(x, y, [[0, 1], [0]]), ArgumentError);
      assertClose(
        b,
        b.kron(b.tensor([[1, 2]]), b.tensor([[1], [10]])),
        [
          [1, 2],
          [10, 20],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.kron(
          b.tensor([
            [1, 2],
            [3, 4],
          ]),
          b.tensor([
            [0, 1],
            [1, 0],
          ]),
        ),
        [
          [0, 1, 0, 2],
          [1, 0, 2, 0],
          [0, 3, 0, 4],
          [3, 0, 4, 0],
        ],
        o.tol,
      );
      assert.throws(() => b.kron(b.ones([2]), b.ones([2, 2])), ArgumentError);
    });
    it('einsum against explicit loops', () => {
      const cases: [string, string, number[][]][] = [
        // [subscripts given to einsum, explicit form for the reference, operand shapes]
        [
          'ij,jk->ik',
          'ij,jk->ik',
          [
            [3, 4],
            [4, 5],
          ],
        ],
        [
          'ij,jk',
          'ij,jk->ik',
          [
            [3, 4],
            [4, 5],
          ],
        ],
        ['ij->ji', 'ij->ji', [[3, 4]]],
        ['ii', 'ii->', [[4, 4]]],
        ['ii->i', 'ii->i', [[4, 4]]],
        ['i,j->ij', 'i,j->ij', [[3], [4]]],
        [
          'ijk,jr,kr->ir',
          'ijk,jr,kr->ir',
          [
            [2, 3, 4],
            [3, 5],
            [4, 5],
          ],
        ],
        [
          'ijk,jr,kr',
          'ijk,jr,kr->i',
          [
            [2, 3, 4],
            [3, 5],
            [4, 5],
          ],
        ],
        ['ij,jk,k->i', 'ij,jk,k->i', [[3, 4], [4, 5], [5]]],
        [
          'ab,bc,cd,de->ae',
          'ab,bc,cd,de->ae',
          [
            [2, 3],
            [3, 4],
            [4, 5],
            [5, 2],
          ],
        ],
        [
          'bij,bjk->bik',
          'bij,bjk->bik',
          [
            [3, 2, 4],
            [3, 4, 5],
          ],
        ],
        [
          'bij,bjk->kib',
          'bij,bjk->kib',
          [
            [3, 2, 4],
            [3, 4, 5],
          ],
        ],
        [
          'ij,ij->i',
          'ij,ij->i',
          [
            [3, 4],
            [3, 4],
          ],
        ],
        [
          'ij,ij',
          'ij,ij->',
          [
            [3, 4],
            [3, 4],
          ],
        ],
        ['iij->j', 'iij->j', [[3, 3, 4]]],
        ['ijij->ij', 'ijij->ij', [[2, 3, 2, 3]]],
        [
          'ii,ij->j',
          'ii,ij->j',
          [
            [3, 3],
            [3, 4],
          ],
        ],
        ['ijk->', 'ijk->', [[2, 3, 4]]],
        ['ijk->kj', 'ijk->kj', [[2, 3, 4]]],
        [
          'ij,kl',
          'ij,kl->ijkl',
          [
            [2, 3],
            [4, 2],
          ],
        ],
        [
          'Ab,bC->CA',
          'Ab,bC->CA',
          [
            [2, 3],
            [3, 4],
          ],
        ],
        // Implicit output is sorted by character code: uppercase before lowercase.
        ['aB', 'aB->Ba', [[2, 3]]],
        ['Ba', 'Ba->Ba', [[2, 3]]],
        ['i,i,i,i', 'i,i,i,i->', [[3], [3], [3], [3]]],
        [',i->i', ',i->i', [[], [3]]],
        ['i,i->', 'i,i->', [[0], [0]]],
        [
          'ij,jk->ik',
          'ij,jk->ik',
          [
            [2, 0],
            [0, 3],
          ],
        ],
        [
          'ij,jk->ik',
          'ij,jk->ik',
          [
            [0, 3],
            [3, 2],
          ],
        ],
      ];
      cases.forEach(([spec, explicit, shapes], c) => {
        const ops = shapes.map((s, i) => dense(s, 100 * c + i));
        close(b.einsum(spec, ...ops.map(fromDense)), refEinsum(explicit, ops), o.tol, `einsum('${spec}')`);
      });
      const a = b.tensor([
        [1, 2],
        [3, 4],
      ]);
      assertClose(b, b.einsum('ii', a), 5, o.tol);
      assertClose(b, b.einsum('ii->i', a), [1, 4], o.tol);
      assertClose(b, b.einsum('ij->ji', a), [
        [1, 3],
        [2, 4],
      ]);
      const x = b.reshape(b.arange(24, undefined, undefined, { dtype: f }), [2, 3, 4]);
      const p = b.reshape(b.arange(6, undefined, undefined, { dtype: f }), [3, 2]);
      const q = b.reshape(b.arange(8, undefined, undefined, { dtype: f }), [4, 2]);
      assertClose(
        b,
        b.einsum('ijk,jr,kr->ir', x, p, q),
        [
          [648, 1138],
          [1512, 2866],
        ],
        o.tol,
      );
      // Transposed views as operands.
      close(
        b.einsum('ij,jk->ik', b.transpose(a), b.transpose(a)),
        b.matmul(b.transpose(a), b.transpose(a)),
        o.tol,
      );
    });
    it('einsum broadcasts length-1 axes like NumPy', () => {
      for (const [spec, shapes] of [
        [
          'ij,ij->ij',
          [
            [1, 4],
            [3, 4],
          ],
        ],
        [
          'ij,jk->ik',
          [
            [2, 1],
            [3, 2],
          ],
        ],
        [
          'ijk,jk->ik',
          [
            [3, 1, 4],
            [5, 4],
          ],
        ],
      ] as [string, number[][]][]) {
        const ops = shapes.map((s, i) => dense(s, 7 + i));
        close(b.einsum(spec, ...ops.map(fromDense)), refEinsum(spec, ops), o.tol, spec);
      }
    });
    it('einsum rejects bad subscripts and operands', () => {
      const m = b.ones([2, 3]);
      assert.throws(() => b.einsum('ij,jk->ik', m), ArgumentError); // operand count
      assert.throws(() => b.einsum('ij', m, m), ArgumentError);
      assert.throws(() => b.einsum('ijk->i', m), ArgumentError); // subscripts vs rank
      assert.throws(() => b.einsum('i->i', m), ArgumentError);
      assert.throws(() => b.einsum('ij,jk->ik', m, b.ones([2, 2])), /'j'/); // sizes 3 and 2 for j
      assert.throws(() => b.einsum('ij,jk->ik', m, b.ones([2, 2])), ArgumentError);
      assert.throws(() => b.einsum('ii', m), ArgumentError); // diagonal of a non-square block
      assert.throws(() => b.einsum('ij->k', m), ArgumentError); // output letter not in an input
      assert.throws(() => b.einsum('ij->ii', m), ArgumentError); // repeated output letter
      assert.throws(() => b.einsum('i1', m), ArgumentError);
      assert.throws(() => b.einsum('ij->i->j', m), ArgumentError);
    });
    it('property: einsum contractions on random shapes, empty and 1-length axes included', () => {
      const dim = fc.integer({ min: 0, max: 4 });
      fc.assert(
        fc.property(dim, dim, dim, dim, fc.nat(1000), (i, j, k, r, seed) => {
          const x = dense([i, j, k], seed);
          const u = dense([j, r], seed + 1);
          const v = dense([k, r], seed + 2);
          const w = dense([j, k], seed + 3);
          const ops = [x, u, v].map(fromDense);
          close(b.einsum('ijk,jr,kr->ir', ...ops), refEinsum('ijk,jr,kr->ir', [x, u, v]), o.tol);
          close(b.einsum('ijk,jk->ji', ops[0]!, fromDense(w)), refEinsum('ijk,jk->ji', [x, w]), o.tol);
          close(b.einsum('jr,kr->rkj', ops[1]!, ops[2]!), refEinsum('jr,kr->rkj', [u, v]), o.tol);
        }),
        { numRuns: 60 },
      );
    });
  });

  describe(`${b.name}: solvers and factorizations`, () => {
    it('solve: vector and matrix right-hand sides; singular -> LinAlgError', () => {
      const a = b.tensor([
        [4, 1],
        [2, 3],
      ]);
      assertClose(b, b.solve(a, b.tensor([1, 2])), [0.1, 0.6], loose);
      const rhs = rand(2, 3, 1);
      const x = b.solve(a, rhs);
      assert.deepEqual(b.shape(x), [2, 3]);
      close(b.matmul(a, x), rhs);
      isFloat(x);
      assert.throws(
        () =>
          b.solve(
            b.tensor([
              [1, 2],
              [2, 4],
            ]),
            b.tensor([1, 1]),
          ),
        LinAlgError,
      );
      assert.throws(() => b.solve(b.ones([2, 3]), b.ones([2])), ArgumentError);
      assert.throws(() => b.solve(b.ones([2]), b.ones([2])), ArgumentError);
      assert.throws(() => b.solve(eye(2), b.ones([3])), ArgumentError);
    });
    it('property: solve residual A x = b on random sizes, empty and 1x1 included', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 7 }),
          fc.integer({ min: -1, max: 3 }),
          fc.nat(1000),
          (n, k, seed) => {
            const a = wellConditioned(n, seed);
            // k = -1: a vector right-hand side.
            const rhs = k < 0 ? fromDense(dense([n], seed + 1)) : rand(n, k, seed + 1);
            const x = b.solve(a, rhs);
            assert.deepEqual(b.shape(x), b.shape(rhs));
            close(b.matmul(a, x), rhs);
          },
        ),
        { numRuns: 50 },
      );
    });
    it('lstsq as NumPy: full rank residuals, rank-deficient empty residuals', () => {
      const a = b.tensor([
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ]);
      const y = b.tensor([
        [1, 2],
        [2, 3],
        [2, 5],
        [3, 4],
      ]);
      const [x, res, rank, sv] = b.lstsq(a, y);
      assertClose(
        b,
        x,
        [
          [0.5, 1.5],
          [0.6, 0.8],
        ],
        loose,
      );
      assertClose(b, res, [0.2, 1.8], loose);
      assert.equal(rank, 2);
      assertClose(b, sv, [5.779378813233887, 0.773809106397227], loose);
      // A vector right-hand side gives a vector solution and one residual.
      const [xv, resv] = b.lstsq(a, b.tensor([1, 2, 2, 3]));
      assertClose(b, xv, [0.5, 0.6], loose);
      assertClose(b, resv, [0.2], loose);
      const [x2, res2, rank2] = b.lstsq(
        b.tensor([
          [1, 2],
          [2, 4],
          [3, 6],
        ]),
        b.tensor([1, 2, 3]),
      );
      assertClose(b, x2, [0.2, 0.4], loose);
      assert.deepEqual(b.shape(res2), [0]);
      assert.equal(rank2, 1);
      assert.throws(() => b.lstsq(a, b.ones([3])), ArgumentError);
      assert.throws(() => b.lstsq(b.ones([4]), b.ones([4])), ArgumentError);
    });
    it("lstsq: TensorLy's random cases (residuals = |Ax - b|², rank-deficient, square exact)", () => {
      const [m, n, k] = [4, 3, 2];
      const a = rand(m, n, 31);
      const rhs = rand(m, k, 32);
      const [x, res, rank, sv] = b.lstsq(a, rhs);
      assert.deepEqual(b.shape(x), [n, k]);
      assert.equal(rank, n);
      assert.deepEqual(b.shape(sv), [n]);
      const r = b.subtract(b.matmul(a, x), rhs);
      close(res, b.sum(b.multiply(r, r), 0));
      // The normal equations hold at the minimiser.
      close(b.matmul(T(a), r), b.zeros([n, k]));
      const low = b.matmul(rand(m, 2, 33), rand(2, n, 34));
      const [, resLow, rankLow] = b.lstsq(low, rhs);
      assert.equal(rankLow, 2);
      assert.deepEqual(b.shape(resLow), [0]);
      const sq = wellConditioned(m, 35);
      const want = rand(m, k, 36);
      const [xs, resSq] = b.lstsq(sq, b.matmul(sq, want));
      close(xs, want);
      assert.deepEqual(b.shape(resSq), [0]);
    });
    it('qr reduced, complete and r: shapes, orthonormal Q, upper R, QR = A', () => {
      const a = rand(5, 3, 2);
      const [q, r] = b.qr(a);
      assert.deepEqual(
        [b.shape(q), b.shape(r)],
        [
          [5, 3],
          [3, 3],
        ],
      );
      isFloat(q);
      close(b.matmul(T(q), q), eye(3));
      close(b.matmul(q, r), a);
      const [qc, rc] = b.qr(a, 'complete');
      assert.deepEqual(
        [b.shape(qc), b.shape(rc)],
        [
          [5, 5],
          [5, 3],
        ],
      );
      close(b.matmul(T(qc), qc), eye(5));
      close(b.matmul(qc, rc), a);
      const [q0, r0] = b.qr(a, 'r');
      assert.deepEqual(
        [b.shape(q0), b.shape(r0)],
        [
          [5, 0],
          [3, 3],
        ],
      );
      close(r0, r);
      const [qw, rw] = b.qr(rand(2, 4, 3));
      assert.deepEqual(
        [b.shape(qw), b.shape(rw)],
        [
          [2, 2],
          [2, 4],
        ],
      );
      assert.throws(() => b.qr(b.ones([2, 2, 2])), ArgumentError);
    });
    it('svd with and without full matrices: reconstruction, orthonormality, S descending', () => {
      for (const [m, n] of [
        [5, 3],
        [3, 5],
        [4, 4],
      ] as const) {
        const a = rand(m, n, m * 10 + n);
        const k = Math.min(m, n);
        const [u, s, v] = b.svd(a, false);
        assert.deepEqual([b.shape(u), b.shape(s), b.shape(v)], [[m, k], [k], [k, n]]);
        isFloat(s);
        close(b.matmul(b.multiply(u, b.reshape(s, [1, k])), v), a);
        close(b.matmul(T(u), u), eye(k));
        close(b.matmul(v, T(v)), eye(k));
        const sv = vals(s);
        for (let i = 0; i < k; i++) assert.ok(sv[i]! >= 0 && (i === 0 || sv[i - 1]! >= sv[i]!));
        const [uf, sf, vf] = b.svd(a, true);
        assert.deepEqual(
          [b.shape(uf), b.shape(vf)],
          [
            [m, m],
            [n, n],
          ],
        );
        close(sf, s);
        close(b.matmul(T(uf), uf), eye(m));
        close(b.matmul(T(vf), vf), eye(n));
        // U (m, m) · Σ (m, n) · V (n, n) with Σ the singular values on its diagonal.
        const sigma = b.tensor(
          Float64Array.from({ length: m * n }, (_, t) => (t % n === Math.floor(t / n) ? sv[t % n]! : 0)),
          { shape: [m, n], dtype: f },
        );
        close(b.matmul(b.matmul(uf, sigma), vf), a);
      }
      // The default is fullMatrices = true, as NumPy.
      assert.deepEqual(b.shape(b.svd(rand(4, 2, 1))[0]), [4, 4]);
      assert.throws(() => b.svd(b.ones([2, 2, 2])), ArgumentError);
    });
    it("leftSvd: the reduced SVD's U and S, without V", () => {
      // Shapes on both sides of the wide/tall switch of backends that specialise it.
      for (const [m, n] of [
        [5, 3],
        [3, 5],
        [4, 4],
        [3, 12],
        [12, 3],
      ] as const) {
        const a = rand(m, n, m * 10 + n + 1);
        const k = Math.min(m, n);
        const [u, s] = b.leftSvd(a);
        assert.deepEqual([b.shape(u), b.shape(s)], [[m, k], [k]]);
        isFloat(s);
        close(s, b.svd(a, false)[1]);
        close(b.matmul(T(u), u), eye(k));
        // Uᵀ·A = diag(S)·V has rows of norm S, and U·Uᵀ·A = A (U spans A's columns).
        close(b.sqrt(b.sum(b.multiply(b.matmul(T(u), a), b.matmul(T(u), a)), 1)), s);
        close(b.matmul(u, b.matmul(T(u), a)), a);
      }
      assert.throws(() => b.leftSvd(b.ones([2, 2, 2])), ArgumentError);
      const bad = b.tensor(
        Float64Array.from({ length: 24 }, (_, i) => (i === 5 ? Number.NaN : i)),
        {
          shape: [2, 12],
          dtype: f,
        },
      );
      assert.throws(() => b.leftSvd(bad), LinAlgError);
    });
    it('eigh: A V = V diag(w), V orthonormal, w ascending', () => {
      const a = symmetric(4, 7);
      const [w, v] = b.eigh(a);
      assert.deepEqual([b.shape(w), b.shape(v)], [[4], [4, 4]]);
      isFloat(w);
      close(b.matmul(a, v), b.multiply(v, b.reshape(w, [1, 4])));
      close(b.matmul(T(v), v), eye(4));
      const wv = vals(w);
      for (let i = 1; i < 4; i++) assert.ok(wv[i - 1]! <= wv[i]!);
      assertClose(
        b,
        b.eigh(
          b.tensor([
            [2, 1],
            [1, 2],
          ]),
        )[0],
        [1, 3],
        loose,
      );
      assert.throws(() => b.eigh(b.ones([2, 3])), ArgumentError);
    });
    it('cholesky: L Lᵀ = A, L lower; not positive definite -> LinAlgError', () => {
      const c = rand(4, 4, 8);
      const spd = b.add(b.matmul(T(c), c), eye(4));
      const l = b.cholesky(spd);
      isFloat(l);
      close(b.matmul(l, T(l)), spd);
      const lv = vals(l);
      for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) assert.equal(lv[i * 4 + j], 0);
      assertClose(
        b,
        b.cholesky(
          b.tensor([
            [4, 2],
            [2, 5],
          ]),
        ),
        [
          [2, 0],
          [1, 2],
        ],
        loose,
      );
      assert.throws(
        () =>
          b.cholesky(
            b.tensor([
              [1, 2],
              [2, 1],
            ]),
          ),
        LinAlgError,
      );
      assert.throws(() => b.cholesky(b.ones([2, 3])), ArgumentError);
    });
    it('inv: A inv(A) = I; singular -> LinAlgError', () => {
      const a = wellConditioned(4, 9);
      const ai = b.inv(a);
      isFloat(ai);
      close(b.matmul(a, ai), eye(4));
      close(b.matmul(ai, a), eye(4));
      assertClose(
        b,
        b.inv(
          b.tensor([
            [4, 7],
            [2, 6],
          ]),
        ),
        [
          [0.6, -0.7],
          [-0.2, 0.4],
        ],
        loose,
      );
      assert.throws(() => b.inv(b.ones([3, 3])), LinAlgError);
      assert.throws(() => b.inv(b.ones([2, 3])), ArgumentError);
    });
    it('pinv satisfies the four Penrose conditions (tall, wide, rank-deficient)', () => {
      const cases = [rand(5, 3, 9), rand(3, 5, 10), b.matmul(rand(4, 2, 11), rand(2, 5, 12))];
      for (const a of cases) {
        const p = b.pinv(a);
        const [m, n] = b.shape(a);
        assert.deepEqual(b.shape(p), [n, m]);
        close(b.matmul(b.matmul(a, p), a), a);
        close(b.matmul(b.matmul(p, a), p), p);
        const ap = b.matmul(a, p);
        const pa = b.matmul(p, a);
        close(T(ap), ap);
        close(T(pa), pa);
      }
      close(b.pinv(b.multiply(eye(3), 2)), b.multiply(eye(3), 0.5));
    });
    it('non-finite input -> LinAlgError', () => {
      const bad = b.tensor([
        [1, Number.NaN],
        [Number.NaN, 1],
      ]);
      const inf = b.tensor([
        [1, Number.POSITIVE_INFINITY],
        [Number.POSITIVE_INFINITY, 1],
      ]);
      for (const x of [bad, inf]) {
        assert.throws(() => b.solve(x, b.ones([2])), LinAlgError);
        assert.throws(() => b.inv(x), LinAlgError);
        assert.throws(() => b.cholesky(x), LinAlgError);
        assert.throws(() => b.svd(x), LinAlgError);
        assert.throws(() => b.eigh(x), LinAlgError);
        assert.throws(() => b.qr(x), LinAlgError);
        assert.throws(() => b.lstsq(x, b.ones([2])), LinAlgError);
      }
    });
    it('factorizations of float32 input return float32', () => {
      const a = b.astype(wellConditioned(3, 13), 'float32');
      const spd = b.matmul(T(a), a);
      const outs = [
        ...b.qr(a),
        ...b.svd(a),
        ...b.eigh(spd),
        b.cholesky(spd),
        b.inv(a),
        b.pinv(a),
        b.solve(a, b.astype(b.ones([3]), 'float32')),
        b.lstsq(a, b.astype(b.ones([3]), 'float32'))[0],
      ];
      for (const x of outs) assert.equal(dtypeName(b.context(x).dtype), 'float32');
    });
    it('property: svd, qr and eigh on random shapes, empty and 1-element included', () => {
      const dim = fc.integer({ min: 0, max: 6 });
      fc.assert(
        fc.property(dim, dim, fc.nat(1000), (m, n, seed) => {
          const a = rand(m, n, seed);
          const k = Math.min(m, n);
          const [u, s, v] = b.svd(a, false);
          close(b.matmul(b.multiply(u, b.reshape(s, [1, k])), v), a);
          close(b.matmul(T(u), u), eye(k));
          close(b.matmul(v, T(v)), eye(k));
          const sv = vals(s);
          for (let i = 1; i < k; i++) assert.ok(sv[i - 1]! >= sv[i]!);
          const [uf, , vf] = b.svd(a, true);
          close(b.matmul(T(uf), uf), eye(m));
          close(b.matmul(T(vf), vf), eye(n));
          const [q, r] = b.qr(a);
          close(b.matmul(q, r), a);
          close(b.matmul(T(q), q), eye(k));
          const rv = vals(r);
          for (let i = 0; i < k; i++)
            for (let j = 0; j < Math.min(i, n); j++) assert.ok(Math.abs(rv[i * n + j]!) <= loose.atol);
          const sym = symmetric(m, seed + 1);
          const [w, vec] = b.eigh(sym);
          close(b.matmul(sym, vec), b.multiply(vec, b.reshape(w, [1, m])));
          close(b.matmul(T(vec), vec), eye(m));
          const wv = vals(w);
          for (let i = 1; i < m; i++) assert.ok(wv[i - 1]! <= wv[i]!);
        }),
        { numRuns: 50 },
      );
      assert.deepEqual(b.shape(b.svd(b.zeros([0, 3]), false)[1]), [0]);
    });
  });

  describe(`${b.name}: trace, norm, logsumexp`, () => {
    it('trace of square and rectangular matrices', () => {
      assertClose(
        b,
        b.trace(
          b.tensor([
            [1, 2],
            [3, 4],
          ]),
        ),
        5,
        o.tol,
      );
      const x = dense([3, 5], 41);
      assertClose(b, b.trace(fromDense(x)), x.v[0]! + x.v[6]! + x.v[12]!, o.tol);
      assert.equal(b.item(b.trace(b.zeros([0, 0]))), 0);
      assert.throws(() => b.trace(b.ones([2, 2, 2])), ArgumentError);
    });
    it("norm: TensorLy's values for orders 1, 2, 3, 10 and 'inf', with and without axis", () => {
      const a = b.reshape(b.arange(6, undefined, undefined, { dtype: f }), [3, 2]);
      assertClose(b, b.norm(b.tensor([1, 2, 3]), 1), 6, o.tol);
      const table: [1 | 2 | 3 | 10 | 'inf', number, number[], number[]][] = [
        [1, 15, [6, 9], [1, 5, 9]],
        [
          2,
          7.416198487095663,
          [4.47213595499958, 5.916079783099616],
          [1, 3.605551275463989, 6.4031242374328485],
        ],
        [
          3,
          6.082201995573399,
          [4.160167646103808, 5.348481241239362],
          [1, 3.2710663101885893, 5.738793548317167],
        ],
        [
          10,
          5.054055784535375,
          [4.000390453444719, 5.00301516473205],
          [1, 3.005162300965063, 5.05125674931439],
        ],
        ['inf', 5, [4, 5], [1, 3, 5]],
      ];
      const tol = { rtol: Math.max(o.tol.rtol, 1e-9), atol: o.tol.atol };
      for (const [order, all, cols, rows] of table) {
        assertClose(b, b.norm(a, order), all, tol, `norm order ${order}`);
        assertClose(b, b.norm(a, order, 0), cols, tol, `norm order ${order} axis 0`);
        assertClose(b, b.norm(a, order, 1), rows, tol, `norm order ${order} axis 1`);
      }
      assertClose(b, b.norm(b.tensor([3, 4])), 5, o.tol);
      assertClose(b, b.norm(a, 2, [0, 1]), 7.416198487095663, o.tol);
      assert.throws(() => b.norm(a, 0), ArgumentError);
      assert.throws(() => b.norm(a, -1), ArgumentError);
    });
    it('logsumexp: log(sum(exp)) over null/0/1 axes, no overflow at 1000', () => {
      const x = b.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      // TensorLy's default axis is 0.
      assertClose(b, b.logsumexp(x), [4.048587351573742, 5.048587351573742, 6.048587351573742], o.tol);
      assertClose(b, b.logsumexp(x, 0), [4.048587351573742, 5.048587351573742, 6.048587351573742], o.tol);
      assertClose(b, b.logsumexp(x, 1), [3.4076059644443806, 6.407605964444381], o.tol);
      assertClose(b, b.logsumexp(x, null), 6.456193316018123, o.tol);
      assertClose(b, b.logsumexp(x, -1), [3.4076059644443806, 6.407605964444381], o.tol);
      // Against the naive formula where it does not overflow.
      const d = dense([3, 4], 42);
      const naive = (i: number) => Math.log([0, 1, 2, 3].reduce((s, j) => s + Math.exp(d.v[i * 4 + j]!), 0));
      assertClose(b, b.logsumexp(fromDense(d), 1), [naive(0), naive(1), naive(2)], o.tol);
      const big = b.tensor([
        [1000, 1000, 999],
        [-1000, 0, 1],
      ]);
      assertClose(b, b.logsumexp(big, null), 1000.8619948040582, o.tol);
      assertClose(b, b.logsumexp(big, 0), [1000, 1000, 999], o.tol);
      assertClose(b, b.logsumexp(big, 1), [1000.8619948040582, 1.3132616875182228], o.tol);
      assertClose(
        b,
        b.logsumexp(b.tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])),
        Number.NEGATIVE_INFINITY,
      );
    });
  });
}
