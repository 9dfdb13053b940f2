-- Full-text search (hand-written: Prisma models the columns as Unsupported("tsvector") and their GIN indexes, not
-- how they are filled). The configuration `claimline` is `simple` (no stemming, no stop words: every word counts,
-- in any language, as with FTS5's unicode61) behind `unaccent` (FTS5's remove_diacritics). Sources, claims and
-- events index their own columns as generated columns, titles (and claims, and actors' names) weighted A, outlets and places B, text D.
-- Actors' names span Actor and ActorAlias: their column is written by triggers (installed by the migrator, see
-- packages/db/src/postgres-triggers.ts). No `$$` bodies and no semicolons in comments here: the schema engine's replay splits the file on every semicolon.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION claimline (COPY = simple);

ALTER TEXT SEARCH CONFIGURATION claimline
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

-- AlterTable
ALTER TABLE "Actor" ADD COLUMN     "search" tsvector;

-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('claimline'::regconfig, coalesce("quote", '') || ' ' || coalesce("paraphrase", '')), 'A')
) STORED;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('claimline'::regconfig, coalesce("title", '')), 'A') ||
  setweight(to_tsvector('claimline'::regconfig, coalesce("place", '')), 'B') ||
  setweight(to_tsvector('claimline'::regconfig, coalesce("description", '')), 'D')
) STORED;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('claimline'::regconfig, coalesce("title", '')), 'A') ||
  setweight(to_tsvector('claimline'::regconfig, coalesce("outlet", '')), 'B') ||
  setweight(to_tsvector('claimline'::regconfig, coalesce("text", '')), 'D')
) STORED;

-- CreateIndex
CREATE INDEX "Actor_search_idx" ON "Actor" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Claim_search_idx" ON "Claim" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Event_search_idx" ON "Event" USING GIN ("search");

-- CreateIndex
CREATE INDEX "Source_search_idx" ON "Source" USING GIN ("search");
