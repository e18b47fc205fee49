// Writes one ranking's snapshot rows (score, rank, previous rank, reasons, sparkline) for an as-of day, replacing
// that day's; shared by the refit and the re-score paths. Server-only; called inside the snapshot transaction.
import "server-only";
import type { CommunityContext, RankingKind } from "@/lib/scoring";
import { communityScale, fillNormalisedWeeks } from "@/lib/scoring/features";
import type { DeployedScore } from "@/lib/scoring/ranked";
import { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * Makes the day's snapshot rows of `kind` exactly `scored` (ranks in order). Rows whose values did not change are
 * left alone, changed ones updated in place and only new members inserted: a re-score after an import moves some
 * ranks and sparklines, and deleting and re-inserting all 100k rows cost several seconds, a third of it in the
 * per-row foreign-key check (which an update that keeps member_id does not repeat).
 */
export async function writeSnapshots(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  asOf: string,
  version: string,
  scored: DeployedScore[],
  rows: Map<number, ExtractedMember>,
  community: CommunityContext,
): Promise<{ updated: number; inserted: number; deleted: number }> {
  await tx.$executeRaw`
    create temporary table snapshot_rows (member_id int primary key, score float8, rank int, reasons jsonb, activity real[])
    on commit drop`;
  for (let start = 0; start < scored.length; start += CHUNK) {
    const part = scored.slice(start, start + CHUNK);
    await tx.$executeRaw`
      insert into snapshot_rows (member_id, score, rank, reasons, activity)
      select u.member_id, u.score, u.rank, u.reasons::jsonb, u.activity::real[]
        from unnest(${part.map((s) => s.memberId)}::int[], ${part.map((s) => s.score)}::float8[], ${part.map((_, i) => start + i + 1)}::int[],
                    ${part.map((s) => JSON.stringify(s.reasons))}::text[],
                    ${part.map((s) => `{${activity12w(rows.get(s.memberId)!, community).join(",")}}`)}::text[]) as u(member_id, score, rank, reasons, activity)`;
  }
  await tx.$executeRaw`analyze snapshot_rows`;
  // Each member's rank in the latest earlier snapshot of this kind.
  const withPrev = Prisma.sql`
    select n.*, prev.rank as prev_rank from snapshot_rows n
      left join score_snapshots prev on prev.kind = ${kind} and prev.member_id = n.member_id
       and prev.as_of = (select max(as_of) from score_snapshots where kind = ${kind} and as_of < ${asOf}::date)`;
  const deleted = await tx.$executeRaw`
    delete from score_snapshots s where s.kind = ${kind} and s.as_of = ${asOf}::date
       and not exists (select 1 from snapshot_rows n where n.member_id = s.member_id)`;
  const updated = await tx.$executeRaw`
    update score_snapshots s
       set score = n.score, rank = n.rank, prev_rank = n.prev_rank, reasons = n.reasons, activity_12w = n.activity,
           model_version = ${version}, computed_at = now()
      from (${withPrev}) n
     where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id
       and (s.score, s.rank, s.prev_rank, s.reasons, s.activity_12w, s.model_version)
           is distinct from (n.score, n.rank, n.prev_rank, n.reasons, n.activity, ${version})`;
  const inserted = await tx.$executeRaw`
    insert into score_snapshots (kind, as_of, member_id, score, rank, prev_rank, reasons, activity_12w, model_version)
    select ${kind}, ${asOf}::date, n.member_id, n.score, n.rank, n.prev_rank, n.reasons, n.activity, ${version}
      from (${withPrev}) n
     where not exists (select 1 from score_snapshots s where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id)`;
  await tx.$executeRaw`drop table snapshot_rows`;
  return { updated, inserted, deleted };
}
