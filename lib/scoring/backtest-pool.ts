// A backtest's pooled figures: each metric's mean over the evaluated cut-offs, the model's Brier and calibration over
// every evaluated row, and the cut-offs on which the model beat each baseline.
import { BASELINE_NAMES, type BaselineName } from "./baselines";
import type { CutoffResult, PooledResult } from "./backtest";
import { brierScore, calibrationBins, type RankingMetrics } from "./metrics";

export type RankerName = "model" | BaselineName;
export const RANKER_NAMES: readonly RankerName[] = ["model", ...BASELINE_NAMES];

export type ScalarMetric = Exclude<keyof RankingMetrics, "calibration" | "n" | "positives">;
const SCALAR_METRICS: readonly ScalarMetric[] = [
  "precisionAt10",
  "precisionAt20",
  "precisionAt50",
  "precisionAtCapacity",
  "recallAt50",
  "auc",
  "topDecileLift",
  "brier",
];

export function poolResults(
  results: CutoffResult[],
  probs: number[],
  labels: number[],
  referenceSum: number,
): PooledResult {
  const meanMetrics = {} as PooledResult["meanMetrics"];
  for (const name of RANKER_NAMES) {
    const means = {} as Record<ScalarMetric, number | null>;
    for (const metric of SCALAR_METRICS) {
      const values = results.map((r) => r.metrics[name][metric]).filter((v): v is number => v !== null);
      means[metric] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    }
    meanMetrics[name] = means;
  }
  const modelWins = {} as PooledResult["modelWins"];
  const beats = (a: number | null, b: number | null) => a !== null && b !== null && a > b;
  for (const name of BASELINE_NAMES) {
    modelWins[name] = {
      precisionAt20: results.filter((r) =>
        beats(r.metrics.model.precisionAt20, r.metrics[name].precisionAt20),
      ).length,
      auc: results.filter((r) => beats(r.metrics.model.auc, r.metrics[name].auc)).length,
    };
  }
  const rows = results.reduce((a, r) => a + r.n, 0);
  return {
    cutoffs: results.length,
    rows,
    positives: results.reduce((a, r) => a + r.positives, 0),
    meanMetrics,
    modelBrier: brierScore(probs, labels),
    modelCalibration: calibrationBins(probs, labels),
    referenceBrier: rows > 0 ? referenceSum / rows : null,
    modelWins,
  };
}
