import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dtypeName } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import { ArgumentError } from '../errors.js';
import { cpToTensor } from '../factorized/cp-tensor.js';
import { tuckerToTensor } from '../factorized/tucker-tensor.js';
import { context, eye, matmul, shape, toTypedArray, transpose, unfold } from '../ops.js';
import { assertClose, assertValuesClose, type Tolerance } from '../test-utils/assert.js';
import type { NestedArray, Tensor } from '../types.js';
import {
  randomCp,
  randomParafac2,
  randomTensor,
  randomTr,
  randomTt,
  randomTtMatrix,
  randomTucker,
  rng,
} from './generators.js';
import { RandomState } from './random-state.js';
import { boundFor, tolFor } from '../test-utils/tolerance.js';

// Values drawn from the same seed must match TensorLy + NumPy to the last bits of the arithmetic after them.
const tol: Tolerance = tolFor({ rtol: 1e-12, atol: 1e-14 });
// Values that went through a QR decomposition: LAPACK's and ours round differently.
const qrTol: Tolerance = tolFor({ rtol: 1e-9, atol: 1e-12 });

function close(x: Tensor, expected: NestedArray, t: Tolerance = tol, msg = ''): void {
  assertClose(currentBackend(), x, expected, t, msg);
}
function closeTensors(x: Tensor, y: Tensor, t: Tolerance = tol): void {
  assert.deepEqual(shape(x), shape(y));
  assertValuesClose(Array.from(toTypedArray(x), Number), Array.from(toTypedArray(y), Number), t);
}
/** Numerical rank of a matrix from the singular values (NumPy's `matrix_rank` rule with a given tolerance). */
function matrixRank(m: Tensor, tolerance: number): number {
  const s = toTypedArray(currentBackend().svd(m, false)[1]);
  return Array.from(s, Number).filter((x) => x > tolerance).length;
}

describe('rng', () => {
  test('streams like NumPy RandomState, passes generators through', () => {
    const r = rng(0);
    assert.ok(r instanceof RandomState);
    assertValuesClose(r.randomSample(3), [0.5488135039273248, 0.7151893663724195, 0.6027633760716439], tol);
    assert.equal(rng(r), r);
    assert.ok(rng() instanceof RandomState);
    assert.throws(() => rng('bs' as never), ArgumentError);
  });
});

describe('randomTensor', () => {
  test('TensorLy values for seed 0, dtype option', () => {
    const want = [
      [0.5488135039273248, 0.7151893663724195, 0.6027633760716439],
      [0.5448831829968969, 0.4236547993389047, 0.6458941130666561],
    ];
    close(randomTensor([2, 3], { randomState: 0 }), want);
    const x32 = randomTensor([2, 3], { randomState: 0, dtype: 'float32' });
    assert.equal(dtypeName(context(x32).dtype), 'float32');
    close(x32, want, tolFor({ rtol: 1e-7, atol: 0 }));
  });
});

