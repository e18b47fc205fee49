// Reads for the Cohorts page: activity retention by join month, Kaplan–Meier survival of
// paid spells by upgrade quarter, conversion to paid by activity decile, and community ROI.
// Retention and deciles come from the stored page aggregates (heavy SQL, computed by the pipeline).
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { buildRetentionMatrix, type DecileConversion, type RetentionMatrix } from "@/lib/analytics/retention";
import { computeKaplanMeier, type KaplanMeierCurve } from "@/lib/analytics/survival";
import { monthKey } from "@/lib/analytics/months";
import { getPageAggregates } from "./page-aggregates";
import { DAY_MS } from "@/lib/time";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";
import { stoppedBillingSources } from "./overview";

/** min(now, newest activity or billing change): historic imports get a sensible as-of. */
export async function cohortsAsOf(now = new Date()): Promise<Date> {
  const [row] = await db.$queryRaw<{ latest: Date | null }[]>`
    select greatest((select max(occurred_at) from activity_events), (select max(occurred_at) from subscription_changes)) as latest`;
  return row.latest && row.latest < now ? row.latest : now;
}

/** Share of each join-month cohort active (any rollup row) in each later month; last 24 cohorts (cached). */
export async function activityRetention(): Promise<RetentionMatrix> {
  const agg = await getPageAggregates();
  return buildRetentionMatrix(agg.retentionRows, monthKey(new Date(agg.asOf)));
}

export interface PaidSpell {
  memberId: number;
  startedAt: Date;
  endedAt: Date | null;
  /** The data-through of a stopped billing source (lib/data/overview.ts): an open spell is censored there. */
  observedUntil?: Date | null;
}

/** Each member's first paid spell: the first change to a paid tier until the next change to tier 0 (bots left out). */
export async function firstPaidSpells(): Promise<PaidSpell[]> {
  const [rows, stopped] = await Promise.all([
    db.$queryRaw<{ member_id: number; source: string; started_at: Date; ended_at: Date | null }[]>`
    with starts as (select distinct on (member_id) member_id, source, occurred_at as started_at from subscription_changes
                     where to_tier > 0 and member_id not in (select id from members where is_bot)
                     order by member_id, occurred_at, id)
    select s.member_id, s.source, s.started_at,
           (select min(c.occurred_at) from subscription_changes c where c.member_id = s.member_id and c.occurred_at > s.started_at and c.to_tier = 0) as ended_at
      from starts s order by s.member_id`,
    stoppedBillingSources(),
  ]);
  return rows.map((r) => ({
    memberId: r.member_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    observedUntil: stopped.get(r.source) ?? null,
  }));
}

export const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

export interface SurvivalCohort {
  cohort: string;
  curve: KaplanMeierCurve;
  /** Members still paying and observed at each of NUMBER_AT_RISK_MONTHS (the table under the chart). */
  atRisk: number[];
}

/** Months at which the number-at-risk table counts who is still in view. */
export const NUMBER_AT_RISK_MONTHS = [0, 3, 6, 12, 18, 24] as const;
const DAYS_PER_MONTH = 30.4375;

/**
 * Kaplan–Meier of first paid spells: everyone ("All"), each of the last `maxCohorts` upgrade quarters,
 * and "Earlier" for the quarters before them, so the cohorts add up to All.
 */
export function survivalByQuarter(
  spells: readonly PaidSpell[],
  asOf: Date,
  maxCohorts = 6,
): SurvivalCohort[] {
  const observations = spells
    .filter((s) => s.startedAt <= asOf)
    .map((s) => {
      const end = s.observedUntil && s.observedUntil < asOf ? s.observedUntil : asOf;
      const ended = s.endedAt !== null && s.endedAt <= end;
      const until = ended ? s.endedAt! : end;
      // Whole days: billing timestamps differ by seconds, which would make every event its own step.
      return {
        cohort: quarterOf(s.startedAt),
        durationDays: Math.round((until.getTime() - s.startedAt.getTime()) / DAY_MS),
        event: ended,
      };
    });
  const quarters = [...new Set(observations.map((o) => o.cohort))].sort();
  const recent = quarters.slice(-maxCohorts);
  const earlier = observations.filter((o) => o.cohort < recent[0]);
  const cohort = (name: string, obs: typeof observations): SurvivalCohort => ({
    cohort: name,
    curve: computeKaplanMeier(obs),
    atRisk: NUMBER_AT_RISK_MONTHS.map((m) => obs.filter((o) => o.durationDays >= m * DAYS_PER_MONTH).length),
  });
  return [
    cohort("All", observations),
    ...(earlier.length > 0 ? [cohort(`Earlier (before ${recent[0]})`, earlier)] : []),
    ...recent.map((q) =>
      cohort(
        q,
        observations.filter((o) => o.cohort === q),
      ),
    ),
  ];
}

/**
 * Conversion to paid within 90 days by activity decile: members free at t0 = asOf − 90 days,
 * scored by rollup weight over the 12 weeks before t0 (lib/services/page-aggregate-deciles.ts).
 */
export async function conversionByActivityDecile(): Promise<DecileConversion[]> {
  return (await getPageAggregates()).deciles;
}

export interface CommunityRoi {
  totalMrrCents: number;
  activeMrrCents: number;
  share: number | null;
  payingMembers: number;
  activePayingMembers: number;
  /** Stopped billing sources whose subscriptions are left out, with their data-through. */
  leftOut: { source: string; dataThrough: Date | null }[];
}

/** Share of current MRR paid by members active in the 30 days before the as-of date (stopped sources and bots left out). */
export async function communityRoi(asOf: Date): Promise<CommunityRoi> {
  const leftOut = [...(await stoppedBillingSources())].map(([source, dataThrough]) => ({
    source,
    dataThrough,
  }));
  const stopped = leftOut.map((s) => s.source);
  const [r] = await db.$queryRaw<
    { total: bigint | null; active: bigint | null; paying: bigint; active_paying: bigint }[]
  >`
    select sum(mrr) as total,
           sum(mrr) filter (where last_active_at > ${asOf}::timestamptz - interval '30 days') as active,
           count(*) filter (where mrr > 0) as paying,
           count(*) filter (where mrr > 0 and last_active_at > ${asOf}::timestamptz - interval '30 days') as active_paying
      from (select m.last_active_at, m.current_mrr_cents - coalesce(x.mrr, 0) as mrr
              from members m left join (
                -- Joined once: as a subquery per member it ran once per figure above (4 × 12.6k probes at 100k).
                select s.member_id, sum(s.mrr_cents) as mrr from subscriptions s
                 where s.status = any(${ACTIVE_STATUSES}::text[]) and s.source = any(${stopped}::text[]) group by s.member_id
              ) x on x.member_id = m.id
             where m.current_mrr_cents > 0 and not m.is_bot) y`;
  const total = Number(r.total ?? 0);
  const active = Number(r.active ?? 0);
  return {
    totalMrrCents: total,
    activeMrrCents: active,
    share: total > 0 ? active / total : null,
    payingMembers: Number(r.paying),
    activePayingMembers: Number(r.active_paying),
    leftOut,
  };
}
