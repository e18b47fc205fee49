// Rolling-origin backtest: at each past cut-off, train only on cut-offs whose outcomes were known by then,
// score that cut-off, and compare the model with every baseline on the same members.
import { BASELINE_NAMES, baselineScores, type BaselineName } from "./baselines";
import type { EvaluatedCutoff } from "./compare";
import {
  brierScore,
  calibrationBins,
  evaluateRanking,
  type CalibrationBin,
  type RankingMetrics,
} from "./metrics";
import { recalls } from "./fit-memo";
import {
  modelKey,
  scoreProbabilities,
  setsKnownBy,
  startFolds,
  startTrees,
  trainOnStack,
  type RankingModel,
  type TrainOptions,
} from "./model";
import { caseControlRows } from "./case-control";
import { stackSets, type FoldScores } from "./selection";
import { DEFAULT_HORIZON_WEEKS, labelOf, type LabelledSet, type RankingKind } from "./types";

export type RankerName = "model" | BaselineName;
export const RANKER_NAMES: readonly RankerName[] = ["model", ...BASELINE_NAMES];

export interface BacktestOptions {
  /** How many members the team can contact per cut-off: the k for precision@capacity. */
  contactCapacity: number;
  horizonWeeks?: number;
  /** Cut-offs with fewer label-complete earlier cut-offs than this are skipped (default 1). */
  minTrainingSets?: number;
  train?: TrainOptions;
  /** Seed for the random baseline. */
  seed?: number;
  /** Evaluate only these cut-offs (the others still train); default every cut-off. */
  evaluateCutoffs?: ReadonlySet<string>;
}

export interface CutoffResult {
  cutoff: string;
  n: number;
  positives: number;
  method: RankingModel["method"];
  lambda: number | null;
  trainedOn: RankingModel["trainedOn"];
  /** Brier of always predicting the training base rate: the no-skill reference for the model's Brier. */
  referenceBrier: number | null;
  metrics: Record<RankerName, RankingMetrics>;
}

type ScalarMetric = Exclude<keyof RankingMetrics, "calibration" | "n" | "positives">;
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

export interface PooledResult {
  cutoffs: number;
  rows: number;
  positives: number;
  /** Mean of each metric over evaluated cut-offs (each cut-off is one contact round), null when never defined. */
  meanMetrics: Record<RankerName, Record<ScalarMetric, number | null>>;
  /** Model probabilities pooled over all evaluated rows. */
  modelBrier: number | null;
  modelCalibration: CalibrationBin[];
  referenceBrier: number | null;
  /** Cut-offs on which the model strictly beat each baseline. */
  modelWins: Record<BaselineName, { precisionAt20: number; auc: number }>;
}

export interface BacktestResult {
  kind: RankingKind;
  contactCapacity: number;
  horizonWeeks: number;
  /** Baselines only rank: their Brier and calibration are reported as null, not mapped from ranks. */
  baselineProbabilities: "null";
  cutoffs: CutoffResult[];
  skipped: { cutoff: string; reason: string }[];
  pooled: PooledResult;
  /** Row-level labels and scores per evaluated cut-off, for the bootstrap and calibration; not stored. */
  evaluated: EvaluatedCutoff[];
}

/** The stored form of a backtest: everything but the row-level detail. */
export function storedBacktest(result: BacktestResult): Omit<BacktestResult, "evaluated"> {
  const { evaluated: _evaluated, ...rest } = result;
  return rest;
}

export function runBacktest(
  kind: RankingKind,
  sets: readonly LabelledSet[],
  opts: BacktestOptions,
): BacktestResult {
  return backtestOnce(kind, sets, opts).backtest;
}

/**
 * trainRankingModel(kind, sets, final) and runBacktest(kind, sets, opts) from one stack: the same model and
 * backtest, with the features built and sampled once and every fold and tree fit of both queued together for
 * the fit pool's two threads.
 */
export function fitAndBacktest(
  kind: RankingKind,
  sets: readonly LabelledSet[],
  final: TrainOptions,
  opts: BacktestOptions,
): { model: RankingModel; backtest: BacktestResult } {
  const { model, backtest } = backtestOnce(kind, sets, opts, final);
  return { model: model!, backtest };
}

