-- DropIndex
DROP INDEX "payments_org_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "payments_org_id_occurred_at_idx" ON "payments"("org_id", "occurred_at") WHERE (org_id IS NOT NULL);
