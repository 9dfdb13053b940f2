-- CreateTable
CREATE TABLE "EventDayCount" (
    "day" TEXT NOT NULL,
    "starts" INTEGER NOT NULL DEFAULT 0,
    "startsDisputed" INTEGER NOT NULL DEFAULT 0,
    "ends" INTEGER NOT NULL DEFAULT 0,
    "endsDisputed" INTEGER NOT NULL DEFAULT 0,
    "undated" INTEGER NOT NULL DEFAULT 0,
    "undatedDisputed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EventDayCount_pkey" PRIMARY KEY ("day")
);
