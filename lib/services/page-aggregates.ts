// Heavy page aggregates (exact monthly active/contributors, MRR series and movements, cohort
// retention, conversion by decile) computed after each recompute and kept in `settings`, so
// Overview and Cohorts stay under a second at 10M events. Stale-while-revalidate on read.
import "server-only";
import { db } from "@/lib/db/client";
import { addMonths, monthKey, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import { computeMrrMovements, memberTimelines, mrrAt, type MonthlyMrrMovement } from "@/lib/analytics/mrr";
import { subscriberChurnRate } from "@/lib/analytics/subscriber-churn";
import type { DecileConversion, RetentionRow } from "@/lib/analytics/retention";
import type { Prisma } from "@/lib/generated/prisma/client";

const KEY = "page-aggregates:v1";

export interface PageAggregates {
  fingerprint: string;
  computedAt: string;
  /** min(now, latest event) at compute time, ISO. */
  asOf: string;
  /** 13 months ending at asOf's month: exact distinct members with any event / a contribution. */
  monthlyActivity: { month: MonthKey; active: number; contributors: number }[];
  /** Same months: paying members and MRR at month end (the current month: at asOf). */
  monthlyBilling: { month: MonthKey; paying: number; mrrCents: number }[];
  movements: MonthlyMrrMovement[];
  churn: { windowStart: string; windowEnd: string; activeAtStart: number; newInWindow: number; reactivatedInWindow: number; churned: number; rate: number | null };
  retentionRows: RetentionRow[];
  deciles: DecileConversion[];
}

/** Cheap (index-only) signature of the data the aggregates depend on. */
async function dataFingerprint(): Promise<{ fingerprint: string; latestEvent: Date | null }> {
  const [r] = await db.$queryRaw<{ e_id: bigint | null; e_at: Date | null; c_id: number | null; p_id: number | null; m: bigint; types: string | null }[]>`
    select (select max(id) from activity_events) as e_id, (select max(occurred_at) from activity_events) as e_at,
           (select max(id) from subscription_changes) as c_id, (select max(id) from payments) as p_id,
           (select count(*) from members) as m,
           (select md5(string_agg(type || ':' || is_contribution::text, ',' order by type)) from activity_types) as types`;
  return { fingerprint: [r.e_id, r.e_at?.toISOString(), r.c_id, r.p_id, r.m, r.types].join("|"), latestEvent: r.e_at };
}

async function monthlyActivity(months: MonthKey[]): Promise<PageAggregates["monthlyActivity"]> {
  const rows = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("set local work_mem = '256MB'");
    return tx.$queryRaw<{ month: string; active: bigint; contributors: bigint }[]>`
      select to_char(date_trunc('month', e.occurred_at at time zone 'UTC'), 'YYYY-MM') as month,
             count(distinct e.member_id) as active,
             count(distinct e.member_id) filter (where t.is_contribution) as contributors
        from activity_events e left join activity_types t on t.type = e.type
       where e.occurred_at >= ${monthStart(months[0])} and e.occurred_at < ${monthStart(addMonths(months[months.length - 1], 1))}
         and e.member_id not in (select id from members where is_bot)
       group by 1`;
  }, { timeout: 600_000 });
  return months.map((month) => {
    const r = rows.find((x) => x.month === month);
    return { month, active: Number(r?.active ?? 0), contributors: Number(r?.contributors ?? 0) };
  });
}

