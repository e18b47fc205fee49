// Never worse than the simple rule: the ranker that ranks members is chosen on the community's own
// out-of-time cut-offs among the learned model and the baselines; the model must beat the best baseline by
// more than the noise (bootstrap over members and cut-offs), otherwise the best baseline ranks.
import type { BaselineName } from "./baselines";
import { fitRankCalibration, type RankCalibration } from "./calibration";
import {
  compareRankers,
  orderRankers,
  verdictOf,
  type Comparison,
  type EvaluatedCutoff,
  type Interval,
} from "./compare";
import type { RankingKind } from "./types";

/** Baselines that may be deployed (random is a reference, never a ranking). */
export const DEPLOYABLE_BASELINES: readonly BaselineName[] = [
  "recentActivity",
  "activityDrop",
  "seedFormula",
];
export type DeployedRanker = "model" | BaselineName;

/** What each ranker is called on the Model page, per ranking. */
export const RANKER_WORDS: Record<RankingKind, Record<DeployedRanker, string>> = {
  candidates: {
    model: "the learned model",
    recentActivity: "most active in the last 4 weeks",
    activityDrop: "largest rise in activity",
    seedFormula: "the seed formula (3-week momentum)",
    random: "random order",
  },
  "at-risk": {
    model: "the learned model",
    recentActivity: "least active in the last 4 weeks",
    activityDrop: "largest drop in activity",
    seedFormula: "steepest fall by the seed formula",
    random: "random order",
  },
};

export interface Deployment {
  ranker: DeployedRanker;
  bestBaseline: BaselineName;
  /** One plain sentence: which ranker is live and why. */
  sentence: string;
  /** Model minus best baseline, per metric. */
  modelVsBest: Record<"auc" | "precisionAt20" | "precisionAt50", Interval>;
  comparison: Comparison;
  calibration: RankCalibration | null;
  periods: number;
}

const signed = (v: number | null, digits = 3) =>
  v == null ? "n/a" : `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}`;

export function chooseDeployment(kind: RankingKind, cutoffs: readonly EvaluatedCutoff[]): Deployment {
  const names: DeployedRanker[] = ["model", ...DEPLOYABLE_BASELINES];
  // The best baseline by mean AUC (the steadier measure with a few dozen positives per period); ties keep list order.
  // Both comparisons read the same orders: each ranker's rows sorted once per cut-off.
  const ordered = orderRankers(cutoffs, names);
  const byAuc = compareRankers(cutoffs, names, "recentActivity", { replicates: 0, ordered });
  let best: BaselineName = DEPLOYABLE_BASELINES[0];
  for (const b of DEPLOYABLE_BASELINES)
    if ((byAuc.rankers[b].means.auc ?? -1) > (byAuc.rankers[best].means.auc ?? -1)) best = b;
  const comparison = compareRankers(cutoffs, names, best, { ordered });
  const modelVsBest = comparison.differences.model;
  const win = verdictOf(modelVsBest.auc) === "win";
  const ranker: DeployedRanker = win ? "model" : best;
  const words = RANKER_WORDS[kind];
  const periods = cutoffs.length;
  const a = comparison.rankers.model.means.auc;
  const b = comparison.rankers[best].means.auc;
  const d = modelVsBest.auc;
  let sentence: string;
  if (periods === 0)
    sentence = `Ranked by ${words[best]}: there are no past periods with known outcomes to test the learned model on.`;
  else if (win) {
    sentence = `Learned model: AUC ${a?.toFixed(3)} against ${b?.toFixed(3)} for "${words[best]}" on ${periods} past periods (difference ${signed(d.estimate)}, 95% interval ${signed(d.low)} to ${signed(d.high)}).`;
  } else {
    sentence = `Ranked by "${words[best]}": the learned model did not beat it by more than the noise on ${periods} past periods (AUC ${a?.toFixed(3) ?? "n/a"} against ${b?.toFixed(3) ?? "n/a"}, difference ${signed(d.estimate)}, 95% interval ${signed(d.low)} to ${signed(d.high)}).`;
  }
  return {
    ranker,
    bestBaseline: best,
    sentence,
    modelVsBest: {
      auc: modelVsBest.auc,
      precisionAt20: modelVsBest.precisionAt20,
      precisionAt50: modelVsBest.precisionAt50,
    },
    comparison,
    calibration: periods > 0 ? fitRankCalibration(cutoffs, ranker) : null,
    periods,
  };
}
