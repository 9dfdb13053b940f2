-- CreateIndex
CREATE INDEX "Dispute_status_contradictOrigins_supportOrigins_idx" ON "Dispute"("status", "contradictOrigins", "supportOrigins");
