/**
 * `tl.decomposition`: TensorLy's decompositions. Each iterative algorithm has a synchronous entry point
 * and an asynchronous one (`...Async`) written from the same body, reports progress through
 * `onIteration`, and can be cancelled with an `AbortSignal`.
 *
 * @module
 */
export type { AlgorithmBody, IterationInfo, IterativeOptions } from './iterate.js';
export {
  type NonNegativeParafacHalsOptions,
  nonNegativeParafacHals,
  nonNegativeParafacHalsAsync,
} from './non-negative-parafac-hals.js';
export {
  type NonNegativeTuckerHalsOptions,
  nonNegativeTuckerHals,
  nonNegativeTuckerHalsAsync,
} from './non-negative-tucker-hals.js';
export {
  type NonNegativeTuckerOptions,
  nonNegativeTucker,
  nonNegativeTuckerAsync,
} from './non-negative-tucker.js';
export {
  type NonNegativeParafacOptions,
  nonNegativeParafac,
  nonNegativeParafacAsync,
} from './non-negative-parafac.js';
export {
  type CpErrorResult,
  cpErrorCalc,
  type CpInit,
  type CvgCriterion,
  type InitializeCpOptions,
  initializeCp,
  type ParafacOptions,
  ParafacResult,
  parafac,
  parafacAsync,
} from './parafac.js';
export {
  type RandomisedParafacOptions,
  randomisedParafac,
  randomisedParafacAsync,
  type SampledKhatriRao,
  type SampleKhatriRaoOptions,
  sampleKhatriRao,
} from './randomised-parafac.js';
export {
  initializeTucker,
  type PartialTuckerOptions,
  PartialTuckerResult,
  partialTucker,
  partialTuckerAsync,
  type TuckerInit,
  type TuckerOptions,
  TuckerResult,
  tucker,
  tuckerAsync,
} from './tucker.js';
