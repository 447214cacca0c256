import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import tl from '../../index.js';
import { createTfjsBackend } from './index.js';
import type { TfTensor as Tensor } from './tfjs-backend.js';

// tf.memory().numTensors must be the same before and after every public call, results aside. The ops of
// the contract have their own table (memory.test.ts) and the decompositions theirs
// (decomposition-memory.test.ts); this file covers every other public function: tl.tenalg, tl.metrics,
// tl.solvers, tl.random and the top-level functions above the backend (base, factorized tensors, SVD
// front ends). Each is called with the first argument list from a pool that it accepts; failing calls
// must free what they made too.

const b = await createTfjsBackend({ engine: 'cpu' });
const tf = b.tf;

/** The backend system's own functions: they manage backends, not tensors. */
const SYSTEM = new Set([
  'setBackend',
  'getBackend',
  'currentBackend',
  'backendContext',
  'backendContextAsync',
  'registerBackend',
  'loadBackend',
  'availableBackends',
  'loadedBackends',
  'resolveBackend',
  'isRegistered',
  'importOptional',
  'asyncContextsInUse',
  'dispatch',
  's',
]);

const isClass = (f: unknown) =>
  typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

/** Every public function above the backend, as `[qualified name, function]`. */
function publicFunctions(): [string, (...args: unknown[]) => unknown][] {
  const ops = new Set<string>();
  let proto = Object.getPrototypeOf(b);
  while (proto !== null && proto !== Object.prototype) {
    for (const k of Object.getOwnPropertyNames(proto)) ops.add(k);
    proto = Object.getPrototypeOf(proto);
  }
  const out: [string, (...args: unknown[]) => unknown][] = [];
  const take = (prefix: string, ns: object) => {
    for (const [k, v] of Object.entries(ns)) {
      if (typeof v !== 'function' || isClass(v)) continue;
      if (prefix === '' && (ops.has(k) || SYSTEM.has(k))) continue;
      out.push([prefix + k, v as (...args: unknown[]) => unknown]);
    }
  };
  take('', tl);
  take('tenalg.', tl.tenalg);
  take('metrics.', tl.metrics);
  take('solvers.', tl.solvers);
  take('random.', tl.random);
  return out;
}

/** Every tensor reachable from `v` through arrays, plain objects and instances' own properties. */
function reachable(v: unknown, out = new Set<Tensor>(), seen = new Set<unknown>()): Set<Tensor> {
  if (v === null || typeof v !== 'object' || seen.has(v)) return out;
  seen.add(v);
  if (b.isTensor(v)) out.add(v as Tensor);
  else if (Array.isArray(v)) for (const x of v) reachable(x, out, seen);
  else if (!ArrayBuffer.isView(v)) for (const x of Object.values(v)) reachable(x, out, seen);
  return out;
}

