/**
 * Tensor algebra, TensorLy's `tensorly.tenalg`: n-mode products, Kronecker and Khatri–Rao products, generalised
 * inner and outer products, batched contractions, the MTTKRP, SVD front ends and proximal operators.
 *
 * The hot kernels (`modeDot`, `khatriRao`, the MTTKRP, `unfold`/`fold`) are derived ops of the backend
 * contract, so a backend can replace them with fused implementations; there is no separate tenalg backend.
 *
 * @module
 */
export { higherOrderMoment } from './higher-order-moment.js';
export { type InnerOptions, inner } from './inner.js';
export { type KhatriRaoOptions, khatriRao } from './khatri-rao.js';
export { type KroneckerOptions, kronecker } from './kronecker.js';
export { makeSvdNonNegative, type NnsvdType } from './make-svd-non-negative.js';
export { type ModeDotOptions, type MultiModeDotOptions, modeDot, multiModeDot } from './mode-dot.js';
export { type CpTensorInput, unfoldingDotKhatriRao } from './mttkrp.js';
export { batchedOuter, outer } from './outer.js';
export {
  type ConstraintName,
  type ConstraintOptions,
  type ConstraintValue,
  l2Prox,
  l2SquareProx,
  type MonotonicityProxOptions,
  monotonicityProx,
  normalizedSparsityProx,
  type ProximalOptions,
  procrustes,
  proximalOperator,
  simplexProx,
  smoothnessProx,
  softSparsityProx,
  svdThresholding,
  unimodalityProx,
  validateConstraints,
} from './proximal.js';
export { type RandomizedRangeFinderOptions, randomizedRangeFinder, randomizedSvd } from './randomized-svd.js';
export { svdFlip } from './svd-flip.js';
export {
  SVD_FUNS,
  type SvdInterfaceOptions,
  type SvdMethod,
  svdFunction,
  svdInterface,
} from './svd-interface.js';
export { symeigSvd } from './symeig-svd.js';
export {
  type ContractionModes,
  type TensordotOptions,
  tensordot,
  validateContractionModes,
} from './tensordot.js';
export { hardThresholding, softThresholding } from './thresholding.js';
export {
  type SvdChecks,
  type SvdFunction,
  type SvdFunctionOptions,
  type SvdResult,
  svdChecks,
  truncatedSvd,
} from './truncated-svd.js';
