// The as-of's own inputs (every eligible member on the as-of day), kept between re-scores of the same day: after an
// import only the members with added events are re-extracted, instead of all of them (~25–50 s at 100k members).
// A kept row is reused only while it is exactly what a fresh extraction would give, so the conditions are strict:
// - the same as-of day, feature registry version and stale billing sources;
// - the same digest of everything read as a whole: members, identities, affiliations, staff organisations,
//   activity types and weights, merges, billing changes and payments known by the day. Any change there (a merge,
//   a billing change, an erasure) re-extracts every member: tiers and paying colleagues are whole-community facts.
//   Members created since the kept rows (ids above the kept highest id), their identities and affiliations are left
//   out of the digest and re-extracted each time instead, so an import that brings new people stays incremental;
// - events: a member whose events were added since the kept mark is re-extracted. The mark is the rollups' own,
//   read before anything else, so the weekly rows the kept inputs came from held exactly the events up to it.
//   An added event before the as-of's week also reloads the community's complete weeks.
// Deleting events never happens without one of the digested changes (erasure, demo removal and merges touch members).
import "server-only";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { MODEL_VERSION } from "@/lib/scoring/model";
import type { CommunityContext } from "@/lib/scoring/types";
import { eventWatermarkSchema, type EventWatermark } from "@/lib/validation/event-watermark";
import { addedEventsSince } from "../event-watermark";
import { rollupsWatermark } from "../rollups";
import { decodeAsOfRow, encodeAsOfRow } from "./asof-codec";
import { addDays, mondayOf } from "./dates";
import { billingDigestSql, globalDigestSql, highestMemberId } from "./feature-cache";
import {
  communitySeries,
  extractCutoffs,
  loadCommunityWeeks,
  type CutoffInputs,
  type ExtractedMember,
  type MemberReads,
} from "./inputs";
import { phaseTimer } from "./phase-timer";

const STATE_KEY = "rankings_asof_state";
const LOCK = 727_002; // one writer of the kept rows at a time
const INSERT_CHUNK = 20_000;

const stateSchema = z.object({
  asOf: z.string(),
  version: z.string(),
  params: z.string(),
  digest: z.string(),
  /** The highest member id when every member was last extracted; later members are always re-extracted. */
  upToMember: z.number().int(),
  mark: eventWatermarkSchema,
  /** The community's complete weeks before the as-of's week: [Monday, total, active]. */
  weeks: z.array(z.tuple([z.string(), z.number(), z.number()])),
});
type KeptState = z.infer<typeof stateSchema>;

export interface AsOfInputs {
  current: CutoffInputs;
  /** Milliseconds per phase, for the benchmarks' logs. */
  timings: Record<string, number>;
  /** How the rows were obtained: every member extracted, or only those with added events (how many). */
  extracted: { kind: "all"; reason: string } | { kind: "members"; count: number };
  /** The events mark the kept rows now hold (null when none are kept: the rollups were being rebuilt). */
  mark: EventWatermark | null;
  /**
   * Set when `current.rows` holds only the members re-extracted since the kept mark `since` (the caller's
   * `touchedOnly` accepted it); the others' kept rows were not read, and are unchanged since `since`.
   */
  touched: { ids: number[]; since: EventWatermark; keeping: Promise<void> } | null;
}

/** Digest of what the as-of's rows read as a whole (see the module comment). */
async function asOfDigest(asOf: string, upToMember: number): Promise<string> {
  const [row] = await db.$queryRaw<{ digest: string }[]>`
    select md5(concat_ws('#', ${globalDigestSql(upToMember)}, ${billingDigestSql(Prisma.sql`(${asOf}::date + 1)::timestamp at time zone 'UTC'`)})) as digest`;
  return row.digest;
}

/** The kept state and rows (one snapshot: a writer between the two reads cannot mix two generations). */
async function readKept(
  skip: readonly number[],
): Promise<{ state: KeptState; rows: ExtractedMember[] } | null> {
  return db.$transaction(
    async (tx) => {
      const [stored] = await tx.$queryRaw<
        { value: unknown }[]
      >`select value from settings where key = ${STATE_KEY}`;
      const parsed = stateSchema.safeParse(stored?.value);
      if (!parsed.success) return null;
      // One text for all rows: 100k rows of one column each cost the driver several times more to hand over.
      const [all] = await tx.$queryRaw<{ rows: string | null }[]>`
        select string_agg(inputs, E'\n') as rows from ranking_asof_rows where not (member_id = any(${[...skip]}::int[]))`;
      const rows = all.rows ? all.rows.split("\n").map(decodeAsOfRow) : [];
      return { state: parsed.data, rows };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 120_000, maxWait: 60_000 },
  );
}

/**
 * Replaces the kept rows (all of them, or those of `members`) and the state, in one transaction. A partial update
 * applies only over the state it was computed from (`over`): if another run replaced it meanwhile, that one stands.
 */
