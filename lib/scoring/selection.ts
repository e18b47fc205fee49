// Rolling-origin validation shared by every learner: later cut-offs scored by fits on earlier, label-complete
// ones. Picks the logistic lambda by validation AUC and keeps the evidence.
import { FEATURE_COUNT, writeFeatureRows, type FeatureMatrix } from "./features";
import type { LogisticOptions } from "./logistic";
import type { TrainingRows } from "./case-control";
import { scoreFoldSoon, sharedFloat64Array, sharedUint8Array, type Pending } from "./fit-pool";
import { keptOr, prefixDigests } from "./fit-memo";
import type { FoldScore } from "./fold-score";
import { labelOf, type LabelledSet } from "./types";
import { DAY_MS } from "@/lib/time";

export interface StackedSets {
  sets: LabelledSet[];
  matrix: FeatureMatrix;
  labels: Uint8Array;
  /** offsets[i] = first row of set i; offsets[sets.length] = n. */
  offsets: number[];
}

export function stackSets(trainingSets: readonly LabelledSet[]): StackedSets {
  const sets = [...trainingSets].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
  const offsets = [0];
  for (const s of sets) offsets.push(offsets[offsets.length - 1] + s.rows.length);
  const n = offsets[sets.length];
  // In shared memory: the fit worker reads these very arrays (fit-pool.ts), not a copy.
  const data = sharedFloat64Array(n * FEATURE_COUNT);
  const labels = sharedUint8Array(n);
  sets.forEach((s, k) => {
    writeFeatureRows(s.rows, s.community, data, offsets[k]);
    for (let i = 0; i < s.rows.length; i++)
      labels[offsets[k] + i] = labelOf(s.labels, s.rows[i].memberId) ? 1 : 0;
  });
  return { sets, matrix: { n, p: FEATURE_COUNT, data }, labels, offsets };
}

/** Number of leading sets whose labels were complete by `cutoff` (their cut-off + horizon ≤ cutoff). */
export function setsKnownBy(sortedCutoffs: readonly string[], cutoff: string, horizonWeeks: number): number {
  const limit = Date.parse(cutoff) - horizonWeeks * 7 * DAY_MS;
  let k = 0;
  while (k < sortedCutoffs.length && Date.parse(sortedCutoffs[k]) <= limit) k++;
  return k;
}

export function countPositives(labels: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c += labels[i];
  return c;
}

/** Train on the first trainSets sets (rows [0, trainRows)), validate on set `set` (rows [from, to)). */
export interface Fold {
  trainSets: number;
  trainRows: number;
  set: number;
  from: number;
  to: number;
}

/**
 * The most recent cut-offs (up to maxFolds) among the first `setCount` sets whose earlier, label-complete
 * cut-offs hold enough positives.
 */
export function validationFolds(
  stack: StackedSets,
  horizonWeeks: number,
  maxFolds: number,
  minPositives: number,
  setCount = stack.sets.length,
): Fold[] {
  const cutoffs = stack.sets.map((s) => s.cutoff);
  const folds: Fold[] = [];
  for (let v = setCount - 1; v > 0 && folds.length < maxFolds; v--) {
    const known = Math.min(v, setsKnownBy(cutoffs, cutoffs[v], horizonWeeks));
    const trainRows = stack.offsets[known];
    const from = stack.offsets[v];
    const to = stack.offsets[v + 1];
    const valPositives = countPositives(stack.labels, from, to);
    if (
      countPositives(stack.labels, 0, trainRows) < minPositives ||
      valPositives === 0 ||
      valPositives === to - from
    )
      continue;
    folds.push({ trainSets: known, trainRows, set: v, from, to });
  }
  return folds;
}

export interface LambdaEvidence {
  lambda: number;
  folds: number;
  meanLogLoss: number | null;
  meanAuc: number | null;
}

/**
 * Fold scores started or computed on one stack, keyed by fold, lambda grid and class weight. A fold depends only
 * on its rows, so the backtest's refits at neighbouring cut-offs (which share most of their folds) reuse them.
 */
export type FoldScores = Map<string, Pending<FoldScore[]>>;

