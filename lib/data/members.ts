// The member directory: filtered, sorted, paginated search over all members and a chunked
// reader for the CSV export. One SQL builder so the page, the API and the export agree.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { addMonths, monthStart, type MonthKey } from "@/lib/analytics/months";
import type { MemberFilters, MemberKpiFilter, MemberSort } from "@/lib/validation/members";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";
import { stoppedBillingSources } from "./overview";
import { billingOfMembers, currentOrganization, isCurrentAffiliation, likePattern, planName } from "./sql";

export interface MemberRow {
  id: number;
  displayName: string;
  primaryEmail: string | null;
  handles: string[];
  sources: string[];
  organization: string | null;
  tier: number;
  planName: string | null;
  /** MRR counted as the Overview counts it: without the subscriptions of stopped billing sources. */
  mrrCents: number;
  /** Set when the member pays only through billing sources that stopped long ago: not counted as paying. */
  billingStopped: { source: string; dataThrough: string | null; mrrCents: number } | null;
  tags: string[];
  isStaff: boolean;
  isBot: boolean;
  doNotContact: boolean;
  joinedAt: string | null;
  lastActiveAt: string | null;
}

export interface MemberSearchResult {
  rows: MemberRow[];
  /** Exact count of matching members (100k members count in milliseconds). */
  total: number;
  /** Bots that match the other filters but are left out because bots were not asked for. */
  botsHidden: number;
}

const ORDER_BY: Record<MemberSort, Prisma.Sql> = {
  name: Prisma.sql`m.display_name`,
  joined: Prisma.sql`m.joined_at`,
  lastActive: Prisma.sql`m.last_active_at`,
  mrr: Prisma.sql`m.current_mrr_cents`,
  tier: Prisma.sql`m.current_tier`,
};

/** The MRR column's order: the counted MRR (looked up only for members with some MRR) once a source stopped. */
function orderBy(sort: MemberSort, stopped: string[]): Prisma.Sql {
  if (sort !== "mrr" || stopped.length === 0) return ORDER_BY[sort];
  return Prisma.sql`(m.current_mrr_cents - case when m.current_tier > 0 and m.current_mrr_cents > 0 then coalesce((
    select sum(s.mrr_cents) from subscriptions s where s.member_id = m.id and s.status = any(${ACTIVE_STATUSES}::text[])
       and s.source = any(${stopped}::text[])), 0) else 0 end)`;
}

/**
 * The WHERE clause shared by search, count and export. `stopped`: billing sources that stopped long ago
 * (`dataFreshness`); a member paying only through them is not paying, as on the Overview.
 */
export function memberWhere(filters: MemberFilters, stopped: string[] = []): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`true`];
  if (filters.q) {
    const any = likePattern(filters.q);
    const prefix = likePattern(filters.q.replace(/^@/, ""), true);
    parts.push(Prisma.sql`(m.display_name ilike ${any} or m.primary_email ilike ${any}
      or m.id in (select i.member_id from identities i where i.handle ilike ${prefix} or i.email ilike ${prefix}))`);
  }
  if (filters.tier !== undefined) parts.push(Prisma.sql`m.current_tier = ${filters.tier}`);
  if (filters.source)
    parts.push(Prisma.sql`m.id in (select i.member_id from identities i where i.source = ${filters.source})`);
  if (filters.tag) parts.push(Prisma.sql`m.tags @> array[${filters.tag}]::text[]`);
  if (filters.org) {
    // The organisations' members are found first (one array), then the page: as a semi-join the planner
    // guessed thousands of matches and walked all 100k members in name order probing each (1.6 s for a
    // name with no current members).
    parts.push(Prisma.sql`m.id = any(array(select a.member_id from affiliations a join organizations o on o.id = a.org_id
      where ${isCurrentAffiliation("a")} and o.name ilike ${likePattern(filters.org)}))`);
  }
  if (filters.paying) parts.push(Prisma.sql`m.current_tier > 0`);
  if (filters.paying && stopped.length > 0)
    parts.push(Prisma.sql`not (exists (select 1 from subscriptions s where s.member_id = m.id and s.status = any(${ACTIVE_STATUSES}::text[]))
      and not exists (select 1 from subscriptions s where s.member_id = m.id and s.status = any(${ACTIVE_STATUSES}::text[])
                         and s.source <> all(${stopped}::text[])))`);
  if (filters.bots !== "include") parts.push(Prisma.sql`not m.is_bot`);
  if (filters.kpi && filters.month) parts.push(kpiWhere(filters.kpi, filters.month));
  return Prisma.join(parts, " and ");
}

