-- AlterTable
ALTER TABLE "score_snapshots" ADD COLUMN     "raw_score" DOUBLE PRECISION;