async function writeKept(
  state: KeptState,
  rows: readonly ExtractedMember[],
  members: readonly number[] | null,
  over: KeptState | null = null,
) {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${LOCK}::bigint)`;
      if (over) {
        const [now] = await tx.$queryRaw<
          { value: unknown }[]
        >`select value from settings where key = ${STATE_KEY}`;
        // Compared as parsed: a state kept by an earlier version may hold fields this one no longer reads (model 6
        // dropped the partial week's count), which the parse strips from `over` too.
        const stored = stateSchema.safeParse(now?.value);
        if (!stored.success || !isDeepStrictEqual(stored.data, over)) return;
      }
      if (members)
        await tx.$executeRaw`delete from ranking_asof_rows where member_id = any(${[...members]}::int[])`;
      else await tx.$executeRaw`truncate ranking_asof_rows`;
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const part = rows.slice(start, start + INSERT_CHUNK);
        await tx.$executeRaw`
          insert into ranking_asof_rows (member_id, inputs)
          select * from unnest(${part.map((r) => r.memberId)}::int[], ${part.map(encodeAsOfRow)}::text[])`;
      }
      const value = JSON.stringify(state);
      await tx.$executeRaw`
        insert into settings (key, value, updated_at) values (${STATE_KEY}, ${value}::jsonb, now())
        on conflict (key) do update set value = excluded.value, updated_at = now()`;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

/** Members with events added since `mark`, and whether any of those events falls before `monday`. */
async function addedSince(
  mark: EventWatermark,
  monday: string,
): Promise<{ ids: number[]; beforeWeek: boolean }> {
  const rows = await db.$queryRaw<{ member_id: number; before_week: boolean }[]>`
    select member_id, bool_or(occurred_at < (${monday}::date)::timestamp at time zone 'UTC') as before_week
      from (${addedEventsSince(mark)}) added group by 1`;
  return { ids: rows.map((r) => r.member_id), beforeWeek: rows.some((r) => r.before_week) };
}

async function membersAbove(id: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`select id from members where id > ${id}::int`;
  return rows.map((r) => r.id);
}

const weeksMap = (weeks: KeptState["weeks"]) =>
  new Map(weeks.map(([w, total, active]) => [w, { total, active }]));
/** The weeks the as-of's community series reads (the 25 complete weeks before its own), as kept in the state. */
const weeksList = (
  weeks: Map<string, { total: number; active: number }>,
  monday: string,
): KeptState["weeks"] =>
  [...weeks]
    .filter(([w]) => w >= addDays(monday, -7 * 26) && w < monday)
    .map(([w, v]) => [w, v.total, v.active]);

/** The events mark of each set of every member's rows asOfInputs returned, by identity (see keptMarkOf). */
const marksOf = new WeakMap<CutoffInputs, EventWatermark>();

/**
 * The events mark `inputs` are exact for, when they are every member's rows as returned by asOfInputs (undefined
 * otherwise): lets a caller that received them through another module (the refit path, via history.ts) record
 * what its snapshot was written from.
 */
export const keptMarkOf = (inputs: CutoffInputs): EventWatermark | undefined => marksOf.get(inputs);

/**
 * Every eligible member's inputs as of `asOf` (all rows, ordered by member id, as extractCutoffs gives them), from
 * the kept rows where they are still exact and a fresh extraction for the rest; the kept rows are brought up to date.
 */
export async function asOfInputs(
  asOf: string,
  staleSources: readonly string[],
  opts: Parameters<typeof asOfInputsOnce>[2] = {},
): Promise<AsOfInputs> {
  const result = await asOfInputsOnce(asOf, staleSources, opts);
  if (result.mark && !result.touched) marksOf.set(result.current, result.mark);
  return result;
}

async function asOfInputsOnce(
  asOf: string,
  staleSources: readonly string[],
  opts: {
    communityWeeks?: () => Promise<Map<string, { total: number; active: number }>> | null;
    /**
     * Every member's weeks, channels and contributions from a load the caller makes anyway that covers the as-of
     * (history.ts, cold), or null: awaited before every member's rows are extracted, never for a few members'.
     */
    memberReads?: Promise<{ reads: Promise<MemberReads> } | null>;
    retry?: boolean;
    /**
     * Asked, on an incremental run, with the as-of's community series and the kept mark the re-extracted members are
     * counted from: true returns only those members' rows (the others' are not read at all).
     */
    touchedOnly?: (community: CommunityContext, since: EventWatermark) => boolean;
  } = {},
): Promise<AsOfInputs> {
  const retry = opts.retry ?? true;
  // The community's complete weeks, from the caller when it loads them anyway (a refit that extracts past cut-offs).
  const loadWeeks = (monday: string) =>
    opts.communityWeeks?.() ?? loadCommunityWeeks(addDays(monday, -7 * 26), monday);
  const { timings, lap } = phaseTimer();
  // The mark first: the weekly rows read below are at least this new, so later events are "added" next time.
  const mark = await rollupsWatermark();
  const params = `stale=${[...staleSources].sort().join(",")}`;
  const monday = mondayOf(asOf);
  const cutoff = [{ asOf, sampleCap: Number.POSITIVE_INFINITY }];
  const [stored] = await db.$queryRaw<
    { value: unknown }[]
  >`select value from settings where key = ${STATE_KEY}`;
  const parsed = stateSchema.safeParse(stored?.value);
  const previous = parsed.success ? parsed.data : null;
  // What was added since the kept mark, read beside the digest (unused when the digest says extract everyone).
  const addedLoad =
    previous && mark
      ? Promise.all([addedSince(previous.mark, monday), membersAbove(previous.upToMember)])
      : null;
  addedLoad?.catch(() => {}); // awaited below when used
  const digest = previous ? await asOfDigest(asOf, previous.upToMember) : null;
  const reason = !mark
    ? "the rollups are being rebuilt whole"
    : !previous
      ? "no kept rows"
      : previous.asOf !== asOf
        ? `the kept rows are as of ${previous.asOf}`
        : previous.version !== MODEL_VERSION || previous.params !== params
          ? "the features or stale billing sources changed"
          : previous.digest !== digest
            ? "members, identities, organisations, merges, activity types or billing changed"
            : null;
  lap("state");
  if (reason || !previous || !mark || !retry) {
    const upToMember = await highestMemberId();
    // The digest just read holds when no member was added since (a new day: everything but the day is as kept).
    const allDigest =
      previous && digest !== null && previous.upToMember === upToMember
        ? digest
        : await asOfDigest(asOf, upToMember);
    // The caller's shared load first: when there is one, it holds the community's weeks too.
    const shared = await opts.memberReads;
    // The community's weeks load beside the feature statements (only the community series waits for them).
    const weeksLoad = loadWeeks(monday);
    weeksLoad.catch(() => {}); // awaited below; a failure while the extraction runs must not go unhandled
    const [current] = await extractCutoffs(cutoff, weeksLoad, staleSources, null, shared?.reads ?? null);
    const weeks = await weeksLoad;
    lap("extract");
    if (mark) {
      const state = {
        asOf,
        version: MODEL_VERSION,
        params,
        digest: allDigest,
        upToMember,
        mark,
        weeks: weeksList(weeks, monday),
      };
      await writeKept(state, current.rows, null);
    }
    lap("keep");
    return {
      current,
      timings,
      extracted: { kind: "all", reason: reason ?? "another run replaced the kept rows meanwhile" },
      mark,
      touched: null,
    };
  }
  const [added, newMembers] = await addedLoad!;
  const dirty = [...new Set([...added.ids, ...newMembers])];
  lap("added");
  const weeks = added.beforeWeek ? await loadWeeks(monday) : weeksMap(previous.weeks);
  const freshLoad: Promise<CutoffInputs> = extractCutoffs(cutoff, weeks, staleSources, dirty).then(
    ([inputs]) => inputs,
  );
  freshLoad.catch(() => {}); // awaited below; a failure while the caller decides must not go unhandled
  // Whether the caller needs the others' rows at all, asked before they are read.
  const touchedOnly = opts.touchedOnly
    ? opts.touchedOnly(communitySeries(asOf, weeks), previous.mark)
    : false;
  const [fresh, kept] = await Promise.all([freshLoad, touchedOnly ? null : readKept(dirty)]);
  // Another run replaced the kept rows between the two reads: start again (once), rather than mix generations.
  // (Touched only: the caller checks that its own state follows from `previous.mark` before it writes.)
  if (!touchedOnly && (!kept || !isDeepStrictEqual(kept.state, previous)))
    return asOfInputs(asOf, staleSources, { ...opts, retry: false });
  const rows = [...(kept?.rows ?? []), ...fresh.rows].sort((a, b) => a.memberId - b.memberId);
  lap("extract and read kept");
  const keeping = writeKept(
    {
      ...previous,
      mark,
      weeks: weeksList(weeks, monday),
    },
    fresh.rows,
    dirty,
    previous,
  );
  // Touched only: the caller writes its snapshot while the kept rows are written (either one failing leaves the
  // two marks apart, which the next run's check sees); otherwise the rows are kept before they are returned.
  if (touchedOnly)
    keeping.catch(() => {}); // awaited by the caller
  else await keeping;
  lap("keep");
  return {
    current: { ...fresh, rows, sampled: false },
    timings,
    extracted: { kind: "members", count: dirty.length },
    mark,
    touched: touchedOnly ? { ids: dirty, since: previous.mark, keeping } : null,
  };
}
