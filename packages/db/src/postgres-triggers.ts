// PostgreSQL's triggers: the timeline counts (EventDayCount, the same statements as SQLite's in timeline-counts.ts, in
// plpgsql trigger functions) and the actors' full-text column (names span Actor and ActorAlias, so no generated column
// can hold them). Installed by the migrator after the migrations, in its session and under its advisory lock, not in a
// migration file: a function body needs `$$` and semicolons, and the schema engine's replay of the migrations (for
// `db:migration` and the drift test) goes through adapter-pg, which cuts a script at every semicolon. Like SQLite's,
// the install is checked cheaply (a version stamp and the triggers' presence, the counts' totals) and redone, with the
// derived data refilled in the same transaction, when anything is off.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { COLUMNS, eventNow, open, RECOMPUTED, tally } from './timeline-counts.ts';

interface TriggerDef {
  name: string;
  /** The trigger's timing, event and table, and its WHEN clause if any. */
  on: string;
  body: string;
  /** What a row trigger returns: NULL after, OLD or NEW before. */
  returns: 'NULL' | 'OLD' | 'NEW';
}

/** An actor's names (its name, then its aliases) as the text its search column indexes. */
const actorNames = (id: string, name: string) =>
  `${name} || coalesce(' ' || (SELECT string_agg(al."name", ' ' ORDER BY al."id") FROM "ActorAlias" al WHERE al."actorId" = ${id}), '')`;
const actorVector = (id: string, name: string) => `setweight(to_tsvector('claimline'::regconfig, ${actorNames(id, name)}), 'A')`;
const refreshActor = (id: string) => `UPDATE "Actor" a SET "search" = ${actorVector('a."id"', 'a."name"')} WHERE a."id" = ${id};`;

const TRIGGERS: TriggerDef[] = [
  {
    name: 'event_day_count_ai',
    on: 'AFTER INSERT ON "Event"',
    body: tally(`SELECT new."dateEarliest" AS e, new."dateLatest" AS l, 1 AS n, ${open('new."id"')} AS o`),
    returns: 'NULL',
  },
  {
    name: 'event_day_count_bd',
    on: 'BEFORE DELETE ON "Event"',
    body: tally(`SELECT old."dateEarliest" AS e, old."dateLatest" AS l, -1 AS n, -${open('old."id"')} AS o`),
    returns: 'OLD',
  },
  {
    name: 'event_day_count_au',
    on: `AFTER UPDATE OF "dateEarliest", "dateLatest" ON "Event" FOR EACH ROW
         WHEN (old."dateEarliest" IS DISTINCT FROM new."dateEarliest" OR old."dateLatest" IS DISTINCT FROM new."dateLatest")`,
    body: tally(
      `SELECT old."dateEarliest" AS e, old."dateLatest" AS l, -1 AS n, -${open('old."id"')} AS o
       UNION ALL SELECT new."dateEarliest", new."dateLatest", 1, ${open('new."id"')}`,
    ),
    returns: 'NULL',
  },
  {
    name: 'event_day_count_dispute_ai',
    on: `AFTER INSERT ON "Dispute" FOR EACH ROW WHEN (new."status" = 'open')`,
    body: tally(eventNow('new."eventId"', 1)),
    returns: 'NULL',
  },
  {
    name: 'event_day_count_dispute_ad',
    on: `AFTER DELETE ON "Dispute" FOR EACH ROW WHEN (old."status" = 'open')`,
    body: tally(eventNow('old."eventId"', -1)),
    returns: 'NULL',
  },
  {
    name: 'event_day_count_dispute_au',
    on: `AFTER UPDATE OF "status", "eventId" ON "Dispute" FOR EACH ROW
         WHEN ((old."status" = 'open' OR new."status" = 'open') AND (old."status" <> new."status" OR old."eventId" <> new."eventId"))`,
    body: tally(
      `SELECT ev."dateEarliest" AS e, ev."dateLatest" AS l, 0 AS n, -1 AS o FROM "Event" ev WHERE ev."id" = old."eventId" AND old."status" = 'open'
       UNION ALL SELECT ev."dateEarliest", ev."dateLatest", 0, 1 FROM "Event" ev WHERE ev."id" = new."eventId" AND new."status" = 'open'`,
    ),
    returns: 'NULL',
  },
  // An actor's own row is set before it is written (no second update); its aliases' changes update it afterwards
  // (that update sets only "search", so it does not fire the actor's trigger again).
  {
    name: 'actor_search_biu',
    on: 'BEFORE INSERT OR UPDATE OF "name" ON "Actor"',
    body: `new."search" := ${actorVector('new."id"', 'new."name"')};`,
    returns: 'NEW',
  },
  { name: 'actor_search_alias_ai', on: 'AFTER INSERT ON "ActorAlias"', body: refreshActor('new."actorId"'), returns: 'NULL' },
  {
    name: 'actor_search_alias_au',
    on: 'AFTER UPDATE ON "ActorAlias"',
    body: `${refreshActor('old."actorId"')} ${refreshActor('new."actorId"')}`,
    returns: 'NULL',
  },
  { name: 'actor_search_alias_ad', on: 'AFTER DELETE ON "ActorAlias"', body: refreshActor('old."actorId"'), returns: 'NULL' },
];

