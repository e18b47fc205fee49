-- A re-score rewrites the day's snapshot in place, updating only rows whose values changed
-- (lib/services/rankings/snapshot-write.ts). The surrogate id and its sequence had no reader: the key is
-- (kind, as_of, member_id), which was already unique, so one index fewer is maintained per written row.
-- DropIndex
DROP INDEX "score_snapshots_kind_as_of_member_id_key";

-- AlterTable
ALTER TABLE "score_snapshots" DROP CONSTRAINT "score_snapshots_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "score_snapshots_pkey" PRIMARY KEY ("kind", "as_of", "member_id");

