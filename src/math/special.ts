/**
 * Special functions of a real variable, with SciPy's conventions: `digamma` (`scipy.special.psi`)
 * and `gammaln` (`scipy.special.gammaln`, the logarithm of the absolute value of the gamma
 * function). Both are accurate to a few units in the last place away from their zeros.
 *
 * The series coefficients below were computed for this file with 300-bit arithmetic.
 *
 * @module
 */

/** Euler–Mascheroni constant γ = -ψ(1). */
const EULER = 0.5772156649015329;
/** log(2π) / 2. */
const HALF_LOG_2PI = 0.9189385332046728;
/** log π. */
const LOG_PI = 1.1447298858494002;

/**
 * Taylor coefficients of log Γ(2 + z) at z = 0: `1 - γ`, then `(-1)^k (ζ(k) - 1) / k` for k = 2 .. 31.
 * Subtracting 1 from ζ(k) moves the nearest singularity to z = -2, so the series converges like
 * 2^-k and 31 terms reach full precision for |z| <= 1/2 (Abramowitz & Stegun 6.1.33, rearranged).
 */
const LGAMMA2 = [
  0.42278433509846713, 0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
  0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939,
  9.945751278180853e-5, -4.492623673813314e-5, 2.050721277567069e-5, -9.439488275268397e-6,
  4.374866789907488e-6, -2.039215753801366e-6, 9.55141213040742e-7, -4.492469198764566e-7,
  2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8, -2.2711094608943164e-8,
  1.0838659214896955e-8, -5.183475041970047e-9, 2.4836745438024785e-9, -1.1921401405860912e-9,
  5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11,
  3.1044247747322276e-11, -1.5021384080754142e-11,
];

/** The positive zero of ψ, x0 = X0_HI + X0_LO. */
const X0_HI = 1.4616321449683622;
const X0_LO = 9.549995429965697e-17;

/**
 * Taylor coefficients of ψ at its positive zero x0: the n-th is ψ^(n)(x0) / n! = (-1)^(n+1) ζ(n+1, x0)
 * (Hurwitz zeta), n = 1 .. 32. Expanding about the zero keeps full relative accuracy where ψ is small.
 */
const PSI_AT_ZERO = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328,
  0.002305126326734928, -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052,
  0.000504953265834602, -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803,
  0.0001106337276874741, -7.569179582195066e-5, 5.178575795222081e-5, -3.5430070947659604e-5,
  2.424006611860132e-5, -1.6584242271854135e-5, 1.134638458466385e-5, -7.762817668462094e-6,
  5.3110609208898636e-6, -3.6336507898010456e-6,
];

/**
 * The digamma function ψ(x) = Γ'(x) / Γ(x), with `scipy.special.digamma`'s conventions:
 * NaN at the negative integers and at -∞, -∞ at +0, +∞ at -0 and at +∞.
 *
 * Method: near the positive zero x0 ≈ 1.4616, a Taylor series about x0 (as SciPy does, so that
 * the result keeps its relative accuracy there); for x >= 10 the asymptotic expansion
 * log x - 1/(2x) - Σ B_2k / (2k x^2k); for 0 < x < 10 the recurrence ψ(x) = ψ(x + n) - Σ 1/(x + i);
 * for x < 0 the reflection ψ(x) = ψ(1 - x) - π cot(πx) with the cotangent's argument reduced exactly
 * (Abramowitz & Stegun 6.3.7, 6.3.5, 6.3.18).
 *
 * @param x - any number.
 * @returns ψ(x).
 * @example
 * ```ts
 * digamma(1); // -0.5772156649015329 (-γ)
 * digamma(0.5); // -1.9635100260214235
 * ```
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Object.is(x, -0) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (x < 0) {
    if (x === Number.NEGATIVE_INFINITY || Number.isInteger(x)) return Number.NaN;
    return digammaPositive(1 - x) - piCotPi(x);
  }
  return digammaPositive(x);
}

/** ψ(x) for x > 0. */
function digammaPositive(x: number): number {
  if (Math.abs(x - X0_HI) < 0.3) {
    // x - X0_HI is exact (Sterbenz); X0_LO carries the zero's remaining bits.
    const d = x - X0_HI - X0_LO;
    let s = PSI_AT_ZERO[PSI_AT_ZERO.length - 1]!;
    for (let n = PSI_AT_ZERO.length - 2; n >= 0; n--) s = s * d + PSI_AT_ZERO[n]!;
    return s * d;
  }
  if (x >= 10) return digammaAsymptotic(x);
  if (Number.isInteger(x)) {
    // ψ(n) = -γ + H(n - 1): exact to rounding, and exactly -γ at 1, as SciPy gives.
    let h = 0;
    for (let k = 1; k < x; k++) h += 1 / k;
    return h - EULER;
  }
  // ψ(x) = -1/x - γ + ζ(2) x + O(x^2): exact to rounding here, and safe where 1/x overflows.
  if (x < 1e-8) return -1 / x - EULER + 1.6449340668482264 * x;
  // Recurrence up to x + n >= 10; the reciprocals are summed with compensation (Kahan) because
  // their total nearly cancels the asymptotic value where ψ is small.
  let sum = 0;
  let comp = 0;
  while (x < 10) {
    const y = 1 / x - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
    x += 1;
  }
  return digammaAsymptotic(x) - sum;
}

