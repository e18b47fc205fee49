// Events per member and UTC calendar month (member_month_activity), for the monthly report: written
// in the rollups step's transaction from the month its rebuild starts in, so both move together.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Recomputes members' months from the month of `from` on (all months when `from` is the epoch): every
 * member's, or only those `members` (a query of member ids) selects; only events `counted` (on `e`) keeps.
 */
export async function rebuildMemberMonths(
  tx: Prisma.TransactionClient,
  from: Date,
  members: Prisma.Sql | null = null,
  counted: Prisma.Sql = Prisma.sql`true`,
): Promise<number> {
  const monthFrom = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const only = (column: Prisma.Sql) => (members ? Prisma.sql`${column} in (${members})` : Prisma.sql`true`);
  await tx.$executeRaw`
    delete from member_month_activity
     where month >= (${monthFrom}::timestamptz at time zone 'UTC')::date and ${only(Prisma.sql`member_id`)}`;
  return insertMonths(
    tx,
    Prisma.sql`e.occurred_at >= ${monthFrom} and ${only(Prisma.sql`e.member_id`)} and ${counted}`,
  );
}

/** Inserts the months of the events (aliased `e`) that `where` keeps. */
function insertMonths(tx: Prisma.TransactionClient, where: Prisma.Sql): Promise<number> {
  return tx.$executeRaw`
    insert into member_month_activity (member_id, month, contributions, others)
    select e.member_id, date_trunc('month', e.occurred_at at time zone 'UTC')::date,
           (count(*) filter (where t.is_contribution))::int,
           (count(*) filter (where not coalesce(t.is_contribution, false)))::int
      from activity_events e
      left join activity_types t on t.type = e.type
     where ${where}
     group by 1, 2`;
}

/** Recomputes the months and first contribution of a few members from their own events (an unmerge). */
export async function rebuildMemberMonthsOf(
  tx: Prisma.TransactionClient,
  memberIds: number[],
): Promise<void> {
  await tx.$executeRaw`delete from member_month_activity where member_id = any(${memberIds}::int[])`;
  await insertMonths(tx, Prisma.sql`e.member_id = any(${memberIds}::int[])`);
  await tx.$executeRaw`
    update members m set first_contribution_at = (
      select min(e.occurred_at) from activity_events e join activity_types t on t.type = e.type and t.is_contribution
       where e.member_id = m.id)
     where m.id = any(${memberIds}::int[])`;
}
