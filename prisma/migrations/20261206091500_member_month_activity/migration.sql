-- AlterTable
ALTER TABLE "members" ADD COLUMN     "first_contribution_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "member_month_activity" (
    "member_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "contributions" INTEGER NOT NULL,
    "others" INTEGER NOT NULL,

    CONSTRAINT "member_month_activity_pkey" PRIMARY KEY ("member_id","month")
);

-- CreateIndex
CREATE INDEX "member_month_activity_month_idx" ON "member_month_activity"("month");

-- CreateIndex
CREATE INDEX "members_first_contribution_at_idx" ON "members"("first_contribution_at");

-- AddForeignKey
ALTER TABLE "member_month_activity" ADD CONSTRAINT "member_month_activity_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The new per-month rows and first contributions are written by the rollups step: drop its mark so
-- the next pipeline run rebuilds every week (and with them every month) instead of only new events.
DELETE FROM "settings" WHERE "key" = 'rollups_watermark';
