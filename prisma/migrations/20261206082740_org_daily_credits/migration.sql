-- CreateTable
CREATE TABLE "org_daily_credits" (
    "org_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "contributions" INTEGER NOT NULL,
    "activity" INTEGER NOT NULL,

    CONSTRAINT "org_daily_credits_pkey" PRIMARY KEY ("org_id","day")
);

-- CreateIndex
CREATE INDEX "org_daily_credits_day_idx" ON "org_daily_credits"("day");
