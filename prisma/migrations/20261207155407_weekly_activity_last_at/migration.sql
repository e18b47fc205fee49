-- AlterTable
ALTER TABLE "weekly_activity" ADD COLUMN     "last_at" TIMESTAMPTZ(3);

-- Backfill: each rollup row's last event (the rollups step keeps it from now on). The rankings' features read a
-- complete week's last event here instead of the week's events.
UPDATE "weekly_activity" w
   SET "last_at" = x.last_at
  FROM (SELECT member_id, date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date AS week_start, source,
               max(occurred_at) AS last_at
          FROM "activity_events" GROUP BY 1, 2, 3) x
 WHERE w.member_id = x.member_id AND w.week_start = x.week_start AND w.source = x.source;
