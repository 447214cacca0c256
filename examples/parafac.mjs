// Example: recover a rank-3 CP tensor with PARAFAC on the default (js) backend.
// Run with `npm run example` (it builds first).
import tl from '../dist/index.js';

const shape = [30, 40, 50];
const truth = tl.random.randomCp(shape, 3, { randomState: 0 });
const noise = tl.random.randomTensor(shape, { randomState: 1 });
const x = tl.add(tl.cpToTensor(truth), tl.multiply(tl.subtract(noise, 0.5), 0.01));

const t0 = performance.now();
const cp = tl.decomposition.parafac(x, 3, {
  nIterMax: 200,
  tol: 1e-10,
  normalizeFactors: true,
  onIteration: ({ iteration, error }) => {
    if (iteration % 10 === 0)
      console.log(`iteration ${String(iteration).padStart(3)}  relative error ${error.toExponential(3)}`);
  },
});
const ms = performance.now() - t0;

const fit = tl.item(tl.norm(tl.subtract(tl.cpToTensor(cp), x))) / tl.item(tl.norm(x));
console.log(`\nbackend: ${tl.getBackend()}, tensor ${shape.join('x')}, rank 3`);
console.log(
  `${cp.iterations} iterations in ${ms.toFixed(1)} ms; relative reconstruction error ${fit.toExponential(3)}`,
);
console.log(`weights: [${Array.from(tl.toTypedArray(cp.weights), (w) => w.toFixed(3)).join(', ')}]`);
