// Public surface of the scoring domain: train (logistic or boosted trees) and score the two rankings, backtest them against baselines.
// Pure TypeScript; callers (lib/services, scripts) fetch rows via SQL and persist the results.
export * from "./types";
export { FEATURE_NAMES, buildFeatureMatrix, memberFeatures, type FeatureName } from "./features";
export { fitLogistic, predictProbabilities, type LogisticFit, type LogisticOptions } from "./logistic";
export { BASELINE_NAMES, baselineScores, type BaselineName } from "./baselines";
export { FALLBACK_WEIGHTS, MIN_POSITIVES_TO_LEARN } from "./fallback";
export { reasonText } from "./explain";
export * from "./metrics";
export { fitGbm, GBM_DEFAULTS, type GbmModel, type GbmOptions, type GbmTree } from "./gbm";
export { gbmExplainer, gbmLogOdds, gbmProbabilities } from "./gbm-predict";
export {
  BLEND_TREES,
  DEFAULT_LAMBDA_GRID,
  MIN_POSITIVES_FOR_TREES,
  MODEL_VERSION,
  scoreMembers,
  scoreProbabilities,
  trainRankingModel,
  type RankingModel,
  type ScoreOptions,
  type TrainOptions,
} from "./model";
export { runBacktest, type BacktestOptions, type BacktestResult, type CutoffResult } from "./backtest";
export { generateSyntheticCommunity, type SyntheticOptions } from "./synthetic";
