// What the ranked lists and the Model page say about the live ranking: which ranker ranks and why, whether
// scores may be shown as percentages (or only High/Medium/Low bands), and whether billing data is stale.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { calibratedAt, type Band } from "@/lib/scoring/calibration";
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
