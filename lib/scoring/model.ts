// Trains a serialisable ranking model from past labelled cut-offs (a recalibrated, regularised logistic model,
// averaged with shallow boosted trees once positives allow; a weighted fallback when scarce) and scores members, explained.
import { blendScorer, importanceOf } from "./blend-scorer";
import { caseControlRows, type TrainingRows } from "./case-control";
import { explainContributions } from "./explain";
import { featureFingerprint } from "./feature-registry";
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  buildFeatureMatrix,
  communityScale,
  type FeatureMatrix,
} from "./features";
import { fallbackParameters, MIN_POSITIVES_TO_LEARN } from "./fallback";
import type { GbmModel, GbmOptions } from "./gbm";
import { DEFAULT_LAMBDA, fitLogistic, recalibrate, sigmoid, type LogisticOptions } from "./logistic";
import { rankOrder } from "./metrics";
import { fitGbmSoon, type PendingTrees } from "./fit-pool";
import { keep, keptOr, recall } from "./fit-memo";
import {
  countPositives,
  pickLambda,
  stackDigests,
  stackSets,
  startFolds as startFoldScores,
  validateLambdas,
  validationFolds,
  type FoldScores,
  type LambdaEvidence,
  type StackedSets,
} from "./selection";
import {
  DEFAULT_HORIZON_WEEKS,
  type CommunityContext,
  type LabelledSet,
  type MemberActivityInput,
  type RankingKind,
  type ScoredMember,
} from "./types";

export { setsKnownBy } from "./selection";
export type { LambdaEvidence } from "./selection";

/**
 * The model generation and the registry's fingerprint: a new or reordered feature is a new version, and so is a
 * new definition of a feature (6: the current week scaled from the complete weeks, not by its own live total).
 */
export const MODEL_VERSION = `6.${featureFingerprint()}`;
/** Penalties compared by rolling-origin validation (on the mean log-loss; 10 is close to weighting each feature by its own correlation). */
export const DEFAULT_LAMBDA_GRID = [1e-1, 1, 10];
/** The penalty used when there are too few later cut-offs to choose one on (the grid's middle). */
const UNVALIDATED_LAMBDA = 1;
/**
 * The trees averaged with the logistic model: shallow (pairwise interactions such as "rising and a developer"),
 * slow-learning and fixed. Neither their shape nor whether they join is chosen on validation: with a few dozen
 * positives per cut-off that choice followed noise (it flipped between neighbouring cut-offs and lost to a
 * fixed rule on every community tried). They join once the history holds MIN_POSITIVES_FOR_TREES positives.
 */
export const BLEND_TREES: Required<Pick<GbmOptions, "depth" | "rounds" | "learningRate">> = {
  depth: 2,
  rounds: 100,
  learningRate: 0.1,
};
/** Positive training rows (member × cut-off) before the trees join: fewer, and their splits fit noise. */
export const MIN_POSITIVES_FOR_TREES = 200;
export { BLEND_LOGISTIC_SHARE } from "./blend-scorer";

export interface RankingModel {
  version: string;
  kind: RankingKind;
  /**
   * logistic alone (fewer than MIN_POSITIVES_FOR_TREES positives), or blend: averaged with trees on the
   * log-odds scale; fallback: the documented weighted score.
   */
  method: "logistic" | "blend" | "fallback";
  reasonForFallback?: string;
  featureNames: string[];
  /** Logistic part: recalibrated log-odds per standard deviation (fallback: per unit, stds = 1). */
  weights: number[];
  means: number[];
  stds: number[];
  /** Logistic part's log-odds of the average member. */
  intercept: number;
  lambda: number | null;
  /** The fitted trees (blend only). */
  gbm?: GbmModel;
  /**
   * Per feature, the blend's mean |log-odds contribution| on the training rows (a case-control sample's negatives
   * weighted by the rows they stand for), signed by whether higher values raise the score.
   */
  importance?: number[];
  /** How lambda was chosen: later cut-offs scored by fits on earlier ones. */
  selection?: {
    criterion: "mean validation AUC (ties to the stronger penalty)";
    chosen: number;
    candidates: LambdaEvidence[];
  };
  trainedOn: { cutoffs: string[]; rows: number; positives: number };
}

