-- The member foreign key and the identity_id index cost ~25 % and ~8 % of the CPU PostgreSQL spends per imported
-- event. No read uses identity_id alone, and code keeps events pointing at live members (docs/architecture.md).
-- DropForeignKey
ALTER TABLE "activity_events" DROP CONSTRAINT "activity_events_member_id_fkey";

-- DropIndex
DROP INDEX "activity_events_identity_id_idx";
