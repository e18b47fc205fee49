// Server-only reads for /candidates and /at-risk: the latest score snapshot of a kind joined with
// the member, their current organisation and their outreach history, filtered, sorted and paged in SQL.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import type { SortingEntry } from "@/components/data-table/search-params";
import type { OutreachStatusValue, RankedKind, RankedListFilters, RankedSort } from "@/lib/validation/outreach";

export type RankedReason = { text: string; weight: number };

export interface RankedListRow {
  memberId: number;
  rank: number;
  prevRank: number | null;
  /** prev_rank − rank: positive moved up; null when new to the list. */
  rankChange: number | null;
  score: number;
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
}

const SORT_SQL: Record<RankedSort, string> = {
  rank: "s.rank",
  score: "s.score",
  name: "lower(m.display_name)",
  lastContacted: "lo.last_contacted_at",
  rankChange: "(s.prev_rank - s.rank)",
};

/**
 * Parameterised WHERE for one kind's latest snapshot plus the URL filters, and which of the
 * per-member lateral joins (current organisation, outreach) the filters read.
 */
function whereClause(kind: RankedKind, f: RankedListFilters): { sql: string; params: unknown[]; needsOrg: boolean; needsOutreach: boolean; filtered: boolean } {
  const params: unknown[] = [kind];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // do_not_contact members never show in an outreach list; staff and bots are not in the snapshot.
  const parts = ["s.kind = $1", "s.as_of = (select max(as_of) from score_snapshots where kind = $1)", "not m.do_not_contact"];
  const base = parts.length;
  if (f.q) parts.push(`(m.display_name ilike ${add(`%${f.q}%`)} or m.primary_email ilike ${add(`%${f.q}%`)})`);
  if (f.tier !== undefined) parts.push(`m.current_tier = ${add(f.tier)}`);
  if (f.org !== undefined) parts.push(`org.org_id = ${add(f.org)}`);
  if (f.source) parts.push(`exists (select 1 from identities i where i.member_id = m.id and i.source = ${add(f.source)})`);
  if (f.tag) parts.push(`${add(f.tag)} = any(m.tags)`);
  if (f.status === "none") parts.push("lo.status is null");
  else if (f.status) parts.push(`lo.status::text = ${add(f.status)}`);
  if (f.scoreMin !== undefined) parts.push(`s.score >= ${add(f.scoreMin / 100)}`);
  if (f.scoreMax !== undefined) parts.push(`s.score <= ${add(f.scoreMax / 100)}`);
  return { sql: parts.join(" and "), params, needsOrg: f.org !== undefined, needsOutreach: !!f.status, filtered: parts.length > base };
}

const ORG_JOIN = `
  left join lateral (
    select o.id as org_id, o.name as org_name
      from affiliations a join organizations o on o.id = a.org_id
     where a.member_id = m.id and (a.ends_at is null or a.ends_at > now())
     order by a.starts_at desc limit 1
  ) org on true`;
const OUTREACH_JOIN = `
  left join lateral (
    select (select x.status from outreach x where x.member_id = m.id order by x.created_at desc, x.id desc limit 1) as status,
           (select max(x.contacted_at) from outreach x where x.member_id = m.id) as last_contacted_at
  ) lo on true`;
const FROM_SQL = `
  from score_snapshots s
  join members m on m.id = s.member_id ${ORG_JOIN} ${OUTREACH_JOIN}`;

/**
 * The count of a page's whole list. The lateral joins cost a probe per member (0.5 s over a 100k
 * snapshot), so they join only when a filter reads them; with no filter at all the count is the
 * snapshot's size less its do-not-contact members (two index scans).
 */
function countSql(kind: RankedKind, where: ReturnType<typeof whereClause>): { sql: string; params: unknown[] } {
  if (!where.filtered) {
    return {
      sql: `with snap as (select max(as_of) as as_of from score_snapshots where kind = $1)
        select (select count(*) from score_snapshots s, snap where s.kind = $1 and s.as_of = snap.as_of)
             - (select count(*) from members m join score_snapshots s on s.member_id = m.id, snap
                 where m.do_not_contact and s.kind = $1 and s.as_of = snap.as_of) as total`,
      params: [kind],
    };
  }
  const joins = `${where.needsOrg ? ORG_JOIN : ""} ${where.needsOutreach ? OUTREACH_JOIN : ""}`;
  return { sql: `select count(*) as total from score_snapshots s join members m on m.id = s.member_id ${joins} where ${where.sql}`, params: where.params };
}

function orderClause(sorting: SortingEntry[]): string {
  const first = sorting[0];
  const key = (first && first.id in SORT_SQL ? first.id : "rank") as RankedSort;
  const dir = first?.desc ? "desc" : "asc";
  return `order by ${SORT_SQL[key]} ${dir} nulls last, s.rank asc`;
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
  identities?: string | null;
};

const SELECT_SQL = `select s.member_id, s.rank, s.prev_rank, s.score, s.reasons, s.activity_12w,
  m.display_name, m.primary_email, m.current_tier,
  (select p.name from plans p where p.tier_rank = m.current_tier order by p.monthly_amount_cents limit 1) as tier_name,
  org.org_id, org.org_name, lo.status::text as status, lo.last_contacted_at`;

