/**
 * tensorly-ts: tensor learning in TypeScript, TensorLy's API over interchangeable array backends.
 *
 * The default export `tl` is the namespace, with live dtype and constant getters (`tl.float32`,
 * `tl.pi`, ...) that resolve against the backend in effect when read. Every function is also a
 * named export.
 *
 * @example
 * ```ts
 * import tl from 'tensorly-ts';
 * const x = tl.tensor([[1, 2], [3, 4]]);
 * tl.backendContext('js', () => tl.sum(x));
 * ```
 *
 * @module
 */
import * as api from './api.js';
import { currentBackend } from './backend/state.js';
import type { DType } from './types.js';

export * from './api.js';

/** The module-level attributes of `tl` that follow the backend in effect (TensorLy's dispatched attributes). */
export interface LiveAttributes {
  /** The backend's 32-bit float dtype. */
  readonly float32: DType;
  /** The backend's 64-bit float dtype. */
  readonly float64: DType;
  /** The backend's 32-bit integer dtype. */
  readonly int32: DType;
  /** The backend's 64-bit integer dtype. */
  readonly int64: DType;
  /** The backend's 64-bit complex dtype. */
  readonly complex64: DType;
  /** The backend's 128-bit complex dtype. */
  readonly complex128: DType;
  /** Euler's number, from the backend in effect. */
  readonly e: number;
  /** π, from the backend in effect. */
  readonly pi: number;
  /** Positive infinity, from the backend in effect. */
  readonly inf: number;
  /** NaN, from the backend in effect. */
  readonly nan: number;
  /** The name of the backend in effect. */
  readonly backendName: string;
}

/** The type of the default export: every public function plus the live attributes. */
export type TensorlyNamespace = typeof api & LiveAttributes;

const live: PropertyDescriptorMap = {};
for (const key of [
  'float32',
  'float64',
  'int32',
  'int64',
  'complex64',
  'complex128',
  'e',
  'pi',
  'inf',
  'nan',
] as const) {
  live[key] = { get: () => currentBackend()[key], enumerable: true };
}
live['backendName'] = { get: () => currentBackend().name, enumerable: true };

/** The tensorly-ts namespace (`import tl from 'tensorly-ts'`). */
const tl: TensorlyNamespace = Object.freeze(Object.defineProperties({ ...api }, live)) as TensorlyNamespace;

export default tl;
