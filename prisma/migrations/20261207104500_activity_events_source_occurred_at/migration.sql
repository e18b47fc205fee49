-- CreateIndex
CREATE INDEX "activity_events_source_occurred_at_idx" ON "activity_events"("source", "occurred_at");
