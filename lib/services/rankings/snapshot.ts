// Computes both rankings as of a date: trains on the community's own past cut-offs, scores the eligible
// members, and writes score_snapshots + model_runs in one transaction. Pages and the API only read these.
import "server-only";
import { db } from "@/lib/db/client";
import {
  DEFAULT_HORIZON_WEEKS,
  MODEL_VERSION,
  type CommunityContext,
  type RankingKind,
  type RankingModel,
} from "@/lib/scoring";
import { storedBacktest } from "@/lib/scoring/backtest";
import { fitWorkerReady } from "@/lib/scoring/fit-pool";
import type { DeployedRanker } from "@/lib/scoring/deploy";
import { billingFreshnessMessage, type BillingSourceFreshness } from "@/lib/scoring/freshness";
import { rankDeployed, type DeployedScore } from "@/lib/scoring/ranked";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  contactCapacity,
  DEFAULT_TRAINING_ROWS_PER_CUTOFF,
  defaultAsOf,
  loadRankingHistory,
  RANKING_KINDS,
} from "./history";
import { fitRankings, type FittedRanking } from "./fit-rankings";
import type { ExtractedMember } from "./inputs";
import { knownBillingChanges, rescoreWithStoredModels } from "./rescore";
import { keptMarkOf } from "./asof-rows";
import { scaleDigest, writeSnapshotState } from "./snapshot-state";
import { writeSnapshots } from "./snapshot-write";
import type { EventWatermark } from "@/lib/validation/event-watermark";
import { phaseTimer } from "./phase-timer";
import { releaseRecomputeGarbage, releaseRecomputeGarbageSoon } from "./recompute-memory";
import { fitsKept, storeFits } from "./recompute-fits";

export interface ComputeRankingsOptions {
  /** YYYY-MM-DD; default min(now, last event). */
  asOf?: string;
  horizonWeeks?: number;
  /** Past cut-offs the stored backtest evaluates (default 6). */
  backtestCutoffs?: number;
  maxCutoffs?: number;
  rowsPerCutoff?: number;
  /**
   * "always" (default) fits both rankings afresh; "auto" re-scores members with the stored models unless
   * refitReason (lib/services/rankings/refit-policy.ts) asks for a refit: a new week, a day-old model, new
   * billing outcomes, a changed feature registry or stale set.
   */
  refit?: "always" | "auto";
  log?: (line: string) => void;
}

export interface RankingRunSummary {
  kind: RankingKind;
  modelRunId: number;
  modelVersion: string;
  method: RankingModel["method"];
  /** The ranker that ranked the members: the learned model only where it beat the best baseline beyond the noise. */
  deployed: DeployedRanker;
  deploymentSentence: string;
  reasonForFallback?: string;
  ranked: number;
  trainingCutoffs: number;
  trainingPositives: number;
  /** Set when members were re-scored with a stored model instead of a refit: the run that fitted it. */
  rescoredFrom?: number;
}

export interface ComputeRankingsResult {
  asOf: string | null;
  /** Billing sources as of the as-of, and one sentence when any is stale (null when all are current). */
  billing: BillingSourceFreshness[];
  billingWarning: string | null;
  rankings: RankingRunSummary[];
  /** Why the models were refitted ("always", or what the auto policy saw), or null when they were re-used. */
  refitReason: string | null;
  timings: Record<string, number>;
}

const SNAPSHOT_LOCK = 727_001; // advisory lock: one writer of ranking snapshots at a time

async function writeRanking(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  asOf: string,
  fitted: FittedRanking,
  scored: DeployedScore[],
  rows: Map<number, ExtractedMember>,
  community: CommunityContext,
  note: string | null,
  billing: BillingSourceFreshness[],
  billingChanges: number,
  inputsMark: EventWatermark | undefined,
): Promise<{ id: number; version: string }> {
  const { model, backtest, deployment } = fitted;
  const fitInputs = { billingChanges };
  const [run] = await tx.$queryRaw<{ id: number }[]>`
    insert into model_runs (kind, as_of, method, model_version, note, model, backtest)
    values (${kind}, ${asOf}::date, ${model.method}, 'pending', ${note}, ${JSON.stringify({ ...model, deployment, billing, fitInputs })}::jsonb,
            ${JSON.stringify({ source: "snapshot", ...storedBacktest(backtest) })}::jsonb)
    returning id`;
  const version = `v${MODEL_VERSION}-${deployment.ranker === "model" ? model.method : deployment.ranker}-run${run.id}`;
  await tx.$executeRaw`update model_runs set model_version = ${version} where id = ${run.id}`;
  await writeSnapshots(tx, kind, asOf, version, scored, rows, community);
  // What the day was written from, so that the re-scores after an import may write only its touched members.
  if (inputsMark)
    await writeSnapshotState(tx, kind, {
      asOf,
      fitRunId: run.id,
      scale: scaleDigest(community),
      inputsMark,
    });
  return { id: run.id, version };
}

