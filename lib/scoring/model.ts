// Trains a serialisable ranking model from past labelled cut-offs (logistic or boosted trees, chosen on
// rolling-origin validation; a weighted fallback when positives are scarce) and scores members, explained.
import { explainContributions } from "./explain";
import { FEATURE_COUNT, FEATURE_NAMES, buildFeatureMatrix, communityScale } from "./features";
import { fallbackParameters, MIN_POSITIVES_TO_LEARN } from "./fallback";
import { fitGbm, type GbmModel, type GbmOptions } from "./gbm";
import { gbmBias, gbmExplainer, gbmLogOdds } from "./gbm-predict";
import { DEFAULT_LAMBDA, fitLogistic, predictProbabilities, sigmoid, type LogisticOptions } from "./logistic";
import { rankOrder } from "./metrics";
import {
  countPositives, lambdaLabel, pickLambda, pickLearner, stackSets, validateCandidates, validationFolds,
  type LambdaEvidence, type LearnerEvidence, type StackedSets,
} from "./selection";
import { DEFAULT_HORIZON_WEEKS, type CommunityContext, type LabelledSet, type MemberActivityInput, type RankingKind, type ScoredMember } from "./types";

export { setsKnownBy } from "./selection";
export type { LambdaEvidence, LearnerEvidence } from "./selection";

export const MODEL_VERSION = 3;
/** Regularisation strengths compared by rolling-origin validation when enough cut-offs exist. */
export const DEFAULT_LAMBDA_GRID = [1e-3, 1e-2, 1e-1];
/** Boosted-tree shapes compared beside logistic (each depth fitted once per fold, scored at each round count). */
export const DEFAULT_GBM_GRID: readonly Required<Pick<GbmOptions, "depth" | "rounds">>[] = [
  { depth: 2, rounds: 50 }, { depth: 2, rounds: 100 }, { depth: 2, rounds: 150 },
  { depth: 3, rounds: 50 }, { depth: 3, rounds: 100 }, { depth: 3, rounds: 150 },
];

export interface RankingModel {
  version: number;
  kind: RankingKind;
  method: "logistic" | "gbm" | "fallback";
  reasonForFallback?: string;
  featureNames: string[];
  /**
   * logistic: log-odds per standard deviation; fallback: per unit (stds = 1). gbm: not used for scoring;
   * each feature's mean |path contribution| on the training rows, signed by whether higher values raise the score.
   */
  weights: number[];
  means: number[];
  stds: number[];
  /** Log-odds of the average member (gbm: base score plus every tree's root value). */
  intercept: number;
  lambda: number | null;
  /** The fitted trees when method = "gbm". */
  gbm?: GbmModel;
  /**
   * How the learner was chosen on later cut-offs trained on earlier ones: lambda by mean validation log-loss,
   * then logistic against each tree shape by mean validation AUC (ties by log-loss).
   */
  selection?: {
    criterion: "mean validation AUC, ties by log-loss";
    chosen: string;
    learners: LearnerEvidence[];
    lambda: { criterion: "mean validation log-loss"; chosen: number; candidates: LambdaEvidence[] };
  };
  trainedOn: { cutoffs: string[]; rows: number; positives: number };
}

export interface TrainOptions {
  /** Fixed lambda for logistic; skips lambda selection. */
  lambda?: number;
  /** Candidates for rolling-origin selection (default DEFAULT_LAMBDA_GRID). */
  lambdas?: number[];
  /** Tree shapes compared with logistic (default DEFAULT_GBM_GRID; [] = logistic only). */
  gbmGrid?: readonly Required<Pick<GbmOptions, "depth" | "rounds">>[];
  /** Other tree options (learning rate, leaf size, seed...). */
  gbm?: GbmOptions;
  minPositives?: number;
  classWeight?: LogisticOptions["classWeight"];
  /** A training cut-off's labels are known only horizonWeeks after it; used to keep validation honest. */
  horizonWeeks?: number;
  /** Most recent validation cut-offs used for selection (default 2). */
  maxValidationFolds?: number;
}

