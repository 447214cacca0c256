/**
 * `tl.metrics`: regression errors and correlations, factor similarity (congruence, CorrIndex), von Neumann
 * entropies and leverage scores, as TensorLy's `tensorly.metrics`.
 *
 * @module
 */
export { type CongruenceCoefficientOptions, congruenceCoefficient } from './congruence-coefficient.js';
export {
  type CorrelationIndexMethod,
  type CorrelationIndexOptions,
  correlationIndex,
} from './correlation-index.js';
export { cpVonneumannEntropy, ttVonneumannEntropy, vonneumannEntropy } from './entropy.js';
export { leverageScoreDist } from './leverage-score-dist.js';
export {
  correlation,
  covariance,
  type MetricAxisOptions,
  MSE,
  R2Score,
  RMSE,
  reflectiveCorrelationCoefficient,
  standardDeviation,
  variance,
} from './regression.js';
