// Writes one ranking's snapshot rows (raw and stored score, previous rank, reasons, sparkline) for an as-of day, leaving
// that day's table exactly as a fresh write would; shared by the refit and the re-score paths. Server-only;
// called inside the snapshot transaction (readers keep seeing the previous rows until it commits).
//
// Why in place: a re-score after an import rewrites the same day's ~100k rows. Deleting and inserting them cost
// 5–9 s at 100k members (every row into four indexes, a foreign-key probe each, dead rows to vacuum). Here rows
// whose stored values differ are updated in place (heap-only when the raw score did not move: no index is touched;
// the member key is never re-checked), members new to the day are inserted and members no longer ranked
// deleted. Unchanged rows are not written at all. Rank is not stored: the view `ranked_score_snapshots` numbers
// the day by raw score descending, ties by member id, which is rankOrder's order (the order of `scored`).
import "server-only";
import type { CommunityContext, RankingKind } from "@/lib/scoring";
import { communityScale, fillNormalisedWeeks } from "@/lib/scoring/features";
import { RANK_BIN_EDGES } from "@/lib/scoring/calibration";
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

/**
 * The raw score as JSON: a number (its shortest text reads back as the same double), or for a non-finite score the
 * text PostgreSQL reads as float8. NaN is stored as -Infinity: rankOrder sorts it there, ties by member id.
 */
const rawJson = (x: number): number | string => (Number.isFinite(x) ? x : x > 0 ? "Infinity" : "-Infinity");

/** The previous snapshot day, whose ranks are the previous ranks. */
const prevAsOf = (kind: RankingKind, asOf: string) =>
  Prisma.sql`select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date`;

/** The rows of a JSON chunk [[member, score, reasons, sparkline, raw score], …] with their previous rank. */
const rowsOfJson = (kind: RankingKind, json: string) => Prisma.sql`
    select (u.e->>0)::int as member_id, (u.e->>1)::float8 as score, prev.rank as prev_rank,
           u.e->2 as reasons, (u.e->>3)::real[] as activity_12w, (u.e->>4)::float8 as raw_score
      from jsonb_array_elements(${json}::jsonb) as u(e)
      left join ranked_score_snapshots prev
        on prev.kind = ${kind} and prev.as_of = (select d from prev_asof) and prev.member_id = (u.e->>0)::int`;

