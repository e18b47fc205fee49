// Weekly activity rollups per member, week (Monday, UTC) and source, rebuilt from activity_events
// in SQL. Incremental by default: only weeks touched by events added since the last run.
import "server-only";
import { db } from "@/lib/db/client";

const WATERMARK_KEY = "rollups_watermark";
/** Events committed out of id order by concurrent imports are caught by re-reading this many ids back. */
const ID_MARGIN = 50_000;

export interface RollupOptions {
  /** Rebuild from this week on (what an edit of past events needs). */
  from?: Date;
  /** Rebuild everything (after weights or contribution types change). */
  full?: boolean;
}

/** Forces the next incremental run to rebuild everything (weights or contribution types changed). */
export async function invalidateRollups(): Promise<void> {
  await db.setting.deleteMany({ where: { key: WATERMARK_KEY } });
}

async function startOfChanges(): Promise<Date | null | "all"> {
  const mark = await db.setting.findUnique({ where: { key: WATERMARK_KEY } });
  if (!mark) return "all";
  const since = Math.max(0, Number(mark.value) - ID_MARGIN);
  const [row] = await db.$queryRaw<
    { first: Date | null }[]
  >`select min(occurred_at) as first from activity_events where id > ${since}`;
  return row.first;
}

export async function rebuildWeeklyActivity(
  opts: RollupOptions = {},
): Promise<{ rows: number; from: Date | null }> {
  const [{ max_id }] = await db.$queryRaw<
    { max_id: bigint | null }[]
  >`select max(id) as max_id from activity_events`;
  const changes = opts.full ? "all" : (opts.from ?? (await startOfChanges()));
  if (changes === null) return { rows: 0, from: null };
  const from =
    changes === "all"
      ? new Date(0)
      : new Date(Date.UTC(changes.getUTCFullYear(), changes.getUTCMonth(), changes.getUTCDate() - 7));
  // Fresh planner statistics first: right after a large import (one transaction, so autovacuum has
  // not analysed it yet) stale estimates made the per-member update below a nested loop of sequential
  // scans that ran for minutes. Sampling is bounded (~30k rows), so this stays cheap at any size.
  await db.$executeRaw`analyze activity_events`;
  const rows = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`delete from weekly_activity where week_start >= date_trunc('week', ${from}::timestamptz at time zone 'UTC')::date`;
      const inserted = await tx.$executeRaw`
        insert into weekly_activity (member_id, week_start, source, events, weight, contributions, channels)
        select e.member_id,
               date_trunc('week', e.occurred_at at time zone 'UTC')::date,
               e.source,
               count(*)::int,
               sum(e.weight::float8)::real,
               count(*) filter (where t.is_contribution)::int,
               count(distinct e.channel)::int
          from activity_events e
          left join activity_types t on t.type = e.type
         where e.occurred_at >= date_trunc('week', ${from}::timestamptz at time zone 'UTC') at time zone 'UTC'
         group by 1, 2, 3`;
      await tx.$executeRaw`
        update members m set last_active_at = x.last_at, joined_at = least(coalesce(m.joined_at, x.first_at), x.first_at)
          from (select member_id, max(occurred_at) last_at, min(occurred_at) first_at from activity_events
                 where member_id in (select distinct member_id from activity_events where occurred_at >= ${from})
                 group by member_id) x
         where x.member_id = m.id and (m.last_active_at is distinct from x.last_at or m.joined_at is null or m.joined_at > x.first_at)`;
      const mark = JSON.parse(JSON.stringify(Number(max_id ?? 0)));
      await tx.setting.upsert({
        where: { key: WATERMARK_KEY },
        create: { key: WATERMARK_KEY, value: mark },
        update: { value: mark },
      });
      return inserted;
    },
    { timeout: 900_000 },
  );
  return { rows, from: changes === "all" ? null : from };
}
