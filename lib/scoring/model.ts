// Trains a serialisable ranking model from past labelled cut-offs (logistic, or the weighted fallback
// when positives are scarce) and scores members into a sorted, explained ranking.
import { explainContributions } from "./explain";
import { FEATURE_COUNT, FEATURE_NAMES, buildFeatureMatrix, communityScale, type FeatureMatrix } from "./features";
import { fallbackParameters, MIN_POSITIVES_TO_LEARN } from "./fallback";
import { DEFAULT_LAMBDA, fitLogistic, predictProbabilities, sigmoid, type LogisticFit, type LogisticOptions } from "./logistic";
import { auc, logLoss, rankOrder } from "./metrics";
import { DEFAULT_HORIZON_WEEKS, labelOf, type CommunityContext, type LabelledSet, type MemberActivityInput, type RankingKind, type ScoredMember } from "./types";

export const MODEL_VERSION = 2;
/** Regularisation strengths compared by rolling-origin validation when enough cut-offs exist. */
export const DEFAULT_LAMBDA_GRID = [1e-3, 1e-2, 1e-1];

export interface LambdaEvidence {
  lambda: number;
  folds: number;
  meanLogLoss: number | null;
  meanAuc: number | null;
}

export interface RankingModel {
  version: number;
  kind: RankingKind;
  method: "logistic" | "fallback";
  reasonForFallback?: string;
  featureNames: string[];
  /** Log-odds per standard deviation (logistic) or per unit (fallback, stds = 1) of each feature. */
  weights: number[];
  means: number[];
  stds: number[];
  intercept: number;
  lambda: number | null;
  /** How lambda was chosen: validation log-loss per candidate on later cut-offs trained on earlier ones. */
  selection?: { criterion: "mean validation log-loss"; chosen: number; candidates: LambdaEvidence[] };
  trainedOn: { cutoffs: string[]; rows: number; positives: number };
}

export interface TrainOptions {
  /** Fixed lambda; skips selection. */
  lambda?: number;
  /** Candidates for rolling-origin selection (default DEFAULT_LAMBDA_GRID). */
  lambdas?: number[];
  minPositives?: number;
  classWeight?: LogisticOptions["classWeight"];
  /** A training cut-off's labels are known only horizonWeeks after it; used to keep validation honest. */
  horizonWeeks?: number;
  /** Most recent validation cut-offs used for lambda selection (default 2). */
  maxValidationFolds?: number;
}

interface StackedSets {
  sets: LabelledSet[];
  matrix: FeatureMatrix;
  labels: Uint8Array;
  /** offsets[i] = first row of set i; offsets[sets.length] = n. */
  offsets: number[];
}

