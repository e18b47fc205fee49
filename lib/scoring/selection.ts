// Rolling-origin validation shared by every learner: later cut-offs scored by fits on earlier, label-complete
// ones. Picks the logistic lambda (log-loss), then logistic vs boosted trees (AUC), and keeps the evidence.
import { buildFeatureMatrix, FEATURE_COUNT, type FeatureMatrix } from "./features";
import { fitGbm, type GbmOptions } from "./gbm";
import { gbmProbabilities } from "./gbm-predict";
import { fitLogistic, predictProbabilities, type LogisticFit, type LogisticOptions } from "./logistic";
import { auc, logLoss } from "./metrics";
import { labelOf, type LabelledSet } from "./types";

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
  const data = new Float64Array(n * FEATURE_COUNT);
  const labels = new Uint8Array(n);
  sets.forEach((s, k) => {
    data.set(buildFeatureMatrix(s.rows, s.community).data, offsets[k] * FEATURE_COUNT);
    for (let i = 0; i < s.rows.length; i++) labels[offsets[k] + i] = labelOf(s.labels, s.rows[i].memberId) ? 1 : 0;
  });
  return { sets, matrix: { n, p: FEATURE_COUNT, data }, labels, offsets };
}

const DAY_MS = 86_400_000;
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

/** Train on rows [0, trainRows), validate on [from, to). */
export interface Fold {
  trainRows: number;
  from: number;
  to: number;
}

/** The most recent cut-offs (up to maxFolds) whose earlier, label-complete cut-offs hold enough positives. */
export function validationFolds(stack: StackedSets, horizonWeeks: number, maxFolds: number, minPositives: number): Fold[] {
  const cutoffs = stack.sets.map((s) => s.cutoff);
  const folds: Fold[] = [];
  for (let v = stack.sets.length - 1; v > 0 && folds.length < maxFolds; v--) {
    const known = Math.min(v, setsKnownBy(cutoffs, cutoffs[v], horizonWeeks));
    const trainRows = stack.offsets[known];
    const from = stack.offsets[v];
    const to = stack.offsets[v + 1];
    const valPositives = countPositives(stack.labels, from, to);
    if (countPositives(stack.labels, 0, trainRows) < minPositives || valPositives === 0 || valPositives === to - from) continue;
    folds.push({ trainRows, from, to });
  }
  return folds;
}

export interface LambdaEvidence {
  lambda: number;
  folds: number;
  meanLogLoss: number | null;
  meanAuc: number | null;
}

export interface LearnerEvidence {
  learner: "logistic" | "gbm";
  /** e.g. "logistic λ=0.01" or "gbm depth 3 × 100 rounds". */
  label: string;
  lambda?: number;
  gbm?: Pick<GbmOptions, "depth" | "rounds">;
  folds: number;
  meanAuc: number | null;
  meanLogLoss: number | null;
}

/** Per-candidate sums of validation AUC and log-loss over folds, turned into means. */
class Tally {
  private sums = new Map<string, { auc: number; loss: number }>();
  add(key: string, probs: Float64Array, y: Uint8Array): void {
    const s = this.sums.get(key) ?? { auc: 0, loss: 0 };
    s.auc += auc(probs, y) ?? 0.5;
    s.loss += logLoss(probs, y) ?? 0;
    this.sums.set(key, s);
  }
  means(key: string, folds: number): { meanAuc: number | null; meanLogLoss: number | null } {
    const s = this.sums.get(key);
    return folds && s ? { meanAuc: s.auc / folds, meanLogLoss: s.loss / folds } : { meanAuc: null, meanLogLoss: null };
  }
}

export const lambdaLabel = (lambda: number) => `logistic λ=${lambda}`;
export const gbmLabel = (o: Pick<GbmOptions, "depth" | "rounds">) => `gbm depth ${o.depth} × ${o.rounds} rounds`;

/**
 * Every candidate fitted on each fold's earlier rows and scored on its cut-off. Lambdas warm-start strongest
 * first; each tree depth is fitted once at its most rounds and scored at every smaller round count (staged).
 */
