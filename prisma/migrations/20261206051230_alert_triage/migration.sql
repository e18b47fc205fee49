-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "dismissed_at" TIMESTAMPTZ(3),
ADD COLUMN     "occurred_at" TIMESTAMPTZ(3),
ADD COLUMN     "snoozed_until" TIMESTAMPTZ(3);

-- Alerts raised before this column existed: their creation time is the best we know.
UPDATE "alerts" SET "occurred_at" = "created_at" WHERE "occurred_at" IS NULL;
