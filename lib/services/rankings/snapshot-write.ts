// Writes one ranking's snapshot rows (score, rank, previous rank, reasons, sparkline) for an as-of day, replacing
// that day's; shared by the refit and the re-score paths. Server-only; called inside the snapshot transaction.
import "server-only";
import type { CommunityContext, RankingKind } from "@/lib/scoring";
import { communityScale, fillNormalisedWeeks } from "@/lib/scoring/features";
import type { DeployedScore } from "@/lib/scoring/ranked";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExtractedMember } from "./inputs";

const CHUNK = 20_000;

/** Last 12 season-normalised weekly weights in "typical active member weeks", for the sparkline. */
function activity12w(row: ExtractedMember, community: CommunityContext): number[] {
  const scale = communityScale(community);
  const norm = fillNormalisedWeeks(row, scale, new Float64Array(scale.weeks));
  return Array.from(
    norm.subarray(Math.max(0, norm.length - 12)),
    (v) => Math.round((v / scale.typicalWeek) * 1000) / 1000,
  );
}

export async function writeSnapshots(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  asOf: string,
  version: string,
  scored: DeployedScore[],
  rows: Map<number, ExtractedMember>,
  community: CommunityContext,
): Promise<void> {
  await tx.$executeRaw`delete from score_snapshots where kind = ${kind} and as_of = ${asOf}::date`;
  for (let start = 0; start < scored.length; start += CHUNK) {
    const part = scored.slice(start, start + CHUNK);
    await tx.$executeRaw`
      with prev_asof as (select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date)
      insert into score_snapshots (kind, as_of, member_id, score, rank, prev_rank, reasons, activity_12w, model_version)
      select ${kind}, ${asOf}::date, u.member_id, u.score, u.rank, prev.rank, u.reasons::jsonb, u.activity::real[], ${version}
        from unnest(${part.map((s) => s.memberId)}::int[], ${part.map((s) => s.score)}::float8[], ${part.map((_, i) => start + i + 1)}::int[],
                    ${part.map((s) => JSON.stringify(s.reasons))}::text[],
                    ${part.map((s) => `{${activity12w(rows.get(s.memberId)!, community).join(",")}}`)}::text[]) as u(member_id, score, rank, reasons, activity)
        left join score_snapshots prev on prev.kind = ${kind} and prev.as_of = (select d from prev_asof) and prev.member_id = u.member_id`;
  }
}
