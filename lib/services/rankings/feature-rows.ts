// Feature rows from the extraction's results (pure): which members each ranking keeps at a cut-off, their breadth,
// weekly series and the rest of their features. The statements (features-sql.ts) give every member known at each
// cut-off with its facts, and each member's weeks once for all cut-offs; what depends on a cut-off's window over
// those weeks is worked out here, where it costs a loop over a member's weeks instead of a row per week and cut-off.
import { HISTORY_WEEKS, type MemberActivityInput } from "@/lib/scoring";
import { mondayOf } from "./dates";

/** Weeks of per-source channels each cut-off's breadth reads: the 11 complete weeks before its own. */
export const BREADTH_WEEKS = 11;
/** Of those, the most recent ones (with the cut-off's own week) make the recent breadth; the others the baseline. */
export const RECENT_BREADTH_WEEKS = 3;

/** A member row as extracted, with which ranking(s) it is eligible for at this cut-off. */
export interface ExtractedMember extends MemberActivityInput {
  inCandidates: boolean;
  inAtRisk: boolean;
}

/** A member known at a cut-off, as cutoffFeaturesSql gives it. */
export interface RawRow {
  cutoff: string;
  id: number;
  tier: number;
  /** The highest tier anyone had reached by the cut-off (at least 1). */
  max_tier: number;
  /** The member's sampling draw at this cut-off, in [0, 1). */
  u: number;
  /** Members known at the cut-off (before sampling). */
  n_members: number;
  cur_weight: number | null;
  /** The sources of the cut-off's own week's events, and the channels of each (null: no event that week). */
  cur_sources: string[] | null;
  cur_channels: number[] | null;
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

/** A member's weekly totals as memberWeeksSql gives them: "days:weight" pairs, comma-separated. */
export interface MemberWeeks {
  id: number;
  series: string;
}

/** A member's channels per source and week as memberChannelsSql gives them ("days:channels" pairs). */
export interface MemberChannels {
  id: number;
  source: string;
  series: string;
}

/** One member's weeks of channels, per source: parallel lists of week (days since 1970-01-05) and channels. */
export type SourceChannels = { source: string; days: number[]; channels: number[] }[];

export function channelsByMember(rows: readonly MemberChannels[]): Map<number, SourceChannels> {
  const out = new Map<number, SourceChannels>();
  for (const row of rows) {
    const days: number[] = [];
    const channels: number[] = [];
    for (const pair of row.series.split(",")) {
      const colon = pair.indexOf(":");
      days.push(Number(pair.slice(0, colon)));
      channels.push(Number(pair.slice(colon + 1)));
    }
    const member = out.get(row.id) ?? [];
    member.push({ source: row.source, days, channels });
    out.set(row.id, member);
  }
  return out;
}

/**
 * Breadth at a cut-off whose week starts `weekDay`: per source, the most channels used in any one week (a week with
 * events but no channel counts 1), over the recent weeks with the cut-off's own, and over the baseline weeks before
 * them; each summed over sources (a source absent from a window adds nothing to it).
 */
export function breadthAt(
  weeks: SourceChannels | undefined,
  curSources: readonly string[] | null,
  curChannels: readonly number[] | null,
  weekDay: number,
): { recent: number; base: number } {
  const recent = new Map<string, number>();
  let base = 0;
  const from = weekDay - 7 * BREADTH_WEEKS;
  const recentFrom = weekDay - 7 * RECENT_BREADTH_WEEKS;
  for (const { source, days, channels } of weeks ?? []) {
    let sourceBase = 0;
    for (let i = 0; i < days.length; i++) {
      const day = days[i];
      if (day < from || day >= weekDay) continue;
      const used = Math.max(channels[i], 1);
      if (day >= recentFrom) recent.set(source, Math.max(recent.get(source) ?? 0, used));
      else sourceBase = Math.max(sourceBase, used);
    }
    base += sourceBase;
  }
  for (let i = 0; i < (curSources?.length ?? 0); i++) {
    const source = curSources![i];
    recent.set(source, Math.max(recent.get(source) ?? 0, Math.max(curChannels![i], 1)));
  }
  let recentSum = 0;
  for (const used of recent.values()) recentSum += used;
  return { recent: recentSum, base };
}

const EPOCH_MONDAY = Date.parse("1970-01-05");
/** Days from 1970-01-05 to the Monday of `asOf`'s week. */
export const mondayDay = (asOf: string) =>
  Math.round((Date.parse(mondayOf(asOf)) - EPOCH_MONDAY) / 86_400_000);

/** A member's weekly totals: parallel lists of week (days since 1970-01-05) and total. */
export interface WeekTotals {
  days: number[];
  weights: number[];
}

export function weekTotalsByMember(rows: readonly MemberWeeks[]): Map<number, WeekTotals> {
  const out = new Map<number, WeekTotals>();
  for (const row of rows) {
    const totals: WeekTotals = { days: [], weights: [] };
    for (const pair of row.series.split(",")) {
      const colon = pair.indexOf(":");
      totals.days.push(Number(pair.slice(0, colon)));
      totals.weights.push(Number(pair.slice(colon + 1)));
    }
    out.set(row.id, totals);
  }
  return out;
}

/** Whether a member has a weekly row in the 25 complete weeks before the week starting `weekDay`. */
const activeBefore = (weeks: WeekTotals | undefined, weekDay: number) =>
  weeks?.days.some((day) => day >= weekDay - 7 * (HISTORY_WEEKS - 1) && day < weekDay) ?? false;

/**
 * The rows each ranking keeps at one cut-off, from every member known then (rows of one cut-off): candidates are the
 * members below the highest tier anyone had reached, active in the 25 weeks before its week or in its own; at-risk the
 * paying members. Each kept to about `sampleCap` (uniformly, by the member's draw `u`); both counts are per cut-off.
 */
export function pickRows(
  rows: readonly RawRow[],
  weeksOf: Map<number, WeekTotals>,
  weekDay: number,
  sampleCap: number,
): { picked: { row: RawRow; inCandidates: boolean; inAtRisk: boolean }[]; sampled: boolean } {
  const cap = Number.isFinite(sampleCap) ? sampleCap : 1e15;
  const eligible = rows.map((r) => ({
    row: r,
    candidate: r.tier < r.max_tier && (r.cur_sources !== null || activeBefore(weeksOf.get(r.id), weekDay)),
    atRisk: r.tier > 0,
  }));
  const atRisk = eligible.filter((e) => e.atRisk).length;
  const picked = eligible.flatMap(({ row, candidate, atRisk: paying }) => {
    const inCandidates = candidate && row.u < cap / Math.max(row.n_members, 1);
    const inAtRisk = paying && row.u < cap / Math.max(atRisk, 1);
    return inCandidates || inAtRisk ? [{ row, inCandidates, inAtRisk }] : [];
  });
  const sampled = picked.length > 0 && (picked[0].row.n_members > sampleCap || atRisk > sampleCap);
  return { picked, sampled };
}

/** Index 25 is the cut-off's own (partial) week, from events; 0..24 the complete weeks before it. */
export function toInput(
  { row: r, inCandidates, inAtRisk }: { row: RawRow; inCandidates: boolean; inAtRisk: boolean },
  weeks: WeekTotals | undefined,
  channels: SourceChannels | undefined,
  weekDay: number,
): ExtractedMember {
  const weeklyWeight = new Array<number>(HISTORY_WEEKS).fill(0);
  for (let i = 0; i < (weeks?.days.length ?? 0); i++) {
    const idx = (weeks!.days[i] - weekDay) / 7 + HISTORY_WEEKS - 1;
    if (idx >= 0 && idx < HISTORY_WEEKS - 1) weeklyWeight[idx] = weeks!.weights[i];
  }
  weeklyWeight[HISTORY_WEEKS - 1] = r.cur_weight ?? 0;
  const days = (v: number | null) => (v == null ? null : Math.max(0, v));
  const breadth = breadthAt(channels, r.cur_sources, r.cur_channels, weekDay);
  return {
    memberId: r.id,
    inCandidates,
    inAtRisk,
    weeklyWeight,
    breadthRecent: breadth.recent,
    breadthBaseline: breadth.base,
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