/** Mean validation AUC and log-loss per candidate, over folds. */
class Tally {
  private sums = new Map<number, FoldScore>();
  add(key: number, score: FoldScore): void {
    const s = this.sums.get(key) ?? { auc: 0, loss: 0 };
    s.auc += score.auc;
    s.loss += score.loss;
    this.sums.set(key, s);
  }
  means(key: number, folds: number): { meanAuc: number | null; meanLogLoss: number | null } {
    const s = this.sums.get(key);
    return folds && s
      ? { meanAuc: s.auc / folds, meanLogLoss: s.loss / folds }
      : { meanAuc: null, meanLogLoss: null };
  }
}

function trainingRowsOf(stack: StackedSets, training?: TrainingRows): TrainingRows {
  return (
    training ?? { data: stack.matrix.data, labels: stack.labels, offsets: stack.offsets, negativeWeight: 1 }
  );
}

/** Digests of a stack's sets and of the rows its fits train on (lib/scoring/fit-memo.ts), for the fits' memo keys. */
export function stackDigests(stack: StackedSets, training: TrainingRows) {
  const names = stack.sets.map((s) => s.cutoff);
  return {
    stack: prefixDigests(stack.matrix.data, stack.labels, stack.offsets, FEATURE_COUNT, names),
    training: prefixDigests(training.data, training.labels, training.offsets, FEATURE_COUNT, names),
  };
}

/**
 * Starts every fold not yet in `memo` (on the fit pool, so that a second thread can take some): each lambda is
 * fitted on the fold's earlier rows and scored on its cut-off, warm-started strongest first. A fold whose training
 * rows, validation rows and settings were all fitted before in this process is not fitted again (fit-memo.ts).
 */
export function startFolds(
  stack: StackedSets,
  folds: readonly Fold[],
  lambdas: readonly number[],
  memo: FoldScores,
  opts: { classWeight?: LogisticOptions["classWeight"]; training?: TrainingRows } = {},
): string[] {
  const order = [...lambdas].sort((a, b) => b - a);
  const training = trainingRowsOf(stack, opts.training);
  const digests = stackDigests(stack, training);
  return folds.map((f) => {
    const key = `${f.trainRows}:${f.from}:${f.to}:${order.join(",")}:${opts.classWeight ?? "none"}`;
    const fitted = `fold|${digests.training.prefix[f.trainSets]}|w=${training.negativeWeight}|val=${digests.stack.sets[f.set]}|${order.join(",")}|${opts.classWeight ?? "none"}`;
    if (!memo.has(key))
      memo.set(
        key,
        keptOr(fitted, () =>
          scoreFoldSoon({
            trainX: training.data,
            trainY: training.labels,
            trainRows: training.offsets[f.trainSets],
            negativeWeight: training.negativeWeight,
            valX: stack.matrix.data,
            valY: stack.labels,
            from: f.from,
            to: f.to,
            p: FEATURE_COUNT,
            lambdas: order,
            classWeight: opts.classWeight,
          }),
        ),
      );
    return key;
  });
}

/**
 * Mean validation AUC and log-loss per lambda over the folds (each fold scored once per `memo`). Fits train on
 * `training` (the stack's rows, or a case-control sample of them); validation always scores every row.
 */
export function validateLambdas(
  stack: StackedSets,
  folds: readonly Fold[],
  lambdas: readonly number[],
  opts: { classWeight?: LogisticOptions["classWeight"]; memo?: FoldScores; training?: TrainingRows } = {},
): LambdaEvidence[] {
  const tally = new Tally();
  const order = [...lambdas].sort((a, b) => b - a);
  const memo: FoldScores = opts.memo ?? new Map();
  for (const key of startFolds(stack, folds, lambdas, memo, opts)) {
    const scores = memo.get(key)!.result();
    order.forEach((lambda, i) => tally.add(lambda, scores[i]));
  }
  return lambdas.map((lambda) => ({ lambda, folds: folds.length, ...tally.means(lambda, folds.length) }));
}

/** Validation AUCs closer than this are a tie: the ranking is what matters, and a stronger penalty generalises. */
export const AUC_TIE = 0.002;

/**
 * Highest mean validation AUC (the rankings are judged on order; probabilities are recalibrated after);
 * near-ties go to the stronger penalty.
 */
export function pickLambda(candidates: readonly LambdaEvidence[]): number {
  let best = candidates[0];
  for (const c of candidates) {
    const a = c.meanAuc ?? -Infinity;
    const b = best.meanAuc ?? -Infinity;
    if (a > b + AUC_TIE || (Math.abs(a - b) <= AUC_TIE && c.lambda > best.lambda)) best = c;
  }
  return best.lambda;
}
