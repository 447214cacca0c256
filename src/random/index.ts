/**
 * `tl.random`: seeded generator objects reproducing NumPy's legacy `RandomState` streams, and random tensors
 * and factorized tensors drawn from them in TensorLy's order (same seed, same values).
 *
 * @module
 */
export {
  type RandomCpOptions,
  type RandomFullOption,
  type RandomOptions,
  type RandomParafac2Options,
  type RandomTuckerOptions,
  randomCp,
  randomParafac2,
  randomTensor,
  randomTr,
  randomTt,
  randomTtMatrix,
  randomTucker,
  rng,
} from './generators.js';
export { RandomState, type RandomStateSnapshot, type Size } from './random-state.js';
