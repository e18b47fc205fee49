// The monthly report's reads for a month in progress: its days to date and the same days of the month
// before, from the stored per-member days (member_day_activity) when they cover both windows, else
// from the raw events. Both give the same numbers (reports-in-progress.integration.test.ts).
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MonthWindow } from "@/lib/analytics/periods";
import type { ReportTotals } from "@/lib/partners";
import { MEMBER_DAYS_FROM_KEY, memberDaysFromSchema } from "@/lib/validation/member-days";

const TOP = 10;

export type CountsRow = {
  id: number;
  name: string;
  contrib: bigint;
  contrib_prev: bigint;
  active: bigint;
  active_prev: bigint;
};

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Whether member_day_activity holds every day from `from` on (the rollups step keeps the recent days). */
export async function storedDaysCover(from: Date): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: MEMBER_DAYS_FROM_KEY } });
  const stored = memberDaysFromSchema.safeParse(row?.value);
  return stored.success && stored.data <= isoDay(from);
}

/** Members' first contributions in [from, to), bots left out (first_contribution_at: the rollups step). */
export function firstContributions(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    select id as member_id, first_contribution_at as first_at from members
     where not is_bot and first_contribution_at >= ${from} and first_contribution_at < ${to}`;
}

/** Members who joined and who first contributed in [from, to), bots left out. */
async function newcomerCounts(
  from: Date,
  to: Date,
): Promise<{ newMembers: number; newContributors: number }> {
  const [[firsts], [joined]] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`select count(*) as n from (${firstContributions(from, to)}) f`,
    db.$queryRaw<
      { n: bigint }[]
    >`select count(*) as n from members where not is_bot and joined_at >= ${from} and joined_at < ${to}`,
  ]);
  return { newMembers: Number(joined?.n ?? 0), newContributors: Number(firsts?.n ?? 0) };
}

/** Each member's counts (bots left out) in the month to date and the same days before: stored days or raw events. */
function windowCounts(w: MonthWindow, stored: boolean): Prisma.Sql {
  // A hashed anti-join on the few bots instead of joining every member (a 100k-row hash per read).
  const notBot = (column: string) =>
    Prisma.sql`${Prisma.raw(column)} not in (select id from members where is_bot)`;
  if (stored) {
    const [from, to, previousFrom, previousTo] = [w.from, w.to, w.previousFrom, w.previousTo].map(isoDay);
    return Prisma.sql`
      select d.member_id,
             coalesce(sum(d.contributions) filter (where d.day >= ${from}::date), 0) as contrib,
             coalesce(sum(d.contributions) filter (where d.day < ${previousTo}::date), 0) as contrib_prev,
             coalesce(sum(d.others) filter (where d.day >= ${from}::date), 0) as active,
             coalesce(sum(d.others) filter (where d.day < ${previousTo}::date), 0) as active_prev
        from member_day_activity d
       where ((d.day >= ${from}::date and d.day < ${to}::date)
              or (d.day >= ${previousFrom}::date and d.day < ${previousTo}::date))
         and ${notBot("d.member_id")}
       group by 1`;
  }
  return Prisma.sql`
    select e.member_id,
           count(*) filter (where t.is_contribution and e.occurred_at >= ${w.from}) as contrib,
           count(*) filter (where t.is_contribution and e.occurred_at < ${w.previousTo}) as contrib_prev,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at >= ${w.from}) as active,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at < ${w.previousTo}) as active_prev
      from activity_events e
      left join activity_types t on t.type = e.type
     where ((e.occurred_at >= ${w.from} and e.occurred_at < ${w.to})
            or (e.occurred_at >= ${w.previousFrom} and e.occurred_at < ${w.previousTo}))
       and ${notBot("e.member_id")}
     group by 1`;
}

type MonthToDateRow = Partial<CountsRow> & {
  contributions: bigint | null;
  contributors: bigint;
  active_members: bigint;
  contributions_prev: bigint | null;
  contributors_prev: bigint;
  active_members_prev: bigint;
};

export interface MonthToDate {
  /** The members who can enter either top TOP (with ties), with both windows' counts. */
  rows: CountsRow[];
  current: ReportTotals;
  previous: ReportTotals;
}

/**
 * A month in progress in one pass over its days (or events): both windows' totals and the members
 * who can enter the rankings (public version: opted-out members are not named, totals keep them).
 */
export async function monthToDate(
  w: MonthWindow,
  publicOnly: boolean,
  stored: boolean,
): Promise<MonthToDate> {
  const named = publicOnly
    ? Prisma.sql`and not exists (select 1 from members h where h.id = c.member_id and (h.public_opt_out or h.do_not_contact))`
    : Prisma.empty;
  const [rows, current, previous] = await Promise.all([
    db.$queryRaw<MonthToDateRow[]>`
      with counts as materialized (${windowCounts(w, stored)}),
      totals as (
        select sum(contrib)::bigint as contributions, count(*) filter (where contrib > 0) as contributors,
               count(*) filter (where contrib + active > 0) as active_members,
               sum(contrib_prev)::bigint as contributions_prev, count(*) filter (where contrib_prev > 0) as contributors_prev,
               count(*) filter (where contrib_prev + active_prev > 0) as active_members_prev
          from counts),
      top as (
        (select member_id from counts c where contrib > 0 ${named} order by contrib desc fetch first (${TOP}) rows with ties)
        union
        (select member_id from counts c where active > 0 ${named} order by active desc fetch first (${TOP}) rows with ties)
      ),
      named_rows as (
        select m.id, m.display_name as name, c.contrib::bigint as contrib, c.contrib_prev::bigint as contrib_prev,
               c.active::bigint as active, c.active_prev::bigint as active_prev
          from top join counts c on c.member_id = top.member_id join members m on m.id = top.member_id)
      -- One row even when nobody was active: the totals ride on every row.
      select r.*, t.* from totals t left join named_rows r on true`,
    newcomerCounts(w.from, w.to),
    newcomerCounts(w.previousFrom, w.previousTo),
  ]);
  const t = rows[0];
  const totals = (contributions: bigint | null | undefined, contributors?: bigint, active?: bigint) => ({
    contributions: Number(contributions ?? 0),
    contributors: Number(contributors ?? 0),
    activeMembers: Number(active ?? 0),
  });
  return {
    rows: rows
      .filter((r): r is MonthToDateRow & CountsRow => r.id !== null && r.id !== undefined)
      .map((r) => ({
        id: r.id,
        name: r.name,
        contrib: r.contrib,
        contrib_prev: r.contrib_prev,
        active: r.active,
        active_prev: r.active_prev,
      })),
    current: { ...totals(t?.contributions, t?.contributors, t?.active_members), ...current },
    previous: {
      ...totals(t?.contributions_prev, t?.contributors_prev, t?.active_members_prev),
      ...previous,
    },
  };
}
