// EventDayCount: the timeline's counts per day, derived from Event and Dispute and kept in step by triggers, so
// every writer (services, merges, restore, synth, the bulk writer, a fix typed into sqlite3) keeps it without
// knowing. Installed like the full-text index (search-index.ts): by `migrate` and whenever the database is opened
// with a trigger missing or outdated (SQLite drops a table's triggers when a migration redefines the table), then
// the table is rebuilt in the same transaction. The trigger bodies are plain SQL (INSERT … ON CONFLICT DO UPDATE,
// CASE, EXISTS); a PostgreSQL build puts the same statements in trigger functions (and writes the WHEN clauses'
// `IS NOT` as `IS DISTINCT FROM`).
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * What an event adds to the table (`n`: 1 or -1 for the event itself, 0 when only its dispute changes; `o`: the
 * same for an open dispute), from `source`, a query of rows (e, l, n, o): e and l are the event's earliest and
 * latest days. A dated event counts on its earliest day and, with a latest day, on the later of the two (so the
 * events that reach a day are those that started before it minus those that ended before it); an event without an
 * earliest day counts in `undated` on its latest day, or on '' without one. Contributions to one day are summed
 * first: a statement may touch a row once. A day left counting nothing is deleted, so the table is always what a
 * recompute gives (no rows of zeros left behind by a re-dated event).
 */
export const tally = (source: string) => `
  INSERT INTO "EventDayCount" ("day", "starts", "startsDisputed", "ends", "endsDisputed", "undated", "undatedDisputed")
  SELECT c."day", sum(c.s), sum(c.sd), sum(c.en), sum(c.ed), sum(c.u), sum(c.ud) FROM (
    SELECT t.e AS "day", t.n AS s, t.o AS sd, 0 AS en, 0 AS ed, 0 AS u, 0 AS ud FROM (${source}) t WHERE t.e IS NOT NULL
    UNION ALL
    SELECT CASE WHEN t.l > t.e THEN t.l ELSE t.e END, 0, 0, t.n, t.o, 0, 0 FROM (${source}) t WHERE t.e IS NOT NULL AND t.l IS NOT NULL
    UNION ALL
    SELECT coalesce(t.l, ''), 0, 0, 0, 0, t.n, t.o FROM (${source}) t WHERE t.e IS NULL
  ) c WHERE true GROUP BY c."day"
  ON CONFLICT ("day") DO UPDATE SET
    "starts" = "EventDayCount"."starts" + excluded."starts",
    "startsDisputed" = "EventDayCount"."startsDisputed" + excluded."startsDisputed",
    "ends" = "EventDayCount"."ends" + excluded."ends",
    "endsDisputed" = "EventDayCount"."endsDisputed" + excluded."endsDisputed",
    "undated" = "EventDayCount"."undated" + excluded."undated",
    "undatedDisputed" = "EventDayCount"."undatedDisputed" + excluded."undatedDisputed";
  DELETE FROM "EventDayCount" WHERE "day" IN (SELECT t.e FROM (${source}) t UNION SELECT t.l FROM (${source}) t UNION SELECT '')
    AND "starts" = 0 AND "startsDisputed" = 0 AND "ends" = 0 AND "endsDisputed" = 0 AND "undated" = 0 AND "undatedDisputed" = 0;`;

/** 1 when the event `id` has an open dispute (an event has at most one dispute), else 0. */
export const open = (id: string) => `CASE WHEN EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = ${id} AND d."status" = 'open') THEN 1 ELSE 0 END`;
/** An event's row as it is now, with a sign: the dispute triggers count or uncount its open dispute. */
export const eventNow = (id: string, o: number) =>
  `SELECT ev."dateEarliest" AS e, ev."dateLatest" AS l, 0 AS n, ${o} AS o FROM "Event" ev WHERE ev."id" = ${id}`;

