// Ranking snapshots service: SQL feature extraction, training on past cut-offs, snapshots and backtests.
// Server-only; the CLI, the worker and admin actions call these.
import "server-only";
export {
  computeRankings,
  type ComputeRankingsOptions,
  type ComputeRankingsResult,
  type RankingRunSummary,
} from "./snapshot";
export { runRankingBacktest, type RankingBacktestRun } from "./backtest";
export { contactCapacity, defaultAsOf, RANKING_KINDS } from "./history";
