// Rolling-origin backtest: at each past cut-off, train only on cut-offs whose outcomes were known by then,
// score that cut-off, and compare the model with every baseline on the same members.
import { BASELINE_NAMES, baselineScores, type BaselineName } from "./baselines";
import type { EvaluatedCutoff } from "./compare";
import { brierScore, evaluateRanking, type CalibrationBin, type RankingMetrics } from "./metrics";
import { keep, recall, recalls } from "./fit-memo";
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

export { RANKER_NAMES, type RankerName } from "./backtest-pool";

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
  /**
   * A digest of everything a set holds (rows, labels, community), when the caller has one: each evaluated cut-off's
   * scores and metrics are then kept (fit-memo.ts) under it and the refit's key, so a later backtest that reuses the
   * refit does not score that cut-off and its baselines again (a new cut-off leaves 5 of 6 evaluations as they were).
   */
  setDigest?: (set: LabelledSet) => string | undefined;
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

import { poolResults, type RankerName, type ScalarMetric } from "./backtest-pool";

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
  return startBacktest(kind, sets, opts).backtest();
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
  return startFitAndBacktest(kind, sets, final, opts).finish();
}

/**
 * A ranking's fits on the fit pool, in steps: the backtest's refits' folds and trees are queued when it is started,
 * the final model's by startFinal(); backtest() and model() make the rest on this thread and return what they give.
 */
export interface StartedFit {
  /** Queues the final model's folds and trees (after every ranking's refits', whose results are needed first). */
  startFinal(): void;
  /** The backtest: each refit's logistic part made here, its jobs collected, its cut-off scored. */
  backtest(): BacktestResult;
  /** The final model (its jobs queued first if startFinal was not called). */
  model(): RankingModel;
  /** backtest() then model(). */
  finish(): { model: RankingModel; backtest: BacktestResult };
}

/**
 * fitAndBacktest in steps. A caller fitting two rankings starts both (their refits' jobs queued), then queues both
 * final models' jobs, then makes both backtests (queuing each deployment bootstrap as soon as its backtest is scored),
 * then both final models: the jobs are queued in the order their results are needed, and the bootstraps run on the
 * second core while this thread makes the final models (their logistic parts and importance), so both threads end
 * together. Same results as fitAndBacktest: a job gives the same numbers on whichever thread runs it, in any order.
 */
export function startFitAndBacktest(
  kind: RankingKind,
  sets: readonly LabelledSet[],
  final: TrainOptions,
  opts: BacktestOptions,
): StartedFit {
  const started = startBacktest(kind, sets, opts, final);
  let backtest: BacktestResult | undefined;
  let model: RankingModel | undefined;
  const fit: StartedFit = {
    startFinal: started.startFinal,
    backtest: () => (backtest ??= started.backtest()),
    model: () => (model ??= started.model()!),
    finish: () => ({ backtest: fit.backtest(), model: fit.model() }),
  };
  return fit;
}

/** Queues every refit of the backtest; the final model's fits (if asked for) are queued by startFinal(). */
function startBacktest(
  kind: RankingKind,
  sets: readonly LabelledSet[],
  opts: BacktestOptions,
  final?: TrainOptions,
): { startFinal(): void; backtest(): BacktestResult; model(): RankingModel | undefined } {
  const horizonWeeks = opts.horizonWeeks ?? opts.train?.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const sorted = [...sets].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
  const cutoffs = sorted.map((s) => s.cutoff);
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
  const fitting = refitting.filter((r) => needsFit(r!.known, train));
  for (const refit of fitting) startFolds(stack, training, refit!.known, train, foldScores);
  for (const refit of fitting) refit!.trees = startTrees(stack, training, refit!.known, train);
  let finalStarted = false;
  let finalTrees: ReturnType<typeof startTrees>;
  const startFinal = () => {
    if (finalStarted || final === undefined) return;
    finalStarted = true;
    if (!needsFit(all, final)) return;
    startFolds(stack, training, all, final, foldScores);
    finalTrees = startTrees(stack, training, all, final);
  };
  return {
    startFinal,
    backtest: () =>
      evaluateRefits(kind, sorted, refits, opts, horizonWeeks, {
        fit: (known, trees) => trainOnStack(kind, stack, known, train, foldScores, training, trees),
        key: (known) => modelKey(kind, stack, training, known, train),
      }),
    model: () => {
      if (final === undefined) return undefined;
      startFinal();
      return trainOnStack(kind, stack, all, final, foldScores, training, finalTrees);
    },
  };
}

