// Server-only reads for /candidates and /at-risk: the latest score snapshot of a kind joined with the member,
// their current organisation and outreach, filtered, sorted and paged in SQL (tagged Prisma.sql fragments).
// Members with open outreach are hidden unless asked for: the list is whom to contact next, not whom we chose.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SortingEntry } from "@/lib/table-search-params";
import type { RankingKind } from "@/lib/scoring/types";
import { tierLabel } from "@/lib/format/labels";
import { rankDisplayOf, snapshotDay, type RankDisplay } from "./rank-display";
import {
  currentOrganization,
  inRankOrder,
  isCurrentAffiliation,
  latestSnapshot,
  memberPlanName,
  planName,
} from "./sql";
import type { OutreachStatusValue, RankedListFilters, RankedSort } from "@/lib/validation/outreach";

export type RankedReason = { text: string; weight: number };
/** Candidates who paid before are win-backs, a different conversation from a first upgrade. */
export type RankedSegment = "first upgrade" | "win-back";

export interface RankedListRow {
  memberId: number;
  rank: number;
  prevRank: number | null;
  /** prev_rank − rank: positive moved up; null when new to the list. */
  rankChange: number | null;
  score: number;
  /** High/Medium/Low by the out-of-time hit rate of the member's place in the list; null for runs without it. */
  band: "High" | "Medium" | "Low" | null;
  reasons: RankedReason[];
  activity12w: number[];
  name: string;
  email: string | null;
  tier: number;
  tierName: string;
  orgId: number | null;
  orgName: string | null;
  outreachStatus: OutreachStatusValue | null;
  lastContactedAt: string | null;
  /** Candidates only. */
  segment: RankedSegment | null;
  /** source:external_id of each identity. */
  identityKeys: string[];
  modelVersion: string;
}

/** Outreach still under way: these members are hidden by default. */
const OPEN_STATUSES = ["todo", "contacted", "replied"];

/** Sort keys other than rank (rank sorts by inRankOrder, its own order written out). */
const SORT_SQL: Record<Exclude<RankedSort, "rank">, Prisma.Sql> = {
  score: Prisma.sql`s.score`,
  name: Prisma.sql`lower(m.display_name)`,
  lastContacted: Prisma.sql`lo.last_contacted_at`,
  rankChange: Prisma.sql`(s.prev_rank - s.rank)`,
};

/** The snapshot's day when it exists (rows or a snapshot run), else null. */
const existingSnapshotDay = (kind: RankingKind, asOf?: string) => Prisma.sql`
  select d.day as as_of from (select ${snapshotDay(kind, asOf)} as day) d
   where exists (select 1 from score_snapshots where kind = ${kind} and as_of = d.day)
      or exists (select 1 from model_runs where kind = ${kind} and as_of = d.day and backtest->>'source' = 'snapshot')`;

const ORG_JOIN = Prisma.sql`left join lateral ${currentOrganization("m.id")} org on true`;
/**
 * Each member's newest outreach status and last contact, read in one pass over outreach and joined by member
 * (a probe of outreach per ranked member cost ~3.5 s per 80k-member count).
 */
const OUTREACH_JOIN = Prisma.sql`
  left join (
    select distinct on (x.member_id) x.member_id, x.status,
           max(x.contacted_at) over (partition by x.member_id) as last_contacted_at
      from outreach x order by x.member_id, x.created_at desc, x.id desc
  ) lo on lo.member_id = m.id`;
/** Paid before the snapshot's day: a billing change to a paid tier before it. */
const PAID_BEFORE = Prisma.sql`exists (select 1 from subscription_changes c where c.member_id = m.id and c.to_tier > 0 and c.occurred_at < s.as_of)`;

