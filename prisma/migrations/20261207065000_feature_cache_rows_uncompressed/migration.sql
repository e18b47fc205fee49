-- The cut-off cache's buffers are stored without compression: pglz took ~2 s of the server's CPU to compress the 31
-- cut-offs of a 6,000-member community (17.8 MB, to 5.3 MB) on every cold recompute, 0.4 s stored as they are. Rows
-- already written stay compressed and read as before, each rewritten uncompressed when its cut-off is next cached.
ALTER TABLE "ranking_feature_cache" ALTER COLUMN "rows" SET STORAGE EXTERNAL;
