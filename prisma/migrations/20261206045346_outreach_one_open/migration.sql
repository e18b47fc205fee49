-- CreateTable
CREATE TABLE "outreach_contacts" (
    "id" SERIAL NOT NULL,
    "outreach_id" INTEGER NOT NULL,
    "contacted_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT,
    "note" TEXT,
    "by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outreach_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outreach_contacts_outreach_id_contacted_at_idx" ON "outreach_contacts"("outreach_id", "contacted_at");

-- Every past contact becomes a history row.
INSERT INTO "outreach_contacts" ("outreach_id", "contacted_at", "channel", "by_id")
SELECT "id", "contacted_at", "channel", "assignee_id" FROM "outreach" WHERE "contacted_at" IS NOT NULL;

-- Duplicate open records for one member and list (the bug this index prevents) fold into the newest:
-- their contacts move to it, then they go, so conversion counts the member once.
CREATE TEMP TABLE outreach_duplicates AS
SELECT "id", keeper FROM (
  SELECT "id", first_value("id") OVER (PARTITION BY "member_id", "list" ORDER BY "created_at" DESC, "id" DESC) AS keeper
    FROM "outreach" WHERE "status" IN ('todo', 'contacted', 'replied') AND "list" <> 'campaign'
) r WHERE "id" <> keeper;
UPDATE "outreach_contacts" c SET "outreach_id" = d.keeper FROM outreach_duplicates d WHERE c."outreach_id" = d."id";
DELETE FROM "outreach" o USING outreach_duplicates d WHERE o."id" = d."id";
DROP TABLE outreach_duplicates;

-- CreateIndex
CREATE UNIQUE INDEX "outreach_one_open_per_member_list" ON "outreach"("member_id", "list") WHERE (status IN ('todo', 'contacted', 'replied') AND list <> 'campaign');

-- AddForeignKey
ALTER TABLE "outreach_contacts" ADD CONSTRAINT "outreach_contacts_outreach_id_fkey" FOREIGN KEY ("outreach_id") REFERENCES "outreach"("id") ON DELETE CASCADE ON UPDATE CASCADE;
