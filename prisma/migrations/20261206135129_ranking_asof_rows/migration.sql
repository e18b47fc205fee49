-- CreateTable
CREATE TABLE "ranking_asof_rows" (
    "member_id" INTEGER NOT NULL,
    "inputs" TEXT NOT NULL,

    CONSTRAINT "ranking_asof_rows_pkey" PRIMARY KEY ("member_id")
);