/** The URL filters as one WHERE; open outreach is hidden unless `outreach=show` or a status is chosen. */
function whereClause(kind: RankingKind, f: RankedListFilters, asOf?: string): Prisma.Sql {
  // do_not_contact members never show in an outreach list; staff and bots are not in the snapshot.
  const parts: Prisma.Sql[] = [
    Prisma.sql`s.kind = ${kind}`,
    Prisma.sql`s.as_of = ${snapshotDay(kind, asOf)}`,
    Prisma.sql`not m.do_not_contact`,
  ];
  if (f.q)
    parts.push(Prisma.sql`(m.display_name ilike ${`%${f.q}%`} or m.primary_email ilike ${`%${f.q}%`})`);
  if (f.tier !== undefined) parts.push(Prisma.sql`m.current_tier = ${f.tier}`);
  if (f.org !== undefined) parts.push(Prisma.sql`org.org_id = ${f.org}`);
  if (f.source)
    parts.push(
      Prisma.sql`exists (select 1 from identities i where i.member_id = m.id and i.source = ${f.source})`,
    );
  if (f.tag) parts.push(Prisma.sql`${f.tag} = any(m.tags)`);
  if (f.status === "none") parts.push(Prisma.sql`lo.status is null`);
  else if (f.status) parts.push(Prisma.sql`lo.status::text = ${f.status}`);
  else if (f.outreach !== "show")
    parts.push(Prisma.sql`(lo.status is null or not (lo.status::text = any(${OPEN_STATUSES}::text[])))`);
  if (f.scoreMin !== undefined) parts.push(Prisma.sql`s.score >= ${f.scoreMin / 100}`);
  if (f.scoreMax !== undefined) parts.push(Prisma.sql`s.score <= ${f.scoreMax / 100}`);
  if (kind === "candidates" && f.segment === "winback") parts.push(PAID_BEFORE);
  if (kind === "candidates" && f.segment === "first") parts.push(Prisma.sql`not ${PAID_BEFORE}`);
  return Prisma.join(parts, " and ");
}

// Rows with their rank (derived at read by the view, numbered before any filter applies: a member's place in the list).
const FROM_SQL = Prisma.sql`from ranked_score_snapshots s join members m on m.id = s.member_id ${ORG_JOIN} ${OUTREACH_JOIN}`;
/** Counts need no rank (no filter reads it), and skip the organisation probe (0.2 s per 100k rows) unless a filter reads it. */
const countFrom = (f: RankedListFilters) =>
  Prisma.sql`from score_snapshots s join members m on m.id = s.member_id ${f.org !== undefined ? ORG_JOIN : Prisma.empty} ${OUTREACH_JOIN}`;

function orderClause(sorting: SortingEntry[]): Prisma.Sql {
  const first = sorting[0];
  const key = first && first.id in SORT_SQL ? (first.id as keyof typeof SORT_SQL) : null;
  if (!key)
    return Prisma.sql`order by ${inRankOrder("s", first?.id === "rank" && first.desc ? "desc" : "asc")}`;
  return first.desc
    ? Prisma.sql`order by ${SORT_SQL[key]} desc nulls last, ${inRankOrder("s")}`
    : Prisma.sql`order by ${SORT_SQL[key]} asc nulls last, ${inRankOrder("s")}`;
}

type RawRow = {
  member_id: number;
  rank: number;
  prev_rank: number | null;
  score: number;
  reasons: unknown;
  activity_12w: number[] | null;
  display_name: string;
  primary_email: string | null;
  current_tier: number;
  tier_name: string | null;
  org_id: number | null;
  org_name: string | null;
  status: OutreachStatusValue | null;
  last_contacted_at: Date | null;
  paid_before: boolean;
  model_version: string;
  identity_keys: string[] | null;
  identities?: string | null;
};

const SELECT_SQL = Prisma.sql`select s.member_id, s.rank, s.prev_rank, s.score, s.reasons, s.activity_12w,
  m.display_name, m.primary_email, m.current_tier,
  ${memberPlanName("m.id", "m.current_tier")} as tier_name,
  org.org_id, org.org_name, lo.status::text as status, lo.last_contacted_at, ${PAID_BEFORE} as paid_before, s.model_version,
  (select array_agg(i.source || ':' || i.external_id order by i.source, i.external_id) from identities i where i.member_id = m.id) as identity_keys`;

function parseReasons(raw: unknown): RankedReason[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (r): r is { text: unknown; weight: unknown } => typeof r === "object" && r !== null && "text" in r,
    )
    .map((r) => ({ text: String(r.text), weight: Number(r.weight) || 0 }));
}