export async function computeRankings(opts: ComputeRankingsOptions = {}): Promise<ComputeRankingsResult> {
  const log = opts.log ?? (() => {});
  const { timings, lap } = phaseTimer();
  const asOf = opts.asOf ?? (await defaultAsOf());
  if (!asOf)
    return { asOf: null, billing: [], billingWarning: null, rankings: [], refitReason: null, timings };
  let refitReason = "refit requested";
  if (opts.refit === "auto") {
    const outcome = await rescoreWithStoredModels(asOf);
    lap("rescore");
    if (outcome.rescored) {
      const { extracted, touched } = outcome;
      Object.assign(timings, outcome.timings);
      if (extracted)
        log(
          extracted.kind === "all"
            ? `rankings: every member's inputs extracted (${extracted.reason})`
            : `rankings: inputs of ${extracted.count} members extracted, the others kept`,
        );
      log(
        touched != null
          ? `rankings: only those ${touched} members scored and written, the others' rows exact as stored (ranks are derived at read)`
          : "rankings: every member scored, the day's rows compared and rewritten where they differ",
      );
      if (outcome.timings)
        log(
          `rankings: re-score ${Object.entries(outcome.timings)
            .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)} s`)
            .join(", ")}`,
        );
      const billingWarning = billingFreshnessMessage(outcome.billing);
      if (billingWarning) log(billingWarning);
      const rankings = outcome.rescored.map(({ kind, modelRunId, fromRunId, ranked, stored, written }) => {
        const { model } = stored;
        log(
          `${kind} as of ${asOf}: ${ranked} re-scored with the model fitted as of ${stored.asOf}; rows ${written.updated} updated, ${written.inserted} added, ${written.deleted} removed${written.rebanded != null ? `, ${written.rebanded} moved to another band` : ""}, the rest unchanged (${Object.entries(
            written.timings,
          )
            .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)} s`)
            .join(", ")}).`,
        );
        return {
          kind,
          modelRunId,
          modelVersion: stored.modelVersion,
          method: model.method,
          deployed: model.deployment.ranker,
          deploymentSentence: model.deployment.sentence,
          reasonForFallback: model.reasonForFallback,
          ranked,
          trainingCutoffs: model.trainedOn.cutoffs.length,
          trainingPositives: model.trainedOn.positives,
          rescoredFrom: fromRunId,
        };
      });
      return { asOf, billing: outcome.billing, billingWarning, rankings, refitReason: null, timings };
    }
    refitReason = outcome.refitReason ?? refitReason;
    log(`rankings: refitting (${refitReason})`);
  }
  // With no fit kept, every fit is made: the fit worker loads (~0.3 s of tsx compiling) beside the extraction, so it
  // serves the first fit (fit-pool.ts). Otherwise it starts with the first ranking not kept whole (fit-rankings.ts).
  if (opts.refit === "auto" || !(await fitsKept())) void fitWorkerReady();
  // A refit's garbage is freed before it and once it has returned, so that neither it nor the re-scores after it
  // run on top of another run's dead objects (recompute-memory.ts); a re-score alone does not pay the ~0.1 s.
  releaseRecomputeGarbage();
  const horizonWeeks = opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const history = await loadRankingHistory({
    asOf,
    horizonWeeks,
    includeCurrent: true,
    maxCutoffs: opts.maxCutoffs,
    rowsPerCutoff: opts.rowsPerCutoff,
  });
  const capacity = await contactCapacity();
  const billingChanges = await knownBillingChanges(asOf);
  lap("extract");
  const current = history.current!;
  const byId = new Map(current.rows.map((r) => [r.memberId, r]));
  // Both rankings at once, so the fit pool's second thread has work throughout (fit-rankings.ts).
  const fittedByKind = fitRankings(history.sets, {
    horizonWeeks,
    contactCapacity: capacity,
    backtestCutoffs: opts.backtestCutoffs,
  });
  const prepared = RANKING_KINDS.map((kind) => {
    const fitted = fittedByKind[kind];
    const rows = current.rows.filter((r) => (kind === "candidates" ? r.inCandidates : r.inAtRisk));
    const scored = rankDeployed(kind, fitted.deployment, fitted.model, rows, current.community);
    return { kind, fitted, scored };
  });
  lap("train+score");
  // The fits just made are kept for a later process (recompute-fits.ts), beside the snapshot write.
  const fitsStored = storeFits();
  fitsStored.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const notes: string[] = [];
  if (history.sampledCutoffs > 0)
    notes.push(
      `${history.sampledCutoffs} past cut-offs sampled to ~${opts.rowsPerCutoff ?? DEFAULT_TRAINING_ROWS_PER_CUTOFF} rows per ranking`,
    );
  const rankings = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${SNAPSHOT_LOCK}::bigint)`;
      const out: RankingRunSummary[] = [];
      for (const { kind, fitted, scored } of prepared) {
        const note = [fitted.model.reasonForFallback, ...notes].filter(Boolean).join("; ") || null;
        const { id, version } = await writeRanking(
          tx,
          kind,
          asOf,
          fitted,
          scored,
          byId,
          current.community,
          note,
          history.billing,
          billingChanges,
          keptMarkOf(current),
        );
        out.push({
          kind,
          modelRunId: id,
          modelVersion: version,
          method: fitted.model.method,
          deployed: fitted.deployment.ranker,
          deploymentSentence: fitted.deployment.sentence,
          reasonForFallback: fitted.model.reasonForFallback,
          ranked: scored.length,
          trainingCutoffs: fitted.model.trainedOn.cutoffs.length,
          trainingPositives: fitted.model.trainedOn.positives,
        });
      }
      return out;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  await fitsStored;
  lap("write");
  releaseRecomputeGarbageSoon();
  const billingWarning = billingFreshnessMessage(history.billing);
  if (billingWarning) log(billingWarning);
  for (const r of rankings) log(`${r.kind} as of ${asOf}: ${r.ranked} ranked. ${r.deploymentSentence}`);
  return { asOf, billing: history.billing, billingWarning, rankings, refitReason, timings };
}
