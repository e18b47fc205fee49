-- The feature cache's rows move from JSON text to a binary encoding (cutoff-codec.ts). The cache is rebuilt from the
-- data it was read from, so its old entries are dropped rather than converted (a NOT NULL column needs none left).
DELETE FROM "ranking_feature_cache";

-- AlterTable
ALTER TABLE "ranking_feature_cache" DROP COLUMN "inputs",
ADD COLUMN     "rows" BYTEA NOT NULL;
