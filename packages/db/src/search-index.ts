// The SQLite full-text index (FTS5) over sources, claims, actors and events, kept in step by triggers.
// SQLite-only: a PostgreSQL deployment would use tsvector columns with GIN indexes behind the same
// `searchIndexQuery` function in search.ts. Kept out of Prisma's migrations because Prisma's schema
// engine does not model virtual tables (it would report the FTS shadow tables as drift).
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

const tokenize = `tokenize = 'unicode61 remove_diacritics 2'`;
/** FTS5's default automerge setting, put back after a rebuild. */
const FTS_AUTOMERGE = 4;

const tables = `
CREATE VIRTUAL TABLE fts_source USING fts5(title, outlet, text, content='Source', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE fts_claim USING fts5(quote, paraphrase, content='Claim', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE fts_event USING fts5(title, place, description, content='Event', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE fts_actor USING fts5(names, ${tokenize});
`;

// External-content tables need the old values to delete; actor names span two tables, so the actor row
// is rebuilt from Actor + ActorAlias whenever either changes.
const actorRow = (idExpr: string) => `
  DELETE FROM fts_actor WHERE rowid = ${idExpr};
  INSERT INTO fts_actor(rowid, names)
    SELECT a.id, a.name || coalesce(' ' || (SELECT group_concat(al.name, ' ') FROM ActorAlias al WHERE al.actorId = a.id), '')
    FROM Actor a WHERE a.id = ${idExpr};`;

const triggers = `
CREATE TRIGGER fts_source_ai AFTER INSERT ON Source BEGIN
  INSERT INTO fts_source(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text);
END;
CREATE TRIGGER fts_source_ad AFTER DELETE ON Source BEGIN
  INSERT INTO fts_source(fts_source, rowid, title, outlet, text) VALUES ('delete', old.id, old.title, old.outlet, old.text);
END;
CREATE TRIGGER fts_source_au AFTER UPDATE OF title, outlet, text ON Source BEGIN
  INSERT INTO fts_source(fts_source, rowid, title, outlet, text) VALUES ('delete', old.id, old.title, old.outlet, old.text);
  INSERT INTO fts_source(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text);
END;
CREATE TRIGGER fts_claim_ai AFTER INSERT ON Claim BEGIN
  INSERT INTO fts_claim(rowid, quote, paraphrase) VALUES (new.id, new.quote, new.paraphrase);
END;
CREATE TRIGGER fts_claim_ad AFTER DELETE ON Claim BEGIN
  INSERT INTO fts_claim(fts_claim, rowid, quote, paraphrase) VALUES ('delete', old.id, old.quote, old.paraphrase);
END;
CREATE TRIGGER fts_claim_au AFTER UPDATE OF quote, paraphrase ON Claim BEGIN
  INSERT INTO fts_claim(fts_claim, rowid, quote, paraphrase) VALUES ('delete', old.id, old.quote, old.paraphrase);
  INSERT INTO fts_claim(rowid, quote, paraphrase) VALUES (new.id, new.quote, new.paraphrase);
END;
CREATE TRIGGER fts_event_ai AFTER INSERT ON Event BEGIN
  INSERT INTO fts_event(rowid, title, place, description) VALUES (new.id, new.title, new.place, new.description);
END;
CREATE TRIGGER fts_event_ad AFTER DELETE ON Event BEGIN
  INSERT INTO fts_event(fts_event, rowid, title, place, description) VALUES ('delete', old.id, old.title, old.place, old.description);
END;
CREATE TRIGGER fts_event_au AFTER UPDATE OF title, place, description ON Event BEGIN
  INSERT INTO fts_event(fts_event, rowid, title, place, description) VALUES ('delete', old.id, old.title, old.place, old.description);
  INSERT INTO fts_event(rowid, title, place, description) VALUES (new.id, new.title, new.place, new.description);
END;
CREATE TRIGGER fts_actor_ai AFTER INSERT ON Actor BEGIN ${actorRow('new.id')} END;
CREATE TRIGGER fts_actor_au AFTER UPDATE OF name ON Actor BEGIN ${actorRow('new.id')} END;
CREATE TRIGGER fts_actor_ad AFTER DELETE ON Actor BEGIN DELETE FROM fts_actor WHERE rowid = old.id; END;
CREATE TRIGGER fts_alias_ai AFTER INSERT ON ActorAlias BEGIN ${actorRow('new.actorId')} END;
CREATE TRIGGER fts_alias_au AFTER UPDATE ON ActorAlias BEGIN ${actorRow('old.actorId')} ${actorRow('new.actorId')} END;
CREATE TRIGGER fts_alias_ad AFTER DELETE ON ActorAlias BEGIN ${actorRow('old.actorId')} END;
`;

