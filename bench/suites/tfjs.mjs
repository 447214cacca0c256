// The decomposition workloads on the `tfjs` backend (TensorFlow.js cpu and wasm engines in Node), next to
// the `js` backend on the same data, with the memory each run leaves behind: tf.memory().numBytes after the
// result is disposed, minus before (target 0). Fewer iterations than the decomposition suite: the cpu engine
// is plain JavaScript without blocking. Skipped (with a note) when @tensorflow/tfjs is not installed.
import tl from '../../dist/index.js';

export const name = 'tfjs';

const engines = {};
try {
  const { createTfjsBackend } = await import('../../dist/backends/tfjs/index.js');
  engines.cpu = await createTfjsBackend({ engine: 'cpu' });
  try {
    engines.wasm = await createTfjsBackend({ engine: 'wasm' });
  } catch (err) {
    console.warn(`bench tfjs: wasm engine skipped (${err.message})`);
  }
} catch (err) {
  console.warn(`bench tfjs: skipped (${err.message})`);
}

/** Median wall time (ms) of `reps` runs after one warm-up. */
function median(fn, reps) {
  fn();
  const s = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    s.push(performance.now() - t0);
  }
  s.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Every tensor a result holds (arrays and properties searched). */
function tensorsOf(backend, v, out = new Set(), seen = new Set()) {
  if (v === null || typeof v !== 'object' || seen.has(v)) return out;
  seen.add(v);
  if (backend.isTensor(v)) out.add(v);
  else if (Array.isArray(v)) for (const x of v) tensorsOf(backend, x, out, seen);
  else if (!ArrayBuffer.isView(v)) for (const x of Object.values(v)) tensorsOf(backend, x, out, seen);
  return out;
}

const CASES = [
  {
    name: 'parafac rank 10, 100^3, 10 iterations',
    iters: 10,
    make: () => tl.random.randomCp([100, 100, 100], 10, { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.parafac(x, 10, { nIterMax: 10, tol: 0, init: 'random', randomState: 1 }),
  },
  {
    name: 'parafac rank 5, 10^3, 200 iterations',
    iters: 200,
    make: () => tl.random.randomCp([10, 10, 10], 5, { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.parafac(x, 5, { nIterMax: 200, tol: 0, init: 'random', randomState: 1 }),
  },
  {
    name: 'tucker (10,10,10) on 100^3, 5 iterations',
    iters: 5,
    make: () => tl.random.randomTucker([100, 100, 100], [10, 10, 10], { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.tucker(x, [10, 10, 10], { nIterMax: 5, tol: 0 }),
  },
  {
    name: 'nonNegativeParafac rank 10, 100^3, 10 iterations',
    iters: 10,
    make: () => tl.abs(tl.random.randomCp([100, 100, 100], 10, { full: true, randomState: 0 })),
    run: (x) =>
      tl.decomposition.nonNegativeParafac(x, 10, { nIterMax: 10, tol: 0, init: 'random', randomState: 1 }),
  },
];

export const workloads = Object.keys(engines).length
  ? CASES.flatMap((c) =>
      Object.entries(engines).map(([engine, backend]) => ({
        name: `tfjs ${engine}: ${c.name} (ms/iteration)`,
        unit: 'ms/iter',
        measure: () => {
          const tf = backend.tf;
          const xJs = tl.backendContext('js', c.make);
          const jsMs = median(() => tl.backendContext('js', () => c.run(xJs)), 1) / c.iters;
          const x = tl.toBackend(xJs, backend);
          const once = () => {
            const r = tl.backendContext(backend, () => c.run(x));
            tf.dispose([...tensorsOf(backend, r)]);
          };
          const bytes = tf.memory().numBytes;
          const tensors = tf.memory().numTensors;
          const ms = median(once, 1) / c.iters;
          const leakedBytes = tf.memory().numBytes - bytes;
          const leakedTensors = tf.memory().numTensors - tensors;
          tf.dispose(x);
          return {
            js: ms,
            jsBackend: jsMs,
            leakedBytes,
            leakedTensors,
            note: `(tfjs ${engine}; js backend ${jsMs.toFixed(3)} ms/iter; leaked ${leakedBytes} bytes, ${leakedTensors} tensors)`,
          };
        },
      })),
    )
  : [];
