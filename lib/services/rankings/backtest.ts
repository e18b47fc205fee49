// On-demand backtest of both rankings on the community's own history (CLI `backtest`, admin button):
// rolling-origin evaluation of the model beside every baseline, each run stored in model_runs.
import "server-only";
import { db } from "@/lib/db/client";
import {
  DEFAULT_HORIZON_WEEKS,
  type BacktestResult,
  type RankingKind,
  type RankingModel,
} from "@/lib/scoring";
import { storedBacktest } from "@/lib/scoring/backtest";
import type { Deployment } from "@/lib/scoring/deploy";
import { contactCapacity, defaultAsOf, loadRankingHistory, RANKING_KINDS } from "./history";
import { fitRankings } from "./fit-rankings";
import { storeFits } from "./recompute-fits";

export interface RankingBacktestRun {
  kind: RankingKind;
  modelRunId: number;
  model: RankingModel;
  backtest: BacktestResult;
  deployment: Deployment;
}

export async function runRankingBacktest(
  opts: { asOf?: string; horizonWeeks?: number; cutoffs?: number; rowsPerCutoff?: number } = {},
): Promise<{ asOf: string | null; runs: RankingBacktestRun[] }> {
  const asOf = opts.asOf ?? (await defaultAsOf());
  if (!asOf) return { asOf: null, runs: [] };
  const horizonWeeks = opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const capacity = await contactCapacity();
  const history = await loadRankingHistory({
    asOf,
    horizonWeeks,
    includeCurrent: false,
    rowsPerCutoff: opts.rowsPerCutoff,
  });
  const runs: RankingBacktestRun[] = [];
  // Both rankings at once, so the fit pool's second thread has work throughout (fit-rankings.ts).
  const fitted = fitRankings(history.sets, {
    horizonWeeks,
    contactCapacity: capacity,
    backtestCutoffs: opts.cutoffs ?? 6,
  });
  for (const kind of RANKING_KINDS) {
    const { model, backtest, deployment } = fitted[kind];
    const [row] = await db.$queryRaw<{ id: number }[]>`
      insert into model_runs (kind, as_of, method, model_version, note, model, backtest)
      values (${kind}, ${asOf}::date, ${model.method}, ${`v${model.version}-${model.method}-backtest`}, ${model.reasonForFallback ?? null},
              ${JSON.stringify({ ...model, deployment, billing: history.billing })}::jsonb, ${JSON.stringify({ source: "backtest", ...storedBacktest(backtest) })}::jsonb)
      returning id`;
    runs.push({ kind, modelRunId: row.id, model, backtest, deployment });
  }
  await storeFits();
  return { asOf, runs };
}
