// Everything the Overview page shows: KPIs with 12-month trends, MRR movements and churn,
// data freshness per source, targets with projections, top rankings and recent alerts.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { addMonths, monthKey, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import type { FirstPayment, MonthlyMrrMovement, SubscriptionChange } from "@/lib/analytics/mrr";
import type { SubscriberChurn } from "@/lib/analytics/subscriber-churn";
import { monthWindow, type MonthWindow } from "@/lib/analytics/periods";
import { getPageAggregates } from "./page-aggregates";
import { listAlerts } from "./alerts";
import { rankDisplayOf } from "./rank-display";
import { topOfRankedList } from "./ranked-lists";
import { projectTarget, type TargetProjection } from "@/lib/analytics/targets";
import type { TargetMetric } from "@/lib/validation/targets";
import { DAY_MS } from "@/lib/time";
import { BILLING_STALE_AFTER_DAYS } from "@/lib/scoring/freshness";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";
import { billingThrough, communityThrough, type SourceThrough } from "./source-through";

export type MonthlyValue = { month: MonthKey; value: number };
export type KpiKey = "members" | "active" | "contributors" | "paying" | "mrr" | "upgrades" | "downgrades";

export interface OverviewKpis {
  referenceMonth: MonthKey;
  /** min(now, latest event): the as-of instant for "this month" and the churn window. */
  asOf: Date;
  members: number;
  /** Bots are left out of every count and amount (members, activity, paying, MRR, changes); this says how many. */
  bots: number;
  activeThisMonth: number;
  activeLastMonth: number;
  contributorsThisMonth: number;
  contributorsLastMonth: number;
  /** Paying members and MRR without the subscriptions of stopped billing sources (see `notCounted`). */
  payingMembers: number;
  mrrCents: number;
  /** Per stopped billing source: the members (paying only through it) and the MRR left out of the figures. */
  notCounted: NotCounted[];
  lastEventAt: Date | null;
  /** When the cached monthly series were computed, and whether newer data is being folded in. */
  aggregatesComputedAt: Date;
  aggregatesStale: boolean;
  /** Nothing computed yet (the first recompute is running): the monthly series are empty, not zero. */
  aggregatesMissing: boolean;
  /** 12 months ending at referenceMonth per KPI, oldest first. */
  series: Record<KpiKey, MonthlyValue[]>;
}

export interface NotCounted {
  source: string;
  dataThrough: Date | null;
  members: number;
  mrrCents: number;
}

/**
 * Bots are left out of every figure here, billing ones too (a bot that pays is still a bot), as the Members list
 * hides them: a hashed anti-join on the few bots, for tables with a `member_id`.
 */
const NOT_BOT = Prisma.sql`member_id not in (select id from members where is_bot)`;

const emptySeries = (months: MonthKey[]) => months.map((month) => ({ month, value: 0 }));

/**
 * "This month" is the month of min(now, latest event), so historic imports still show numbers.
 * Activity and billing series come from the stored page aggregates (exact; the pipeline recomputes them).
 */
