// Season-normalised weekly activity: the community scale (a typical active member's week, each week's
// seasonal multiplier) and window helpers shared by the features, their reasons and the baselines.
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";

/** Per-batch constants derived once from the community series. */
export interface CommunityScale {
  weeks: number;
  /** Multiplier per week: mean community total / that week's total (1 when the week has no total). */
  weekScale: Float64Array;
  /** Mean normalised weekly weight of an active member; the unit for levels and the trend pseudocount. */
  typicalWeek: number;
}

export function communityScale(community: CommunityContext): CommunityScale {
  const totals = community.weeklyTotal ?? [];
  const weeks = totals.length > 0 ? totals.length : HISTORY_WEEKS;
  const weekScale = new Float64Array(weeks).fill(1);
  let sum = 0;
  let counted = 0;
  for (const t of totals)
    if (t > 0) {
      sum += t;
      counted++;
    }
  const meanTotal = counted > 0 ? sum / counted : 0;
  if (meanTotal > 0)
    for (let w = 0; w < totals.length; w++) if (totals[w] > 0) weekScale[w] = meanTotal / totals[w];
  let activeSum = 0;
  let activeCounted = 0;
  for (const a of community.activeMembers ?? [])
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
