// Plain-words reasons for a ranked member: the features that pushed the score up most, each phrased
// as a fact about the member ("activity down 60% on own 8-week baseline"), so it reads right in either ranking.
import { FEATURES } from "./feature-registry";
import { FEATURE_INDEX, FEATURE_NAMES, rowContext, type CommunityScale, type FeatureName } from "./features";
import type { MemberActivityInput, Reason } from "./types";

/** The fact behind one feature, in words (from the registry). `norm` is scratch of length scale.weeks. */
export function reasonText(
  feature: FeatureName,
  row: MemberActivityInput,
  scale: CommunityScale,
  norm: Float64Array = new Float64Array(scale.weeks),
): string {
  return FEATURES[FEATURE_INDEX[feature]].explain(row, rowContext(row, scale, norm));
}

/** Contributions below this round to a weight of 0.000: too small to be a reason. */
const NEGLIGIBLE = 5e-4;

/** Indices of the `limit` largest positive contributions, largest first (ties by feature order). */
export function topContributions(contributions: ArrayLike<number>, limit: number): number[] {
  const picked: number[] = [];
  for (let r = 0; r < limit; r++) {
    let best = -1;
    for (let j = 0; j < contributions.length; j++) {
      if (contributions[j] < NEGLIGIBLE || picked.includes(j)) continue;
      if (best < 0 || contributions[j] > contributions[best]) best = j;
    }
    if (best < 0) break;
    picked.push(best);
  }
  return picked;
}

/**
 * Reasons from per-feature contributions (log-odds relative to the average training member).
 * Only features that raise the score are reasons; a member with none gets an empty list.
 */
export function explainContributions(
  row: MemberActivityInput,
  contributions: ArrayLike<number>,
  scale: CommunityScale,
  limit = 3,
  norm: Float64Array = new Float64Array(scale.weeks),
): Reason[] {
  return topContributions(contributions, limit).map((j) => ({
    text: reasonText(FEATURE_NAMES[j], row, scale, norm),
    weight: Math.round(contributions[j] * 1000) / 1000,
  }));
}
