-- DropIndex
DROP INDEX "Dispute_status_contradictOrigins_supportOrigins_idx";

-- CreateIndex
CREATE INDEX "Dispute_status_contradictOrigins_supportOrigins_idx" ON "Dispute"("status", "contradictOrigins" DESC, "supportOrigins" DESC);

-- CreateIndex
CREATE INDEX "Dispute_openedAt_idx" ON "Dispute"("openedAt");

-- CreateIndex
CREATE INDEX "Dispute_contradictOrigins_supportOrigins_idx" ON "Dispute"("contradictOrigins" DESC, "supportOrigins" DESC);
