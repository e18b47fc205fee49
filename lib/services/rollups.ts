// Weekly activity rollups per member, week (Monday, UTC) and source, rebuilt from activity_events
// in SQL. Incremental by default: only weeks touched by events added since the last run.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  addedEventsSince,
  earliestEventSince,
  parseEventWatermark,
  visibleAtMark,
  takeEventWatermark,
  type EventWatermark,
} from "./event-watermark";
import { rebuildMemberMonths } from "./member-months";
import { rebuildMemberDays } from "./member-days";
import { analyzeTablesPlannedEmpty } from "./planner-statistics";

/** Setting holding the event mark the rollups are complete up to (an EventWatermark). */
export const ROLLUPS_WATERMARK_KEY = "rollups_watermark";

export interface RollupOptions {
  /** Rebuild from this week on (what an edit of past events needs). */
  from?: Date;
  /** Rebuild everything (after weights or contribution types change). */
  full?: boolean;
}

/** Inserts the weekly rollup rows (member, Monday, source) of the events `where` selects (`e`): what a row holds. */
export function insertWeeklyRowsSql(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    insert into weekly_activity (member_id, week_start, source, events, weight, contributions, channels, last_at)
    select e.member_id,
           date_trunc('week', e.occurred_at at time zone 'UTC')::date,
           e.source,
           count(*)::int,
           sum(e.weight::float8)::real,
           count(*) filter (where t.is_contribution)::int,
           count(distinct e.channel)::int,
           max(e.occurred_at)
      from activity_events e
      left join activity_types t on t.type = e.type
     where ${where}
     group by 1, 2, 3`;
}

/** Forces the next incremental run to rebuild everything (weights or contribution types changed). */
export async function invalidateRollups(): Promise<void> {
  await db.setting.deleteMany({ where: { key: ROLLUPS_WATERMARK_KEY } });
}

/** The event mark the rollups are complete up to; null when they must be rebuilt whole. */
export async function rollupsWatermark(): Promise<EventWatermark | null> {
  const stored = await db.setting.findUnique({ where: { key: ROLLUPS_WATERMARK_KEY } });
  return stored ? parseEventWatermark(stored.value) : null;
}

/** An explicit start must not skip events that arrived since the mark: whichever is earlier. */
function earliest(from: Date | null, since: Date | null | "all"): Date | null | "all" {
  if (since === "all" || from === null) return since;
  return since !== null && since < from ? since : from;
}

/**
 * After an import only the members with added events can have different rows from its first day on, so
 * only theirs are rebuilt (2,000 members' week instead of every member's week and month: the month of
 * member counts alone re-read ~800k events at 10M). The ids go into a temporary table with statistics,
 * so the planner reads their events by (member_id, occurred_at) when they are few and scans when many.
 */
async function collectTouchedMembers(tx: Prisma.TransactionClient, mark: EventWatermark): Promise<void> {
  await tx.$executeRaw`
    create temporary table rollup_members on commit drop as
    select distinct member_id from (${addedEventsSince(mark)}) added`;
  await tx.$executeRaw`analyze rollup_members`;
}
const TOUCHED_MEMBERS = Prisma.sql`select member_id from rollup_members`;

export async function rebuildWeeklyActivity(
  opts: RollupOptions = {},
): Promise<{ rows: number; from: Date | null; firstEvent: Date | null; rebuilt: "all" | "from" | "none" }> {
  const watermark = await takeEventWatermark();
  const mark = opts.full ? null : await rollupsWatermark();
  const since = mark ? await earliestEventSince(mark) : "all";
  const changes = opts.full ? "all" : earliest(opts.from ?? null, since);
  if (changes === null) {
    // Nothing new: move the mark on anyway, so the in-flight transactions it watches stay few.
    await db.setting.update({ where: { key: ROLLUPS_WATERMARK_KEY }, data: { value: watermark } });
    return { rows: 0, from: null, firstEvent: null, rebuilt: "none" };
  }
  const from =
    changes === "all"
      ? new Date(0)
      : // From the first new event's day: its whole week (UTC, as the rows are keyed) is rebuilt. The mark
        // finds late commits itself, so the week of margin kept before only doubled the work.
        new Date(Date.UTC(changes.getUTCFullYear(), changes.getUTCMonth(), changes.getUTCDate()));
  // Only the added events' members when the mark is all that says what changed; an explicit start (an
  // edited past event) or a full run rebuilds every member's rows.
  const onlyAdded = mark !== null && changes !== "all" && opts.from === undefined;
  // Fresh planner statistics first for a rebuild over every member: right after a large import (one
  // transaction, so autovacuum has not analysed it yet) stale estimates made the per-member update below a
  // nested loop of sequential scans that ran for minutes. Sampling is bounded (~30k rows).
  if (!onlyAdded) await db.$executeRaw`analyze activity_events`;
  const rows = await db.$transaction(
    async (tx) => {
      // One rebuild at a time (the pipeline's, and a page-aggregates refresh's): two would insert the same rows.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('weekly-rollups'))`;
      if (onlyAdded) await collectTouchedMembers(tx, mark);
      const members = (column: Prisma.Sql) =>
        onlyAdded ? Prisma.sql`${column} in (${TOUCHED_MEMBERS})` : Prisma.sql`true`;
      // Events committed after the mark was read wait for the next run (each statement sees them as it
      // starts): the rows never hold more than the mark says, which the page aggregates' retention delta
      // relies on (a member's months before = its events up to the mark).
      const counted = visibleAtMark(watermark);
      await tx.$executeRaw`
        delete from weekly_activity
         where week_start >= date_trunc('week', ${from}::timestamptz at time zone 'UTC')::date and ${members(Prisma.sql`member_id`)}`;
      const inserted = await tx.$executeRaw(
        insertWeeklyRowsSql(
          Prisma.sql`e.occurred_at >= date_trunc('week', ${from}::timestamptz at time zone 'UTC') at time zone 'UTC'
           and ${members(Prisma.sql`e.member_id`)} and ${counted}`,
        ),
      );
      await rebuildMemberMonths(tx, from, onlyAdded ? TOUCHED_MEMBERS : null, counted);
      await rebuildMemberDays(tx, from, onlyAdded ? TOUCHED_MEMBERS : null);
      if (changes === "all")
        await tx.$executeRaw`
          update members m set last_active_at = x.last_at, joined_at = least(coalesce(m.joined_at, x.first_at), x.first_at),
                 first_contribution_at = x.first_contribution
            from (select member_id, max(occurred_at) last_at, min(occurred_at) first_at,
                         min(occurred_at) filter (where type in (select type from activity_types where is_contribution)) first_contribution
                    from activity_events e where ${counted} group by member_id) x
           where x.member_id = m.id and (m.last_active_at is distinct from x.last_at or m.joined_at is null or m.joined_at > x.first_at
                  or m.first_contribution_at is distinct from x.first_contribution)`;
      // Incremental: events were added, so only the new ones can move a member's first or last date or first
      // contribution (reading each touched member's whole history instead took 38 s after a one-day import at
      // 100k members). least/greatest skip nulls: a member's first contribution may be among the new events.
      else
        await tx.$executeRaw`
          update members m set last_active_at = greatest(m.last_active_at, x.last_at),
                               joined_at = least(coalesce(m.joined_at, x.first_at), x.first_at),
                               first_contribution_at = least(m.first_contribution_at, x.first_contribution)
            from (select member_id, max(occurred_at) last_at, min(occurred_at) first_at,
                         min(occurred_at) filter (where type in (select type from activity_types where is_contribution)) first_contribution
                    from (${onlyAdded ? addedEventsSince(mark) : Prisma.sql`select id, member_id, occurred_at, type, xmin from activity_events where occurred_at >= ${from}`}) e
                   where ${counted} group by member_id) x
           where x.member_id = m.id and (m.last_active_at is null or m.last_active_at < x.last_at or m.joined_at is null or m.joined_at > x.first_at
                  or (x.first_contribution is not null and (m.first_contribution_at is null or m.first_contribution_at > x.first_contribution)))`;
      await tx.setting.upsert({
        where: { key: ROLLUPS_WATERMARK_KEY },
        create: { key: ROLLUPS_WATERMARK_KEY, value: watermark },
        update: { value: watermark },
      });
      return inserted;
    },
    { timeout: 900_000 },
  );
  // An autovacuum ANALYZE during that transaction would leave the rollup tables planned as empty.
  await analyzeTablesPlannedEmpty();
  // `from` is the first new event's day; `firstEvent` the event's own instant.
  return changes === "all"
    ? { rows, from: null, firstEvent: null, rebuilt: "all" }
    : { rows, from, firstEvent: changes, rebuilt: "from" };
}
