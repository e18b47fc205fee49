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
  tenure_days: number;
  last_active_days: number | null;
  plan_days: number | null;
  paid_ties: number | null;
  fail90: number | null;
  fail_last_days: number | null;
}

/** A cut-off's members as cutoffFeaturesSql gives them: one line each, ordered by member id. */
export interface FeatureLines {
  cutoff: string;
  lines: string;
}

/** A number of a line ("" is null), as the driver read the column: the same text, so the same double. */
const numberOrNull = (text: string) => (text === "" ? null : Number(text));

/**
 * The rows of a cut-off's lines: id, tier, max_tier, u, n_members, cur_weight, tenure_days, last_active_days,
 * plan_days, paid_ties, fail90, fail_last_days, the own week's channels (";"-separated) and, last, its sources as
 * JSON (parsed once per distinct text: a few combinations of sources repeat over thousands of rows).
 */
export function parseFeatureLines({ cutoff, lines }: FeatureLines): RawRow[] {
  const rows: RawRow[] = [];
  const sourcesOf = new Map<string, string[]>();
  const field: string[] = new Array(13);
  let at = 0;
  while (at < lines.length) {
    let end = lines.indexOf("\n", at);
    if (end < 0) end = lines.length;
    for (let i = 0; i < 13; i++) {
      const comma = lines.indexOf(",", at);
      field[i] = lines.slice(at, comma);
      at = comma + 1;
    }
    const json = lines.slice(at, end);
    at = end + 1;
    let curSources: string[] | null = null;
    if (json !== "") {
      curSources = sourcesOf.get(json) ?? null;
      if (!curSources) sourcesOf.set(json, (curSources = JSON.parse(json) as string[]));
    }
    rows.push({
      cutoff,
      id: Number(field[0]),
      tier: Number(field[1]),
      max_tier: Number(field[2]),
      u: Number(field[3]),
      n_members: Number(field[4]),
      cur_weight: numberOrNull(field[5]),
      cur_sources: curSources,
      cur_channels: field[12] === "" ? null : field[12].split(";").map(Number),
      tenure_days: Number(field[6]),
      last_active_days: numberOrNull(field[7]),
      plan_days: numberOrNull(field[8]),
      paid_ties: numberOrNull(field[9]),
      fail90: numberOrNull(field[10]),
      fail_last_days: numberOrNull(field[11]),
    });
  }
  return rows;
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

/**
 * One member's weeks of channels for one source, dense by week: week `first + i` (weeks since 1970-01-05) used
 * `channels[i]` channels, or had no row when it is -1. Dense so that a cut-off's window is read by index (a loop over
 * all of a member's weeks per cut-off cost 31 times the weeks).
 */
export interface SourceWeeks {
  source: string;
  first: number;
  channels: Int32Array;
}
export type SourceChannels = SourceWeeks[];

/** Splits "days:value,…" into parallel lists (days since 1970-01-05; any order). */
function parsePairs(series: string, days: number[], values: number[]): void {
  let at = 0;
  while (at < series.length) {
    const colon = series.indexOf(":", at);
    let comma = series.indexOf(",", colon);
    if (comma < 0) comma = series.length;
    days.push(Number(series.slice(at, colon)));
    values.push(Number(series.slice(colon + 1, comma)));
    at = comma + 1;
  }
}

/** The first week and number of weeks spanned by `days` (Mondays, days since 1970-01-05). */
function weekSpan(days: readonly number[]): { first: number; length: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const day of days) {
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  return days.length === 0 ? { first: 0, length: 0 } : { first: lo / 7, length: (hi - lo) / 7 + 1 };
}

/** A source's weeks as lists of week (days since 1970-01-05, Mondays) and channels, made dense. */
export function sourceWeeks(
  source: string,
  days: readonly number[],
  channels: readonly number[],
): SourceWeeks {
  const { first, length } = weekSpan(days);
  const dense = new Int32Array(length).fill(-1);
  for (let i = 0; i < days.length; i++) dense[days[i] / 7 - first] = channels[i];
  return { source, first, channels: dense };
}

export function channelsByMember(rows: readonly MemberChannels[]): Map<number, SourceChannels> {
  const out = new Map<number, SourceChannels>();
  const days: number[] = [];
  const channels: number[] = [];
  for (const row of rows) {
    days.length = 0;
    channels.length = 0;
    parsePairs(row.series, days, channels);
    const member = out.get(row.id) ?? [];
    member.push(sourceWeeks(row.source, days, channels));
    out.set(row.id, member);
  }
  return out;
}

/** The most channels used in a week of weeks [from, to) of `s` (a week with a row but no channel counts 1; none 0). */
function mostChannels(s: SourceWeeks, from: number, to: number): number {
  let most = 0;
  const end = Math.min(to - s.first, s.channels.length);
  for (let k = Math.max(from - s.first, 0); k < end; k++) {
    const used = s.channels[k];
    if (used >= 0 && Math.max(used, 1) > most) most = Math.max(used, 1);
  }
  return most;
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
  const week = weekDay / 7;
  let recent = 0;
  let base = 0;
  // The own week's sources seen among the member's weeks, as bits (a member has a few sources).
  let matched = 0;
  if (weeks)
    for (let k = 0; k < weeks.length; k++) {
      const s = weeks[k];
      base += mostChannels(s, week - BREADTH_WEEKS, week - RECENT_BREADTH_WEEKS);
      let used = mostChannels(s, week - RECENT_BREADTH_WEEKS, week);
      const cur = curSources ? curSources.indexOf(s.source) : -1;
      if (cur >= 0) {
        if (cur < 31) matched |= 1 << cur;
        const own = curChannels![cur] > 1 ? curChannels![cur] : 1;
        if (own > used) used = own;
      }
      recent += used;
    }
  // The own week's sources with no weeks before.
  if (curSources)
    for (let i = 0; i < curSources.length; i++)
      if (i < 31 ? !(matched & (1 << i)) : !weeks?.some((s) => s.source === curSources[i]))
        recent += curChannels![i] > 1 ? curChannels![i] : 1;
  return { recent, base };
}

const EPOCH_MONDAY = Date.parse("1970-01-05");
/** Days from 1970-01-05 to the Monday of `asOf`'s week. */
export const mondayDay = (asOf: string) =>
  Math.round((Date.parse(mondayOf(asOf)) - EPOCH_MONDAY) / 86_400_000);

/**
 * A member's weekly totals, dense by week: week `first + i` (weeks since 1970-01-05) has a row when `has[i]` is 1,
 * with total `weights[i]`.
 */
export interface WeekTotals {
  first: number;
  weights: Float64Array;
  has: Uint8Array;
}

/** A member's weeks as lists of week (days since 1970-01-05, Mondays) and total, made dense. */
export function weekTotals(days: readonly number[], weights: readonly number[]): WeekTotals {
  const { first, length } = weekSpan(days);
  const dense = { first, weights: new Float64Array(length), has: new Uint8Array(length) };
  for (let i = 0; i < days.length; i++) {
    dense.weights[days[i] / 7 - first] = weights[i];
    dense.has[days[i] / 7 - first] = 1;
  }
  return dense;
}

export function weekTotalsByMember(rows: readonly MemberWeeks[]): Map<number, WeekTotals> {
  const out = new Map<number, WeekTotals>();
  const days: number[] = [];
  const weights: number[] = [];
  for (const row of rows) {
    days.length = 0;
    weights.length = 0;
    parsePairs(row.series, days, weights);
    out.set(row.id, weekTotals(days, weights));
  }
  return out;
}

/** Whether a member has a weekly row in the 25 complete weeks before the week starting `weekDay`. */
function activeBefore(weeks: WeekTotals | undefined, weekDay: number): boolean {
  if (!weeks) return false;
  const to = weekDay / 7 - weeks.first;
  for (let k = Math.max(to - (HISTORY_WEEKS - 1), 0); k < Math.min(to, weeks.has.length); k++)
    if (weeks.has[k]) return true;
  return false;
}

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
): { picked: PickedRow[]; sampled: boolean } {
  const cap = Number.isFinite(sampleCap) ? sampleCap : 1e15;
  // Loops rather than an object per row and a flatMap: ~100k rows a cold recompute, on its single-threaded stretch.
  let atRisk = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i].tier > 0) atRisk++;
  const atRiskShare = cap / Math.max(atRisk, 1);
  const picked: PickedRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const candidate =
      row.tier < row.max_tier && (row.cur_sources !== null || activeBefore(weeksOf.get(row.id), weekDay));
    const inCandidates = candidate && row.u < cap / Math.max(row.n_members, 1);
    const inAtRisk = row.tier > 0 && row.u < atRiskShare;
    if (inCandidates || inAtRisk) picked.push({ row, inCandidates, inAtRisk });
  }
  const sampled = picked.length > 0 && (picked[0].row.n_members > sampleCap || atRisk > sampleCap);
  return { picked, sampled };
}