export interface TrainOptions {
  /** Fixed lambda for the logistic part; skips lambda selection. */
  lambda?: number;
  /** Candidates for rolling-origin selection (default DEFAULT_LAMBDA_GRID). */
  lambdas?: number[];
  /** Tree options (default BLEND_TREES; seed, leaf sizes...). */
  gbm?: GbmOptions;
  minPositives?: number;
  classWeight?: LogisticOptions["classWeight"];
  /** A training cut-off's labels are known only horizonWeeks after it; used to keep validation honest. */
  horizonWeeks?: number;
  /** Most recent validation cut-offs used for selection (default 3). */
  maxValidationFolds?: number;
  /** Compute the per-feature importance (default true); backtest refits, which only score, skip it. */
  importance?: boolean;
}

export function trainRankingModel(
  kind: RankingKind,
  trainingSets: readonly LabelledSet[],
  opts: TrainOptions = {},
): RankingModel {
  const stack = stackSets(trainingSets);
  return trainOnStack(kind, stack, stack.sets.length, opts);
}

/** The penalties compared and the folds they are compared on, for a fit on the first `setCount` sets. */
function validationPlan(stack: StackedSets, setCount: number, opts: TrainOptions) {
  const lambdas = opts.lambda !== undefined ? [opts.lambda] : (opts.lambdas ?? DEFAULT_LAMBDA_GRID);
  const folds =
    lambdas.length > 1
      ? validationFolds(
          stack,
          opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS,
          opts.maxValidationFolds ?? 3,
          opts.minPositives ?? MIN_POSITIVES_TO_LEARN,
          setCount,
        )
      : [];
  return { lambdas, folds };
}

/** Positives in the first `setCount` sets, or null when the fit falls back to the weighted score. */
function learnablePositives(stack: StackedSets, setCount: number, opts: TrainOptions): number | null {
  const n = stack.offsets[setCount];
  const positives = countPositives(stack.labels, 0, n);
  const minPositives = opts.minPositives ?? MIN_POSITIVES_TO_LEARN;
  return positives < minPositives || n - positives < minPositives ? null : positives;
}

/**
 * Starts a fit's lambda-validation folds (into `foldScores`) on the fit pool, so that a second thread can take
 * some while this one works; the fit collects them. Nothing to start for a fit that falls back.
 */
export function startFolds(
  stack: StackedSets,
  training: TrainingRows,
  setCount: number,
  opts: TrainOptions,
  foldScores: FoldScores,
): void {
  if (learnablePositives(stack, setCount, opts) === null) return;
  const { lambdas, folds } = validationPlan(stack, setCount, opts);
  startFoldScores(stack, folds, lambdas, foldScores, { classWeight: opts.classWeight, training });
}

/**
 * The blend's trees for the first `setCount` sets of a stack, started now (on the fit pool) if the fit will use
 * them; undefined when it will not (too few positives, or the fallback).
 */
export function startTrees(
  stack: StackedSets,
  training: TrainingRows,
  setCount: number,
  opts: TrainOptions = {},
): PendingTrees | undefined {
  const positives = learnablePositives(stack, setCount, opts);
  if (positives === null || positives < MIN_POSITIVES_FOR_TREES) return undefined;
  const options = { ...BLEND_TREES, ...opts.gbm };
  const key = `trees|${stackDigests(stack, training).training.prefix[setCount]}|w=${training.negativeWeight}|${JSON.stringify(options)}`;
  return keptOr(key, () =>
    fitGbmSoon(
      training.data,
      training.offsets[setCount],
      FEATURE_COUNT,
      training.labels,
      options,
      training.negativeWeight,
    ),
  );
}

/**
 * What a fit on the first `setCount` sets reads: those sets' rows, labels and cut-offs, the rows it trains on (a
 * sample's are its own), their weight, the kind and the options. A model fitted under the same key is the same model.
 */
export function modelKey(
  kind: RankingKind,
  stack: StackedSets,
  training: TrainingRows,
  setCount: number,
  opts: TrainOptions,
): string {
  const digests = stackDigests(stack, training);
  return `model|${MODEL_VERSION}|${kind}|${digests.stack.prefix[setCount]}|${digests.training.prefix[setCount]}|w=${training.negativeWeight}|${JSON.stringify(opts)}`;
}

/**
 * trainRankingModel on the first `setCount` sets of a stack (sorted by cut-off): the backtest's refits at
 * successive cut-offs are prefixes of one stack, so its features are built, sampled and scored once per fold.
 * Large stacks train on a case-control sample (every positive, weighted negatives; lib/scoring/case-control.ts).
 * A model already fitted in this process on the same rows and options is returned as it was (fit-memo.ts).
 */
