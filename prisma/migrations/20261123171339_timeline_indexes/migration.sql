-- DropIndex
DROP INDEX "Event_dateEarliest_idx";

-- CreateIndex
CREATE INDEX "Dispute_eventId_status_idx" ON "Dispute"("eventId", "status");

-- CreateIndex
CREATE INDEX "Event_dateEarliest_id_dateLatest_idx" ON "Event"("dateEarliest", "id", "dateLatest");
