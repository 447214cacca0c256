import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import tl from '../../index.js';
import type { IterationInfo } from '../../decomposition/iterate.js';
import { createTfjsBackend } from './index.js';
import type { TfTensor } from './tfjs-backend.js';

// Every decomposition, sync and async, on tfjs: tf.memory().numTensors is the same before and after the
// call but for the result's tensors, and it does not grow from one iteration to the next (intermediates and
// replaced factors are freed as the run goes). The input is never disposed.

const backend = await createTfjsBackend({ engine: 'cpu' });
const tf = backend.tf;

/** Distinct tensors held by a result object (searched through arrays and properties). */
function tensorsOf(v: unknown, out = new Set<TfTensor>(), seen = new Set<unknown>()): Set<TfTensor> {
  if (v === null || typeof v !== 'object' || seen.has(v)) return out;
  seen.add(v);
  if (backend.isTensor(v)) out.add(v);
  else if (Array.isArray(v)) for (const x of v) tensorsOf(x, out, seen);
  else if (!ArrayBuffer.isView(v)) for (const x of Object.values(v)) tensorsOf(x, out, seen);
  return out;
}

type Options = { onIteration: (info: IterationInfo) => unknown; nIterMax: number; tol: number };
type Runner = (x: TfTensor, o: Options) => unknown;
const dec = tl.decomposition;
const CASES: Record<string, { sync: Runner; async: Runner; nonNegative?: boolean }> = {
  parafac: {
    sync: (x, o) => dec.parafac(x, 3, { ...o, init: 'random', randomState: 1 }),
    async: (x, o) => dec.parafacAsync(x, 3, { ...o, init: 'random', randomState: 1 }),
  },
  nonNegativeParafac: {
    sync: (x, o) => dec.nonNegativeParafac(x, 3, { ...o, randomState: 1 }),
    async: (x, o) => dec.nonNegativeParafacAsync(x, 3, { ...o, randomState: 1 }),
    nonNegative: true,
  },
  nonNegativeParafacHals: {
    sync: (x, o) => dec.nonNegativeParafacHals(x, 3, { ...o, randomState: 1 }),
    async: (x, o) => dec.nonNegativeParafacHalsAsync(x, 3, { ...o, randomState: 1 }),
    nonNegative: true,
  },
  randomisedParafac: {
    sync: (x, o) => dec.randomisedParafac(x, 3, 20, { ...o, randomState: 1 }),
    async: (x, o) => dec.randomisedParafacAsync(x, 3, 20, { ...o, randomState: 1 }),
  },
  tucker: {
    sync: (x, o) => dec.tucker(x, [3, 3, 3], o),
    async: (x, o) => dec.tuckerAsync(x, [3, 3, 3], o),
  },
  partialTucker: {
    sync: (x, o) => dec.partialTucker(x, [3, 3], { ...o, modes: [0, 2] }),
    async: (x, o) => dec.partialTuckerAsync(x, [3, 3], { ...o, modes: [0, 2] }),
  },
  nonNegativeTucker: {
    sync: (x, o) => dec.nonNegativeTucker(x, [3, 3, 3], o),
    async: (x, o) => dec.nonNegativeTuckerAsync(x, [3, 3, 3], o),
    nonNegative: true,
  },
  nonNegativeTuckerHals: {
    sync: (x, o) => dec.nonNegativeTuckerHals(x, [3, 3, 3], { ...o, randomState: 1 }),
    async: (x, o) => dec.nonNegativeTuckerHalsAsync(x, [3, 3, 3], { ...o, randomState: 1 }),
    nonNegative: true,
  },
};

describe('tfjs: decompositions free what they create', () => {
  for (const [name, c] of Object.entries(CASES)) {
    for (const mode of ['sync', 'async'] as const) {
      test(`${name} (${mode})`, async () => {
        const x = tl.backendContext(backend, () => {
          const t = tl.random.randomCp([6, 7, 8], 3, { full: true, randomState: 0 }) as TfTensor;
          return tl.scope(() => (c.nonNegative ? tl.abs(t) : tl.copy(t))) as TfTensor;
        });
        const before = tf.memory().numTensors;
        const counts: number[] = [];
        const options: Options = {
          nIterMax: 8,
          tol: 0,
          onIteration: (info) => {
            if (info.iteration >= 0) counts.push(tf.memory().numTensors);
          },
        };
        const result =
          mode === 'sync'
            ? tl.backendContext(backend, () => c.sync(x, options))
            : await tl.backendContext(backend, async () => c.async(x, options));
        const held = tensorsOf(result);
        assert.ok(!held.has(x), 'the result does not alias the input');
        assert.equal(tf.memory().numTensors - before, held.size, `${name} leaked tensors`);
        assert.ok(counts.length >= 3, `${name} reported ${counts.length} iterations`);
        // From the second iteration on, the live set is the same size each time.
        const later = counts.slice(1);
        assert.ok(
          Math.max(...later) - Math.min(...later) <= 0,
          `${name}: tensors alive at each iteration ${counts.join(', ')}`,
        );
        assert.equal(x.isDisposed, false);
        tf.dispose([...held]);
        tf.dispose(x);
      });
    }
  }
});