/**
 * The members behind a monthly Overview KPI or the monthly report's newcomers: the same definitions as the figure's
 * own query (never bots).
 */
function kpiWhere(kpi: MemberKpiFilter, month: MonthKey): Prisma.Sql {
  const from = monthStart(month);
  const to = monthStart(addMonths(month, 1));
  switch (kpi) {
    case "active":
      return Prisma.sql`not m.is_bot and m.id in (select e.member_id from activity_events e where e.occurred_at >= ${from} and e.occurred_at < ${to})`;
    case "contributors":
      return Prisma.sql`not m.is_bot and m.id in (select e.member_id from activity_events e join activity_types t on t.type = e.type and t.is_contribution
        where e.occurred_at >= ${from} and e.occurred_at < ${to})`;
    case "upgrades":
      return Prisma.sql`not m.is_bot and m.id in (select c.member_id from subscription_changes c where c.to_tier > c.from_tier and c.occurred_at >= ${from} and c.occurred_at < ${to})`;
    case "downgrades":
      return Prisma.sql`not m.is_bot and m.id in (select c.member_id from subscription_changes c where c.to_tier < c.from_tier and c.occurred_at >= ${from} and c.occurred_at < ${to})`;
    case "joined":
      return Prisma.sql`not m.is_bot and m.joined_at >= ${from} and m.joined_at < ${to}`;
    case "first_contribution":
      return Prisma.sql`not m.is_bot and m.first_contribution_at >= ${from} and m.first_contribution_at < ${to}`;
  }
}

type RawMember = {
  id: number;
  display_name: string;
  primary_email: string | null;
  handles: string[] | null;
  sources: string[] | null;
  organization: string | null;
  current_tier: number;
  plan_name: string | null;
  current_mrr_cents: number;
  stopped_source: string | null;
  stopped_mrr_cents: number;
  tags: string[];
  is_staff: boolean;
  is_bot: boolean;
  do_not_contact: boolean;
  joined_at: Date | null;
  last_active_at: Date | null;
};

/**
 * Decorates a page of members (already chosen) with identities, organisation and plan. The page's billing is
 * read in one set-based statement (`billingOfMembers`), not looked up member by member.
 */
function selectDecorated(inner: Prisma.Sql, stopped: string[]): Prisma.Sql {
  return Prisma.sql`
    with page as materialized (${inner})
    select m.id, m.display_name, m.primary_email, m.current_tier, m.current_mrr_cents, m.tags,
           m.is_staff, m.is_bot, m.do_not_contact, m.joined_at, m.last_active_at,
           ids.handles, ids.sources, org.org_name as organization, bill.plan_name,
           case when m.current_tier > 0 then bill.only_stopped_source end as stopped_source,
           case when m.current_tier > 0 then coalesce(bill.stopped_mrr_cents, 0) else 0 end as stopped_mrr_cents
      from page
      join members m on m.id = page.id
      left join ${billingOfMembers(Prisma.sql`array(select id from page)`, stopped)} bill on bill.member_id = m.id
      left join lateral (
        select array_agg(distinct i.handle) filter (where i.handle is not null) as handles,
               array_agg(distinct i.source) as sources
          from identities i where i.member_id = m.id
      ) ids on true
      left join lateral ${currentOrganization("m.id")} org on true
     order by page.ord`;
}

function toRow(r: RawMember, stopped: Map<string, Date | null>): MemberRow {
  return {
    id: r.id,
    displayName: r.display_name,
    primaryEmail: r.primary_email,
    handles: r.handles ?? [],
    sources: r.sources ?? [],
    organization: r.organization,
    tier: r.current_tier,
    planName: r.plan_name,
    mrrCents: r.current_mrr_cents - r.stopped_mrr_cents,
    billingStopped: r.stopped_source
      ? {
          source: r.stopped_source,
          dataThrough: stopped.get(r.stopped_source)?.toISOString() ?? null,
          mrrCents: r.stopped_mrr_cents,
        }
      : null,
    tags: r.tags,
    isStaff: r.is_staff,
    isBot: r.is_bot,
    doNotContact: r.do_not_contact,
    joinedAt: r.joined_at?.toISOString() ?? null,
    lastActiveAt: r.last_active_at?.toISOString() ?? null,
  };
}

