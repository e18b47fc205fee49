// Writes one ranking's snapshot rows (score, rank, previous rank, reasons, sparkline) for an as-of day, leaving
// that day's table exactly as a fresh write would; shared by the refit and the re-score paths. Server-only;
// called inside the snapshot transaction (readers keep seeing the previous rows until it commits).
//
// Why a delta: a re-score after an import rewrites the same day's ~100k rows. Deleting and inserting them cost
// 5–9 s at 100k members (every row into every index, a foreign-key probe each, dead rows to vacuum). Here the
// new rows go to a temporary table first; then members no longer ranked are deleted, rows whose stored values
// differ are updated in place (heap-only when the rank did not move: no index is touched, no key re-checked)
// and members new to the day are inserted. Unchanged rows are not written at all.
import "server-only";
import type { CommunityContext, RankingKind } from "@/lib/scoring";
import { communityScale, fillNormalisedWeeks } from "@/lib/scoring/features";
import type { DeployedScore } from "@/lib/scoring/ranked";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExtractedMember } from "./inputs";

const CHUNK = 20_000;

/**
 * Last 12 season-normalised weekly weights in "typical active member weeks", for the sparkline, as a PostgreSQL
 * array literal. One scale and one buffer serve every row (per row they cost ~0.8 s at 80k members).
 */
function sparklines(community: CommunityContext): (row: ExtractedMember) => string {
  const scale = communityScale(community);
  const norm = new Float64Array(scale.weeks);
  const from = Math.max(0, scale.weeks - 12);
  return (row) => {
    fillNormalisedWeeks(row, scale, norm);
    const out: number[] = [];
    for (let w = from; w < scale.weeks; w++)
      out.push(Math.round((norm[w] / scale.typicalWeek) * 1000) / 1000);
    return `{${out.join(",")}}`;
  };
}

/** Rows of the day's snapshot the write deleted, updated and inserted (the rest were already equal). */
export interface SnapshotWriteCounts {
  deleted: number;
  updated: number;
  inserted: number;
}

export async function writeSnapshots(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  asOf: string,
  version: string,
  scored: DeployedScore[],
  rows: Map<number, ExtractedMember>,
  community: CommunityContext,
): Promise<SnapshotWriteCounts> {
  // The new rows with their previous-day rank, as a fresh write would store them. A temporary table is not
  // logged and is dropped with the transaction's end (or below, before the other ranking's write).
  await tx.$executeRaw`drop table if exists snapshot_new`;
  await tx.$executeRaw`
    create temporary table snapshot_new (
      member_id int not null, score float8 not null, rank int not null, prev_rank int,
      reasons jsonb not null, activity_12w real[] not null) on commit drop`;
  // Each chunk travels as one JSON text, [[member, score, reasons, sparkline], …]: as many text[] parameters
  // cost ~4 s per 80k rows in the driver's array quoting, the JSON ~0.3 s. JSON keeps every score's digits.
  // The next chunk's JSON is built while PostgreSQL stores the previous one.
  const sparkline = sparklines(community);
  const chunkJson = (start: number) =>
    JSON.stringify(
      scored
        .slice(start, start + CHUNK)
        .map((s) => [s.memberId, s.score, s.reasons, sparkline(rows.get(s.memberId)!)]),
    );
  let stored: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < scored.length; start += CHUNK) {
    const json = chunkJson(start);
    await stored;
    stored = tx.$executeRaw`
      with prev_asof as (select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date)
      insert into snapshot_new (member_id, score, rank, prev_rank, reasons, activity_12w)
      select (u.e->>0)::int, (u.e->>1)::float8, ${start}::int + u.i::int, prev.rank, u.e->2, (u.e->>3)::real[]
        from jsonb_array_elements(${json}::jsonb) with ordinality as u(e, i)
        left join score_snapshots prev on prev.kind = ${kind} and prev.as_of = (select d from prev_asof) and prev.member_id = (u.e->>0)::int`.then(
      () => {},
    ); // a Prisma query starts only when awaited or then-ed
  }
  await stored;
  // Not analysed (~0.5 s): the planner sizes a never-analysed table from its pages, enough for the hash joins below.
  const deleted = await tx.$executeRaw`
    delete from score_snapshots s
     where s.kind = ${kind} and s.as_of = ${asOf}::date
       and not exists (select 1 from snapshot_new n where n.member_id = s.member_id)`;
  const updated = await tx.$executeRaw`
    update score_snapshots s
       set score = n.score, rank = n.rank, prev_rank = n.prev_rank, reasons = n.reasons, activity_12w = n.activity_12w,
           model_version = ${version}, computed_at = now()
      from snapshot_new n
     where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id
       and (s.score, s.rank, s.prev_rank, s.reasons, s.activity_12w, s.model_version)
           is distinct from (n.score, n.rank, n.prev_rank, n.reasons, n.activity_12w, ${version})`;
  const inserted = await tx.$executeRaw`
    insert into score_snapshots (kind, as_of, member_id, score, rank, prev_rank, reasons, activity_12w, model_version)
    select ${kind}, ${asOf}::date, n.member_id, n.score, n.rank, n.prev_rank, n.reasons, n.activity_12w, ${version}
      from snapshot_new n
     where not exists (select 1 from score_snapshots s where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id)`;
  await tx.$executeRaw`drop table snapshot_new`;
  return { deleted, updated, inserted };
}
