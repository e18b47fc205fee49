// Reads of stored ranking snapshots for pages, the API and the CLI: one list, as of one date,
// with each member's name, email, identities and reasons. Never recomputes.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import type { RankingKind, Reason } from "@/lib/scoring";

export interface RankedMember {
  rank: number;
  prevRank: number | null;
  memberId: number;
  name: string;
  email: string | null;
  identities: string[];
  score: number;
  reasons: Reason[];
  activity12w: number[];
}

export interface RankingSnapshot {
  kind: RankingKind;
  asOf: string;
  modelVersion: string;
  total: number;
  members: RankedMember[];
}

/** The newest snapshot date of a ranking, or null when none was computed yet. */
export async function latestRankingAsOf(kind: RankingKind): Promise<string | null> {
  const [row] = await db.$queryRawUnsafe<{ as_of: string | null }[]>(
    `select to_char(max(as_of), 'YYYY-MM-DD') as as_of from score_snapshots where kind = $1`,
    kind,
  );
  return row?.as_of ?? null;
}

/** The ranked list as of `asOf` (default: the newest snapshot); null when there is no such snapshot. */
export async function rankingSnapshot(kind: RankingKind, opts: { asOf?: string; limit?: number; offset?: number } = {}): Promise<RankingSnapshot | null> {
  const asOf = opts.asOf ?? (await latestRankingAsOf(kind));
  if (!asOf) return null;
  const rows = await db.$queryRawUnsafe<
    { rank: number; prev_rank: number | null; member_id: number; name: string; email: string | null; identities: string[] | null; score: number; reasons: Reason[]; activity: number[]; model_version: string; total: number }[]
  >(
    `select s.rank, s.prev_rank, s.member_id, m.display_name as name, m.primary_email as email,
            (select array_agg(i.source || ':' || i.external_id order by i.source, i.external_id) from identities i where i.member_id = s.member_id) as identities,
            s.score, s.reasons, s.activity_12w::float8[] as activity, s.model_version, (count(*) over ())::int as total
       from score_snapshots s join members m on m.id = s.member_id
      where s.kind = $1 and s.as_of = $2::date
      order by s.rank
      limit $3 offset $4`,
    kind,
    asOf,
    opts.limit ?? 100,
    opts.offset ?? 0,
  );
  if (rows.length === 0) {
    const [exists] = await db.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from score_snapshots where kind = $1 and as_of = $2::date`, kind, asOf);
    if (!exists || exists.n === 0) return null;
  }
  return {
    kind,
    asOf,
    modelVersion: rows[0]?.model_version ?? "",
    total: rows[0]?.total ?? 0,
    members: rows.map((r) => ({
      rank: r.rank,
      prevRank: r.prev_rank,
      memberId: r.member_id,
      name: r.name,
      email: r.email,
      identities: r.identities ?? [],
      score: r.score,
      reasons: r.reasons,
      activity12w: r.activity,
    })),
  };
}

export const RANKING_CSV_HEADERS = ["rank", "member_id", "name", "email", "identities", "score", "reasons"] as const;

export function rankingCsvRows(snapshot: RankingSnapshot): (string | number | null)[][] {
  return snapshot.members.map((m) => [m.rank, m.memberId, m.name, m.email, m.identities.join(" "), m.score, m.reasons.map((r) => r.text).join("; ")]);
}
