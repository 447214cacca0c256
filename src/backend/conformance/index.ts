import type { Backend } from '../backend.js';
import type { Tolerance } from '../../test-utils/assert.js';
import { creationSuite } from './creation.js';
import { elementwiseSuite } from './elementwise.js';
import { indexingSuite } from './indexing.js';
import { linalgSuite } from './linalg.js';
import { reduceSuite } from './reduce.js';

/** How a backend under test differs from the reference: tolerances, and ops it cannot pass with reasons. */
export interface ConformanceOptions {
  /** Tolerance for float results (float64 backends: ~1e-10; float32 backends: ~1e-4). */
  tol: Tolerance;
  /** The float dtype results come in when the backend cannot do float64. */
  floatDtype: 'float64' | 'float32';
  /** Known gaps: test name -> reason. Listed gaps are skipped with their reason. */
  skip?: Record<string, string>;
}

/**
 * The backend conformance suite: the executable definition of the contract, written once against
 * `Backend` and run by every backend's own test file.
 */
export function conformanceSuite(backend: Backend, options: ConformanceOptions): void {
  creationSuite(backend, options);
  elementwiseSuite(backend, options);
  reduceSuite(backend, options);
  indexingSuite(backend, options);
  linalgSuite(backend, options);
}
