// The ranking snapshot as the API and the CLI return it: the same reader, filters and rows as the pages
// (lib/data/ranked-lists.ts), shaped as one list with what the list says about itself. Never recomputes.
import "server-only";
import type { RankingKind, Reason } from "@/lib/scoring";
import type { RankedListFilters } from "@/lib/validation/outreach";
import { rankedListPage, type RankedListPage, type RankedSegment } from "./ranked-lists";

export interface RankedMember {
  rank: number;
  prevRank: number | null;
  memberId: number;
  name: string;
  email: string | null;
  identities: string[];
  score: number;
  band: "High" | "Medium" | "Low" | null;
  segment: RankedSegment | null;
  reasons: Reason[];
  activity12w: number[];
}

export interface RankingSnapshot {
  kind: RankingKind;
  asOf: string;
  modelVersion: string;
  total: number;
  hiddenOpenOutreach: number;
  /** Which ranker is live and why, whether scores are percentages or bands, and any stale billing source. */
  display: RankedListPage["display"];
  members: RankedMember[];
}

/** The ranked list as of `asOf` (default: the newest snapshot); null when there is no such snapshot. */
export async function rankingSnapshot(
  kind: RankingKind,
  opts: { asOf?: string; limit?: number; offset?: number; filters?: RankedListFilters } = {},
): Promise<RankingSnapshot | null> {
  const limit = opts.limit ?? 100;
  const offset = opts.offset ?? 0;
  // rankedListPage pages by index; an offset that is not a multiple of the limit reads from a wider page.
  const page = await rankedListPage(
    kind,
    opts.filters ?? {},
    { pageIndex: 0, pageSize: offset + limit, sorting: [] },
    opts.asOf,
  );
  if (!page.asOf) return null;
  const rows = page.rows.slice(offset);
  return {
    kind,
    asOf: page.asOf,
    modelVersion: rows[0]?.modelVersion ?? "",
    total: page.total,
    hiddenOpenOutreach: page.hiddenOpenOutreach,
    display: page.display,
    members: rows.map((r) => ({
      rank: r.rank,
      prevRank: r.prevRank,
      memberId: r.memberId,
      name: r.name,
      email: r.email,
      identities: r.identityKeys,
      score: r.score,
      band: r.band,
      segment: r.segment,
      reasons: r.reasons,
      activity12w: r.activity12w,
    })),
  };
}

export const RANKING_CSV_HEADERS = [
  "rank",
  "member_id",
  "name",
  "email",
  "identities",
  "score",
  "band",
  "segment",
  "reasons",
] as const;

export function rankingCsvRows(snapshot: RankingSnapshot): (string | number | null)[][] {
  return snapshot.members.map((m) => [
    m.rank,
    m.memberId,
    m.name,
    m.email,
    m.identities.join(" "),
    m.score,
    m.band,
    m.segment,
    m.reasons.map((r) => r.text).join("; "),
  ]);
}
