/**
 * Small typed arrays carved from shared slabs, as Node's `Buffer` pool does.
 *
 * Why: V8 stores a typed array of more than 64 bytes in a separately allocated backing store, and creating
 * one costs about a microsecond (allocation plus external-memory accounting), measured on Node 20; a view on
 * an existing `ArrayBuffer` costs about 30 ns. Decompositions of small tensors create dozens of small arrays
 * per iteration, so that microsecond was a large share of their time.
 *
 * Arrays of 65 to {@link POOL_MAX_BYTES} bytes are views into the current slab; larger ones (and those that fit
 * V8's in-object storage) are allocated as usual. Slabs are never reused: a slab is freed by the garbage
 * collector once no view into it is alive, and every view starts zero-filled. The cost is retention: one live
 * small array keeps its whole slab ({@link SLAB_BYTES}) alive, and `array.buffer` is the slab, so it must not be
 * transferred (`postMessage` transfer lists) or read beyond the view; the package does neither.
 *
 * @module
 */

/** Largest array, in bytes, taken from a slab. */
const POOL_MAX_BYTES = 2048;
/** Size of one slab: at least eight pooled arrays each. */
const SLAB_BYTES = 16384;
/** Below this, V8 keeps the elements inside the object and allocation is already cheap. */
const ON_HEAP_BYTES = 64;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A byte offset for `bytes` more bytes in the current slab (8-byte aligned), starting a new slab when full. */
function carve(bytes: number): number {
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used = (used + bytes + 7) & ~7;
  return at;
}

/**
 * Where an array of `bytes` bytes starts in `slab` (carved now), or -1 when it is not pooled: too small (V8
 * keeps it inside the object) or too large. Read `slab` after calling: carving may start a new one.
 */
function slabOffset(bytes: number): number {
  return bytes <= ON_HEAP_BYTES || bytes > POOL_MAX_BYTES ? -1 : carve(bytes);
}

/** A zero-filled `Float64Array` of `length` elements (pooled when small). */
export function newF64(length: number): Float64Array {
  const at = slabOffset(length * 8);
  return at < 0 ? new Float64Array(length) : new Float64Array(slab, at, length);
}

/** A zero-filled `Float32Array` of `length` elements (pooled when small). */
export function newF32(length: number): Float32Array {
  const at = slabOffset(length * 4);
  return at < 0 ? new Float32Array(length) : new Float32Array(slab, at, length);
}

/** A zero-filled `Int32Array` of `length` elements (pooled when small). */
export function newI32(length: number): Int32Array {
  const at = slabOffset(length * 4);
  return at < 0 ? new Int32Array(length) : new Int32Array(slab, at, length);
}

/** A zero-filled `Uint8Array` of `length` elements (pooled when small). */
export function newU8(length: number): Uint8Array {
  const at = slabOffset(length);
  return at < 0 ? new Uint8Array(length) : new Uint8Array(slab, at, length);
}

/** A pooled copy of `src` (`src.slice()` allocates a separate backing store). */
export function copyF64(src: Float64Array, start = 0, end = src.length): Float64Array {
  const out = newF64(end - start);
  out.set(src.subarray(start, end));
  return out;
}