function toRow(kind: RankingKind, r: RawRow, display: RankDisplay): RankedListRow {
  return {
    memberId: r.member_id,
    rank: r.rank,
    prevRank: r.prev_rank,
    rankChange: r.prev_rank === null ? null : r.prev_rank - r.rank,
    score: r.score,
    band: display.bandAt(r.rank),
    reasons: parseReasons(r.reasons),
    activity12w: (r.activity_12w ?? []).map(Number),
    name: r.display_name,
    email: r.primary_email,
    tier: r.current_tier,
    tierName: tierLabel(r.current_tier, r.tier_name),
    orgId: r.org_id,
    orgName: r.org_name,
    outreachStatus: r.status,
    lastContactedAt: r.last_contacted_at ? r.last_contacted_at.toISOString() : null,
    segment: kind === "candidates" ? (r.paid_before ? "win-back" : "first upgrade") : null,
    identityKeys: r.identity_keys ?? [],
    modelVersion: r.model_version,
  };
}

export interface RankedListPage {
  rows: RankedListRow[];
  total: number;
  /** ISO date of the snapshot read, or null when the kind has none yet. */
  asOf: string | null;
  /** Percentages only where the deployed ranker's out-of-time calibration holds; otherwise bands. */
  display: Omit<RankDisplay, "bandAt">;
  /** Members hidden because their outreach is still open (0 when shown or filtered by status). */
  hiddenOpenOutreach: number;
}

/**
 * The one reader of ranking snapshots, for the pages, the API and the CLI: a page of the list as of `asOf`
 * (default the newest snapshot) with the URL filters applied.
 */
export async function rankedListPage(
  kind: RankingKind,
  filters: RankedListFilters,
  paging: { pageIndex: number; pageSize: number; sorting: SortingEntry[] },
  asOf?: string,
): Promise<RankedListPage> {
  const where = whereClause(kind, filters, asOf);
  const hides = !filters.status && filters.outreach !== "show";
  const [rows, counts, latest, display, withOpen] = await Promise.all([
    db.$queryRaw<RawRow[]>`${SELECT_SQL} ${FROM_SQL} where ${where} ${orderClause(paging.sorting)}
      limit ${paging.pageSize} offset ${paging.pageIndex * paging.pageSize}`,
    db.$queryRaw<{ total: bigint }[]>`select count(*) as total ${countFrom(filters)} where ${where}`,
    db.$queryRaw<{ as_of: Date | null }[]>`${existingSnapshotDay(kind, asOf)}`,
    rankDisplayOf(kind, asOf),
    hides
      ? db.$queryRaw<
          { total: bigint }[]
        >`select count(*) as total ${countFrom(filters)} where ${whereClause(kind, { ...filters, outreach: "show" }, asOf)}`
      : Promise.resolve(null),
  ]);
  const total = Number(counts[0]?.total ?? 0);
  const { bandAt: _bandAt, ...shown } = display;
  return {
    rows: rows.map((r) => toRow(kind, r, display)),
    total,
    asOf: latest[0]?.as_of ? latest[0].as_of.toISOString().slice(0, 10) : null,
    display: shown,
    hiddenOpenOutreach: withOpen ? Number(withOpen[0]?.total ?? 0) - total : 0,
  };
}

/**
 * The first `limit` members of the list as it opens (no filter: open outreach and do-not-contact left out), for
 * the Overview's cards: the same WHERE as the list, so the top names on the Overview are the list's top names.
 */
export async function topOfRankedList(
  kind: RankingKind,
  limit: number,
): Promise<{ memberId: number; displayName: string; rank: number; score: number; asOf: string }[]> {
  const rows = await db.$queryRaw<
    { member_id: number; display_name: string; rank: number; score: number; as_of: Date }[]
  >`select s.member_id, m.display_name, s.rank, s.score, s.as_of
      from ranked_score_snapshots s join members m on m.id = s.member_id ${OUTREACH_JOIN}
     where ${whereClause(kind, {})} order by ${inRankOrder("s")} limit ${limit}`;
  return rows.map((r) => ({
    memberId: r.member_id,
    displayName: r.display_name,
    rank: r.rank,
    score: r.score,
    asOf: r.as_of.toISOString().slice(0, 10),
  }));
}

export type RankedExportRow = RankedListRow & { identities: string };

