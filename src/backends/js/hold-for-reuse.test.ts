import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nonNegativeParafac } from '../../decomposition/non-negative-parafac.js';
import { parafac, parafacAsync } from '../../decomposition/parafac.js';
import { tucker } from '../../decomposition/tucker.js';
import tl from '../../index.js';
import { RandomState } from '../../random/random-state.js';
import { JsBackend } from './js-backend.js';
import { helperThreadReady } from '../../test-utils/threads.js';
import { gemmHelperShare, heldOperands } from './linalg/gemm.js';
import type { NdArray } from './ndarray.js';

/** The js backend without holds: every split product copies its share. */
class NoHold extends JsBackend {
  override readonly name: string = 'js-no-hold';
  override holdForReuse(): () => void {
    return () => {};
  }
}

/** A 70³ tensor: large enough (343,000 entries) to be held for the GEMM helper. */
function bigTensor(): NdArray {
  return new JsBackend().tensor(new RandomState(3).standardNormal(70 ** 3), { shape: [70, 70, 70] });
}

describe('holdForReuse (js): decompositions hold their tensor for the length of a run', () => {
  test('held while parafac runs (mirrored for the helper), released after, also on error and abort', async () => {
    const twoThreads = await helperThreadReady();
    tl.setBackend('js');
    const x = bigTensor();
    const before = x.data.slice();
    const seen: { held: number; mirrored: number }[] = [];
    // Rank 8: the MTTKRPs (70³ × 8 multiply-adds) are split with the helper, whatever its current share
    // (with rank 5 a product stays on one thread when the share has drifted to 0.6: its copies would cost
    // more than an eighth of its work).
    gemmHelperShare(0.6); // the largest share: the largest copies
    parafac(x, 8, {
      nIterMax: 3,
      init: 'random',
      randomState: 1,
      onIteration: () => {
        seen.push(heldOperands());
      },
    });
    assert.ok(seen.length > 0);
    if (twoThreads) assert.deepEqual(seen.at(-1), { held: 1, mirrored: 1 });
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 }, 'released at the end');
    assert.deepEqual(x.data, before, 'the input is not modified');

    // A callback that throws ends the run: the hold ends with it.
    assert.throws(
      () =>
        parafac(x, 3, {
          nIterMax: 5,
          init: 'random',
          randomState: 1,
          onIteration: () => {
            throw new Error('stop here');
          },
        }),
      /stop here/,
    );
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 }, 'released after an error');

    // An aborted async run releases too.
    const controller = new AbortController();
    const run = parafacAsync(x, 3, {
      nIterMax: 50,
      init: 'random',
      randomState: 1,
      signal: controller.signal,
      onIteration: (info) => {
        if (info.iteration === 1) controller.abort();
      },
    });
    await assert.rejects(run, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 }, 'released after an abort');

    // Other decompositions that multiply their tensor every iteration.
    tucker(x, [3, 3, 3], { nIterMax: 2 });
    nonNegativeParafac(tl.abs(x), 3, { nIterMax: 2, init: 'random', randomState: 1 });
    assert.deepEqual(heldOperands(), { held: 0, mirrored: 0 });
  });

  test('the result with a held tensor matches the one without (to rounding)', () => {
    tl.setBackend('js');
    const x = bigTensor();
    const opts = { nIterMax: 4, init: 'random' as const, randomState: 2, tol: 0 };
    const held = parafac(x, 4, opts);
    const plain = tl.backendContext(new NoHold(), () => parafac(x, 4, opts));
    for (let i = 0; i < 3; i++) {
      const a = (held.factors[i] as NdArray).data as Float64Array;
      const b = (plain.factors[i] as NdArray).data as Float64Array;
      for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j]! - b[j]!) < 1e-9 * (1 + Math.abs(b[j]!)));
    }
  });
});