export async function overviewKpis(
  sources: Promise<SourceFreshness[]> | SourceFreshness[] = dataFreshness(),
): Promise<OverviewKpis> {
  const [agg, freshness] = await Promise.all([getPageAggregates(), sources]);
  const asOf = new Date(agg.asOf);
  const stopped = freshness.filter((s) => s.stopped);
  const ref = monthKey(asOf);
  const months = monthRange(addMonths(ref, -12), ref);
  const from = monthStart(months[0]);
  const end = monthStart(addMonths(ref, 1));
  const [[bounds], [t], joins, tierChanges, left] = await Promise.all([
    db.$queryRaw<{ last_event: Date | null }[]>`select max(occurred_at) as last_event from activity_events`,
    db.$queryRaw<{ members: bigint; bots: bigint; paying: bigint; mrr: bigint | null }[]>`
      select count(*) filter (where not is_bot) as members, count(*) filter (where is_bot) as bots,
             count(*) filter (where current_tier > 0 and not is_bot) as paying, sum(current_mrr_cents) filter (where not is_bot) as mrr
        from members`,
    db.$queryRaw<{ month: string; n: bigint }[]>`
      select to_char(coalesce(joined_at, created_at), 'YYYY-MM') as month, count(*) as n from members where not is_bot group by 1`,
    db.$queryRaw<{ month: string; upgrades: bigint; downgrades: bigint }[]>`
      select to_char(occurred_at, 'YYYY-MM') as month, count(*) filter (where to_tier > from_tier) as upgrades,
             count(*) filter (where to_tier < from_tier) as downgrades
        from subscription_changes where occurred_at >= ${from} and occurred_at < ${end} and ${NOT_BOT} group by 1`,
    notCounted(stopped.map((s) => s.source)),
  ]);
  const series = Object.fromEntries(
    (["members", "active", "contributors", "paying", "mrr", "upgrades", "downgrades"] as KpiKey[]).map(
      (k) => [k, emptySeries(months)],
    ),
  ) as OverviewKpis["series"];
  const put = (key: KpiKey, month: string, value: number) => {
    const point = series[key].find((p) => p.month === month);
    if (point) point.value = value;
  };
  for (const r of agg.monthlyActivity) {
    put("active", r.month, r.active);
    put("contributors", r.month, r.contributors);
  }
  for (const r of agg.monthlyBilling) {
    put("paying", r.month, r.paying);
    put("mrr", r.month, r.mrrCents);
  }
  for (const r of tierChanges) {
    put("upgrades", r.month, Number(r.upgrades));
    put("downgrades", r.month, Number(r.downgrades));
  }
  let cumulative = joins.filter((j) => j.month < months[0]).reduce((s, j) => s + Number(j.n), 0);
  for (const p of series.members) {
    cumulative += Number(joins.find((j) => j.month === p.month)?.n ?? 0);
    p.value = cumulative;
  }
  // The current month's billing numbers come from the members' current state (authoritative), less
  // what only a stopped billing source says: nobody knows whether those subscriptions still run.
  const paying = Number(t.paying) - left.reduce((s, r) => s + r.members, 0);
  const mrrCents = Number(t.mrr ?? 0) - left.reduce((s, r) => s + r.mrrCents, 0);
  put("paying", ref, paying);
  put("mrr", ref, mrrCents);
  const val = (key: KpiKey, month: MonthKey) => series[key].find((p) => p.month === month)?.value ?? 0;
  return {
    referenceMonth: ref,
    asOf,
    members: Number(t.members),
    bots: Number(t.bots),
    activeThisMonth: val("active", ref),
    activeLastMonth: val("active", addMonths(ref, -1)),
    contributorsThisMonth: val("contributors", ref),
    contributorsLastMonth: val("contributors", addMonths(ref, -1)),
    payingMembers: paying,
    mrrCents,
    notCounted: left.map((r) => ({
      ...r,
      dataThrough: stopped.find((s) => s.source === r.source)?.dataThrough ?? null,
    })),
    lastEventAt: bounds.last_event,
    aggregatesComputedAt: new Date(agg.computedAt),
    aggregatesStale: agg.stale,
    aggregatesMissing: agg.missing,
    series: Object.fromEntries(
      Object.entries(series).map(([k, v]) => [k, v.slice(1)]),
    ) as OverviewKpis["series"],
  };
}

/**
 * What the stopped sources' active subscriptions add to the members' current tier and MRR: per source, the
 * paying members with no active subscription from a live source, and the MRR of its active subscriptions.
 */
async function notCounted(stopped: string[]): Promise<Omit<NotCounted, "dataThrough">[]> {
  if (stopped.length === 0) return [];
  const rows = await db.$queryRaw<{ source: string; members: bigint; mrr: bigint | null }[]>`
    with act as (
      select s.member_id, s.source, s.mrr_cents, s.source = any(${stopped}::text[]) as stopped
        from subscriptions s join members m on m.id = s.member_id
       where s.status = any(${ACTIVE_STATUSES}::text[]) and m.current_tier > 0 and not m.is_bot),
    only_stopped as (select member_id, min(source) as source from act group by member_id having bool_and(stopped))
    select a.source, (select count(*) from only_stopped o where o.source = a.source) as members, sum(a.mrr_cents) as mrr
      from act a where a.stopped group by a.source order by a.source`;
  return rows.map((r) => ({ source: r.source, members: Number(r.members), mrrCents: Number(r.mrr ?? 0) }));
}