describe('randomCp', () => {
  test('TensorLy values: random_cp((3, 4, 5), 2, random_state=0)', () => {
    const cp = randomCp([3, 4, 5], 2, { randomState: 0 });
    close(cp.weights, [1.7641218323646275, 2.6254629852095297]);
    close(cp.factors[0]!, [
      [0.5973827897182287, 0.6460282450463173],
      [0.6561071558205301, 0.49219121958174505],
      [0.46114770153342527, 0.5834340665139549],
    ]);
    close(cp.factors[1]!, [
      [0.3041712014093682, 0.6185198801946219],
      [0.6698515223268291, 0.26594907232868736],
      [0.5503359097825936, 0.3668332884200551],
      [0.3948533964313542, 0.6419794289838808],
    ]);
    close(cp.factors[2]!, [
      [0.05321926714191278, 0.05296982309083707],
      [0.015147353637790495, 0.5061870814028185],
      [0.5829846567741405, 0.5289195452892894],
      [0.7331678066958186, 0.4858444623460994],
      [0.3457341818123134, 0.47451881889048664],
    ]);
  });

  test('TensorLy values: unnormalised and full', () => {
    const cp = randomCp([3, 4, 5], 2, { randomState: 0, normaliseFactors: false });
    close(cp.weights, [1, 1]);
    close(cp.factors[0]!, [
      [0.5488135039273248, 0.7151893663724195],
      [0.6027633760716439, 0.5448831829968969],
      [0.4236547993389047, 0.6458941130666561],
    ]);
    close(randomCp([2, 3, 2], 2, { randomState: 1, full: true }), [
      [
        [0.07123140653616503, 0.07091945173558598],
        [0.20312276731267107, 0.2344581011459437],
        [0.33530961953608746, 0.37464630418982114],
      ],
      [
        [0.01913628500261825, 0.024517805425732713],
        [0.07159673301438936, 0.09174502807174265],
        [0.11164254697187066, 0.14305623243614854],
      ],
    ]);
  });

  test('the same seed gives the same tensor; a RandomState advances', () => {
    closeTensors(
      randomCp([3, 4], 2, { randomState: 7, full: true }),
      randomCp([3, 4], 2, { randomState: 7, full: true }),
    );
    const r = rng(7);
    const a = randomCp([3, 4], 2, { randomState: r, full: true });
    const b = randomCp([3, 4], 2, { randomState: r, full: true });
    assert.notDeepEqual(Array.from(toTypedArray(a), Number), Array.from(toTypedArray(b), Number));
  });

  test('full tensor has the requested rank in every unfolding (TensorLy: (10, 11, 12), rank 4)', () => {
    const x = randomCp([10, 11, 12], 4, { full: true, randomState: 0 });
    assert.deepEqual(shape(x), [10, 11, 12]);
    for (let i = 0; i < 3; i++) assert.equal(matrixRank(unfold(x, i), boundFor(1e-6, 1e-4)), 4);
    const [, factors] = randomCp([10, 11, 12], 4, { randomState: 0 });
    factors.forEach((f, i) => {
      assert.deepEqual(shape(f), [[10, 11, 12][i], 4]);
    });
  });

  test('orthogonal factors have orthonormal columns; too large a rank is rejected', () => {
    const cp = randomCp([10, 11, 12], 4, { orthogonal: true, randomState: 0 });
    for (const f of cp.factors) closeTensors(matmul(transpose(f), f), eye(4), qrTol);
    assert.throws(() => randomCp([10, 11, 12], 11, { orthogonal: true }), /min\(shape\)/);
  });

  test('property: the full tensor equals the tensor of the factorization drawn with the same seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (dims, rank, seed) => {
          closeTensors(
            randomCp(dims, rank, { full: true, randomState: seed }),
            cpToTensor(randomCp(dims, rank, { randomState: seed })),
            tolFor({ rtol: 1e-10, atol: 1e-12 }),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('randomTucker', () => {
  test('TensorLy values: random_tucker((3, 4, 2), (2, 2, 1), random_state=0)', () => {
    const t = randomTucker([3, 4, 2], [2, 2, 1], { randomState: 0 });
    close(t.core, [
      [[0.02021839744032572], [0.832619845547938]],
      [[0.7781567509498505], [0.8700121482468192]],
    ]);
    close(t.factors[0]!, [
      [0.5488135039273248, 0.7151893663724195],
      [0.6027633760716439, 0.5448831829968969],
      [0.4236547993389047, 0.6458941130666561],
    ]);
    close(t.factors[1]!, [
      [0.4375872112626925, 0.8917730007820798],
      [0.9636627605010293, 0.3834415188257777],
      [0.7917250380826646, 0.5288949197529045],
      [0.5680445610939323, 0.925596638292661],
    ]);
    close(t.factors[2]!, [[0.07103605819788694], [0.08712929970154071]]);
  });

  test('TensorLy values: orthogonal (the QR must follow LAPACK’s sign convention)', () => {
    const t = randomTucker([3, 4, 2], [2, 3, 2], { randomState: 0, orthogonal: true });
    close(
      t.core,
      [
        [
          [0.4146619399905236, 0.26455561210462697],
          [0.7742336894342167, 0.45615033221654855],
          [0.5684339488686485, 0.018789800436355142],
        ],
        [
          [0.6176354970758771, 0.6120957227224214],
          [0.6169339968747569, 0.9437480785146242],
          [0.6818202991034834, 0.359507900573786],
        ],
      ],
      tol,
      'core',
    );
    close(
      t.factors[0]!,
      [
        [-0.6176289983991046, 0.02482173622816347],
        [-0.6132058561799788, -0.6410469839243792],
        [-0.4924560876698535, 0.7671001537035931],
      ],
      qrTol,
      'factor 0',
    );
    close(
      t.factors[1]!,
      [
        [-0.250895976512465, 0.7120119651100772, 0.5166090368235676],
        [-0.605642480063846, -0.6035414099550711, 0.5179762986131847],
        [-0.5448052935220214, 0.358493329587158, -0.1835018735195151],
        [-0.5229106878448312, -0.01610157293696235, -0.6566145898181359],
      ],
      qrTol,
      'factor 1',
    );
    close(
      t.factors[2]!,
      [
        [-0.5608385410969841, -0.8279251963916828],
        [-0.8279251963916828, 0.5608385410969841],
      ],
      qrTol,
      'factor 2',
    );
  });

  test('ranks of the unfoldings and shapes (TensorLy: (10, 11, 12))', () => {
    const x = randomTucker([10, 11, 12], 4, { full: true, randomState: 0 });
    for (let i = 0; i < 3; i++) assert.equal(matrixRank(unfold(x, i), boundFor(1e-8, 1e-4)), 4);
    const y = randomTucker([10, 11, 12], [6, 4, 5], { full: true, randomState: 1 });
    [6, 4, 5].forEach((r, i) => {
      assert.equal(matrixRank(unfold(y, i), boundFor(1e-8, 1e-4)), r);
    });
    const t = randomTucker([10, 11, 12], [6, 4, 5], { orthogonal: true, randomState: 2 });
    assert.deepEqual(shape(t.core), [6, 4, 5]);
    t.factors.forEach((f, i) => {
      assert.deepEqual(shape(f), [[10, 11, 12][i], [6, 4, 5][i]]);
      closeTensors(matmul(transpose(f), f), eye(shape(f)[1]!), qrTol);
    });
    closeTensors(tuckerToTensor([tuckerToTensor(t), t.factors], { transposeFactors: true }), t.core, qrTol);
  });

  test('nonNegative, and errors', () => {
    const t = randomTucker([4, 5], [3, 3], { orthogonal: true, nonNegative: true, randomState: 0 });
    for (const f of t.factors) for (const v of toTypedArray(f)) assert.ok(Number(v) >= 0);
    assert.throws(() => randomTucker([4, 5], [5, 3], { orthogonal: true }), /rank\[0\] <= shape\[0\]/);
    assert.throws(() => randomTucker([4, 5], [2, 2, 2]), ArgumentError);
  });
});

describe('randomTt', () => {
  test('TensorLy values: random_tt((2, 3, 2), (1, 2, 2, 1), random_state=0)', () => {
    const tt = randomTt([2, 3, 2], [1, 2, 2, 1], { randomState: 0 });
    close(tt.factors[0]!, [
      [
        [0.5488135039273248, 0.7151893663724195],
        [0.6027633760716439, 0.5448831829968969],
      ],
    ]);
    close(tt.factors[2]!, [
      [[0.02021839744032572], [0.832619845547938]],
      [[0.7781567509498505], [0.8700121482468192]],
    ]);
    closeTensors(randomTt([2, 3, 2], [1, 2, 2, 1], { randomState: 0, full: true }), tt.toTensor());
  });

  test('shapes and errors (TensorLy: (10, 11, 12))', () => {
    const tt = randomTt([10, 11, 12], [1, 4, 3, 1]);
    assert.deepEqual(
      tt.factors.map((f) => shape(f)),
      [
        [1, 10, 4],
        [4, 11, 3],
        [3, 12, 1],
      ],
    );
    assert.throws(() => randomTt([10, 11, 12], [1, 3, 1]), ArgumentError);
    assert.throws(() => randomTt([10, 11, 12], [1, 3, 3, 3]), ArgumentError);
  });
});

describe('randomTr', () => {
  test('TensorLy values: random_tr((2, 3, 2), (2, 1, 2, 2), random_state=0)', () => {
    const tr = randomTr([2, 3, 2], [2, 1, 2, 2], { randomState: 0 });
    close(tr.factors[0]!, [
      [[0.5488135039273248], [0.7151893663724195]],
      [[0.6027633760716439], [0.5448831829968969]],
    ]);
    close(tr.factors[1]!, [
      [
        [0.4236547993389047, 0.6458941130666561],
        [0.4375872112626925, 0.8917730007820798],
        [0.9636627605010293, 0.3834415188257777],
      ],
    ]);
    closeTensors(randomTr([2, 3, 2], [2, 1, 2, 2], { randomState: 0, full: true }), tr.toTensor());
  });

  test('shapes and errors (TensorLy: (10, 11, 12))', () => {
    const tr = randomTr([10, 11, 12], [2, 4, 3, 2]);
    assert.deepEqual(
      tr.factors.map((f) => shape(f)),
      [
        [2, 10, 4],
        [4, 11, 3],
        [3, 12, 2],
      ],
    );
    assert.throws(() => randomTr([10, 11, 12], [2, 4, 2]), ArgumentError);
    assert.throws(() => randomTr([10, 11, 12], [2, 3, 3, 3]), ArgumentError);
  });
});

describe('randomTtMatrix', () => {
  test('TensorLy values: an integer seed restarts the stream for each core', () => {
    const ttm = randomTtMatrix([2, 2, 3, 1], 2, { randomState: 0 });
    close(ttm.factors[0]!, [
      [
        [
          [0.5488135039273248, 0.7151893663724195],
          [0.6027633760716439, 0.5448831829968969],
          [0.4236547993389047, 0.6458941130666561],
        ],
        [
          [0.4375872112626925, 0.8917730007820798],
          [0.9636627605010293, 0.3834415188257777],
          [0.7917250380826646, 0.5288949197529045],
        ],
      ],
    ]);
    close(ttm.factors[1]!, [
      [[[0.5488135039273248]], [[0.7151893663724195]]],
      [[[0.6027633760716439]], [[0.5448831829968969]]],
    ]);
  });

  test('TensorLy values: a RandomState continues the stream', () => {
    const ttm = randomTtMatrix([2, 2, 3, 1], 2, { randomState: rng(0) });
    close(ttm.factors[1]!, [
      [[[0.5680445610939323]], [[0.925596638292661]]],
      [[[0.07103605819788694]], [[0.08712929970154071]]],
    ]);
    close(ttm.toTensor(), [
      [
        [[0.3625547594129614], [0.38110281090253123], [0.28653657635128166]],
        [[0.5702938829307655], [0.6053910447315146], [0.44840975981748754]],
      ],
      [
        [[0.3119170741448941], [0.5746415638781684], [0.48730571206487816]],
        [[0.48272880875549273], [0.9253720025793636], [0.7789002776752165]],
      ],
    ]);
    assert.deepEqual(shape(randomTtMatrix([2, 2, 3, 1], 2, { randomState: 0, full: true })), [2, 2, 3, 1]);
  });
});

describe('randomParafac2', () => {
  test('TensorLy values: random_parafac2([(3, 4), (2, 4)], 2, random_state=0)', () => {
    const p = randomParafac2(
      [
        [3, 4],
        [2, 4],
      ],
      2,
      { randomState: 0 },
    );
    close(p.weights, [1, 1]);
    close(p.factors[0]!, [
      [0.7917250380826646, 0.5288949197529045],
      [0.5680445610939323, 0.925596638292661],
    ]);
    close(p.factors[2]!, [
      [0.7781567509498505, 0.8700121482468192],
      [0.978618342232764, 0.7991585642167236],
      [0.46147936225293185, 0.7805291762864555],
      [0.11827442586893322, 0.6399210213275238],
    ]);
    close(
      p.projections[0]!,
      [
        [-0.5973827897182287, 0.29583916154161555],
        [-0.6561071558205303, -0.7147661604514755],
        [-0.4611477015334254, 0.6337101280331641],
      ],
      qrTol,
    );
    close(
      randomParafac2(
        [
          [3, 4],
          [2, 4],
        ],
        2,
        { randomState: 0, full: true },
      ),
      [
        [
          [0.06693429052333573, 0.053868438856275576, 0.06687984163695192, 0.06233793957118131],
          [-0.3377675406481074, -0.3230140386152115, -0.2915876117297222, -0.22648734704976692],
          [0.21201420033391508, 0.19058150815436314, 0.1939448971497705, 0.16311365085522164],
        ],
        [
          [-0.6606286317366981, -0.6139879242965162, -0.586258588994814, -0.4735886290884454],
          [0.18843921980797226, 0.1646520267501385, 0.1766285533059998, 0.15313023678864116],
          [0, 0, 0, 0],
        ],
      ],
      qrTol,
    );
  });

  test('normalised factors and errors', () => {
    const p = randomParafac2(
      [
        [4, 5],
        [3, 5],
      ],
      2,
      { randomState: 1, normaliseFactors: true },
    );
    for (const f of p.factors)
      close(currentBackend().norm(f, 2, 0), [1, 1], tolFor({ rtol: 1e-10, atol: 1e-12 }));
    assert.throws(
      () =>
        randomParafac2(
          [
            [4, 5],
            [3, 6],
          ],
          2,
        ),
      /equal number of columns/,
    );
    assert.throws(() => randomParafac2([[1, 5]], 2), /rank/);
  });
});
