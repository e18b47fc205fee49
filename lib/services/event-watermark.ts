// Which activity events arrived since a mark, for the incremental steps (weekly rollups, page aggregates).
// A mark is the highest event id plus the transactions still in flight when it was read, so events that
// an import committed later under lower ids (concurrent imports commit out of id order) are still found.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/** Late commits are looked for this many ids below the mark (an index range, filtered on xmin). */
const LATE_COMMIT_ID_RANGE = 1_000_000;
const XID_SPACE = 4_294_967_296;

export const eventWatermarkSchema = z.object({
  /** Highest event id visible when the mark was read. */
  id: z.number().int(),
  /** Rows written by transactions from this 32-bit xid on (and by `inFlight`) were not visible then. */
  xmax: z.number().int().nullable(),
  inFlight: z.array(z.number().int()),
});
export type EventWatermark = z.infer<typeof eventWatermarkSchema>;

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
 * The earliest `occurred_at` among events added since the mark (null: none). Events above the mark's id,
 * and below it those whose transaction was in flight or had not started when the mark was read.
 */
export async function earliestEventSince(mark: EventWatermark, reader: Reader = db): Promise<Date | null> {
  const [row] = await reader.$queryRaw<{ first: Date | null }[]>`
    select min(occurred_at) as first from activity_events
     where id > ${mark.id}
        or (${mark.xmax}::bigint is not null and id > ${mark.id - LATE_COMMIT_ID_RANGE}
            and (xmin::text::bigint = any(${mark.inFlight}::bigint[])
                 or (xmin::text::bigint - ${mark.xmax}::bigint + ${XID_SPACE}) % ${XID_SPACE} < ${XID_SPACE / 2}))`;
  return row.first;
}
