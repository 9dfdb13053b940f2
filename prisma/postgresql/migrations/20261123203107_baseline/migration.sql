-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "outlet" TEXT NOT NULL,
    "outletActorId" INTEGER,
    "authors" JSONB NOT NULL,
    "url" TEXT,
    "language" TEXT NOT NULL,
    "published" TEXT,
    "publishedEarliest" TEXT,
    "publishedLatest" TEXT,
    "credit" TEXT,
    "notes" TEXT,
    "text" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "revisionOfId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Actor" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameFolded" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "wikidata" TEXT,
    "description" TEXT,
    "mergedIntoId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Actor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActorAlias" (
    "id" SERIAL NOT NULL,
    "actorId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "folded" TEXT NOT NULL,
    "language" TEXT,

    CONSTRAINT "ActorAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActorNameKey" (
    "actorId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "ActorNameKey_pkey" PRIMARY KEY ("key","actorId")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "date" TEXT,
    "dateEarliest" TEXT,
    "dateLatest" TEXT,
    "place" TEXT,
    "placeFolded" TEXT,
    "description" TEXT,
    "parentId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventParticipant" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "EventParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Claim" (
    "id" SERIAL NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "claimantId" INTEGER,
    "paraphrase" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttributionHop" (
    "id" SERIAL NOT NULL,
    "claimId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "relation" TEXT,

    CONSTRAINT "AttributionHop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Link" (
    "id" SERIAL NOT NULL,
    "claimId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "stance" TEXT NOT NULL,
    "assertedDate" TEXT,
    "assertedDateEarliest" TEXT,
    "assertedDateLatest" TEXT,
    "assertedPlace" TEXT,
    "assertedPlaceFolded" TEXT,
    "assertedParticipants" JSONB,
    "assertedNumber" DOUBLE PRECISION,
    "assertedUnit" TEXT,
    "numberTolerance" DOUBLE PRECISION,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkParticipant" (
    "actorId" INTEGER NOT NULL,
    "linkId" INTEGER NOT NULL,

    CONSTRAINT "LinkParticipant_pkey" PRIMARY KEY ("actorId","linkId")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "kinds" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "supportOrigins" INTEGER NOT NULL DEFAULT 0,
    "contradictOrigins" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" INTEGER,
    "rationale" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeClaim" (
    "disputeId" INTEGER NOT NULL,
    "claimId" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "origin" TEXT NOT NULL,

    CONSTRAINT "DisputeClaim_pkey" PRIMARY KEY ("disputeId","claimId")
);

-- CreateTable
CREATE TABLE "Verdict" (
    "id" SERIAL NOT NULL,
    "claimId" INTEGER NOT NULL,
    "disputeId" INTEGER,
    "rating" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "evidenceUrl" TEXT,
    "reviewerId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Verdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" INTEGER NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" SERIAL NOT NULL,
    "bucket" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustedDevice" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrustedDevice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Source_contentHash_key" ON "Source"("contentHash");

-- CreateIndex
CREATE INDEX "Source_outlet_idx" ON "Source"("outlet");

-- CreateIndex
CREATE INDEX "Source_publishedEarliest_idx" ON "Source"("publishedEarliest");

-- CreateIndex
CREATE INDEX "Source_createdAt_idx" ON "Source"("createdAt");

-- CreateIndex
CREATE INDEX "Source_revisionOfId_idx" ON "Source"("revisionOfId");

-- CreateIndex
CREATE INDEX "Source_outletActorId_idx" ON "Source"("outletActorId");

-- CreateIndex
CREATE INDEX "Actor_nameFolded_idx" ON "Actor"("nameFolded");

-- CreateIndex
CREATE INDEX "Actor_name_idx" ON "Actor"("name");

-- CreateIndex
CREATE INDEX "Actor_mergedIntoId_idx" ON "Actor"("mergedIntoId");

-- CreateIndex
CREATE INDEX "ActorAlias_folded_idx" ON "ActorAlias"("folded");

-- CreateIndex
CREATE UNIQUE INDEX "ActorAlias_actorId_name_key" ON "ActorAlias"("actorId", "name");

-- CreateIndex
CREATE INDEX "ActorNameKey_actorId_idx" ON "ActorNameKey"("actorId");

-- CreateIndex
CREATE INDEX "Event_dateEarliest_id_dateLatest_idx" ON "Event"("dateEarliest", "id", "dateLatest");

-- CreateIndex
CREATE INDEX "Event_dateLatest_idx" ON "Event"("dateLatest");

-- CreateIndex
CREATE INDEX "Event_parentId_idx" ON "Event"("parentId");

-- CreateIndex
CREATE INDEX "Event_placeFolded_idx" ON "Event"("placeFolded");

-- CreateIndex
CREATE INDEX "EventParticipant_actorId_idx" ON "EventParticipant"("actorId");

-- CreateIndex
CREATE UNIQUE INDEX "EventParticipant_eventId_actorId_role_key" ON "EventParticipant"("eventId", "actorId", "role");

-- CreateIndex
CREATE INDEX "Claim_sourceId_start_idx" ON "Claim"("sourceId", "start");

-- CreateIndex
CREATE INDEX "Claim_claimantId_idx" ON "Claim"("claimantId");

-- CreateIndex
CREATE INDEX "Claim_status_idx" ON "Claim"("status");

-- CreateIndex
CREATE INDEX "Claim_updatedAt_idx" ON "Claim"("updatedAt");

-- CreateIndex
CREATE INDEX "AttributionHop_actorId_idx" ON "AttributionHop"("actorId");

-- CreateIndex
CREATE UNIQUE INDEX "AttributionHop_claimId_position_key" ON "AttributionHop"("claimId", "position");

-- CreateIndex
CREATE INDEX "Link_eventId_idx" ON "Link"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Link_claimId_eventId_key" ON "Link"("claimId", "eventId");

-- CreateIndex
CREATE INDEX "LinkParticipant_linkId_idx" ON "LinkParticipant"("linkId");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_eventId_key" ON "Dispute"("eventId");

-- CreateIndex
CREATE INDEX "Dispute_status_openedAt_idx" ON "Dispute"("status", "openedAt");

-- CreateIndex
CREATE INDEX "Dispute_status_contradictOrigins_supportOrigins_idx" ON "Dispute"("status", "contradictOrigins" DESC, "supportOrigins" DESC);

-- CreateIndex
CREATE INDEX "Dispute_openedAt_idx" ON "Dispute"("openedAt");

-- CreateIndex
CREATE INDEX "Dispute_contradictOrigins_supportOrigins_idx" ON "Dispute"("contradictOrigins" DESC, "supportOrigins" DESC);

-- CreateIndex
CREATE INDEX "Dispute_eventId_status_idx" ON "Dispute"("eventId", "status");

-- CreateIndex
CREATE INDEX "DisputeClaim_claimId_idx" ON "DisputeClaim"("claimId");

-- CreateIndex
CREATE INDEX "Verdict_claimId_idx" ON "Verdict"("claimId");

-- CreateIndex
CREATE INDEX "Verdict_disputeId_idx" ON "Verdict"("disputeId");

-- CreateIndex
CREATE INDEX "Verdict_createdAt_idx" ON "Verdict"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_recordType_recordId_idx" ON "AuditEntry"("recordType", "recordId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_userId_idx" ON "AuditEntry"("userId");

-- CreateIndex
CREATE INDEX "SignInAttempt_bucket_at_idx" ON "SignInAttempt"("bucket", "at");

-- CreateIndex
CREATE INDEX "SignInAttempt_at_idx" ON "SignInAttempt"("at");

-- CreateIndex
CREATE INDEX "TrustedDevice_userId_lastUsedAt_idx" ON "TrustedDevice"("userId", "lastUsedAt");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_outletActorId_fkey" FOREIGN KEY ("outletActorId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_revisionOfId_fkey" FOREIGN KEY ("revisionOfId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Actor" ADD CONSTRAINT "Actor_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorAlias" ADD CONSTRAINT "ActorAlias_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorNameKey" ADD CONSTRAINT "ActorNameKey_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_claimantId_fkey" FOREIGN KEY ("claimantId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributionHop" ADD CONSTRAINT "AttributionHop_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributionHop" ADD CONSTRAINT "AttributionHop_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkParticipant" ADD CONSTRAINT "LinkParticipant_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeClaim" ADD CONSTRAINT "DisputeClaim_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeClaim" ADD CONSTRAINT "DisputeClaim_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verdict" ADD CONSTRAINT "Verdict_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verdict" ADD CONSTRAINT "Verdict_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustedDevice" ADD CONSTRAINT "TrustedDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