function parseReasons(raw: unknown): RankedReason[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is { text: unknown; weight: unknown } => typeof r === "object" && r !== null && "text" in r)
    .map((r) => ({ text: String(r.text), weight: Number(r.weight) || 0 }));
}

function toRow(r: RawRow): RankedListRow {
  return {
    memberId: r.member_id,
    rank: r.rank,
    prevRank: r.prev_rank,
    rankChange: r.prev_rank === null ? null : r.prev_rank - r.rank,
    score: r.score,
    reasons: parseReasons(r.reasons),
    activity12w: (r.activity_12w ?? []).map(Number),
    name: r.display_name,
    email: r.primary_email,
    tier: r.current_tier,
    tierName: r.tier_name ?? (r.current_tier === 0 ? "Free" : `Tier ${r.current_tier}`),
    orgId: r.org_id,
    orgName: r.org_name,
    outreachStatus: r.status,
    lastContactedAt: r.last_contacted_at ? r.last_contacted_at.toISOString() : null,
  };
}

export interface RankedListPage {
  rows: RankedListRow[];
  total: number;
  /** ISO date of the snapshot read, or null when the kind has none yet. */
  asOf: string | null;
}

export async function rankedListPage(
  kind: RankedKind,
  filters: RankedListFilters,
  paging: { pageIndex: number; pageSize: number; sorting: SortingEntry[] },
): Promise<RankedListPage> {
  const where = whereClause(kind, filters);
  const { sql, params } = where;
  const n = params.length;
  const count = countSql(kind, where);
  const [rows, counts, latest] = await Promise.all([
    db.$queryRawUnsafe<RawRow[]>(
      `${SELECT_SQL} ${FROM_SQL} where ${sql} ${orderClause(paging.sorting)} limit $${n + 1} offset $${n + 2}`,
      ...params,
      paging.pageSize,
      paging.pageIndex * paging.pageSize,
    ),
    db.$queryRawUnsafe<{ total: bigint }[]>(count.sql, ...count.params),
    db.$queryRaw<{ as_of: Date | null }[]>`select max(as_of) as as_of from score_snapshots where kind = ${kind}`,
  ]);
  return { rows: rows.map(toRow), total: Number(counts[0]?.total ?? 0), asOf: latest[0]?.as_of ? latest[0].as_of.toISOString().slice(0, 10) : null };
}

export type RankedExportRow = RankedListRow & { identities: string };

/** The whole filtered list in `chunkSize` batches, in the chosen order, for CSV export. */
export async function* rankedListForExport(kind: RankedKind, filters: RankedListFilters, sorting: SortingEntry[], chunkSize = 1000): AsyncGenerator<RankedExportRow[]> {
  const { sql, params } = whereClause(kind, filters);
  const n = params.length;
  for (let offset = 0; ; offset += chunkSize) {
    const rows = await db.$queryRawUnsafe<RawRow[]>(
      `${SELECT_SQL},
         (select string_agg(i.source || ':' || coalesce(i.handle, i.email, i.external_id), '; ' order by i.source, i.id)
            from identities i where i.member_id = m.id and not i.is_deleted) as identities
       ${FROM_SQL} where ${sql} ${orderClause(sorting)} limit $${n + 1} offset $${n + 2}`,
      ...params,
      chunkSize,
      offset,
    );
    if (rows.length > 0) yield rows.map((r) => ({ ...toRow(r), identities: r.identities ?? "" }));
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
export async function rankedListFilterOptions(kind: RankedKind): Promise<RankedListFilterOptions> {
  const [latest] = await db.$queryRaw<{ as_of: Date | null }[]>`select max(as_of) as as_of from score_snapshots where kind = ${kind}`;
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

async function readFilterOptions(kind: RankedKind, asOf: string | null): Promise<RankedListFilterOptions> {
  if (asOf === null) return { tiers: [], orgs: [], sources: [], tags: [] };
  const base = `from score_snapshots s join members m on m.id = s.member_id
    where s.kind = $1 and s.as_of = $2::date and not m.do_not_contact`;
  const [tiers, orgs, sources, tags] = await Promise.all([
    db.$queryRawUnsafe<{ tier: number; name: string | null }[]>(
      `select distinct m.current_tier as tier,
         (select p.name from plans p where p.tier_rank = m.current_tier order by p.monthly_amount_cents limit 1) as name
       ${base} order by 1`,
      kind,
      asOf,
    ),
    db.$queryRawUnsafe<{ id: number; name: string }[]>(
      `select distinct o.id, o.name ${base.replace("where", "join affiliations a on a.member_id = m.id and (a.ends_at is null or a.ends_at > now()) join organizations o on o.id = a.org_id where")} order by o.name`,
      kind,
      asOf,
    ),
    db.$queryRawUnsafe<{ source: string }[]>(`select distinct i.source ${base.replace("where", "join identities i on i.member_id = m.id where")} order by 1`, kind, asOf),
    db.$queryRawUnsafe<{ tag: string }[]>(`select distinct unnest(m.tags) as tag ${base} order by 1`, kind, asOf),
  ]);
  return {
    tiers: tiers.map((t) => ({ value: t.tier, label: t.name ?? (t.tier === 0 ? "Free" : `Tier ${t.tier}`) })),
    orgs: orgs.map((o) => ({ value: o.id, label: o.name })),
    sources: sources.map((s) => s.source),
    tags: tags.map((t) => t.tag),
  };
}
