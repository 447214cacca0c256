/**
 * Factorized tensors: CP, Tucker, tensor-train, TT-matrix, tensor-ring and PARAFAC2 tensors, with TensorLy's
 * functions to rebuild, unfold, normalise and validate them.
 *
 * @module
 */
export { cpPermuteFactors } from './cp-permute-factors.js';
export {
  type CpFlipSignOptions,
  type CpLstsqGradOptions,
  type CpLstsqGradResult,
  type CpModeDotOptions,
  type CPShapeRank,
  CPTensor,
  type CPTensorLike,
  type CpToTensorOptions,
  cpFlipSign,
  cpLstsqGrad,
  cpModeDot,
  cpNorm,
  cpNormalize,
  cpToTensor,
  cpToUnfolded,
  cpToVec,
  type ValidateCpRankOptions,
  validateCpRank,
  validateCpTensor,
} from './cp-tensor.js';
export { FactorizedTensor } from './factorized-tensor.js';
export {
  applyParafac2Projections,
  type FromCPTensorOptions,
  type Parafac2ShapeRank,
  Parafac2Tensor,
  type Parafac2TensorLike,
  type Parafac2ToSliceOptions,
  parafac2Normalise,
  parafac2ToSlice,
  parafac2ToSlices,
  parafac2ToTensor,
  parafac2ToUnfolded,
  parafac2ToVec,
  validateParafac2Tensor,
} from './parafac2-tensor.js';
export type { RankSpec, Rounding } from './rounding.js';
export {
  type TRShapeRank,
  TRTensor,
  type TRTensorLike,
  trToTensor,
  trToUnfolded,
  trToVec,
  type ValidateTrRankOptions,
  validateTrRank,
  validateTrTensor,
} from './tr-tensor.js';
export {
  TTMatrix,
  type TTMatrixLike,
  type TTMatrixShapeRank,
  ttMatrixToMatrix,
  ttMatrixToTensor,
  ttMatrixToUnfolded,
  ttMatrixToVec,
  validateTtMatrix,
  validateTtMatrixRank,
} from './tt-matrix.js';
export {
  type PadTtRankOptions,
  padTtRank,
  type TTShapeRank,
  TTTensor,
  type TTTensorLike,
  ttToTensor,
  ttToUnfolded,
  ttToVec,
  type ValidateTtRankOptions,
  validateTtRank,
  validateTtTensor,
} from './tt-tensor.js';
export {
  type TuckerModeDotOptions,
  type TuckerShapeRank,
  TuckerTensor,
  type TuckerTensorLike,
  type TuckerToTensorOptions,
  tuckerModeDot,
  tuckerNormalize,
  tuckerToTensor,
  tuckerToUnfolded,
  tuckerToVec,
  type ValidateTuckerRankOptions,
  validateTuckerRank,
  validateTuckerTensor,
} from './tucker-tensor.js';
