// Server-only reads for the monthly community report: totals with a 6-month trail, member and
// organisation rankings with last month's figures, newcomers. Grouping in SQL, notes in lib/partners.
import "server-only";
import { db } from "@/lib/db/client";
import { addMonths, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import { reportNotes, type MonthlyReport, type RankedEntry, type ReportTotals } from "@/lib/partners";
import { creditedEventsSql } from "./organizations";

export const PUBLIC_REPORT_SETTING = "public_report_enabled";
const TOP = 10;
const NEWCOMERS_SHOWN = 50;

export interface ReportOptions {
  /** Public page: drop the names of members who opted out (aggregates stay). */
  publicOnly?: boolean;
}

export async function publicReportEnabled(): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: PUBLIC_REPORT_SETTING } });
  return row?.value === true;
}

type MonthTotalsRow = { month: string; contributions: bigint; contributors: bigint; active: bigint; new_members: bigint; new_contributors: bigint };

async function monthlyTotals(from: MonthKey, to: MonthKey): Promise<Map<MonthKey, ReportTotals>> {
  const rows = await db.$queryRaw<MonthTotalsRow[]>`
    with ev as (
      select e.member_id, date_trunc('month', e.occurred_at at time zone 'UTC') as month, coalesce(t.is_contribution, false) as contrib
        from activity_events e
        join members m on m.id = e.member_id and not m.is_bot
        left join activity_types t on t.type = e.type
       where e.occurred_at >= ${monthStart(from)} and e.occurred_at < ${monthStart(addMonths(to, 1))}
    ),
    firsts as (
      select e.member_id, date_trunc('month', min(e.occurred_at) at time zone 'UTC') as month
        from activity_events e join activity_types t on t.type = e.type and t.is_contribution
       where e.member_id in (select member_id from ev where contrib)
       group by e.member_id
    ),
    joined as (
      select date_trunc('month', joined_at at time zone 'UTC') as month, count(*) as n from members
       where not is_bot and joined_at >= ${monthStart(from)} and joined_at < ${monthStart(addMonths(to, 1))} group by 1
    )
    select to_char(g.month, 'YYYY-MM') as month,
           (select count(*) from ev where ev.month = g.month and contrib) as contributions,
           (select count(distinct member_id) from ev where ev.month = g.month and contrib) as contributors,
           (select count(distinct member_id) from ev where ev.month = g.month) as active,
           coalesce((select n from joined where joined.month = g.month), 0) as new_members,
           (select count(*) from firsts where firsts.month = g.month) as new_contributors
      from generate_series(${monthStart(from)}::timestamp, ${monthStart(to)}::timestamp, interval '1 month') as g(month)`;
  return new Map(
    rows.map((r) => [
      r.month,
      { contributions: Number(r.contributions), contributors: Number(r.contributors), activeMembers: Number(r.active), newMembers: Number(r.new_members), newContributors: Number(r.new_contributors) },
    ]),
  );
}

async function memberRankings(month: MonthKey, publicOnly: boolean): Promise<{ contributors: RankedEntry[]; active: RankedEntry[] }> {
  const rows = await db.$queryRaw<{ id: number; name: string; contrib: bigint; contrib_prev: bigint; active: bigint; active_prev: bigint }[]>`
    select m.id, m.display_name as name,
           count(*) filter (where t.is_contribution and e.occurred_at >= ${monthStart(month)}) as contrib,
           count(*) filter (where t.is_contribution and e.occurred_at < ${monthStart(month)}) as contrib_prev,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at >= ${monthStart(month)}) as active,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at < ${monthStart(month)}) as active_prev
      from activity_events e
      join members m on m.id = e.member_id and not m.is_bot and (not ${publicOnly} or not m.public_opt_out)
      left join activity_types t on t.type = e.type
     where e.occurred_at >= ${monthStart(addMonths(month, -1))} and e.occurred_at < ${monthStart(addMonths(month, 1))}
     group by m.id`;
  const rank = (value: (r: (typeof rows)[number]) => bigint, previous: (r: (typeof rows)[number]) => bigint) =>
    rows
      .map((r) => ({ id: r.id, name: r.name, value: Number(value(r)), previous: Number(previous(r)) }))
      .filter((r) => r.value > 0)
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
      .slice(0, TOP);
  return { contributors: rank((r) => r.contrib, (r) => r.contrib_prev), active: rank((r) => r.active, (r) => r.active_prev) };
}

