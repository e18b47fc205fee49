-- CreateTable
CREATE TABLE "ranking_fits" (
    "key" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "fit" BYTEA NOT NULL,
    "bytes" INTEGER NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ranking_fits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ranking_fits_used_at_idx" ON "ranking_fits"("used_at");
