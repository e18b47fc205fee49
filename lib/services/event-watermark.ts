// Which activity events arrived since a mark, for the incremental steps (weekly rollups, page aggregates).
// A mark is the highest event id plus the transactions still in flight when it was read, so events that
// an import committed later under lower ids (concurrent imports commit out of id order) are still found.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { eventWatermarkSchema, type EventWatermark } from "@/lib/validation/event-watermark";

export type { EventWatermark };

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * Late commits are looked for this many ids below the mark (an index range, filtered on xmin). With
 * transactions in flight at the mark, their ids may lie well below it (a long import); with none, only
 * a statement that drew ids just before the mark and took its transaction id just after can commit late.
 */
const LATE_COMMIT_ID_RANGE = { inFlight: 200_000, none: 10_000 };
const XID_SPACE = 4_294_967_296;

/** Parses a stored mark; a bare number is the older format (an id only: late commits 50,000 ids back). */
export function parseEventWatermark(value: unknown): EventWatermark | null {
  if (typeof value === "number") return { id: Math.max(0, value - 50_000), xmax: null, inFlight: [] };
  const parsed = eventWatermarkSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The mark to store once everything up to now has been processed (read before processing starts). */
export async function takeEventWatermark(reader: Reader = db): Promise<EventWatermark> {
  const [r] = await reader.$queryRaw<{ id: bigint | null; xmax: bigint; in_flight: bigint[] }[]>`
    select (select max(id) from activity_events) as id,
           pg_snapshot_xmax(pg_current_snapshot())::text::bigint % ${XID_SPACE} as xmax,
           array(select x::text::bigint % ${XID_SPACE} from pg_snapshot_xip(pg_current_snapshot()) x) as in_flight`;
  return { id: Number(r.id ?? 0), xmax: Number(r.xmax), inFlight: r.in_flight.map(Number) };
}

/**
 * The events added since the mark, as a query of their id, member, instant, type and xmin: those above the mark's id,
 * and below it those whose transaction was in flight or had not started when the mark was read.
 */
export function addedEventsSince(mark: EventWatermark): Prisma.Sql {
  const late =
    mark.xmax === null
      ? Prisma.empty
      : Prisma.sql`
        union all
        select id, member_id, occurred_at, type, xmin from activity_events
         where id > ${mark.id - LATE_COMMIT_ID_RANGE[mark.inFlight.length > 0 ? "inFlight" : "none"]} and id <= ${mark.id}
           and (xmin::text::bigint = any(${mark.inFlight}::bigint[])
                or (xmin::text::bigint - ${mark.xmax}::bigint + ${XID_SPACE}) % ${XID_SPACE} < ${XID_SPACE / 2})`;
  return Prisma.sql`select id, member_id, occurred_at, type, xmin from activity_events where id > ${mark.id} ${late}`;
}

/**
 * True for an event (a row aliased `e` with id and xmin) that was visible when the mark was read: the row
 * test that is the complement of addedEventsSince, with no subquery (as `not in` the planner could run
 * that set once per event).
 */
export function visibleAtMark(mark: EventWatermark): Prisma.Sql {
  if (mark.xmax === null) return Prisma.sql`e.id <= ${mark.id}`;
  return Prisma.sql`(e.id <= ${mark.id} and not (
    e.id > ${mark.id - LATE_COMMIT_ID_RANGE[mark.inFlight.length > 0 ? "inFlight" : "none"]}
    and (e.xmin::text::bigint = any(${mark.inFlight}::bigint[])
         or (e.xmin::text::bigint - ${mark.xmax}::bigint + ${XID_SPACE}) % ${XID_SPACE} < ${XID_SPACE / 2})))`;
}

/** The earliest `occurred_at` among events added since the mark (null: none). */
export async function earliestEventSince(mark: EventWatermark, reader: Reader = db): Promise<Date | null> {
  // Two index ranges on the primary key, materialised: asked for min(occurred_at) directly, the planner
  // walks the occurred_at index from its start looking for a high id (seconds at 10M events).
  const [row] = await reader.$queryRaw<{ first: Date | null }[]>`
    with added as materialized (${addedEventsSince(mark)})
    select min(occurred_at) as first from added`;
  return row.first;
}
