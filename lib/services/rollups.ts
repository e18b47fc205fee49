// Weekly activity rollups per member, week (Monday, UTC) and source, rebuilt from activity_events
// in SQL. Incremental from a given week; everything when no week is given.
import "server-only";
import { db } from "@/lib/db/client";

export async function rebuildWeeklyActivity(fromWeek?: Date): Promise<{ rows: number }> {
  const from = fromWeek ? new Date(Date.UTC(fromWeek.getUTCFullYear(), fromWeek.getUTCMonth(), fromWeek.getUTCDate() - 7)) : new Date(0);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`delete from weekly_activity where week_start >= date_trunc('week', ${from}::timestamptz at time zone 'UTC')::date`;
      const rows = await tx.$executeRaw`
        insert into weekly_activity (member_id, week_start, source, events, weight, contributions, channels)
        select e.member_id,
               date_trunc('week', e.occurred_at at time zone 'UTC')::date,
               e.source,
               count(*)::int,
               sum(e.weight)::real,
               count(*) filter (where t.is_contribution)::int,
               count(distinct e.channel)::int
          from activity_events e
          left join activity_types t on t.type = e.type
         where e.occurred_at >= date_trunc('week', ${from}::timestamptz at time zone 'UTC') at time zone 'UTC'
         group by 1, 2, 3`;
      await tx.$executeRaw`
        update members m set last_active_at = x.last_at, joined_at = least(coalesce(m.joined_at, x.first_at), x.first_at)
          from (select member_id, max(occurred_at) last_at, min(occurred_at) first_at from activity_events group by member_id) x
         where x.member_id = m.id and (m.last_active_at is distinct from x.last_at or m.joined_at is null or m.joined_at > x.first_at)`;
      return { rows };
    },
    { timeout: 600_000 },
  );
}
