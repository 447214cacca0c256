/**
 * The explicit public surface, re-exported by the package index. One place lists every public name.
 *
 * @module
 */
export { Backend, type LstsqResult, type Seed, type TensorOrScalar } from './backend/backend.js';
export {
  type BackendLoader,
  availableBackends,
  loadBackend,
  loadedBackends,
  registerBackend,
} from './backend/registry.js';
export {
  backendContext,
  backendContextAsync,
  currentBackend,
  getBackend,
  ready,
  type SetBackendOptions,
  setBackend,
} from './backend/state.js';
export { JsBackend } from './backends/js/js-backend.js';
export { NdArray } from './backends/js/ndarray.js';
export { s, toBackend } from './convert.js';
export {
  matricize,
  type MatricizeOptions,
  type PartialFoldOptions,
  type PartialUnfoldOptions,
  partialFold,
  partialTensorToVec,
  partialUnfold,
  partialVecToTensor,
  tensorToVec,
  vecToTensor,
} from './base.js';
export * as decomposition from './decomposition/index.js';
export { ArgumentError, BackendError, LinAlgError, NotSupportedError, TensorlyError } from './errors.js';
export * from './factorized/index.js';
export * as metrics from './metrics/index.js';
export * from './ops.js';
export * as random from './random/index.js';
export { RandomState } from './random/random-state.js';
export * as solvers from './solvers/index.js';
export * as tenalg from './tenalg/index.js';
export { SVD_FUNS, type SvdMethod, svdInterface } from './tenalg/svd-interface.js';
export { truncatedSvd } from './tenalg/truncated-svd.js';
export type {
  Axes,
  DType,
  DTypeName,
  FloatInfo,
  IndexSpec,
  NestedArray,
  NormOrder,
  QrMode,
  Slice,
  Tensor,
  TensorContext,
  TensorDataOptions,
  TensorInput,
  TensorOptions,
  TypedArray,
} from './types.js';
