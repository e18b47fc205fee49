// Feature extraction for the ranking models: one SQL statement builds, for a set of cut-offs at once, every
// eligible member's 26-week vector, breadth, contributions and billing facts, using only data known by each.
// Our own outreach is deliberately absent: whom we chose to contact is not evidence of intent.
import "server-only";
import { db } from "@/lib/db/client";
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "@/lib/scoring";
import { DAY_MS } from "@/lib/time";
import { addDays, mondayOf } from "./dates";
import {
  cutoffFeaturesSql,
  cutoffSetupSql,
  memberWeeksSql,
  sequentialReadSql,
  type FeatureCutoff,
} from "./features-sql";

/** A member row as extracted, with which ranking(s) it is eligible for at this cut-off. */
export interface ExtractedMember extends MemberActivityInput {
  inCandidates: boolean;
  inAtRisk: boolean;
}

export interface CutoffInputs {
  asOf: string;
  rows: ExtractedMember[];
  community: CommunityContext;
  /** Whether a ranking's rows are a uniform sample of its eligible members (big communities, past cut-offs). */
  sampled: boolean;
}

interface RawRow {
  cutoff: string;
  id: number;
  tier: number;
  in_cand: boolean;
  in_risk: boolean;
  n_cand: number;
  n_risk: number;
  n_members: number;
  cur_weight: number | null;
  breadth_recent: number | null;
  breadth_base: number | null;
  pr_merged: number | null;
  pr_review: number | null;
  accepted_answer: number | null;
  meetup_hosted: number | null;
  pairing: number | null;
  other_contrib: number | null;
  tenure_days: number;
  last_active_days: number | null;
  plan_days: number | null;
  paid_ties: number | null;
  fail90: number | null;
  fail_last_days: number | null;
}

/** The community's totals per complete week, keyed by Monday (YYYY-MM-DD). */
export type CommunityWeeks = Map<string, { total: number; active: number }>;

/** Community totals per complete week in [fromWeek, toWeek), keyed by Monday (YYYY-MM-DD). Bots excluded. */
export async function loadCommunityWeeks(
  fromWeek: string,
  toWeek: string,
): Promise<Map<string, { total: number; active: number }>> {
  const rows = await db.$queryRaw<{ week: string; total: number; active: number }[]>`
    select to_char(w.week_start, 'YYYY-MM-DD') as week, round(sum(w.weight::float8)::numeric, 1)::float8 as total, count(distinct w.member_id)::int as active
      from weekly_activity w join members m on m.id = w.member_id
     where not m.is_bot and w.week_start >= ${fromWeek}::date and w.week_start < ${toWeek}::date
     group by 1`;
  return new Map(rows.map((r) => [r.week, { total: r.total, active: r.active }]));
}

/**
 * A cut-off's community series: the 25 complete weeks before its own from `weeks`, then its own week, whose total and
 * active count are not counted (0): since model 6 the scale reads only the complete weeks and how many days of its own
 * week the cut-off knows (weeks.ts), never the live total an import on the day would move.
 */
export function communitySeries(asOf: string, weeks: CommunityWeeks): CommunityContext {
  const wk = mondayOf(asOf);
  const weeklyTotal: number[] = [];
  const activeMembers: number[] = [];
  for (let i = 0; i < HISTORY_WEEKS - 1; i++) {
    const week = weeks.get(addDays(wk, -7 * (HISTORY_WEEKS - 1 - i)));
    weeklyTotal.push(week?.total ?? 0);
    activeMembers.push(week?.active ?? 0);
  }
  weeklyTotal.push(0);
  activeMembers.push(0);
  const currentWeekDays = Math.round((Date.parse(asOf) - Date.parse(wk)) / DAY_MS) + 1;
  return { weeklyTotal, activeMembers, currentWeekDays };
}

/** A member's weekly totals as memberWeeksSql gives them: "days:weight" pairs, comma-separated. */
interface MemberWeeks {
  id: number;
  series: string;
}

const EPOCH_MONDAY = Date.parse("1970-01-05");
/** Days from 1970-01-05 to the Monday of `asOf`'s week. */
const mondayDay = (asOf: string) => Math.round((Date.parse(mondayOf(asOf)) - EPOCH_MONDAY) / 86_400_000);

/** Index 25 is the cut-off's own (partial) week, from events; 0..24 the complete weeks before it. */
function toInput(r: RawRow, series: MemberWeeks | undefined, weekDay: number): ExtractedMember {
  const weeklyWeight = new Array<number>(HISTORY_WEEKS).fill(0);
  if (series)
    for (const pair of series.series.split(",")) {
      const colon = pair.indexOf(":");
      const idx = (Number(pair.slice(0, colon)) - weekDay) / 7 + HISTORY_WEEKS - 1;
      if (idx >= 0 && idx < HISTORY_WEEKS - 1) weeklyWeight[idx] = Number(pair.slice(colon + 1));
    }
  weeklyWeight[HISTORY_WEEKS - 1] = r.cur_weight ?? 0;
  const days = (v: number | null) => (v == null ? null : Math.max(0, v));
  return {
    memberId: r.id,
    inCandidates: r.in_cand,
    inAtRisk: r.in_risk,
    weeklyWeight,
    breadthRecent: r.breadth_recent ?? 0,
    breadthBaseline: r.breadth_base ?? 0,
    contributions: {
      prMerged: r.pr_merged ?? 0,
      prReview: r.pr_review ?? 0,
      acceptedAnswer: r.accepted_answer ?? 0,
      meetupHosted: r.meetup_hosted ?? 0,
      pairing: r.pairing ?? 0,
      other: r.other_contrib ?? 0,
    },
    tenureWeeks: r.tenure_days / 7,
    daysSinceLastActivity: days(r.last_active_days),
    tierRank: r.tier,
    planTenureWeeks: r.plan_days == null ? null : Math.max(0, r.plan_days) / 7,
    paidTies: Math.max(0, r.paid_ties ?? 0),
    failedPayments90d: r.fail90 ?? 0,
    daysSinceLastFailedPayment: days(r.fail_last_days),
  };
}

