import { conformanceSuite } from '../../backend/conformance/index.js';
import { JsBackend } from './js-backend.js';

// The whole backend conformance suite on the default backend, at float64 tolerances.
conformanceSuite(new JsBackend(), { tol: { rtol: 1e-10, atol: 1e-12 }, floatDtype: 'float64' });