export function trainOnStack(
  kind: RankingKind,
  stack: StackedSets,
  setCount: number,
  opts: TrainOptions = {},
  foldScores?: FoldScores,
  training?: TrainingRows,
  trees?: PendingTrees,
): RankingModel {
  training ??= caseControlRows(stack);
  const key = modelKey(kind, stack, training, setCount, opts);
  const kept = recall<RankingModel>(key);
  if (kept) return kept;
  return keep(key, fitOnStack(kind, stack, setCount, opts, training, foldScores, trees));
}

function fitOnStack(
  kind: RankingKind,
  stack: StackedSets,
  setCount: number,
  opts: TrainOptions,
  training: TrainingRows,
  foldScores?: FoldScores,
  trees?: PendingTrees,
): RankingModel {
  const n = stack.offsets[setCount];
  const { data, p } = stack.matrix;
  const matrix: FeatureMatrix = { n, p, data: data.subarray(0, n * p) };
  const fitRows = training.offsets[setCount];
  const { negativeWeight } = training;
  const positives = countPositives(stack.labels, 0, n);
  const minPositives = opts.minPositives ?? MIN_POSITIVES_TO_LEARN;
  const base = {
    version: MODEL_VERSION,
    kind,
    featureNames: [...FEATURE_NAMES],
    trainedOn: { cutoffs: stack.sets.slice(0, setCount).map((s) => s.cutoff), rows: n, positives },
  };
  const negatives = n - positives;
  if (positives < minPositives || negatives < minPositives) {
    const params = fallbackParameters(kind, matrix, positives);
    const reasonForFallback =
      positives < minPositives
        ? `only ${positives} past positives in training (need ${minPositives}); using the documented weighted score`
        : `only ${negatives} past negatives in training (need ${minPositives}); using the documented weighted score`;
    return { ...base, method: "fallback", reasonForFallback, ...params, lambda: null };
  }
  // Folds and trees are started before the logistic part, so that a free second core takes some of them.
  foldScores ??= new Map();
  startFolds(stack, training, setCount, opts, foldScores);
  trees ??= startTrees(stack, training, setCount, opts);
  const { lambdas, folds } = validationPlan(stack, setCount, opts);
  let lambda =
    opts.lambda ??
    (lambdas.includes(UNVALIDATED_LAMBDA) ? UNVALIDATED_LAMBDA : (lambdas[0] ?? DEFAULT_LAMBDA));
  let selection: RankingModel["selection"];
  if (folds.length > 0) {
    const candidates = validateLambdas(stack, folds, lambdas, {
      classWeight: opts.classWeight,
      memo: foldScores,
      training,
    });
    lambda = pickLambda(candidates);
    selection = {
      criterion: "mean validation AUC (ties to the stronger penalty)",
      chosen: lambda,
      candidates,
    };
  }
  const fit = recalibrate(
    fitLogistic(training.data, fitRows, FEATURE_COUNT, training.labels, {
      lambda,
      classWeight: opts.classWeight,
      negativeWeight,
    }),
    training.data,
    fitRows,
    FEATURE_COUNT,
    training.labels,
    negativeWeight,
  );
  const gbm = trees?.result();
  const model: RankingModel = {
    ...base,
    method: gbm ? "blend" : "logistic",
    weights: fit.weights,
    means: fit.means,
    stds: fit.stds,
    intercept: fit.intercept,
    lambda,
    ...(gbm ? { gbm } : {}),
    ...(selection ? { selection } : {}),
  };
  if (opts.importance === false) return model;
  // On the rows the fit trained on: a case-control sample's negatives weighted (blend-scorer.ts importanceOf).
  const trainingMatrix = { n: fitRows, p, data: training.data.subarray(0, fitRows * p) };
  return { ...model, importance: importanceOf(model, trainingMatrix, training) };
}

function assertCompatible(model: RankingModel): void {
  if (
    model.featureNames.length !== FEATURE_COUNT ||
    model.featureNames.some((f, i) => f !== FEATURE_NAMES[i])
  ) {
    throw new Error(`Ranking model v${model.version} was trained on different features; retrain it.`);
  }
}

/** Probabilities in row order, without reasons or sorting (for backtests and bulk jobs). */
export function scoreProbabilities(
  model: RankingModel,
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
): Float64Array {
  assertCompatible(model);
  const { n, p, data } = buildFeatureMatrix(rows, community);
  const out = blendScorer(model, p).logOdds(data, n);
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
  const scorer = blendScorer(model, p);
  const scores = scorer.logOdds(data, n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = sigmoid(scores[i]);
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
      reasons = explainContributions(
        rows[i],
        scorer.contributions(data, i, contributions),
        scale,
        limit,
        norm,
      );
    }
    out[r] = { memberId: rows[i].memberId, score: scores[i], reasons };
  }
  return out;
}