function backtestOnce(
  kind: RankingKind,
  sets: readonly LabelledSet[],
  opts: BacktestOptions,
  final?: TrainOptions,
): { model?: RankingModel; backtest: BacktestResult } {
  const horizonWeeks = opts.horizonWeeks ?? opts.train?.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const sorted = [...sets].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
  const cutoffs = sorted.map((s) => s.cutoff);
  const results: CutoffResult[] = [];
  const skipped: BacktestResult["skipped"] = [];
  const pooledProbs: number[] = [];
  const pooledLabels: number[] = [];
  let referenceSum = 0;
  const evaluated: EvaluatedCutoff[] = [];
  const stack = stackSets(sorted);
  const training = caseControlRows(stack);
  const foldScores: FoldScores = new Map();
  const train: TrainOptions = { ...opts.train, horizonWeeks, importance: false };
  const refits = sorted.map((evalSet) => {
    if (opts.evaluateCutoffs && !opts.evaluateCutoffs.has(evalSet.cutoff)) return null;
    return {
      known: setsKnownBy(cutoffs, evalSet.cutoff, horizonWeeks),
      trees: undefined as ReturnType<typeof startTrees>,
    };
  });
  // Every refit's folds, then its trees, are queued first: a second thread takes some while this one works.
  const refitting = refits.filter((r) => r !== null && r.known >= (opts.minTrainingSets ?? 1));
  const all = stack.sets.length;
  // A fit whose model this process already made on the same rows (fit-memo.ts) starts nothing, nor does a second
  // refit on the same rows as an earlier one: trainOnStack returns the kept model.
  const starting = new Set<string>();
  const needsFit = (setCount: number, o: TrainOptions) => {
    const key = modelKey(kind, stack, training, setCount, o);
    if (recalls(key) || starting.has(key)) return false;
    starting.add(key);
    return true;
  };
  const fitFinal = final !== undefined && needsFit(all, final);
  const fitting = refitting.filter((r) => needsFit(r!.known, train));
  if (fitFinal) startFolds(stack, training, all, final, foldScores);
  for (const refit of fitting) startFolds(stack, training, refit!.known, train, foldScores);
  const finalTrees = fitFinal ? startTrees(stack, training, all, final) : undefined;
  for (const refit of fitting) refit!.trees = startTrees(stack, training, refit!.known, train);
  const finalModel = final && trainOnStack(kind, stack, all, final, foldScores, training, finalTrees);

  for (let v = 0; v < sorted.length; v++) {
    const evalSet = sorted[v];
    const refit = refits[v];
    if (!refit) continue;
    const { known } = refit;
    if (known < (opts.minTrainingSets ?? 1)) {
      skipped.push({ cutoff: evalSet.cutoff, reason: `${known} earlier cut-offs had complete labels` });
      continue;
    }
    const model = trainOnStack(kind, stack, known, train, foldScores, training, refit.trees);
    const n = evalSet.rows.length;
    const labels = new Uint8Array(n);
    const ids = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = evalSet.rows[i].memberId;
      labels[i] = labelOf(evalSet.labels, evalSet.rows[i].memberId) ? 1 : 0;
    }
    const probs = scoreProbabilities(model, evalSet.rows, evalSet.community);
    const metrics = {
      model: evaluateRanking(probs, labels, ids, { capacity: opts.contactCapacity, probabilities: true }),
    } as Record<RankerName, RankingMetrics>;
    const scores: Record<string, Float64Array> = { model: probs };
    for (const name of BASELINE_NAMES) {
      scores[name] = baselineScores(name, kind, evalSet.rows, evalSet.community, opts.seed ?? 1);
      metrics[name] = evaluateRanking(scores[name], labels, ids, { capacity: opts.contactCapacity });
    }
    evaluated.push({ cutoff: evalSet.cutoff, labels, ids, scores });
    const baseRate = model.trainedOn.rows > 0 ? model.trainedOn.positives / model.trainedOn.rows : 0;
    const referenceBrier = brierScore(new Float64Array(n).fill(baseRate), labels);
    if (referenceBrier !== null) referenceSum += referenceBrier * n;
    for (let i = 0; i < n; i++) {
      pooledProbs.push(probs[i]);
      pooledLabels.push(labels[i]);
    }
    results.push({
      cutoff: evalSet.cutoff,
      n,
      positives: metrics.model.positives,
      method: model.method,
      lambda: model.lambda,
      trainedOn: model.trainedOn,
      referenceBrier,
      metrics,
    });
  }
  const backtest: BacktestResult = {
    kind,
    contactCapacity: opts.contactCapacity,
    horizonWeeks,
    baselineProbabilities: "null",
    cutoffs: results,
    skipped,
    pooled: poolResults(results, pooledProbs, pooledLabels, referenceSum),
    evaluated,
  };
  return { model: finalModel || undefined, backtest };
}

function poolResults(
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