export interface FlowCounts {
  active: number;
  contributors: number;
  upgrades: number;
  downgrades: number;
}

export interface MonthToDate {
  window: MonthWindow;
  current: FlowCounts;
  /** The same days of the previous month. */
  previous: FlowCounts;
}

async function flowCounts(from: Date, to: Date): Promise<FlowCounts> {
  const [[activity], [billing]] = await Promise.all([
    db.$queryRaw<{ active: bigint; contributors: bigint }[]>`
      select count(distinct e.member_id) as active, count(distinct e.member_id) filter (where t.is_contribution) as contributors
        from activity_events e left join activity_types t on t.type = e.type
       where e.occurred_at >= ${from} and e.occurred_at < ${to} and e.member_id not in (select id from members where is_bot)`,
    db.$queryRaw<{ upgrades: bigint; downgrades: bigint }[]>`
      select count(*) filter (where to_tier > from_tier) as upgrades, count(*) filter (where to_tier < from_tier) as downgrades
        from subscription_changes where occurred_at >= ${from} and occurred_at < ${to} and ${NOT_BOT}`,
  ]);
  return {
    active: Number(activity.active),
    contributors: Number(activity.contributors),
    upgrades: Number(billing.upgrades),
    downgrades: Number(billing.downgrades),
  };
}

/** The in-progress month so far against the same days of the month before; null when the month is complete. */
export async function monthToDate(asOf: Date): Promise<MonthToDate | null> {
  const window = monthWindow(monthKey(asOf), asOf);
  if (window.status !== "in_progress") return null;
  const [current, previous] = await Promise.all([
    flowCounts(window.from, window.to),
    flowCounts(window.previousFrom, window.previousTo),
  ]);
  return { window, current, previous };
}

/**
 * The subscription changes (as MRR movements) of every billing source that has not stopped (a stopped source's
 * subscriptions would otherwise run on forever in the trends, as they are left out of the current figures),
 * and each member's first paid payment.
 */
export async function billingHistory(): Promise<{
  changes: SubscriptionChange[];
  firstPayments: FirstPayment[];
}> {
  const stopped = [...(await stoppedBillingSources()).keys()];
  const [changes, firsts] = await Promise.all([
    db.$queryRaw<
      { member_id: number; occurred_at: Date; mrr_before_cents: number; mrr_after_cents: number }[]
    >`
      select member_id, occurred_at, mrr_before_cents, mrr_after_cents from subscription_changes
       where source <> all(${stopped}::text[]) and ${NOT_BOT} order by occurred_at, id`,
    db.$queryRaw<{ member_id: number; first_at: Date }[]>`
      select member_id, min(occurred_at) as first_at from payments
       where member_id is not null and status = 'paid' and amount_cents > 0 and ${NOT_BOT} group by member_id`,
  ]);
  return {
    changes: changes.map((c) => ({
      memberId: String(c.member_id),
      occurredAt: c.occurred_at,
      mrrBeforeCents: c.mrr_before_cents,
      mrrAfterCents: c.mrr_after_cents,
    })),
    firstPayments: firsts.map((f) => ({ memberId: String(f.member_id), firstPaymentAt: f.first_at })),
  };
}

export interface MrrOverview {
  movements: MonthlyMrrMovement[];
  churn: SubscriberChurn;
}

/** MRR movements for the 12 months ending at the as-of month, and 30-day subscriber churn (cached). */
export async function mrrOverview(): Promise<MrrOverview> {
  const agg = await getPageAggregates();
  return {
    movements: agg.movements,
    churn: {
      ...agg.churn,
      windowStart: new Date(agg.churn.windowStart),
      windowEnd: new Date(agg.churn.windowEnd),
    },
  };
}

export interface SourceFreshness {
  source: string;
  kind: "community" | "billing";
  dataThrough: Date | null;
  /** Billing data more than 3 days older than the newest community data. */
  stale: boolean;
  /**
   * Billing data ending more than BILLING_STALE_AFTER_DAYS (the rankings' rule) before the as-of, min(now, newest
   * community data): nobody knows whether its subscriptions still run, so paying members, MRR and trends leave them out.
   * Never without community data (a billing-only install has nothing to be behind).
   */
  stopped: boolean;
}