function stackSets(trainingSets: readonly LabelledSet[]): StackedSets {
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

function countPositives(labels: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c += labels[i];
  return c;
}

function selectLambda(stack: StackedSets, lambdas: number[], opts: TrainOptions, minPositives: number) {
  const cutoffs = stack.sets.map((s) => s.cutoff);
  const horizon = opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const p = FEATURE_COUNT;
  const folds: { trainRows: number; from: number; to: number }[] = [];
  for (let v = stack.sets.length - 1; v > 0 && folds.length < (opts.maxValidationFolds ?? 2); v--) {
    const known = Math.min(v, setsKnownBy(cutoffs, cutoffs[v], horizon));
    const trainRows = stack.offsets[known];
    const from = stack.offsets[v];
    const to = stack.offsets[v + 1];
    const valPositives = countPositives(stack.labels, from, to);
    if (countPositives(stack.labels, 0, trainRows) < minPositives || valPositives === 0 || valPositives === to - from) continue;
    folds.push({ trainRows, from, to });
  }
  // Strongest penalty first, each fit warm-starting the next on the same fold: same optimum, fewer Newton steps.
  const order = [...lambdas].sort((a, b) => b - a);
  const loss = new Map<number, number>(order.map((l) => [l, 0]));
  const area = new Map<number, number>(order.map((l) => [l, 0]));
  for (const f of folds) {
    const x = stack.matrix.data.subarray(f.from * p, f.to * p);
    const y = stack.labels.subarray(f.from, f.to);
    let previous: LogisticFit | undefined;
    for (const lambda of order) {
      previous = fitLogistic(stack.matrix.data, f.trainRows, p, stack.labels, { lambda, classWeight: opts.classWeight, initial: previous });
      const probs = predictProbabilities(previous, x, f.to - f.from, p);
      loss.set(lambda, loss.get(lambda)! + (logLoss(probs, y) ?? 0));
      area.set(lambda, area.get(lambda)! + (auc(probs, y) ?? 0.5));
    }
  }
  const k = folds.length;
  const candidates: LambdaEvidence[] = lambdas.map((lambda) => ({
    lambda,
    folds: k,
    meanLogLoss: k ? loss.get(lambda)! / k : null,
    meanAuc: k ? area.get(lambda)! / k : null,
  }));
  if (folds.length === 0) return null;
  // Smallest loss wins; near-ties go to the stronger penalty (simpler model).
  let best = candidates[0];
  for (const c of candidates) {
    if ((c.meanLogLoss ?? Infinity) < (best.meanLogLoss ?? Infinity) - 1e-6) best = c;
    else if (Math.abs((c.meanLogLoss ?? Infinity) - (best.meanLogLoss ?? Infinity)) <= 1e-6 && c.lambda > best.lambda) best = c;
  }
  return { criterion: "mean validation log-loss" as const, chosen: best.lambda, candidates };
}

export function trainRankingModel(kind: RankingKind, trainingSets: readonly LabelledSet[], opts: TrainOptions = {}): RankingModel {
  const stack = stackSets(trainingSets);
  const n = stack.matrix.n;
  const positives = countPositives(stack.labels, 0, n);
  const minPositives = opts.minPositives ?? MIN_POSITIVES_TO_LEARN;
  const base = {
    version: MODEL_VERSION,
    kind,
    featureNames: [...FEATURE_NAMES],
    trainedOn: { cutoffs: stack.sets.map((s) => s.cutoff), rows: n, positives },
  };
  const negatives = n - positives;
  if (positives < minPositives || negatives < minPositives) {
    const params = fallbackParameters(kind, stack.matrix, positives);
    const reasonForFallback =
      positives < minPositives
        ? `only ${positives} past positives in training (need ${minPositives}); using the documented weighted score`
        : `only ${negatives} past negatives in training (need ${minPositives}); using the documented weighted score`;
    return { ...base, method: "fallback", reasonForFallback, ...params, lambda: null };
  }
  const selection =
    opts.lambda === undefined && (opts.lambdas ?? DEFAULT_LAMBDA_GRID).length > 1
      ? selectLambda(stack, opts.lambdas ?? DEFAULT_LAMBDA_GRID, opts, minPositives)
      : null;
  const lambda = opts.lambda ?? selection?.chosen ?? opts.lambdas?.[0] ?? DEFAULT_LAMBDA;
  const fit = fitLogistic(stack.matrix.data, n, FEATURE_COUNT, stack.labels, { lambda, classWeight: opts.classWeight });
  return {
    ...base,
    method: "logistic",
    weights: fit.weights,
    means: fit.means,
    stds: fit.stds,
    intercept: fit.intercept,
    lambda,
    ...(selection ? { selection } : {}),
  };
}

function assertCompatible(model: RankingModel): void {
  if (model.featureNames.length !== FEATURE_COUNT || model.featureNames.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new Error(`Ranking model v${model.version} was trained on different features; retrain it.`);
  }
}

/** Probabilities in row order, without reasons or sorting (for backtests and bulk jobs). */
export function scoreProbabilities(model: RankingModel, rows: readonly MemberActivityInput[], community: CommunityContext): Float64Array {
  assertCompatible(model);
  const { n, p, data } = buildFeatureMatrix(rows, community);
  return predictProbabilities(model, data, n, p);
}

export interface ScoreOptions {
  /** Reasons per member (default 3). */
  reasons?: number;
  /** Only the first this-many ranked members get reasons (default all); the rest get []. */
  explainTop?: number;
}

/** Scores and ranks members best first (ties by memberId), with their top reasons. */
export function scoreMembers(
  model: RankingModel,
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
  opts: ScoreOptions = {},
): ScoredMember[] {
  assertCompatible(model);
  const scale = communityScale(community);
  const { n, p, data } = buildFeatureMatrix(rows, community);
  const coef = new Float64Array(p);
  for (let j = 0; j < p; j++) coef[j] = model.weights[j] / model.stds[j];
  const scores = new Float64Array(n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = model.intercept;
    for (let j = 0, o = i * p; j < p; j++) e += coef[j] * (data[o + j] - model.means[j]);
    scores[i] = sigmoid(e);
    ids[i] = rows[i].memberId;
  }
  const order = rankOrder(scores, ids);
  const limit = opts.reasons ?? 3;
  const explainTop = Math.min(n, opts.explainTop ?? n);
  const contributions = new Float64Array(p);
  const norm = new Float64Array(scale.weeks);
  const out: ScoredMember[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const i = order[r];
    let reasons: ScoredMember["reasons"] = [];
    if (r < explainTop && limit > 0) {
      for (let j = 0, o = i * p; j < p; j++) contributions[j] = coef[j] * (data[o + j] - model.means[j]);
      reasons = explainContributions(rows[i], contributions, scale, limit, norm);
    }
    out[r] = { memberId: rows[i].memberId, score: scores[i], reasons };
  }
  return out;
}
