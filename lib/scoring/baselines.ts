// The four baselines the learned model must beat, each a score over the same rows (higher = ranked first).
// Each is oriented to the ranking it serves, so the backtest compares like with like.
import { reasonText } from "./explain";
import {
  communityScale,
  fillNormalisedWeeks,
  seedTrendOf,
  windowMean,
  type CommunityScale,
  type FeatureName,
} from "./features";
import type { CommunityContext, MemberActivityInput, RankingKind, Reason } from "./types";
import { mulberry32At } from "@/lib/random";

export const BASELINE_NAMES = ["random", "recentActivity", "seedFormula", "activityDrop"] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

/** Uniform 0..1 per (seed, memberId): independent of row order, so shuffling rows changes nothing. */
export function seededUniform(seed: number, memberId: number): number {
  const mixed = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(memberId | 0, 0xc2b2ae35);
  return mulberry32At(mulberry32At(mixed) * 4294967296);
}

function mapNormalised(
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
  score: (norm: Float64Array) => number,
): Float64Array {
  const scale = communityScale(community);
  const norm = new Float64Array(scale.weeks);
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = score(fillNormalisedWeeks(rows[i], scale, norm));
  return out;
}

/** The community's seed formula (defined beside the features, which also use it). */
export const seedFormulaTrend = seedTrendOf;

/** Per-week mean of the prior 8 weeks minus the last 4 weeks (positive = activity fell). */
export function activityDrop(norm: Float64Array): number {
  const w = norm.length;
  return windowMean(norm, w - 12, w - 4) - windowMean(norm, w - 4, w);
}

/**
 * Baseline scores, higher = ranked first.
 * - random: seeded, deterministic per member.
 * - recentActivity: candidates rank the most active in the last 4 weeks first; at-risk ranks the
 *   least active first (ranking the most active first would predict the opposite of the event).
 * - seedFormula: candidates rank the highest trend first; at-risk the most negative trend first.
 * - activityDrop: at-risk ranks the largest drop first; candidates the largest rise first.
 */
export function baselineScores(
  name: BaselineName,
  kind: RankingKind,
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
  seed = 1,
): Float64Array {
  const sign = kind === "candidates" ? 1 : -1;
  switch (name) {
    case "random": {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = seededUniform(seed, rows[i].memberId);
      return out;
    }
    case "recentActivity":
      return mapNormalised(rows, community, (norm) => sign * windowMean(norm, norm.length - 4, norm.length));
    case "seedFormula":
      return mapNormalised(rows, community, (norm) => sign * seedFormulaTrend(norm));
    case "activityDrop":
      return mapNormalised(rows, community, (norm) => -sign * activityDrop(norm));
  }
}

/** The one fact each deployable baseline ranks by, in the words of the explanations. */
const BASELINE_FEATURE: Record<Exclude<BaselineName, "random">, FeatureName> = {
  recentActivity: "activityLevel",
  seedFormula: "seedTrend",
  activityDrop: "activityChange",
};

/** A baseline's reason for one member: the fact it ranked by (a baseline has no other). */
export function baselineReasons(
  name: BaselineName,
  row: MemberActivityInput,
  scale: CommunityScale,
  score: number,
): Reason[] {
  if (name === "random") return [];
  return [{ text: reasonText(BASELINE_FEATURE[name], row, scale), weight: Math.round(score * 1000) / 1000 }];
}