// An event is deleted before its dispute (ON DELETE CASCADE runs after the row is gone, in SQLite as in PostgreSQL),
// so its own trigger runs BEFORE the delete, while the dispute can still be seen; the dispute's trigger then finds
// no event and adds nothing.
const triggers = `
CREATE TRIGGER event_day_count_ai AFTER INSERT ON "Event" BEGIN ${tally(`SELECT new."dateEarliest" AS e, new."dateLatest" AS l, 1 AS n, ${open('new."id"')} AS o`)}
END;
CREATE TRIGGER event_day_count_bd BEFORE DELETE ON "Event" BEGIN ${tally(`SELECT old."dateEarliest" AS e, old."dateLatest" AS l, -1 AS n, -${open('old."id"')} AS o`)}
END;
CREATE TRIGGER event_day_count_au AFTER UPDATE OF "dateEarliest", "dateLatest" ON "Event"
  WHEN old."dateEarliest" IS NOT new."dateEarliest" OR old."dateLatest" IS NOT new."dateLatest" BEGIN ${tally(
    `SELECT old."dateEarliest" AS e, old."dateLatest" AS l, -1 AS n, -${open('old."id"')} AS o
     UNION ALL SELECT new."dateEarliest", new."dateLatest", 1, ${open('new."id"')}`,
  )}
END;
CREATE TRIGGER event_day_count_dispute_ai AFTER INSERT ON "Dispute" WHEN new."status" = 'open' BEGIN ${tally(eventNow('new."eventId"', 1))}
END;
CREATE TRIGGER event_day_count_dispute_ad AFTER DELETE ON "Dispute" WHEN old."status" = 'open' BEGIN ${tally(eventNow('old."eventId"', -1))}
END;
CREATE TRIGGER event_day_count_dispute_au AFTER UPDATE OF "status", "eventId" ON "Dispute"
  WHEN (old."status" = 'open' OR new."status" = 'open') AND (old."status" <> new."status" OR old."eventId" <> new."eventId") BEGIN ${tally(
    `SELECT ev."dateEarliest" AS e, ev."dateLatest" AS l, 0 AS n, -1 AS o FROM "Event" ev WHERE ev."id" = old."eventId" AND old."status" = 'open'
     UNION ALL SELECT ev."dateEarliest", ev."dateLatest", 0, 1 FROM "Event" ev WHERE ev."id" = new."eventId" AND new."status" = 'open'`,
  )}
END;
`;

/** The table as a recompute from the events gives it: one row per day that counts something. */
export const RECOMPUTED = `
  SELECT c."day", sum(c.s) AS "starts", sum(c.sd) AS "startsDisputed", sum(c.en) AS "ends", sum(c.ed) AS "endsDisputed",
         sum(c.u) AS "undated", sum(c.ud) AS "undatedDisputed" FROM (
    SELECT ev."dateEarliest" AS "day", 1 AS s, ${open('ev."id"')} AS sd, 0 AS en, 0 AS ed, 0 AS u, 0 AS ud FROM "Event" ev WHERE ev."dateEarliest" IS NOT NULL
    UNION ALL
    SELECT CASE WHEN ev."dateLatest" > ev."dateEarliest" THEN ev."dateLatest" ELSE ev."dateEarliest" END, 0, 0, 1, ${open('ev."id"')}, 0, 0
      FROM "Event" ev WHERE ev."dateEarliest" IS NOT NULL AND ev."dateLatest" IS NOT NULL
    UNION ALL
    SELECT coalesce(ev."dateLatest", ''), 0, 0, 0, 0, 1, ${open('ev."id"')} FROM "Event" ev WHERE ev."dateEarliest" IS NULL
  ) c GROUP BY c."day"`;
export const COLUMNS = `"day", "starts", "startsDisputed", "ends", "endsDisputed", "undated", "undatedDisputed"`;
const STORED = `SELECT ${COLUMNS} FROM "EventDayCount"`;

const triggerSql = new Map([...triggers.matchAll(/CREATE TRIGGER (\w+)[\s\S]*?END;/g)].map((m) => [m[1]!, m[0].slice(0, -1)]));
const collapse = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * The cheap check, run whenever the database is opened: every trigger exists with its current definition, and the
 * table holds as many events and open disputes as the tables do. [] before the migration that creates the table.
 */
