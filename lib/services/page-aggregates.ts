// Heavy page aggregates (exact monthly active/contributors, MRR series and movements, cohort
// retention, conversion by decile) computed from the rollups by the recompute pipeline's last step (or a worker job
// when a page found them stale) and kept in `settings`, so Overview and Cohorts stay under a second
// at 10M events. Read by lib/data/page-aggregates.ts, which never computes them.
import "server-only";
import { db } from "@/lib/db/client";
import { addMonths, monthKey, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import { computeMrrMovements, memberTimelines, mrrAt } from "@/lib/analytics/mrr";
import { subscriberChurnRate } from "@/lib/analytics/subscriber-churn";
import type { RetentionRow } from "@/lib/analytics/retention";
import { billingHistory } from "@/lib/data/overview";
import { pageAggregatesFingerprint } from "@/lib/data/page-aggregates";
import { refreshMonthRows, type MonthsRefresh } from "./page-aggregate-months";
import { rebuildWeeklyActivity } from "./rollups";
import {
  PAGE_AGGREGATES_KEY,
  pageAggregatesSchema,
  type PageAggregates,
} from "@/lib/validation/page-aggregates";

/** The 13 months' activity from the stored month rows (a month without a row had no events). */
async function monthlyActivity(months: MonthKey[]): Promise<PageAggregates["monthlyActivity"]> {
  const rows = await db.$queryRaw<{ month: string; active: number; contributors: number }[]>`
    select to_char(month, 'YYYY-MM') as month, active, contributors from page_activity_months
     where month >= ${monthStart(months[0])} and month <= ${monthStart(months[months.length - 1])}`;
  return months.map((month) => {
    const r = rows.find((x) => x.month === month);
    return { month, active: r?.active ?? 0, contributors: r?.contributors ?? 0 };
  });
}

/** Retention rows (last 24 cohorts) from the stored cells and cohort sizes. */
async function storedRetentionRows(asOf: Date): Promise<RetentionRow[]> {
  const first = monthStart(addMonths(monthKey(asOf), -23));
  const rows = await db.$queryRaw<{ cohort: string; month_offset: number; active: number; size: number }[]>`
    select to_char(c.cohort_month, 'YYYY-MM') as cohort,
           coalesce((extract(year from r.activity_month) - extract(year from c.cohort_month)) * 12
                    + extract(month from r.activity_month) - extract(month from c.cohort_month), 0)::int as month_offset,
           coalesce(r.active, 0) as active, c.size
      from page_retention_cohorts c left join page_retention_cells r on r.cohort_month = c.cohort_month
     where c.cohort_month >= ${first}`;
  const merged = new Map<string, RetentionRow>();
  for (const r of rows) {
    const key = `${r.cohort}|${r.month_offset}`;
    merged.set(key, {
      cohortMonth: r.cohort,
      monthOffset: r.month_offset,
      active: r.active,
      cohortSize: r.size,
    });
  }
  // Every cohort has a month-0 row, even if no member was active in it.
  for (const r of [...merged.values()]) {
    const zero = `${r.cohortMonth}|0`;
    if (!merged.has(zero)) merged.set(zero, { ...r, monthOffset: 0, active: 0 });
  }
  return [...merged.values()];
}

/**
 * Retention rows (cohort = join month, last 24 cohorts) computed whole from the weekly rollups: the
 * reference the stored cells are tested against.
 */
export async function retentionRows(asOf: Date): Promise<RetentionRow[]> {
  const rows = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`set local work_mem = '256MB'`;
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
    },
    { timeout: 600_000 },
  );
  // The union's zero rows make every cohort appear even if no member was active in month 0.
  const merged = new Map<string, RetentionRow>();
  for (const r of rows) {
    const key = `${r.cohort}|${r.month_offset}`;
    merged.set(key, {
      cohortMonth: r.cohort,
      monthOffset: r.month_offset,
      active: (merged.get(key)?.active ?? 0) + Number(r.active),
      cohortSize: Number(r.size),
    });
  }
  return [...merged.values()];
}

export interface PageAggregatesOptions {
  /** Rebuild the month rows whole instead of only the months touched since the last refresh. */
  full?: boolean;
  now?: Date;
}

export async function computePageAggregates(
  opts: PageAggregatesOptions = {},
): Promise<PageAggregates & { refreshed: MonthsRefresh }> {
  const now = opts.now ?? new Date();
  const { fingerprint, latestEvent } = await pageAggregatesFingerprint();
  const asOf = latestEvent && latestEvent < now ? latestEvent : now;
  const ref = monthKey(asOf);
  const months = monthRange(addMonths(ref, -12), ref);
  // The rows summarise the rollups: a refresh a page asked for (no pipeline run before it) brings them
  // up to date first, which costs a query when nothing new arrived.
  const t0 = performance.now();
  await rebuildWeeklyActivity();
  const t1 = performance.now();
  // The stored rows and deciles (in their own transaction) beside the billing history.
  let billingMs = 0;
  const [{ refreshed, deciles }, billing] = await Promise.all([
    refreshMonthRows({ full: opts.full, asOf }),
    billingHistory().finally(() => (billingMs = performance.now() - t1)),
  ]);
  const t2 = performance.now();
  const [activity, retention] = await Promise.all([monthlyActivity(months), storedRetentionRows(asOf)]);
  const t3 = performance.now();
  const timelines = [...memberTimelines(billing.changes).values()];
  const monthlyBilling = months.map((month) => {
    const at = month === ref ? asOf : monthStart(addMonths(month, 1));
    const mrrs = timelines.map((t) => mrrAt(t, at, true));
    return { month, paying: mrrs.filter((v) => v > 0).length, mrrCents: mrrs.reduce((s, v) => s + v, 0) };
  });
  const churn = subscriberChurnRate(billing.changes, billing.firstPayments, asOf, 30);
  const movements = computeMrrMovements(billing.changes, billing.firstPayments, {
    from: addMonths(ref, -11),
    to: ref,
  });
  refreshed.phases = [
    ["rollups check", t1 - t0],
    ...refreshed.phases,
    ["billing history (beside)", billingMs],
    ["stored rows read", t3 - t2],
    ["MRR series, churn, movements", performance.now() - t3],
  ];
  return {
    fingerprint,
    computedAt: new Date().toISOString(),
    asOf: asOf.toISOString(),
    monthlyActivity: activity,
    monthlyBilling,
    movements,
    churn: {
      ...churn,
      windowStart: churn.windowStart.toISOString(),
      windowEnd: churn.windowEnd.toISOString(),
    },
    retentionRows: retention,
    deciles,
    refreshed,
  };
}

/** Computes the aggregates (incrementally unless `full`) and stores them for the pages. */
export async function refreshPageAggregates(
  opts: PageAggregatesOptions = {},
): Promise<PageAggregates & { refreshed: MonthsRefresh }> {
  const computed = await computePageAggregates(opts);
  const value = pageAggregatesSchema.parse(computed);
  await db.setting.upsert({
    where: { key: PAGE_AGGREGATES_KEY },
    create: { key: PAGE_AGGREGATES_KEY, value },
    update: { value },
  });
  return { ...value, refreshed: computed.refreshed };
}
