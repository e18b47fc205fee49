// Credited counts per organisation over any period: whole UTC days from org_daily_credits (kept by
// the pipeline) and the rest (today, a partial day, or everything when the store is missing or was
// computed under other affiliations) credited live from the events. Same numbers either way.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ORG_CREDITS_KEY, orgCreditsStateSchema } from "@/lib/validation/org-credits";
import { addMonths, monthStart, type MonthKey } from "@/lib/analytics/months";
import { creditedEvents } from "./org-credit";

/**
 * What the credit of old events depends on besides the events: a change means the store is stale.
 * Read on every Organisations page: affiliations are hashed from their numbers (hashing their text
 * took ~120 ms of each read at 70k affiliations, this ~60 ms; ids make every row's hash distinct).
 */
export async function creditSignature(): Promise<string> {
  // Member merges and identity splits move events to a member with other affiliations (and their undo moves them back).
  const [r] = await db.$queryRaw<{ a: string; o: string; d: string; b: string; m: string }[]>`
    select (select coalesce(bit_xor(hashint8extended((a.id::bigint << 32) | a.member_id, (a.org_id::bigint << 32) + hashtext(a.origin))
                                    # timestamptz_hash_extended(a.starts_at, a.id) # coalesce(timestamptz_hash_extended(a.ends_at, a.id), 1)), 0)
                   || '/' || count(*) from affiliations a) as a,
           (select coalesce(sum(hashtext(o.id || ':' || coalesce(o.merged_into_id, 0))::bigint), 0) || '/' || count(*) from organizations o) as o,
           (select coalesce(sum(hashtext(d.domain || ':' || d.org_id)::bigint), 0)::text from organization_domains d) as d,
           (select coalesce(sum(id::bigint), 0)::text from members where is_bot) as b,
           (select count(*) || '/' || coalesce(max(id), 0) || '/' || count(undone_at) from member_merges)
             || '+' || (select count(*) || '/' || coalesce(max(id), 0) || '/' || count(undone_at) from identity_splits) as m`;
  return [r.a, r.o, r.d, r.b, r.m].join("|");
}

/** The UTC midnight before which the store may be used, or null when it must not be. */
export async function storedCreditsCoverTo(): Promise<Date | null> {
  const [row, signature] = await Promise.all([
    db.setting.findUnique({ where: { key: ORG_CREDITS_KEY } }),
    creditSignature(),
  ]);
  const state = orgCreditsStateSchema.safeParse(row?.value);
  if (!state.success || state.data.signature !== signature) return null;
  return new Date(state.data.coveredTo);
}

export interface OrgPeriodCounts {
  orgId: number;
  /** "YYYY-MM" with grain "month", else "all". */
  period: string;
  contributions: number;
  activity: number;
}

const DAY_MS = 86_400_000;
const isMidnight = (d: Date) => d.getTime() % DAY_MS === 0;
const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);

/** Credited counts per organisation over [from, to), per calendar month (UTC) or in total. */
export async function orgCountsBetween(
  from: Date,
  to: Date,
  grain: "month" | "all",
  orgIds?: number[],
  coverTo?: Date | null,
): Promise<OrgPeriodCounts[]> {
  const covered = coverTo === undefined ? await storedCreditsCoverTo() : coverTo;
  // Stored days [from, storedTo); live events [split, to). The store's last day may be partial: it
  // holds that day's events up to `covered` (an instant), so a window running past it reads that
  // row and only the events after `covered` live (a day's events credited live cost ~1 s at 100k).
  let storedTo = from;
  let split = from;
  if (covered && isMidnight(from) && covered > from) {
    if (to <= covered) storedTo = split = new Date(Math.max(from.getTime(), floorDay(to).getTime()));
    else {
      storedTo = ceilDay(covered);
      split = covered;
    }
  }
  const period = (column: Prisma.Sql) =>
    grain === "month" ? Prisma.sql`to_char(${column}, 'YYYY-MM')` : Prisma.sql`'all'`;
  const onlyOrgs = (column: string) =>
    orgIds ? Prisma.sql`and ${Prisma.raw(column)} = any(${orgIds}::int[])` : Prisma.empty;
  const [stored, live] = await Promise.all([
    storedTo > from
      ? db.$queryRaw<{ org_id: number; period: string; contributions: bigint; activity: bigint }[]>`
          select org_id, ${period(Prisma.sql`day`)} as period, sum(contributions) as contributions, sum(activity) as activity
            from org_daily_credits
           where day >= ${from}::date and day < ${storedTo}::date ${onlyOrgs("org_id")}
           group by 1, 2`
      : [],
    to > split
      ? db.$queryRaw<{ org_id: number; period: string; contributions: bigint; activity: bigint }[]>`
          with credited as (${creditedEvents(split, to, orgIds)})
          select org_id, ${period(Prisma.sql`(occurred_at at time zone 'UTC')`)} as period,
                 count(*) filter (where is_contribution) as contributions, count(*) filter (where not is_contribution) as activity
            from credited where org_id is not null ${onlyOrgs("org_id")}
           group by 1, 2`
      : [],
  ]);
  const sums = new Map<string, OrgPeriodCounts>();
  for (const r of [...stored, ...live]) {
    const key = `${r.org_id}|${r.period}`;
    const sum = sums.get(key) ?? { orgId: r.org_id, period: r.period, contributions: 0, activity: 0 };
    sum.contributions += Number(r.contributions);
    sum.activity += Number(r.activity);
    sums.set(key, sum);
  }
  return [...sums.values()];
}

export interface OrgMonthCounts {
  orgId: number;
  month: MonthKey;
  contributions: number;
  activity: number;
}

/** Credited contributions and conversation-only activity per org and month over [from, to] (inclusive months). */
export async function orgMonthlyCounts(
  from: MonthKey,
  to: MonthKey,
  orgIds?: number[],
  coverTo?: Date | null,
): Promise<OrgMonthCounts[]> {
  const counts = await orgCountsBetween(
    monthStart(from),
    monthStart(addMonths(to, 1)),
    "month",
    orgIds,
    coverTo,
  );
  return counts.map((c) => ({
    orgId: c.orgId,
    month: c.period,
    contributions: c.contributions,
    activity: c.activity,
  }));
}
