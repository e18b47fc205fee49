-- CreateTable
CREATE TABLE "page_activity_months" (
    "month" DATE NOT NULL,
    "active" INTEGER NOT NULL,
    "contributors" INTEGER NOT NULL,

    CONSTRAINT "page_activity_months_pkey" PRIMARY KEY ("month")
);

-- CreateTable
CREATE TABLE "page_retention_cells" (
    "cohort_month" DATE NOT NULL,
    "activity_month" DATE NOT NULL,
    "active" INTEGER NOT NULL,

    CONSTRAINT "page_retention_cells_pkey" PRIMARY KEY ("cohort_month","activity_month")
);

-- CreateTable
CREATE TABLE "page_retention_cohorts" (
    "cohort_month" DATE NOT NULL,
    "size" INTEGER NOT NULL,
    "member_hash" BIGINT NOT NULL,

    CONSTRAINT "page_retention_cohorts_pkey" PRIMARY KEY ("cohort_month")
);
