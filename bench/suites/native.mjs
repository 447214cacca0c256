// The workloads of the `native` backend's issue (OpenBLAS + LAPACK through the addon), with NumPy and
// TensorLy side by side. The same definitions as the linalg and decomposition suites, run inside
// `backendContext('native')`, plus some tensor-algebra workloads for comparison with js. Skipped (with a
// note) when the addon is not built.
import tl from '../../dist/index.js';
import { RandomState } from '../../dist/random/random-state.js';
import * as decomposition from './decomposition.mjs';
import * as linalg from './linalg.mjs';
import * as tenalg from './tenalg.mjs';

export const name = 'native';

let loaded = false;
try {
  await tl.loadBackend('native');
  loaded = true;
} catch (err) {
  console.warn(`bench native: skipped (${err.message})`);
}

const rand = (m, n, seed) => tl.tensor(new RandomState(seed).standardNormal(m * n), { shape: [m, n] });
const onNative = (w) => ({
  ...w,
  name: `native: ${w.name}`,
  setup: w.setup && (() => tl.backendContext('native', w.setup)),
  run: (ctx) => tl.backendContext('native', () => w.run(ctx)),
});
const pick = (suite, prefixes) => suite.workloads.filter((w) => prefixes.some((p) => w.name.startsWith(p)));

export const workloads = loaded
  ? [
      ...[1024, 2000].map((n) => ({
        name: `dgemm ${n}x${n}`,
        flops: 2 * n ** 3,
        reps: 5,
        setup: () => ({ a: rand(n, n, 1), b: rand(n, n, 2) }),
        run: ({ a, b }) => tl.matmul(a, b),
        python: {
          setup: `a = np.random.RandomState(1).standard_normal((${n}, ${n}))\nb = np.random.RandomState(2).standard_normal((${n}, ${n}))`,
          run: 'a @ b',
        },
      })),
      ...pick(linalg, ['svd 500x500', 'svd 2000x100', 'eigh 500x500', 'qr 1000x100', 'solve 500x500']),
      ...pick(decomposition, ['parafac rank 10, 100^3', 'tucker (10,10,10)', 'TensorLy #470']),
      // Not targets of the native issue: the tensor-algebra workloads, for comparison with the js figures.
      ...pick(tenalg, ['modeDot', 'MTTKRP', 'cpToTensor']),
    ].map(onNative)
  : [];
