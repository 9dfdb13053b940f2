-- CreateTable
CREATE TABLE "EventDayCount" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "starts" INTEGER NOT NULL DEFAULT 0,
    "startsDisputed" INTEGER NOT NULL DEFAULT 0,
    "ends" INTEGER NOT NULL DEFAULT 0,
    "endsDisputed" INTEGER NOT NULL DEFAULT 0,
    "undated" INTEGER NOT NULL DEFAULT 0,
    "undatedDisputed" INTEGER NOT NULL DEFAULT 0
);

-- Its triggers on Event and Dispute, and its rows, come from packages/db/src/timeline-counts.ts: `migrate` installs
-- them right after this migration (and again whenever a later migration that redefines Event or Dispute drops them),
-- filling the table from the events in the same transaction.
