// Tensor-algebra workloads of the issue, js backend float64, TensorLy + NumPy side by side.
import tl from '../../dist/index.js';

export const name = 'tenalg';

const rand = (shape, seed) => tl.random.randomTensor(shape, { randomState: seed });
const py = (setup, run) => ({ setup: `import tensorly as tl\nfrom tensorly import tenalg\n${setup}`, run });
const npRand = (shape, seed) =>
  `np.random.RandomState(${seed}).random_sample(${JSON.stringify(shape).replace('[', '(').replace(']', ')')})`;

export const workloads = [
  ...[0, 1, 2].map((mode) => ({
    name: `unfold 200^3 mode ${mode}`,
    needsTensorly: true,
    setup: () => rand([200, 200, 200], 1),
    run: (x) => tl.unfold(x, mode),
    python: py(`x = ${npRand([200, 200, 200], 1)}`, `tl.unfold(x, ${mode})`),
  })),
  ...[0, 1, 2].map((mode) => ({
    name: `modeDot 200^3 x (50,200) mode ${mode}`,
    needsTensorly: true,
    setup: () => ({ x: rand([200, 200, 200], 1), m: rand([50, 200], 2) }),
    run: ({ x, m }) => tl.tenalg.modeDot(x, m, mode),
    python: py(
      `x = ${npRand([200, 200, 200], 1)}\nm = ${npRand([50, 200], 2)}`,
      `tenalg.mode_dot(x, m, ${mode})`,
    ),
  })),
  ...[0, 1, 2].map((mode) => ({
    name: `MTTKRP 100^3 rank 10 mode ${mode}`,
    needsTensorly: true,
    setup: () => ({
      x: rand([100, 100, 100], 1),
      cp: tl.random.randomCp([100, 100, 100], 10, { randomState: 2 }),
    }),
    run: ({ x, cp }) => tl.tenalg.unfoldingDotKhatriRao(x, cp, mode),
    python: py(
      `x = ${npRand([100, 100, 100], 1)}\ncp = tl.random.random_cp((100, 100, 100), 10, random_state=2)`,
      `tenalg.unfolding_dot_khatri_rao(x, cp, ${mode})`,
    ),
  })),
  {
    name: 'cpToTensor 100^3 rank 10',
    needsTensorly: true,
    setup: () => tl.random.randomCp([100, 100, 100], 10, { randomState: 2 }),
    run: (cp) => tl.cpToTensor(cp),
    python: py('cp = tl.random.random_cp((100, 100, 100), 10, random_state=2)', 'tl.cp_to_tensor(cp)'),
  },
  // Last: its 1.3 GB result slows whatever runs after it.
  {
    name: 'khatriRao 3 x (200,20)',
    needsTensorly: true,
    reps: 3,
    setup: () => [rand([200, 20], 1), rand([200, 20], 2), rand([200, 20], 3)],
    run: (ms) => tl.tenalg.khatriRao(ms),
    python: py(
      `ms = [${npRand([200, 20], 1)}, ${npRand([200, 20], 2)}, ${npRand([200, 20], 3)}]`,
      'tenalg.khatri_rao(ms)',
    ),
  },
];
