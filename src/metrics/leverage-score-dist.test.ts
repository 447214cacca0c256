import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dtypeName } from '../backend/backend.js';
import { currentBackend } from '../backend/state.js';
import {
  astype,
  context,
  item,
  matmul,
  multiply,
  qr,
  randn,
  sum,
  tensor,
  toTypedArray,
  zeros,
} from '../ops.js';
import { assertClose, assertValuesClose } from '../test-utils/assert.js';
import { leverageScoreDist } from './leverage-score-dist.js';
import { boundFor, skipOn, tolFor } from '../test-utils/tolerance.js';

describe('leverageScoreDist', () => {
  for (const rows of [100, 200]) {
    for (const cols of [20, 80]) {
      for (const rank of [10, 20]) {
        test(`a ${rows} x ${cols} matrix of rank ${rank}: the scores of its column space (TensorLy test)`, () => {
          const [u] = qr(randn([rows, rank], rows + cols + rank));
          const a = matmul(u, randn([rank, cols], 1));
          const dist = leverageScoreDist(a);
          for (const p of toTypedArray(dist)) assert.ok(Number(p) >= 0);
          assert.ok(Math.abs(item(sum(dist)) - 1) < boundFor(1e-10, 1e-4));
          const want = toTypedArray(multiply(sum(multiply(u, u), 1), 1 / rank));
          assertValuesClose(
            Array.from(toTypedArray(dist), Number),
            Array.from(want, Number),
            tolFor({
              rtol: 1e-8,
              atol: 1e-10,
            }),
          );
        });
      }
    }
  }

  test(
    'the documented example, and float64 output for float32 input',
    skipOn('tfjs', 'checks a float64 result dtype; tfjs has no float64'),
    () => {
      assertClose(
        currentBackend(),
        leverageScoreDist(
          tensor([
            [1, 0],
            [0, 1],
            [0, 0],
          ]),
        ),
        [0.5, 0.5, 0],
        tolFor({
          rtol: 1e-12,
          atol: 1e-15,
        }),
      );
      const d = leverageScoreDist(
        astype(
          tensor([
            [1, 0],
            [0, 1],
            [0, 0],
          ]),
          'float32',
        ),
      );
      assert.equal(dtypeName(context(d).dtype), 'float64');
      assert.ok(Math.abs(item(sum(d)) - 1) < boundFor(1e-12, 1e-4));
    },
  );

  test('bad input', () => {
    assert.throws(() => leverageScoreDist(zeros([3, 2])), /non-zero rank/);
    assert.throws(() => leverageScoreDist(tensor([1, 2])), /a matrix/);
  });
});
