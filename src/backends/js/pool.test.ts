import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { copyF64, newF32, newF64, newI32, newU8 } from './pool.js';

describe('pool', () => {
  test('pooled arrays are zero-filled and never overlap, across many slabs', () => {
    // Mixed sizes and types, enough to roll over many slabs; each array is filled with its own tag.
    const arrays: { a: Float64Array | Float32Array | Int32Array | Uint8Array; tag: number }[] = [];
    const makers = [newF64, newF32, newI32, newU8];
    for (let i = 0; i < 2000; i++) {
      const a = makers[i % 4]!(1 + ((i * 37) % 300));
      assert.ok(
        a.every((v) => v === 0),
        `array ${i} starts zero-filled`,
      );
      const tag = (i % 250) + 1;
      a.fill(tag);
      arrays.push({ a, tag });
    }
    for (const { a, tag } of arrays) assert.ok(a.every((v) => v === tag));
  });

  test('large and tiny arrays have their own buffers; copyF64 copies', () => {
    assert.equal(newF64(1000).byteOffset, 0);
    assert.equal(newF64(4).buffer.byteLength, 32);
    const src = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const c = copyF64(src, 2, 9);
    assert.deepEqual([...c], [3, 4, 5, 6, 7, 8, 9]);
    src[3] = 0;
    assert.equal(c[1], 4);
  });
});