const STALE_MS = 3 * DAY_MS;

/** The billing sources that stopped long ago (`SourceFreshness.stopped`), each with its data-through. */
export async function stoppedBillingSources(): Promise<Map<string, Date | null>> {
  // Only the newest community event matters here, not each community source's (one index probe).
  const [[{ newest }], billing] = await Promise.all([
    db.$queryRaw<{ newest: Date | null }[]>`select max(occurred_at) as newest from activity_events`,
    billingThrough(),
  ]);
  return new Map(
    billingFreshness(billing, newest?.getTime() ?? 0)
      .filter((s) => s.stopped)
      .map((s) => [s.source, s.dataThrough]),
  );
}

function billingFreshness(billing: SourceThrough[], newestCommunity: number): SourceFreshness[] {
  const asOf = Math.min(Date.now(), newestCommunity);
  return billing.map((r) => ({
    source: r.source,
    kind: "billing" as const,
    dataThrough: r.through,
    stale: newestCommunity > 0 && (!r.through || newestCommunity - r.through.getTime() > STALE_MS),
    stopped:
      newestCommunity > 0 && (!r.through || asOf - r.through.getTime() > BILLING_STALE_AFTER_DAYS * DAY_MS),
  }));
}

/** "Data through" per source: newest event per community source and per billing source. */
export async function dataFreshness(): Promise<SourceFreshness[]> {
  const [community, billing] = await Promise.all([communityThrough(), billingThrough()]);
  const newestCommunity = community.reduce(
    (m, r) => (r.through && r.through.getTime() > m ? r.through.getTime() : m),
    0,
  );
  return [
    ...community.map((r) => ({
      source: r.source,
      kind: "community" as const,
      dataThrough: r.through,
      stale: false,
      stopped: false,
    })),
    ...billingFreshness(billing, newestCommunity),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || a.source.localeCompare(b.source));
}

export interface TargetView {
  id: number;
  metric: TargetMetric;
  value: number;
  dueDate: string;
  projection: TargetProjection;
  actual: MonthlyValue[];
}

const METRIC_SERIES: Record<TargetMetric, KpiKey> = {
  contributors: "contributors",
  mrr_cents: "mrr",
  paying_members: "paying",
  active_members: "active",
};

/** Each target with its metric's 12-month history and the least-squares projection. */
export async function targetsWithProjections(kpis: OverviewKpis): Promise<TargetView[]> {
  const targets = await db.target.findMany({ orderBy: [{ dueDate: "asc" }, { id: "asc" }] });
  return targets
    .filter((t): t is typeof t & { metric: TargetMetric } => t.metric in METRIC_SERIES)
    .map((t) => {
      const actual = kpis.series[METRIC_SERIES[t.metric]];
      return {
        id: t.id,
        metric: t.metric,
        value: t.value,
        dueDate: t.dueDate.toISOString().slice(0, 10),
        projection: projectTarget(actual, { value: t.value, dueDate: t.dueDate }),
        actual,
      };
    });
}

export interface RankedMember {
  memberId: number;
  displayName: string;
  rank: number;
  score: number;
  /** The score as the list shows it: a percentage, or High/Medium/Low where percentages do not hold up. */
  scoreLabel: string;
  asOf: string;
}

/**
 * Top `limit` of the latest ranking of `kind` as its list opens: members with open outreach (and do-not-contact)
 * left out, as on /candidates and /at-risk, so the card's names are the list's first names.
 */
export async function topRanked(kind: "candidates" | "at-risk", limit = 5): Promise<RankedMember[]> {
  const [rows, display] = await Promise.all([topOfRankedList(kind, limit), rankDisplayOf(kind)]);
  return rows.map((r) => ({
    ...r,
    scoreLabel:
      display.mode === "percent" ? `${(r.score * 100).toFixed(1)}%` : (display.bandAt(r.rank) ?? "–"),
  }));
}

/** The newest open alerts (not dismissed or snoozed), by when what they report happened. */
export async function recentAlerts(limit = 8) {
  return listAlerts({ limit, state: "open" });
}
