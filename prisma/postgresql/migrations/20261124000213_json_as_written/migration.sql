-- AlterTable
ALTER TABLE "AuditEntry" ALTER COLUMN "before" SET DATA TYPE JSON,
ALTER COLUMN "after" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "Dispute" ALTER COLUMN "kinds" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "Link" ALTER COLUMN "assertedParticipants" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "Source" ALTER COLUMN "authors" SET DATA TYPE JSON;