/** Rows of the day's snapshot the write deleted, updated and inserted (the rest were already equal). */
export interface SnapshotWriteCounts {
  deleted: number;
  updated: number;
  inserted: number;
  /** Other rows whose calibrated score changed (their place moved into another band after a touched write). */
  rebanded?: number;
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
  // Each chunk travels as two JSON texts (rows stored already, rows new to the day), [[member, score, reasons,
  // sparkline, raw score], …]: as many text[] parameters cost ~4 s per 80k rows in the driver's array quoting, the
  // JSON ~0.3 s, and JSON keeps every score's digits. One statement per chunk updates the stored rows whose values
  // differ and inserts the new ones, each with its previous-day rank as a fresh write would store it. The next
  // chunk's JSON is built while PostgreSQL applies the previous one.
  const sparkline = sparklines(community);
  const chunkJson = (start: number) => {
    const storedRows: unknown[] = [];
    const newRows: unknown[] = [];
    scored.slice(start, start + CHUNK).forEach((s) => {
      const row = [s.memberId, s.score, s.reasons, sparkline(rows.get(s.memberId)!), rawJson(s.rawScore)];
      (stored.has(s.memberId) ? storedRows : newRows).push(row);
    });
    return { storedRows: JSON.stringify(storedRows), newRows: JSON.stringify(newRows) };
  };
  const rowsOf = (json: string) => rowsOfJson(kind, json);
  let updated = 0;
  let inserted = 0;
  let applied: Promise<void> = Promise.resolve();
  for (let start = 0; start < scored.length; start += CHUNK) {
    const json = chunkJson(start);
    await applied;
    applied = tx.$queryRaw<{ updated: number; inserted: number }[]>`
      with prev_asof as (${prevAsOf(kind, asOf)}),
      n as (${rowsOf(json.storedRows)}),
      changed as (
        update score_snapshots s
           set score = n.score, prev_rank = n.prev_rank, reasons = n.reasons, activity_12w = n.activity_12w,
               raw_score = n.raw_score, model_version = ${version}, computed_at = now()
          from n
         where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id
           and (s.score, s.prev_rank, s.reasons, s.activity_12w, s.raw_score, s.model_version)
               is distinct from (n.score, n.prev_rank, n.reasons, n.activity_12w, n.raw_score, ${version})
        returning 1),
      added as (
        insert into score_snapshots (kind, as_of, member_id, score, prev_rank, reasons, activity_12w, raw_score, model_version)
        select ${kind}, ${asOf}::date, a.member_id, a.score, a.prev_rank, a.reasons, a.activity_12w, a.raw_score, ${version}
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

/** How a rank becomes the stored score: the calibrated rate of its band, or the raw score, or 0 (rankDeployed). */
export type RankScore = { kind: "calibrated"; rates: number[] } | { kind: "raw" } | { kind: "zero" };

/** rankDeployed's stored score of the row at r.rank of r.total, in SQL (float8 division, as in calibratedAt). */
function rankScoreSql(rankScore: RankScore): Prisma.Sql {
  if (rankScore.kind === "raw") return Prisma.sql`r.raw_score`;
  if (rankScore.kind === "zero") return Prisma.sql`0::float8`;
  const cases = RANK_BIN_EDGES.map(
    (edge, b) =>
      Prisma.sql`when r.rank::float8 / r.total <= ${edge}::float8 then ${rankScore.rates[b] ?? 0}::float8`,
  );
  return Prisma.sql`case ${Prisma.join(cases, " ")} else ${rankScore.rates[RANK_BIN_EDGES.length - 1] ?? 0}::float8 end`;
}

/**
 * Rewrites only the members in `touched` (snapshot-state.ts says when the others' rows are exact): their rows in
 * `scored` (raw score, reasons, sparkline, previous rank) are upserted, those no longer ranked deleted. No other
 * row's rank is written (rank is derived at read); only the stored scores of rows whose place moved into another
 * band are updated, from the day's ranks in SQL (rankOrder's order: raw score descending, ties by member id).
 * Nothing of the others' rows travels from Node.
 */
export async function writeTouchedSnapshots(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  asOf: string,
  version: string,
  touched: readonly number[],
  scored: DeployedScore[],
  rows: Map<number, ExtractedMember>,
  community: CommunityContext,
  rankScore: RankScore,
): Promise<SnapshotWriteCounts> {
  const { timings, lap } = phaseTimer();
  const ranked = new Set(scored.map((s) => s.memberId));
  const gone = touched.filter((id) => !ranked.has(id));
  const deleted = gone.length
    ? await tx.$executeRaw`
        delete from score_snapshots where kind = ${kind} and as_of = ${asOf}::date and member_id = any(${gone}::int[])`
    : 0;
  const sparkline = sparklines(community);
  const json = JSON.stringify(
    scored.map((s) => [s.memberId, 0, s.reasons, sparkline(rows.get(s.memberId)!), rawJson(s.rawScore)]),
  );
  // New rows take score 0 until the bands below set it. `moved` counts the rows whose order key is new (read
  // before the upsert: one statement, one snapshot).
  const [written] = scored.length
    ? await tx.$queryRaw<{ moved: number; updated: number; inserted: number }[]>`
        with prev_asof as (${prevAsOf(kind, asOf)}),
        n as (${rowsOfJson(kind, json)}),
        moved as (
          select count(*)::int as c from n
            left join score_snapshots s on s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = n.member_id
           where s.raw_score is distinct from n.raw_score),
        up as (
          insert into score_snapshots as s (kind, as_of, member_id, score, prev_rank, reasons, activity_12w, raw_score, model_version)
          select ${kind}, ${asOf}::date, n.member_id, 0, n.prev_rank, n.reasons, n.activity_12w, n.raw_score, ${version} from n
          on conflict (kind, as_of, member_id) do update
             set prev_rank = excluded.prev_rank, reasons = excluded.reasons, activity_12w = excluded.activity_12w,
                 raw_score = excluded.raw_score, model_version = excluded.model_version, computed_at = now()
           where (s.prev_rank, s.reasons, s.activity_12w, s.raw_score, s.model_version)
                 is distinct from (excluded.prev_rank, excluded.reasons, excluded.activity_12w, excluded.raw_score, excluded.model_version)
          returning (xmax = 0) as inserted)
        select (select c from moved) as moved, (select count(*) from up where not inserted)::int as updated,
               (select count(*) from up where inserted)::int as inserted`
    : [{ moved: 0, updated: 0, inserted: 0 }];
  const { inserted, updated } = written;
  lap("touched rows");
  // No order key moved and nobody came or went: every place, so every stored score, stands.
  if (written.moved === 0 && deleted === 0) return { deleted, updated, inserted, rebanded: 0, timings };
  await tx.$executeRaw`set local work_mem = '64MB'`; // the day's ranks in memory
  const [{ rebanded }] = await tx.$queryRaw<{ rebanded: number }[]>`
    with r as (
      select member_id, raw_score, score, row_number() over (order by raw_score desc, member_id) as rank,
             count(*) over () as total
        from score_snapshots where kind = ${kind} and as_of = ${asOf}::date),
    c as (select member_id, score as stored, ${rankScoreSql(rankScore)} as score from r),
    changed as (
      -- Only the rows whose band moved are joined back (the day is read once, in the window).
      update score_snapshots s set score = c.score, computed_at = now()
        from c
       where s.kind = ${kind} and s.as_of = ${asOf}::date and s.member_id = c.member_id
         and c.score is distinct from c.stored
      returning 1)
    select count(*)::int as rebanded from changed`;
  lap("bands");
  return { deleted, updated, inserted, rebanded, timings };
}
