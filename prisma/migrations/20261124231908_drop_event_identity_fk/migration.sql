-- DropForeignKey
ALTER TABLE "activity_events" DROP CONSTRAINT "activity_events_identity_id_fkey";
