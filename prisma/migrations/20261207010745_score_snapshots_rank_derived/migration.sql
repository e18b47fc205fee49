-- Rank is no longer stored: it is derived at read from the raw score (ties by member id), so a re-score of a few
-- members after an import writes their rows only, instead of every row whose stored rank moved below them.

-- Rows written before raw scores were stored (a whole day at a time) get -rank: the same order, no ties.
UPDATE "score_snapshots" SET "raw_score" = -"rank" WHERE "raw_score" IS NULL;

-- DropIndex
DROP INDEX "score_snapshots_kind_as_of_rank_idx";

-- AlterTable
ALTER TABLE "score_snapshots" DROP COLUMN "rank",
ALTER COLUMN "raw_score" SET NOT NULL;

-- CreateIndex
CREATE INDEX "score_snapshots_kind_as_of_raw_score_member_id_idx" ON "score_snapshots"("kind", "as_of", "raw_score" DESC, "member_id");

-- Every snapshot row with its rank: the position in its ranking's day by raw score descending, ties by member id
-- (rankOrder's order, which the writes follow). Read it with the ranking and the day fixed (kind = …, as_of = …):
-- those conditions reach the window (its partition), which then walks the index above in rank order.
CREATE VIEW "ranked_score_snapshots" AS
SELECT s.*, (row_number() OVER (PARTITION BY s.kind, s.as_of ORDER BY s.raw_score DESC, s.member_id))::int AS rank
  FROM "score_snapshots" s;
