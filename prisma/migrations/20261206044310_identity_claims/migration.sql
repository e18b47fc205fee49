-- AlterTable
ALTER TABLE "identities" ADD COLUMN     "linked_by" TEXT;

-- CreateTable
CREATE TABLE "identity_claims" (
    "identity_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "owns" BOOLEAN NOT NULL,
    "via" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_claims_pkey" PRIMARY KEY ("identity_id","key","owns")
);

-- CreateIndex
CREATE INDEX "identity_claims_key_idx" ON "identity_claims"("key");

-- AddForeignKey
ALTER TABLE "identity_claims" ADD CONSTRAINT "identity_claims_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the keys existing identities own (their email hash, GitHub logins, canonical member keys).
-- Addresses that canonicalise differently (Gmail dots, plus-addressing) get their canonical key on re-import.
INSERT INTO "identity_claims" ("identity_id", "key", "owns", "via")
SELECT i.id, 'e:' || i.email_hash, true, 'email' FROM "identities" i
 WHERE i.email_hash IS NOT NULL AND NOT i.is_bot
UNION ALL
SELECT i.id, 'h:github:' || lower(i.handle), true, 'handle' FROM "identities" i
 WHERE i.source = 'github' AND i.handle IS NOT NULL AND NOT i.is_bot
UNION ALL
SELECT i.id, 'k:' || i.external_id, true, 'member_key' FROM "identities" i
 WHERE i.source = 'csv'
ON CONFLICT DO NOTHING;