/** A row kept at a cut-off, with the ranking(s) it is kept for. */
export interface PickedRow {
  row: RawRow;
  inCandidates: boolean;
  inAtRisk: boolean;
}

/** A number of days, never negative (null stays null). Module-level: tsx names a closure made per call (`__name`). */
const nonNegative = (v: number | null) => (v == null ? null : Math.max(0, v));

/** HISTORY_WEEKS zeros stored as doubles (filled from 0.5: an array of 0s would hold small integers). */
const NO_WEEKS = new Array<number>(HISTORY_WEEKS).fill(0.5).fill(0);

/** Index 25 is the cut-off's own (partial) week, from events; 0..24 the complete weeks before it. */
export function toInput(
  { row: r, inCandidates, inAtRisk }: PickedRow,
  weeks: WeekTotals | undefined,
  channels: SourceChannels | undefined,
  weekDay: number,
): ExtractedMember {
  // A copy of doubles: filled from a new array of small integers, each series changed its elements' kind and storage.
  const weeklyWeight = NO_WEEKS.slice();
  if (weeks) {
    // Index 0 is the week 25 weeks before the cut-off's own.
    const from = weekDay / 7 - (HISTORY_WEEKS - 1) - weeks.first;
    for (let idx = Math.max(0, -from); idx < HISTORY_WEEKS - 1 && from + idx < weeks.has.length; idx++)
      if (weeks.has[from + idx]) weeklyWeight[idx] = weeks.weights[from + idx];
  }
  weeklyWeight[HISTORY_WEEKS - 1] = r.cur_weight ?? 0;
  const breadth = breadthAt(channels, r.cur_sources, r.cur_channels, weekDay);
  return {
    memberId: r.id,
    inCandidates,
    inAtRisk,
    weeklyWeight,
    breadthRecent: breadth.recent,
    breadthBaseline: breadth.base,
    // None counted: a member's contributions are set once their read ends (extractCutoffs).
    contributions: { prMerged: 0, prReview: 0, acceptedAnswer: 0, meetupHosted: 0, pairing: 0, other: 0 },
    tenureWeeks: r.tenure_days / 7,
    daysSinceLastActivity: nonNegative(r.last_active_days),
    tierRank: r.tier,
    planTenureWeeks: r.plan_days == null ? null : Math.max(0, r.plan_days) / 7,
    paidTies: Math.max(0, r.paid_ties ?? 0),
    failedPayments90d: r.fail90 ?? 0,
    daysSinceLastFailedPayment: nonNegative(r.fail_last_days),
  };
}