describe('tfjs (cpu): no public function above the backend leaks a tensor', () => {
  tl.backendContext(b, () => {
    // The pool of inputs, made once; every candidate argument list draws from it.
    const rs = () => new tl.RandomState(3);
    const t3 = tl.tensor(rs().standardNormal(60), { shape: [3, 4, 5] });
    const pos3 = tl.abs(t3);
    const m = tl.tensor(rs().standardNormal(12), { shape: [4, 3] });
    const m2 = tl.tensor(rs().standardNormal(12), { shape: [4, 3] });
    const sq = tl.tensor([
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ]);
    const v3 = tl.tensor([0.3, -0.2, 0.5]);
    const v4 = tl.tensor([0.1, 0.4, -0.3, 0.2]);
    const labels = tl.tensor([0, 1, 1, 0], { dtype: tl.int32 });
    const mats = [
      tl.tensor(rs().standardNormal(6), { shape: [2, 3] }),
      tl.tensor(rs().standardNormal(8), { shape: [2, 4] }),
      tl.tensor(rs().standardNormal(10), { shape: [2, 5] }),
    ];
    const fac = [
      tl.tensor(rs().standardNormal(6), { shape: [3, 2] }),
      tl.tensor(rs().standardNormal(8), { shape: [4, 2] }),
      tl.tensor(rs().standardNormal(10), { shape: [5, 2] }),
    ];
    const cp = tl.random.randomCp([3, 4, 5], 2, { randomState: 0 });
    const tucker = tl.random.randomTucker([3, 4, 5], [2, 2, 2], { randomState: 0 });
    const tt = tl.random.randomTt([3, 4, 5], 2, { randomState: 0 });
    const ttm = tl.random.randomTtMatrix([2, 3, 2, 3], 2, { randomState: 0 });
    const tr = tl.random.randomTr([3, 4, 5], 2, { randomState: 0 });
    const p2 = tl.random.randomParafac2(
      [
        [3, 4],
        [3, 4],
      ],
      2,
      { randomState: 0 },
    );
    const tt2 = tl.random.randomTt([4, 4], 2, { randomState: 0 });
    const mT = tl.transpose(m);
    const svdM = tl.svd(m, false);
    const pool = reachable([
      t3,
      pos3,
      m,
      m2,
      mT,
      sq,
      v3,
      v4,
      labels,
      mats,
      fac,
      cp,
      tucker,
      tt,
      tt2,
      ttm,
      tr,
      p2,
      svdM,
    ]);

    const candidates: unknown[][] = [
      [t3],
      [t3, 0],
      [t3, 1],
      [cp],
      [tucker],
      [tt],
      [ttm],
      [tr],
      [p2],
      [m],
      [m, 2],
      [sq],
      [sq, v3],
      [sq, sq],
      [m, m2],
      [v4, v4],
      [v4, labels],
      [labels, labels],
      [t3, m, 1],
      [t3, fac],
      [t3, cp],
      [t3, cp, 0],
      [cp, cp],
      [t3, t3],
      [pos3, 2],
      [t3, [1, 2]],
      [t3, [3, 20]],
      [mats],
      [fac],
      [fac, fac],
      [v3],
      [v3, 1],
      [m, 0.5],
      [tl.tensor([0.5, 1.5, 2.5, 3.5])],
      [[3, 4, 5], 2, { randomState: 0 }],
      [[3, 4, 5], [2, 2, 2], { randomState: 0 }],
      [[3, 4, 5], { randomState: 0 }],
      [
        [
          [3, 4],
          [3, 4],
        ],
        2,
        { randomState: 0 },
      ],
      [[2, 3, 2, 3], 2, { randomState: 0 }],
      [0],
      [cp, 0],
      [tucker, 0],
      [tt, 0],
      [ttm, 0],
      [tr, 0],
      [p2, 0],
      [cp, t3],
      [cp, m, 0],
      [tucker, m, 0],
      [t3, m, 0],
      [t3, mats],
      [t3, 0, [3, 4, 5]],
      [
        t3,
        t3,
        [
          [0, 1, 2],
          [0, 1, 2],
        ],
      ],
      [m, m2, [0, 0]],
      [m, ...svdM],
      ['truncated_svd'],
      [tt2],
      [v3, sq],
      [m, sq, m2, m],
      [0.1, 0.2, 3],
    ];

    for (const [name, fn] of publicFunctions()) {
      test(name, () =>
        tl.backendContext(b, () => {
          let succeeded = false;
          for (const args of candidates) {
            const before = tf.memory().numTensors;
            let result: unknown;
            try {
              result = fn(...args);
            } catch {
              assert.equal(tf.memory().numTensors, before, `${name}: a failing call leaked tensors`);
              continue;
            }
            if (result instanceof Promise) continue;
            const made = [...reachable(result)].filter((t) => !pool.has(t));
            assert.equal(
              tf.memory().numTensors - before,
              made.length,
              `${name}(${args.length} args) leaked tensors`,
            );
            b.dispose(made as never);
            succeeded = true;
            break;
          }
          assert.ok(succeeded, `${name}: no argument list of the pool was accepted; add one`);
        }),
      );
    }
  });
});
