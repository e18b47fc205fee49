// What the ranked lists and the Model page say about the live ranking: which ranker ranks and why, whether
// scores may be shown as percentages (or only High/Medium/Low bands), and whether billing data is stale.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { calibratedAt, listScoreLabel, type Band } from "@/lib/scoring/calibration";
import { billingFreshnessMessage } from "@/lib/scoring/freshness";
import { storedRunDisplaySchema } from "@/lib/validation/model-runs";
import { latestSnapshot } from "./sql";
import type { RankingKind } from "@/lib/scoring/types";

/**
 * The snapshot read: the given day's, or the newest. A ranking run that ranked nobody (an at-risk list with no
 * current billing source) is still a snapshot, known by its model run, so its warnings show.
 */
export const snapshotDay = (kind: RankingKind, asOf?: string) =>
  asOf ? Prisma.sql`${asOf}::date` : latestSnapshot(kind);
export interface RankDisplay {
  /** "percent" only where the deployed ranker's out-of-time rates held up; runs before v5 show percentages. */
  mode: "percent" | "band";
  why: string | null;
  ranker: string | null;
  sentence: string | null;
  billingWarning: string | null;
  bandAt: (rank: number) => Band | null;
}

/** Read from the model run written with the snapshot of the kind as of `asOf` (default the newest). */
export async function rankDisplayOf(kind: RankingKind, asOf?: string): Promise<RankDisplay> {
  const day = snapshotDay(kind, asOf);
  const [run] = await db.$queryRaw<{ model: unknown; total: number }[]>`
    with snap as (select ${day} as as_of)
    select r.model, (select count(*)::int from score_snapshots s, snap where s.kind = ${kind} and s.as_of = snap.as_of) as total
      from model_runs r, snap
     where r.kind = ${kind} and r.as_of = snap.as_of and r.backtest->>'source' = 'snapshot'
     order by r.id desc limit 1`;
  const parsed = storedRunDisplaySchema.safeParse(run?.model ?? {});
  const deployment = parsed.success ? parsed.data.deployment : undefined;
  const calibration = deployment?.calibration ?? null;
  const total = run?.total ?? 0;
  return {
    mode: calibration?.display ?? (deployment ? "band" : "percent"),
    why: calibration?.why ?? null,
    ranker: deployment?.ranker ?? null,
    sentence: deployment?.sentence ?? null,
    billingWarning:
      parsed.success && parsed.data.billing && kind === "at-risk"
        ? billingFreshnessMessage(parsed.data.billing)
        : null,
    bandAt: (rank) => (calibration ? calibratedAt(calibration, rank, total).band : null),
  };
}

/**
 * Stored scores as the ranked list of their day showed them (a percentage or a band: listScoreLabel), from the model
 * run written with each day's snapshot; one read for all the days asked.
 */
export async function listScoreLabels(
  scores: readonly { kind: string; asOf: Date; score: number }[],
): Promise<string[]> {
  const keyOf = (kind: string, day: string) => `${kind}|${day}`;
  const days = [...new Set(scores.map((s) => keyOf(s.kind, s.asOf.toISOString().slice(0, 10))))];
  const runs =
    days.length === 0
      ? []
      : await db.$queryRaw<{ kind: string; day: string; model: unknown }[]>`
          select distinct on (r.kind, r.as_of) r.kind, to_char(r.as_of, 'YYYY-MM-DD') as day, r.model
            from model_runs r
            join unnest(${days.map((d) => d.split("|")[0])}::text[], ${days.map((d) => d.split("|")[1])}::date[])
                 as d(kind, as_of) on d.kind = r.kind and d.as_of = r.as_of
           where r.backtest->>'source' = 'snapshot'
           order by r.kind, r.as_of, r.id desc`;
  const byDay = new Map(
    runs.map((r) => {
      const parsed = storedRunDisplaySchema.safeParse(r.model ?? {});
      const deployment = parsed.success ? parsed.data.deployment : undefined;
      return [keyOf(r.kind, r.day), { deployed: !!deployment, calibration: deployment?.calibration ?? null }];
    }),
  );
  return scores.map((s) =>
    listScoreLabel(
      s.score,
      byDay.get(keyOf(s.kind, s.asOf.toISOString().slice(0, 10))) ?? { deployed: false, calibration: null },
    ),
  );
}
