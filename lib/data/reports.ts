// Server-only reads for the monthly community report: totals with a 6-month trail, member and
// organisation rankings with last month's figures, newcomers. Grouping in SQL, notes in lib/partners.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { addMonths, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import { comparisonLabel, monthWindow, type MonthWindow } from "@/lib/analytics/periods";
import { reportNotes, type MonthlyReport, type RankedEntry, type ReportTotals } from "@/lib/partners";
import { activityDataThrough } from "./organizations";
import { orgCountsBetween, storedCreditsCoverTo } from "./org-credit-days";
import { firstContributions, monthToDate, storedDaysCover, type CountsRow } from "./report-month-to-date";

export const PUBLIC_REPORT_SETTING = "public_report_enabled";
const TOP = 10;
const NEWCOMERS_SHOWN = 50;

export interface ReportOptions {
  /** Public page: drop the names of members who opted out (aggregates stay). */
  publicOnly?: boolean;
  /** Where the activity data ends (read when absent): decides whether the month is in progress. */
  dataThrough?: Date;
}

export async function publicReportEnabled(): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: PUBLIC_REPORT_SETTING } });
  return row?.value === true;
}

async function monthlyTotals(from: MonthKey, to: MonthKey): Promise<Map<MonthKey, ReportTotals>> {
  const start = monthStart(from);
  const end = monthStart(addMonths(to, 1));
  const [rows, firsts] = await Promise.all([
    db.$queryRaw<{ month: string; contributions: bigint; contributors: bigint; active: bigint }[]>`
      select to_char(a.month, 'YYYY-MM') as month, sum(a.contributions)::bigint as contributions,
             count(*) filter (where a.contributions > 0) as contributors, count(*) as active
        from member_month_activity a
       where a.month >= ${from + "-01"}::date and a.month < ${addMonths(to, 1) + "-01"}::date
         -- A hashed anti-join on the few bots, not a join of every member (a 100k-row hash per read).
         and a.member_id not in (select id from members where is_bot)
       group by a.month`,
    db.$queryRaw<{ month: string; n: bigint }[]>`
      select to_char(date_trunc('month', f.first_at at time zone 'UTC'), 'YYYY-MM') as month, count(*) as n
        from (${firstContributions(start, end)}) f
       group by 1`,
  ]);
  const joined = await db.$queryRaw<{ month: string; n: bigint }[]>`
    select to_char(date_trunc('month', joined_at at time zone 'UTC'), 'YYYY-MM') as month, count(*) as n from members
     where not is_bot and joined_at >= ${start} and joined_at < ${end} group by 1`;
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const firstsByMonth = new Map(firsts.map((r) => [r.month, Number(r.n)]));
  const joinedByMonth = new Map(joined.map((r) => [r.month, Number(r.n)]));
  const out = new Map<MonthKey, ReportTotals>();
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    const r = byMonth.get(m);
    out.set(m, {
      contributions: Number(r?.contributions ?? 0),
      contributors: Number(r?.contributors ?? 0),
      activeMembers: Number(r?.active ?? 0),
      newMembers: joinedByMonth.get(m) ?? 0,
      newContributors: firstsByMonth.get(m) ?? 0,
    });
  }
  return out;
}

/** The TOP entries by this month's count (ties by name), each with last month's count. */
function topEntries(rows: CountsRow[], measure: "contrib" | "active"): RankedEntry[] {
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      value: Number(r[measure]),
      previous: Number(r[`${measure}_prev`]),
    }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, TOP);
}

/** Whole months: each member's counts from member_month_activity, the top TOP (with ties) of each measure. */
function storedMonthCounts(w: MonthWindow, publicOnly: boolean): Promise<CountsRow[]> {
  return db.$queryRaw<CountsRow[]>`
    with cur as (
      select a.member_id, a.contributions, a.others
        from member_month_activity a
        join members m on m.id = a.member_id and not m.is_bot and (not ${publicOnly} or not (m.public_opt_out or m.do_not_contact))
       where a.month = ${w.month + "-01"}::date
    ), top as (
      (select member_id from cur where contributions > 0 order by contributions desc fetch first (${TOP}) rows with ties)
      union
      (select member_id from cur where others > 0 order by others desc fetch first (${TOP}) rows with ties)
    )
    select m.id, m.display_name as name, c.contributions::bigint as contrib, coalesce(p.contributions, 0)::bigint as contrib_prev,
           c.others::bigint as active, coalesce(p.others, 0)::bigint as active_prev
      from top
      join cur c on c.member_id = top.member_id
      join members m on m.id = top.member_id
      left join member_month_activity p on p.member_id = top.member_id and p.month = ${addMonths(w.month, -1) + "-01"}::date`;
}

