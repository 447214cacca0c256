import tl from '../index.js';
import type { Tolerance } from './assert.js';

// The behaviour suite runs on every installed backend (scripts/run-tests.mjs sets TENSORLY_BACKEND and
// scripts/test-setup.mjs waits for it before any test module loads). These helpers let a test state its
// float64 expectation once and loosen it where the backend under test computes in float32.

/** The backend the behaviour suite runs on (`js` unless TENSORLY_BACKEND names another). */
export const backendUnderTest: string = tl.getBackend();

/** Whether the backend under test has no float64 (its `float64` dtype is float32: tfjs). */
export const float32Only: boolean = (() => {
  const f = tl.float64;
  return (typeof f === 'string' ? f : f.name) === 'float32';
})();

/**
 * `tol64` on float64 backends; on float32-only ones, at least `loose` (default: rtol 1e-3, atol 1e-4, what
 * float32 arithmetic keeps through a few products and reductions).
 */
export function tolFor(tol64: Tolerance, loose: Tolerance = { rtol: 1e-3, atol: 1e-4 }): Tolerance {
  if (!float32Only) return tol64;
  return { rtol: Math.max(tol64.rtol, loose.rtol), atol: Math.max(tol64.atol, loose.atol) };
}

/** A number bound (an error bar): `bound64` on float64 backends, `bound32` on float32-only ones. */
export function boundFor(bound64: number, bound32: number): number {
  return float32Only ? Math.max(bound64, bound32) : bound64;
}

/**
 * Options for node:test's `test(name, options, fn)`: skips the test on `backend` with `reason` (every skip
 * is listed with its reason in docs/backends/<backend>.md).
 */
export function skipOn(backend: string, reason: string): { skip?: string } {
  return backendUnderTest === backend ? { skip: `${backend}: ${reason}` } : {};
}
