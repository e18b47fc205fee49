-- CreateIndex
CREATE INDEX "subscription_changes_source_occurred_at_idx" ON "subscription_changes"("source", "occurred_at");

-- CreateIndex
CREATE INDEX "payments_source_occurred_at_idx" ON "payments"("source", "occurred_at");
