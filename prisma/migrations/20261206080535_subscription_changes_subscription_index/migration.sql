-- CreateIndex
CREATE INDEX "subscription_changes_subscription_id_idx" ON "subscription_changes"("subscription_id");
