import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parafac, type ParafacOptions } from '../../decomposition/parafac.js';
import tl from '../../index.js';
import { RandomState } from '../../random/random-state.js';
import { JsBackend } from './js-backend.js';
import type { NdArray } from './ndarray.js';

/** The js backend without its fused sweep: parafac then runs the dispatched ops. */
class OpsOnly extends JsBackend {
  override readonly name: string = 'js-ops-only';
  override cpAlsSweep(): null {
    return null;
  }
}

const js = new JsBackend();
const opsOnly = new OpsOnly();

function tensor(shape: number[], seed: number): NdArray {
  const n = shape.reduce((p, d) => p * d, 1);
  return js.tensor(new RandomState(seed).standardNormal(n), { shape });
}

function maxAbsDiff(a: NdArray, b: NdArray): number {
  const x = a.values();
  const y = b.values();
  assert.equal(x.length, y.length);
  let w = 0;
  for (let i = 0; i < x.length; i++) w = Math.max(w, Math.abs((x[i] as number) - (y[i] as number)));
  return w;
}

describe('js: the fused CP-ALS sweep', () => {
  const cases: [string, number[], number, ParafacOptions][] = [
    ['third order, random init, tol 0', [6, 7, 8], 3, { init: 'random', nIterMax: 30, tol: 0 }],
    ['fourth order, svd init, errors', [4, 5, 3, 6], 2, { nIterMax: 25, tol: 1e-12 }],
    ['ridge (l2Reg)', [5, 6, 7], 4, { init: 'random', nIterMax: 20, tol: 1e-10, l2Reg: 0.3 }],
    [
      'orthogonalised, line search',
      [7, 6, 5],
      3,
      { init: 'random', nIterMax: 20, orthogonalise: 4, linesearch: true },
    ],
    ['fixed mode', [5, 5, 5], 2, { init: 'random', nIterMax: 15, fixedModes: [0] }],
    ['matrix', [9, 11], 3, { init: 'random', nIterMax: 20, tol: 0 }],
    ['vector', [12], 1, { init: 'random', nIterMax: 5, tol: 0 }],
  ];
  for (const [label, shape, rank, options] of cases) {
    test(`gives the dispatched ops' result: ${label}`, () => {
      const x = tensor(shape, shape.length * 7 + rank);
      const opts = { randomState: 3, ...options };
      const fused = tl.backendContext(js, () => parafac(x, rank, opts));
      const ops = tl.backendContext(opsOnly, () => parafac(x, rank, opts));
      assert.equal(fused.iterations, ops.iterations);
      assert.deepEqual(fused.errors, ops.errors);
      assert.ok(maxAbsDiff(fused.weights as NdArray, ops.weights as NdArray) === 0);
      fused.factors.forEach((f, i) => {
        assert.equal(maxAbsDiff(f as NdArray, ops.factors[i] as NdArray), 0, `factor ${i}`);
      });
    });
  }

  test('is used: the fused path runs for small tensors with unit weights', () => {
    let calls = 0;
    class Counting extends JsBackend {
      override cpAlsSweep(...args: Parameters<JsBackend['cpAlsSweep']>) {
        calls++;
        return super.cpAlsSweep(...args);
      }
    }
    tl.backendContext(new Counting(), () =>
      parafac(tensor([4, 5, 6], 1), 2, { init: 'random', nIterMax: 7, tol: 0 }),
    );
    assert.equal(calls, 7);
    calls = 0;
    // Normalised factors carry weights: the dispatched ops run.
    tl.backendContext(new Counting(), () =>
      parafac(tensor([4, 5, 6], 1), 2, { init: 'random', nIterMax: 7, tol: 0, normalizeFactors: true }),
    );
    assert.equal(calls, 0);
  });

  test('declines what it does not handle: float32 data, no modes, mismatched shapes; inputs untouched', () => {
    const x = tensor([3, 4, 5], 2);
    const fs = [tensor([3, 2], 3), tensor([4, 2], 4), tensor([5, 2], 5)];
    const gs = fs.map((f) => js.matmul(js.transpose(f), f));
    const before = x.values().slice();
    assert.equal(js.cpAlsSweep(js.astype(x, 'float32'), fs, gs, [0, 1, 2], 0), null);
    assert.equal(js.cpAlsSweep(x, fs, gs, [], 0), null);
    // Shapes that do not fit each other: left to the ops, which say what is wrong.
    assert.equal(js.cpAlsSweep(x, [fs[0]!, fs[1]!, tensor([6, 2], 6)], gs, [0, 1, 2], 0), null);
    assert.equal(js.cpAlsSweep(x, fs, [gs[0]!, gs[1]!], [0, 1, 2], 0), null);
    assert.equal(js.cpAlsSweep(x, fs.slice(0, 2), gs.slice(0, 2), [0, 1], 0), null);
    const r = js.cpAlsSweep(x, fs, gs, [0, 1, 2], 0)!;
    assert.deepEqual(x.values(), before);
    // The last mode's MTTKRP and every new Gram matrix.
    assert.ok(maxAbsDiff(r.mttkrp, js.mttkrp(x, r.factors, 2)) < 1e-12);
    for (const [i, f] of r.factors.entries()) {
      assert.ok(maxAbsDiff(r.grams[i]!, js.matmul(js.transpose(f), f)) < 1e-12);
    }
  });
});
