-- CreateTable
CREATE TABLE "member_day_activity" (
    "member_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "contributions" INTEGER NOT NULL,
    "others" INTEGER NOT NULL,

    CONSTRAINT "member_day_activity_pkey" PRIMARY KEY ("member_id","day")
);

-- CreateIndex
CREATE INDEX "member_day_activity_day_idx" ON "member_day_activity"("day");

-- AddForeignKey
ALTER TABLE "member_day_activity" ADD CONSTRAINT "member_day_activity_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the recent days of an existing database at once (the rollups step keeps them from now on):
-- from the first of the month before the latest event's month, as lib/services/member-days does.
INSERT INTO "member_day_activity" ("member_id", "day", "contributions", "others")
SELECT e.member_id, (e.occurred_at AT TIME ZONE 'UTC')::date,
       (count(*) FILTER (WHERE t.is_contribution))::int,
       (count(*) FILTER (WHERE NOT coalesce(t.is_contribution, false)))::int
  FROM activity_events e
  LEFT JOIN activity_types t ON t.type = e.type
 WHERE e.occurred_at >= (
         SELECT (date_trunc('month', coalesce(max(occurred_at), now()) AT TIME ZONE 'UTC') - interval '1 month') AT TIME ZONE 'UTC'
           FROM activity_events WHERE occurred_at <= now())
 GROUP BY 1, 2;

INSERT INTO "settings" ("key", "value", "updated_at")
SELECT 'member_days_from',
       to_jsonb(to_char(date_trunc('month', coalesce(max(occurred_at), now()) AT TIME ZONE 'UTC') - interval '1 month', 'YYYY-MM-DD')),
       now()
  FROM activity_events WHERE occurred_at <= now()
ON CONFLICT ("key") DO NOTHING;
