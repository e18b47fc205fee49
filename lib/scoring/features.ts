// Turns one member row plus the community series into a named numeric feature vector,
// written straight into a typed-array matrix so that 100k+ rows build without per-row objects.
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";

/**
 * Order matters: it is the column order of every matrix and model weight vector.
 * Counts are log1p-damped and recencies decay to 0..1 so features are bounded and scale-free,
 * which keeps the fallback weights meaningful without a training set to standardise on.
 * Our own outreach is not a feature: whom we contacted shows whom we chose, not who wants to pay.
 */
export const FEATURE_NAMES = [
  "activityLevel", // log1p(last-4-week mean normalised weight / typical active member's week)
  "activityTrend", // ln((last 4w + c) / (own 8w baseline + c)), c = 1/4 typical week, clamped to ±3
  "inactivityDays", // log1p(days since last activity, capped at 365; null = 365)
  "seedTrend", // asinh(community seed formula 2(A1−A2)/3 + (A2−A3)/3 / typical week): the baseline as an input
  "risingStreak", // consecutive weeks (up to 8) each above the week before, ending at asOf
  "activeWeeksShare", // share of the 26 weeks with any activity
  "breadthRecent", // log1p(distinct channels+sources, last 4 weeks)
  "breadthChange", // breadthRecent - breadthBaseline (raw counts), clamped to ±10
  "prMerged",
  "prReview",
  "acceptedAnswer",
  "meetupHosted",
  "pairing",
  "otherContributions", // these six: log1p(count in the last 4 weeks)
  "tenure", // log1p(tenure weeks)
  "tierRank",
  "planTenure", // log1p(weeks on current paid plan; null = 0)
  "paidTies", // log1p(count)
  "failedPayments", // log1p(failed payments in 90 days)
  "failedPaymentRecency", // exp(-days since last failed payment / 14); none = 0
  "activityChange", // (last-4-week mean − prior-8-week mean) / typical week, clamped to ±10: the absolute rise or drop
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.fromEntries(
  FEATURE_NAMES.map((name, i) => [name, i]),
) as Record<FeatureName, number>;

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
  for (const t of totals) if (t > 0) { sum += t; counted++; }
  const meanTotal = counted > 0 ? sum / counted : 0;
  if (meanTotal > 0) for (let w = 0; w < totals.length; w++) if (totals[w] > 0) weekScale[w] = meanTotal / totals[w];
  let activeSum = 0;
  let activeCounted = 0;
  for (const a of community.activeMembers ?? []) if (a > 0) { activeSum += a; activeCounted++; }
  const meanActive = activeCounted > 0 ? activeSum / activeCounted : 0;
  const typicalWeek = meanTotal > 0 && meanActive > 0 ? meanTotal / meanActive : 1;
  return { weeks, weekScale, typicalWeek };
}

/** Writes the member's normalised weekly weights (oldest first, right-aligned) into `out` (length scale.weeks). */
export function fillNormalisedWeeks(row: MemberActivityInput, scale: CommunityScale, out: Float64Array): Float64Array {
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

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const safeCount = (v: number | null | undefined) => (v != null && Number.isFinite(v) && v > 0 ? v : 0);
const decay = (days: number | null, halfScale: number) =>
  days == null || !Number.isFinite(days) ? 0 : Math.exp(-Math.max(0, days) / halfScale);

/** Writes FEATURE_COUNT values for `row` into out[offset..]; `norm` is scratch of length scale.weeks. */
export function writeFeatures(
  row: MemberActivityInput,
  scale: CommunityScale,
  out: Float64Array,
  offset: number,
  norm: Float64Array,
): void {
  fillNormalisedWeeks(row, scale, norm);
  const w = scale.weeks;
  const recent = windowMean(norm, w - 4, w);
  const baseline = windowMean(norm, w - 12, w - 4);
  const pseudo = 0.25 * scale.typicalWeek;
  let streak = 0;
  for (let t = w - 1; t > 0 && streak < 8 && norm[t] > norm[t - 1]; t--) streak++;
  let active = 0;
  for (let t = 0; t < w; t++) if (norm[t] > 0) active++;
  const c = row.contributions;
  const inactive = row.daysSinceLastActivity == null ? 365 : clamp(row.daysSinceLastActivity, 0, 365);

  out[offset] = Math.log1p(recent / scale.typicalWeek);
  out[offset + 1] = clamp(Math.log((recent + pseudo) / (baseline + pseudo)), -3, 3);
  out[offset + 2] = Math.log1p(inactive);
  out[offset + 3] = Math.asinh(seedTrendOf(norm) / scale.typicalWeek);
  out[offset + 4] = streak;
  out[offset + 5] = w > 0 ? active / w : 0;
  out[offset + 6] = Math.log1p(safeCount(row.breadthRecent));
  out[offset + 7] = clamp(safeCount(row.breadthRecent) - safeCount(row.breadthBaseline), -10, 10);
  out[offset + 8] = Math.log1p(safeCount(c?.prMerged));
  out[offset + 9] = Math.log1p(safeCount(c?.prReview));
  out[offset + 10] = Math.log1p(safeCount(c?.acceptedAnswer));
  out[offset + 11] = Math.log1p(safeCount(c?.meetupHosted));
  out[offset + 12] = Math.log1p(safeCount(c?.pairing));
  out[offset + 13] = Math.log1p(safeCount(c?.other));
  out[offset + 14] = Math.log1p(safeCount(row.tenureWeeks));
  out[offset + 15] = safeCount(row.tierRank);
  out[offset + 16] = Math.log1p(safeCount(row.planTenureWeeks));
  out[offset + 17] = Math.log1p(safeCount(row.paidTies));
  out[offset + 18] = Math.log1p(safeCount(row.failedPayments90d));
  out[offset + 19] = decay(row.daysSinceLastFailedPayment, 14);
  out[offset + 20] = clamp((recent - baseline) / scale.typicalWeek, -10, 10);
}

/** Row-major n × p matrix of features. */
export interface FeatureMatrix {
  n: number;
  p: number;
  data: Float64Array;
}

export function buildFeatureMatrix(rows: readonly MemberActivityInput[], community: CommunityContext): FeatureMatrix {
  const scale = communityScale(community);
  const p = FEATURE_COUNT;
  const data = new Float64Array(rows.length * p);
  const norm = new Float64Array(scale.weeks);
  for (let i = 0; i < rows.length; i++) writeFeatures(rows[i], scale, data, i * p, norm);
  return { n: rows.length, p, data };
}

/** Named features for one row: for inspection, tests and the member page, not hot loops. */
export function memberFeatures(row: MemberActivityInput, community: CommunityContext): Record<FeatureName, number> {
  const { data } = buildFeatureMatrix([row], community);
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, data[i]])) as Record<FeatureName, number>;
}