/** name → CREATE statement, as SQLite keeps it in sqlite_master (compared with whitespace collapsed). */
const statements = (sql: string, kind: string) =>
  new Map([...sql.matchAll(new RegExp(`CREATE ${kind} (\\w+)[\\s\\S]*?(?=;\\n(?:CREATE|$))`, 'g'))].map((m) => [m[1]!, m[0]]));
const tableSql = statements(tables, 'VIRTUAL TABLE');
const triggerSql = statements(triggers, 'TRIGGER');
const collapse = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** Each index table, the table it indexes, and what a user searches there. */
const INDEXED = [
  { fts: 'fts_source', table: 'Source', what: 'sources' },
  { fts: 'fts_claim', table: 'Claim', what: 'claims' },
  { fts: 'fts_event', table: 'Event', what: 'events' },
  { fts: 'fts_actor', table: 'Actor', what: 'actors' },
] as const;

const NOT_INSTALLED = 'search index: not installed (no full-text tables)';

const ACTOR_NAMES = `a.name || coalesce(' ' || (SELECT group_concat(al.name, ' ') FROM ActorAlias al WHERE al.actorId = a.id), '')`;

/**
 * The cheap check, run whenever a command or the editor opens the database: the index tables and every
 * trigger exist with the current definitions, and each index holds one entry per row of its table.
 * Reads sqlite_master and row counts only. Returns one line per problem; [] when the database has not
 * been migrated yet (the migration creates the index).
 */
export function searchIndexProblems(db: Database.Database): string[] {
  const master = new Map(
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')`).all() as { name: string; sql: string | null }[]).map((r) => [
      r.name,
      r.sql ?? '',
    ]),
  );
  if (!INDEXED.every((i) => master.has(i.table))) return [];
  if (![...tableSql.keys()].some((name) => master.has(name))) return [NOT_INSTALLED];
  const problems: string[] = [];
  const compare = (defs: Map<string, string>) => {
    const names = [...defs.keys()];
    return {
      missing: names.filter((name) => !master.has(name)),
      outdated: names.filter((name) => master.has(name) && collapse(master.get(name)!) !== collapse(defs.get(name)!)),
    };
  };
  const t = compare(tableSql);
  const g = compare(triggerSql);
  if (t.missing.length) problems.push(`search index: table(s) missing: ${t.missing.join(', ')}`);
  if (t.outdated.length) problems.push(`search index: table(s) with an outdated definition: ${t.outdated.join(', ')}`);
  if (g.missing.length) problems.push(`search index: ${g.missing.length} trigger(s) missing, so edits do not reach the index: ${g.missing.join(', ')}`);
  if (g.outdated.length) problems.push(`search index: trigger(s) with an outdated definition: ${g.outdated.join(', ')}`);
  for (const { fts, table, what } of INDEXED) {
    if (!master.has(`${fts}_docsize`)) continue;
    const rows = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const indexed = (db.prepare(`SELECT count(*) AS n FROM "${fts}_docsize"`).get() as { n: number }).n;
    if (rows !== indexed) problems.push(`search index: ${fts} holds ${indexed} entries for ${rows} ${what}`);
  }
  return problems;
}

/**
 * The full check (`claimline doctor`): the cheap one, then FTS5's own integrity check of each index
 * against its table (it finds entries that disagree with the text they index), and the actor index
 * against the actors' names and aliases.
 */
