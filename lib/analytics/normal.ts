// Standard normal CDF and quantile used by every interval and test in lib/analytics.
// Accurate to ~1e-15 absolute, which is far below anything the dashboard rounds to.

const LOG_SQRT_2PI = 0.91893853320467274178;

/** P(Z ≤ x) for a standard normal Z (Marsaglia 2004 series; exact enough for p-values). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -37) return 0;
  if (x > 37) return 1;
  // Series in x for 0.5 + φ(x)·(x + x³/3 + x⁵/15 + …); every term shares the sign of x.
  let sum = x;
  let previous = 0;
  let term = x;
  const xx = x * x;
  for (let i = 1; sum !== previous;) {
    previous = sum;
    i += 2;
    term *= xx / i;
    sum = previous + term;
  }
  return Math.min(1, Math.max(0, 0.5 + sum * Math.exp(-0.5 * xx - LOG_SQRT_2PI)));
}

/** Density of the standard normal. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

// Acklam's rational approximation (rel. error 1.2e-9), then one Halley step to full precision.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** x such that P(Z ≤ x) = p; ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided critical value, e.g. 1.959964 for 95%. */
export function zForConfidence(confidence = 0.95): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}
