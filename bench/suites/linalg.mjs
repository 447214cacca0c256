// Dense linear algebra on the js backend, float64, with NumPy side by side (same shapes, same run).
import tl from '../../dist/index.js';
import { RandomState } from '../../dist/random/random-state.js';

export const name = 'linalg';

const rand = (m, n, seed) => tl.tensor(new RandomState(seed).standardNormal(m * n), { shape: [m, n] });
const spd = (n, seed) => {
  const a = rand(n, n, seed);
  return tl.add(tl.matmul(tl.transpose(a), a), tl.multiply(tl.eye(n), n));
};
const npRand = (m, n, seed) => `np.random.RandomState(${seed}).standard_normal((${m}, ${n}))`;
/** Warm-up calls of the per-call workloads (both sides): see the svd entries below. */
const PER_CALL_WARMUP = 10000;
/**
 * Warm-up runs of the factorisations (both sides): V8 compiles their kernels over the first few runs (svd
 * 2000x100: 28 ms per call over the first eight, 16.5 from the 16th on); two warm-up runs timed that.
 */
const FACTOR_WARMUP = 12;

const matmulCase = (n) => ({
  name: `matmul ${n}x${n}`,
  flops: 2 * n ** 3,
  reps: n >= 1024 ? 3 : 7,
  setup: () => ({ a: rand(n, n, 1), b: rand(n, n, 2) }),
  run: ({ a, b }) => tl.matmul(a, b),
  python: { setup: `a = ${npRand(n, n, 1)}\nb = ${npRand(n, n, 2)}`, run: 'a @ b' },
});

export const workloads = [
  matmulCase(256),
  matmulCase(512),
  matmulCase(1024),
  {
    name: 'svd 500x500',
    warmup: FACTOR_WARMUP,
    reps: 3,
    setup: () => rand(500, 500, 3),
    run: (a) => tl.svd(a, false),
    python: { setup: `a = ${npRand(500, 500, 3)}`, run: 'np.linalg.svd(a, full_matrices=False)' },
  },
  {
    name: 'svd 2000x100 (thin)',
    warmup: FACTOR_WARMUP,
    reps: 5,
    setup: () => rand(2000, 100, 4),
    run: (a) => tl.svd(a, false),
    python: { setup: `a = ${npRand(2000, 100, 4)}`, run: 'np.linalg.svd(a, full_matrices=False)' },
  },
  {
    name: 'eigh 500x500',
    warmup: FACTOR_WARMUP,
    reps: 3,
    setup: () => spd(500, 5),
    run: (a) => tl.eigh(a),
    python: {
      setup: `a0 = ${npRand(500, 500, 5)}\na = a0.T @ a0 + 500 * np.eye(500)`,
      run: 'np.linalg.eigh(a)',
    },
  },
  {
    name: 'qr 1000x100',
    warmup: FACTOR_WARMUP,
    setup: () => rand(1000, 100, 6),
    run: (a) => tl.qr(a),
    python: { setup: `a = ${npRand(1000, 100, 6)}`, run: 'np.linalg.qr(a)' },
  },
  {
    name: 'solve 500x500',
    warmup: FACTOR_WARMUP,
    setup: () => ({ a: rand(500, 500, 7), b: rand(500, 1, 8) }),
    run: ({ a, b }) => tl.solve(a, b),
    python: { setup: `a = ${npRand(500, 500, 7)}\nb = ${npRand(500, 1, 8)}`, run: 'np.linalg.solve(a, b)' },
  },
  ...[2, 5, 10, 20].map((n) => ({
    name: `svd ${n}x${n} (per-call overhead)`,
    // Steady state on both sides: the median of 1000 calls after 10000. V8 compiles the kernels over the
    // first few thousand calls of a small size (svd 2x2 takes 4-8 us per call over the first 2000, 1.5 us
    // from about 4000 on; svd 5x5 steps down after 7000); 500 warm-up calls timed that transition.
    warmup: PER_CALL_WARMUP,
    reps: 1000,
    setup: () => rand(n, n, 9),
    run: (a) => tl.svd(a),
    python: { setup: `a = ${npRand(n, n, 9)}`, run: 'np.linalg.svd(a)' },
  })),
  ...[2, 5, 10, 20].map((n) => ({
    name: `solve ${n}x${n} (per-call overhead)`,
    warmup: PER_CALL_WARMUP,
    reps: 1000,
    setup: () => ({ a: spd(n, 10), b: rand(n, 1, 11) }),
    run: ({ a, b }) => tl.solve(a, b),
    python: {
      setup: `a0 = ${npRand(n, n, 10)}\na = a0.T @ a0 + ${n} * np.eye(${n})\nb = ${npRand(n, 1, 11)}`,
      run: 'np.linalg.solve(a, b)',
    },
  })),
  {
    name: 'truncated svd 4x10000',
    setup: () => rand(4, 10000, 12),
    run: (a) => tl.svd(a, false),
    python: { setup: `a = ${npRand(4, 10000, 12)}`, run: 'np.linalg.svd(a, full_matrices=False)' },
  },
  {
    name: 'truncated svd 10000x4',
    setup: () => rand(10000, 4, 13),
    run: (a) => tl.svd(a, false),
    python: { setup: `a = ${npRand(10000, 4, 13)}`, run: 'np.linalg.svd(a, full_matrices=False)' },
  },
];
