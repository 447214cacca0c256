import { conformanceSuite } from '../../backend/conformance/index.js';
import { createTfjsBackend } from './index.js';

/** Conformance tests the tfjs backend cannot pass, each with its reason. */
const SKIP: Record<string, string> = {
  'astype converts (truncating to integers) and keeps the input':
    'compares the float input with float64 literals exactly (1.9); float32 storage holds 1.899999976',
};

const cpu = await createTfjsBackend({ engine: 'cpu' });
conformanceSuite(cpu, { tol: { rtol: 1e-4, atol: 1e-5 }, floatDtype: 'float32', skip: SKIP });

const wasm = await createTfjsBackend({ engine: 'wasm' });
conformanceSuite(wasm, { tol: { rtol: 1e-4, atol: 1e-5 }, floatDtype: 'float32', skip: SKIP });