export function validateCandidates(
  stack: StackedSets,
  folds: readonly Fold[],
  lambdas: readonly number[],
  gbmGrid: readonly Required<Pick<GbmOptions, "depth" | "rounds">>[],
  opts: { classWeight?: LogisticOptions["classWeight"]; gbm?: GbmOptions },
): { lambdas: LambdaEvidence[]; learners: LearnerEvidence[] } {
  const p = FEATURE_COUNT;
  const tally = new Tally();
  const order = [...lambdas].sort((a, b) => b - a);
  const depths = [...new Set(gbmGrid.map((g) => g.depth))];
  for (const f of folds) {
    const x = stack.matrix.data.subarray(f.from * p, f.to * p);
    const y = stack.labels.subarray(f.from, f.to);
    let previous: LogisticFit | undefined;
    for (const lambda of order) {
      previous = fitLogistic(stack.matrix.data, f.trainRows, p, stack.labels, { lambda, classWeight: opts.classWeight, initial: previous });
      tally.add(lambdaLabel(lambda), predictProbabilities(previous, x, f.to - f.from, p), y);
    }
    for (const depth of depths) {
      const rounds = gbmGrid.filter((g) => g.depth === depth).map((g) => g.rounds);
      const model = fitGbm(stack.matrix.data, f.trainRows, p, stack.labels, { ...opts.gbm, depth, rounds: Math.max(...rounds) });
      for (const r of rounds) tally.add(gbmLabel({ depth, rounds: r }), gbmProbabilities(model, x, f.to - f.from, p, r), y);
    }
  }
  const k = folds.length;
  return {
    lambdas: lambdas.map((lambda) => ({ lambda, folds: k, ...tally.means(lambdaLabel(lambda), k) })),
    learners: [
      ...lambdas.map((lambda) => ({ learner: "logistic" as const, label: lambdaLabel(lambda), lambda, folds: k, ...tally.means(lambdaLabel(lambda), k) })),
      ...gbmGrid.map((g) => ({ learner: "gbm" as const, label: gbmLabel(g), gbm: { depth: g.depth, rounds: g.rounds }, folds: k, ...tally.means(gbmLabel(g), k) })),
    ],
  };
}

/** Smallest mean validation log-loss; near-ties go to the stronger penalty (simpler model). */
export function pickLambda(candidates: readonly LambdaEvidence[]): number {
  let best = candidates[0];
  for (const c of candidates) {
    const a = c.meanLogLoss ?? Infinity;
    const b = best.meanLogLoss ?? Infinity;
    if (a < b - 1e-6 || (Math.abs(a - b) <= 1e-6 && c.lambda > best.lambda)) best = c;
  }
  return best.lambda;
}

/** Trees replace logistic only when better by more than this validation AUC (their best of several shapes is optimistic); near-ties go to log-loss. */
export const AUC_TIE = 0.01;
/** Below this many training positives, trees must beat logistic by LEARNER_MARGIN_FEW on validation AUC. */
export const FEW_POSITIVES = 100;
export const LEARNER_MARGIN_FEW = 0.02;

/** Trees are only chosen on evidence from at least this many validation cut-offs (one cut-off is too noisy). */
export const MIN_FOLDS_FOR_TREES = 2;

/** Higher mean AUC wins (ties by log-loss); with few positives the trees must win clearly. */
export function pickLearner(logistic: LearnerEvidence, trees: readonly LearnerEvidence[], positives: number): LearnerEvidence {
  if (logistic.folds < MIN_FOLDS_FOR_TREES) return logistic;
  let gbm: LearnerEvidence | null = null;
  for (const t of trees) {
    if (t.meanAuc === null) continue;
    if (!gbm || t.meanAuc > gbm.meanAuc! + 1e-12 || (Math.abs(t.meanAuc - gbm.meanAuc!) <= 1e-12 && (t.meanLogLoss ?? Infinity) < (gbm.meanLogLoss ?? Infinity))) gbm = t;
  }
  if (!gbm || logistic.meanAuc === null) return logistic;
  const diff = gbm.meanAuc! - logistic.meanAuc;
  if (positives < FEW_POSITIVES) return diff >= LEARNER_MARGIN_FEW ? gbm : logistic;
  if (diff > AUC_TIE) return gbm;
  if (diff < 0) return logistic;
  return (gbm.meanLogLoss ?? Infinity) < (logistic.meanLogLoss ?? Infinity) ? gbm : logistic;
}