/** The whole filtered list in `chunkSize` batches, in the chosen order, for CSV export. */
export async function* rankedListForExport(
  kind: RankingKind,
  filters: RankedListFilters,
  sorting: SortingEntry[],
  chunkSize = 1000,
): AsyncGenerator<RankedExportRow[]> {
  const where = whereClause(kind, filters);
  const display = await rankDisplayOf(kind);
  for (let offset = 0; ; offset += chunkSize) {
    const rows = await db.$queryRaw<RawRow[]>`${SELECT_SQL},
         (select string_agg(i.source || ':' || coalesce(i.handle, i.email, i.external_id), '; ' order by i.source, i.id)
            from identities i where i.member_id = m.id and not i.is_deleted) as identities
       ${FROM_SQL} where ${where} ${orderClause(sorting)} limit ${chunkSize} offset ${offset}`;
    if (rows.length > 0)
      yield rows.map((r) => ({ ...toRow(kind, r, display), identities: r.identities ?? "" }));
    if (rows.length < chunkSize) return;
  }
}

export interface RankedListFilterOptions {
  tiers: { value: number; label: string }[];
  orgs: { value: number; label: string }[];
  sources: string[];
  tags: string[];
}

/** How long one process reuses a snapshot's filter choices (four scans of the snapshot, ~0.4 s at 100k members). */
const FILTER_OPTIONS_TTL_MS = 60_000;
const filterOptionsCache = new Map<string, { expires: number; options: Promise<RankedListFilterOptions> }>();

/**
 * Choices for the filter selects, limited to what occurs in the latest snapshot of the kind. They
 * change with a new snapshot (part of the key) or with members' tags and organisations, so a
 * minute's reuse is invisible in practice and spares every page view the scans.
 */
export async function rankedListFilterOptions(kind: RankingKind): Promise<RankedListFilterOptions> {
  const [latest] = await db.$queryRaw<{ as_of: Date | null }[]>`select ${latestSnapshot(kind)} as as_of`;
  const asOf = latest?.as_of ? latest.as_of.toISOString().slice(0, 10) : null;
  const key = `${kind}:${asOf}`;
  const now = Date.now();
  const cached = filterOptionsCache.get(key);
  if (cached && cached.expires > now) return cached.options;
  for (const [k, v] of filterOptionsCache) if (v.expires <= now) filterOptionsCache.delete(k);
  const options = readFilterOptions(kind, asOf);
  filterOptionsCache.set(key, { expires: now + FILTER_OPTIONS_TTL_MS, options });
  options.catch(() => filterOptionsCache.delete(key));
  return options;
}

async function readFilterOptions(kind: RankingKind, asOf: string | null): Promise<RankedListFilterOptions> {
  if (asOf === null) return { tiers: [], orgs: [], sources: [], tags: [] };
  const snapshot = Prisma.sql`s.kind = ${kind} and s.as_of = ${asOf}::date and not m.do_not_contact`;
  const [tiers, orgs, sources, tags] = await Promise.all([
    db.$queryRaw<{ tier: number; name: string | null }[]>`
      select t.tier, (select string_agg(distinct ${planName("p", Prisma.sql`p.key`)}, ' / ') from plans p where p.tier_rank = t.tier) as name
        from (select distinct m.current_tier as tier from score_snapshots s join members m on m.id = s.member_id where ${snapshot}) t
       order by 1`,
    db.$queryRaw<{ id: number; name: string }[]>`
      select distinct o.id, o.name
        from score_snapshots s join members m on m.id = s.member_id
        join affiliations a on a.member_id = m.id and ${isCurrentAffiliation("a")}
        join organizations o on o.id = a.org_id
       where ${snapshot} order by o.name`,
    db.$queryRaw<{ source: string }[]>`
      select distinct i.source from score_snapshots s join members m on m.id = s.member_id join identities i on i.member_id = m.id
       where ${snapshot} order by 1`,
    db.$queryRaw<
      { tag: string }[]
    >`select distinct unnest(m.tags) as tag from score_snapshots s join members m on m.id = s.member_id where ${snapshot} order by 1`,
  ]);
  return {
    tiers: tiers.map((t) => ({ value: t.tier, label: tierLabel(t.tier, t.name) })),
    orgs: orgs.map((o) => ({ value: o.id, label: o.name })),
    sources: sources.map((s) => s.source),
    tags: tags.map((t) => t.tag),
  };
}
