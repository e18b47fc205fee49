// A transparent hand-weighted score used when past cut-offs hold too few positives to learn from;
// same shape as a fitted logistic model (weights, means, stds, intercept), so scoring and reasons are shared.
import { FEATURES, type FeatureDefinition } from "./feature-registry";
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureMatrix, type FeatureName } from "./features";
import { columnStats, sigmoid } from "./logistic";
import type { RankingKind } from "./types";

/** Below this many positives in the training cut-offs the model falls back to the weighted score. */
export const MIN_POSITIVES_TO_LEARN = 30;

/**
 * Log-odds per unit of each feature, from the registry (see its units: counts are log1p, so +0.4 on prMerged
 * means each doubling-ish of merged PRs adds 0.4 log-odds). Features without a fallback weight weigh 0.
 * Chosen from the community's experience, not fitted: broad, contributing activity and ties to paying
 * members suggest an upgrade; falling activity, silence and failed payments suggest churn.
 */
export const FALLBACK_WEIGHTS: Readonly<Record<RankingKind, Partial<Record<FeatureName, number>>>> = {
  candidates: weightsFor("candidates"),
  "at-risk": weightsFor("at-risk"),
};

function weightsFor(kind: RankingKind): Partial<Record<FeatureName, number>> {
  const out: Partial<Record<FeatureName, number>> = {};
  for (const f of FEATURES as readonly FeatureDefinition[]) {
    const w = f.fallback?.[kind];
    if (w !== undefined) out[f.name as FeatureName] = w;
  }
  return out;
}

/** Event rate assumed when there is no training data at all to set the level. */
export const FALLBACK_PRIOR_RATE: Readonly<Record<RankingKind, number>> = {
  candidates: 0.03,
  "at-risk": 0.05,
};

export interface FallbackParameters {
  weights: number[];
  means: number[];
  stds: number[];
  intercept: number;
}

/**
 * Weights from FALLBACK_WEIGHTS, centred on the training rows' means (so reasons say how a member
 * differs from the average), with the intercept set so the mean predicted probability matches the
 * observed rate, shrunk towards the prior by 100 pseudo-rows.
 */
export function fallbackParameters(
  kind: RankingKind,
  training: FeatureMatrix | null,
  positives: number,
): FallbackParameters {
  const p = FEATURE_COUNT;
  const weights = new Array<number>(p).fill(0);
  for (const [name, w] of Object.entries(FALLBACK_WEIGHTS[kind]))
    weights[FEATURE_INDEX[name as FeatureName]] = w ?? 0;
  const n = training?.n ?? 0;
  const means =
    n > 0 && training ? Array.from(columnStats(training.data, n, p).means) : new Array<number>(p).fill(0);
  const stds = new Array<number>(p).fill(1);
  const prior = FALLBACK_PRIOR_RATE[kind];
  const target = (positives + 100 * prior) / (n + 100);
  if (n === 0 || !training) return { weights, means, stds, intercept: Math.log(target / (1 - target)) };

  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, o = i * p; j < p; j++) s += weights[j] * (training.data[o + j] - means[j]);
    centred[i] = s;
  }
  // Mean probability rises monotonically with the intercept: bisect.
  let lo = -30;
  let hi = 30;
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += sigmoid(centred[i] + mid);
    if (mean / n < target) lo = mid;
    else hi = mid;
  }
  return { weights, means, stds, intercept: (lo + hi) / 2 };
}
