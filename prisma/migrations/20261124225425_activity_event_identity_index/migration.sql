-- CreateIndex
CREATE INDEX "activity_events_identity_id_idx" ON "activity_events"("identity_id");