export function searchIndexProblemsFull(db: Database.Database): string[] {
  const problems = searchIndexProblems(db);
  if (problems.length) return problems;
  const present = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
  if (!INDEXED.every((i) => present.has(i.table) && present.has(i.fts))) return problems;
  for (const { fts, what } of INDEXED) {
    try {
      db.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (e) {
      // FTS5 reports an index that disagrees with its table as corruption; anything else is a real error.
      if (!/^SQLITE_CORRUPT/.test((e as { code?: string }).code ?? '')) throw e;
      problems.push(`search index: ${fts} does not match the ${what} it indexes`);
    }
  }
  const stale = (
    db.prepare(`SELECT count(*) AS n FROM Actor a LEFT JOIN fts_actor f ON f.rowid = a.id WHERE f.names IS NOT ${ACTOR_NAMES}`).get() as { n: number }
  ).n;
  if (stale) problems.push(`search index: fts_actor has stale names for ${stale} actor(s)`);
  return problems;
}

/**
 * Creates the index tables and triggers afresh (dropping older definitions) and rebuilds every index from
 * its table, on the caller's connection and inside the caller's transaction: a kill before the commit
 * leaves the previous state, never a half-built index.
 */
export function installSearchIndex(db: Database.Database): void {
  if (!db.inTransaction) throw new Error('installSearchIndex runs inside a transaction');
  for (const name of triggerSql.keys()) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  const present = new Map(
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'fts\\_%' ESCAPE '\\'`).all() as { name: string; sql: string }[]).map(
      (r) => [r.name, r.sql],
    ),
  );
  for (const [name, sql] of tableSql) {
    if (present.has(name) && collapse(present.get(name)!) !== collapse(sql)) db.exec(`DROP TABLE ${name}`);
    if (!present.has(name) || collapse(present.get(name)!) !== collapse(sql)) db.exec(sql);
  }
  db.exec(triggers);
  // Rebuilt without merging segments as they pile up, then merged once into one (fewer passes over the
  // postings than the incremental merges, and the index ends fully merged); later edits merge as usual.
  for (const t of ['fts_source', 'fts_claim', 'fts_event']) {
    db.exec(`INSERT INTO ${t}(${t}, rank) VALUES ('automerge', 0)`);
    db.exec(`INSERT INTO ${t}(${t}) VALUES ('rebuild')`);
    db.exec(`INSERT INTO ${t}(${t}) VALUES ('optimize')`);
    db.exec(`INSERT INTO ${t}(${t}, rank) VALUES ('automerge', ${FTS_AUTOMERGE})`);
  }
  db.exec('DELETE FROM fts_actor');
  db.exec(`INSERT INTO fts_actor(rowid, names) SELECT a.id, ${ACTOR_NAMES} FROM Actor a`);
}

export interface EnsureOptions {
  /** Rebuild even when the cheap check finds nothing (after a load that bypassed the triggers). */
  rebuild?: boolean;
}

/**
 * Runs the cheap check and, when it finds a problem (or when asked), installs and rebuilds the index in one
 * IMMEDIATE transaction. Returns the problems it repaired (none when it installed the index for the first
 * time). Called after every migration (SQLite drops a table's triggers when a migration redefines the table)
 * and whenever the database is opened, so an index left behind by a crash or an older version is repaired
 * before anyone searches or edits.
 */
export function ensureSearchIndex(file: string, options: EnsureOptions = {}): string[] {
  if (file === ':memory:' || !existsSync(file)) return [];
  const db = new Database(file, { timeout: 10_000 });
  try {
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Source'`).get()) return [];
    if (!options.rebuild && !searchIndexProblems(db).length) return [];
    db.pragma('journal_mode = WAL');
    return db
      .transaction(() => {
        // Checked again under the write lock: another process may have repaired it meanwhile.
        const problems = searchIndexProblems(db);
        if (problems.length || options.rebuild) installSearchIndex(db);
        // Installing it in a database that never had one (after the first migration) is no repair.
        return problems[0] === NOT_INSTALLED ? [] : problems;
      })
      .immediate();
  } finally {
    db.close();
  }
}
