-- CreateTable
CREATE TABLE "ranking_feature_cache" (
    "cutoff" DATE NOT NULL,
    "model_version" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "inputs" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ranking_feature_cache_pkey" PRIMARY KEY ("cutoff","model_version","params")
);