function memberRankings(rows: CountsRow[]): { contributors: RankedEntry[]; active: RankedEntry[] } {
  return { contributors: topEntries(rows, "contrib"), active: topEntries(rows, "active") };
}

/** Credited counts per organisation from the stored daily credits plus a live tail (org-credit-days). */
async function orgRankings(
  w: MonthWindow,
): Promise<{ byContributions: RankedEntry[]; byActivity: RankedEntry[] }> {
  const coverTo = await storedCreditsCoverTo();
  const [current, previous] = await Promise.all([
    orgCountsBetween(w.from, w.to, "all", undefined, coverTo),
    orgCountsBetween(w.previousFrom, w.previousTo, "all", undefined, coverTo),
  ]);
  const ids = [...new Set([...current, ...previous].map((c) => c.orgId))];
  const orgs = ids.length
    ? await db.$queryRaw<{ id: number; name: string }[]>`
        select id, name from organizations where id = any(${ids}::int[]) and not is_staff_org`
    : [];
  const now = new Map(current.map((c) => [c.orgId, c]));
  const before = new Map(previous.map((c) => [c.orgId, c]));
  const rows: CountsRow[] = orgs.map((o) => ({
    id: o.id,
    name: o.name,
    contrib: BigInt(now.get(o.id)?.contributions ?? 0),
    contrib_prev: BigInt(before.get(o.id)?.contributions ?? 0),
    active: BigInt(now.get(o.id)?.activity ?? 0),
    active_prev: BigInt(before.get(o.id)?.activity ?? 0),
  }));
  return { byContributions: topEntries(rows, "contrib"), byActivity: topEntries(rows, "active") };
}

async function newcomers(month: MonthKey, publicOnly: boolean) {
  const from = monthStart(month);
  const to = monthStart(addMonths(month, 1));
  const [members, contributors] = await Promise.all([
    db.$queryRaw<{ id: number; name: string }[]>`
      select id, display_name as name from members
       where not is_bot and joined_at >= ${from} and joined_at < ${to} and (not ${publicOnly} or not (public_opt_out or do_not_contact))
       order by joined_at, id limit ${NEWCOMERS_SHOWN}`,
    db.$queryRaw<{ id: number; name: string }[]>`
      select m.id, m.display_name as name
        from (${firstContributions(from, to)}) f
        join members m on m.id = f.member_id
       where not m.is_bot and (not ${publicOnly}::boolean or not (m.public_opt_out or m.do_not_contact))
       order by f.first_at, m.id limit ${NEWCOMERS_SHOWN}`,
  ]);
  return { members, contributors };
}

export async function monthlyReport(month: MonthKey, options: ReportOptions = {}): Promise<MonthlyReport> {
  const publicOnly = options.publicOnly ?? false;
  const window = monthWindow(month, options.dataThrough ?? (await activityDataThrough()));
  const inProgress = window.status === "in_progress";
  // A month in progress is read from the stored recent days when they reach back far enough.
  const storedDays = inProgress && (await storedDaysCover(window.previousFrom));
  const trailFrom = addMonths(month, -6);
  // A month in progress: its days to date and the same days before in one pass; its whole-month
  // totals are not read (the trail stops at the month before).
  const [totals, toDate, completeRows, orgs, fresh] = await Promise.all([
    monthlyTotals(trailFrom, inProgress ? addMonths(month, -1) : month),
    inProgress ? monthToDate(window, publicOnly, storedDays) : null,
    inProgress ? null : storedMonthCounts(window, publicOnly),
    orgRankings(window),
    newcomers(month, publicOnly),
  ]);
  const people = memberRankings(toDate?.rows ?? completeRows ?? []);
  const current = toDate?.current;
  const previous = toDate?.previous;
  const empty: ReportTotals = {
    contributions: 0,
    contributors: 0,
    activeMembers: 0,
    newMembers: 0,
    newContributors: 0,
  };
  const trail = monthRange(trailFrom, addMonths(month, -1)).map((m) => totals.get(m) ?? empty);
  const base = {
    totals: current ?? totals.get(month) ?? empty,
    trailingContributions: trail.map((t) => t.contributions),
    trailingActiveMembers: trail.map((t) => t.activeMembers),
  };
  return {
    month,
    previousMonth: addMonths(month, -1),
    inProgress,
    comparison: comparisonLabel(window),
    ...base,
    previousTotals: previous ?? totals.get(addMonths(month, -1)) ?? empty,
    topContributors: people.contributors,
    mostActive: people.active,
    topOrgsByContributions: orgs.byContributions,
    topOrgsByActivity: orgs.byActivity,
    newContributors: fresh.contributors,
    newMembers: fresh.members,
    // A partial month against whole months always looks unusual: notes wait for the month to end.
    notes: inProgress ? [] : reportNotes(base),
  };
}