/** One evaluated cut-off: its row in the backtest and its rows' labels and scores. */
interface Evaluation {
  result: CutoffResult;
  evaluated: EvaluatedCutoff;
}

/**
 * Scores each evaluated cut-off with its refit (made by `refit.fit`, whose memo key `refit.key` gives) and every
 * baseline, and pools the results.
 */
function evaluateRefits(
  kind: RankingKind,
  sorted: readonly LabelledSet[],
  refits: readonly ({ known: number; trees: ReturnType<typeof startTrees> } | null)[],
  opts: BacktestOptions,
  horizonWeeks: number,
  refit: {
    fit: (known: number, trees: ReturnType<typeof startTrees>) => RankingModel;
    key: (known: number) => string;
  },
): BacktestResult {
  const results: CutoffResult[] = [];
  const skipped: BacktestResult["skipped"] = [];
  const pooledProbs: number[] = [];
  const pooledLabels: number[] = [];
  let referenceSum = 0;
  const evaluated: EvaluatedCutoff[] = [];
  for (let v = 0; v < sorted.length; v++) {
    const evalSet = sorted[v];
    const planned = refits[v];
    if (!planned) continue;
    const { known } = planned;
    if (known < (opts.minTrainingSets ?? 1)) {
      skipped.push({ cutoff: evalSet.cutoff, reason: `${known} earlier cut-offs had complete labels` });
      continue;
    }
    const digest = opts.setDigest?.(evalSet);
    const key =
      digest === undefined
        ? null
        : `evaluation|${refit.key(known)}|${digest}|k=${opts.contactCapacity}|seed=${opts.seed ?? 1}`;
    let evaluation = key === null ? undefined : recall<Evaluation>(key);
    if (!evaluation) {
      evaluation = evaluateCutoff(kind, evalSet, refit.fit(known, planned.trees), opts);
      if (key !== null) keep(key, evaluation);
    }
    const { result, evaluated: scored } = evaluation;
    evaluated.push(scored);
    if (result.referenceBrier !== null) referenceSum += result.referenceBrier * result.n;
    const probs = scored.scores.model;
    for (let i = 0; i < result.n; i++) {
      pooledProbs.push(probs[i]);
      pooledLabels.push(scored.labels[i]);
    }
    results.push(result);
  }
  return {
    kind,
    contactCapacity: opts.contactCapacity,
    horizonWeeks,
    baselineProbabilities: "null",
    cutoffs: results,
    skipped,
    pooled: poolResults(results, pooledProbs, pooledLabels, referenceSum),
    evaluated,
  };
}

/** The refit's and every baseline's scores and metrics on one evaluated cut-off. */
function evaluateCutoff(
  kind: RankingKind,
  evalSet: LabelledSet,
  model: RankingModel,
  opts: BacktestOptions,
): Evaluation {
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
  const baseRate = model.trainedOn.rows > 0 ? model.trainedOn.positives / model.trainedOn.rows : 0;
  const result: CutoffResult = {
    cutoff: evalSet.cutoff,
    n,
    positives: metrics.model.positives,
    method: model.method,
    lambda: model.lambda,
    trainedOn: model.trainedOn,
    referenceBrier: brierScore(new Float64Array(n).fill(baseRate), labels),
    metrics,
  };
  return { result, evaluated: { cutoff: evalSet.cutoff, labels, ids, scores } };
}
