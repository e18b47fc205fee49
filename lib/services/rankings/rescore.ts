// The cheap recompute: members re-scored with the stored (deployed) model of each ranking, without refitting.
// Only the as-of's own rows are extracted; each ranking gets a new snapshot run that copies the stored fit. When
// the stored day still describes everyone else exactly (snapshot-state.ts), only the members with new inputs are
// scored and written (ranks are derived at read; only scores whose band moved are rewritten in SQL); otherwise
// every member is scored and the day rewritten.
import "server-only";
import { db } from "@/lib/db/client";
import { MODEL_VERSION, type RankingKind, type RankingModel } from "@/lib/scoring";
import type { Deployment } from "@/lib/scoring/deploy";
import type { BillingSourceFreshness } from "@/lib/scoring/freshness";
import { rankDeployed } from "@/lib/scoring/ranked";
import { asOfInputs, type AsOfInputs } from "./asof-rows";
import { billingSourcesAsOf, RANKING_KINDS } from "./history";
import { refitReason } from "./refit-policy";
import {
  currentSnapshotState,
  othersUnchanged,
  runsUnchanged,
  scaleDigest,
  writeSnapshotState,
  type SnapshotState,
} from "./snapshot-state";
import {
  writeSnapshots,
  writeTouchedSnapshots,
  type RankScore,
  type SnapshotWriteCounts,
} from "./snapshot-write";
import { phaseTimer } from "./phase-timer";

// The refit path's advisory lock: it holds it alone; re-scores share it, one per ranking (the lock and the kind).
const SNAPSHOT_LOCK = 727_001;

interface StoredFit {
  runId: number;
  asOf: string;
  createdAt: Date;
  modelVersion: string;
  model: RankingModel & {
    deployment: Deployment;
    billing?: BillingSourceFreshness[];
    fitInputs?: { billingChanges: number };
  };
}

/** Billing changes known by `asOf` (as-of pure, so stored with a fit to tell when enough new outcomes arrived). */
export async function knownBillingChanges(asOf: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from subscription_changes where occurred_at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  return row?.n ?? 0;
}

/** The newest fitted (not re-scored) snapshot run of a ranking. */
async function storedFit(kind: RankingKind): Promise<StoredFit | null> {
  const [row] = await db.$queryRaw<
    { id: number; as_of: string; created_at: Date; model_version: string; model: StoredFit["model"] }[]
  >`
    select id, to_char(as_of, 'YYYY-MM-DD') as as_of, created_at, model_version, model
      from model_runs
     where kind = ${kind} and backtest->>'source' = 'snapshot' and not (model ? 'rescoredFrom')
     order by created_at desc, id desc limit 1`;
  if (!row) return null;
  return {
    runId: row.id,
    asOf: row.as_of,
    createdAt: row.created_at,
    modelVersion: row.model_version,
    model: row.model,
  };
}

/** rankDeployed's stored score of a place in the list, for the bands in SQL. */
function rankScoreOf(deployment: Deployment | null | undefined): RankScore {
  if (deployment?.calibration)
    return { kind: "calibrated", rates: deployment.calibration.bins.map((b) => b.rate) };
  return (deployment?.ranker ?? "model") === "model" ? { kind: "raw" } : { kind: "zero" };
}

/** Another run wrote a ranking's day between the check and the write: the touched-members write would not be exact. */
class StoredDayMoved extends Error {}

export interface RescoreOutcome {
  /** Set when the stored models were used; null with the reason a refit is needed. */
  rescored:
    | {
        kind: RankingKind;
        modelRunId: number;
        fromRunId: number;
        ranked: number;
        stored: StoredFit;
        /** How many of the day's stored rows the write changed (the rest were already equal). */
        written: SnapshotWriteCounts;
      }[]
    | null;
  refitReason: string | null;
  billing: BillingSourceFreshness[];
  /** Which members' inputs were extracted afresh (the rest came from the kept as-of rows). */
  extracted?: AsOfInputs["extracted"];
  /** Members scored and written when only those with new inputs were (the rest of the stored day kept), else null. */
  touched?: number | null;
  /** Milliseconds per phase of the re-score: inputs, score, write. */
  timings?: Record<string, number>;
}

