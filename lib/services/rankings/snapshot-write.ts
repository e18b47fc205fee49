// Writes one ranking's snapshot rows (score, rank, previous rank, reasons, sparkline) for an as-of day, leaving
// that day's table exactly as a fresh write would; shared by the refit and the re-score paths. Server-only;
// called inside the snapshot transaction (readers keep seeing the previous rows until it commits).
//
// Why in place: a re-score after an import rewrites the same day's ~100k rows. Deleting and inserting them cost
// 5–9 s at 100k members (every row into four indexes, a foreign-key probe each, dead rows to vacuum). Here rows
// whose stored values differ are updated in place (heap-only when the rank did not move: no index is touched;
// the member key is never re-checked), members new to the day are inserted and members no longer ranked
// deleted. Unchanged rows are not written at all.
import "server-only";
import type { CommunityContext, RankingKind } from "@/lib/scoring";
import { communityScale, fillNormalisedWeeks } from "@/lib/scoring/features";
import type { DeployedScore } from "@/lib/scoring/ranked";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ExtractedMember } from "./inputs";
import { phaseTimer } from "./phase-timer";

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
  /** Milliseconds: updating and inserting, then deleting. */
  timings: Record<string, number>;
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
  const { timings, lap } = phaseTimer();
  // Which members the day already holds, read once: each new row is then an update or an insert, and the members
  // no longer ranked are known, without probing the table for every row.
  const [{ ids }] = await tx.$queryRaw<{ ids: number[] | null }[]>`
    select array_agg(member_id) as ids from score_snapshots where kind = ${kind} and as_of = ${asOf}::date`;
  const stored = new Set(ids ?? []);
  // Each chunk travels as two JSON texts (rows stored already, rows new to the day), [[member, rank, score,
  // reasons, sparkline], …]: as many text[] parameters cost ~4 s per 80k rows in the driver's array quoting, the
  // JSON ~0.3 s, and JSON keeps every score's digits. One statement per chunk updates the stored rows whose values
  // differ and inserts the new ones, each with its previous-day rank as a fresh write would store it. The next
  // chunk's JSON is built while PostgreSQL applies the previous one.
  const sparkline = sparklines(community);
  const chunkJson = (start: number) => {
    const storedRows: unknown[] = [];
    const newRows: unknown[] = [];
    scored.slice(start, start + CHUNK).forEach((s, i) => {
      const row = [s.memberId, start + i + 1, s.score, s.reasons, sparkline(rows.get(s.memberId)!)];
      (stored.has(s.memberId) ? storedRows : newRows).push(row);
    });
    return { storedRows: JSON.stringify(storedRows), newRows: JSON.stringify(newRows) };
  };
  const rowsOf = (json: string) => Prisma.sql`
    select (u.e->>0)::int as member_id, (u.e->>1)::int as rank, (u.e->>2)::float8 as score, prev.rank as prev_rank,
           u.e->3 as reasons, (u.e->>4)::real[] as activity_12w
      from jsonb_array_elements(${json}::jsonb) as u(e)
      left join score_snapshots prev
        on prev.kind = ${kind} and prev.as_of = (select d from prev_asof) and prev.member_id = (u.e->>0)::int`;
  let updated = 0;
  let inserted = 0;
  let applied: Promise<void> = Promise.resolve();
  for (let start = 0; start < scored.length; start += CHUNK) {
    const json = chunkJson(start);
    await applied;
    applied = tx.$queryRaw<{ updated: number; inserted: number }[]>`
      with prev_asof as (select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date),
      n as (${rowsOf(json.storedRows)}),
      changed as (
        update score_snapshots s
           set score = n.score, rank = n.rank, prev_rank = n.prev_rank, reasons = n.reasons, activity_12w = n.activity_12w,
               model_version = ${version}, computed_at = now()
          from n
         where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id
           and (s.score, s.rank, s.prev_rank, s.reasons, s.activity_12w, s.model_version)
               is distinct from (n.score, n.rank, n.prev_rank, n.reasons, n.activity_12w, ${version})
        returning 1),
      added as (
        insert into score_snapshots (kind, as_of, member_id, score, rank, prev_rank, reasons, activity_12w, model_version)
        select ${kind}, ${asOf}::date, a.member_id, a.score, a.rank, a.prev_rank, a.reasons, a.activity_12w, ${version}
          from (${rowsOf(json.newRows)}) a
        returning 1)
      select (select count(*) from changed)::int as updated, (select count(*) from added)::int as inserted`.then(
      ([counts]) => {
        updated += counts.updated;
        inserted += counts.inserted;
      },
    ); // a Prisma query starts only when awaited or then-ed
  }
  await applied;
  lap("update and insert");
  // Members no longer ranked (left the list, erased, merged away).
  const ranked = new Set(scored.map((r) => r.memberId));
  const gone = [...stored].filter((id) => !ranked.has(id));
  const deleted = gone.length
    ? await tx.$executeRaw`
        delete from score_snapshots where kind = ${kind} and as_of = ${asOf}::date and member_id = any(${gone}::int[])`
    : 0;
  lap("delete");
  return { deleted, updated, inserted, timings };
}
