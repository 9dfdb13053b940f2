-- CreateTable
CREATE TABLE "LinkParticipant" (
    "actorId" INTEGER NOT NULL,
    "linkId" INTEGER NOT NULL,

    PRIMARY KEY ("actorId", "linkId"),
    CONSTRAINT "LinkParticipant_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LinkParticipant_linkId_idx" ON "LinkParticipant"("linkId");

-- Fill it from the links that already assert participants: the integer ids of their include and exclude lists
-- (what participantIds(participantsOf(…)) in @claimline/core reads).
INSERT OR IGNORE INTO "LinkParticipant" ("actorId", "linkId")
SELECT j."value", l."id"
  FROM "Link" l,
       json_each(CASE WHEN json_valid(l."assertedParticipants") THEN l."assertedParticipants" ELSE '{}' END) lists,
       json_each(lists."value") j
 WHERE l."assertedParticipants" IS NOT NULL AND lists."key" IN ('include', 'exclude') AND lists."type" = 'array' AND j."type" = 'integer';
