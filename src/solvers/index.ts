/**
 * Solvers for the least-squares subproblems of the decompositions, TensorLy's `tensorly.solvers`:
 * non-negative least squares (HALS, FISTA, active set), ADMM under proximal constraints, and the processing of
 * regularization weights.
 *
 * @module
 */
export { type ActiveSetNnlsOptions, activeSetNnls } from './active-set-nnls.js';
export { type AdmmOptions, admm } from './admm.js';
export { type FistaOptions, fista } from './fista.js';
export { type HalsNnlsOptions, halsNnls } from './hals-nnls.js';
export { processRegularizationWeights, type RegularizationWeights } from './penalizations.js';
