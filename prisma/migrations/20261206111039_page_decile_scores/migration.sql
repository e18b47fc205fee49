-- CreateTable
CREATE TABLE "page_decile_scores" (
    "member_id" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "page_decile_scores_pkey" PRIMARY KEY ("member_id")
);
