// Events per member and UTC day (member_day_activity) for the recent days only: a month in progress
// and the same days of the month before, which the monthly report reads instead of the raw events.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { MEMBER_DAYS_FROM_KEY, memberDaysFromSchema } from "@/lib/validation/member-days";

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The first day worth keeping: the first of the month before the latest event's month (events in
 * the future left out, as the pages' "data through" does). An in-progress month is always the
 * latest event's month, so its comparison window starts no earlier.
 */
async function firstKeptDay(tx: Prisma.TransactionClient): Promise<string> {
  const [row] = await tx.$queryRaw<{ day: string }[]>`
    select to_char(date_trunc('month', coalesce(max(occurred_at), now()) at time zone 'UTC') - interval '1 month', 'YYYY-MM-DD') as day
      from activity_events where occurred_at <= now()`;
  return row.day;
}

async function storedFrom(tx: Prisma.TransactionClient): Promise<string | null> {
  // Absent (or unreadable): nothing is stored yet.
  const parsed = memberDaysFromSchema.safeParse(
    (await tx.setting.findUnique({ where: { key: MEMBER_DAYS_FROM_KEY } }))?.value,
  );
  return parsed.success ? parsed.data : null;
}

/** Inserts the days from `fromDay` on, of every member or of those `onlyMembers` selects. */
function insertDays(tx: Prisma.TransactionClient, fromDay: string, onlyMembers: Prisma.Sql): Promise<number> {
  return tx.$executeRaw`
    insert into member_day_activity (member_id, day, contributions, others)
    select e.member_id, (e.occurred_at at time zone 'UTC')::date,
           (count(*) filter (where t.is_contribution))::int,
           (count(*) filter (where not coalesce(t.is_contribution, false)))::int
      from activity_events e
      left join activity_types t on t.type = e.type
     where e.occurred_at >= (${fromDay}::date)::timestamp at time zone 'UTC' ${onlyMembers}
     group by 1, 2`;
}

/**
 * Recomputes the kept days from the day of `from` on (events before it did not change), drops the
 * days that fell out of the kept range, and fills the whole range when it moved earlier than what
 * is stored (or nothing is). With `onlyMembers` (the members with added events, when nothing else
 * changed) only their days are recomputed while the stored range still covers the kept one: the
 * others' days are exactly as stored, and a day's rebuild no longer reads every member's events of
 * the day. Runs in the rollups step's transaction.
 */
export async function rebuildMemberDays(
  tx: Prisma.TransactionClient,
  from: Date,
  onlyMembers: Prisma.Sql | null = null,
): Promise<number> {
  const kept = await firstKeptDay(tx);
  const stored = await storedFrom(tx);
  const changedDay = isoDay(from);
  const covered = stored !== null && stored <= kept;
  const start = covered && changedDay > kept ? changedDay : kept;
  const members = covered && onlyMembers ? Prisma.sql`and member_id in (${onlyMembers})` : Prisma.empty;
  await tx.$executeRaw`delete from member_day_activity where day < ${kept}::date`;
  await tx.$executeRaw`delete from member_day_activity where day >= ${start}::date ${members}`;
  const rows = await insertDays(
    tx,
    start,
    covered && onlyMembers ? Prisma.sql`and e.member_id in (${onlyMembers})` : Prisma.empty,
  );
  await tx.setting.upsert({
    where: { key: MEMBER_DAYS_FROM_KEY },
    create: { key: MEMBER_DAYS_FROM_KEY, value: kept },
    update: { value: kept },
  });
  return rows;
}

/** Recomputes a few members' kept days from their own events (an unmerge). */
export async function rebuildMemberDaysOf(tx: Prisma.TransactionClient, memberIds: number[]): Promise<void> {
  const stored = await storedFrom(tx);
  await tx.$executeRaw`delete from member_day_activity where member_id = any(${memberIds}::int[])`;
  if (stored === null) return;
  await insertDays(tx, stored, Prisma.sql`and e.member_id = any(${memberIds}::int[])`);
}
