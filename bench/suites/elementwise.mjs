// Element-wise and reduction throughput of the js backend, float64, NumPy side by side.
import tl from '../../dist/index.js';
import { RandomState } from '../../dist/random/random-state.js';

export const name = 'elementwise';

const rand = (shape, seed) =>
  tl.tensor(new RandomState(seed).randomSample(shape.reduce((p, d) => p * d, 1)), { shape });

export const workloads = [
  {
    name: 'add 1e6',
    setup: () => ({ a: rand([1000000], 1), b: rand([1000000], 2) }),
    run: ({ a, b }) => tl.add(a, b),
    python: { setup: 'a = np.random.rand(1000000); b = np.random.rand(1000000)', run: 'a + b' },
  },
  {
    name: 'broadcast add (1000,1000)+(1000,1)',
    setup: () => ({ a: rand([1000, 1000], 1), b: rand([1000, 1], 2) }),
    run: ({ a, b }) => tl.add(a, b),
    python: { setup: 'a = np.random.rand(1000, 1000); b = np.random.rand(1000, 1)', run: 'a + b' },
  },
  {
    name: 'exp 1e6',
    setup: () => rand([1000000], 3),
    run: (a) => tl.exp(a),
    python: { setup: 'a = np.random.rand(1000000)', run: 'np.exp(a)' },
  },
  {
    name: 'sum 1e6 (all axes)',
    setup: () => rand([1000000], 4),
    run: (a) => tl.sum(a),
    python: { setup: 'a = np.random.rand(1000000)', run: 'np.sum(a)' },
  },
  {
    name: 'sum (1000,1000) axis 0',
    setup: () => rand([1000, 1000], 5),
    run: (a) => tl.sum(a, 0),
    python: { setup: 'a = np.random.rand(1000, 1000)', run: 'np.sum(a, axis=0)' },
  },
];