async function orgRankings(month: MonthKey): Promise<{ byContributions: RankedEntry[]; byActivity: RankedEntry[] }> {
  const rows = await db.$queryRawUnsafe<{ id: number; name: string; contrib: bigint; contrib_prev: bigint; active: bigint; active_prev: bigint }[]>(
    `with credited as (${creditedEventsSql(1, 2)})
     select o.id, o.name,
            count(*) filter (where c.is_contribution and c.occurred_at >= $3) as contrib,
            count(*) filter (where c.is_contribution and c.occurred_at < $3) as contrib_prev,
            count(*) filter (where not c.is_contribution and c.occurred_at >= $3) as active,
            count(*) filter (where not c.is_contribution and c.occurred_at < $3) as active_prev
       from credited c join organizations o on o.id = c.org_id and not o.is_staff_org
      group by o.id`,
    monthStart(addMonths(month, -1)),
    monthStart(addMonths(month, 1)),
    monthStart(month),
  );
  const rank = (value: (r: (typeof rows)[number]) => bigint, previous: (r: (typeof rows)[number]) => bigint) =>
    rows
      .map((r) => ({ id: r.id, name: r.name, value: Number(value(r)), previous: Number(previous(r)) }))
      .filter((r) => r.value > 0)
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
      .slice(0, TOP);
  return { byContributions: rank((r) => r.contrib, (r) => r.contrib_prev), byActivity: rank((r) => r.active, (r) => r.active_prev) };
}

async function newcomers(month: MonthKey, publicOnly: boolean) {
  const from = monthStart(month);
  const to = monthStart(addMonths(month, 1));
  const [members, contributors] = await Promise.all([
    db.$queryRaw<{ id: number; name: string }[]>`
      select id, display_name as name from members
       where not is_bot and joined_at >= ${from} and joined_at < ${to} and (not ${publicOnly} or not public_opt_out)
       order by joined_at, id limit ${NEWCOMERS_SHOWN}`,
    db.$queryRaw<{ id: number; name: string }[]>`
      select m.id, m.display_name as name
        from members m
        join lateral (select min(e.occurred_at) as first_at from activity_events e join activity_types t on t.type = e.type and t.is_contribution where e.member_id = m.id) f on true
       where not m.is_bot and f.first_at >= ${from} and f.first_at < ${to} and (not ${publicOnly} or not m.public_opt_out)
         and exists (select 1 from activity_events e where e.member_id = m.id and e.occurred_at >= ${from} and e.occurred_at < ${to})
       order by f.first_at, m.id limit ${NEWCOMERS_SHOWN}`,
  ]);
  return { members, contributors };
}

export async function monthlyReport(month: MonthKey, options: ReportOptions = {}): Promise<MonthlyReport> {
  const publicOnly = options.publicOnly ?? false;
  const trailFrom = addMonths(month, -6);
  const [totals, people, orgs, fresh] = await Promise.all([monthlyTotals(trailFrom, month), memberRankings(month, publicOnly), orgRankings(month), newcomers(month, publicOnly)]);
  const empty: ReportTotals = { contributions: 0, contributors: 0, activeMembers: 0, newMembers: 0, newContributors: 0 };
  const trail = monthRange(trailFrom, addMonths(month, -1)).map((m) => totals.get(m) ?? empty);
  const base = {
    totals: totals.get(month) ?? empty,
    trailingContributions: trail.map((t) => t.contributions),
    trailingActiveMembers: trail.map((t) => t.activeMembers),
  };
  return {
    month,
    previousMonth: addMonths(month, -1),
    ...base,
    previousTotals: totals.get(addMonths(month, -1)) ?? empty,
    topContributors: people.contributors,
    mostActive: people.active,
    topOrgsByContributions: orgs.byContributions,
    topOrgsByActivity: orgs.byActivity,
    newContributors: fresh.contributors,
    newMembers: fresh.members,
    notes: reportNotes(base),
  };
}
