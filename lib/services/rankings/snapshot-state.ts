// What a ranking's stored day was last written from, so that a re-score after an import may rewrite only the
// members whose inputs changed (snapshot-write.ts, writeTouchedSnapshots) and leave the others' rows as they are.
// Server-only; the state is written in the snapshot transaction, beside the rows it describes.
//
// The others' stored rows equal what a fresh write would give them exactly when all of these hold:
// - their inputs did not change: the kept as-of rows were updated incrementally (asof-rows.ts: no change to
//   members, identities, organisations, merges, activity types or billing; only members with added events or new
//   members re-extracted), from the very mark the stored day was written from (`inputsMark`);
// - the features read them the same way: the same stored model (`fitRunId`) and the same community scale
//   (`scale`: every feature, reason, baseline and sparkline reads the community only through communityScale);
// - nobody else wrote the day or the previous day since (`facts`: the newest snapshot run of each day and their
//   row counts; every writer of a day's rows inserts a model run, and a removal changes a count). The previous
//   day's ranks are the stored previous ranks.
// Rank and the calibrated score are then recomputed for the whole day from the stored raw scores (the order key).
import "server-only";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { communityScale } from "@/lib/scoring/features";
import type { CommunityContext, RankingKind } from "@/lib/scoring/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { eventWatermarkSchema, type EventWatermark } from "@/lib/validation/event-watermark";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;
const stateKey = (kind: RankingKind) => `rankings_snapshot_state:${kind}`;

const dayFactsSchema = z.object({
  /** The newest snapshot run of the day, and the day's row count. */
  runId: z.number().int().nullable(),
  rows: z.number().int(),
  /** The previous snapshot day (the previous ranks' source), its newest run and its row count. */
  prevDay: z.string().nullable(),
  prevRunId: z.number().int().nullable(),
  prevRows: z.number().int(),
});
export type DayFacts = z.infer<typeof dayFactsSchema>;

const stateSchema = z.object({
  asOf: z.string(),
  fitRunId: z.number().int(),
  scale: z.string(),
  inputsMark: eventWatermarkSchema,
  facts: dayFactsSchema,
});
export type SnapshotState = z.infer<typeof stateSchema>;

/** The community scale as text (doubles print exactly), to tell whether any member's features could have moved. */
export function scaleDigest(community: CommunityContext): string {
  const s = communityScale(community);
  return JSON.stringify([s.weeks, Array.from(s.weekScale), s.typicalWeek]);
}

export async function dayFacts(tx: Reader, kind: RankingKind, asOf: string): Promise<DayFacts> {
  const [row] = await tx.$queryRaw<DayFacts[]>`
    with prev as (
      select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date)
    select (select max(id) from model_runs where kind = ${kind} and as_of = ${asOf}::date)::int as "runId",
           (select count(*) from score_snapshots where kind = ${kind} and as_of = ${asOf}::date)::int as rows,
           to_char(prev.d, 'YYYY-MM-DD') as "prevDay",
           (select max(id) from model_runs where kind = ${kind} and as_of = prev.d)::int as "prevRunId",
           (select count(*) from score_snapshots where kind = ${kind} and as_of = prev.d)::int as "prevRows"
      from prev`;
  return row;
}

export async function readSnapshotState(tx: Reader, kind: RankingKind): Promise<SnapshotState | null> {
  const [row] = await tx.$queryRaw<{ value: unknown }[]>`
    select value from settings where key = ${stateKey(kind)}`;
  const parsed = stateSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

/** The newest snapshot runs of the day and of the previous day (no counts): the check under the write's lock. */
export async function runsUnchanged(
  tx: Reader,
  kind: RankingKind,
  asOf: string,
  facts: DayFacts,
): Promise<boolean> {
  const [row] = await tx.$queryRaw<Pick<DayFacts, "runId" | "prevDay" | "prevRunId">[]>`
    with prev as (
      select max(as_of) as d from score_snapshots where kind = ${kind} and as_of < ${asOf}::date)
    select (select max(id) from model_runs where kind = ${kind} and as_of = ${asOf}::date)::int as "runId",
           to_char(prev.d, 'YYYY-MM-DD') as "prevDay",
           (select max(id) from model_runs where kind = ${kind} and as_of = prev.d)::int as "prevRunId"
      from prev`;
  return row.runId === facts.runId && row.prevDay === facts.prevDay && row.prevRunId === facts.prevRunId;
}

/**
 * Records what the day just written came from (after the write, in its transaction); `facts` as the write left
 * them (counted afresh when not given).
 */
export async function writeSnapshotState(
  tx: Prisma.TransactionClient,
  kind: RankingKind,
  state: Omit<SnapshotState, "facts">,
  known?: DayFacts,
): Promise<DayFacts> {
  const facts = known ?? (await dayFacts(tx, kind, state.asOf));
  const value = JSON.stringify({ ...state, facts });
  await tx.$executeRaw`
    insert into settings (key, value, updated_at) values (${stateKey(kind)}, ${value}::jsonb, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`;
  return facts;
}

/** The stored day's state when it still describes the day as stored (its facts unchanged), else null. */
export async function currentSnapshotState(
  tx: Reader,
  kind: RankingKind,
  asOf: string,
  fitRunId: number,
): Promise<SnapshotState | null> {
  const state = await readSnapshotState(tx, kind);
  if (!state || state.asOf !== asOf || state.fitRunId !== fitRunId) return null;
  return isDeepStrictEqual(state.facts, await dayFacts(tx, kind, asOf)) ? state : null;
}

/** Whether the members not re-extracted since `since` keep exactly their stored rows under `community`. */
export function othersUnchanged(
  state: SnapshotState,
  community: CommunityContext,
  since: EventWatermark,
): boolean {
  return (
    state.scale === scaleDigest(community) &&
    isDeepStrictEqual(state.inputsMark, eventWatermarkSchema.parse(since))
  );
}