/** Re-scores both rankings as of `asOf` with their stored models when refitPolicy allows; otherwise says why not. */
export async function rescoreWithStoredModels(
  asOf: string,
  now = new Date(),
  opts: { everyMember?: boolean } = {},
): Promise<RescoreOutcome> {
  const billing = await billingSourcesAsOf(asOf);
  const stale = billing.filter((b) => b.stale).map((b) => b.source);
  const billingChanges = await knownBillingChanges(asOf);
  const fits = new Map<RankingKind, StoredFit>();
  for (const kind of RANKING_KINDS) {
    const fit = await storedFit(kind);
    const reason = refitReason(
      fit && {
        asOf: fit.asOf,
        createdAt: fit.createdAt,
        modelVersion: fit.model.version,
        staleSources: (fit.model.billing ?? []).filter((b) => b.stale).map((b) => b.source),
        billingChanges: fit.model.fitInputs?.billingChanges ?? null,
      },
      { asOf, now, modelVersion: MODEL_VERSION, staleSources: stale, billingChanges },
    );
    if (reason || !fit) return { rescored: null, refitReason: `${kind}: ${reason}`, billing };
    fits.set(kind, fit);
  }
  const { timings, lap } = phaseTimer();
  // Each ranking's stored day, when its state still describes it: only then may the others' rows stay as stored.
  const states = opts.everyMember
    ? []
    : await Promise.all(
        RANKING_KINDS.map((kind) => currentSnapshotState(db, kind, asOf, fits.get(kind)!.runId)),
      );
  const kept = states.length && states.every(Boolean) ? (states as SnapshotState[]) : null;
  const {
    current,
    extracted,
    timings: inputTimings,
    mark,
    touched,
  } = await asOfInputs(asOf, stale, {
    touchedOnly: kept
      ? (community, since) => kept.every((state) => othersUnchanged(state, community, since))
      : undefined,
  });
  lap("inputs");
  for (const [phase, ms] of Object.entries(inputTimings)) timings[`inputs: ${phase}`] = ms;
  const byId = new Map(current.rows.map((r) => [r.memberId, r]));
  const scored = RANKING_KINDS.map((kind) => {
    const fit = fits.get(kind)!;
    const rows = current.rows.filter((r) => (kind === "candidates" ? r.inCandidates : r.inAtRisk));
    return {
      kind,
      fit,
      scored: rankDeployed(kind, fit.model.deployment, fit.model, rows, current.community),
    };
  });
  lap("score");
  // Each ranking in its own transaction, both at once (the other core is free by now): a list is replaced whole
  // when its transaction commits. The refit path's exclusive lock waits for both; two re-scores of a ranking queue.
  const writeRanking = ({ kind, fit, scored: members }: (typeof scored)[number], k: number) =>
    db.$transaction(
      async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock_shared(${SNAPSHOT_LOCK}::bigint)`;
        await tx.$executeRaw`select pg_advisory_xact_lock(${SNAPSHOT_LOCK}::int, ${k + 1}::int)`;
        const state = touched ? kept![k] : null;
        // Another writer of the day or of the previous day since the check: the touched write would not be exact.
        if (state && !(await runsUnchanged(tx, kind, asOf, state.facts))) throw new StoredDayMoved();
        const extra = { billing, rescoredFrom: { modelRunId: fit.runId, asOf: fit.asOf } };
        const note = `re-scored with the model fitted as of ${fit.asOf} (run ${fit.runId})`;
        const [run] = await tx.$queryRaw<{ id: number }[]>`
          insert into model_runs (kind, as_of, method, model_version, note, model, backtest)
          select kind, ${asOf}::date, method, model_version, ${note}, model || ${JSON.stringify(extra)}::jsonb, backtest
            from model_runs where id = ${fit.runId}
          returning id`;
        const written = state
          ? await writeTouchedSnapshots(
              tx,
              kind,
              asOf,
              fit.modelVersion,
              touched!.ids,
              members,
              byId,
              current.community,
              rankScoreOf(fit.model.deployment),
            )
          : await writeSnapshots(tx, kind, asOf, fit.modelVersion, members, byId, current.community);
        // What the day now comes from; without a mark (rollups being rebuilt) the kept rows were not kept, and
        // the new run alone makes the last state stale. After a touched write the facts follow from its counts.
        const facts = mark
          ? await writeSnapshotState(
              tx,
              kind,
              { asOf, fitRunId: fit.runId, scale: scaleDigest(current.community), inputsMark: mark },
              state
                ? {
                    ...state.facts,
                    runId: run.id,
                    rows: state.facts.rows + written.inserted - written.deleted,
                  }
                : undefined,
            )
          : null;
        return {
          kind,
          modelRunId: run.id,
          fromRunId: fit.runId,
          ranked: facts?.rows ?? members.length,
          stored: fit,
          written,
        };
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
  let rescored: NonNullable<RescoreOutcome["rescored"]>;
  try {
    const settled = await Promise.allSettled([...scored.map(writeRanking), touched?.keeping]);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    rescored = settled
      .slice(0, scored.length)
      .map((r) => (r as PromiseFulfilledResult<(typeof rescored)[number]>).value);
  } catch (e) {
    // Another writer came between: score everyone (the kept inputs are already up to date, so this only reads them).
    if (e instanceof StoredDayMoved) return rescoreWithStoredModels(asOf, now, { everyMember: true });
    throw e;
  }
  lap("write");
  return {
    rescored,
    refitReason: null,
    billing,
    extracted,
    touched: touched ? touched.ids.length : null,
    timings,
  };
}