/** ψ(x) for x >= 10: log x - 1/(2x) - Σ_{k=1..8} B_2k / (2k x^2k); the first omitted term is below 1e-17 relative. */
function digammaAsymptotic(x: number): number {
  const z = 1 / (x * x);
  const tail =
    z *
    (1 / 12 -
      z *
        (1 / 120 -
          z *
            (1 / 252 -
              z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z * (1 / 12 - z * (3617 / 8160))))))));
  return Math.log(x) - 0.5 / x - tail;
}

/** π cot(πx) for non-integer x, with x reduced to r = x - round(x) in [-1/2, 1/2] exactly. */
function piCotPi(x: number): number {
  const r = x - Math.round(x);
  const a = Math.abs(r);
  // Near the integers π cot(πa) = 1/a - (π²/3) a + O(a³), which stays accurate where πa would be
  // subnormal; near the half-integers cot is tan of the exact complement, so it vanishes exactly there.
  let v: number;
  if (a < 1e-8) v = 1 / a - 3.289868133696453 * a;
  else if (a <= 0.25) v = Math.PI / Math.tan(Math.PI * a);
  else v = Math.PI * Math.tan(Math.PI * (0.5 - a));
  return r < 0 ? -v : v;
}

/**
 * log |Γ(x)|, with `scipy.special.gammaln`'s conventions: +∞ at 0 and the negative integers,
 * +∞ at +∞, -∞ at -∞, NaN for NaN. Unlike SciPy it keeps its accuracy for subnormal x
 * (SciPy overflows to +∞ below about 5.6e-309, where the true value is about 710).
 *
 * Method: for |x| < 1/2 and 1/2 <= x < 5/2, the Taylor series of log Γ(2 + z) about z = 0 with
 * log Γ(1 + z) = log Γ(2 + z) - log1p(z) and log Γ(x) = log Γ(1 + x) - log|x|, which keeps the
 * relative accuracy at the zeros x = 1 and x = 2; for 5/2 <= x < 10 the recurrence
 * Γ(x) = (x - 1) ... (x - n) Γ(x - n); for x >= 10 Stirling's series; for x <= -1/2 the reflection
 * log|Γ(x)| = log π - log|sin πx| - log Γ(1 - x) (Abramowitz & Stegun 6.1.33, 6.1.41, 6.1.17).
 *
 * @param x - any number.
 * @returns log |Γ(x)|.
 * @example
 * ```ts
 * gammaln(5); // 3.1780538303479458 (log 24)
 * gammaln(-0.5); // 1.2655121234846454
 * ```
 */
export function gammaln(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) return x;
  if (Math.abs(x) < 0.5) {
    if (x === 0) return Number.POSITIVE_INFINITY;
    return lgamma2(x) - Math.log1p(x) - Math.log(Math.abs(x));
  }
  if (x < 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    return LOG_PI - Math.log(absSinPi(x)) - gammalnPositive(1 - x);
  }
  return gammalnPositive(x);
}

/** log Γ(x) for x >= 1/2. */
function gammalnPositive(x: number): number {
  if (x < 1.5) {
    const z = x - 1; // exact for x in [1/2, 3/2)
    return lgamma2(z) - Math.log1p(z);
  }
  if (x < 2.5) return lgamma2(x - 2);
  if (x < 10) {
    // Each x - i is exact (it lies on x's grid and below x); the product rounds at most 7 times.
    let prod = 1;
    while (x >= 2.5) {
      x -= 1;
      prod *= x;
    }
    return lgamma2(x - 2) + Math.log(prod);
  }
  // Stirling's series: (x - 1/2) log x - x + log(2π)/2 + Σ_{k=1..7} B_2k / (2k (2k - 1) x^(2k-1)).
  const lx = Math.log(x);
  const z = 1 / (x * x);
  const series =
    (1 / x) *
    (1 / 12 -
      z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - z * (691 / 360360 - z / 156))))));
  // Beyond 2**52 the split form avoids overflowing x log x where log Γ itself still fits.
  if (x > 4503599627370496) return x * (lx - 1) - 0.5 * lx + HALF_LOG_2PI + series;
  return (x - 0.5) * lx - x + HALF_LOG_2PI + series;
}

/** log Γ(2 + z) for |z| <= 1/2, by its Taylor series (Horner). */
function lgamma2(z: number): number {
  let s = LGAMMA2[LGAMMA2.length - 1]!;
  for (let k = LGAMMA2.length - 2; k >= 0; k--) s = s * z + LGAMMA2[k]!;
  return s * z;
}

/** |sin(πx)| with x reduced to r = x - round(x) in [-1/2, 1/2] exactly. */
function absSinPi(x: number): number {
  const a = Math.abs(x - Math.round(x));
  return a <= 0.25 ? Math.sin(Math.PI * a) : Math.cos(Math.PI * (0.5 - a));
}