export function timelineCountProblems(db: Database.Database): string[] {
  const master = new Map(
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')`).all() as { name: string; sql: string | null }[]).map((r) => [
      r.name,
      r.sql ?? '',
    ]),
  );
  if (!master.has('EventDayCount')) return [];
  const problems: string[] = [];
  const missing = [...triggerSql.keys()].filter((name) => !master.has(name));
  const outdated = [...triggerSql].filter(([name, sql]) => master.has(name) && collapse(master.get(name)!) !== collapse(sql)).map(([name]) => name);
  if (missing.length) problems.push(`timeline counts: ${missing.length} trigger(s) missing, so edits do not reach the counts: ${missing.join(', ')}`);
  if (outdated.length) problems.push(`timeline counts: trigger(s) with an outdated definition: ${outdated.join(', ')}`);
  const stored = db
    .prepare(
      `SELECT coalesce(sum("starts") + sum("undated"), 0) AS events, coalesce(sum("startsDisputed") + sum("undatedDisputed"), 0) AS open FROM "EventDayCount"`,
    )
    .get() as {
    events: number;
    open: number;
  };
  const events = (db.prepare(`SELECT count(*) AS n FROM "Event"`).get() as { n: number }).n;
  const open = (db.prepare(`SELECT count(*) AS n FROM "Dispute" WHERE "status" = 'open'`).get() as { n: number }).n;
  if (stored.events !== events || stored.open !== open)
    problems.push(`timeline counts: ${stored.events} event(s) and ${stored.open} open dispute(s) counted for ${events} and ${open}`);
  return problems;
}

/** The full check (`claimline doctor`): the cheap one, then the days whose counts differ from a recompute. */
export function timelineCountProblemsFull(db: Database.Database): string[] {
  const problems = timelineCountProblems(db);
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'EventDayCount'`).get()) return problems;
  const days = db
    .prepare(`SELECT "day" FROM (${RECOMPUTED} EXCEPT ${STORED}) UNION SELECT "day" FROM (${STORED} EXCEPT ${RECOMPUTED}) ORDER BY "day"`)
    .pluck()
    .all() as string[];
  if (days.length) {
    const shown = days.slice(0, 5).map((d) => (d === '' ? "'' (no date)" : d));
    problems.push(`timeline counts: ${days.length} day(s) counted differently from the events (${shown.join(', ')}${days.length > 5 ? ', …' : ''})`);
  }
  return problems;
}

/**
 * Creates the triggers afresh and refills the table from the events, on the caller's connection and inside the
 * caller's transaction (a kill before the commit leaves the previous state).
 */
export function installTimelineCounts(db: Database.Database): void {
  if (!db.inTransaction) throw new Error('installTimelineCounts runs inside a transaction');
  for (const name of triggerSql.keys()) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  db.exec(triggers);
  db.exec(`DELETE FROM "EventDayCount"`);
  db.exec(`INSERT INTO "EventDayCount" (${COLUMNS}) ${RECOMPUTED}`);
}

/**
 * Runs the cheap check and, when it finds a problem (or when asked), installs the triggers and refills the table in
 * one IMMEDIATE transaction. Returns the problems it repaired (none when it installed them for the first time, after
 * the migration that creates the table). Called after every migration and whenever the database is opened.
 */
export function ensureTimelineCounts(file: string, options: { rebuild?: boolean } = {}): string[] {
  if (file === ':memory:' || !existsSync(file)) return [];
  const db = new Database(file, { timeout: 10_000 });
  try {
    if (!options.rebuild && !timelineCountProblems(db).length) return [];
    db.pragma('journal_mode = WAL');
    return db
      .transaction(() => {
        // Checked again under the write lock: another process may have repaired it meanwhile.
        const problems = timelineCountProblems(db);
        // Installing them in a database that never had them (after the migration that creates the table) is no repair.
        const firstTime =
          !db.prepare(`SELECT 1 FROM "EventDayCount" LIMIT 1`).get() &&
          ![...triggerSql.keys()].some((name) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(name));
        if (problems.length || options.rebuild) installTimelineCounts(db);
        return firstTime ? [] : problems;
      })
      .immediate();
  } finally {
    db.close();
  }
}