/** Retention rows (cohort = join month, last 24 cohorts) from the weekly rollups. */
export async function retentionRows(asOf: Date): Promise<RetentionRow[]> {
  const rows = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("set local work_mem = '256MB'");
    return tx.$queryRaw<{ cohort: string; month_offset: number; active: bigint; size: bigint }[]>`
      with cohort as (
        select id, date_trunc('month', joined_at at time zone 'UTC')::date as cm from members
         where joined_at is not null and not is_bot and joined_at >= date_trunc('month', ${asOf}::timestamptz at time zone 'UTC') - interval '23 months'
      ),
      sizes as (select cm, count(*) as size from cohort group by cm),
      act as (
        select w.member_id, date_trunc('month', w.week_start)::date as am
          from weekly_activity w join cohort c on c.id = w.member_id and w.week_start >= c.cm group by 1, 2
      )
      select to_char(c.cm, 'YYYY-MM') as cohort,
             ((extract(year from a.am) - extract(year from c.cm)) * 12 + extract(month from a.am) - extract(month from c.cm))::int as month_offset,
             count(*) as active, s.size
        from act a join cohort c on c.id = a.member_id join sizes s on s.cm = c.cm
       group by c.cm, a.am, s.size
      union all
      select to_char(cm, 'YYYY-MM'), 0, 0, size from sizes`;
  }, { timeout: 600_000 });
  // The union's zero rows make every cohort appear even if no member was active in month 0.
  const merged = new Map<string, RetentionRow>();
  for (const r of rows) {
    const key = `${r.cohort}|${r.month_offset}`;
    merged.set(key, { cohortMonth: r.cohort, monthOffset: r.month_offset, active: (merged.get(key)?.active ?? 0) + Number(r.active), cohortSize: Number(r.size) });
  }
  return [...merged.values()];
}

export async function computePageAggregates(now = new Date()): Promise<PageAggregates> {
  const { fingerprint, latestEvent } = await dataFingerprint();
  const asOf = latestEvent && latestEvent < now ? latestEvent : now;
  const ref = monthKey(asOf);
  const months = monthRange(addMonths(ref, -12), ref);
  // Imported lazily: lib/data reads import this module for getPageAggregates.
  const { billingHistory } = await import("@/lib/data/overview");
  const { conversionByActivityDecileLive } = await import("@/lib/data/cohorts");
  const [activity, billing, retention, deciles] = await Promise.all([monthlyActivity(months), billingHistory(), retentionRows(asOf), conversionByActivityDecileLive(asOf)]);
  const timelines = [...memberTimelines(billing.changes).values()];
  const monthlyBilling = months.map((month) => {
    const at = month === ref ? asOf : monthStart(addMonths(month, 1));
    const mrrs = timelines.map((t) => mrrAt(t, at, true));
    return { month, paying: mrrs.filter((v) => v > 0).length, mrrCents: mrrs.reduce((s, v) => s + v, 0) };
  });
  const churn = subscriberChurnRate(billing.changes, billing.firstPayments, asOf, 30);
  return {
    fingerprint,
    computedAt: new Date().toISOString(),
    asOf: asOf.toISOString(),
    monthlyActivity: activity,
    monthlyBilling,
    movements: computeMrrMovements(billing.changes, billing.firstPayments, { from: addMonths(ref, -11), to: ref }),
    churn: { ...churn, windowStart: churn.windowStart.toISOString(), windowEnd: churn.windowEnd.toISOString() },
    retentionRows: retention,
    deciles,
  };
}

export async function refreshPageAggregates(): Promise<PageAggregates> {
  const aggregates = await computePageAggregates();
  const value = aggregates as unknown as Prisma.InputJsonValue;
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  return aggregates;
}

let refreshing: Promise<PageAggregates> | null = null;

/** One refresh at a time per process. */
function refreshOnce(): Promise<PageAggregates> {
  refreshing ??= refreshPageAggregates().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Resolves when the background refresh in flight (if any) has finished; for tests and shutdown. */
export async function settlePageAggregatesRefresh(): Promise<void> {
  await refreshing?.catch(() => undefined);
}

/**
 * The stored aggregates. When the data changed since they were computed, they are served
 * as they are (`stale: true`) while a refresh runs in the background: a page never waits
 * ~30 s for them, except the very first time, when nothing is stored yet.
 */
export async function getPageAggregates(): Promise<PageAggregates & { stale: boolean }> {
  const [stored, { fingerprint }] = await Promise.all([db.setting.findUnique({ where: { key: KEY } }), dataFingerprint()]);
  const value = stored?.value as unknown as PageAggregates | undefined;
  if (!value) return { ...(await refreshOnce()), stale: false };
  if (value.fingerprint !== fingerprint) {
    refreshOnce().catch((error) => console.error("[page aggregates] background refresh failed", error));
    return { ...value, stale: true };
  }
  return { ...value, stale: false };
}
