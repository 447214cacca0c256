// Decomposition workloads of the issues, js backend float64, TensorLy + NumPy side by side.
// Per-iteration figures divide a fixed number of iterations (tol 0) by that count. The 100^3 workloads take
// the median of 7 runs after 3 warm-up runs, on both sides: V8 compiles the ALS loop's functions over the
// first few hundred iterations, and the figures are of the steady state (a first run is up to 2x slower).
import tl from '../../dist/index.js';

export const name = 'decomposition';

const py = (setup, run) => ({
  setup: `import tensorly as tl\nfrom tensorly.decomposition import parafac, tucker\n${setup}`,
  run,
});

export const workloads = [
  {
    name: 'parafac rank 10, 100^3, 50 iterations (ms/iteration)',
    needsTensorly: true,
    unit: 'ms/iter',
    reps: 7,
    warmup: 3,
    scale: 1 / 50,
    setup: () => tl.random.randomCp([100, 100, 100], 10, { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.parafac(x, 10, { nIterMax: 50, tol: 0, init: 'random', randomState: 1 }),
    python: py(
      'x = tl.random.random_cp((100, 100, 100), 10, full=True, random_state=0)',
      "parafac(x, 10, n_iter_max=50, tol=0, init='random', random_state=1)",
    ),
  },
  {
    name: 'parafac rank 5, 10^3, 200 iterations (ms/iteration)',
    needsTensorly: true,
    unit: 'ms/iter',
    scale: 1 / 200,
    setup: () => tl.random.randomCp([10, 10, 10], 5, { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.parafac(x, 5, { nIterMax: 200, tol: 0, init: 'random', randomState: 1 }),
    python: py(
      'x = tl.random.random_cp((10, 10, 10), 5, full=True, random_state=0)',
      "parafac(x, 5, n_iter_max=200, tol=0, init='random', random_state=1)",
    ),
  },
  {
    name: 'tucker (10,10,10) on 100^3, 20 iterations (ms/iteration)',
    needsTensorly: true,
    unit: 'ms/iter',
    reps: 7,
    warmup: 3,
    scale: 1 / 20,
    setup: () => tl.random.randomTucker([100, 100, 100], [10, 10, 10], { full: true, randomState: 0 }),
    run: (x) => tl.decomposition.tucker(x, [10, 10, 10], { nIterMax: 20, tol: 0 }),
    python: py(
      'x = tl.random.random_tucker((100, 100, 100), (10, 10, 10), full=True, random_state=0)',
      'tucker(x, (10, 10, 10), n_iter_max=20, tol=0)',
    ),
  },
  {
    name: 'nonNegativeParafac rank 10, 100^3, 50 iterations (ms/iteration)',
    needsTensorly: true,
    unit: 'ms/iter',
    reps: 7,
    warmup: 3,
    scale: 1 / 50,
    setup: () => tl.abs(tl.random.randomCp([100, 100, 100], 10, { full: true, randomState: 0 })),
    run: (x) =>
      tl.decomposition.nonNegativeParafac(x, 10, { nIterMax: 50, tol: 0, init: 'random', randomState: 1 }),
    python: py(
      'from tensorly.decomposition import non_negative_parafac\nx = np.abs(tl.random.random_cp((100, 100, 100), 10, full=True, random_state=0))',
      "non_negative_parafac(x, 10, n_iter_max=50, tol=0, init='random', random_state=1)",
    ),
  },
  {
    name: 'TensorLy #470: 10 parafac of N(0,1) 100^3, rank 10, 100 iterations (total ms)',
    needsTensorly: true,
    reps: 1,
    warmup: 0,
    minMs: 0,
    setup: () =>
      Array.from({ length: 10 }, (_, i) =>
        tl.tensor(new tl.RandomState(i).standardNormal(1e6), { shape: [100, 100, 100] }),
      ),
    run: (xs) => {
      for (const x of xs) tl.decomposition.parafac(x, 10, { nIterMax: 100, tol: 0 });
    },
    python: py(
      'xs = [np.random.RandomState(i).standard_normal((100, 100, 100)) for i in range(10)]',
      'for x in xs: parafac(x, 10, n_iter_max=100, tol=0)',
    ),
  },
];
