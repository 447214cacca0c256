import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArgumentError, LinAlgError } from '../../errors.js';
import { RandomState } from '../../random/random-state.js';
import { assertClose, type Tolerance } from '../../test-utils/assert.js';
import type { Tensor } from '../../types.js';
import type { Backend } from '../backend.js';
import type { ConformanceOptions } from './index.js';

/** Products, einsum and factorizations, checked by values and by their defining identities. */
export function linalgSuite(b: Backend, o: ConformanceOptions): void {
  const it = (name: string, fn: () => void) =>
    o.skip?.[name] !== undefined ? test(name, { skip: o.skip[name] }, fn) : test(name, fn);
  // Factorizations lose a few digits against element-wise ops.
  const loose: Tolerance = { rtol: o.tol.rtol * 1e3, atol: o.tol.atol * 1e4 };
  const rand = (m: number, n: number, seed: number) =>
    b.tensor(new RandomState(seed).standardNormal(m * n), { shape: [m, n], dtype: o.floatDtype });
  const same = (x: Tensor, y: Tensor, tol = loose) => assertClose(b, x, b.toArray(y as never) as never, tol);
  const eye = (n: number) => b.eye(n, n, { dtype: o.floatDtype });

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
      for (const [sa, sb, sc] of shapes) assert.deepEqual(b.shape(b.matmul(b.ones(sa), b.ones(sb))), sc);
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
      assert.throws(() => b.matmul(b.ones([2, 3]), b.ones([2, 3])), ArgumentError);
    });
    it('dot, tensordot, kron', () => {
      assert.equal(b.item(b.dot(b.tensor([1, 2, 3]), b.tensor([4, 5, 6]))), 32);
      const x = b.reshape(b.arange(24, undefined, undefined, { dtype: o.floatDtype }), [2, 3, 4]);
      const y = b.reshape(b.arange(12, undefined, undefined, { dtype: o.floatDtype }), [4, 3]);
      assertClose(
        b,
        b.tensordot(x, y, [
          [1, 2],
          [1, 0],
        ]),
        [440, 1232],
        o.tol,
      );
      assert.deepEqual(b.shape(b.tensordot(x, b.ones([4, 5]), 1)), [2, 3, 5]);
      assertClose(
        b,
        b.kron(b.tensor([[1, 2]]), b.tensor([[1], [10]])),
        [
          [1, 2],
          [10, 20],
        ],
        o.tol,
      );
    });
    it('einsum against explicit results', () => {
      const a = b.tensor([
        [1, 2],
        [3, 4],
      ]);
      const c = b.tensor([
        [5, 6],
        [7, 8],
      ]);
      assertClose(
        b,
        b.einsum('ij,jk->ik', a, c),
        [
          [19, 22],
          [43, 50],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.einsum('ij,jk', a, c),
        [
          [19, 22],
          [43, 50],
        ],
        o.tol,
      );
      assertClose(
        b,
        b.einsum('ij->ji', a),
        [
          [1, 3],
          [2, 4],
        ],
        o.tol,
      );
      assertClose(b, b.einsum('ii', a), 5, o.tol);
      assertClose(b, b.einsum('ii->i', a), [1, 4], o.tol);
      assertClose(
        b,
        b.einsum('i,j->ij', b.tensor([1, 2]), b.tensor([3, 4, 5])),
        [
          [3, 4, 5],
          [6, 8, 10],
        ],
        o.tol,
      );
      assertClose(b, b.einsum('ij,ij->i', a, c), [17, 53], o.tol);
      const x = b.reshape(b.arange(24, undefined, undefined, { dtype: o.floatDtype }), [2, 3, 4]);
      const p = b.reshape(b.arange(6, undefined, undefined, { dtype: o.floatDtype }), [3, 2]);
      const q = b.reshape(b.arange(8, undefined, undefined, { dtype: o.floatDtype }), [4, 2]);
      assertClose(
        b,
        b.einsum('ijk,jr,kr->ir', x, p, q),
        [
          [648, 1138],
          [1512, 2866],
        ],
        o.tol,
      );
      assert.throws(() => b.einsum('ij,jk->ik', a), ArgumentError);
      assert.throws(() => b.einsum('ij,jk->ik', a, b.ones([3, 2])), ArgumentError);
    });
  });

  describe(`${b.name}: factorizations`, () => {
    it('solve: vector and matrix right-hand sides; singular -> LinAlgError', () => {
      const a = b.tensor([
        [4, 1],
        [2, 3],
      ]);
      assertClose(b, b.solve(a, b.tensor([1, 2])), [0.1, 0.6], loose);
      const rhs = rand(2, 3, 1);
      same(b.matmul(a, b.solve(a, rhs)), rhs);
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
    });
    it('qr reduced and complete: shapes, orthonormal Q, QR = A', () => {
      const a = rand(5, 3, 2);
      const [q, r] = b.qr(a);
      assert.deepEqual(
        [b.shape(q), b.shape(r)],
        [
          [5, 3],
          [3, 3],
        ],
      );
      same(b.matmul(b.transpose(q), q), eye(3));
      same(b.matmul(q, r), a);
      const [qc, rc] = b.qr(a, 'complete');
      assert.deepEqual(
        [b.shape(qc), b.shape(rc)],
        [
          [5, 5],
          [5, 3],
        ],
      );
      same(b.matmul(b.transpose(qc), qc), eye(5));
      same(b.matmul(qc, rc), a);
    });
    it('svd with and without full matrices: reconstruction, orthonormality, S descending', () => {
      for (const [m, n] of [
        [5, 3],
        [3, 5],
        [4, 4],
      ] as const) {
        const a = rand(m, n, m * 10 + n);
        const [u, s, v] = b.svd(a, false);
        const k = Math.min(m, n);
        same(b.matmul(b.multiply(u, b.reshape(s, [1, k])), v), a);
        same(b.matmul(b.transpose(u), u), eye(k));
        const sv = b.toArray(s) as number[];
        for (let i = 1; i < k; i++) assert.ok(sv[i - 1]! >= sv[i]!);
        const [uf, , vf] = b.svd(a, true);
        assert.deepEqual(
          [b.shape(uf), b.shape(vf)],
          [
            [m, m],
            [n, n],
          ],
        );
        same(b.matmul(b.transpose(vf), vf), eye(n));
      }
    });
    it('eigh: A V = V diag(w), w ascending', () => {
      const c = rand(4, 4, 7);
      const a = b.add(c, b.transpose(c));
      const [w, v] = b.eigh(a);
      same(b.matmul(a, v), b.multiply(v, b.reshape(w, [1, 4])));
      const wv = b.toArray(w) as number[];
      for (let i = 1; i < 4; i++) assert.ok(wv[i - 1]! <= wv[i]!);
    });
    it('cholesky, inv, pinv', () => {
      const c = rand(4, 4, 8);
      const spd = b.add(b.matmul(b.transpose(c), c), eye(4));
      const l = b.cholesky(spd);
      same(b.matmul(l, b.transpose(l)), spd);
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
      same(b.matmul(spd, b.inv(spd)), eye(4));
      const a = rand(5, 3, 9);
      const p = b.pinv(a);
      same(b.matmul(b.matmul(a, p), a), a);
      same(b.matmul(b.matmul(p, a), p), p);
    });
    it('property: svd reconstructs and qr factorizes random shapes, empty and 1-element included', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 6 }),
          fc.nat(1000),
          (m, n, seed) => {
            const a = rand(m, n, seed);
            const [u, s, v] = b.svd(a, false);
            same(b.matmul(b.multiply(u, b.reshape(s, [1, Math.min(m, n)])), v), a);
            const [q, r] = b.qr(a);
            same(b.matmul(q, r), a);
          },
        ),
        { numRuns: 40 },
      );
      assert.deepEqual(b.shape(b.svd(b.zeros([0, 3]), false)[1]), [0]);
    });
  });
}
