// Fits the rankings on the labelled past cut-offs history.ts builds: the final model, its rolling-origin backtest and
// the deployment choice (model or best baseline), each ranking kept whole when it was fitted on the very same sets.
// Both rankings are fitted in steps, so the fit pool's second thread (lib/scoring/fit-pool.ts) has work throughout.
import "server-only";
import { createHash } from "node:crypto";
import type { BacktestResult, LabelledSet, RankingKind, RankingModel } from "@/lib/scoring";
import { startFitAndBacktest, type BacktestOptions } from "@/lib/scoring/backtest";
import type { EvaluatedCutoff } from "@/lib/scoring/compare";
import type { Deployment } from "@/lib/scoring/deploy";
import { keep, keptOr, recall } from "@/lib/scoring/fit-memo";
import { chooseDeploymentSoon, fitWorkerReady, type Pending } from "@/lib/scoring/fit-pool";
import { MODEL_VERSION, setsKnownBy, type TrainOptions } from "@/lib/scoring/model";
import { RANKING_KINDS } from "@/lib/scoring/types";
import { evaluationCalendar } from "./dates";
import { labelledSetDigest } from "./history";

export interface FittedRanking {
  model: RankingModel;
  backtest: BacktestResult;
  /** Which ranker ranks (model or best baseline), chosen on the backtest's out-of-time cut-offs. */
  deployment: Deployment;
}

type FitRankingOptions = { horizonWeeks: number; contactCapacity: number; backtestCutoffs?: number };

/** Trains on every past cut-off and backtests the most recent `backtestCutoffs` of them (rolling origin). */
export function fitRanking(kind: RankingKind, sets: LabelledSet[], opts: FitRankingOptions): FittedRanking {
  return startFitRanking(kind, sets, opts).result();
}

/**
 * fitRanking for every ranking at once, in steps that keep the fit pool's second thread busy (lib/scoring/fit-pool.ts):
 * every ranking's refit jobs are queued, then every final model's; each backtest is made here and its deployment
 * bootstrap queued at once; the final models come last, made here while the second thread runs the bootstraps, which
 * are collected at the end.
 * The same rankings as fitRanking one by one: a job gives the same numbers on whichever thread runs it.
 */
export function fitRankings(
  sets: Record<RankingKind, LabelledSet[]>,
  opts: FitRankingOptions,
): Record<RankingKind, FittedRanking> {
  const fitting = RANKING_KINDS.map((kind) => startFitRanking(kind, sets[kind], opts));
  for (const ranking of fitting) ranking.startFinal();
  for (const ranking of fitting) ranking.finishBacktest();
  for (const ranking of fitting) ranking.finishFinal();
  return Object.fromEntries(RANKING_KINDS.map((kind, k) => [kind, fitting[k].result()])) as Record<
    RankingKind,
    FittedRanking
  >;
}

/**
 * A ranking being fitted in steps: its refits are queued (started), then its final model's fits (startFinal), then
 * the backtest is made and its deployment queued (finishBacktest), then the final model made (finishFinal), then all
 * collected (result).
 */
interface FittingRanking {
  startFinal(): void;
  finishBacktest(): void;
  finishFinal(): void;
  result(): FittedRanking;
}

function startFitRanking(kind: RankingKind, sets: LabelledSet[], opts: FitRankingOptions): FittingRanking {
  // A ranking fitted on the very same sets and options is the same ranking (fitting is deterministic): kept whole, it
  // skips stacking the rows, scoring the backtest's cut-offs and the deployment's bootstrap too, not only the fits.
  const digests = sets.map((s) => labelledSetDigest(s));
  const key = digests.every((d) => d !== undefined)
    ? `ranking|${MODEL_VERSION}|${kind}|${createHash("sha256").update(digests.join("|")).digest("base64")}|${JSON.stringify(opts)}`
    : null;
  const kept = key === null ? undefined : recall<FittedRanking>(key);
  const nothing = () => {};
  if (kept) return { startFinal: nothing, finishBacktest: nothing, finishFinal: nothing, result: () => kept };
  // Started when a recompute decides to refit (snapshot.ts), the worker has loaded during the extraction; else it
  // loads (~0.3 s) while this thread stacks the rows, so it serves the first fold instead of starting on it.
  void fitWorkerReady();
  const started = startFitAndBacktest(kind, sets, ...backtestPlan(sets, opts));
  let deployment: Pending<Deployment> | undefined;
  let fitted: FittedRanking | undefined;
  const finishBacktest = () => {
    deployment ??= deploymentFor(kind, started.backtest().evaluated);
  };
  return {
    startFinal: started.startFinal,
    finishBacktest,
    finishFinal: () => void started.model(),
    result: () => {
      if (fitted) return fitted;
      finishBacktest();
      const model = started.model();
      fitted = { model, backtest: started.backtest(), deployment: deployment!.result() };
      return key === null ? fitted : keep(key, fitted);
    },
  };
}

/** The final model's options and the backtest's: which cut-offs it evaluates, and from how many training sets. */
function backtestPlan(
  sets: LabelledSet[],
  opts: FitRankingOptions,
): [final: TrainOptions, backtest: BacktestOptions] {
  const cutoffs = sets.map((s) => s.cutoff).sort();
  const strided = evaluationCalendar(cutoffs);
  const evaluate = Math.max(1, Math.min(opts.backtestCutoffs ?? 6, strided.length));
  const evaluateCutoffs = new Set(strided.slice(-evaluate));
  const minTrainingSets = Math.max(
    1,
    cutoffs.length ? setsKnownBy(cutoffs, strided[strided.length - evaluate], opts.horizonWeeks) : 1,
  );
  // The backtest refits at each cut-off on earlier data only, choosing its own lambda there, as the final model did.
  // One stack for both (lib/scoring/backtest.ts): the final model is trainRankingModel's.
  return [
    { horizonWeeks: opts.horizonWeeks },
    {
      contactCapacity: opts.contactCapacity,
      horizonWeeks: opts.horizonWeeks,
      minTrainingSets,
      evaluateCutoffs,
      setDigest: labelledSetDigest,
    },
  ];
}

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/**
 * chooseDeployment on these evaluated cut-offs, kept (fit-memo.ts) under a digest of everything it reads: their
 * labels, ids and every ranker's scores. Its bootstrap took 0.3–0.7 s per ranking; when a new cut-off closes off the
 * evaluation calendar (dates.ts), the backtest's refits are all reused and so is this.
 */
function deploymentFor(kind: RankingKind, evaluated: readonly EvaluatedCutoff[]): Pending<Deployment> {
  const hash = createHash("sha256").update(`${MODEL_VERSION}|${kind}`);
  for (const c of evaluated) {
    hash.update(`|${c.cutoff}|${c.labels.length}|`).update(bytesOf(c.labels)).update(bytesOf(c.ids));
    for (const name of Object.keys(c.scores).sort()) hash.update(`|${name}|`).update(bytesOf(c.scores[name]));
  }
  const key = `deployment|${hash.digest("base64")}`;
  return keptOr(key, () => chooseDeploymentSoon(kind, evaluated));
}
