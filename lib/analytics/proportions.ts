// Intervals, tests and power for conversion rates: Wilson score, Newcombe's hybrid score
// interval for a difference, pooled two-proportion z-test, detectable effects and sample sizes.

import { normalCdf, normalQuantile, zForConfidence } from "./normal";

export interface Interval {
  lower: number;
  upper: number;
}

export interface ProportionEstimate extends Interval {
  estimate: number;
}

function validCounts(successes: number, trials: number): boolean {
  return (
    Number.isInteger(successes) &&
    Number.isInteger(trials) &&
    trials > 0 &&
    successes >= 0 &&
    successes <= trials
  );
}

/** Wilson score interval for x/n; null when n is 0 or the counts are not valid. */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidence = 0.95,
): ProportionEstimate | null {
  if (!validCounts(successes, trials)) return null;
  const z = zForConfidence(confidence);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const centre = (successes + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  // Clamp only floating-point dust: the exact bounds are 0 at x = 0 and 1 at x = n.
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Newcombe (1998) method 10: hybrid score interval for p1 − p2 built from the two Wilson
 * intervals. Null if either group is empty.
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): ProportionEstimate | null {
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  if (!a || !b) return null;
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

export interface ZTestResult {
  z: number;
  pValue: number;
}

/** Two-sided pooled z-test of p1 = p2 (z² equals Pearson's χ² without continuity correction). */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTestResult | null {
  if (!validCounts(x1, n1) || !validCounts(x2, n2)) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  // Everyone (or no one) converted in both arms: no evidence of any difference.
  if (variance === 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

export interface PowerOptions {
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Desired power; default 0.8. */
  power?: number;
}

/**
 * Power of the two-sided pooled z-test to detect treatment rate p1 against control p2 with
 * n1 and n2 members (normal approximation, ignoring the far tail, as R's power.prop.test).
 */
export function twoProportionPower(
  p1: number,
  p2: number,
  n1: number,
  n2: number,
  alpha = 0.05,
): number | null {
  if (![p1, p2].every((p) => p >= 0 && p <= 1) || !(n1 > 0 && n2 > 0) || !(alpha > 0 && alpha < 1))
    return null;
  const delta = Math.abs(p1 - p2);
  if (delta === 0) return alpha / 2;
  const pBar = (n1 * p1 + n2 * p2) / (n1 + n2);
  const seNull = Math.sqrt(pBar * (1 - pBar) * (1 / n1 + 1 / n2));
  const seAlt = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  if (seAlt === 0) return 1;
  return normalCdf((delta - normalQuantile(1 - alpha / 2) * seNull) / seAlt);
}

/**
 * Smallest absolute lift above `baseRate` (control) detectable with the given group sizes,
 * or null if even a rise to 100% would not reach the requested power.
 */
export function minimumDetectableEffect(
  baseRate: number,
  treatmentSize: number,
  controlSize: number,
  options: PowerOptions = {},
): number | null {
  const { alpha = 0.05, power = 0.8 } = options;
  if (!(baseRate >= 0 && baseRate < 1) || !(power > 0 && power < 1)) return null;
  const powerAt = (delta: number) =>
    twoProportionPower(baseRate + delta, baseRate, treatmentSize, controlSize, alpha);
  const maxPower = powerAt(1 - baseRate);
  if (maxPower === null || maxPower < power) return null;
  // Power rises monotonically with the lift, so bisection converges to the unique root.
  let lo = 0;
  let hi = 1 - baseRate;
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid)! < power) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface SampleSizeOptions extends PowerOptions {
  /** Treatment members per control member, e.g. 9 for a 10% holdout; default 1. */
  ratio?: number;
}

export interface SampleSize {
  treatment: number;
  control: number;
  total: number;
  /** Unrounded control size, for comparison with published tables. */
  exactControl: number;
}

/** Group sizes needed to detect `effect` (absolute lift over `baseRate`), rounded up. */
export function requiredSampleSize(
  baseRate: number,
  effect: number,
  options: SampleSizeOptions = {},
): SampleSize | null {
  const { alpha = 0.05, power = 0.8, ratio = 1 } = options;
  const p2 = baseRate;
  const p1 = baseRate + effect;
  if (
    !(p2 >= 0 && p2 <= 1 && p1 >= 0 && p1 <= 1) ||
    effect === 0 ||
    !(ratio > 0) ||
    !(power > 0 && power < 1) ||
    !(alpha > 0 && alpha < 1)
  )
    return null;
  const pBar = (ratio * p1 + p2) / (ratio + 1);
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const root =
    zA * Math.sqrt(pBar * (1 - pBar) * (1 / ratio + 1)) +
    zB * Math.sqrt((p1 * (1 - p1)) / ratio + p2 * (1 - p2));
  const exactControl = (root * root) / (effect * effect);
  const control = Math.ceil(exactControl - 1e-9);
  const treatment = Math.ceil(exactControl * ratio - 1e-9);
  return { treatment, control, total: treatment + control, exactControl };
}

/**
 * The smallest detectable lift a campaign reports, in the preview and on its page alike: 80% power,
 * 5% two-sided, at the planned base rate with the contact and holdout sizes. Null when unreachable
 * or when a group is empty.
 */
export function campaignDetectableLift(
  plannedBaseRate: number | null,
  contact: number,
  holdout: number,
): number | null {
  if (plannedBaseRate === null || contact <= 0 || holdout <= 0) return null;
  return minimumDetectableEffect(plannedBaseRate, contact, holdout);
}
