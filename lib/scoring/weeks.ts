// Season-normalised weekly activity: the community scale (a typical active member's week, each week's
// seasonal multiplier) and window helpers shared by the features, their reasons and the baselines.
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";

/** Per-batch constants derived once from the community series. */
export interface CommunityScale {
  weeks: number;
  /**
   * Multiplier per week. A complete week: mean complete-week total / that week's total (1 when it has none).
   * The current week (the last): mean complete-week total / (its expected total × the share of it elapsed).
   */
  weekScale: Float64Array;
  /** Mean normalised weekly weight of an active member; the unit for levels and the trend pseudocount. */
  typicalWeek: number;
}

/** Complete weeks whose median total is the current week's expected total. */
const LEVEL_WEEKS = 3;

/** Median of the positive values among `values`; 0 when there are none. */
function positiveMedian(values: readonly number[]): number {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Share of the current week known at the cut-off: its days up to and including the cut-off, of 7. */
export function currentWeekShare(community: CommunityContext): number {
  const days = community.currentWeekDays;
  return Number.isFinite(days) ? Math.min(7, Math.max(1, Math.round(days))) / 7 : 1;
}

/**
 * The scale reads complete weeks only. The current week's own total is never read: it grows with every event
 * imported on the cut-off's day, and dividing by it moved every active member's current week (and so their
 * features, scores and sparklines) on each import. Instead the current week is extrapolated: its expected total
 * is the median of the last LEVEL_WEEKS complete weeks' totals (the season carried forward; one holiday week
 * neither sets nor hides the level, a lasting change is followed after two weeks), times the share of the week
 * elapsed. So a Monday and a Thursday cut-off both read the current week as a whole week's pace, and the scale
 * is the same for every import on the same day.
 */
export function communityScale(community: CommunityContext): CommunityScale {
  const totals = community.weeklyTotal ?? [];
  const weeks = totals.length > 0 ? totals.length : HISTORY_WEEKS;
  const complete = totals.slice(0, -1);
  const weekScale = new Float64Array(weeks).fill(1);
  let sum = 0;
  let counted = 0;
  for (const t of complete)
    if (t > 0) {
      sum += t;
      counted++;
    }
  const meanTotal = counted > 0 ? sum / counted : 0;
  if (meanTotal > 0)
    for (let w = 0; w < complete.length; w++) if (complete[w] > 0) weekScale[w] = meanTotal / complete[w];
  const expected = positiveMedian(complete.slice(-LEVEL_WEEKS));
  const share = currentWeekShare(community);
  weekScale[weeks - 1] = (expected > 0 ? meanTotal / expected : 1) / share;
  let activeSum = 0;
  let activeCounted = 0;
  for (const a of (community.activeMembers ?? []).slice(0, complete.length))
    if (a > 0) {
      activeSum += a;
      activeCounted++;
    }
  const meanActive = activeCounted > 0 ? activeSum / activeCounted : 0;
  const typicalWeek = meanTotal > 0 && meanActive > 0 ? meanTotal / meanActive : 1;
  return { weeks, weekScale, typicalWeek };
}

/** Writes the member's normalised weekly weights (oldest first, right-aligned) into `out` (length scale.weeks). */
export function fillNormalisedWeeks(
  row: MemberActivityInput,
  scale: CommunityScale,
  out: Float64Array,
): Float64Array {
  const src = row.weeklyWeight ?? [];
  const w = scale.weeks;
  for (let j = 0; j < w; j++) {
    const s = src.length - 1 - j;
    const v = s >= 0 ? src[s] : 0;
    out[w - 1 - j] = Number.isFinite(v) && v > 0 ? v * scale.weekScale[w - 1 - j] : 0;
  }
  return out;
}

/** Mean of out[from..to) clipped to the array; 0 for an empty window. */
export function windowMean(values: Float64Array, from: number, to: number): number {
  const a = Math.max(0, from);
  const b = Math.min(values.length, to);
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) sum += values[i];
  return sum / (b - a);
}

/** Community "seed formula": 2(A1−A2)/3 + (A2−A3)/3 over the last three normalised weeks, A1 most recent. */
export function seedTrendOf(norm: Float64Array): number {
  const w = norm.length;
  const a1 = w >= 1 ? norm[w - 1] : 0;
  const a2 = w >= 2 ? norm[w - 2] : 0;
  const a3 = w >= 3 ? norm[w - 3] : 0;
  return (2 * (a1 - a2)) / 3 + (a2 - a3) / 3;
}