/** Signed mean |contribution| per feature over the rows: what the trees lean on, and in which direction. */
function gbmImportance(model: GbmModel, stack: StackedSets): number[] {
  const { n, p, data } = stack.matrix;
  const explain = gbmExplainer(model);
  const contributions = new Float64Array(p);
  const magnitude = new Float64Array(p);
  const covariance = new Float64Array(p);
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += data[i * p + j] / n;
  for (let i = 0; i < n; i++) {
    explain(data, i * p, contributions);
    for (let j = 0; j < p; j++) {
      magnitude[j] += Math.abs(contributions[j]) / n;
      covariance[j] += contributions[j] * (data[i * p + j] - means[j]);
    }
  }
  return Array.from(magnitude, (m, j) => Math.round((covariance[j] < 0 ? -m : m) * 1e6) / 1e6);
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
  const lambdas = opts.lambda !== undefined ? [opts.lambda] : (opts.lambdas ?? DEFAULT_LAMBDA_GRID);
  const gbmGrid = opts.gbmGrid ?? DEFAULT_GBM_GRID;
  const folds = lambdas.length > 1 || gbmGrid.length > 0
    ? validationFolds(stack, opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS, opts.maxValidationFolds ?? 2, minPositives)
    : [];
  let selection: RankingModel["selection"];
  let lambda = opts.lambda ?? opts.lambdas?.[0] ?? DEFAULT_LAMBDA;
  let chosen: LearnerEvidence | null = null;
  if (folds.length > 0) {
    const evidence = validateCandidates(stack, folds, lambdas, gbmGrid, { classWeight: opts.classWeight, gbm: opts.gbm });
    lambda = pickLambda(evidence.lambdas);
    const logistic = evidence.learners.find((l) => l.label === lambdaLabel(lambda))!;
    chosen = pickLearner(logistic, evidence.learners.filter((l) => l.learner === "gbm"), positives);
    selection = {
      criterion: "mean validation AUC, ties by log-loss",
      chosen: chosen.label,
      learners: evidence.learners,
      lambda: { criterion: "mean validation log-loss", chosen: lambda, candidates: evidence.lambdas },
    };
  }
  if (chosen?.learner === "gbm") {
    const gbm = fitGbm(stack.matrix.data, n, FEATURE_COUNT, stack.labels, { ...opts.gbm, ...chosen.gbm });
    return {
      ...base,
      method: "gbm",
      weights: gbmImportance(gbm, stack),
      means: new Array<number>(FEATURE_COUNT).fill(0),
      stds: new Array<number>(FEATURE_COUNT).fill(1),
      intercept: gbmBias(gbm),
      lambda: null,
      gbm,
      ...(selection ? { selection } : {}),
    };
  }
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
  if (model.method !== "gbm") return predictProbabilities(model, data, n, p);
  const out = gbmLogOdds(model.gbm!, data, n, p);
  for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]);
  return out;
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
  const scores = model.method === "gbm" ? gbmLogOdds(model.gbm!, data, n, p) : new Float64Array(n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = model.intercept;
    if (model.method === "gbm") e = scores[i];
    else for (let j = 0, o = i * p; j < p; j++) e += coef[j] * (data[o + j] - model.means[j]);
    scores[i] = sigmoid(e);
    ids[i] = rows[i].memberId;
  }
  // Per-feature log-odds relative to the average member: coefficient × deviation, or the trees' path attribution.
  const explainGbm = model.method === "gbm" ? gbmExplainer(model.gbm!) : null;
  const contributionsOf = (i: number, out: Float64Array) => {
    if (explainGbm) return explainGbm(data, i * p, out);
    for (let j = 0, o = i * p; j < p; j++) out[j] = coef[j] * (data[o + j] - model.means[j]);
    return out;
  };
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
      reasons = explainContributions(rows[i], contributionsOf(i, contributions), scale, limit, norm);
    }
    out[r] = { memberId: rows[i].memberId, score: scores[i], reasons };
  }
  return out;
}
