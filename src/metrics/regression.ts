import { divide, mean, multiply, norm, sqrt, subtract, sum, scope } from '../ops.js';
import type { Axes, Tensor } from '../types.js';

/** Options of the regression metrics: the axis (or axes) to reduce over; every axis when absent. */
export interface MetricAxisOptions {
  /** Axis or axes to reduce over (all when absent or `null`). */
  axis?: Axes;
}

/**
 * The mean squared error `mean((yTrue − yPred)²)`. TensorLy's `metrics.MSE`.
 *
 * @param yTrue - ground truth.
 * @param yPred - predictions, broadcastable to `yTrue`.
 * @param options - `axis` to average over (all when absent).
 * @returns a 0-d tensor, or the reduced tensor with `axis`.
 * @example
 * ```ts
 * MSE(tl.tensor([1, 0, 2, -2]), tl.tensor([1, -1, 1, -1])); // 0.75
 * ```
 */
export function MSE(yTrue: Tensor, yPred: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    const d = subtract(yTrue, yPred);
    return mean(multiply(d, d), options.axis);
  });
}

/**
 * The root mean squared error `√MSE`. TensorLy's `metrics.RMSE`.
 *
 * @example
 * ```ts
 * RMSE(tl.tensor([1, 0, 2, -2]), tl.tensor([0, -1, 1, -1])); // 1
 * ```
 */
export function RMSE(yTrue: Tensor, yPred: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    return sqrt(MSE(yTrue, yPred, options));
  });
}

/**
 * The coefficient of determination `1 − ‖X̂ − X‖² / ‖X‖²`: 1 for a perfect prediction, 0 for predicting zeros
 * (or `2X`), negative when worse. TensorLy's `metrics.R2_score`.
 *
 * @param xOriginal - the data `X`.
 * @param xPredicted - the prediction `X̂`, same shape.
 * @returns a 0-d tensor.
 * @example
 * ```ts
 * R2Score(x, x); // 1
 * ```
 */
export function R2Score(xOriginal: Tensor, xPredicted: Tensor): Tensor {
  return scope(() => {
    const residual = norm(subtract(xPredicted, xOriginal));
    const total = norm(xOriginal);
    return subtract(1, divide(multiply(residual, residual), multiply(total, total)));
  });
}

/**
 * The reflective correlation coefficient `Σ y ŷ / √(Σ y² Σ ŷ²)`: Pearson's correlation without centring.
 * TensorLy's `metrics.reflective_correlation_coefficient`.
 *
 * @example
 * ```ts
 * reflectiveCorrelationCoefficient(tl.tensor([1, 2]), tl.tensor([2, 4])); // 1
 * ```
 */
export function reflectiveCorrelationCoefficient(
  yTrue: Tensor,
  yPred: Tensor,
  options: MetricAxisOptions = {},
): Tensor {
  return scope(() => {
    const { axis } = options;
    return divide(
      sum(multiply(yTrue, yPred), axis),
      sqrt(multiply(sum(multiply(yTrue, yTrue), axis), sum(multiply(yPred, yPred), axis))),
    );
  });
}

/**
 * The (population) covariance `mean((y − ȳ)(ŷ − mean ŷ))`. TensorLy's `metrics.covariance`.
 *
 * @param yTrue - first variable.
 * @param yPred - second variable, same shape.
 * @param options - `axis` along which samples lie (all axes when absent).
 * @example
 * ```ts
 * covariance(tl.tensor([1, 2, 3]), tl.tensor([2, 4, 6])); // 4/3
 * ```
 */
export function covariance(yTrue: Tensor, yPred: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    const { axis } = options;
    const centredTrue = subtract(yTrue, mean(yTrue, axis, true));
    const centredPred = subtract(yPred, mean(yPred, axis, true));
    return mean(multiply(centredTrue, centredPred), axis);
  });
}

/**
 * The (population) variance, `covariance(y, y)`. TensorLy's `metrics.variance`.
 *
 * @example
 * ```ts
 * variance(tl.tensor([1, 2, 3])); // 2/3
 * ```
 */
export function variance(y: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    return covariance(y, y, options);
  });
}

/**
 * The (population) standard deviation, `√variance(y)`. TensorLy's `metrics.standard_deviation`.
 *
 * @example
 * ```ts
 * standardDeviation(tl.tensor([1, 3])); // 1
 * ```
 */
export function standardDeviation(y: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    return sqrt(variance(y, options));
  });
}

/**
 * Pearson's product-moment correlation coefficient, `cov(y, ŷ) / √(var(y) var(ŷ))`. TensorLy's
 * `metrics.correlation`.
 *
 * @example
 * ```ts
 * correlation(tl.tensor([1, 2, 3, 2, 1]), tl.tensor([1, 2, 3, 4, 5])); // 0
 * ```
 */
export function correlation(yTrue: Tensor, yPred: Tensor, options: MetricAxisOptions = {}): Tensor {
  return scope(() => {
    return divide(
      covariance(yTrue, yPred, options),
      sqrt(multiply(variance(yTrue, options), variance(yPred, options))),
    );
  });
}