const fn = (t: TriggerDef) => `claimline_${t.name}`;
const table = (t: TriggerDef) => /ON ("\w+")/.exec(t.on)![1]!;

const SCRIPT = TRIGGERS.map(
  (t) => `
CREATE OR REPLACE FUNCTION ${fn(t)}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
${t.body}
RETURN ${t.returns};
END
$$;
DROP TRIGGER IF EXISTS ${t.name} ON ${table(t)};
CREATE TRIGGER ${t.name} ${t.on.includes('FOR EACH ROW') ? t.on : `${t.on} FOR EACH ROW`} EXECUTE FUNCTION ${fn(t)}();`,
).join('\n');

/** Which install a database has: stamped on EventDayCount, so that a changed definition here is reinstalled. */
const STAMP = `claimline triggers ${createHash('sha256').update(SCRIPT).digest('hex').slice(0, 16)}`;

/**
 * The cheap check: the current install's stamp, every trigger present, and the counts' totals equal to the events'
 * and open disputes'. [] before the migrations that create the tables.
 */
export async function postgresTriggerProblems(client: pg.Client): Promise<string[]> {
  const ready = await client.query<{ ok: boolean }>(`SELECT to_regclass('"EventDayCount"') IS NOT NULL AND to_regclass('"ActorAlias"') IS NOT NULL
    AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'Actor' AND column_name = 'search') AS ok`);
  if (!ready.rows[0]!.ok) return [];
  const problems: string[] = [];
  const stamp = await client.query<{ c: string | null }>(`SELECT obj_description('"EventDayCount"'::regclass, 'pg_class') AS c`);
  if (stamp.rows[0]!.c !== STAMP) problems.push('triggers: not installed, or an older definition');
  const present = new Set(
    (
      await client.query<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY($1)`, [TRIGGERS.map((t) => t.name)])
    ).rows.map((r) => r.tgname),
  );
  const missing = TRIGGERS.filter((t) => !present.has(t.name)).map((t) => t.name);
  if (missing.length) problems.push(`triggers: ${missing.length} missing, so edits do not reach the counts and actor names: ${missing.join(', ')}`);
  const totals = await client.query<{ stored: number; open: number; events: number; disputes: number }>(`
    SELECT (SELECT coalesce(sum("starts") + sum("undated"), 0)::int FROM "EventDayCount") AS stored,
           (SELECT coalesce(sum("startsDisputed") + sum("undatedDisputed"), 0)::int FROM "EventDayCount") AS open,
           (SELECT count(*)::int FROM "Event") AS events, (SELECT count(*)::int FROM "Dispute" WHERE "status" = 'open') AS disputes`);
  const t = totals.rows[0]!;
  if (t.stored !== t.events || t.open !== t.disputes)
    problems.push(`timeline counts: ${t.stored} event(s) and ${t.open} open dispute(s) counted for ${t.events} and ${t.disputes}`);
  return problems;
}

/**
 * Runs the cheap check and, when it finds a problem (or when asked), installs the functions and triggers and refills
 * EventDayCount and the actors' search column in one transaction, with writers of those tables held off meanwhile.
 * Returns the problems found (none reported for a first install). `client` is the migrator's connection.
 */
export async function ensurePostgresTriggers(client: pg.Client, options: { rebuild?: boolean } = {}): Promise<string[]> {
  const problems = await postgresTriggerProblems(client);
  if (!problems.length && !options.rebuild) return [];
  const ready = await client.query<{ ok: boolean }>(`SELECT to_regclass('"EventDayCount"') IS NOT NULL AS ok`);
  if (!ready.rows[0]!.ok) return [];
  const firstTime = problems.length > 0 && !(await client.query(`SELECT 1 FROM pg_proc WHERE proname = $1`, [fn(TRIGGERS[0]!)])).rowCount;
  await client.query('BEGIN');
  try {
    await client.query(`LOCK TABLE "Event", "Dispute", "Actor", "ActorAlias" IN SHARE ROW EXCLUSIVE MODE`);
    await client.query(SCRIPT);
    await client.query(`DELETE FROM "EventDayCount"`);
    await client.query(`INSERT INTO "EventDayCount" (${COLUMNS}) ${RECOMPUTED}`);
    await client.query(`UPDATE "Actor" a SET "search" = ${actorVector('a."id"', 'a."name"')}`);
    await client.query(`COMMENT ON TABLE "EventDayCount" IS '${STAMP}'`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  return firstTime ? [] : problems;
}
