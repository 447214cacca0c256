import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { helperThreadReady } from '../../../test-utils/threads.js';
import { applyRotationLog, RotationLog, rotateRowPairs, rotateRows } from './rotations.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Sweep {
  lo: number;
  hi: number;
  c: Float64Array;
  s: Float64Array;
  descending: boolean;
}

/** `count` sweeps over pairs of `[0, rows - 1)`, with random angles (a few exact identities among them). */
function sweeps(rows: number, count: number, seed: number): Sweep[] {
  const rnd = lcg(seed);
  const out: Sweep[] = [];
  for (let k = 0; k < count; k++) {
    const lo = Math.floor(rnd() * (rows - 1));
    const hi = lo + 1 + Math.floor(rnd() * (rows - 1 - lo));
    const c = new Float64Array(rows);
    const s = new Float64Array(rows);
    for (let b = lo; b < hi; b++) {
      const t = rnd() < 0.05 ? 0 : rnd() * 2 * Math.PI;
      c[b] = Math.cos(t);
      s[b] = Math.sin(t);
    }
    out.push({ lo, hi, c, s, descending: rnd() < 0.5 });
  }
  return out;
}

function matrix(rows: number, ld: number, seed: number): Float64Array {
  const rnd = lcg(seed);
  return Float64Array.from({ length: rows * ld }, () => rnd() - 0.5);
}

/** The reference: every sweep applied at once, over whole rows. */
function direct(x: Float64Array, ld: number, list: Sweep[]): Float64Array {
  const y = x.slice();
  for (const w of list) rotateRowPairs(y, ld, 0, ld, w.lo, w.hi, w.c, 0, w.s, 0, w.descending);
  return y;
}

describe('plane rotations', () => {
  test('rotateRowPairs applies single rotations exactly as written', () => {
    // Rows (1, 2) and (3, 4); one rotation by 90°: row0 <- s·row1, row1 <- -s·row0.
    const x = new Float64Array([1, 2, 3, 4]);
    rotateRowPairs(x, 2, 0, 2, 0, 1, new Float64Array([0]), 0, new Float64Array([1]), 0, false);
    assert.deepEqual([...x], [3, 4, -1, -2]);
    // Only the columns asked for change.
    const y = new Float64Array([1, 2, 3, 4]);
    rotateRowPairs(y, 2, 1, 1, 0, 1, new Float64Array([0]), 0, new Float64Array([1]), 0, false);
    assert.deepEqual([...y], [1, 4, 3, -2]);
  });

  test('rotations keep row norms of an orthogonal matrix (sweeps of every length, both directions)', () => {
    const n = 11;
    const x = new Float64Array(n * n);
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    const y = direct(x, n, sweeps(n, 40, 5));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let c = 0; c < n; c++) dot += y[i * n + c]! * y[j * n + c]!;
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-14, `rows ${i}, ${j}: ${dot}`);
      }
    }
  });

  test('a log applied in column blocks equals the rotations applied at once, to the last bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer(),
        (rows, ld, count, seed) => {
          const x = matrix(rows, ld, seed);
          const list = sweeps(rows, count, seed ^ 0x5bd1e995);
          const want = direct(x, ld, list);
          const log = new RotationLog(x, rows, ld, 64); // a small limit: flushes on the way
          for (const w of list) log.add(w.lo, w.hi, w.c, w.s, w.descending);
          log.flush();
          assert.deepEqual(x, want);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('applyRotationLog blocks the columns of tall matrices (block narrower than the row)', () => {
    // 2048 rows: a cache block is 16 columns, so 40 columns take three blocks.
    const rows = 2048;
    const ld = 40;
    const x = matrix(rows, ld, 3);
    const list = sweeps(rows, 6, 4);
    const want = direct(x, ld, list);
    const log: number[] = [];
    for (const w of list)
      log.push(w.lo, w.hi, w.descending ? 1 : 0, ...w.c.subarray(w.lo, w.hi), ...w.s.subarray(w.lo, w.hi));
    const y = x.slice();
    applyRotationLog(y, rows, ld, 0, ld, Float64Array.from(log), 0, log.length);
    assert.deepEqual(y, want);
  });

  test('RotationLog.for keeps small matrices on immediate rotations; rotateRows records or applies', () => {
    assert.equal(RotationLog.for(null, 500, 500), null);
    assert.equal(RotationLog.for(new Float64Array(100), 10, 10), null);
    const x = matrix(200, 200, 9);
    const log = RotationLog.for(x, 200, 200);
    assert.ok(log !== null);
    const before = x.slice();
    const list = sweeps(200, 3, 10);
    for (const w of list) rotateRows(x, 200, log, w.lo, w.hi, w.c, w.s, w.descending);
    assert.deepEqual(x, before, 'recorded, not yet applied');
    assert.ok(log.flush() >= 1);
    assert.deepEqual(x, direct(before, 200, list));
    assert.equal(log.flush(), 0, 'an empty log applies nothing');
    const y = before.slice();
    for (const w of list) rotateRows(y, 200, null, w.lo, w.hi, w.c, w.s, w.descending);
    assert.deepEqual(y, x, 'without a log: applied at once');
  });

  test('a large log runs on two threads in Node and gives the same bits', async () => {
    if (!(await helperThreadReady())) return; // one core, or threads turned off
    const rows = 300;
    const ld = 257; // the helper's share is a multiple of four columns; the rest stays here
    const x = matrix(rows, ld, 11);
    const list = sweeps(rows, 200, 12);
    const want = direct(x, ld, list);
    const log = new RotationLog(x, rows, ld);
    for (const w of list) log.add(w.lo, w.hi, w.c, w.s, w.descending);
    assert.equal(log.flush(), 2);
    assert.deepEqual(x, want);
  });
});