/**
 * Eligible members with their features at every cut-off of `cutoffs` (each kept to about its `sampleCap` rows
 * per ranking, uniformly and deterministically per member and cut-off), from one statement; with `members`,
 * only those members' rows (the same rows a whole extraction gives them, when nothing is sampled). `weeks` may
 * still be loading: only the community series waits for it, the feature statements run meanwhile.
 */
export async function extractCutoffs(
  cutoffs: readonly FeatureCutoff[],
  weeks: CommunityWeeks | Promise<CommunityWeeks>,
  staleSources: readonly string[],
  members: readonly number[] | null = null,
): Promise<CutoffInputs[]> {
  if (cutoffs.length === 0) return [];
  const communities = Promise.resolve(weeks).then(
    (complete) => new Map(cutoffs.map(({ asOf }) => [asOf, communitySeries(asOf, complete)])),
  );
  // No members asked for: only the community series (the feature statements would read the rollups for nobody).
  if (members?.length === 0) {
    const series = await communities;
    return cutoffs.map(({ asOf }) => ({ asOf, rows: [], community: series.get(asOf)!, sampled: false }));
  }
  const [{ rows: raw, series }, communityOf] = await Promise.all([
    db.$transaction(
      async (tx) => {
        for (const statement of cutoffSetupSql(cutoffs, staleSources, members))
          await tx.$executeRaw(statement);
        const rows = await tx.$queryRaw<RawRow[]>(cutoffFeaturesSql(staleSources, members));
        for (const statement of sequentialReadSql) await tx.$executeRaw(statement);
        const series = await tx.$queryRaw<MemberWeeks[]>(memberWeeksSql);
        return { rows, series: new Map(series.map((s) => [s.id, s])) };
      },
      { timeout: 600_000, maxWait: 60_000 },
    ),
    communities,
  ]);
  const rowsOf = new Map<string, RawRow[]>(cutoffs.map((c) => [c.asOf, []]));
  for (const r of raw) rowsOf.get(r.cutoff)?.push(r);
  return cutoffs.map(({ asOf, sampleCap }) => {
    const rows = rowsOf.get(asOf) ?? [];
    return {
      asOf,
      rows: rows.map((r) => toInput(r, series.get(r.id), mondayDay(asOf))),
      community: communityOf.get(asOf)!,
      sampled: rows.length > 0 && (rows[0].n_members > sampleCap || rows[0].n_risk > sampleCap),
    };
  });
}

/**
 * Outcomes in [asOf, asOf + horizon): `upTo` = highest tier reached by a new/upgrade/reactivate change,
 * `down` = any downgrade or cancel. Labels are compared with the member's tier at the cut-off by the caller.
 */
export async function loadOutcomes(
  asOf: string,
  horizonWeeks: number,
): Promise<Map<number, { upTo: number | null; down: boolean }>> {
  const rows = await db.$queryRaw<{ member_id: number; up_to: number | null; down: boolean }[]>`
    select member_id,
           max(to_tier) filter (where kind in ('new', 'upgrade', 'reactivate'))::int as up_to,
           bool_or(kind in ('downgrade', 'cancel')) as down
      from subscription_changes
     where occurred_at >= (${asOf}::date)::timestamp at time zone 'UTC'
       and occurred_at < (${asOf}::date + ${horizonWeeks * 7}::int)::timestamp at time zone 'UTC'
     group by 1`;
  return new Map(rows.map((r) => [r.member_id, { upTo: r.up_to, down: r.down }]));
}

/** Outcomes of every cut-off in `cutoffs` (as loadOutcomes), from one statement; keyed by cut-off. */
export async function loadOutcomesFor(
  cutoffs: readonly string[],
  horizonWeeks: number,
): Promise<Map<string, Map<number, { upTo: number | null; down: boolean }>>> {
  const rows = await db.$queryRaw<
    { cutoff: string; member_id: number; up_to: number | null; down: boolean }[]
  >`
    select to_char(c.d, 'YYYY-MM-DD') as cutoff, s.member_id,
           max(s.to_tier) filter (where s.kind in ('new', 'upgrade', 'reactivate'))::int as up_to,
           bool_or(s.kind in ('downgrade', 'cancel')) as down
      from unnest(${[...cutoffs]}::date[]) as c(d)
      join subscription_changes s
        on s.occurred_at >= (c.d)::timestamp at time zone 'UTC'
       and s.occurred_at < (c.d + ${horizonWeeks * 7}::int)::timestamp at time zone 'UTC'
     group by 1, 2`;
  const out = new Map(cutoffs.map((c) => [c, new Map<number, { upTo: number | null; down: boolean }>()]));
  for (const r of rows) out.get(r.cutoff)?.set(r.member_id, { upTo: r.up_to, down: r.down });
  return out;
}
