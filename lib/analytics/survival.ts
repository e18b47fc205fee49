// Kaplan–Meier survival of paying members (event = stopped paying, otherwise censored at
// the as-of date), with Greenwood log(-log) confidence bands and the median's interval.

import { zForConfidence } from "./normal";

export interface SurvivalObservation {
  durationDays: number;
  /** true = stopped paying at durationDays; false = still paying (censored) then. */
  event: boolean;
}

export interface SurvivalStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of survival; null before the first event or once S = 0. */
  stdError: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierCurve {
  steps: SurvivalStep[];
  subjects: number;
  events: number;
  /** Rows ignored because durationDays was negative or not a finite number. */
  excluded: number;
  confidence: number;
  /** First time S(t) ≤ 0.5; null if the curve never gets there. */
  median: number | null;
  /** Brookmeyer–Crowley style interval read off the log(-log) bands; null = not reached. */
  medianLower: number | null;
  medianUpper: number | null;
}

/**
 * Product-limit estimate. At tied times events are counted before censorings (the usual
 * convention: someone censored at t was still at risk at t).
 */
export function computeKaplanMeier(
  rows: readonly SurvivalObservation[],
  confidence = 0.95,
): KaplanMeierCurve {
  const valid = rows.filter((r) => Number.isFinite(r.durationDays) && r.durationDays >= 0);
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const r of valid) {
    const cell = byTime.get(r.durationDays) ?? { events: 0, censored: 0 };
    if (r.event) cell.events++;
    else cell.censored++;
    byTime.set(r.durationDays, cell);
  }
  const z = zForConfidence(confidence);
  const steps: SurvivalStep[] = [];
  let atRisk = valid.length;
  let survival = 1;
  let greenwoodSum = 0;
  let totalEvents = 0;
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(time)!;
    if (events > 0) {
      survival *= 1 - events / atRisk;
      // d/(n(n−d)) is infinite when everyone at risk fails; the variance is then undefined.
      greenwoodSum = events < atRisk ? greenwoodSum + events / (atRisk * (atRisk - events)) : Infinity;
      totalEvents += events;
    }
    steps.push({ time, atRisk, events, censored, survival, ...greenwoodBand(survival, greenwoodSum, z) });
    atRisk -= events + censored;
  }
  const median = firstTimeAtOrBelowHalf(steps, (s) => s.survival);
  return {
    steps,
    subjects: valid.length,
    events: totalEvents,
    excluded: rows.length - valid.length,
    confidence,
    median,
    // Once S reaches 0 the bands collapse onto it, although Greenwood's variance is undefined.
    medianLower: firstTimeAtOrBelowHalf(steps, (s) => (s.survival === 0 ? 0 : s.lower)),
    medianUpper: firstTimeAtOrBelowHalf(steps, (s) => (s.survival === 0 ? 0 : s.upper)),
  };
}

function greenwoodBand(
  survival: number,
  sum: number,
  z: number,
): Pick<SurvivalStep, "stdError" | "lower" | "upper"> {
  if (survival <= 0 || survival >= 1 || !Number.isFinite(sum))
    return { stdError: null, lower: null, upper: null };
  const logS = Math.log(survival);
  // Var(log(−log S)) = Σ d/(n(n−d)) / (log S)²; transforming back keeps the band in (0, 1).
  const seLogLog = Math.sqrt(sum) / Math.abs(logS);
  return {
    stdError: survival * Math.sqrt(sum),
    lower: Math.pow(survival, Math.exp(z * seLogLog)),
    upper: Math.pow(survival, Math.exp(-z * seLogLog)),
  };
}

function firstTimeAtOrBelowHalf(
  steps: readonly SurvivalStep[],
  value: (s: SurvivalStep) => number | null,
): number | null {
  for (const s of steps) {
    const v = value(s);
    // The curve and its bands only move at event times; censor-only rows repeat the prior value.
    if (s.events > 0 && v !== null && v <= 0.5) return s.time;
  }
  return null;
}

/** S(t) read off the step function (right-continuous); null past the last observed time. */
export function survivalAt(curve: KaplanMeierCurve, time: number): number | null {
  if (!Number.isFinite(time)) return null;
  const last = curve.steps[curve.steps.length - 1];
  if (last && time > last.time && last.survival > 0) return null;
  let s = 1;
  for (const step of curve.steps) {
    if (step.time > time) break;
    s = step.survival;
  }
  return s;
}
