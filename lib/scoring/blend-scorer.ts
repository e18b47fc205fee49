// The blend's scorer: log-odds of the logistic part averaged with the trees', per-feature contributions for
// the reasons, and the per-feature importance stored with a model.
import type { FeatureMatrix } from "./features";
import { gbmExplainer, gbmLogOdds } from "./gbm-predict";
import { linearPredictor } from "./logistic";
import type { RankingModel } from "./model";

/** Weight of the logistic log-odds in the average (the trees get the rest). */
export const BLEND_LOGISTIC_SHARE = 0.5;

/** Blend log-odds and per-feature contributions for rows of a feature matrix. */
export function blendScorer(model: RankingModel, p: number) {
  const share = model.gbm ? BLEND_LOGISTIC_SHARE : 1;
  const coef = new Float64Array(p);
  for (let j = 0; j < p; j++) coef[j] = (share * model.weights[j]) / model.stds[j];
  const explainTrees = model.gbm ? gbmExplainer(model.gbm) : null;
  const treeOut = new Float64Array(p);
  return {
    logOdds(data: Float64Array, n: number): Float64Array {
      const out = linearPredictor(model, data, n, p);
      if (!model.gbm) return out;
      const trees = gbmLogOdds(model.gbm, data, n, p);
      for (let i = 0; i < n; i++) out[i] = share * out[i] + (1 - share) * trees[i];
      return out;
    },
    /** Log-odds per feature relative to the average member: coefficient × deviation, plus the trees' path attribution. */
    contributions(data: Float64Array, row: number, out: Float64Array): Float64Array {
      for (let j = 0, o = row * p; j < p; j++) out[j] = coef[j] * (data[o + j] - model.means[j]);
      if (explainTrees) {
        explainTrees(data, row * p, treeOut);
        for (let j = 0; j < p; j++) out[j] += (1 - share) * treeOut[j];
      }
      return out;
    },
  };
}

/**
 * Signed mean |contribution| per feature: what the blend leans on, and in which direction. With `sample`, the rows
 * are a case-control sample (lib/scoring/case-control.ts) and each negative counts as the `negativeWeight` rows it
 * stands for, so the weighted means estimate the whole stack's at a fraction of the rows (0.5 s of a cut-off day's
 * fitting on the 6,000-member demo went to 88k stacked rows). Without one, every row weighs 1 (the same sums).
 */
export function importanceOf(
  model: RankingModel,
  matrix: FeatureMatrix,
  sample?: { labels: Uint8Array; negativeWeight: number },
): number[] {
  const { n, p, data } = matrix;
  const scorer = blendScorer(model, p);
  const contributions = new Float64Array(p);
  const magnitude = new Float64Array(p);
  const covariance = new Float64Array(p);
  const means = new Float64Array(p);
  const weightOf = (i: number) => (sample && !sample.labels[i] ? sample.negativeWeight : 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += weightOf(i);
  for (let i = 0; i < n; i++) {
    const w = weightOf(i);
    for (let j = 0; j < p; j++) means[j] += (w * data[i * p + j]) / total;
  }
  for (let i = 0; i < n; i++) {
    const w = weightOf(i);
    scorer.contributions(data, i, contributions);
    for (let j = 0; j < p; j++) {
      magnitude[j] += (w * Math.abs(contributions[j])) / total;
      covariance[j] += w * contributions[j] * (data[i * p + j] - means[j]);
    }
  }
  return Array.from(magnitude, (m, j) => Math.round((covariance[j] < 0 ? -m : m) * 1e6) / 1e6);
}
