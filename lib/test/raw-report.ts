// The monthly report's numbers computed straight from the raw events, the way the report read them
// before its stored aggregates: the reference the report-from-aggregates tests compare against.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/prisma";
import type { RankedEntry, ReportTotals } from "@/lib/partners";
import { creditedEvents } from "@/lib/data/org-credit";

type Counts = { id: number; name: string; now: bigint; before: bigint };

/** The windows a report compares: [from, to) against [previousFrom, previousTo), previousTo <= from. */
export interface RawWindows {
  from: Date;
  to: Date;
  previousFrom: Date;
  previousTo: Date;
}

/** The top 10 by this window's count, ties by name: the report's own ordering rule. */
const top = (rows: Counts[]): RankedEntry[] =>
  rows
    .map((r) => ({ id: r.id, name: r.name, value: Number(r.now), previous: Number(r.before) }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, 10);

/** Totals of [from, to) from the raw events: distinct members, contributors, first contributions. */
export async function rawTotals(db: Db, from: Date, to: Date): Promise<ReportTotals> {
  const [r] = await db.$queryRaw<
    { c: bigint | null; contributors: bigint; active: bigint; first: bigint; joined: bigint }[]
  >`
    with per_member as (
      select e.member_id, count(*) filter (where t.is_contribution) as c
        from activity_events e join members m on m.id = e.member_id and not m.is_bot
        left join activity_types t on t.type = e.type
       where e.occurred_at >= ${from} and e.occurred_at < ${to} group by 1),
    firsts as (
      select e.member_id from activity_events e join activity_types t on t.type = e.type and t.is_contribution
        join members m on m.id = e.member_id and not m.is_bot
       group by 1 having min(e.occurred_at) >= ${from} and min(e.occurred_at) < ${to})
    select (select sum(c) from per_member)::bigint as c, (select count(*) from per_member where c > 0) as contributors,
           (select count(*) from per_member) as active, (select count(*) from firsts) as first,
           (select count(*) from members where not is_bot and joined_at >= ${from} and joined_at < ${to}) as joined`;
  return {
    contributions: Number(r.c ?? 0),
    contributors: Number(r.contributors),
    activeMembers: Number(r.active),
    newMembers: Number(r.joined),
    newContributors: Number(r.first),
  };
}

/** Member and organisation rankings of the windows from the raw events (orgs by the per-event credit rule). */
export async function rawRankings(db: Db, w: RawWindows, publicOnly: boolean) {
  const inWindows = (column: string) => {
    const at = Prisma.raw(column);
    return Prisma.sql`((${at} >= ${w.from} and ${at} < ${w.to}) or (${at} >= ${w.previousFrom} and ${at} < ${w.previousTo}))`;
  };
  const members = (contribution: boolean) => db.$queryRaw<Counts[]>`
    select m.id, m.display_name as name,
           count(*) filter (where coalesce(t.is_contribution, false) = ${contribution} and e.occurred_at >= ${w.from}) as now,
           count(*) filter (where coalesce(t.is_contribution, false) = ${contribution} and e.occurred_at < ${w.from}) as before
      from activity_events e
      join members m on m.id = e.member_id and not m.is_bot and (not ${publicOnly} or not (m.public_opt_out or m.do_not_contact))
      left join activity_types t on t.type = e.type
     where ${inWindows("e.occurred_at")} group by m.id`;
  const orgs = (contribution: boolean) => db.$queryRaw<Counts[]>`
    with credited as (select *, true as current from (${creditedEvents(w.from, w.to)}) c
                      union all select *, false from (${creditedEvents(w.previousFrom, w.previousTo)}) p)
    select o.id, o.name,
           count(*) filter (where c.is_contribution = ${contribution} and c.current) as now,
           count(*) filter (where c.is_contribution = ${contribution} and not c.current) as before
      from credited c join organizations o on o.id = c.org_id and not o.is_staff_org
     group by o.id`;
  return {
    topContributors: top(await members(true)),
    mostActive: top(await members(false)),
    topOrgsByContributions: top(await orgs(true)),
    topOrgsByActivity: top(await orgs(false)),
  };
}

/** Members whose first contribution falls in [from, to), in order: the report's newcomers. */
export function rawNewContributors(db: Db, from: Date, to: Date) {
  return db.$queryRaw<{ id: number; name: string }[]>`
    select m.id, m.display_name as name
      from activity_events e join activity_types t on t.type = e.type and t.is_contribution
      join members m on m.id = e.member_id and not m.is_bot
     group by m.id having min(e.occurred_at) >= ${from} and min(e.occurred_at) < ${to}
     order by min(e.occurred_at), m.id limit 50`;
}
