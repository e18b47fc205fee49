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

/** Per member in [from, to) (whole UTC days): contributions, bots left out. */
function perMemberContributions(from: Date, to: Date, stored: boolean): Prisma.Sql {
  return stored
    ? Prisma.sql`
        select d.member_id, sum(d.contributions) as contributions
          from member_day_activity d
          join members m on m.id = d.member_id and not m.is_bot
         where d.day >= ${isoDay(from)}::date and d.day < ${isoDay(to)}::date
         group by 1`
    : Prisma.sql`
        select e.member_id, count(*) filter (where t.is_contribution) as contributions
          from activity_events e
          join members m on m.id = e.member_id and not m.is_bot
          left join activity_types t on t.type = e.type
         where e.occurred_at >= ${from} and e.occurred_at < ${to}
         group by 1`;
}

/** The report's totals over one window [from, to): a month to date, or the same days of the month before. */
export async function windowTotals(from: Date, to: Date, stored: boolean): Promise<ReportTotals> {
  const [[r], [firsts], [joined]] = await Promise.all([
    db.$queryRaw<{ contributions: bigint | null; contributors: bigint; active: bigint }[]>`
      with per_member as (${perMemberContributions(from, to, stored)})
      select sum(contributions)::bigint as contributions, count(*) filter (where contributions > 0) as contributors, count(*) as active from per_member`,
    db.$queryRaw<{ n: bigint }[]>`select count(*) as n from (${firstContributions(from, to)}) f`,
    db.$queryRaw<
      { n: bigint }[]
    >`select count(*) as n from members where not is_bot and joined_at >= ${from} and joined_at < ${to}`,
  ]);
  return {
    contributions: Number(r?.contributions ?? 0),
    contributors: Number(r?.contributors ?? 0),
    activeMembers: Number(r?.active ?? 0),
    newMembers: Number(joined?.n ?? 0),
    newContributors: Number(firsts?.n ?? 0),
  };
}

/** Each member's counts in the month to date and the same days before: stored days or raw events. */
function windowCounts(w: MonthWindow, publicOnly: boolean, stored: boolean): Prisma.Sql {
  const shown = Prisma.sql`not m.is_bot and (not ${publicOnly} or not (m.public_opt_out or m.do_not_contact))`;
  if (stored) {
    const [from, to, previousFrom, previousTo] = [w.from, w.to, w.previousFrom, w.previousTo].map(isoDay);
    return Prisma.sql`
      select d.member_id,
             coalesce(sum(d.contributions) filter (where d.day >= ${from}::date), 0) as contrib,
             coalesce(sum(d.contributions) filter (where d.day < ${previousTo}::date), 0) as contrib_prev,
             coalesce(sum(d.others) filter (where d.day >= ${from}::date), 0) as active,
             coalesce(sum(d.others) filter (where d.day < ${previousTo}::date), 0) as active_prev
        from member_day_activity d
        join members m on m.id = d.member_id and ${shown}
       where (d.day >= ${from}::date and d.day < ${to}::date)
          or (d.day >= ${previousFrom}::date and d.day < ${previousTo}::date)
       group by 1`;
  }
  return Prisma.sql`
    select e.member_id,
           count(*) filter (where t.is_contribution and e.occurred_at >= ${w.from}) as contrib,
           count(*) filter (where t.is_contribution and e.occurred_at < ${w.previousTo}) as contrib_prev,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at >= ${w.from}) as active,
           count(*) filter (where not coalesce(t.is_contribution, false) and e.occurred_at < ${w.previousTo}) as active_prev
      from activity_events e
      join members m on m.id = e.member_id and ${shown}
      left join activity_types t on t.type = e.type
     where (e.occurred_at >= ${w.from} and e.occurred_at < ${w.to})
        or (e.occurred_at >= ${w.previousFrom} and e.occurred_at < ${w.previousTo})
     group by 1`;
}

/** The members who can enter either top TOP of a month in progress (with ties), with both windows' counts. */
export function monthToDateCounts(
  w: MonthWindow,
  publicOnly: boolean,
  stored: boolean,
): Promise<CountsRow[]> {
  return db.$queryRaw<CountsRow[]>`
    with counts as (${windowCounts(w, publicOnly, stored)}),
    top as (
      (select member_id from counts where contrib > 0 order by contrib desc fetch first (${TOP}) rows with ties)
      union
      (select member_id from counts where active > 0 order by active desc fetch first (${TOP}) rows with ties)
    )
    select m.id, m.display_name as name, c.contrib::bigint as contrib, c.contrib_prev::bigint as contrib_prev,
           c.active::bigint as active, c.active_prev::bigint as active_prev
      from top
      join counts c on c.member_id = top.member_id
      join members m on m.id = top.member_id`;
}