export async function searchMembers(
  filters: MemberFilters,
  page: { pageIndex: number; pageSize: number; sort: MemberSort; desc: boolean },
): Promise<MemberSearchResult> {
  const stoppedDays = await stoppedBillingSources();
  const stopped = [...stoppedDays.keys()];
  const where = memberWhere(filters, stopped);
  const direction = page.desc ? Prisma.sql`desc nulls last` : Prisma.sql`asc nulls last`;
  const order = Prisma.sql`${orderBy(page.sort, stopped)} ${direction}, m.id`;
  const inner = Prisma.sql`
    select m.id, row_number() over (order by ${order}) as ord from members m where ${where}
     order by ${order} limit ${page.pageSize} offset ${page.pageIndex * page.pageSize}`;
  const [rows, [count], botsHidden] = await Promise.all([
    db.$queryRaw<RawMember[]>(selectDecorated(inner, stopped)),
    db.$queryRaw<{ n: bigint }[]>`select count(*) as n from members m where ${where}`,
    filters.bots === "include" ? 0 : countBots(filters, stopped),
  ]);
  return { rows: rows.map((r) => toRow(r, stoppedDays)), total: Number(count.n), botsHidden };
}

/** The bots the other filters would show: what the list says it hides. */
async function countBots(filters: MemberFilters, stopped: string[]): Promise<number> {
  const where = memberWhere({ ...filters, bots: "include" }, stopped);
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    select count(*) as n from members m where m.is_bot and ${where}`;
  return Number(row.n);
}

/**
 * The whole filtered list in id order, `chunkSize` members at a time (keyset pagination),
 * so an export of 100k members never holds them all in memory.
 */
export async function* memberExportChunks(
  filters: MemberFilters,
  chunkSize = 2000,
): AsyncGenerator<MemberRow[]> {
  const stoppedDays = await stoppedBillingSources();
  const stopped = [...stoppedDays.keys()];
  const where = memberWhere(filters, stopped);
  let afterId = 0;
  for (;;) {
    const inner = Prisma.sql`
      select m.id, m.id as ord from members m where ${where} and m.id > ${afterId} order by m.id limit ${chunkSize}`;
    const rows = await db.$queryRaw<RawMember[]>(selectDecorated(inner, stopped));
    if (rows.length === 0) return;
    yield rows.map((r) => toRow(r, stoppedDays));
    afterId = rows[rows.length - 1].id;
    if (rows.length < chunkSize) return;
  }
}

export interface MemberFilterOptions {
  tiers: { value: string; label: string }[];
  sources: string[];
  tags: string[];
}

/** Values for the directory's filter dropdowns. */
export async function memberFilterOptions(): Promise<MemberFilterOptions> {
  const [plans, sources, tags] = await Promise.all([
    db.$queryRaw<{ tier_rank: number; names: string }[]>`
      select p.tier_rank, string_agg(distinct ${planName("p", Prisma.sql`p.key`)}, ' / ') as names
        from plans p group by p.tier_rank order by p.tier_rank`,
    // Loose index scan over identities(source, external_id): one probe per distinct source.
    db.$queryRaw<{ source: string }[]>`
      with recursive s as (
        (select source from identities order by source limit 1)
        union all
        select (select i.source from identities i where i.source > s.source order by i.source limit 1) from s where s.source is not null
      ) select source from s where source is not null`,
    db.$queryRaw<
      { tag: string }[]
    >`select distinct unnest(tags) as tag from members where tags <> '{}' order by 1 limit 200`,
  ]);
  const tiers =
    plans.length > 0
      ? plans.map((p) => ({ value: String(p.tier_rank), label: p.names }))
      : [{ value: "0", label: "Free" }];
  return { tiers, sources: sources.map((s) => s.source), tags: tags.map((t) => t.tag) };
}
