// Test events for a few members, as an import brings them, followed by the pipeline's first step (the rollups).
import type { Db } from "@/lib/db/prisma";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";

/** Three events per member at `at` and the hours after it (the first a merged PR), then the rollups. */
export async function addEventsAndRollups(db: Db, members: number[], at: string, tag: string): Promise<void> {
  await db.$executeRaw`
    insert into activity_events (member_id, source, external_id, type, occurred_at, weight, channel)
    select id, 'slack', ${tag} || '-' || id || '-' || k, case when k = 0 then 'pr_merged' else 'message' end,
           ${at}::timestamptz + k * interval '1 hour', 1, 'ch' || k
      from unnest(${members}::int[]) as id cross join generate_series(0, 2) as k`;
  await rebuildWeeklyActivity();
}
