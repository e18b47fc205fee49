// Turns one member row plus the community series into the registry's numeric feature vector, written
// straight into a typed-array matrix so that 100k+ rows build without per-row objects.
import { FEATURES, type FeatureName, type RowContext } from "./feature-registry";
import type { CommunityContext, MemberActivityInput } from "./types";
import { communityScale, fillNormalisedWeeks, windowMean, type CommunityScale } from "./weeks";

export { communityScale, fillNormalisedWeeks, seedTrendOf, windowMean, type CommunityScale } from "./weeks";
export type { FeatureName } from "./feature-registry";

/** Column order of every matrix and weight vector: the registry's order. */
export const FEATURE_NAMES: readonly FeatureName[] = FEATURES.map((f) => f.name);
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.fromEntries(
  FEATURE_NAMES.map((name, i) => [name, i]),
) as Record<FeatureName, number>;

/** The per-row facts every feature reads; `norm` (length scale.weeks) is filled in place. */
export function rowContext(row: MemberActivityInput, scale: CommunityScale, norm: Float64Array): RowContext {
  fillNormalisedWeeks(row, scale, norm);
  const w = scale.weeks;
  let streak = 0;
  for (let t = w - 1; t > 0 && streak < 8 && norm[t] > norm[t - 1]; t--) streak++;
  let activeWeeks = 0;
  for (let t = 0; t < w; t++) if (norm[t] > 0) activeWeeks++;
  return {
    scale,
    norm,
    recent: windowMean(norm, w - 4, w),
    baseline: windowMean(norm, w - 12, w - 4),
    streak,
    activeWeeks,
  };
}

/** Writes FEATURE_COUNT values for `row` into out[offset..]; `norm` is scratch of length scale.weeks. */
export function writeFeatures(
  row: MemberActivityInput,
  scale: CommunityScale,
  out: Float64Array,
  offset: number,
  norm: Float64Array,
): void {
  const ctx = rowContext(row, scale, norm);
  for (let j = 0; j < FEATURES.length; j++) out[offset + j] = FEATURES[j].compute(row, ctx);
}

/** Row-major n × p matrix of features. */
export interface FeatureMatrix {
  n: number;
  p: number;
  data: Float64Array;
}

export function buildFeatureMatrix(
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
): FeatureMatrix {
  const data = new Float64Array(rows.length * FEATURE_COUNT);
  writeFeatureRows(rows, community, data, 0);
  return { n: rows.length, p: FEATURE_COUNT, data };
}

/** buildFeatureMatrix's rows written into `data` from row `firstRow` on (a stack's set, without a matrix of its own). */
export function writeFeatureRows(
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
  data: Float64Array,
  firstRow: number,
): void {
  const scale = communityScale(community);
  const p = FEATURE_COUNT;
  const norm = new Float64Array(scale.weeks);
  for (let i = 0; i < rows.length; i++) writeFeatures(rows[i], scale, data, (firstRow + i) * p, norm);
}

/** Named features for one row: for inspection, tests and the member page, not hot loops. */
export function memberFeatures(
  row: MemberActivityInput,
  community: CommunityContext,
): Record<FeatureName, number> {
  const { data } = buildFeatureMatrix([row], community);
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, data[i]])) as Record<FeatureName, number>;
}
