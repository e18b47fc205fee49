// Ranks the eligible members with the deployed ranker (learned model or a baseline), with that ranker's own
// reasons, and scores each by the out-of-time hit rate of its place in the list (see calibration.ts).
import { baselineReasons, baselineScores } from "./baselines";
import { calibratedAt, type Band } from "./calibration";
import type { Deployment } from "./deploy";
import { communityScale } from "./features";
import { rankOrder } from "./metrics";
import { scoreMembers, type RankingModel } from "./model";
import type { CommunityContext, MemberActivityInput, RankingKind, ScoredMember } from "./types";

export interface DeployedScore extends ScoredMember {
  band: Band | null;
  /** The ranker's own score, which orders the list (ties by member id); `score` is the calibrated rate. */
  rawScore: number;
}

export function rankDeployed(
  kind: RankingKind,
  deployment: Deployment | null,
  model: RankingModel,
  rows: readonly MemberActivityInput[],
  community: CommunityContext,
): DeployedScore[] {
  let ranked: ScoredMember[];
  const ranker = deployment?.ranker ?? "model";
  if (ranker === "model") {
    ranked = scoreMembers(model, rows, community);
  } else {
    const scores = baselineScores(ranker, kind, rows, community);
    const ids = Float64Array.from(rows, (r) => r.memberId);
    const scale = communityScale(community);
    ranked = Array.from(rankOrder(scores, ids), (i) => ({
      memberId: rows[i].memberId,
      score: scores[i],
      reasons: baselineReasons(ranker, rows[i], scale, scores[i]),
    }));
  }
  const calibration = deployment?.calibration;
  return ranked.map((m, r) => {
    if (!calibration) return { ...m, score: ranker === "model" ? m.score : 0, band: null, rawScore: m.score };
    const { rate, band } = calibratedAt(calibration, r + 1, ranked.length);
    return { ...m, score: rate, band, rawScore: m.score };
  });
}
